"""Counts the SQL queries of one missed call, in-process against the bench database: the voice
webhook, the dial webhook, and the worker's side (claim + deliver + record the result). Each count
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

from load import dial_params, voice_params  # noqa: E402
from textback.core import jobs  # noqa: E402


CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


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
    validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
    client = Client()
    host = settings.PUBLIC_URL.split("://", 1)[1]

    def post(path, params):
        signature = validator.compute_signature(settings.PUBLIC_URL + path, params)
        response = client.post(path, urlencode(params), content_type="application/x-www-form-urlencoded",
                               HTTP_X_TWILIO_SIGNATURE=signature, HTTP_HOST=host)
        assert response.status_code == 200, (path, response.status_code)

    counts, sql = {}, []
    for n, (number, caller) in enumerate(pairs):  # the first call warms up; the last is counted
        call_sid = f"CAqueries{n:024d}"
        spec = {"account_sid": settings.TWILIO_ACCOUNT_SID, "to": number}
        steps = [
            ("voice_webhook", lambda: post("/twilio/voice", voice_params(spec, call_sid, caller))),
            ("dial_webhook", lambda: post("/twilio/voice/dial", dial_params(spec, call_sid, caller))),
            ("worker_job", lambda: jobs.Worker("bench-queries").run_task(jobs.claim_next("bench-queries"))),
        ]
        for name, step in steps:
            with CaptureQueriesContext(connection) as captured:
                step()
            statements = [q["sql"] for q in captured.captured_queries]
            counts[name] = len([q for q in statements if not q.startswith(CONTROL)])
            counts[name + "_with_transaction_control"] = len(statements)
            if n == len(pairs) - 1:
                sql += [f"-- {name}"] + [q["sql"] for q in captured.captured_queries]
    if log_path:
        with open(log_path, "w") as f:
            f.write("\n".join(sql) + "\n")
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
