"""Every outbound text: saved as a row, then sent by a worker through its provider's transport.

This is the one place that retries. A transient failure (429, 5xx, timeout) is tried again with
backoff and jitter until the message's give-up time; a permanent one is recorded with its reason
and, where it says so, stops all texts to that number (opted out, landline).

It is also the one place that decides whether a text may go at all (`why_not_textable`, at queue
time and again at send time, for every kind of text on every path), when it may go (quiet hours
for texts that are not direct replies; the send-rate limits), and what it may say (GSM-7
look-alikes replaced, the 1,600-character cap, no link in the first text to a number).
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django_tasks import task

from textback.core import clock, dispatch, jobs, phones, quiet, sms
from textback.core.logs import redact
from textback.core.models import ConsentEvent, Contact, Message, PhoneNumber, SendSlot
from textback.core.providers import PermanentError, SendError, TransientError, transport
from textback.hooks import events as hooks

log = logging.getLogger("textback.outbox")

BACKOFF_BASE, BACKOFF_MAX = 2.0, 120.0  # seconds
# error_code of a message whose last request may have reached the provider (it timed out, the
# connection dropped): before sending again, the provider's message list is checked for it.
MAYBE_SENT = "maybe-sent"
UNKNOWN_OUTCOME = "outcome unknown: the worker stopped during the provider request"


LINK_REFUSED = (
    "not sent: a link in the first text to a number gets it filtered by carriers; send it without "
    "the link, or allow links in first texts for this business"
)


def queue(*, business, number, to, body, kind, conversation=None, call=None, asks="", urgent=False,
          daytime_only=False, contact=None):
    """Save an outbound message and queue its delivery; both commit with the caller's transaction.

    A message that may not be sent (`why_not_textable`) is saved as given up with the reason, and
    no job is queued: callers show `message.error` when `message.status == Message.GIVEN_UP`.
    `daytime_only`: not a direct reply, so it waits for the recipient's daytime (core/quiet.py).
    `message.note` says what was changed in the text (a link taken out), or is empty. `contact`:
    the recipient's contact when the caller has just read (and locked) it, to save reading it again."""
    body, note, refusal = sms.clean(body or "").strip(), "", None
    if kind != Message.NOTIFICATION and not business.allow_links_in_first_text and sms.has_link(body) \
            and not reached_before(business, to):
        if kind == Message.OWNER:  # the owner wrote it: tell them rather than change their words
            refusal = LINK_REFUSED
        else:
            body, note = sms.strip_links(body), "link taken out of the first text to this number"
    body = body[: sms.MAX_BODY]
    now = clock.now()
    message = Message(
        business=business, conversation=conversation, call=call, direction=Message.OUT, kind=kind,
        provider=number.provider, from_number=number.number, to_number=to, body=body, asks=asks or "",
        urgent=urgent, encoding=sms.encoding(body), segments=sms.segments(body), status=Message.QUEUED,
        daytime_only=daytime_only, created_at=now, give_up_at=now + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS),
    )
    if reason := refusal or ("nothing to send" if not body else None) or why_not_textable(message, contact):
        message.status, message.error = Message.GIVEN_UP, reason[:300]
        message.save()
        log.info("message %s to %s not queued: %s", message.id, phones.masked(to), reason)
    else:
        run_after = quiet.next_daytime(now, to, business.timezone) if daytime_only else now
        if run_after > now:
            message.give_up_at = run_after + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS)
        message.save()
        dispatch.enqueue(deliver, message.id, run_after=run_after if run_after > now else None)
    message.note = note
    return message


def reached_before(business, number):
    """Whether this business has texted this number already (a text that went out, or one queued
    and still on its way); texts given up or failed never reached the phone."""
    return Message.objects.filter(
        Q(status__in=(Message.SENDING, Message.SENT, Message.DELIVERED))
        | Q(status=Message.QUEUED, give_up_at__gt=clock.now()),
        business=business, to_number=number, direction=Message.OUT,
    ).exists()


