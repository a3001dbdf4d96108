"""Send-rate limits: a US long code carries about one segment a second. A text over the limit waits
in the outbox for its number's next slot (never dropped, in order), one busy number never holds up
another, and an optional per-account limit spreads an account's numbers. The simulator, with no
carrier behind it, is not limited; these tests use the scripted transport, which is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.world import JEN, REYES_NUMBER
from textback.core import jobs, outbox, sendrate
from textback.core.models import Message, PhoneNumber, SendSlot

pytestmark = pytest.mark.usefixtures("tuesday_morning")

OTHER_NUMBER = "+13125550111"


def queue(number, body="On our way", to=JEN):
    return outbox.queue(business=number.business, number=number, to=to, body=body, kind=Message.OWNER)


def statuses(*messages):
    for message in messages:
        message.refresh_from_db()
    return [m.status for m in messages]


def _number():
    """Reyes Plumbing's main number, on the scripted transport (the `scripted` fixture)."""
    return PhoneNumber.objects.get(number=REYES_NUMBER)


@pytest.fixture
def second_number(scripted, reyes):
    return PhoneNumber.objects.create(business=reyes, number=OTHER_NUMBER, provider="scripted")


def test_a_second_text_in_the_same_second_waits_for_the_numbers_next_slot(scripted, later):
    first, second = queue(_number()), queue(_number())
    jobs.run_ready()
    assert statuses(first, second) == [Message.SENT, Message.QUEUED]
    later(seconds=1)
    jobs.run_ready()
    assert statuses(first, second) == [Message.SENT, Message.SENT]
    assert second.first_attempt_at - first.first_attempt_at == timedelta(seconds=1)


def test_a_long_text_holds_the_number_one_second_per_segment(scripted, later):
    long = queue(_number(), body="x" * 400)  # 3 segments
    short = queue(_number())
    jobs.run_ready()
    later(seconds=2)
    jobs.run_ready()
    assert statuses(long, short) == [Message.SENT, Message.QUEUED]
    later(seconds=1)
    jobs.run_ready()
    assert statuses(long, short) == [Message.SENT, Message.SENT]


def test_a_backlog_drains_at_the_rate_in_order_and_nothing_is_dropped(scripted, later):
    backlog = [queue(_number(), body=f"text {n}") for n in range(6)]
    jobs.run_ready()
    for second in range(1, 6):
        later(seconds=1)
        jobs.run_ready()
        assert statuses(*backlog).count(Message.SENT) == second + 1
    assert scripted.sent == [f"text {n}" for n in range(6)]


def test_one_busy_number_does_not_hold_up_another(scripted, second_number):
    backlog = [queue(_number(), body=f"text {n}") for n in range(5)]
    other = queue(second_number, body="from the other line")
    jobs.run_ready()
    assert statuses(other) == [Message.SENT]
    assert statuses(*backlog).count(Message.SENT) == 1


def test_the_account_limit_spreads_the_accounts_numbers(settings, scripted, second_number, later):
    settings.SEND_RATE_PER_ACCOUNT = 1
    first, other = queue(_number()), queue(second_number)
    jobs.run_ready()
    assert statuses(first, other) == [Message.SENT, Message.QUEUED]
    later(seconds=1)
    jobs.run_ready()
    assert statuses(other) == [Message.SENT]


def test_numbers_under_different_accounts_do_not_share_an_account_limit(settings, scripted, second_number):
    settings.SEND_RATE_PER_ACCOUNT = 1
    second_number.account_sid = "AC" + "c3" * 16
    second_number.save()
    first, other = queue(_number()), queue(second_number)
    jobs.run_ready()
    assert statuses(first, other) == [Message.SENT, Message.SENT]


def test_a_higher_rate_lets_more_through_and_zero_turns_the_limit_off(settings, scripted, later):
    settings.SEND_RATE_PER_NUMBER = 2
    pair = [queue(_number()), queue(_number()), queue(_number())]
    jobs.run_ready()
    assert statuses(*pair) == [Message.SENT, Message.QUEUED, Message.QUEUED]
    later(seconds=0.5)
    jobs.run_ready()
    assert statuses(*pair) == [Message.SENT, Message.SENT, Message.QUEUED]
    settings.SEND_RATE_PER_NUMBER = 0
    burst = [queue(_number()) for _ in range(5)]
    jobs.run_ready()
    assert set(statuses(*burst)) == {Message.SENT}


