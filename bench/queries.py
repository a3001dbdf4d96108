"""Counts the SQL queries of one missed call, in-process against the bench database: the voice
webhook, the dial webhook, the call's final status, the worker's side (claim + deliver + record the
result), and the text's "sent" and "delivered" status callbacks. Each count
leaves out BEGIN/COMMIT/SAVEPOINT; the *_with_transaction_control counts include them.

Run by bench/run.py after the load, with the same environment as the server (the same
DATABASE_URL, TEXTBACK_PUBLIC_URL, TWILIO_*), while the fake Twilio API is still up and the bench
workers are stopped. Prints one JSON object; with --log FILE, writes the SQL there.

    python bench/queries.py OWNER_CELL NUMBER CALLER NUMBER CALLER --log FILE
"""

import io
import json
import os
import sys
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "textback.settings")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from load import sequence  # noqa: E402
from textback.core import jobs  # noqa: E402
from textback.core.models import Message  # noqa: E402


CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def missed_call_steps(client, public_url, auth_token, account_sid, number, call_sid, caller, worker_id, host=None):
    """One missed call in this process, as named steps: its webhooks through Django's test client,
    signed as Twilio signs them, the worker's job for the text, then the text's status callbacks."""
    validator = RequestValidator(auth_token)
    extra = {"HTTP_HOST": host} if host else {}

    def post(path, params):
        signature = validator.compute_signature(public_url + path, params)
        response = client.post(path, urlencode(params), content_type="application/x-www-form-urlencoded",
                               HTTP_X_TWILIO_SIGNATURE=signature, **extra)
        assert response.status_code == 200, (path, response.status_code, response.content)

    sent = {}

    def find_text():  # a step of the bench's own, not counted (its name starts with "_")
        text = Message.objects.get(call__provider_call_id=call_sid, kind=Message.TEXTBACK)
        sent.update(id=text.id, sid=text.provider_message_id)

    def status_callback(status):
        post(f"/twilio/sms/status?message={sent['id']}", {
            "AccountSid": account_sid, "ApiVersion": "2010-04-01", "From": number, "MessageSid": sent["sid"],
            "MessageStatus": status, "SmsSid": sent["sid"], "SmsStatus": status, "To": caller})

    voice, dial, status = sequence(account_sid, call_sid, caller, number)
    return [
        ("voice_webhook", lambda: post(voice[1], voice[2])),
        ("dial_webhook", lambda: post(dial[1], dial[2])),
        ("call_status_webhook", lambda: post(status[1], status[2])),
        ("worker_job", lambda: jobs.Worker(worker_id).run_task(jobs.claim_next(worker_id))),
        ("_find_text", find_text),
        ("sent_callback", lambda: status_callback("sent")),
        ("delivered_callback", lambda: status_callback("delivered")),
    ]


def run_counted(step):
    """Run a step; (statements without BEGIN/COMMIT/SAVEPOINT, the SQL of every statement)."""
    with CaptureQueriesContext(connection) as captured:
        step()
    sql = [q["sql"] for q in captured.captured_queries]
    return len([q for q in sql if not q.startswith(CONTROL)]), sql


def main():
    """queries.py OWNER_CELL NUMBER CALLER [NUMBER CALLER ...] [--log FILE]: each call goes to its own
    fresh business number, so no send-rate limit defers its text. The last call is the one counted."""
    args = sys.argv[1:]
    log_path = None
    if "--log" in args:
        log_path = args[args.index("--log") + 1]
        args = args[: args.index("--log")]
    owner_cell, pairs = args[0], list(zip(args[1::2], args[2::2]))
    for n, (number, _) in enumerate(pairs):
        call_command("business", "create", "--name", f"Bench Queries {n}", "--number", number,
                     "--owner-cell", owner_cell, "--provider", "twilio", stdout=io.StringIO())
    client, host = Client(), settings.PUBLIC_URL.split("://", 1)[1]
    counts, sql = {}, []
    for n, (number, caller) in enumerate(pairs):  # the first call warms up; the last is counted
        steps = missed_call_steps(client, settings.PUBLIC_URL, settings.TWILIO_AUTH_TOKEN, settings.TWILIO_ACCOUNT_SID,
                                  number, f"CAqueries{n:024d}", caller, "bench-queries", host=host)
        for name, step in steps:
            if name.startswith("_"):
                step()
                continue
            counts[name], statements = run_counted(step)
            counts[name + "_with_transaction_control"] = len(statements)
            if n == len(pairs) - 1:
                sql += [f"-- {name}"] + statements
    if log_path:
        with open(log_path, "w") as f:
            f.write("\n".join(sql) + "\n")
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
