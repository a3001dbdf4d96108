"""The text-back policy: whether a missed call gets a text, and what it says.

Exactly one text-back per missed call, and none to numbers that cannot or should not be texted.
Every decision is written on the call with its reason, so the owner can see why.
"""

from datetime import timedelta

from textback.core import clock, outbox, phones
from textback.core.models import Call, Contact, Conversation, Message

DEFAULT_IN_HOURS = "Hi {caller_name}, sorry we missed your call at {business}! What can we help you with?"
DEFAULT_AFTER_HOURS = (
    "Hi {caller_name}, thanks for calling {business}. We're closed right now, but text us what you "
    "need and we'll get back to you first thing."
)
OPT_OUT_LINE = "Reply STOP to opt out."
VARIABLES = ("business", "owner", "caller_name")


class TemplateError(ValueError):
    pass


def render(template, business, contact=None):
    """Fill a template's {business}, {owner} and {caller_name}; TemplateError on anything else."""
    values = {
        "business": business.name,
        "owner": business.owner_name or business.name,
        "caller_name": (contact.name.split()[0] if contact and contact.name else "there"),
    }
    try:
        return template.format(**values).strip()
    except (KeyError, IndexError, ValueError) as e:
        raise TemplateError(f"unknown or broken placeholder {e}; use {{business}}, {{owner}}, {{caller_name}}") from None


def first_text(business, contact, when):
    """The text-back itself: the business's template for the hour, plus how to opt out when this
    is the first text this number ever gets from the business."""
    after_hours = not business.is_open(when)
    template = (business.template_after_hours or DEFAULT_AFTER_HOURS) if after_hours else (
        business.template_in_hours or DEFAULT_IN_HOURS
    )
    text = render(template, business, contact)
    first_ever = not Message.objects.filter(business=business, to_number=contact.number, direction=Message.OUT).exists()
    if first_ever and "stop" not in text.lower():
        text = f"{text} {OPT_OUT_LINE}"
    return text


def open_conversation(contact, now):
    since = now - timedelta(hours=contact.business.cooldown_hours)
    return contact.conversations.filter(status=Conversation.OPEN, last_message_at__gte=since).order_by("-last_message_at").first()


def skip_reason(contact, now):
    if contact.blocked:
        return "number blocked"
    if contact.opted_out_at:
        return "the caller opted out of texts"
    if contact.landline:
        return "landline: cannot take texts"
    since = now - timedelta(hours=contact.business.cooldown_hours)
    recent = Message.objects.filter(
        business=contact.business, to_number=contact.number, kind=Message.TEXTBACK, created_at__gte=since
    ).order_by("-created_at").first()
    if recent is not None:
        hours = max(1, round((now - recent.created_at).total_seconds() / 3600))
        return f"texted back {hours} h ago (cooldown {contact.business.cooldown_hours} h)"
    return None


def decide_and_queue(call):
    """Decide the text-back for a missed call (inside the caller's transaction) and queue it."""
    business, now = call.business, clock.now()
    try:
        caller = phones.textable(call.from_number)
    except phones.NotTextable as e:
        return record(call, Call.SKIPPED, str(e))
    contact, _ = Contact.objects.get_or_create(business=business, number=caller)
    # One decision at a time per caller: two quick calls must not both be texted.
    contact = Contact.objects.select_for_update().get(id=contact.id)
    if reason := skip_reason(contact, now):
        conversation = open_conversation(contact, now)
        return record(call, Call.SKIPPED, reason, conversation)
    if conversation := open_conversation(contact, now):
        return record(call, Call.JOINED, "the caller is already in a conversation", conversation)
    conversation = Conversation.objects.create(
        business=business, contact=contact, started_at=now, last_message_at=now,
        lead={"after_hours": not business.is_open(call.started_at)},
    )
    outbox.queue(
        business=business, number=call.phone_number, to=caller, body=first_text(business, contact, call.started_at),
        kind=Message.TEXTBACK, conversation=conversation, call=call,
    )
    return record(call, Call.TEXTED, "missed call", conversation)


def record(call, decision, reason, conversation=None):
    call.textback, call.textback_reason, call.conversation = decision, reason, conversation
    call.save(update_fields=["textback", "textback_reason", "conversation"])
    return decision
