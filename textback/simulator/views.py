"""/simulator: try textback without a phone account. You play the caller of a business whose
number is on the simulator provider: call it, let it ring out, get the text-back, text back.

Every step goes through textback.simulator.phone, which calls the same core functions as a
provider's webhooks; the texts the business sends go through the real outbox, job queue and
worker, and the simulator transport hands them to this page. Only the transport differs.

The page exists when settings.DEBUG is on or a business number uses the simulator provider, and
it only ever offers and touches simulator-provider numbers: a production install with nothing but
Twilio numbers has no /simulator at all (404). A signed-in user sees the simulator numbers of their
own businesses only; without signing in, the page is open only where the operator made it public
(TEXTBACK_SIMULATOR_PUBLIC, which `textback demo` turns on) and then shows every simulator number.
For everyone, it plays test callers only: never a number with real traffic (is_real).

Without JavaScript the forms post and the page reloads; with it, the same forms post in the
background and the thread is polled as JSON about once a second (see static/simulator/simulator.js).
"""

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from textback.core import clock, hours, leads, phones, sms
from textback.core.models import Call, Message, PhoneNumber
from textback.simulator import phone

DEFAULT_CALLER = "+13125550142"
MAX_CALLS, MAX_MESSAGES = 100, 300  # the newest of each, so a long-used number stays quick

STATUS_WORDS = {
    Message.QUEUED: "Queued",
    Message.SENDING: "Sending…",
    Message.SENT: "Sent",
    Message.DELIVERED: "Delivered",
    Message.UNDELIVERED: "Not delivered",
    Message.FAILED: "Failed",
    Message.GIVEN_UP: "Not sent",
    Message.RECEIVED: "Delivered",  # the business received the caller's text
}
KIND_LABELS = {
    Message.TEXTBACK: "Automatic text-back",
    Message.ASSISTANT: "Assistant",
    Message.NOTIFICATION: "Notification",
    getattr(Message, "CONFIRMATION", "confirmation"): "Confirmation",
}
LEAD_ROWS = (("status", "Status"), ("name", "Name"), ("need", "Need"), ("address", "Address"),
             ("timeline", "When"), ("urgency", "Urgency"), ("score", "Score"))


class BadRequest(Exception):
    """Shown to the person using the simulator: a 400 in JSON, a flash message otherwise."""


def available():
    return settings.DEBUG or PhoneNumber.objects.filter(provider=phone.PROVIDER).exists()


def open_to(request):
    return request.user.is_authenticated or settings.SIMULATOR_PUBLIC or settings.DEBUG


def simulator_numbers(request):
    numbers = PhoneNumber.objects.filter(provider=phone.PROVIDER).select_related("business")
    if request.user.is_authenticated:
        # One tenant's test conversations are not another's to read.
        numbers = numbers.filter(business__memberships__user=request.user)
    return numbers.order_by("business__name", "number")


def normalised(raw):
    """E.164 of what someone typed or put in a URL (where a bare + arrives as a space), or None."""
    raw = (raw or "").strip()[:40]
    for candidate in (raw, "+" + raw) if raw[:1].isdigit() else (raw,):
        try:
            return phones.e164(candidate)
        except ValueError:
            continue
    return None


def find_number(request, raw):
    """The simulator number named by `raw`; Http404 for any other number, Twilio's included."""
    e164 = normalised(raw)
    number = simulator_numbers(request).filter(number=e164).first() if e164 and open_to(request) else None
    if number is None:
        raise Http404("no simulator number like that")
    return number


def caller_number(raw, number):
    me = normalised(raw)
    if me is None:
        raise BadRequest("Type your own number, like +1 312 555 0142.")
    if me == number.number:
        raise BadRequest("That is the business's own number: type the number you call from.")
    if is_real(number.business, me):
        raise BadRequest("The simulator plays test callers only: type another number.")
    return me


def is_real(business, me):
    """A number the simulator must not play, because what it would show or store belongs to real
    traffic: a contact who called or texted one of the business's real numbers, or the owner of a
    business that has any (an owner text is relayed to whichever conversation its #code names)."""
    real_messages = Message.objects.filter(business=business).exclude(provider=phone.PROVIDER)
    real_calls = Call.objects.filter(business=business).exclude(provider=phone.PROVIDER)
    if me == business.owner_cell:
        return (business.numbers.exclude(provider=phone.PROVIDER).exists()
                or real_messages.exists() or real_calls.exists())
    return (real_messages.filter(Q(from_number=me) | Q(to_number=me)).exists()
            or real_calls.filter(from_number=me).exists())


def local_time(business, when):
    local = when.astimezone(hours.zone(business.timezone))
    text = local.strftime("%I:%M %p").lstrip("0")
    today = clock.now().astimezone(local.tzinfo).date()
    return text if local.date() == today else f"{local.strftime('%b')} {local.day}, {text}"


