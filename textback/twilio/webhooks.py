"""Twilio's webhooks. Each checks X-Twilio-Signature with the account of the number it is about,
translates the event into the core's call and message functions, and answers TwiML at once: no
provider request happens in here."""

import logging
import re
from functools import wraps

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from textback.core import calls, clock, inbox, lookups, phones
from textback.core.models import Call, Contact, Message, PhoneNumber
from textback.core.outbox import record_opt_out
from textback.twilio import transport, twiml

log = logging.getLogger("textback.twilio")
PROVIDER = "twilio"


class BadWebhook(Exception):
    """The request is signed but not what Twilio sends: answered 400 with this message."""


# CA..., SM..., MM...: two letters and 32 hex digits at Twilio; what fits our columns is accepted.
SID = re.compile(r"[A-Za-z]{2}[A-Za-z0-9]{1,62}")


# Every webhook is about one of our numbers, and only the Twilio account that owns that number
# signs for it: the number is resolved first (from the per-process cache, core/lookups.py), then the
# signature is checked with that account's token alone, and the posted AccountSid must be that
# account. A request about a number we do not have can only be signed by the default account (and
# is answered, and ignored). The number is the one the request names (To for a call and its dial
# result and status, From for a text we sent), or, for the rarer callbacks, the number of our own
# call row; a callback naming a number whose call or text it is not is refused (403), whatever
# account signed it, and changes nothing: the row is read or changed only on the signing number.


def plausible_sid(request, name):
    value = request.POST.get(name, "").strip()
    return value if SID.fullmatch(value) else ""


def named_number(request, field):
    """Our number that the form field names (To for a new call or text, From for a text we sent)."""
    value = request.POST.get(field, "").strip()
    plausible = value and len(value) <= PhoneNumber._meta.get_field("number").max_length and "\x00" not in value
    return our_number(value) if plausible else None


def by_to(request):
    """A new call or text: the number called."""
    return named_number(request, "To"), None


def call_row(sid):
    if not sid:
        return None
    return Call.objects.select_related("business", "phone_number").filter(provider=PROVIDER, provider_call_id=sid).first()


def by_call(request, field="CallSid"):
    """A callback about a call: the number of our call row (None when we never saw the call)."""
    call = call_row(plausible_sid(request, field))
    return (call.phone_number if call else None), call


def by_parent_call(request):
    return by_call(request, "ParentCallSid")


def by_message(request):
    """A status callback of a text we sent: the number it names as the sender. Only that number's
    account may sign it, and it can change only texts sent from that number (sms_status)."""
    return named_number(request, "From"), None


def signed(request, number):
    """Signed by the account that owns `number` (None: only the default account may sign). Twilio
    always posts the AccountSid; a body that is not a form has none, and its signature alone
    decides (it is then answered 400 for what it lacks)."""
    sid, token = transport.account(number)
    signature = request.headers.get("X-Twilio-Signature", "")
    # The URL Twilio called, rebuilt from the public URL: behind a proxy the Host we see differs,
    # and a path prefix is already in the public URL (the server may pass it as SCRIPT_NAME too).
    url = settings.PUBLIC_URL + request.get_full_path_info()
    return (
        bool(signature and sid and token)
        and request.POST.get("AccountSid", sid) == sid
        and RequestValidator(token).validate(url, request.POST, signature)
    )


def webhook(resolve):
    """A Twilio webhook: `resolve(request)` names the (number, our call or message row) it is
    about, the signature is checked with that number's account, and the view gets both."""

    def decorate(view):
        @csrf_exempt
        @require_POST
        @wraps(view)
        def checked(request):
            number, row = resolve(request)
            if not signed(request, number):
                return refused(request, "X-Twilio-Signature does not match the number's account")
            try:
                return view(request, form(request), number, row)
            except BadWebhook as e:
                log.warning("refused %s: %s", request.path, e)
                return HttpResponseBadRequest(f"{e}\n")

        return checked

    return decorate


def refused(request, why):
    log.warning("rejected %s: %s", request.path, why)
    return HttpResponseForbidden("X-Twilio-Signature does not match this request.\n")


def form(request):
    """The posted parameters; a NUL character (which PostgreSQL cannot store, and Twilio never
    sends) makes the request malformed."""
    for name, values in request.POST.lists():
        if any("\x00" in value for value in (name, *values)):
            raise BadWebhook("a parameter contains a NUL character")
    return request.POST


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
    return lookups.number(PROVIDER, number)


def seconds(params, name):
    """A duration in seconds, or None when absent or not a plausible one (it is only informative)."""
    try:
        value = int(params.get(name, ""))
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None


@webhook(by_to)
def voice(request, params, number, _):
    call_sid, from_number, to = required(params, "CallSid", "From", "To")
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


@webhook(by_parent_call)
def screen(request, params, number, call):
    """The owner's leg asks what to play before bridging: the screening question."""
    required(params, "ParentCallSid")
    if call is None:
        return twiml_response(twiml.hangup())
    return twiml_response(twiml.screen(call.business, call.caller))


@webhook(by_parent_call)
def screen_result(request, params, number, call):
    (parent_sid,) = required(params, "ParentCallSid")
    accepted = params.get("Digits", "").strip() == "1"
    if call is not None:
        calls.screening_result(PROVIDER, parent_sid, accepted)
    # An empty response bridges the owner to the caller; hanging up sends the caller on to the
    # Dial action, where the call counts as missed.
    return twiml_response(twiml.empty() if accepted else twiml.hangup())


def first_heard_of(number, call, call_sid, params):
    """A callback for a call whose first webhook never reached us (an outage, a timeout): it
    names the caller and the number called, so the call is recorded now and no lead is lost.
    True when it was recorded (or known already)."""
    if call is not None:
        return True
    if number is None or not params.get("From"):
        return False
    calls.started(number, PROVIDER, call_sid, params["From"])
    return True