def why_not_textable(message, contact=None):
    """Why a message may not be sent, or None: checked when it is queued and again when it is sent,
    for every kind of text on every path (text-back, assistant, follow-up, the owner's replies from
    the dashboard or by SMS relay). Notifications to the owner's own cell are not subject to a
    lead's consent; the confirmation of an opt-out is the one text allowed after it."""
    if message.kind == Message.NOTIFICATION and message.to_number == message.business.owner_cell:
        return None
    if message.kind == Message.CONFIRMATION:
        return None
    if contact is None or contact.number != message.to_number:
        contact = Contact.objects.filter(business=message.business_id, number=message.to_number).first()
    if contact is None:
        return None
    if contact.opted_out_at:
        return "the recipient opted out"
    if contact.landline:
        return "the number is a landline"
    if contact.blocked:
        return "the number is blocked"
    return None


@task()
def deliver(message_id, slot_taken=False):
    """Send one queued message. `slot_taken`: this run was deferred to a send slot it already holds."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",)).select_related("business").filter(id=message_id).first()
        )
        if message is None or message.status not in (Message.QUEUED, Message.SENDING):
            return "nothing to do"
        if message.status == Message.SENDING:
            # A worker died during the provider request (its lease ran out long after that request
            # ended): the text may or may not have gone. Where the provider can be asked, it is
            # asked before any new attempt (below), as after a timeout: recorded as sent if it has
            # the text, sent now if not. Where it cannot, sending again could double the text; the
            # outcome is recorded as unknown instead.
            if not can_look_up(message.provider):
                return finish(message, Message.FAILED, error=UNKNOWN_OUTCOME)
            message.status, message.error_code = Message.QUEUED, MAYBE_SENT
            message.save(update_fields=["status", "error_code"])
        now = clock.now()
        if now >= message.give_up_at:
            return finish(message, Message.GIVEN_UP, error="not sent in time; a late text would confuse the caller")
        if reason := why_not_textable(message):
            return finish(message, Message.GIVEN_UP, error=reason)
        if message.daytime_only:
            daytime = quiet.next_daytime(now, message.to_number, message.business.timezone)
            if daytime > now:
                message.give_up_at = daytime + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS)
                message.save(update_fields=["give_up_at"])
                jobs.enqueue(deliver, message.id, run_after=daytime)
                return "waiting for the recipient's daytime"
        number = PhoneNumber.objects.get(number=message.from_number)
        if (waiting := throttle(message, number, now, slot_taken)) is not None:
            return waiting
        unconfirmed = message.error_code == MAYBE_SENT
        message.status, message.attempts = Message.SENDING, message.attempts + 1
        message.first_attempt_at = message.first_attempt_at or now
        message.save(update_fields=["status", "attempts", "first_attempt_at"])
    try:
        provider = transport(message.provider)
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
    still_sending = Q(status=Message.SENDING) | Q(status=Message.FAILED, error=UNKNOWN_OUTCOME)
    with transaction.atomic():
        message.sent_at = clock.now()
        Message.objects.filter(id=message.id).update(
            status=Case(When(still_sending, then=Value(Message.SENT)), default=F("status")),
            provider_message_id=provider_id, sent_at=message.sent_at, error_code="", error="",
        )
        if message.kind == Message.TEXTBACK:
            hooks.textback_sent(message)
    log.info("sent message %s to %s", message.id, phones.masked(message.to_number))
    return "sent"


def already_sent(message, number, provider):
    """The provider's id of this message if an earlier attempt that timed out went through after
    all (None when the provider cannot be asked, or does not show it)."""
    if not hasattr(provider, "find_sent"):
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
        return hasattr(transport(provider_name), "find_sent")
    except PermanentError:  # no such provider: the send fails with the reason just after
        return False


def finish(message, status, error, code=""):
    message.status, message.error, message.error_code = status, error[:300], code
    message.save(update_fields=["status", "error", "error_code"])
    log.info("message %s %s: %s", message.id, status, redact(error))
    return status


# -- send-rate limits ----------------------------------------------------------------------------
#
# Each sending number (and, when TEXTBACK_SEND_RATE_PER_ACCOUNT is set, each provider account) has a
# SendSlot row: the moment it may send its next segment. A message takes its number's next slot
# (in the future when the number is busy) and is deferred to it, so a backlog drains in order at
# the configured rate without waking every waiting message each time; an account slot is taken
# only at the moment of sending, so one busy number never holds up the account's other numbers.
# The common case (an idle number) costs two small queries on the slot's row.


def throttle(message, number, now, slot_taken):
    """None when the message may be sent now (its slots taken), else why it waits (re-enqueued)."""
    try:
        if not getattr(transport(message.provider), "THROTTLED", True):
            return None
    except PermanentError:  # no such provider: the send fails with the reason just after
        return None
    cost = max(1, message.segments)
    rate = settings.SEND_RATE_PER_NUMBER
    if rate > 0 and not slot_taken:
        start = take_slot(f"number:{number.number}", cost / rate, now, message.give_up_at)
        if start is None:
            return finish(message, Message.GIVEN_UP, "not sent in time: this number's send rate had a backlog "
                          f"past the give-up time (TEXTBACK_SEND_RATE_PER_NUMBER={rate:g})")
        if start > now:
            jobs.enqueue(deliver, message.id, True, run_after=start)
            return "waiting for the number's send slot"
    rate = settings.SEND_RATE_PER_ACCOUNT
    if rate > 0:
        start = take_slot(f"account:{message.provider}:{number.account_sid or 'default'}", cost / rate, now,
                          message.give_up_at, only_now=True)
        if start is None:
            return finish(message, Message.GIVEN_UP, "not sent in time: the account's send rate had a backlog "
                          f"past the give-up time (TEXTBACK_SEND_RATE_PER_ACCOUNT={rate:g})")
        if start > now:  # nothing taken: try again when the account is free
            jobs.enqueue(deliver, message.id, True, run_after=start)
            return "waiting for the account's send slot"
    return None


def take_slot(key, seconds, now, deadline, only_now=False):
    """Take the slot `key` for `seconds` from its next free moment; return that moment (None when
    it is past `deadline`, nothing taken). only_now: take it only when it is free now."""
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


def permanent_failure(message, error: PermanentError):
    with transaction.atomic():
        if error.recipient == PermanentError.OPTED_OUT:
            record_opt_out(message.business, message.to_number, f"provider error {error.code}")
        elif error.recipient == PermanentError.NOT_MOBILE:
            Contact.objects.filter(business=message.business, number=message.to_number).update(landline=True)
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
    code = MAYBE_SENT if maybe_sent else error.code
    with transaction.atomic():
        if retry_at >= message.give_up_at:
            may = " (an earlier attempt may have reached the provider)" if maybe_sent else ""
            return finish(message, Message.GIVEN_UP, f"not sent in time{may}; last error {error}", code)
        message.status, message.error, message.error_code = Message.QUEUED, str(error)[:300], code
        message.save(update_fields=["status", "error", "error_code"])
        jobs.enqueue(deliver, message.id, run_after=retry_at)
    log.warning("message %s: %s; retrying at %s", message.id, redact(str(error)), retry_at.isoformat())
    return "retrying"


def record_opt_out(business, number, source):
    contact, _ = Contact.objects.get_or_create(business=business, number=number)
    if contact.opted_out_at is None:
        contact.opted_out_at = clock.now()
        contact.save(update_fields=["opted_out_at"])
        ConsentEvent.objects.create(contact=contact, kind=ConsentEvent.OPT_OUT, source=source[:100])
    return contact


def record_opt_in(business, number, source):
    contact, _ = Contact.objects.get_or_create(business=business, number=number)
    if contact.opted_out_at is not None:
        contact.opted_out_at = None
        contact.save(update_fields=["opted_out_at"])
        ConsentEvent.objects.create(contact=contact, kind=ConsentEvent.OPT_IN, source=source[:100])
    return contact
