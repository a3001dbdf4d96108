"""Queries per webhook and per sent text, pinned: a regression (a query per row, a lost
select_related) fails here before it shows up in a benchmark."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from textback.core import clock, jobs
from textback.core.models import Message

# Measured when pinned, BEGIN/COMMIT/SAVEPOINT included, once the number has had a webhook in the process (the
# first fills the per-process cache of numbers, core/lookups.py); raise only with a reason in the
# commit message. History: dial 18 / send 22 -> 12 / 14 (the call locked and saved once, the contact
# one upsert, the claim one UPDATE ... RETURNING); dial 13 (issue 11: the call's row read first, so the
# signature is checked with the token of the account that owns the call's number); dial 14, send 17
# (19 -> 22 on SQLite) (issue 14: the business's webhook endpoints looked up where call.missed and
# textback.sent happen, the text-back's "sent" saved in one transaction with its event).
# Issue 16: every webhook reads its number and business from the per-process cache, checked with one
# single-row SELECT of the cache's version instead of the number-and-business join (voice stays 4:
# the SELECT, and the call's INSERT in its SAVEPOINT); a status callback is the version and one
# statement on the text (an UPDATE for "delivered", an EXISTS for "sent"), where it was a read of the
# text, a read of the number and a save (3); the final status of a call already decided is the
# version and one UPDATE (it was the call read, read again under a lock, and saved: 5).
# Then (issue 16, CPU per missed call): a business's webhook endpoints come from the same cache (the
# version read instead of a query), the dial result reads the call's row alone (the number and its
# business are the webhook's), a first-time caller's contact upsert says it was new, so no open
# conversation or cooldown is looked for (PostgreSQL), the send reads its number from the cache and
# takes its send slot in one INSERT ... ON CONFLICT DO UPDATE (PostgreSQL; it was a locked read, then
# an UPDATE, or a SAVEPOINT, INSERT and RELEASE for a new slot); the call's final status and the
# status callbacks keep their counts, now as raw SQL. Dial 14 -> 12 (13 on SQLite), send 17 -> 14
# (22 -> 20 on SQLite), measured with the number's first call made in full first, so what a busy
# process has cached is cached. Then the version is read once per webhook and once per send
# (lookups.one_read: the events' endpoints no longer read it again), and a first-time caller's
# text-back does not ask whether the number was ever texted (its contact is new): dial 12 -> 10
# (13 -> 12 on SQLite), send 14 -> 13 (20 -> 19).
VOICE_WEBHOOK_MAX = 4
DIAL_WEBHOOK_MAX = {"postgresql": 10, "sqlite": 12}
CALL_STATUS_MAX = 2
SEND_MAX = {"postgresql": 13, "sqlite": 19}
STATUS_CALLBACK_MAX = 2  # the version, and the one statement on the text
# Telnyx's "finalized" names the text by its id only: it is read (for the number that signs) and saved.
STATUS_CALLBACK_MAX_BY_PROVIDER = {"telnyx": 3}


def queries(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def missed_call(carrier, call, caller):
    return [
        lambda: carrier.ring(call, caller, Caller=caller),
        lambda: carrier.dial("no_answer", call, caller, Caller=caller),
        lambda: carrier.status("completed", call, caller, Caller=caller),
        jobs.run_ready,
    ]


def status_callback(carrier, text, status):
    return carrier.delivery(text, status)


def test_the_missed_call_path_stays_within_its_query_budget(carrier, tuesday_morning):
    for step in missed_call(carrier, 0, "+13125550177"):  # the number's first call in this process
        step()
    clock.advance_to(tuesday_morning + timedelta(seconds=2))  # past the number's send slot
    voice, dial, status, send = (queries(step) for step in missed_call(carrier, 1, "+13125550101"))
    text = Message.objects.get(kind=Message.TEXTBACK, to_number="+13125550101")
    assert text.status == Message.SENT
    sent = queries(lambda: status_callback(carrier, text, "sent"))
    delivered = queries(lambda: status_callback(carrier, text, "delivered"))
    text.refresh_from_db()
    assert text.status == Message.DELIVERED
    print(f"queries on {carrier.name}: voice webhook {voice}, dial webhook {dial}, call status {status}, "
          f"send {send}, sent callback {sent}, delivered callback {delivered}")
    assert voice <= VOICE_WEBHOOK_MAX
    assert dial <= DIAL_WEBHOOK_MAX[connection.vendor]
    assert status <= CALL_STATUS_MAX
    assert send <= SEND_MAX[connection.vendor]
    most = STATUS_CALLBACK_MAX_BY_PROVIDER.get(carrier.name, STATUS_CALLBACK_MAX)
    assert sent <= most and delivered <= most
