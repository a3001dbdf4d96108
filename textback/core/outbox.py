"""Every outbound text is queued here: saved as a row, its delivery job committed with it
(core/delivery.py sends it, core/sendrate.py paces it; in a web process, core/dispatch.py
starts it at commit).

This is the one place that decides whether a text may go at all (`why_not_textable`, at queue
time and again at send time, for every kind of text on every path), when it may go (quiet hours
for texts that are not direct replies), and what it may say (GSM-7 look-alikes replaced, the
1,600-character cap, no link in the first text to a number); and the one place that keeps what
a recipient said of their consent (opt-out, opt-in) or a provider said of their number.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection

from textback.core import clock, delivery, dispatch, phones, quiet, sms
from textback.core.models import ConsentEvent, Contact, Message, insert, one
from textback.core.providers import PermanentError, SendError

log = logging.getLogger("textback.outbox")


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
        insert(message)
        log.info("message %s to %s not queued: %s", message.id, phones.masked(to), reason)
    else:
        run_after = quiet.next_daytime(now, to, business.timezone) if daytime_only else now
        if run_after > now:
            message.give_up_at = run_after + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS)
        insert(message)
        dispatch.enqueue(delivery.deliver, message.id, run_after=run_after if run_after > now else None)
    message.note = note
    return message


def reached_before(business, number):
    """Whether this business has texted this number already (a text that went out, or one queued
    and still on its way); texts given up or failed never reached the phone."""
    # Raw SQL: every missed call asks it, and the ORM's building of it cost more than the query.
    with connection.cursor() as cursor:
        cursor.execute(REACHED_BEFORE, [business.id, number, Message.OUT, Message.SENDING, Message.SENT, Message.DELIVERED,
                                        Message.QUEUED, connection.ops.adapt_datetimefield_value(clock.now())])
        return cursor.fetchone() is not None


REACHED_BEFORE = f"""
    SELECT 1 FROM {Message._meta.db_table}
    WHERE business_id = %s AND to_number = %s AND direction = %s
      AND (status IN (%s, %s, %s) OR (status = %s AND give_up_at > %s))
    LIMIT 1
"""


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
        contact = one(Contact, CONTACT, [message.business_id, message.to_number])
    if contact is None:
        return None
    if contact.opted_out_at:
        return "the recipient opted out"
    if contact.landline:
        return "the number is a landline"
    if contact.blocked:
        return "the number is blocked"
    return None


# Raw SQL, as REACHED_BEFORE: every text asks it when it is sent (one row: one contact per number).
CONTACT = f"SELECT * FROM {Contact._meta.db_table} WHERE business_id = %s AND number = %s"


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


def recipient_refused(message, error: SendError):
    """What a failed send or a delivery report says about the recipient, kept on their contact:
    opted out (no texts until they opt back in), or not a mobile (no texts at all)."""
    recipient = getattr(error, "recipient", None)
    if recipient == PermanentError.OPTED_OUT:
        record_opt_out(message.business, message.to_number, f"provider error {error.code}")
    elif recipient == PermanentError.NOT_MOBILE:
        Contact.objects.filter(business=message.business, number=message.to_number).update(landline=True)
