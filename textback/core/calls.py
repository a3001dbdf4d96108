"""A call's life, whatever provider carried it: started -> answered or missed -> ended.

Provider webhooks translate their events into these functions. Each is idempotent and safe under
retries, duplicates and out-of-order delivery: a call's outcome is decided once, under a row lock.
"""

import logging

from contextlib import nullcontext

from django.db import IntegrityError, connection, transaction

from textback.core import clock, phones, textback_policy
from textback.core.models import Call, insert, one, save_fields
from textback.hooks import events as hooks

log = logging.getLogger("textback.calls")

# Why a call counts as missed, in words the owner reads on the calls page (Call.missed_reason
# holds 40 characters).
NO_ANSWER, BUSY, FAILED, HUNG_UP = "no answer", "line busy", "call failed", "caller hung up while it rang"
DECLINED, FORWARDED = "not accepted (voicemail or declined)", "forwarded by the owner's phone"


def started(number, provider, call_id, from_number):
    """Record an incoming call (or find it again when the provider retries the webhook)."""
    try:
        caller = phones.textable(from_number)
    except phones.NotTextable:
        caller = ""
    try:
        # One INSERT, in a transaction only when already inside one (a savepoint, so a duplicate
        # does not break it): a transaction of its own would cost a BEGIN and a COMMIT on every call.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            return insert(Call(
                business=number.business, phone_number=number, provider=provider, provider_call_id=call_id,
                from_number=from_number[:64], caller=caller, status="ringing", started_at=clock.now(),
            ))
    except IntegrityError:
        return Call.objects.get(provider=provider, provider_call_id=call_id)


class OnAnotherNumber(Exception):
    """A provider's callback about one of our calls, verified with the account of another number
    than the call's: the webhook refuses it (403) and nothing changes."""


ANY = object()


def locked(call_id, provider, number=ANY):
    """The call, row-locked until the transaction ends, with what deciding its text-back reads.
    `number`: the number whose account signed the callback (None: the default account's, for a
    number we do not have); OnAnotherNumber when the call is not on it."""
    if number is ANY:
        return (
            Call.objects.select_for_update(of=("self",))
            .select_related("business", "phone_number")
            .filter(provider=provider, provider_call_id=call_id)
            .first()
        )
    call = call_row_locked(provider, call_id)
    if call is None:
        return None
    if number is None or call.phone_number_id != number.id:
        raise OnAnotherNumber
    # The webhook has looked up the number and its business (core/lookups.py): not read again.
    call.phone_number = number
    if call.business_id == number.business_id:
        call.business = number.business
    return call


def call_row_locked(provider, call_id):
    """The call's row alone, locked. Raw SQL: this runs on the dial result of every call, and
    the ORM's building of it (with the joins the other callbacks need) cost several times the query."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    query = f"SELECT * FROM {Call._meta.db_table} WHERE provider = %s AND provider_call_id = %s{lock}"
    return one(Call, query, [provider, call_id])


@transaction.atomic
def screening_result(provider, call_id, accepted):
    call = locked(call_id, provider)
    if call is not None and accepted and not call.screening_accepted:
        call.screening_accepted = True
        call.save(update_fields=["screening_accepted"])
    return call


@transaction.atomic
def answered(provider, call_id):
    call = locked(call_id, provider)
    if call is not None and call.outcome == Call.PENDING:
        call.outcome = Call.ANSWERED
        call.save(update_fields=["outcome"])
    return call


@transaction.atomic
def missed(provider, call_id, reason):
    """The call was not answered: decide and queue the text-back in this same transaction, so
    the miss and its text commit together or not at all."""
    call = locked(call_id, provider)
    if call is None or call.outcome != Call.PENDING:
        return call
    return miss(call, reason)


@transaction.atomic
def dial_ended(provider, call_id, reason, bridged, number=ANY):
    """The owner's phone stopped ringing: answered when it was bridged after the owner accepted the
    screening question, missed (for `reason`) otherwise. One row lock for both outcomes."""
    call = locked(call_id, provider, number)
    if call is None or call.outcome != Call.PENDING:
        return call
    if bridged and call.screening_accepted:
        call.outcome = Call.ANSWERED
        call.save(update_fields=["outcome"])
        return call
    return miss(call, reason)


def miss(call, reason):
    """Mark a locked, undecided call missed and decide its text-back; the call is saved once."""
    call.outcome, call.missed_reason, call.missed_at = Call.MISSED, reason, clock.now()
    textback_policy.decide_and_queue(call)
    save_fields(call, "outcome", "missed_reason", "missed_at", "textback", "textback_reason", "conversation")
    hooks.call_missed(call)
    log.info("missed call %s from %s (%s): %s", call.id, phones.masked(call.caller), reason, call.textback_reason)
    return call


def ended_if_decided(number, provider, call_id, status, duration=None):
    """The final status of a call on `number` that is already decided (the dial result came first, as
    it usually does): its end recorded in one UPDATE. False when there is no such call (still
    undecided, unknown, or on another number): then `ended` has the say. Raw SQL: it runs at the end
    of every call, and the ORM's compile of this one UPDATE was most of the webhook's CPU."""
    now = connection.ops.adapt_datetimefield_value(clock.now())  # as the ORM stores it (SQLite: naive UTC text)
    sets, values = "status = %s, ended_at = COALESCE(ended_at, %s)", [status, now]
    if duration is not None:  # else the one it has is kept
        sets, values = f"{sets}, duration = %s", [*values, duration]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(Call._meta.db_table)} SET {sets}"
            " WHERE provider = %s AND provider_call_id = %s AND phone_number_id = %s AND outcome <> %s",
            [*values, provider, call_id, number.id, Call.PENDING],
        )
        return cursor.rowcount > 0


def ended(provider, call_id, status, duration=None):
    """The provider's final word on a call. It is authoritative: a call still undecided when it
    ends was missed (the caller hung up while it rang, or the dial result never came)."""
    with transaction.atomic():
        call = locked(call_id, provider)
        if call is None:
            return None
        call.status, call.ended_at = status, call.ended_at or clock.now()
        if duration is not None:
            call.duration = duration
        call.save(update_fields=["status", "ended_at", "duration"])
        undecided, accepted = call.outcome == Call.PENDING, call.screening_accepted
    if undecided and accepted:
        return answered(provider, call_id)
    if undecided:
        reason = {"busy": BUSY, "failed": FAILED, "no-answer": NO_ANSWER}.get(status, HUNG_UP)
        return missed(provider, call_id, reason)
    return call


@transaction.atomic
def voicemail(provider, call_id, recording_url=None, seconds=None, transcript=None):
    call = locked(call_id, provider)
    if call is None:
        return None
    if recording_url:
        call.recording_url, call.recording_seconds = recording_url, seconds
    if transcript:
        call.transcript = transcript
    call.save(update_fields=["recording_url", "recording_seconds", "transcript"])
    return call
