"""Telnyx's webhooks: TeXML for calls (form-encoded, Twilio-like: docs/decisions.md 16) and the
Messaging API's JSON events for texts. Each resolves the number it is about first (from To for a
new call or text, from our own call or message row for a callback), checks the Ed25519 signature
with the public key of that number's account alone, translates the event into the core's call and
message functions, and answers at once: no provider request happens in here."""

import json
import logging
import re
from functools import wraps

from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from textback.core import calls, clock, inbox, phones
from textback.core.models import Call, Contact, Message, PhoneNumber
from textback.core.outbox import record_opt_out
from textback.core.providers import PermanentError
from textback.telnyx import signature, transport
from textback.twilio import twiml
from textback.twilio.webhooks import FINAL_CALL_STATUSES, SENDER, seconds

log = logging.getLogger("textback.telnyx")
PROVIDER = AT = "telnyx"


class BadWebhook(Exception):
    """The request is signed but not what Telnyx sends: answered 400 with this message."""


# Call control ids ("v3:9X2v...-aiQ") and message ids (UUIDs): what fits our 64-character columns.
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9:_.\-]{0,63}")


# -- which number, then whose signature ---------------------------------------------------------


def our_number(number):
    if not isinstance(number, str) or not number or len(number) > 20 or "\x00" in number:
        return None
    return PhoneNumber.objects.select_related("business").filter(number=number, provider=PROVIDER).first()


def plausible_id(value):
    return value.strip() if isinstance(value, str) and ID.fullmatch(value.strip()) else ""


def call_row(call_id):
    if not call_id:
        return None
    return Call.objects.select_related("business", "phone_number").filter(provider=PROVIDER, provider_call_id=call_id).first()


def by_to(request):
    return our_number(request.POST.get("To", "").strip()), None


def by_call(request, field="CallSid"):
    call = call_row(plausible_id(request.POST.get(field, "")))
    return (call.phone_number if call else None), call


def by_parent_call(request):
    return by_call(request, "ParentCallSid")


def by_call_or_to(request):
    """A callback that may be the first we hear of a call (its first webhook was lost)."""
    number, call = by_call(request)
    return (number, call) if call is not None else by_to(request)


def signed(request, number):
    """Signed with the public key of the account that owns `number` (None: the default account's)."""
    _, key = transport.account(number)
    return signature.valid(key, request.headers.get("telnyx-timestamp", "").strip(),
                           request.headers.get("telnyx-signature-ed25519", "").strip(), request.body)


def webhook(resolve):
    """A Telnyx webhook: `resolve(request)` names the (number, our call or message row) it is
    about, the signature is checked with that number's account, and the view gets both."""

    def decorate(view):
        @csrf_exempt
        @require_POST
        @wraps(view)
        def checked(request):
            request.body  # noqa: B018 -- kept before the form is parsed: the signature covers these bytes
            number, row = resolve(request)
            if not signed(request, number):
                log.warning("rejected %s: telnyx-signature-ed25519 does not match the number's account", request.path)
                return HttpResponseForbidden("telnyx-signature-ed25519 does not match this request, or it is stale.\n")
            try:
                return view(request, number, row)
            except BadWebhook as e:
                log.warning("refused %s: %s", request.path, e)
                return HttpResponseBadRequest(f"{e}\n")

        return checked

    return decorate


# -- calls: TeXML ---------------------------------------------------------------------------------


def texml(response):
    return HttpResponse(str(response), content_type="text/xml")


def required(request, *names):
    """The named TeXML parameters, each present and plausible; BadWebhook otherwise."""
    for name, values in request.POST.lists():
        if any("\x00" in value for value in (name, *values)):
            raise BadWebhook("a parameter contains a NUL character")
    values = [request.POST.get(n, "").strip() for n in names]
    if missing := [n for n, v in zip(names, values) if not v]:
        raise BadWebhook(f"missing {', '.join(missing)}")
    for name, value in zip(names, values):
        if name.endswith("Sid") and not ID.fullmatch(value):
            raise BadWebhook(f"{name} is not a Telnyx call id")
        if name == "From" and not SENDER.fullmatch(value):
            raise BadWebhook("From is not an E.164 number or a caller ID name")
    return values


