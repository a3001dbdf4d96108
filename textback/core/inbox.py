"""Incoming texts, whatever provider carried them: stored first, in the caller's conversation,
then handled (consent keywords now; the assistant hooks in through `replied`)."""

import logging
import re

from django.db import IntegrityError, transaction

from textback.core import clock, conversations, outbox, phones
from textback.core.models import Contact, Conversation, Message

log = logging.getLogger("textback.inbox")

# Carrier-standard keywords, matched on the whole message (case, spaces, punctuation ignored).
OPT_OUT_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"}
OPT_IN_WORDS = {"start", "unstop", "yes"}
HELP_WORDS = {"help", "info"}


def keyword(body):
    return re.sub(r"[^a-z]", "", (body or "").lower())


def help_text(business):
    return (
        f"{business.name}: we text you back about your call. Msg & data rates may apply. "
        f"Reply STOP to opt out."
    )


def received(number, provider, provider_message_id, from_number, body, media=(), opt_out_type=""):
    """Store an incoming text (once, however often the provider delivers it) and react to it.
    Returns the stored message, or None for a duplicate delivery."""
    business = number.business
    sender = from_number[:64]
    if sender == business.owner_cell:
        return conversations.owner_texted(number, provider, provider_message_id, body or "", list(media))
    with transaction.atomic():
        contact, _ = Contact.objects.get_or_create(business=business, number=sender)
        conversation = latest_conversation(contact) or Conversation.objects.create(business=business, contact=contact)
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    business=business, conversation=conversation, direction=Message.IN, kind=Message.LEAD,
                    provider=provider, provider_message_id=provider_message_id, from_number=sender,
                    to_number=number.number, body=body or "", media=list(media), status=Message.RECEIVED,
                    created_at=clock.now(),
                )
        except IntegrityError:
            return None
        conversation.last_message_at = message.created_at
        conversation.save(update_fields=["last_message_at"])
        if not handle_keywords(number, contact, conversation, message, opt_out_type):
            conversations.after_lead_text(message)
    log.info("text from %s stored as message %s", phones.masked(sender), message.id)
    return message


def latest_conversation(contact):
    return contact.conversations.order_by("-last_message_at").first()


def handle_keywords(number, contact, conversation, message, opt_out_type):
    """The carrier keywords, honoured whether or not the assistant is on. True when the text was one."""
    word = (opt_out_type or "").lower() or keyword(message.body)
    if word in OPT_OUT_WORDS:
        outbox.record_opt_out(contact.business, contact.number, f"keyword {message.body.strip()[:40]!r}")
        message.opt_out = True
        message.save(update_fields=["opt_out"])
        conversation.status = Conversation.CLOSED
        conversation.save(update_fields=["status"])
    elif word in OPT_IN_WORDS and contact.opted_out_at:
        outbox.record_opt_in(contact.business, contact.number, f"keyword {message.body.strip()[:40]!r}")
    elif word in HELP_WORDS and not opt_out_type and not contact.opted_out_at:
        # With the provider's own opt-out handling (OptOutType set) it has already answered HELP.
        outbox.queue(
            business=contact.business, number=number, to=contact.number, body=help_text(contact.business),
            kind=Message.ASSISTANT, conversation=conversation,
        )
    else:
        # HELP that the provider answered itself, or from an opted-out number: nothing to add.
        return word in HELP_WORDS
    return True
