"""The webhooks of Twilio and of SignalWire, whose cXML webhooks are Twilio's wire format: the
same form fields, the same callbacks, signed the same way with another header and key; and the
call webhooks of Telnyx's TeXML, the same form fields signed another way (its texts are JSON
events: textback/telnyx/webhooks.py, on the same `webhook` decorator). Each view
gets its provider (the URLconf passes it: `urlpatterns(provider)`), checks the signature with the
account of the number it is about, translates the event into the core's call and message
functions, and answers TwiML at once: no provider request happens in here."""

import logging
from functools import wraps

from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from textback.core import calls, incoming, lookups, outbox, phones, text_statuses
from textback.core.models import Call, Contact, Message, PhoneNumber

log = logging.getLogger("textback.twilio")


class BadWebhook(Exception):
    """The request is signed but not what Twilio sends: answered 400 with this message."""


# Every webhook is about one of our numbers, and only the account that owns that number signs for
# it: the number is resolved first (from the per-process cache, core/lookups.py), then the signature
# is checked with that account's key alone (provider.verify), and the posted AccountSid must be that
# account. A request about a number we do not have can only be signed by the default account (and
# is answered, and ignored). The number is the one the request names (To for a call and its dial
# result and status, From for a text we sent), or, for the rarer callbacks, the number of our own
# call row; a callback naming a number whose call or text it is not is refused (403), whatever
# account signed it, and changes nothing: the row is read or changed only on the signing number.


def plausible_sid(provider, request, name):
    value = request.POST.get(name, "").strip()
    return value if provider.sid.fullmatch(value) else ""


def named_number(provider, request, field):
    """Our number that the form field names (To for a new call or text, From for a text we sent)."""
    value = request.POST.get(field, "").strip()
    plausible = value and len(value) <= PhoneNumber._meta.get_field("number").max_length and "\x00" not in value
    return our_number(provider, value) if plausible else None


def by_to(provider, request):
    """A new call or text, a dial result, a call's final status: the number called."""
    return named_number(provider, request, "To"), None


def call_row(provider, sid):
    if not sid:
        return None
    return (Call.objects.select_related("business", "phone_number")
            .filter(provider=provider.name, provider_call_id=sid).first())


def by_call(provider, request, field="CallSid"):
    """A callback about a call: the number of our call row (None when we never saw the call)."""
    call = call_row(provider, plausible_sid(provider, request, field))
    return (call.phone_number if call else None), call


def by_parent_call(provider, request):
    return by_call(provider, request, "ParentCallSid")


def by_message(provider, request):
    """A status callback of a text we sent: the number it names as the sender. Only that number's
    account may sign it, and it can change only texts sent from that number (sms_status)."""
    return named_number(provider, request, "From"), None


def webhook(resolve):
    """A webhook: `resolve(provider, request)` names the (number, our call or message row) it is
    about, the signature is checked with that number's account (provider.verify), and the view
    gets the provider, the form and both."""

    def decorate(view):
        @wraps(view)
        @lookups.one_read()
        def checked(request, provider):
            request.body  # noqa: B018 -- read before the form is parsed: a signature may cover these bytes
            number, row = resolve(provider, request)
            if not provider.verify(request, number):
                return refused(request, provider, f"{provider.signature_header} does not match the number's account")
            try:
                return view(request, provider, form(request), number, row)
            except BadWebhook as e:
                log.warning("refused %s: %s", request.path, e)
                return HttpResponseBadRequest(f"{e}\n")

        checked.provider_webhook = True  # core.middleware.ProviderWebhooks: no dashboard middleware
        return csrf_exempt(require_POST(checked))

    return decorate


def refused(request, provider, why):
    log.warning("rejected %s: %s", request.path, why)
    return HttpResponseForbidden(f"{provider.signature_header} does not match this request.\n")


def form(request):
    """The posted parameters; a NUL character (which PostgreSQL cannot store, and Twilio never
    sends) makes the request malformed."""
    for name, values in request.POST.lists():
        if any("\x00" in value for value in (name, *values)):
            raise BadWebhook("a parameter contains a NUL character")
    return request.POST


def required(provider, params, *names):
    values = [params.get(n, "").strip() for n in names]
    missing = [n for n, v in zip(names, values) if not v]
    if missing:
        raise BadWebhook(f"missing {', '.join(missing)}")
    for name, value in zip(names, values):
        if name.endswith("Sid") and not provider.sid.fullmatch(value):
            raise BadWebhook(f"{name} is not a {provider.label} SID")
        if name == "From" and not phones.SENDER.fullmatch(value):
            raise BadWebhook("From is not an E.164 number or an alphanumeric sender ID")
    return values


