"""Every outbound text: saved as a row, then sent by a worker through its provider's transport.

This is the one place that retries. A transient failure (429, 5xx, timeout) is tried again with
backoff and jitter until the message's give-up time; a permanent one is recorded with its reason
and, where it says so, stops all texts to that number (opted out, landline).
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django_tasks import task

from textback.core import clock, jobs, phones, sms
from textback.core.models import ConsentEvent, Contact, Message, PhoneNumber
from textback.core.providers import PermanentError, SendError, TransientError, transport

log = logging.getLogger("textback.outbox")

BACKOFF_BASE, BACKOFF_MAX = 2.0, 120.0  # seconds


def queue(*, business, number, to, body, kind, conversation=None, call=None, asks="", urgent=False):
    """Save an outbound message and queue its delivery; both commit with the caller's transaction."""
    body = sms.clean(body)[: sms.MAX_BODY]
    now = clock.now()
    message = Message.objects.create(
        business=business, conversation=conversation, call=call, direction=Message.OUT, kind=kind,
        provider=number.provider, from_number=number.number, to_number=to, body=body, asks=asks or "",
        urgent=urgent, encoding=sms.encoding(body), segments=sms.segments(body), status=Message.QUEUED,
        created_at=now, give_up_at=now + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS),
    )
    jobs.enqueue(deliver, message.id)
    return message


def why_not_textable(message):
    """A reason to hold back a queued message that was fine when queued, or None.
    Owner notifications go to the owner's own cell and are not subject to a lead's consent; the
    confirmation of an opt-out is the one text allowed after it."""
    if message.kind in (Message.NOTIFICATION, Message.CONFIRMATION):
        return None
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
def deliver(message_id):
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(id=message_id).first()
        if message is None or message.status not in (Message.QUEUED, Message.SENDING):
            return "nothing to do"
        if message.status == Message.SENDING:
            # A worker died during the provider request: the text may or may not have gone.
            # Sending again could double it; the outcome is recorded as unknown instead.
            return finish(message, Message.FAILED, error="outcome unknown: the worker stopped during the provider request")
        if clock.now() >= message.give_up_at:
            return finish(message, Message.GIVEN_UP, error="not sent in time; a late text would confuse the caller")
        if reason := why_not_textable(message):
            return finish(message, Message.GIVEN_UP, error=reason)
        message.status, message.attempts = Message.SENDING, message.attempts + 1
        message.first_attempt_at = message.first_attempt_at or clock.now()
        message.save(update_fields=["status", "attempts", "first_attempt_at"])
    number = PhoneNumber.objects.get(number=message.from_number)
    try:
        provider_id = transport(message.provider).send(message, number)
    except PermanentError as e:
        return permanent_failure(message, e)
    except TransientError as e:
        return transient_failure(message, e)
    except Exception as e:  # a bug or an unforeseen failure: treat as transient, keep the text
        log.exception("unexpected error sending message %s", message.id)
        return transient_failure(message, TransientError("", f"{type(e).__name__}: {e}"))
    sent = Message.objects.filter(id=message.id)
    sent.update(provider_message_id=provider_id, sent_at=clock.now(), error_code="", error="")
    # A delivery report may already have moved it past "sent": never move it back.
    sent.filter(status=Message.SENDING).update(status=Message.SENT)
    log.info("sent message %s to %s", message.id, phones.masked(message.to_number))
    return "sent"


def finish(message, status, error, code=""):
    message.status, message.error, message.error_code = status, error[:300], code
    message.save(update_fields=["status", "error", "error_code"])
    log.info("message %s %s: %s", message.id, status, error)
    return status


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
    retry_at = clock.now() + timedelta(seconds=backoff(message.attempts, getattr(error, "retry_after", None)))
    with transaction.atomic():
        if retry_at >= message.give_up_at:
            return finish(message, Message.GIVEN_UP, f"not sent in time; last error {error}", error.code)
        message.status, message.error, message.error_code = Message.QUEUED, str(error)[:300], error.code
        message.save(update_fields=["status", "error", "error_code"])
        jobs.enqueue(deliver, message.id, run_after=retry_at)
    log.warning("message %s: %s; retrying at %s", message.id, error, retry_at.isoformat())
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
