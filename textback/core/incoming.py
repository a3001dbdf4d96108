"""Incoming texts, whatever provider carried them: stored first, in the caller's conversation,
then handled: consent keywords (STOP, START, HELP and their kin in every language pack: ALTO, PARE...,
or the provider's OptOutType; one table, assistant/extract.consent_keyword, before any engine),
plain-words opt-outs when the assistant is not answering (it detects them itself when it is), and
otherwise the assistant (conversations.after_lead_text)."""

import logging

from django.db import IntegrityError, transaction

from textback.assistant import replies
from textback.assistant.extract import consent_keyword, detect_language, is_opt_out
from textback.assistant.text import fold, to_gsm7
from textback.core import clock, conversations, outbox, phones
from textback.core.models import Contact, Conversation, Message
from textback.hooks import events as hooks

log = logging.getLogger("textback.incoming")

def help_text(business, language="en"):
    """The answer to HELP: the assistant's own words, whether the assistant is on or not."""
    return said(replies.HELP, language, business)


def said(texts, language, business):
    """One of the assistant's texts, as the assistant would send it (GSM-7: see decisions, Spanish and Portuguese)."""
    return to_gsm7(texts[language].format(business=business.name))


def language_of(conversation, keyword_language):
    return keyword_language or (conversation.lead or {}).get("language") or "en"


def received(number, provider, provider_message_id, from_number, body, media=(), opt_out_type=""):
    """Store an incoming text (once, however often the provider delivers it) and react to it.
    Returns the stored message, or None for a duplicate delivery."""
    business = number.business
    sender = from_number[:64]
    if sender == business.owner_cell:
        # The owner's own STOP is about their phone (the carrier opts them out): never relayed to a lead.
        own_keyword = (opt_out_type or "").lower() == "stop" or consent_keyword(body or "")[0] == "opt_out"
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
    """The consent keywords (one table: assistant/extract.consent_keyword), before any engine and
    whether or not the assistant is on. True when the text was one. The carrier answers its own
    keywords (STOP, START, HELP...), and the provider says so in OptOutType; textback confirms the
    others (ALTO, SI, AYUDA, PARE, SAIR, AJUDA) once, in their language."""
    kind, carrier, language = consent_keyword(message.body)
    if opt_out_type:
        kind, carrier = {"stop": "opt_out", "start": "opt_in", "help": "help"}.get(opt_out_type.lower(), kind), True
    if kind is None or kind == "opt_in" and not contact.opted_out_at:
        return False  # "yes" to a question is an answer, not a keyword
    business, language = contact.business, language_of(conversation, language)
    source = f"keyword {message.body.strip()[:40]!r}" + (f" (provider OptOutType {opt_out_type})" if opt_out_type else "")
    if kind == "opt_out":
        outbox.record_opt_out(business, contact.number, source)
        message.opt_out = True
        message.save(update_fields=["opt_out"])
        conversation.status = Conversation.CLOSED
        conversation.save(update_fields=["status"])
        if not carrier:
            confirm(number, contact, conversation, said(replies.OPTED_OUT, language, business))
    elif kind == "opt_in":
        outbox.record_opt_in(business, contact.number, source)
        if not carrier:
            outbox.queue(business=business, number=number, to=contact.number, kind=Message.ASSISTANT,
                         body=said(replies.OPTED_IN, language, business), conversation=conversation)
    elif not contact.opted_out_at and not (carrier and opt_out_type):
        # HELP the provider answered itself (OptOutType set) needs nothing more from us.
        outbox.queue(business=business, number=number, to=contact.number, body=help_text(business, language),
                     kind=Message.ASSISTANT, conversation=conversation)
    return True


def confirm(number, contact, conversation, text):
    """The one text allowed after an opt-out: that there will be no more."""
    outbox.queue(business=contact.business, number=number, to=contact.number, body=text, kind=Message.CONFIRMATION,
                 conversation=conversation)


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
    language = detect_language(message.body, language_of(conversation, None))  # confirmed in the words' language
    confirm(number, contact, conversation, said(replies.OPTED_OUT, language, contact.business))
    return True