def voicemail(business):
    return twiml.voicemail(business, at=AT, transcription=True,
                           transcription_callback=twiml.url("voice/transcription", AT))


@webhook(by_to)
def voice(request, number, _):
    call_id, from_number, to = required(request, "CallSid", "From", "To")
    if number is None:
        log.warning("call to %s, which is not a number of any business", phones.masked(to))
        return texml(twiml.hangup())
    call = calls.started(number, PROVIDER, call_id, from_number)
    if number.mode == PhoneNumber.FORWARDED:
        calls.missed(PROVIDER, call_id, calls.FORWARDED)
        return texml(voicemail(number.business))
    if call.outcome != Call.PENDING:  # a retried webhook for a call already decided
        return texml(voicemail(number.business) if call.outcome == Call.MISSED else twiml.hangup())
    return texml(twiml.ring_owner(number.business, call.caller, at=AT))


@webhook(by_parent_call)
def screen(request, number, call):
    """The owner's leg asks what to play before bridging: the screening question."""
    required(request, "ParentCallSid")
    if call is None:
        return texml(twiml.hangup())
    return texml(twiml.screen(call.business, call.caller, at=AT))


@webhook(by_parent_call)
def screen_result(request, number, call):
    (parent_id,) = required(request, "ParentCallSid")
    accepted = request.POST.get("Digits", "").strip() == "1"
    if call is not None:
        calls.screening_result(PROVIDER, parent_id, accepted)
    # Nothing more bridges the owner to the caller; hanging up sends the caller on to the Dial
    # action, where the call counts as missed.
    return texml(twiml.empty() if accepted else twiml.hangup())


def first_heard_of(number, call, call_id, request):
    """A callback for a call whose first webhook never reached us: it names the caller and the
    number called, so the call is recorded now and no lead is lost. True when it is known now."""
    if call is not None:
        return True
    from_number = request.POST.get("From", "").strip()
    if number is None or not SENDER.fullmatch(from_number):
        return False
    calls.started(number, PROVIDER, call_id, from_number)
    return True


DIAL_MISSES = {"busy": calls.BUSY, "no-answer": calls.NO_ANSWER, "failed": calls.FAILED, "canceled": calls.HUNG_UP}


@webhook(by_call_or_to)
def dial(request, number, call):
    call_id, status = required(request, "CallSid", "DialCallStatus")
    if not first_heard_of(number, call, call_id, request):
        return texml(twiml.hangup())
    # TeXML says no more than "completed" of a bridged leg: the screening decides whether the owner
    # or the cell's voicemail took it.
    bridged = status == "completed"
    call = calls.dial_ended(PROVIDER, call_id, DIAL_MISSES.get(status, calls.DECLINED), bridged)
    if call is None or call.outcome == Call.ANSWERED or (bridged and call.screening_accepted):
        return texml(twiml.hangup())
    return texml(voicemail(call.business))


@webhook(by_call_or_to)
def voice_status(request, number, call):
    call_id, status = required(request, "CallSid", "CallStatus")
    if status in FINAL_CALL_STATUSES and first_heard_of(number, call, call_id, request):
        calls.ended(PROVIDER, call_id, status, seconds(request.POST, "CallDuration"))
    return texml(twiml.empty())


@webhook(by_call)
def voicemail_done(request, number, call):
    return texml(twiml.hangup())