def owner_of(business):
    return business.owner_name or "the owner"


def active_call(number, me):
    """The caller's call still in progress: ringing, or answered and not hung up."""
    call = Call.objects.filter(provider=phone.PROVIDER, phone_number=number, from_number=me).order_by("-started_at", "-id").first()
    if call is None or call.ended_at is not None or call.outcome == Call.MISSED:
        return None
    return call


def call_item(call, business):
    owner = owner_of(business)
    decision = ""
    if call.outcome == Call.PENDING:
        outcome, tone = f"Ringing {owner}'s cell…", "ringing"
    elif call.outcome == Call.ANSWERED:
        outcome, tone = f"Answered by {owner}.", "answered"
        decision = "No text-back: the call was answered."
    else:
        outcome = f"Missed: {call.missed_reason or 'not answered'}."
        tone = call.textback or "deciding"
        decision = {
            Call.TEXTED: "Texted back.",
            Call.SKIPPED: f"Not texted: {call.textback_reason}.",
            Call.JOINED: f"Not texted again: {call.textback_reason}.",
        }.get(call.textback, "Deciding on a text-back…")
    return {
        "key": f"call-{call.id}", "type": "call", "time": local_time(business, call.started_at),
        "title": "You called", "outcome": outcome, "decision": decision,
        "summary": f"{outcome} {decision}".strip(), "tone": tone,
    }


def message_item(message, business):
    mine = message.direction == Message.IN
    status = STATUS_WORDS.get(message.status, message.status.replace("_", " ").capitalize())
    if message.error and message.status in (Message.FAILED, Message.GIVEN_UP, Message.UNDELIVERED):
        status = f"{status}: {message.error}"
    elif message.error and message.status == Message.QUEUED:
        status = f"Queued, retrying: {message.error}"
    if mine and message.opt_out:
        status = f"{status} · taken as opt-out"
    label = "" if mine else KIND_LABELS.get(message.kind, f"{owner_of(business)} (owner)" if message.kind == Message.OWNER else "")
    return {
        "key": f"msg-{message.id}", "type": "message", "side": "me" if mine else "them", "label": label,
        "body": message.body, "time": local_time(business, message.created_at), "status": status,
    }


def thread(number, me):
    """Calls and texts between the caller and this business number, oldest first."""
    business = number.business
    calls = list(
        Call.objects.filter(provider=phone.PROVIDER, phone_number=number, from_number=me).order_by("-started_at", "-id")[:MAX_CALLS]
    )
    texts = list(
        Message.objects.filter(business=business, provider=phone.PROVIDER)
        .filter(
            Q(direction=Message.IN, from_number=me, to_number=number.number)
            | Q(direction=Message.OUT, to_number=me, from_number=number.number)
        )
        .order_by("-created_at", "-id")[:MAX_MESSAGES]
    )
    rows = [((c.started_at, 0, c.id), call_item(c, business)) for c in calls]
    rows += [((m.created_at, 1, m.id), message_item(m, business)) for m in texts]
    return [item for _, item in sorted(rows, key=lambda row: row[0])]


def behind_the_scenes(number, me):
    """What the owner saw of this caller: the lead as understood so far and the texts to the owner."""
    business = number.business
    notes = (
        Message.objects.filter(business=business, kind=Message.NOTIFICATION, conversation__contact__number=me)
        .exclude(to_number=me)
        .order_by("-created_at", "-id")[:20]
    )
    owner_texts = [
        {"key": f"msg-{m.id}", "body": m.body, "time": local_time(business, m.created_at), "urgent": m.urgent}
        for m in reversed(list(notes))
    ]
    conversation = (
        business.conversations.select_related("contact").filter(contact__number=me)
        .order_by("-last_message_at", "-id").first()
    )
    lead = []
    if conversation is not None:
        known = leads.lead_of(conversation)
        for field, label in LEAD_ROWS:
            value = known.get(field)
            if value not in (None, "", "unknown"):
                lead.append({"label": label, "value": str(value).replace("_", " ")})
    return {"owner_texts": owner_texts, "lead": lead}


