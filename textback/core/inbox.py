"""Incoming texts, whatever provider carried them: stored first, in the caller's conversation,
then handled: consent keywords (STOP, START, HELP and their kin, or the provider's OptOutType),
plain-words opt-outs when the assistant is not answering (it detects them itself when it is), and
otherwise the assistant (conversations.after_lead_text)."""

import logging
import re

from django.db import IntegrityError, transaction

from textback.assistant.extract import is_opt_out
from textback.assistant.text import fold
from textback.core import clock, conversations, outbox, phones
from textback.core.models import Contact, Conversation, Message
from textback.hooks import events as hooks

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
        # The owner's own STOP is about their phone (the carrier opts them out): never relayed to a lead.
        own_keyword = (opt_out_type or "").lower() == "stop" or keyword(body) in OPT_OUT_WORDS
        return conversations.owner_texted(number, provider, provider_message_id, body or "", list(media),
                                          relay=not own_keyword)
    with transaction.atomic():
        contact, _ = Contact.objects.get_or_create(business=business, number=sender)
        conversation = latest_conversation(contact, number) or Conversation.objects.create(
            business=business, contact=contact, phone_number=number
        )
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
        if not handle_keywords(number, contact, conversation, message, opt_out_type) \
                and not handle_plain_opt_out(number, contact, conversation, message):
            conversations.after_lead_text(message)
        hooks.message_received(message)
    log.info("text from %s stored as message %s", phones.masked(sender), message.id)
    return message


def latest_conversation(contact, number):
    """The caller's latest conversation on the number they texted (each runs on one number)."""
    return contact.conversations.filter(phone_number=number).order_by("-last_message_at").first()


def handle_keywords(number, contact, conversation, message, opt_out_type):
    """The carrier keywords, honoured whether or not the assistant is on. True when the text was one."""
    word = (opt_out_type or "").lower() or keyword(message.body)
    source = f"keyword {message.body.strip()[:40]!r}" + (f" (provider OptOutType {opt_out_type})" if opt_out_type else "")
    if word in OPT_OUT_WORDS:
        outbox.record_opt_out(contact.business, contact.number, source)
        message.opt_out = True
        message.save(update_fields=["opt_out"])
        conversation.status = Conversation.CLOSED
        conversation.save(update_fields=["status"])
    elif word in OPT_IN_WORDS and contact.opted_out_at:
        outbox.record_opt_in(contact.business, contact.number, source)
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


def opt_out_confirmation(business):
    return f"{business.name}: you will get no more texts from us. Reply START to get them again."


def handle_plain_opt_out(number, contact, conversation, message):
    """"Stop texting me" and the like revoke consent too (FCC, 2025). The assistant detects them
    when it answers; when it does not (turned off, the owner took over), they are caught here, with
    the one confirmation allowed. True when the text was one."""
    if conversations.should_answer(conversation) or contact.opted_out_at or contact.blocked:
        return False
    if not is_opt_out(fold(message.body)):
        return False
    outbox.record_opt_out(contact.business, contact.number, f"in plain words: {message.body.strip()[:60]!r}")
    message.opt_out = True
    message.save(update_fields=["opt_out"])
    outbox.queue(
        business=contact.business, number=number, to=contact.number, body=opt_out_confirmation(contact.business),
        kind=Message.CONFIRMATION, conversation=conversation,
    )
    return True