@webhook(by_call)
def recording(request, number, call):
    call_id, url = required(request, "CallSid", "RecordingUrl")
    if not url.startswith(("https://", "http://")) or len(url) > Call._meta.get_field("recording_url").max_length:
        raise BadWebhook("RecordingUrl is not a recording URL")
    if call is not None and request.POST.get("RecordingStatus", "completed") == "completed":
        calls.voicemail(PROVIDER, call_id, recording_url=url, seconds=seconds(request.POST, "RecordingDuration"))
    return texml(twiml.empty())


@webhook(by_call)
def transcription(request, number, call):
    (call_id,) = required(request, "CallSid")
    text = request.POST.get("TranscriptionText", "").strip()
    if call is not None and text and request.POST.get("TranscriptionStatus", "completed") == "completed":
        calls.voicemail(PROVIDER, call_id, transcript=text)
    return texml(twiml.empty())


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


def sent_message(message_id, reference):
    """Our text a status event is about: by Telnyx's id, or, since a status can beat the worker to
    saving the id, by the webhook URL's ?message=ID (while the id is not saved)."""
    if not message_id:
        return None
    found = Message.objects.filter(provider=PROVIDER, provider_message_id=message_id).first()
    if found is None and reference.isdigit() and len(reference) < 19:
        found = (
            Message.objects.filter(id=int(reference), provider=PROVIDER, direction=Message.OUT)
            .filter(Q(provider_message_id__isnull=True, status=Message.SENDING) | Q(provider_message_id=message_id))
            .first()
        )
    return found


def by_event(request):
    kind, payload = event(request)
    if kind == "message.received":
        return our_number(recipient(payload).get("phone_number")), None
    if kind in STATUS_EVENTS:
        message = sent_message(plausible_id(payload.get("id")), request.GET.get("message", ""))
        if message is not None:
            return PhoneNumber.objects.filter(number=message.from_number, provider=PROVIDER).first(), message
    return None, None


@webhook(by_event)
def messaging(request, number, message):
    """The messaging profile's webhook URL (message.received) and each sent text's webhook_url
    (message.sent, message.finalized): one view, as Telnyx may send either kind to either."""
    kind, payload = event(request)
    if kind is None:
        raise BadWebhook('not a Telnyx event: {"data": {"event_type": ..., "payload": {...}}}')
    if kind == "message.received":
        return received(payload, number)
    if kind in STATUS_EVENTS:
        return status(payload, message)
    return HttpResponse(status=200)  # an event textback does not use (message.sent of another app...)


def text_field(payload, name):
    value = payload.get(name) or ""
    if not isinstance(value, str) or "\x00" in value:
        raise BadWebhook(f"{name} is not text")
    return value


def received(payload, number):
    message_id = plausible_id(payload.get("id"))
    sender = payload.get("from")
    from_number = sender.get("phone_number") if isinstance(sender, dict) else None
    if not message_id:
        raise BadWebhook("payload.id is missing or not a Telnyx message id")
    if not isinstance(from_number, str) or not SENDER.fullmatch(from_number.strip()):
        raise BadWebhook("payload.from.phone_number is not an E.164 number or a sender ID")
    body = text_field(payload, "text")
    if number is None:
        to = recipient(payload).get("phone_number")
        log.warning("text to %s, which is not a number of any business", phones.masked(to if isinstance(to, str) else ""))
        return HttpResponse(status=200)
    inbox.received(number, PROVIDER, message_id, from_number.strip(), body, media(payload))
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


def status(payload, message):
    state = recipient(payload).get("status")
    if not isinstance(state, str):
        raise BadWebhook("payload.to[0].status is missing")
    code, words = transport.first_error(payload)
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
        message.save(update_fields=["status", "error_code", "error", "delivered_at"])
    recipient_error = transport.permanent(code, words).recipient if code else None
    if recipient_error == PermanentError.OPTED_OUT:
        record_opt_out(message.business, message.to_number, f"provider error {code}")
    elif recipient_error == PermanentError.NOT_MOBILE:
        Contact.objects.filter(business=message.business, number=message.to_number).update(landline=True)
    return HttpResponse(status=200)
