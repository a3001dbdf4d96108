"""Delivery: a worker sends one queued text through its provider, and this is the one place that
retries. A transient failure (429, 5xx, timeout) is tried again with backoff and jitter until the
message's give-up time; a permanent one is recorded with its reason and, where it says so, stops
all texts to that number (outbox.recipient_refused: opted out, landline).

An attempt whose outcome is unknown (a timeout, a dropped connection, a worker that died during
the request) sets `Message.maybe_sent`: before sending again the provider is asked whether it
has the text (`find_sent`), so an outage delays a text but never doubles it.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django_tasks import task

from textback.core import clock, jobs, lookups, outbox, phones, providers, quiet, sendrate
from textback.core.logs import redact
from textback.core.models import Message, PhoneNumber, one, save_fields
from textback.core.providers import PermanentError, SendError, TransientError
from textback.hooks import events as hooks

log = logging.getLogger("textback.outbox")

BACKOFF_BASE, BACKOFF_MAX = 2.0, 120.0  # seconds
UNKNOWN_OUTCOME = "outcome unknown: the worker stopped during the provider request"


@task()
@lookups.one_read()
def deliver(message_id, slot_taken=False):
    """Send one queued message. `slot_taken`: this run was deferred to a send slot it already holds."""
    with transaction.atomic():
        message = locked(message_id)
        if message is None or message.status not in (Message.QUEUED, Message.SENDING):
            return "nothing to do"
        number = cached_number(message)
        if message.status == Message.SENDING:
            # A worker died during the provider request (its lease ran out long after that request
            # ended): the text may or may not have gone. Where the provider can be asked, it is
            # asked before any new attempt (below), as after a timeout: recorded as sent if it has
            # the text, sent now if not. Where it cannot, sending again could double the text; the
            # outcome is recorded as unknown instead.
            if not can_look_up(message.provider):
                return finish(message, Message.FAILED, error=UNKNOWN_OUTCOME)
            message.status, message.maybe_sent = Message.QUEUED, True
            message.save(update_fields=["status", "maybe_sent"])
        now = clock.now()
        if now >= message.give_up_at:
            return finish(message, Message.GIVEN_UP, error="not sent in time; a late text would confuse the caller")
        if reason := outbox.why_not_textable(message):
            return finish(message, Message.GIVEN_UP, error=reason)
        if message.daytime_only:
            daytime = quiet.next_daytime(now, message.to_number, message.business.timezone)
            if daytime > now:
                message.give_up_at = daytime + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS)
                message.save(update_fields=["give_up_at"])
                jobs.enqueue(deliver, message.id, run_after=daytime)
                return "waiting for the recipient's daytime"
        number = number or PhoneNumber.objects.get(number=message.from_number)
        if (waiting := throttle(message, number, now, slot_taken)) is not None:
            return waiting
        unconfirmed = message.maybe_sent
        message.status, message.attempts = Message.SENDING, message.attempts + 1
        message.first_attempt_at = message.first_attempt_at or now
        save_fields(message, "status", "attempts", "first_attempt_at")
    try:
        provider = providers.get(message.provider)
        provider_id = already_sent(message, number, provider) if unconfirmed else None
        if provider_id is None:
            provider_id = provider.send(message, number)
    except PermanentError as e:
        return permanent_failure(message, e)
    except TransientError as e:
        return transient_failure(message, e)
    except Exception as e:  # a bug or an unforeseen failure: treat as transient, keep the text
        log.exception("unexpected error sending message %s", message.id)
        return transient_failure(message, TransientError("", f"{type(e).__name__}: {e}"))
    # A delivery report may already have moved it past "sent": never move it back. A job that
    # outlived its lease may have been marked "outcome unknown" meanwhile: it is known now. (One
    # statement: the condition reads the row as it was before this update.)
    with transaction.atomic():
        message.sent_at = clock.now()
        with connection.cursor() as cursor:  # raw SQL: every text runs it, and the ORM's CASE cost more than the query
            cursor.execute(SENT, [Message.SENDING, Message.FAILED, UNKNOWN_OUTCOME, Message.SENT, provider_id,
                                  connection.ops.adapt_datetimefield_value(message.sent_at), message.id])
        if message.kind == Message.TEXTBACK:
            hooks.textback_sent(message)
    log.info("sent message %s to %s", message.id, phones.masked(message.to_number))
    return "sent"


SENT = f"""
    UPDATE {Message._meta.db_table}
    SET status = CASE WHEN status = %s OR (status = %s AND error = %s) THEN %s ELSE status END,
        provider_message_id = %s, sent_at = %s, error_code = '', error = '', maybe_sent = false
    WHERE id = %s