@webhook(by_to)
def dial(request, params, number, _):
    """The dial result: the call is read once, under its lock (calls.dial_ended), and refused when it
    is not on the number whose account signed."""
    call_sid, status = required(params, "CallSid", "DialCallStatus")
    bridged = status == "completed" and (
        params.get("DialBridged", "").lower() == "true" or "DialBridged" not in params
    )
    reason = {
        "busy": calls.BUSY, "no-answer": calls.NO_ANSWER, "failed": calls.FAILED, "canceled": calls.HUNG_UP,
    }.get(status, calls.DECLINED)
    try:
        call = calls.dial_ended(PROVIDER, call_sid, reason, bridged, number)
        if call is None and first_heard_of(number, None, call_sid, params):
            call = calls.dial_ended(PROVIDER, call_sid, reason, bridged, number)
    except calls.OnAnotherNumber:
        return refused(request, "the call is not the signing account's")
    if call is None or call.outcome == Call.ANSWERED or (bridged and call.screening_accepted):
        return twiml_response(twiml.hangup())
    return twiml_response(twiml.voicemail(call.business))


FINAL_CALL_STATUSES = {"completed", "busy", "no-answer", "canceled", "failed"}


@webhook(by_to)
def voice_status(request, params, number, _):
    """Usually one UPDATE: the call was decided by its dial result and only its end is recorded,
    limited to calls on the number whose account signed. Otherwise the call row decides: a call on
    another account's number is refused, an undecided or unknown one is settled by calls.ended."""
    call_sid, status = required(params, "CallSid", "CallStatus")
    if status not in FINAL_CALL_STATUSES:
        return twiml_response(twiml.empty())
    duration = seconds(params, "CallDuration")
    if number is not None and calls.ended_if_decided(number, PROVIDER, call_sid, status, duration):
        return twiml_response(twiml.empty())
    call = call_row(call_sid)
    if call is not None and call.phone_number_id != (number.id if number else None):
        return refused(request, "the call is not the signing account's")
    if first_heard_of(number, call, call_sid, params):
        calls.ended(PROVIDER, call_sid, status, duration)
    return twiml_response(twiml.empty())


@webhook(by_call)
def voicemail_done(request, params, number, call):
    return twiml_response(twiml.hangup())


@webhook(by_call)
def recording(request, params, number, call):
    call_sid, url = required(params, "CallSid", "RecordingUrl")
    if not url.startswith(("https://", "http://")) or len(url) > Call._meta.get_field("recording_url").max_length:
        raise BadWebhook("RecordingUrl is not a recording URL")
    if call is not None and params.get("RecordingStatus", "completed") == "completed":
        calls.voicemail(PROVIDER, call_sid, recording_url=url, seconds=seconds(params, "RecordingDuration"))
    return twiml_response(twiml.empty())


@webhook(by_call)
def transcription(request, params, number, call):
    (call_sid,) = required(params, "CallSid")
    if call is not None and params.get("TranscriptionStatus") == "completed":
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


@webhook(by_to)
def sms(request, params, number, _):
    sid, from_number, to = required(params, "MessageSid", "From", "To")
    if len(from_number) > Contact._meta.get_field("number").max_length:
        raise BadWebhook("From is not a phone number")
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
# The rank of each status of ours (given up and the rest: 0).
OUR_RANK = {Message.QUEUED: 0, Message.SENDING: 1, Message.SENT: 2, Message.DELIVERED: 3, Message.UNDELIVERED: 3,
            Message.FAILED: 3}


def about(sid, reference):
    """The texts a status callback is about: by its sid, or, since a status callback can beat the
    sender to saving the sid, by the callback URL's ?message=ID (while no sid is saved)."""
    match = Q(provider_message_id=sid)
    if reference.isdigit() and len(reference) < 19:
        match |= Q(id=int(reference), provider_message_id__isnull=True, status=Message.SENDING)
    return Message.objects.filter(match, provider=PROVIDER, direction=Message.OUT)


@webhook(by_message)
def sms_status(request, params, number, _):
    """One statement on the text, limited to texts sent from the number whose account signed: an
    UPDATE for a status we keep, an EXISTS for the others. Only when it finds nothing is the text
    looked for among other numbers: a callback about another account's text is refused (403)."""
    sid, status = required(params, "MessageSid", "MessageStatus")
    code = params.get("ErrorCode", "").strip()
    if code and not (code.isdigit() and len(code) <= Message._meta.get_field("error_code").max_length):
        raise BadWebhook("ErrorCode is not a Twilio error code")
    texts = about(sid, request.GET.get("message", ""))
    ours = texts.filter(from_number=number.number) if number is not None else texts.none()
    if status in STATUS_MAP:
        new = STATUS_MAP[status]
        found = ours.filter(status__in=[s for s, rank in OUR_RANK.items() if rank <= STATUS_RANK[status]]).update(
            status=new, error_code=code or F("error_code"),
            delivered_at=clock.now() if new == Message.DELIVERED else F("delivered_at"),
        ) or ours.exists()  # none updated: already past this status, or not a text of this number
    else:
        found = number is not None and ours.exists()
    if not found:
        if texts.exists():
            return refused(request, "the text is not the signing account's")
        return twiml_response(twiml.empty())
    if code in ("21610", "30006") and (message := ours.select_related("business").first()) is not None:
        if code == "21610":
            record_opt_out(message.business, message.to_number, "provider error 21610")
        else:
            Contact.objects.filter(business=message.business, number=message.to_number).update(landline=True)
    return twiml_response(twiml.empty())
