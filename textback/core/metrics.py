"""GET /metrics in the Prometheus text format (prometheus-client).

Two sources. What the database knows (missed calls, texts sent / failed / given up, time to text,
the queue, workers, the assistant, owner alerts) is read from it at each scrape, so it is right
however many web servers and workers run, on however many machines. What only a web process
knows (how long each webhook took) is kept per process, and `textback serve` runs gunicorn's
processes in prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR) so a scrape sums them.
"""

import hmac
import os
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.http import HttpResponse
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from textback.core import jobs, proxy
from textback.core.models import Call, Message

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
TIME_TO_TEXT_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
WEBHOOK_PREFIXES = ("/twilio/", "/signalwire/", "/telnyx/")

# Not in the default registry: each scrape builds its own (below).
WEBHOOK_SECONDS = Histogram(
    "textback_webhook_seconds", "Time to answer a provider's webhook, by route.", ["route"], registry=None,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15),
)


def multiprocess_dir():
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")


class TimeWebhooks:
    """Middleware: how long each provider webhook took, labelled by its route (never its query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(WEBHOOK_PREFIXES):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        route = "/" + match.route if match else "unknown"
        WEBHOOK_SECONDS.labels(route).observe(time.perf_counter() - started)
        return response


class FromTheDatabase:
    """The collector read at each scrape: counts and the time-to-text histogram from the rows."""

    def collect(self):
        missed = CounterMetricFamily("textback_missed_calls", "Missed calls, by what textback decided.", labels=["decision"])
        for row in Call.objects.filter(outcome=Call.MISSED).values("textback").annotate(n=Count("id")):
            missed.add_metric([row["textback"] or "undecided"], row["n"])
        yield missed

        out = Message.objects.filter(direction=Message.OUT)
        sent = CounterMetricFamily("textback_texts_sent", "Texts the provider accepted, by kind.", labels=["kind"])
        for row in out.filter(sent_at__isnull=False).values("kind").annotate(n=Count("id")):
            sent.add_metric([row["kind"]], row["n"])
        yield sent
        failed = CounterMetricFamily("textback_texts_failed", "Texts that failed or were not delivered, by the "
                                     "provider's error code.", labels=["kind", "code"])
        for row in out.filter(status__in=(Message.FAILED, Message.UNDELIVERED)).values("kind", "error_code").annotate(n=Count("id")):
            failed.add_metric([row["kind"], row["error_code"] or "none"], row["n"])
        yield failed
        given_up = CounterMetricFamily("textback_texts_given_up", "Texts never sent: refused (opted out, landline, "
                                       "blocked, ...) or late (not sent within TEXTBACK_SEND_GIVE_UP_SECONDS).",
                                       labels=["kind", "reason"])
        late = Q(error__startswith="not sent in time")  # delivery.py words every give-up for lateness so
        for row in out.filter(status=Message.GIVEN_UP).values("kind").annotate(late=Count("id", filter=late),
                                                                               refused=Count("id", filter=~late)):
            given_up.add_metric([row["kind"], "late"], row["late"])
            given_up.add_metric([row["kind"], "refused"], row["refused"])
        yield given_up
        yield self.time_to_text()

        alerts = CounterMetricFamily("textback_owner_alerts", "Texts to the owner (lead summaries, urgent alerts).",
                                     labels=["urgent"])
        for row in out.filter(kind=Message.NOTIFICATION).values("urgent").annotate(n=Count("id")):
            alerts.add_metric([str(row["urgent"]).lower()], row["n"])
        yield alerts
        yield CounterMetricFamily("textback_assistant_messages", "Replies the assistant wrote.",
                                  value=out.filter(kind=Message.ASSISTANT).count())
        yield CounterMetricFamily("textback_lead_messages", "Texts received from callers.",
                                  value=Message.objects.filter(direction=Message.IN).count())

        due, waited = jobs.waiting()
        yield GaugeMetricFamily("textback_queue_due_jobs", "Jobs due now and not yet taken by a worker.", value=due)
        yield GaugeMetricFamily("textback_queue_oldest_due_seconds", "How long the oldest due job has waited.", value=waited)
        yield GaugeMetricFamily("textback_workers_alive", "Workers seen in the last minute.", value=jobs.workers_alive())

    def time_to_text(self):
        """From the webhook that revealed the miss to the text-back's request at the provider."""
        waited = ExpressionWrapper(F("first_attempt_at") - F("call__missed_at"), output_field=DurationField())
        rows = Message.objects.filter(kind=Message.TEXTBACK, first_attempt_at__isnull=False, call__missed_at__isnull=False)
        found = rows.annotate(waited=waited).aggregate(
            total=Sum("waited"), count=Count("id"),
            **{f"le{i}": Count("id", filter=Q(waited__lte=timedelta(seconds=b))) for i, b in enumerate(TIME_TO_TEXT_BUCKETS)},
        )
        buckets = [(str(b), found[f"le{i}"]) for i, b in enumerate(TIME_TO_TEXT_BUCKETS)] + [("+Inf", found["count"])]
        total = found["total"].total_seconds() if found["total"] else 0.0
        return HistogramMetricFamily("textback_time_to_text_seconds", "Missed call to text-back at the provider.",
                                     buckets=buckets, sum_value=total)


def allowed(request):
    """With TEXTBACK_METRICS_TOKEN: the bearer of it. Without: a client on this machine only (a
    reverse proxy here connects from 127.0.0.1 too, but says for whom: core/proxy.py)."""
    if settings.METRICS_TOKEN:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode())
    address = proxy.parsed(proxy.client_address(request))
    return address is not None and address.is_loopback


def view(request):
    if not allowed(request):
        return HttpResponse("metrics: send Authorization: Bearer $TEXTBACK_METRICS_TOKEN, or ask from this machine\n",
                            status=403 if settings.METRICS_TOKEN else 404, content_type="text/plain")
    registry = CollectorRegistry()
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(WEBHOOK_SECONDS)
    registry.register(FromTheDatabase())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE)
