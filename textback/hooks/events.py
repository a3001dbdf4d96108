"""What the core tells the outgoing webhooks: one call where each event happens, inside the
transaction that made it, so an event commits with its cause or not at all. A business without
endpoints costs one read of the lookups version per event (its endpoints are cached per process,
core/lookups.py); the payload is built only when someone listens.

The payloads (version 1) are documented with a JSON Schema in docs/webhooks.md."""

import json
from datetime import timedelta, timezone

from django.conf import settings
from django.urls import reverse

from textback.assistant.schema import Status, Urgency
from textback.core import clock, jobs, leads, lookups
from textback.hooks import delivery
from textback.hooks.models import TEST_EVENT, Delivery, Event

VERSION = 1


def iso(when):
    return when.astimezone(timezone.utc).isoformat().replace("+00:00", "Z") if when else None


def subscribed(business_id, *types):
    """The business's endpoints, for when one event's payload is built for several types (from the
    per-process cache: a missed call has two events, and most businesses have no endpoint)."""
    return [e for e in lookups.endpoints(business_id) if set(types) & set(e.events)]


def emit(business_id, type, data, endpoints=None):
    """Save the event and queue one delivery per endpoint subscribed to it. `data`: a function
    building the payload's data, called only when there is an endpoint to send it to."""
    endpoints = subscribed(business_id, type) if endpoints is None else [e for e in endpoints if type in e.events]
    if not endpoints:
        return None
    return save_and_queue(business_id, type, data(), endpoints)


def save_and_queue(business_id, type, data, endpoints):
    now = clock.now()
    body = json.dumps({"type": type, "version": VERSION, "timestamp": iso(now), "data": data}, ensure_ascii=False)
    event = Event.objects.create(business_id=business_id, type=type, body=body, created_at=now)
    for endpoint in endpoints:
        sending = Delivery.objects.create(
            event=event, endpoint=endpoint, created_at=now,
            give_up_at=now + timedelta(seconds=settings.WEBHOOKS_GIVE_UP_SECONDS),
        )
        jobs.enqueue(delivery.deliver, sending.id)
    return event


# -- the payloads ---------------------------------------------------------------------------------


def lead_card(conversation):
    """What a CRM needs to open a job: who, what, where, when, how urgent, and the transcript."""
    if conversation is None:
        return None
    lead = leads.lead_of(conversation)
    path = reverse("dashboard:thread", kwargs={"business_id": conversation.business_id, "conversation_id": conversation.id})
    return {
        "id": conversation.id,
        "name": lead["name"],
        "phone": conversation.contact.number,
        "need": lead["need"],
        "address": {"street": lead["address"], "city": lead["city"], "postal_code": lead["postal_code"]},
        "timeline": lead["timeline"],
        "notes": list(lead["notes"]),
        "urgency": lead["urgency"],
        "emergency_kind": (conversation.lead or {}).get("emergency_kind"),
        "score": lead["score"],
        "language": lead["language"],
        "after_hours": lead["after_hours"],
        "status": lead["status"],
        "outcome": conversation.outcome or "open",
        "started_at": iso(conversation.started_at),
        "transcript_url": settings.PUBLIC_URL + path,
    }


def business_of(business_id, name):
    return {"id": business_id, "name": name}


def call_missed(call):
    def data():
        return {
            "business": business_of(call.business_id, call.business.name),
            "call": {"id": call.id, "from": call.from_number, "caller": call.caller or None,
                     "to": call.phone_number.number, "started_at": iso(call.started_at),
                     "missed_at": iso(call.missed_at), "missed_reason": call.missed_reason},
            "decision": call.textback, "reason": call.textback_reason,
            "lead": lead_card(call.conversation),
        }
    return emit(call.business_id, "call.missed", data)


def message_of(message):
    return {"id": message.id, "from": message.from_number, "to": message.to_number, "body": message.body,
            "media_count": len(message.media or []), "at": iso(message.sent_at or message.created_at)}


def textback_sent(message):
    """The text-back left for the caller (message.sent_at set)."""
    def data():
        return {"business": business_of(message.business_id, message.business.name),
                "message": message_of(message), "call_id": message.call_id, "lead": lead_card(message.conversation)}
    return emit(message.business_id, "textback.sent", data)


def message_received(message):
    def data():
        return {"business": business_of(message.business_id, message.business.name),
                "message": message_of(message) | {"opt_out": message.opt_out}, "lead": lead_card(message.conversation)}
    return emit(message.business_id, "message.received", data)


# lead.updated names what changed as the card's fields
CARD_PATHS = {"address": "address.street", "city": "address.city", "postal_code": "address.postal_code"}


def card_fields(lead):
    """The lead-card fields of a conversation's lead JSON (what lead.updated compares)."""
    return {k: (lead or {}).get(k, default) for k, default in leads.LEAD_FIELDS.items()}


def lead_changed(conversation, before):
    """After the assistant's turn: lead.updated when a field of the lead card changed, and
    lead.qualified / lead.emergency the moment it became so. `before`: conversation.lead as it was."""
    old, new = card_fields(before), card_fields(conversation.lead)
    changed = [CARD_PATHS.get(k, k) for k in new if new[k] != old[k]]
    if not changed:
        return
    endpoints = subscribed(conversation.business_id, "lead.updated", "lead.qualified", "lead.emergency")
    if not endpoints:
        return
    business = business_of(conversation.business_id, conversation.business.name)
    card = lead_card(conversation)
    emit(conversation.business_id, "lead.updated", lambda: {"business": business, "lead": card, "changed": changed}, endpoints)
    if new["status"] == Status.QUALIFIED and old["status"] != Status.QUALIFIED:
        emit(conversation.business_id, "lead.qualified", lambda: {"business": business, "lead": card}, endpoints)
    if new["urgency"] == Urgency.EMERGENCY and old["urgency"] != Urgency.EMERGENCY:
        emit(conversation.business_id, "lead.emergency", lambda: {"business": business, "lead": card}, endpoints)


def status_changed(conversation, previous):
    """The owner marked the lead booked / lost / spam, or open again (conversation.outcome)."""
    def data():
        return {"business": business_of(conversation.business_id, conversation.business.name),
                "outcome": conversation.outcome or "open", "previous": previous or "open",
                "lead": lead_card(conversation)}
    return emit(conversation.business_id, "lead.status_changed", data)


def send_test(endpoint):
    """"Send test event": to this endpoint only, whatever it subscribes to."""
    business = endpoint.business
    data = {"business": business_of(business.id, business.name),
            "message": "A test event from textback: your endpoint receives and verifies our webhooks."}
    return save_and_queue(business.id, TEST_EVENT, data, [endpoint])


def resend(sending):
    """Deliver again (same webhook-id: a receiver that has it already can tell), with a fresh deadline."""
    now = clock.now()
    Delivery.objects.filter(id=sending.id).update(
        status=Delivery.PENDING, error="", next_attempt_at=None,
        give_up_at=now + timedelta(seconds=settings.WEBHOOKS_GIVE_UP_SECONDS),
    )
    jobs.enqueue(delivery.deliver, sending.id)
