"""The inbox, a conversation's thread (reply, take over, mark booked / lost / spam, block),
leads with their CSV export, and calls. Every view runs for one of the user's businesses."""

import csv
import functools
import re
from datetime import date, datetime, time, timedelta

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db import connection, transaction
import requests
from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from textback.assistant import schema
from textback.assistant.schema import Status, Urgency
from textback.core import clock, leads, outbox, phones, sms
from textback.core.models import Call, ConsentEvent, Contact, Conversation, Message
from textback.core import providers
from textback.core.providers import PermanentError
from textback.dashboard.access import SESSION_KEY, business_view, businesses_of, unread_count, unread_label
from textback.dashboard.labels import choices, label, map_url, place
from textback.simulator import phone as simulator_phone
from textback.simulator.views import DEFAULT_CALLER, page_url
from textback.hooks import events as hooks

PAGE_SIZE = 50
# Formatting a number parses it (about half a millisecond): once per number per process.
pretty = functools.lru_cache(maxsize=8192)(phones.pretty)
STATUSES = [status.value for status in Status]
URGENCIES = [urgency.value for urgency in Urgency]
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


# Leads that need nothing more from the owner: never "needs me", whatever they said.
DONE_STATUSES = [status.value for status in schema.DONE_STATUSES]
EMERGENCY, NEW_LEAD, THE_REST = 0, 1, 2


def needs_me(business):
    """Not marked booked / lost / spam, not handled (the owner has not answered it), not closed
    (the caller opted out), not a caller who needs nothing (wrong number, solicitor...), not
    blocked. The few blocked or opted-out contacts are one small list, not a join of them all."""
    gone = Contact.objects.filter(Q(blocked=True) | Q(opted_out_at__isnull=False), business=business).values("id")
    return (
        Q(outcome="", owner_took_over_at__isnull=True, status=Conversation.OPEN)
        & (Q(lead__status__isnull=True) | ~Q(lead__status__in=DONE_STATUSES))
        & ~Q(contact_id__in=gone)
    )


def priority_sql(vendor, table="core_conversation"):
    """What needs the owner now comes first: emergencies not yet handled (0), then new qualified
    leads (1), then the rest (2), from the conversation's own columns only, so that on PostgreSQL
    the index of dashboard migration 0004, made of this very expression, hands the inbox over in
    order (no sort of 100,000 rows). Blocked contacts are left to the "needs me" filter."""
    def key(name):
        return f"({table}.lead ->> '{name}')" if vendor == "postgresql" else f"json_extract({table}.lead, '$.{name}')"

    done = ", ".join(f"'{status}'" for status in DONE_STATUSES)
    return (
        f"(CASE WHEN {table}.outcome = '' AND {table}.owner_took_over_at IS NULL AND {table}.status = 'open'"
        f" AND COALESCE({key('status')}, '') NOT IN ({done})"
        f" THEN (CASE WHEN {key('urgency')} = '{Urgency.EMERGENCY}' THEN {EMERGENCY} WHEN {key('status')} = '{Status.QUALIFIED}'"
        f" THEN {NEW_LEAD} ELSE {THE_REST} END) ELSE {THE_REST} END)"
    )


def priority():
    return RawSQL(priority_sql(connection.vendor, '"core_conversation"'), [], output_field=IntegerField())


def search_terms(business, q):
    """What q may be found in, one condition on conversations each: the caller's texts, name,
    address, and, when q reads like one, phone number (on PostgreSQL each has a trigram index,
    dashboard migration 0003). Never one OR across them: that tests every conversation."""
    q = (q or "").strip()[:100]
    if not q:
        return []
    terms = [
        Exists(Message.objects.filter(conversation=OuterRef("pk"), body__icontains=q)),
        Q(contact_id__in=Contact.objects.filter(business=business, name__icontains=q).values("id")),
        Q(lead__address__icontains=q),
    ]
    digits = re.sub(r"\D", "", q)
    if len(digits) >= 3 and not re.search(r"[^\d\s()+.-]", q):  # a phone number, written any way
        terms.append(Q(contact_id__in=Contact.objects.filter(business=business, number__icontains=digits).values("id")))
    return terms