def state(number, me):
    """Everything the page shows, as the template renders it and as the JSON the page polls."""
    business = number.business
    call = active_call(number, me)
    owner = owner_of(business)
    if call is None:
        callbar, status = "idle", ""
        hint = (
            f"This number only receives calls forwarded from {owner}'s phone: every call to it is already missed."
            if number.mode == PhoneNumber.FORWARDED
            else f"Calls ring {owner}'s cell first; after {business.ring_seconds} s unanswered they count as missed."
        )
    elif call.outcome == Call.PENDING:
        callbar, status = "ringing", f"Ringing {owner}'s cell…"
        hint = f"In real life it rings {business.ring_seconds} s before it counts as missed."
    else:
        callbar, status = "connected", f"On the call with {owner}."
        hint = "Answered calls get no text-back."

    return {
        "business": {
            "name": business.name, "number": number.number, "pretty": phones.pretty(number.number),
            "initial": (business.name[:1] or "?").upper(), "owner": owner, "mode": number.mode,
            "open_now": business.is_open(clock.now()), "hours": hours.describe(business.hours or {}),
            "timezone": business.timezone, "cooldown_hours": business.cooldown_hours,
        },
        "me": me, "me_pretty": phones.pretty(me), "me_is_owner": me == business.owner_cell,
        "owner_page": page_url(number.number, business.owner_cell),
        "callbar": callbar, "call": call.id if call else None, "status": status, "hint": hint,
        "items": thread(number, me),
        **behind_the_scenes(number, me),
    }


def page_url(number, me):
    return f"{reverse('simulator')}?{urlencode({'number': number, 'me': me})}"


def see_other(url):
    response = redirect(url)
    response.status_code = 303
    return response


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@never_cache
@require_GET
def simulator(request):
    if not available():
        raise Http404("the simulator is off: no simulator number and TEXTBACK_DEBUG is off")
    if not open_to(request):
        return redirect_to_login(request.get_full_path())
    numbers = list(simulator_numbers(request))
    context = {"numbers": numbers, "debug": settings.DEBUG, "max_body": sms.MAX_BODY, "default_caller": DEFAULT_CALLER}
    if not numbers:
        return render(request, "simulator/page.html", context)
    wanted = normalised(request.GET.get("number"))
    number = next((n for n in numbers if n.number == wanted), numbers[0])
    raw_me = request.GET.get("me", DEFAULT_CALLER)
    context.update(number=number, me_input=raw_me)
    try:
        me = caller_number(raw_me, number)
    except BadRequest as e:
        context["me_error"] = str(e)
        return render(request, "simulator/page.html", context, status=400 if "me" in request.GET else 200)
    phone.receive(number, me)
    context.update(me=me, state=state(number, me))
    return render(request, "simulator/page.html", context)


@never_cache
@require_GET
def thread_json(request):
    """The thread the page polls: what the caller's phone shows now."""
    if not available():
        raise Http404()
    number = find_number(request, request.GET.get("number"))
    try:
        me = caller_number(request.GET.get("me"), number)
    except BadRequest as e:
        return JsonResponse({"error": str(e)}, status=400)
    phone.receive(number, me)
    return JsonResponse(state(number, me))


def action(view):
    """A POST from the page: JSON state back to the page's script, or a redirect (303) to the page."""

    @never_cache
    @require_POST
    def wrapped(request):
        if not available():
            raise Http404()
        number = find_number(request, request.POST.get("number"))
        raw_me = request.POST.get("me", "")
        try:
            me = caller_number(raw_me, number)
            view(request, number, me)
        except BadRequest as e:
            if wants_json(request):
                return JsonResponse({"error": str(e)}, status=400)
            flash.error(request, str(e))
            return see_other(page_url(number.number, raw_me))
        if wants_json(request):
            return JsonResponse(state(number, me))
        return see_other(page_url(number.number, me))

    wrapped.__name__ = view.__name__
    return wrapped


@action
def place_call(request, number, me):
    if active_call(number, me) is not None:
        return  # a double click: the call already rings
    call = phone.call(number, me)
    if call.outcome == Call.MISSED:  # forwarded mode: missed at once, the caller gets voicemail
        phone.hang_up(call)


CALL_STEPS = {
    "answer": lambda call: phone.owner_answers(call),
    "ring_out": lambda call: (phone.ring_out(call), phone.hang_up(call)),
    "voicemail": lambda call: (phone.voicemail_picks_up(call), phone.hang_up(call)),
    "hang_up": lambda call: phone.hang_up(call),
}


@action
def call_step(request, number, me):
    step = CALL_STEPS.get(request.POST.get("step", ""))
    if step is None:
        raise BadRequest("Unknown step for a call.")
    call_id = request.POST.get("call", "")
    call = None
    if call_id.isdigit():
        call = Call.objects.filter(provider=phone.PROVIDER, phone_number=number, from_number=me, id=int(call_id)).first()
    if call is None:
        raise BadRequest("That call is over. Place a new one.")
    step(call)


@action
def send_text(request, number, me):
    body = request.POST.get("body", "").strip()
    if not body:
        raise BadRequest("Type a message first.")
    if len(body) > sms.MAX_BODY:
        raise BadRequest(f"That is longer than one text can be ({sms.MAX_BODY} characters).")
    phone.text(number, me, body)
