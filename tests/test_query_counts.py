"""Queries per webhook and per sent text, pinned: a regression (a query per row, a lost
select_related) fails here before it shows up in a benchmark."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from textback.core import jobs
from textback.core.models import Message
from textback.twilio.tests.payloads import DIAL, VOICE, payload

# Measured when pinned (PostgreSQL: voice 4, dial 18, send 22 incl. the job claim and result);
# raise only with a reason in the commit message.
VOICE_WEBHOOK_MAX = 4
DIAL_WEBHOOK_MAX = 18
SEND_MAX = 22  # 20, then +2 (SAVEPOINT/RELEASE): the "sent" update became one transaction


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
    assert send <= SEND_MAX