def our_number(provider, number):
    return lookups.number(provider.name, number)


def seconds(params, name):
    """A duration in seconds, or None when absent or not a plausible one (it is only informative)."""
    try:
        value = int(params.get(name, ""))
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None


@webhook(by_to)
def voice(request, provider, params, number, _):
    call_sid, from_number, to = required(provider, params, "CallSid", "From", "To")
    if number is None:
        log.warning("call to %s, which is not a number of any business", phones.masked(to))
        return provider.hangup()
    call = calls.started(number, provider.name, call_sid, from_number)
    business = number.business
    if number.mode == PhoneNumber.FORWARDED:
        calls.missed(provider.name, call_sid, calls.FORWARDED)
        return provider.voicemail(business)
    if call.outcome != Call.PENDING:  # a retried webhook for a call already decided
        return provider.voicemail(business) if call.outcome == Call.MISSED else provider.hangup()
    return provider.ring_owner(business, call.caller)


@webhook(by_parent_call)
def screen(request, provider, params, number, call):
    """The owner's leg asks what to play before bridging: the screening question."""
    required(provider, params, "ParentCallSid")
    if call is None:
        return provider.hangup()
    return provider.screen(call.business, call.caller)


@webhook(by_parent_call)
def screen_result(request, provider, params, number, call):
    (parent_sid,) = required(provider, params, "ParentCallSid")
    accepted = params.get("Digits", "").strip() == "1"
    if call is not None:
        calls.screening_result(provider.name, parent_sid, accepted)
    # An empty response bridges the owner to the caller; hanging up sends the caller on to the
    # Dial action, where the call counts as missed.
    return provider.empty() if accepted else provider.hangup()


def first_heard_of(provider, number, call, call_sid, params):
    """A callback for a call whose first webhook never reached us (an outage, a timeout): it
    names the caller and the number called, so the call is recorded now and no lead is lost.
    True when it was recorded (or known already)."""
    if call is not None:
        return True
    if number is None or not phones.SENDER.fullmatch(params.get("From", "").strip()):
        return False
    calls.started(number, provider.name, call_sid, params["From"].strip())
    return True


@webhook(by_to)
def dial(request, provider, params, number, _):
    """The dial result: the call is read once, under its lock (calls.dial_ended), and refused when it
    is not on the number whose account signed."""
    call_sid, status = required(provider, params, "CallSid", "DialCallStatus")
    bridged = status == "completed" and (
        params.get("DialBridged", "").lower() == "true" or "DialBridged" not in params
    )
    reason = {
        "busy": calls.BUSY, "no-answer": calls.NO_ANSWER, "failed": calls.FAILED, "canceled": calls.HUNG_UP,
    }.get(status, calls.DECLINED)
    try:
        call = calls.dial_ended(provider.name, call_sid, reason, bridged, number)
        if call is None and first_heard_of(provider, number, None, call_sid, params):
            call = calls.dial_ended(provider.name, call_sid, reason, bridged, number)
    except calls.OnAnotherNumber:
        return refused(request, provider, "the call is not the signing account's")
    if call is None or call.outcome == Call.ANSWERED or (bridged and call.screening_accepted):
        return provider.hangup()
    return provider.voicemail(call.business)


FINAL_CALL_STATUSES = {"completed", "busy", "no-answer", "canceled", "failed"}


@webhook(by_to)
def voice_status(request, provider, params, number, _):
    """Usually one UPDATE: the call was decided by its dial result and only its end is recorded,
    limited to calls on the number whose account signed. Otherwise the call row decides: a call on
    another account's number is refused, an undecided or unknown one is settled by calls.ended."""
    call_sid, status = required(provider, params, "CallSid", "CallStatus")
    if status not in FINAL_CALL_STATUSES:
        return provider.empty()
    duration = seconds(params, "CallDuration")
    if number is not None and calls.ended_if_decided(number, provider.name, call_sid, status, duration):
        return provider.empty()
    call = call_row(provider, call_sid)
    if call is not None and call.phone_number_id != (number.id if number else None):
        return refused(request, provider, "the call is not the signing account's")
    if first_heard_of(provider, number, call, call_sid, params):
        calls.ended(provider.name, call_sid, status, duration)
    return provider.empty()


