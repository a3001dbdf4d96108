"""Twilio's webhooks. Each checks X-Twilio-Signature, translates the event into the core's call
and message functions, and answers TwiML at once: no provider request happens in here."""

import logging
import re
from functools import wraps

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from textback.core import calls, clock, inbox, phones
from textback.core.models import Call, Contact, Message, PhoneNumber
from textback.core.outbox import record_opt_out
from textback.twilio import twiml

log = logging.getLogger("textback.twilio")
PROVIDER = "twilio"


class BadWebhook(Exception):
    """The request is signed but not what Twilio sends: answered 400 with this message."""


def tokens_for(account_sid):
    """Auth tokens that may have signed a request from this account, most likely first: the
    default account's (no query needed), then those of numbers kept under the account
    (subaccounts, Messaging Service pools), looked up only if the first did not match."""
    if settings.TWILIO_AUTH_TOKEN:
        yield settings.TWILIO_AUTH_TOKEN
    yield from (
        PhoneNumber.objects.filter(provider=PROVIDER, account_sid=account_sid)
        .exclude(auth_token="")
        .exclude(auth_token=settings.TWILIO_AUTH_TOKEN)
        .values_list("auth_token", flat=True)
        .distinct()
    )


def signed(request):
    signature = request.headers.get("X-Twilio-Signature", "")
    # The URL Twilio called, rebuilt from the public URL: behind a proxy the Host we see differs,
    # and a path prefix is already in the public URL (the server may pass it as SCRIPT_NAME too).
    url = settings.PUBLIC_URL + request.get_full_path_info()
    return bool(signature) and any(
        RequestValidator(token).validate(url, request.POST, signature)
        for token in tokens_for(request.POST.get("AccountSid", ""))
    )


def webhook(view):
    @csrf_exempt
    @require_POST
    @wraps(view)
    def checked(request):
        if not signed(request):
            log.warning("rejected %s: X-Twilio-Signature does not match", request.path)
            return HttpResponseForbidden("X-Twilio-Signature does not match this request.\n")
        try:
            return view(request, form(request))
        except BadWebhook as e:
            log.warning("refused %s: %s", request.path, e)
            return HttpResponseBadRequest(f"{e}\n")

    return checked


def form(request):
    """The posted parameters; a NUL character (which PostgreSQL cannot store, and Twilio never
    sends) makes the request malformed."""
    for name, values in request.POST.lists():
        if any("\x00" in value for value in (name, *values)):
            raise BadWebhook("a parameter contains a NUL character")
    return request.POST


# CA..., SM..., MM...: two letters and 32 hex digits at Twilio; what fits our columns is accepted.
SID = re.compile(r"[A-Za-z]{2}[A-Za-z0-9]{1,62}")
# A sender: E.164 (withheld IDs' keypad forms and short codes included), or an alphanumeric sender ID
# or withheld-ID word (letters, digits, spaces; at most 11). Nothing else, so no formula gets stored.
SENDER = re.compile(r"\+?\d{2,15}|(?=[A-Za-z0-9 ]{1,11}\Z)[0-9 ]*[A-Za-z][A-Za-z0-9 ]*")


def required(params, *names):
    values = [params.get(n, "").strip() for n in names]
    missing = [n for n, v in zip(names, values) if not v]
    if missing:
        raise BadWebhook(f"missing {', '.join(missing)}")
    for name, value in zip(names, values):
        if name.endswith("Sid") and not SID.fullmatch(value):
            raise BadWebhook(f"{name} is not a Twilio SID")
        if name == "From" and not SENDER.fullmatch(value):
            raise BadWebhook("From is not an E.164 number or an alphanumeric sender ID")
    return values


def twiml_response(response):
    return HttpResponse(str(response), content_type="text/xml")


def our_number(number):
    return PhoneNumber.objects.select_related("business").filter(number=number, provider=PROVIDER).first()


def seconds(params, name):
    """A duration in seconds, or None when absent or not a plausible one (it is only informative)."""
    try:
        value = int(params.get(name, ""))
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None


@webhook
def voice(request, params):
    call_sid, from_number, to = required(params, "CallSid", "From", "To")
    number = our_number(to)
    if number is None:
        log.warning("call to %s, which is not a number of any business", phones.masked(to))
        return twiml_response(twiml.hangup())
    call = calls.started(number, PROVIDER, call_sid, from_number)
    business = number.business
    if number.mode == PhoneNumber.FORWARDED:
        calls.missed(PROVIDER, call_sid, calls.FORWARDED)
        return twiml_response(twiml.voicemail(business))
    if call.outcome != Call.PENDING:  # a retried webhook for a call already decided
        return twiml_response(twiml.voicemail(business) if call.outcome == Call.MISSED else twiml.hangup())
    return twiml_response(twiml.ring_owner(business, call.caller))


@webhook
def screen(request, params):
    """The owner's leg asks what to play before bridging: the screening question."""
    (parent_sid,) = required(params, "ParentCallSid")
    call = Call.objects.select_related("business").filter(provider=PROVIDER, provider_call_id=parent_sid).first()
    if call is None:
        return twiml_response(twiml.hangup())
    return twiml_response(twiml.screen(call.business, call.caller))


@webhook
def screen_result(request, params):
    (parent_sid,) = required(params, "ParentCallSid")
    accepted = params.get("Digits", "").strip() == "1"
    calls.screening_result(PROVIDER, parent_sid, accepted)
    # An empty response bridges the owner to the caller; hanging up sends the caller on to the
    # Dial action, where the call counts as missed.
    return twiml_response(twiml.empty() if accepted else twiml.hangup())