"""


def locked(message_id):
    """The message alone, locked. Raw SQL, as the dial result's call (calls.call_row_locked)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return one(Message, f"SELECT * FROM {Message._meta.db_table} WHERE id = %s{lock}", [message_id])


def cached_number(message):
    """The number the message goes out from, and its business, from the per-process cache the
    webhooks use (core/lookups.py), or None (the number is not that provider's any more)."""
    number = lookups.number(message.provider, message.from_number)
    if number is not None and number.business_id == message.business_id:
        message.business = number.business
    return number


def already_sent(message, number, provider):
    """The provider's id of this message if an earlier attempt that timed out went through after
    all (None when the provider cannot be asked, or does not show it)."""
    if not provider.can_look_up:
        return None
    sids = provider.find_sent(message, number)
    known = set(Message.objects.filter(provider=message.provider, provider_message_id__in=sids)
                .values_list("provider_message_id", flat=True))
    found = next((sid for sid in sids if sid not in known), None)
    if found:
        log.info("message %s: an earlier attempt went through after all; not sending again", message.id)
    return found


def can_look_up(provider_name):
    """Whether the provider can say if an earlier attempt went through (its message list)."""
    try:
        return providers.get(provider_name).can_look_up
    except PermanentError:  # no such provider: the send fails with the reason just after
        return False


def finish(message, status, error, code=""):
    message.status, message.error, message.error_code = status, error[:300], code
    message.save(update_fields=["status", "error", "error_code", "maybe_sent"])
    log.info("message %s %s: %s", message.id, status, redact(error))
    return status


def throttle(message, number, now, slot_taken):
    """None when the message may be sent now (its send slots taken), else why it waits: deferred
    to its slot, or given up when the slot is past its give-up time (core/sendrate.py)."""
    try:
        if not providers.get(message.provider).throttled:
            return None
    except PermanentError:  # no such provider: the send fails with the reason just after
        return None
    if (wait := sendrate.wait(message, number, now, slot_taken)) is None:
        return None
    if wait.until is None:
        return finish(message, Message.GIVEN_UP, wait.gave_up)
    jobs.enqueue(deliver, message.id, True, run_after=wait.until)
    return wait.waiting


def permanent_failure(message, error: PermanentError):
    with transaction.atomic():
        outbox.recipient_refused(message, error)
        return finish(message, Message.FAILED, error.text, error.code)


def backoff(attempt, retry_after=None):
    """Exponential backoff with full jitter, at least what the provider asked for."""
    delay = random.uniform(0, min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (attempt - 1)))
    return max(delay, retry_after or 0)


def transient_failure(message, error: SendError):
    maybe_sent = getattr(error, "maybe_sent", False)
    wait = getattr(error, "retry_after", None)
    if maybe_sent:  # let a slow provider finish with the earlier request before looking for it
        wait = max(wait or 0, settings.PROVIDER_READ_TIMEOUT)
    retry_at = clock.now() + timedelta(seconds=backoff(message.attempts, wait))
    message.maybe_sent = maybe_sent
    with transaction.atomic():
        if retry_at >= message.give_up_at:
            may = " (an earlier attempt may have reached the provider)" if maybe_sent else ""
            return finish(message, Message.GIVEN_UP, f"not sent in time{may}; last error {error}", error.code)
        message.status, message.error, message.error_code = Message.QUEUED, str(error)[:300], error.code
        message.save(update_fields=["status", "error", "error_code", "maybe_sent"])
        jobs.enqueue(deliver, message.id, run_after=retry_at)
    log.warning("message %s: %s; retrying at %s", message.id, redact(str(error)), retry_at.isoformat())
    return "retrying"


