"""Telnyx's webhooks. Its calls are TeXML, which posts Twilio's form fields to Twilio's callbacks
(docs/decisions.md): the shared views of twilio/webhooks.py answer them, given this provider, which
checks the Ed25519 signature. Its texts are the Messaging API's JSON events, handled here on the
same `webhook` decorator: the number first (from the recipient of a new text, from our own message
row for a status), then the signature with the public key of that number's account alone, then the
event as the core's message functions, answered at once: no provider request happens in here."""

import json
import logging

from django.http import HttpResponse

from textback.core import clock, incoming, outbox, phones, text_statuses
from textback.core.models import Message, PhoneNumber, save_fields
from textback.telnyx.transport import first_error
from textback.twilio.webhooks import BadWebhook, our_number, webhook

log = logging.getLogger("textback.telnyx")


# -- texts: the Messaging API's JSON events ---------------------------------------------------------


def event(request):
    """(event_type, payload) of Telnyx's {"data": {"event_type", "payload"}} envelope, read once per
    request; (None, None) when the body is not one."""
    if not hasattr(request, "telnyx_event"):
        try:
            data = json.loads(request.body)["data"]
            found = (data["event_type"], data["payload"])
            request.telnyx_event = found if isinstance(found[0], str) and isinstance(found[1], dict) else (None, None)
        except (ValueError, KeyError, TypeError):
            request.telnyx_event = (None, None)
    return request.telnyx_event


def recipient(payload):
    """The first `to` of a message payload: {"phone_number", "status"}, or {}."""
    to = payload.get("to")
    first = to[0] if isinstance(to, list) and to else to
    return first if isinstance(first, dict) else {}


def plausible_id(provider, value):
    return value.strip() if isinstance(value, str) and provider.sid.fullmatch(value.strip()) else ""


def recipient_number(provider, to):
    plausible = isinstance(to, str) and 0 < len(to) <= PhoneNumber._meta.get_field("number").max_length
    return our_number(provider, to) if plausible and "\x00" not in to else None


def by_event(provider, request):
    kind, payload = event(request)
    if kind == "message.received":
        return recipient_number(provider, recipient(payload).get("phone_number")), None
    if kind in STATUS_EVENTS:
        sid = plausible_id(provider, payload.get("id"))
        message = text_statuses.first(provider.name, sid, request.GET.get("message", "")) if sid else None
        if message is not None:
            return our_number(provider, message.from_number), message
    return None, None


@webhook(by_event)
def messaging(request, provider, params, number, message):
    """The messaging profile's webhook URL (message.received) and each sent text's webhook_url
    (message.sent, message.finalized): one view, as Telnyx may send either kind to either."""
    kind, payload = event(request)
    if kind is None:
        raise BadWebhook('not a Telnyx event: {"data": {"event_type": ..., "payload": {...}}}')
    if kind == "message.received":
        return received(provider, payload, number)
    if kind in STATUS_EVENTS:
        return status(provider, payload, message)
    return HttpResponse(status=200)  # an event textback does not use (message.sent of another app...)


def text_field(payload, name):
    value = payload.get(name) or ""
    if not isinstance(value, str) or "\x00" in value:
        raise BadWebhook(f"{name} is not text")
    return value


def received(provider, payload, number):
    message_id = plausible_id(provider, payload.get("id"))
    sender = payload.get("from")
    from_number = sender.get("phone_number") if isinstance(sender, dict) else None
    if not message_id:
        raise BadWebhook("payload.id is missing or not a Telnyx message id")
    if not isinstance(from_number, str) or not phones.SENDER.fullmatch(from_number.strip()):
        raise BadWebhook("payload.from.phone_number is not an E.164 number or a sender ID")
    body = text_field(payload, "text")
    if number is None:
        to = recipient(payload).get("phone_number")
        log.warning("text to %s, which is not a number of any business", phones.masked(to if isinstance(to, str) else ""))
        return HttpResponse(status=200)
    incoming.received(number, provider.name, message_id, from_number.strip(), body, media(payload))
    return HttpResponse(status=200)


def media(payload):
    items = payload.get("media") or []
    if not isinstance(items, list):
        raise BadWebhook("payload.media is not a list")
    found = []
    for item in items[:20]:
        if isinstance(item, dict) and isinstance(item.get("url"), str) and item["url"].startswith(("https://", "http://")):
            found.append({"url": item["url"], "content_type": item.get("content_type") or ""})
    return found


# message.sent: handed to the carrier; message.finalized: its last word (to[0].status).
STATUS_EVENTS = {"message.sent", "message.finalized"}
STATUS_RANK = {
    "queued": 0, "sending": 1, "sent": 2, "delivery_unconfirmed": 2,
    "delivered": 3, "sending_failed": 3, "delivery_failed": 3, "expired": 3,
}
STATUS_MAP = {"delivered": Message.DELIVERED, "sending_failed": Message.FAILED, "delivery_failed": Message.UNDELIVERED,
              "expired": Message.UNDELIVERED}


def status(provider, payload, message):
    state = recipient(payload).get("status")
    if not isinstance(state, str):
        raise BadWebhook("payload.to[0].status is missing")
    code, words = first_error(payload)
    if code and not (code.isdigit() and len(code) <= Message._meta.get_field("error_code").max_length):
        raise BadWebhook("payload.errors[0].code is not a Telnyx error code")
    if message is None or state not in STATUS_RANK:
        return HttpResponse(status=200)
    current = STATUS_RANK.get(message.status, 2 if message.status == Message.SENT else 0)
    if STATUS_RANK[state] >= current and state in STATUS_MAP:
        message.status = STATUS_MAP[state]
        message.error_code = code or message.error_code
        message.error = words[:300] if code else message.error
        if message.status == Message.DELIVERED:
            message.delivered_at = clock.now()
        save_fields(message, "status", "error_code", "error", "delivered_at")  # every text has its status events
    if code:  # what the code says about the recipient, read from the provider's one table
        outbox.recipient_refused(message, provider.classify(code, words or f"delivery report {state}"))
    return HttpResponse(status=200)
