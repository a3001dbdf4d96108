"""The inbox, a conversation's thread (reply, take over, mark booked / lost / spam, block),
leads with their CSV export, and calls. Every view runs for one of the user's businesses."""

import csv
import functools
from datetime import date, datetime, time, timedelta

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db import transaction
import requests
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from textback.core import clock, leads, outbox, phones, sms
from textback.core.models import Call, ConsentEvent, Contact, Conversation, Message
from textback.core.providers import PermanentError
from textback.twilio import transport as twilio
from textback.dashboard.access import SESSION_KEY, business_view, businesses_of, unread_count, unread_label
from textback.hooks import events as hooks

PAGE_SIZE = 50
# Formatting a number parses it (about half a millisecond): once per number per process.
pretty = functools.lru_cache(maxsize=8192)(phones.pretty)
STATUSES = ["qualified", "partial", "existing_customer", "wrong_number", "solicitor", "opted_out", "not_interested"]
URGENCIES = ["emergency", "soon", "flexible", "unknown"]
OUTCOMES = [value for value, _ in Conversation.OUTCOMES if value]


def home(request):
    """/ : the inbox of the business used last (or the first one), or the sign-in page; the
    onboarding wizard for a user without a business, or whose business has no number yet."""
    if not request.user.is_authenticated:
        return redirect("dashboard:sign_in")
    mine = businesses_of(request.user)
    if not mine:
        return redirect("dashboard:start")
    remembered = request.session.get(SESSION_KEY)
    business = next((b for b in mine if b.id == remembered), mine[0])
    if not business.numbers.exists():
        return redirect("dashboard:start_number", business_id=business.id)
    return redirect("dashboard:inbox", business_id=business.id)


# -- the inbox ---------------------------------------------------------------------------------


def local_time(when):
    if when is None:
        return ""
    local, today = timezone.localtime(when), timezone.localtime(clock.now()).date()
    if local.date() == today:
        return date_format(local, "g:i A")
    if (today - local.date()).days < 7:
        return date_format(local, "D g:i A")
    return date_format(local, "M j")


def who(conversation, lead=None):
    contact = conversation.contact
    name = contact.name or (lead or {}).get("name") or (conversation.lead or {}).get("name")
    return name or pretty(contact.number)


def inbox_rows(business):
    last = Message.objects.filter(conversation=OuterRef("pk")).exclude(kind=Message.NOTIFICATION).order_by("-created_at", "-id")
    return (
        business.conversations.select_related("contact")
        .annotate(last_body=Subquery(last.values("body")[:1]), last_direction=Subquery(last.values("direction")[:1]))
        .order_by("-last_message_at", "-id")
    )


def is_unread(conversation):
    return conversation.read_at is None or conversation.last_message_at > conversation.read_at


def row(business, conversation):
    """One inbox row: the same dict for the page and for its live updates (JSON)."""
    lead = leads.lead_of(conversation)
    prefix = "Sent: " if conversation.last_direction == Message.OUT else ""
    return {
        "id": conversation.id,
        "url": reverse("dashboard:thread", args=[business.id, conversation.id]),
        "name": who(conversation, lead),
        "number": pretty(conversation.contact.number),
        "preview": (prefix + (conversation.last_body or "(no messages yet)"))[:140],
        "when": local_time(conversation.last_message_at),
        "unread": is_unread(conversation),
        "urgency": lead["urgency"],
        "status": lead["status"].replace("_", " "),
        "outcome": conversation.outcome,
    }