def test_a_backlog_longer_than_the_give_up_time_gives_up_with_the_reason(settings, scripted, later):
    settings.SEND_GIVE_UP_SECONDS = 3
    backlog = [queue(_number(), body=f"text {n}") for n in range(5)]
    for _ in range(5):
        jobs.run_ready()
        later(seconds=1)
    assert statuses(*backlog) == [Message.SENT] * 3 + [Message.GIVEN_UP] * 2
    assert "this number's send rate had a backlog past the give-up time" in backlog[-1].error


def test_the_limit_costs_one_statement_per_text_on_postgresql_and_two_on_sqlite_when_the_number_is_idle(
    settings, scripted, later
):
    def queries_to_send():
        message = queue(_number())
        job = jobs.claim_next("test")
        with CaptureQueriesContext(connection) as captured:
            jobs.Worker("test").run_task(job)
        assert statuses(message) == [Message.SENT]
        later(seconds=5)
        return len(captured)

    queries_to_send()  # the slot's row is created once
    limited = queries_to_send()
    settings.SEND_RATE_PER_NUMBER = 0
    unlimited = queries_to_send()
    # PostgreSQL: one INSERT ... ON CONFLICT DO UPDATE; SQLite: the row read, then saved.
    assert limited - unlimited == {"postgresql": 1}.get(connection.vendor, 2)


# take_slot itself, on whichever database the suite runs: one upsert on PostgreSQL (and a read when
# it may not be taken), the read under a lock and a save elsewhere; the same answers either way.


def slot_free_at(key):
    return SendSlot.objects.get(key=key).free_at


def test_a_new_slot_is_taken_now_and_held_for_its_seconds(db, later):
    now = later(seconds=0)
    assert sendrate.take_slot("number:+1", 2.5, now, now + timedelta(minutes=1)) == now
    assert slot_free_at("number:+1") == now + timedelta(seconds=2.5)


def test_an_idle_slot_is_taken_now_and_a_busy_one_from_when_it_is_free(db, later):
    now = later(seconds=0)
    deadline = now + timedelta(minutes=1)
    SendSlot.objects.create(key="number:+1", free_at=now - timedelta(seconds=30))
    assert sendrate.take_slot("number:+1", 1, now, deadline) == now
    assert sendrate.take_slot("number:+1", 1.5, now, deadline) == now + timedelta(seconds=1)
    assert slot_free_at("number:+1") == now + timedelta(seconds=2.5)


def test_only_now_takes_nothing_from_a_busy_slot_and_says_when_it_is_free(db, later):
    now = later(seconds=0)
    SendSlot.objects.create(key="account:x", free_at=now + timedelta(seconds=3))
    assert sendrate.take_slot("account:x", 1, now, now + timedelta(minutes=1), only_now=True) == now + timedelta(seconds=3)
    assert slot_free_at("account:x") == now + timedelta(seconds=3)
    assert sendrate.take_slot("account:x", 1, now + timedelta(seconds=3), now + timedelta(minutes=1), only_now=True) == (
        now + timedelta(seconds=3)
    )
    assert slot_free_at("account:x") == now + timedelta(seconds=4)


def test_a_slot_free_only_at_or_past_the_deadline_is_not_taken(db, later):
    now = later(seconds=0)
    SendSlot.objects.create(key="number:+1", free_at=now + timedelta(seconds=10))
    for only_now in (False, True):
        assert sendrate.take_slot("number:+1", 1, now, now + timedelta(seconds=10), only_now=only_now) is None
        assert slot_free_at("number:+1") == now + timedelta(seconds=10)
    assert sendrate.take_slot("number:+1", 1, now, now + timedelta(seconds=10, microseconds=1)) == now + timedelta(seconds=10)

