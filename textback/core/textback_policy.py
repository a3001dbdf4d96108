"""The text-back policy: whether a missed call gets a text, and what it says.

Exactly one text-back per missed call, and none to numbers that cannot or should not be texted.
Every decision is written on the call with its reason, so the owner can see why.
"""

import logging
import re
import string
from datetime import timedelta


from textback.core import clock, hours, outbox, phones
from textback.core.models import Call, Contact, Conversation, Message, insert

DEFAULT_IN_HOURS = "Hi {caller_name}, sorry we missed your call at {business}! What can we help you with?"
DEFAULT_AFTER_HOURS = (
    "Hi {caller_name}, thanks for calling {business}. We're closed right now, but text us what you "
    "need and we'll get back to you first thing."
)
log = logging.getLogger("textback.textback")

OPT_OUT_LINE = "Reply STOP to opt out."
VARIABLES = ("business", "owner", "caller_name")


class TemplateError(ValueError):
    pass


def render(template, business, contact=None):
    """Fill a template's {business}, {owner} and {caller_name}; TemplateError on anything else
    (other names, positional {}, attribute or index lookups, format specs, unbalanced braces)."""
    first_names = (contact.name if contact else "").split()
    values = {
        "business": business.name,
        "owner": business.owner_name or business.name,
        "caller_name": first_names[0] if first_names else "there",
    }
    hint = "use {business}, {owner}, {caller_name}"
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as e:
        raise TemplateError(f"broken placeholder ({e}); {hint}") from None
    for name, spec, conv in fields:
        if name not in VARIABLES or spec or conv:
            raise TemplateError(f"unknown placeholder {{{name}}}; {hint}")
    return template.format(**values).strip()


def first_text(business, contact, when):
    """The text-back itself: the business's template for the hour, plus how to opt out when this
    is the first text this number ever gets from the business."""
    after_hours = not business.is_open(when)
    default = DEFAULT_AFTER_HOURS if after_hours else DEFAULT_IN_HOURS
    template = (business.template_after_hours if after_hours else business.template_in_hours) or default
    try:
        text = render(template, business, contact)
    except TemplateError as e:
        # A bad custom template must not cost the business the lead: use the built-in text.
        log.error("business %s: %s template: %s", business.id, "after-hours" if after_hours else "in-hours", e)
        text = render(default, business, contact)
    # Texts that never reach the phone (given up, failed, undelivered, queued past their give-up
    # time) do not tell it how to stop.
    # A contact this call created (Contact.locked) was never texted: nothing to look up.
    first_ever = contact.created or not outbox.reached_before(business, contact.number)
    if first_ever and not re.search(r"\bSTOP\b", text):
        text = f"{text} {OPT_OUT_LINE}"
    return text


def open_conversation(contact, number, now):
    """The caller's open conversation on this number (a conversation runs on one number)."""
    since = now - timedelta(hours=contact.business.cooldown_hours)
    return contact.conversations.filter(
        phone_number=number, status=Conversation.OPEN, last_message_at__gte=since
    ).order_by("-last_message_at").first()


def consent_reason(contact):
    """Why this number must not be texted at all, or None."""
    if contact.blocked:
        return "number blocked"
    if contact.opted_out_at:
        return "the caller opted out of texts"
    if contact.landline:
        return "landline: cannot take texts"
    return None


def cooldown_reason(contact, now):
    """Why this number must not be texted back again yet, or None. A text-back that never went out
    (given up in an outage, failed) does not count: the caller never heard from us."""
    since = now - timedelta(hours=contact.business.cooldown_hours)
    recent = Message.objects.filter(
        business=contact.business, to_number=contact.number, kind=Message.TEXTBACK, created_at__gte=since
    ).exclude(status__in=[Message.GIVEN_UP, Message.FAILED]).order_by("-created_at").first()
    if recent is not None:
        minutes = round((now - recent.created_at).total_seconds() / 60)
        ago = f"{minutes} min" if minutes < 60 else f"{round(minutes / 60)} h"
        return f"texted back {ago} ago (cooldown {contact.business.cooldown_hours} h)"
    return None


def skip_reason(contact, now):
    return consent_reason(contact) or cooldown_reason(contact, now)


def new_lead(business, called_at):
    """What the assistant starts from: whether the call came after hours, the local date of the
    call (so "Friday" or "Dec 15" can be judged), and the questions the business left out (the
    need and the location are always asked)."""
    local = called_at.astimezone(hours.zone(business.timezone))
    lead = {"after_hours": not business.is_open(called_at), "called_on": local.date().isoformat()}
    skip = [f for f, asked in (("timeline", business.assistant_asks_timeline), ("name", business.assistant_asks_name)) if not asked]
    return lead | ({"skip": skip} if skip else {})


def decide_and_queue(call):
    """Decide the text-back for a missed call (inside the caller's transaction) and queue it. The
    decision is set on the call; the caller saves it."""
    business, now = call.business, clock.now()
    try:
        caller = phones.textable(call.from_number)
    except phones.NotTextable as e:
        return record(call, Call.SKIPPED, str(e))
    # One decision at a time per caller (the row lock): two quick calls must not both be texted.
    contact = Contact.locked(business, caller)
    # A first-time caller (most missed calls) has no conversation and was never texted back: there
    # is nothing to join and no cooldown, so neither is looked for.
    if not contact.created:
        if reason := consent_reason(contact):
            return record(call, Call.SKIPPED, reason, open_conversation(contact, call.phone_number, now))
        # A caller already talking with us joins that conversation (the cooldown is for closed ones).
        if conversation := open_conversation(contact, call.phone_number, now):
            return record(call, Call.JOINED, "the caller is already in a conversation", conversation)
        if reason := cooldown_reason(contact, now):
            return record(call, Call.SKIPPED, reason)
    conversation = insert(Conversation(
        business=business, contact=contact, phone_number=call.phone_number, started_at=now, last_message_at=now,
        lead=new_lead(business, call.started_at),
    ))
    # The text-back opens the conversation by asking what the caller needs.
    text = outbox.queue(
        business=business, number=call.phone_number, to=caller, body=first_text(business, contact, call.started_at),
        kind=Message.TEXTBACK, conversation=conversation, call=call, asks="need", contact=contact,
    )
    return record(call, Call.TEXTED, f"missed call ({text.note})" if text.note else "missed call", conversation)


def record(call, decision, reason, conversation=None):
    call.textback, call.textback_reason, call.conversation = decision, reason, conversation
    return decision