def matching(business, query, q):
    """The conversations of query that match q: one list of ids, each term's from its index."""
    terms = search_terms(business, q)
    if not terms:
        return query
    found = [business.conversations.filter(term).values("id") for term in terms]
    return query.filter(id__in=found[0].union(*found[1:]))


INBOX_ORDER = ("priority", "-last_message_at", "-id")
LEADS_ORDER = ("-started_at", "-id")


def first_matches(business, query, q, count, order=INBOX_ORDER):
    """The ids of the first `count` conversations of query matching q, in that order (ending with
    the id): each term's first ones read off the order's index (PostgreSQL stops early for a word
    in every text, and goes by the trigram index for a rare one), then merged. Fast either way at
    100,000 conversations, where one list of every match is not (a word in every text)."""
    found = set()
    for term in search_terms(business, q):
        ranked = query.filter(term).annotate(priority=priority()).order_by(*order)
        found.update(ranked.values_list(*(field.lstrip("-") for field in order))[:count])
    ranked = list(found)
    for i in reversed(range(len(order))):  # stable sorts, last key first: each key its own direction
        ranked.sort(key=lambda r: r[i], reverse=order[i].startswith("-"))
    return [r[-1] for r in ranked][:count]


def searched_page(business, query, q, number, order):
    """A countless page of query's conversations matching q, through first_matches."""
    def rows_between(start, stop):
        ids = first_matches(business, query, q, stop, order)[start:]
        found = {c.id: c for c in query.filter(id__in=ids)}
        return [found[i] for i in ids if i in found]

    return CountlessPage(rows_between, number)


def inbox_rows(business, q="", only_needs_me=False):
    """The inbox's conversations in its order (what needs the owner first), matching q if given."""
    last = Message.objects.filter(conversation=OuterRef("pk")).exclude(kind=Message.NOTIFICATION).order_by("-created_at", "-id")
    query = business.conversations.select_related("contact")
    if only_needs_me:
        query = query.filter(needs_me(business))
    return (
        matching(business, query, q)
        .annotate(last_body=Subquery(last.values("body")[:1]), last_direction=Subquery(last.values("direction")[:1]),
                  priority=priority())
        .order_by(*INBOX_ORDER)
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
        "last_at": conversation.last_message_at.isoformat(),
        "unread": is_unread(conversation),
        "priority": {EMERGENCY: "Emergency: needs you", NEW_LEAD: "New lead: needs you"}.get(conversation.priority, ""),
        "urgency": lead["urgency"], "urgency_label": label(lead["urgency"]),
        "status": lead["status"], "status_label": label(lead["status"]),
        "outcome": conversation.outcome, "outcome_label": label(conversation.outcome) if conversation.outcome else "",
    }


class CountlessPage:
    """A page of the inbox without counting every conversation first (at 100,000, counting the
    ones that need the owner costs more than reading the page): one row more says there is a next."""

    def __init__(self, rows_between, number):
        try:
            self.number = min(max(1, int(number or 1)), 1_000_000)  # an offset the databases can hold
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * PAGE_SIZE
        rows = rows_between(start, start + PAGE_SIZE + 1)
        self.object_list, self.next = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
        self.paginator = None

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.next

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def inbox_page(request, business):
    q, mine = request.GET.get("q", ""), request.GET.get("show") == "needs_me"
    everything = inbox_rows(business, "", mine)
    if search_terms(business, q):
        page = searched_page(business, everything, q, request.GET.get("page"), INBOX_ORDER)
    else:
        page = CountlessPage(lambda start, stop: list(everything[start:stop]), request.GET.get("page"))
    return page, [row(business, c) for c in page.object_list]


def kept_query(request):
    """The query string without the page: for the pager's links."""
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode() + "&" if kept else ""


@business_view
def inbox(request, business):
    page, rows = inbox_page(request, business)
    return render(request, "dashboard/inbox.html", {
        "page": page, "rows": rows, "section": "inbox", "q": request.GET.get("q", ""),
        "show": request.GET.get("show", ""), "query": kept_query(request), **({} if rows else first_steps(business)),
    })


def first_steps(business):
    """What the empty inbox points to: the simulator for a demo number (call it to see it work)."""
    numbers = sorted(business.numbers.all(), key=lambda n: (n.provider != simulator_phone.PROVIDER, n.id))
    if not numbers:
        return {}
    number = numbers[0]
    simulated = number.provider == simulator_phone.PROVIDER
    return {"number": pretty(number.number), "simulator_url": page_url(number.number, DEFAULT_CALLER) if simulated else ""}


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