def inbox_page(request, business):
    paginator = Paginator(inbox_rows(business), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return page, [row(business, c) for c in page.object_list]


@business_view
def inbox(request, business):
    page, rows = inbox_page(request, business)
    return render(request, "dashboard/inbox.html", {"page": page, "rows": rows, "section": "inbox"})


@business_view
def inbox_json(request, business):
    page, rows = inbox_page(request, business)
    unread = unread_count(business)
    return JsonResponse({"conversations": rows, "page": page.number, "unread": unread, "unread_label": unread_label(unread)})


# -- one conversation --------------------------------------------------------------------------


def why_no_reply(contact):
    """Why the owner cannot text this number from the dashboard, or None."""
    if contact.opted_out_at:
        event = contact.consent_events.filter(kind=ConsentEvent.OPT_OUT).order_by("-at").first()
        how = f" ({event.source})" if event else ""
        day = date_format(timezone.localtime(contact.opted_out_at), "M j, Y")
        return f"This number opted out of texts on {day}{how}. The law does not allow texting it again unless they text START."
    if contact.landline:
        return "This number is a landline: it cannot receive texts. Call it back instead."
    if contact.blocked:
        return "You blocked this number. Unblock it to text it."
    return None


def message_view(message):
    kind = {
        Message.TEXTBACK: "Text-back", Message.ASSISTANT: "Assistant", Message.OWNER: "You",
        Message.NOTIFICATION: "Alert to the owner", Message.CONFIRMATION: "Opt-out confirmation", Message.LEAD: "Caller",
    }.get(message.kind, message.kind)
    status = message.get_status_display() if message.direction == Message.OUT else ""
    return {
        "id": message.id,
        "direction": message.direction,
        "kind": message.kind,
        "who": kind,
        "body": message.body,
        "status": status,
        "failed": message.status in (Message.FAILED, Message.UNDELIVERED, Message.GIVEN_UP),
        "error": message.error if message.direction == Message.OUT else "",
        "when": local_time(message.created_at),
        "at": timezone.localtime(message.created_at).isoformat(),
        "opt_out": message.opt_out,
        "media": [m.get("url", "") for m in message.media if isinstance(m, dict)],
    }


def conversation_of(business, conversation_id):
    return get_object_or_404(Conversation.objects.select_related("contact", "phone_number"), id=conversation_id, business=business)


def summary_of(conversation):
    note = conversation.messages.filter(kind=Message.NOTIFICATION, urgent=False).order_by("-created_at", "-id").first()
    return note.body if note else ""


@business_view
def thread(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    contact = conversation.contact
    now = clock.now()
    Conversation.objects.filter(id=conversation.id).update(read_at=now)
    lead = leads.lead_of(conversation)
    transcript = [message_view(m) for m in conversation.messages.order_by("created_at", "id")]
    calls = list(conversation.calls.order_by("-started_at")[:10])
    return render(request, "dashboard/thread.html", {
        "section": "inbox",
        "conversation": conversation,
        "contact": contact,
        "name": who(conversation, lead),
        "number": pretty(contact.number),
        "lead": lead,
        "status_label": lead["status"].replace("_", " "),
        "summary": summary_of(conversation),
        "transcript": transcript,
        "calls": calls,
        "no_reply": why_no_reply(contact),
        "outcomes": Conversation.OUTCOMES[1:],
        "max_body": sms.MAX_BODY,
    })


@business_view
def thread_json(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    transcript = [message_view(m) for m in conversation.messages.order_by("created_at", "id")]
    return JsonResponse({"messages": transcript, "took_over": conversation.owner_took_over_at is not None})


@require_POST
@business_view
def reply(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    back = redirect("dashboard:thread", business_id=business.id, conversation_id=conversation.id)
    body = sms.clean(request.POST.get("body", "")).strip()
    if reason := why_no_reply(conversation.contact):
        flash.error(request, reason)
        return back
    if not body:
        flash.error(request, "Write something to send.")
        return back
    if len(body) > sms.MAX_BODY:
        flash.error(request, f"That is too long for a text ({len(body)} characters, at most {sms.MAX_BODY}).")
        return back
    number = conversation.phone_number  # every message of a conversation goes out from its number
    if number is None:
        flash.error(request, "The number this conversation ran on was removed from the business: it cannot be answered by text.")
        return back
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(id=conversation.id)
        # The outbox has the last word (opted out, blocked, landline, a link in a first text).
        sent = outbox.queue(business=business, number=number, to=conversation.contact.number, body=body,
                            kind=Message.OWNER, conversation=locked)
        if sent.status != Message.GIVEN_UP:
            now = clock.now()
            locked.owner_took_over_at = locked.owner_took_over_at or now
            locked.last_message_at = locked.read_at = now
            locked.save(update_fields=["owner_took_over_at", "last_message_at", "read_at"])
    if sent.status == Message.GIVEN_UP:
        flash.error(request, f"Not sent: {sent.error.removeprefix('not sent: ')}.")
        return back
    flash.success(request, "Sent. The assistant stays quiet in this conversation now that you have taken over.")
    return back


@require_POST
@business_view
def hand_back(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    Conversation.objects.filter(id=conversation.id).update(owner_took_over_at=None)
    flash.success(request, "The assistant answers this caller's next text again.")
    return redirect("dashboard:thread", business_id=business.id, conversation_id=conversation.id)


@require_POST
@business_view
def set_outcome(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    outcome = request.POST.get("outcome", "")
    if outcome not in OUTCOMES + [""]:
        raise Http404("no such outcome")
    with transaction.atomic():
        Conversation.objects.filter(id=conversation.id).update(outcome=outcome)
        if outcome != conversation.outcome:
            previous, conversation.outcome = conversation.outcome, outcome
            hooks.status_changed(conversation, previous)
    flash.success(request, f"Marked as {outcome}." if outcome else "Marked as open again.")
    return redirect("dashboard:thread", business_id=business.id, conversation_id=conversation.id)


@require_POST
@business_view
def block(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    blocked = request.POST.get("blocked") != "0"
    Contact.objects.filter(id=conversation.contact_id, business=business).update(blocked=blocked)
    flash.success(request, "Number blocked: it gets no more texts." if blocked else "Number unblocked.")
    return redirect("dashboard:thread", business_id=business.id, conversation_id=conversation.id)


# -- leads -------------------------------------------------------------------------------------


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)  # a filter beyond these means no bound


def parse_day(text):
    """A YYYY-MM-DD day of the filters, kept within years the database and time zones can hold."""
    try:
        day = datetime.strptime(text or "", "%Y-%m-%d").date()
    except ValueError:
        return None
    return min(max(day, FIRST_DAY), LAST_DAY)


def lead_filters(request, business):
    """The leads matching the query string's filters, and the filters as the form shows them."""
    query = business.conversations.select_related("contact").order_by("-started_at", "-id")
    chosen = {k: request.GET.get(k, "") for k in ("status", "urgency", "outcome", "since", "until")}
    if chosen["status"] == "opted_out":
        query = query.filter(Q(lead__status="opted_out") | Q(contact__opted_out_at__isnull=False))
    elif chosen["status"] in STATUSES:
        query = query.filter(lead__status=chosen["status"], contact__opted_out_at__isnull=True)
    elif chosen["status"] == "partial":
        query = query.filter(Q(lead__status="partial") | Q(lead__status__isnull=True))
    if chosen["urgency"] in URGENCIES:
        urgency = Q(lead__urgency=chosen["urgency"])
        query = query.filter(urgency | Q(lead__urgency__isnull=True) if chosen["urgency"] == "unknown" else urgency)
    if chosen["outcome"] in OUTCOMES or chosen["outcome"] == "none":
        query = query.filter(outcome="" if chosen["outcome"] == "none" else chosen["outcome"])
    zone = timezone.get_current_timezone()
    if since := parse_day(chosen["since"]):
        query = query.filter(started_at__gte=datetime.combine(since, time.min, zone))
    if until := parse_day(chosen["until"]):
        query = query.filter(started_at__lt=datetime.combine(until + timedelta(days=1), time.min, zone))
    return query, chosen


def lead_row(business, conversation):
    lead = leads.lead_of(conversation)
    place = ", ".join(p for p in (lead["address"], lead["city"], lead["postal_code"]) if p)
    return {
        "conversation": conversation, "lead": lead, "name": who(conversation, lead), "place": place,
        "number": pretty(conversation.contact.number),
        "when": date_format(timezone.localtime(conversation.started_at), "M j, g:i A"),
    }


@business_view
def lead_list(request, business):
    query, chosen = lead_filters(request, business)
    page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [lead_row(business, c) for c in page.object_list]
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(request, "dashboard/leads.html", {
        "section": "leads", "page": page, "rows": rows, "chosen": chosen, "query": filters.urlencode(),
        "statuses": STATUSES, "urgencies": URGENCIES, "outcomes": OUTCOMES,
    })


def csv_cell(value):
    """Every cell is untrusted (lead text, and numbers as the provider gave them): one starting with
    = + - @ tab or CR would run as a formula in a spreadsheet (OWASP's CSV-injection rule), so it is
    prefixed with a quote, E.164 numbers' + included."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["started", "name", "phone", "status", "urgency", "score", "need", "address", "city",
               "postal_code", "timeline", "language", "after_hours", "outcome", "took_over"]


@business_view
def lead_csv(request, business):
    query, _ = lead_filters(request, business)
    writer, zone = csv.writer(Echo()), timezone.get_current_timezone()

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for conversation in query.iterator(chunk_size=1000):
            lead = leads.lead_of(conversation)
            values = [
                timezone.localtime(conversation.started_at, zone).isoformat(timespec="minutes"),
                who(conversation, lead), conversation.contact.number, lead["status"], lead["urgency"], lead["score"],
                lead["need"], lead["address"], lead["city"], lead["postal_code"], lead["timeline"], lead["language"],
                "yes" if lead["after_hours"] else "no", conversation.outcome,
                "yes" if conversation.owner_took_over_at else "no",
            ]
            yield writer.writerow([csv_cell(v) for v in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="leads-{business.id}-{stamp}.csv"'
    return response


# -- calls -------------------------------------------------------------------------------------


def seconds_between(start, end):
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


@business_view
def call_list(request, business):
    query = business.calls.select_related("conversation__contact", "phone_number").prefetch_related(
        Prefetch("messages", queryset=Message.objects.filter(kind=Message.TEXTBACK), to_attr="textbacks")
    ).order_by("-started_at", "-id")
    shown = request.GET.get("show", "")
    if shown == "missed":
        query = query.filter(outcome=Call.MISSED)
    elif shown == "not_texted":
        query = query.filter(outcome=Call.MISSED).exclude(textback=Call.TEXTED)
    elif shown == "voicemail":
        query = query.exclude(recording_url="")
    page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    calls = list(page.object_list)
    callers = {c.caller for c in calls if c.caller}
    names = dict(
        Contact.objects.filter(business=business, number__in=callers).exclude(name="").values_list("number", "name")
    )
    rows = []
    for call in calls:
        textback = call.textbacks[0] if call.textbacks else None
        conversation = call.conversation
        rows.append({
            "call": call,
            "who": names.get(call.caller) or pretty(call.caller or call.from_number) or "unknown",
            "number": pretty(call.caller) if call.caller else call.from_number,
            "line": pretty(call.phone_number.number),
            "when": date_format(timezone.localtime(call.started_at), "M j, g:i A"),
            "textback": textback,
            "time_to_text": seconds_between(call.missed_at, textback.first_attempt_at if textback else None),
            "thread": reverse("dashboard:thread", args=[business.id, conversation.id]) if conversation else "",
        })
    return render(request, "dashboard/calls.html", {
        "section": "calls", "page": page, "rows": rows, "shown": shown,
        "query": f"show={shown}&" if shown else "",
    })


# -- voicemail ---------------------------------------------------------------------------------

RECORDING_HEADERS = ("Content-Length", "Content-Range", "Accept-Ranges")


@business_view
def voicemail(request, business, call_id):
    """A call's voicemail, fetched from Twilio with the number's credentials (its recording URLs
    need them) while the owner listens: never inside a webhook. Range requests pass through, so
    the player can seek."""
    call = get_object_or_404(Call.objects.select_related("phone_number"), id=call_id, business=business)
    if call.provider != "twilio" or not call.recording_url:
        raise Http404("no recording")
    try:
        upstream = twilio.open_recording(call.phone_number, call.recording_url, request.headers.get("Range"))
    except PermanentError:  # no credentials at all
        return HttpResponse("No Twilio credentials to fetch this recording with.", status=502, content_type="text/plain")
    except requests.RequestException:
        return HttpResponse("Twilio could not be reached. Try again in a moment.", status=502, content_type="text/plain")
    if upstream is None:
        raise Http404("not a Twilio recording")
    if upstream.status_code not in (200, 206):
        upstream.close()
        if upstream.status_code == 404:
            raise Http404("Twilio has no such recording (deleted?)")
        return HttpResponse(f"Twilio answered {upstream.status_code}.", status=502, content_type="text/plain")

    def chunks():
        try:
            yield from upstream.iter_content(64 * 1024)
        finally:
            upstream.close()

    response = StreamingHttpResponse(chunks(), status=upstream.status_code, content_type="audio/mpeg")
    for name in RECORDING_HEADERS:
        if name in upstream.headers and "Content-Encoding" not in upstream.headers:
            response[name] = upstream.headers[name]
    response["Cache-Control"] = "private, max-age=3600"
    return response
