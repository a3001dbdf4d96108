"""Proof that it works: what the missed calls turned into, over the last weeks, as server-drawn
SVG charts (numbers only reach the SVG; every label is escaped by the template)."""

from datetime import timedelta

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format

from textback.core import clock
from textback.core.models import Call, Conversation, Message
from textback.dashboard.access import business_view

PERIODS = {"7": 7, "30": 30, "90": 90}
TIME_TO_TEXT_BUCKETS = [(1, "under 1 s"), (2, "1–2 s"), (5, "2–5 s"), (10, "5–10 s"), (60, "10–60 s"), (None, "over 1 min")]

# Chart geometry, in SVG user units (the SVG scales to its box).
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 36, 28, 12


def nice_step(value, most=4):
    """The step of an axis that reaches value in at most `most` whole steps of 1, 2 or 5 x 10^n."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if value <= step * scale * most:
                return step * scale
        scale *= 10


def nice_ticks(value):
    """Whole, evenly spaced axis values from 0 up to a round maximum at or above value: 0 1 2 3,
    0 2 4 6, 0 5 10 15, never 0 0 1."""
    step = nice_step(max(1, value))
    top = -(-max(1, value) // step) * step
    return list(range(0, top + 1, step))


def bar_chart(points, *, label_every=1):
    """[(label, value)] -> the shapes of a bar chart: bars, axis ticks and labels, all numbers."""
    values = nice_ticks(max((v for _, v in points), default=0))
    top = values[-1]
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(1, len(points))
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / top
        bars.append({
            "x": round(LEFT + i * slot + slot * 0.15, 1), "y": round(TOP + plot_h - h, 1),
            "w": round(max(1.0, slot * 0.7), 1), "h": round(h, 1), "value": value, "label": label,
            "show_label": i % label_every == 0, "label_x": round(LEFT + i * slot + slot / 2, 1),
        })
    ticks = [{"y": round(TOP + plot_h - plot_h * v / top, 1), "value": v} for v in values]
    return {"bars": bars, "ticks": ticks, "empty": not any(v for _, v in points), "width": WIDTH, "height": HEIGHT, "left": LEFT,
            "right": WIDTH - 8, "base": TOP + plot_h, "label_y": HEIGHT - 8}


def days_between(first, last):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def per_day(queryset, field, zone, days):
    counts = dict(
        queryset.annotate(day=TruncDate(field, tzinfo=zone)).values("day").annotate(n=Count("id")).values_list("day", "n")
    )
    return [counts.get(d, 0) for d in days]


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


@business_view
def stats(request, business):
    period = request.GET.get("days", "30")
    length = PERIODS.get(period, 30)
    zone = timezone.get_current_timezone()
    today = timezone.localtime(clock.now()).date()
    first = today - timedelta(days=length - 1)
    since = timezone.make_aware(timezone.datetime.combine(first, timezone.datetime.min.time()), zone)
    days = days_between(first, today)

    missed = business.calls.filter(outcome=Call.MISSED, started_at__gte=since)
    textbacks = business.messages.filter(kind=Message.TEXTBACK, created_at__gte=since)
    sent = textbacks.filter(status__in=[Message.SENT, Message.DELIVERED])
    # Conversations that a missed call started (not texts out of the blue).
    conversations = business.conversations.filter(
        Exists(Call.objects.filter(conversation=OuterRef("pk"))), started_at__gte=since
    )

    missed_per_day = per_day(missed, "started_at", zone, days)
    sent_per_day = per_day(sent, "created_at", zone, days)

    totals = conversations.aggregate(
        started=Count("id"),
        qualified=Count("id", filter=Q(lead__status="qualified")),
        after_hours=Count("id", filter=Q(lead__after_hours=True)),
        booked=Count("id", filter=Q(outcome=Conversation.BOOKED)),
    )
    # The callers who texted back: the leads the text-back recovered.
    totals["replied"] = (
        Message.objects.filter(business=business, direction=Message.IN, conversation__in=conversations)
        .values("conversation_id").distinct().count()
    )
    calls = missed.aggregate(
        missed=Count("id"), texted=Count("id", filter=Q(textback=Call.TEXTED)),
        not_texted=Count("id", filter=Q(textback=Call.SKIPPED)),
    )
    qualified_per_day = per_day(
        business.conversations.filter(started_at__gte=since, lead__status="qualified"), "started_at", zone, days
    )

    # Time to text: from the webhook that revealed the miss to the first request to the provider.
    # Counted and ranked in the database: 10,000 timestamps are slow to bring over.
    timed = textbacks.filter(first_attempt_at__isnull=False, call__missed_at__isnull=False).annotate(
        delay=ExpressionWrapper(F("first_attempt_at") - F("call__missed_at"), output_field=DurationField())
    )
    limits = [limit for limit, _ in TIME_TO_TEXT_BUCKETS if limit is not None]
    under = timed.aggregate(
        total=Count("id"), **{f"under_{limit}": Count("id", filter=Q(delay__lt=timedelta(seconds=limit))) for limit in limits}
    )
    cumulative = [under[f"under_{limit}"] for limit in limits] + [under["total"]]
    buckets = [n - (cumulative[i - 1] if i else 0) for i, n in enumerate(cumulative)]
    count = under["total"]

    def rank(fraction):
        if not count:
            return None
        delay = timed.order_by("delay").values_list("delay", flat=True)[min(count - 1, int(count * fraction))]
        return delay.total_seconds()

    median, p95 = rank(0.5), rank(0.95)

    every = 1 if length <= 7 else 5 if length <= 30 else 15
    labels = [date_format(d, "M j") for d in days]
    recovered = totals["replied"]
    return render(request, "dashboard/stats.html", {
        "section": "stats", "period": str(length), "periods": PERIODS,
        "first": first, "today": today,
        "calls": calls, "totals": totals, "recovered": recovered,
        "reply_rate": percent(totals["replied"], totals["started"]),
        "after_hours_share": percent(totals["after_hours"], totals["started"]),
        "texted_share": percent(calls["texted"], calls["missed"]),
        "sent_total": sum(sent_per_day),
        "median": median, "p95": p95, "timed": count,
        "charts": [
            {"id": "missed", "title": "Missed calls per day", "empty": "Each call you miss shows up here.", "chart": bar_chart(list(zip(labels, missed_per_day)), label_every=every)},
            {"id": "sent", "title": "Text-backs sent per day", "empty": "Each text-back sent shows up here.", "chart": bar_chart(list(zip(labels, sent_per_day)), label_every=every)},
            {"id": "qualified", "title": "Qualified leads per day", "empty": "A caller who says what, where and when is a qualified lead.", "chart": bar_chart(list(zip(labels, qualified_per_day)), label_every=every)},
            {"id": "speed", "title": "Time to text (missed call to text sent)", "empty": "How fast each text-back left, once there is one.",
             "chart": bar_chart([(label, n) for (_, label), n in zip(TIME_TO_TEXT_BUCKETS, buckets)])},
        ],
    })