def transcript_of(conversation):
    """The thread's messages. Not the owner's own texts to the business number ("#12 on my way"):
    what they relayed to the lead is in the thread already, as theirs."""
    shown = conversation.messages.exclude(direction=Message.IN, kind=Message.OWNER).order_by("created_at", "id")
    return [message_view(m) for m in shown]


# Where a thread's confirmation shows, by the action that gave it (messages' extra tags).
SPOTS = ("reply", "marked", "block")


def confirmations(request):
    """The flash messages of a thread, by the spot of the action that gave them."""
    spots = {spot: [] for spot in SPOTS}
    for message in flash.get_messages(request):
        spot = next((t for t in message.extra_tags.split() if t in spots), "reply")
        spots[spot].append(message)
    return spots


def back_to(business, conversation, spot):
    """Back to the thread, at the spot the owner acted from: its confirmation takes the focus."""
    url = reverse("dashboard:thread", args=[business.id, conversation.id])
    return redirect(f"{url}#done-{spot}")


@business_view
def thread(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    contact = conversation.contact
    now = clock.now()
    Conversation.objects.filter(id=conversation.id).update(read_at=now)
    lead = leads.lead_of(conversation)
    calls = list(conversation.calls.order_by("-started_at")[:10])
    where = place(lead)
    return render(request, "dashboard/thread.html", {
        "section": "inbox",
        "conversation": conversation,
        "contact": contact,
        "name": who(conversation, lead),
        "number": pretty(contact.number),
        "lead": lead,
        "where": where,
        "map_url": map_url(where),
        "spots": confirmations(request),
        "transcript": transcript_of(conversation),
        "calls": calls,
        "no_reply": why_no_reply(contact),
        "outcomes": Conversation.OUTCOMES[1:],
        "max_body": sms.MAX_BODY,
    })


@business_view
def thread_json(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    return JsonResponse({"messages": transcript_of(conversation), "took_over": conversation.owner_took_over_at is not None})


@require_POST
@business_view
def reply(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    back = back_to(business, conversation, "reply")
    body = sms.clean(request.POST.get("body", "")).strip()
    if reason := why_no_reply(conversation.contact):
        flash.error(request, reason, extra_tags="reply")
        return back
    if not body:
        flash.error(request, "Write something to send.", extra_tags="reply")
        return back
    if len(body) > sms.MAX_BODY:
        flash.error(request, f"That is too long for a text ({len(body)} characters, at most {sms.MAX_BODY}).", extra_tags="reply")
        return back
    number = conversation.phone_number  # every message of a conversation goes out from its number
    if number is None:
        flash.error(request, "The number this conversation ran on was removed from the business: it cannot be answered by text.",
                    extra_tags="reply")
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
        flash.error(request, f"Not sent: {sent.error.removeprefix('not sent: ')}.", extra_tags="reply")
        return back
    flash.success(request, "Sent. The assistant stays quiet in this conversation now that you have taken over.", extra_tags="reply")
    return back


@require_POST
@business_view
def hand_back(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    Conversation.objects.filter(id=conversation.id).update(owner_took_over_at=None)
    flash.success(request, "The assistant answers this caller's next text again.", extra_tags="marked")
    return back_to(business, conversation, "marked")


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
    flash.success(request, f"Marked as {label(outcome)}." if outcome else "Marked as open again.", extra_tags="marked")
    return back_to(business, conversation, "marked")


@require_POST
@business_view
def block(request, business, conversation_id):
    conversation = conversation_of(business, conversation_id)
    blocked = request.POST.get("blocked") != "0"
    Contact.objects.filter(id=conversation.contact_id, business=business).update(blocked=blocked)
    flash.success(request, "Number blocked: it gets no more texts." if blocked else "Number unblocked.", extra_tags="block")
    return back_to(business, conversation, "block")


# -- leads -------------------------------------------------------------------------------------


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)  # a filter beyond these means no bound


def parse_day(text):
    """A YYYY-MM-DD day of the filters, kept within years the database and time zones can hold."""
    try:
        day = datetime.strptime(text or "", "%Y-%m-%d").date()
    except ValueError:
        return None
    return min(max(day, FIRST_DAY), LAST_DAY)


def lead_filters(request, business, search=True):
    """The leads matching the query string's filters (search=False: all but the search), the
    filters as the form shows them, and what was wrong with them (a day that is not one, a range
    that ends before it starts)."""
    query = business.conversations.select_related("contact").order_by(*LEADS_ORDER)
    if search:
        query = matching(business, query, request.GET.get("q"))
    chosen = {k: request.GET.get(k, "") for k in ("q", "status", "urgency", "outcome", "since", "until")}
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
    zone, problems = timezone.get_current_timezone(), []
    since, until = parse_day(chosen["since"]), parse_day(chosen["until"])
    for name, text, day in (("From", chosen["since"], since), ("To", chosen["until"], until)):
        if text and day is None:
            problems.append(f"“{name}” is not a day: {text[:40]!r}. Use a date like 2026-11-24; it was left out.")
    if since and until and since > until:
        problems.append(f"“From” ({since.isoformat()}) is after “To” ({until.isoformat()}): no lead can be in between. Swap them.")
    if since:
        query = query.filter(started_at__gte=datetime.combine(since, time.min, zone))
    if until:
        query = query.filter(started_at__lt=datetime.combine(until + timedelta(days=1), time.min, zone))
    return query, chosen, problems


def lead_row(business, conversation):
    lead = leads.lead_of(conversation)
    return {
        "conversation": conversation, "lead": lead, "name": who(conversation, lead), "place": place(lead),
        "number": pretty(conversation.contact.number),
        "when": date_format(timezone.localtime(conversation.started_at), "M j, g:i A"),
    }


@business_view
def lead_list(request, business):
    query, chosen, problems = lead_filters(request, business, search=False)
    if search_terms(business, chosen["q"]):  # found ones are not counted: a common word is in most
        page = searched_page(business, query, chosen["q"], request.GET.get("page"), LEADS_ORDER)
    else:
        page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [lead_row(business, c) for c in page.object_list]
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(request, "dashboard/leads.html", {
        "section": "leads", "page": page, "rows": rows, "chosen": chosen, "query": filters.urlencode(),
        "problems": problems, "statuses": choices(STATUSES), "urgencies": choices(URGENCIES), "outcomes": choices(OUTCOMES),
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


CSV_COLUMNS = ["started", "name", "phone", "status", "urgency", "score", "need", "address", "timeline",
               "language", "after_hours", "outcome", "took_over"]


@business_view
def lead_csv(request, business):
    query, _, _ = lead_filters(request, business)
    writer, zone = csv.writer(Echo()), timezone.get_current_timezone()

    def lines():
        # The byte order mark: without it Excel on Windows reads UTF-8 as ANSI ("MartÃ­nez").
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for conversation in query.iterator(chunk_size=1000):
            lead = leads.lead_of(conversation)
            values = [
                timezone.localtime(conversation.started_at, zone).isoformat(timespec="minutes"),
                lead["name"] or "", conversation.contact.number, lead["status"], lead["urgency"], lead["score"],
                lead["need"], place(lead), lead["timeline"], lead["language"],
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
    """A call's voicemail, fetched from its provider with the number's credentials (its recording
    URLs need them) while the owner listens: never inside a webhook. Range requests pass through,
    so the player can seek."""
    call = get_object_or_404(Call.objects.select_related("phone_number"), id=call_id, business=business)
    if not call.recording_url:
        raise Http404("no recording")
    try:
        provider = providers.get(call.provider)
        upstream = provider.open_recording(call.phone_number, call.recording_url, request.headers.get("Range"))
    except PermanentError:  # no such provider, or no credentials at all
        return HttpResponse("No credentials to fetch this recording with.", status=502, content_type="text/plain")
    except requests.RequestException:
        return HttpResponse(f"{provider.label} could not be reached. Try again in a moment.", status=502,
                            content_type="text/plain")
    if upstream is None:
        raise Http404(f"not a {provider.label} recording")
    if upstream.status_code not in (200, 206):
        upstream.close()
        if upstream.status_code == 404:
            raise Http404(f"{provider.label} has no such recording (deleted?)")
        return HttpResponse(f"{provider.label} answered {upstream.status_code}.", status=502, content_type="text/plain")

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
