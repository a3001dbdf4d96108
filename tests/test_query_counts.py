"""Queries per webhook and per sent text, pinned: a regression (a query per row, a lost
select_related) fails here before it shows up in a benchmark."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from textback.core import jobs
from textback.core.models import Message
from textback.twilio.tests.payloads import DIAL, VOICE, payload

# Measured when pinned, BEGIN/COMMIT/SAVEPOINT included (PostgreSQL: voice 4, dial 12, send 14 incl.
# the job's claim and result; SQLite claims through the ORM in a transaction of its own: send 19);
# raise only with a reason in the commit message. Down from dial 18 / send 22: the dial webhook
# locks the call once and saves it once, the contact is one upsert, the claim one UPDATE ... RETURNING.
# Dial 12 -> 13 (issue 11): the call's row is read first, so that the signature is checked with the
# token of the account that owns the call's number and no other (the voice webhook's lookup of its
# number only moved before the check).
# Dial 13 -> 14, send 14 -> 17 (19 -> 22) (issue 14, outgoing webhooks): the business's webhook
# endpoints are looked up where call.missed and textback.sent happen (one SELECT each), and the
# text-back's "sent" is saved in one transaction with its textback.sent event (its SAVEPOINT and
# RELEASE here, inside the test's transaction; BEGIN/COMMIT in production, not counted).
VOICE_WEBHOOK_MAX = 4
DIAL_WEBHOOK_MAX = 14
SEND_MAX = {"postgresql": 17, "sqlite": 22}

def queries(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_the_missed_call_path_stays_within_its_query_budget(twilio, reyes_number, fake_twilio, tuesday_morning):
    voice = queries(lambda: twilio.post(VOICE, payload("voice_incoming_call")))
    dial = queries(lambda: twilio.post(DIAL, payload("voice_dial_no_answer")))
    send = queries(jobs.run_ready)
    assert Message.objects.get(kind=Message.TEXTBACK).status == Message.SENT
    print(f"queries: voice webhook {voice}, dial webhook {dial}, send {send}")
    assert voice <= VOICE_WEBHOOK_MAX
    assert dial <= DIAL_WEBHOOK_MAX
    assert send <= SEND_MAX[connection.vendor]