@webhook
def dial(request, params):
    call_sid, status = required(params, "CallSid", "DialCallStatus")
    bridged = status == "completed" and (
        params.get("DialBridged", "").lower() == "true" or "DialBridged" not in params
    )
    reason = {
        "busy": calls.BUSY, "no-answer": calls.NO_ANSWER, "failed": calls.FAILED, "canceled": calls.HUNG_UP,
    }.get(status, calls.DECLINED)
    call = calls.dial_ended(PROVIDER, call_sid, reason, bridged)
    if call is None or call.outcome == Call.ANSWERED or (bridged and call.screening_accepted):
        return twiml_response(twiml.hangup())
    return twiml_response(twiml.voicemail(call.business))


FINAL_CALL_STATUSES = {"completed", "busy", "no-answer", "canceled", "failed"}


@webhook
def voice_status(request, params):
    call_sid, status = required(params, "CallSid", "CallStatus")
    if status not in FINAL_CALL_STATUSES:
        return twiml_response(twiml.empty())
    known = Call.objects.filter(provider=PROVIDER, provider_call_id=call_sid).exists()
    number = our_number(params.get("To", ""))
    if not known and number is not None and params.get("From"):
        # The call's first webhook never reached us (an outage, a timeout): the final status
        # alone still tells us a caller was missed.
        calls.started(number, PROVIDER, call_sid, params["From"])
    calls.ended(PROVIDER, call_sid, status, seconds(params, "CallDuration"))
    return twiml_response(twiml.empty())


@webhook
def voicemail_done(request, params):
    return twiml_response(twiml.hangup())


@webhook
def recording(request, params):
    call_sid, url = required(params, "CallSid", "RecordingUrl")
    if not url.startswith(("https://", "http://")) or len(url) > Call._meta.get_field("recording_url").max_length:
        raise BadWebhook("RecordingUrl is not a recording URL")
    if params.get("RecordingStatus", "completed") == "completed":
        calls.voicemail(PROVIDER, call_sid, recording_url=url, seconds=seconds(params, "RecordingDuration"))
    return twiml_response(twiml.empty())


@webhook
def transcription(request, params):
    (call_sid,) = required(params, "CallSid")
    if params.get("TranscriptionStatus") == "completed":
        calls.voicemail(PROVIDER, call_sid, transcript=params.get("TranscriptionText", ""))
    return twiml_response(twiml.empty())


def media(params):
    try:
        count = int(params.get("NumMedia", "0") or 0)
    except ValueError:
        raise BadWebhook("NumMedia is not a number") from None
    items = []
    for n in range(min(count, 20)):
        url = params.get(f"MediaUrl{n}", "")
        if url:
            items.append({"url": url, "content_type": params.get(f"MediaContentType{n}", "")})
    return items


@webhook
def sms(request, params):
    sid, from_number, to = required(params, "MessageSid", "From", "To")
    if len(from_number) > Contact._meta.get_field("number").max_length:
        raise BadWebhook("From is not a phone number")
    number = our_number(to)
    if number is None:
        log.warning("text to %s, which is not a number of any business", phones.masked(to))
        return twiml_response(twiml.empty())
    inbox.received(
        number, PROVIDER, sid, from_number, params.get("Body", ""), media(params),
        opt_out_type=params.get("OptOutType", ""),
    )
    return twiml_response(twiml.empty())


# A status only moves forward: a late "sent" never overwrites "delivered".
STATUS_RANK = {
    "queued": 0, "accepted": 0, "sending": 1, "sent": 2,
    "delivered": 3, "undelivered": 3, "failed": 3, "read": 4,
}
STATUS_MAP = {"delivered": Message.DELIVERED, "read": Message.DELIVERED, "undelivered": Message.UNDELIVERED, "failed": Message.FAILED}


def sent_by_us(reference, sid):
    """A status callback can beat the worker to saving the message's sid; the callback URL names
    our message (?message=ID) so the status is not lost."""
    if not reference.isdigit():
        return None
    return (
        Message.objects.filter(id=int(reference), provider=PROVIDER, direction=Message.OUT)
        .filter(Q(provider_message_id__isnull=True, status=Message.SENDING) | Q(provider_message_id=sid))
        .first()
    )


@webhook
def sms_status(request, params):
    sid, status = required(params, "MessageSid", "MessageStatus")
    code = params.get("ErrorCode", "").strip()
    if code and not (code.isdigit() and len(code) <= Message._meta.get_field("error_code").max_length):
        raise BadWebhook("ErrorCode is not a Twilio error code")
    message = Message.objects.filter(provider=PROVIDER, provider_message_id=sid).first() or sent_by_us(
        request.GET.get("message", ""), sid
    )
    if message is None or status not in STATUS_RANK:
        return twiml_response(twiml.empty())
    current = STATUS_RANK.get(message.status, 2 if message.status == Message.SENT else 0)
    if STATUS_RANK[status] >= current and status in STATUS_MAP:
        message.status = STATUS_MAP[status]
        message.error_code = code or message.error_code
        if message.status == Message.DELIVERED:
            message.delivered_at = clock.now()
        message.save(update_fields=["status", "error_code", "delivered_at"])
    if code == "21610":
        record_opt_out(message.business, message.to_number, "provider error 21610")
    elif code == "30006":
        Contact.objects.filter(business=message.business, number=message.to_number).update(landline=True)
    return twiml_response(twiml.empty())
