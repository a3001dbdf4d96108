"""The send-rate limits: how fast a sending number, and a provider account, may send.

Each sending number (and, when TEXTBACK_SEND_RATE_PER_ACCOUNT is set, each provider account) has a
SendSlot row: the moment it may send its next segment. A message takes its number's next slot
(in the future when the number is busy) and is deferred to it, so a backlog drains in order at
the configured rate without waking every waiting message each time; an account slot is taken
only at the moment of sending, so one busy number never holds up the account's other numbers.
On PostgreSQL the common case is one statement on the slot's row (take_slot_upsert).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from textback.core.models import SendSlot


@dataclass
class Wait:
    """Why a message may not be sent now: it waits `until` its slot, or, when that is None, its
    slot is past its give-up time and `gave_up` says so."""

    until: object
    waiting: str
    gave_up: str


def wait(message, number, now, slot_taken):
    """None when the message may be sent now (its slots taken, in the caller's transaction), else
    a Wait. `slot_taken`: this run was deferred to the number's slot it already holds."""
    cost = max(1, message.segments)
    rate = settings.SEND_RATE_PER_NUMBER
    if rate > 0 and not slot_taken:
        start = take_slot(f"number:{number.number}", cost / rate, now, message.give_up_at)
        if start is None or start > now:
            return Wait(start, "waiting for the number's send slot", "not sent in time: this number's send rate had a "
                        f"backlog past the give-up time (TEXTBACK_SEND_RATE_PER_NUMBER={rate:g})")
    rate = settings.SEND_RATE_PER_ACCOUNT
    if rate > 0:
        start = take_slot(f"account:{message.provider}:{number.account_sid or 'default'}", cost / rate, now,
                          message.give_up_at, only_now=True)
        if start is None or start > now:  # nothing taken: try again when the account is free
            return Wait(start, "waiting for the account's send slot", "not sent in time: the account's send rate had a "
                        f"backlog past the give-up time (TEXTBACK_SEND_RATE_PER_ACCOUNT={rate:g})")
    return None


def take_slot(key, seconds, now, deadline, only_now=False):
    """Take the slot `key` for `seconds` from its next free moment; return that moment (None when
    it is past `deadline`, nothing taken). only_now: take it only when it is free now."""
    if connection.vendor == "postgresql":
        return take_slot_upsert(key, seconds, now, deadline, only_now)
    # SQLite keeps datetimes as text: GREATEST(free_at, now) + seconds has no exact equivalent
    # there (julianday() is a float), and its one writer at a time makes the row lock moot.
    return take_slot_locked(key, seconds, now, deadline, only_now)


def take_slot_upsert(key, seconds, now, deadline, only_now):
    """take_slot in one statement (raw SQL: it runs for every text sent, and the ORM's compile of
    the read, savepoint and write cost more than the database did): the slot inserted, or moved on
    when it may be taken; ON CONFLICT locks the row either way. Only when it may not is it read."""
    table, length = connection.ops.quote_name(SendSlot._meta.db_table), timedelta(seconds=seconds)
    free_now = " AND slot.free_at <= %s" if only_now else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS slot (key, free_at) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE"
            f" SET free_at = GREATEST(slot.free_at, %s) + %s WHERE GREATEST(slot.free_at, %s) < %s{free_now}"
            " RETURNING slot.free_at",
            [key, now + length, now, length, now, deadline] + ([now] if only_now else []),
        )
        taken = cursor.fetchone()
        if taken is not None:
            return taken[0] - length
        cursor.execute(f"SELECT free_at FROM {table} WHERE key = %s", [key])
        start = max(cursor.fetchone()[0], now)
    return None if start >= deadline else start  # past the deadline, or (only_now) busy until start


def take_slot_locked(key, seconds, now, deadline, only_now):
    slot = SendSlot.objects.select_for_update().filter(key=key).first()
    if slot is None:
        try:
            with transaction.atomic():
                SendSlot.objects.create(key=key, free_at=now + timedelta(seconds=seconds))
            return now
        except IntegrityError:  # another worker created it first
            slot = SendSlot.objects.select_for_update().get(key=key)
    start = max(slot.free_at, now)
    if start >= deadline:
        return None
    if only_now and start > now:
        return start
    slot.free_at = start + timedelta(seconds=seconds)
    slot.save(update_fields=["free_at"])
    return start


