"""A conversation as a lead: the transcript, what is known about the caller, what the owner was
told. This is the shape of `textback simulate`'s output and of the dashboard's lead card."""

from textback.assistant.schema import LEAD_FIELDS, Status
from textback.core.models import Message


def lead_of(conversation):
    known = dict(LEAD_FIELDS)
    if conversation is None:
        return known
    known.update({k: v for k, v in (conversation.lead or {}).items() if k in LEAD_FIELDS})
    contact = conversation.contact
    if contact.opted_out_at:
        known["status"] = Status.OPTED_OUT
    if not known["name"] and contact.name:
        known["name"] = contact.name
    return known


def transcript_of(conversation):
    turns = []
    if conversation is None:
        return turns
    messages = conversation.messages.exclude(kind=Message.NOTIFICATION).exclude(direction=Message.IN, kind=Message.OWNER)
    for m in messages.order_by("created_at", "id"):
        if m.direction == Message.OUT and m.kind == Message.OWNER:
            turns.append({"role": "owner", "text": m.body})
        elif m.direction == Message.OUT:
            turns.append({"role": "assistant", "text": m.body, "asks": m.asks or None})
        else:
            turns.append({"role": "lead", "text": m.body, "opt_out": m.opt_out})
    return turns


def notifications_of(business, conversation):
    if conversation is None:
        return []
    sent = business.messages.filter(kind=Message.NOTIFICATION, conversation=conversation).order_by("created_at", "id")
    return [{"to": "owner", "channel": "sms", "urgent": m.urgent, "text": m.body} for m in sent]


def report(business, call):
    conversation = call.conversation
    return {
        "transcript": transcript_of(conversation),
        "lead": lead_of(conversation),
        "notifications": notifications_of(business, conversation),
    }