@webhook(by_call)
def voicemail_done(request, provider, params, number, call):
    return provider.hangup()


@webhook(by_call)
def recording(request, provider, params, number, call):
    call_sid, url = required(provider, params, "CallSid", "RecordingUrl")
    if not url.startswith(("https://", "http://")) or len(url) > Call._meta.get_field("recording_url").max_length:
        raise BadWebhook("RecordingUrl is not a recording URL")
    if call is not None and params.get("RecordingStatus", "completed") == "completed":
        calls.voicemail(provider.name, call_sid, recording_url=url, seconds=seconds(params, "RecordingDuration"))
    return provider.empty()


@webhook(by_call)
def transcription(request, provider, params, number, call):
    (call_sid,) = required(provider, params, "CallSid")
    if call is not None and params.get("TranscriptionStatus") == "completed":
        calls.voicemail(provider.name, call_sid, transcript=params.get("TranscriptionText", ""))
    return provider.empty()


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


@webhook(by_to)
def sms(request, provider, params, number, _):
    sid, from_number, to = required(provider, params, "MessageSid", "From", "To")
    if len(from_number) > Contact._meta.get_field("number").max_length:
        raise BadWebhook("From is not a phone number")
    if number is None:
        log.warning("text to %s, which is not a number of any business", phones.masked(to))
        return provider.empty()
    incoming.received(
        number, provider.name, sid, from_number, params.get("Body", ""), media(params),
        opt_out_type=params.get("OptOutType", ""),
    )
    return provider.empty()


# A status only moves forward: a late "sent" never overwrites "delivered".
STATUS_RANK = {
    "queued": 0, "accepted": 0, "sending": 1, "sent": 2,
    "delivered": 3, "undelivered": 3, "failed": 3, "read": 4,
}
STATUS_MAP = {"delivered": Message.DELIVERED, "read": Message.DELIVERED, "undelivered": Message.UNDELIVERED, "failed": Message.FAILED}
# The rank of each status of ours (given up and the rest: 0).
OUR_RANK = {Message.QUEUED: 0, Message.SENDING: 1, Message.SENT: 2, Message.DELIVERED: 3, Message.UNDELIVERED: 3,
            Message.FAILED: 3}


@webhook(by_message)
def sms_status(request, provider, params, number, _):
    """One statement on the text, limited to texts sent from the number whose account signed: an
    UPDATE for a status we keep, an EXISTS for the others (raw SQL, core/text_statuses.py). Only
    when it finds nothing is the text looked for among other numbers: a callback about another
    account's text is refused (403)."""
    sid, status = required(provider, params, "MessageSid", "MessageStatus")
    code = params.get("ErrorCode", "").strip()
    if code and not (code.isdigit() and len(code) <= Message._meta.get_field("error_code").max_length):
        raise BadWebhook(f"ErrorCode is not a {provider.label} error code")
    reference = request.GET.get("message", "")
    if number is None:
        found = False
    elif status in STATUS_MAP:
        below = [s for s, rank in OUR_RANK.items() if rank <= STATUS_RANK[status]]
        found = text_statuses.moved(provider.name, sid, reference, number.number, below, STATUS_MAP[status], code) or (
            text_statuses.exists(provider.name, sid, reference, number.number)
        )  # none updated: already past this status, or not a text of this number
    else:
        found = text_statuses.exists(provider.name, sid, reference, number.number)
    if not found:
        if text_statuses.exists(provider.name, sid, reference):
            return refused(request, provider, "the text is not the signing account's")
        return provider.empty()
    # What the code says about the recipient, read from the provider's one table; the text is read
    # only when it says something (opted out, not a mobile).
    error = provider.classify(code, f"delivery report {status}") if code else None
    if getattr(error, "recipient", None) and (
        message := text_statuses.first(provider.name, sid, reference, number.number)
    ) is not None:
        outbox.recipient_refused(message, error)
    return provider.empty()


CALLS = [
    ("voice", voice), ("voice/dial", dial), ("voice/status", voice_status), ("voice/screen", screen),
    ("voice/screen/result", screen_result), ("voice/voicemail", voicemail_done), ("voice/recording", recording),
    ("voice/transcription", transcription),
]
TEXTS = [("sms", sms), ("sms/status", sms_status)]


def urlpatterns(provider, routes=CALLS + TEXTS):
    """The provider's webhook routes (mounted at /{provider.name}/), each view given the provider."""
    return [path(route, view, {"provider": provider}) for route, view in routes]
