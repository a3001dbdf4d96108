"""Delivering an event to an endpoint: a job per delivery, so one failing or slow endpoint never
holds up another, and at a lower priority than texts, so webhooks never delay a text.

This is the one place that retries webhooks: 5xx, 429, timeouts and connection errors are tried
again with exponential back-off (at least what Retry-After asks) until the delivery's give-up time
(TEXTBACK_WEBHOOKS_GIVE_UP_SECONDS after the event); other answers (3xx, 4xx) fail at once.
Every attempt is saved as a row before its request leaves. A delivery answered 2xx is never sent
again, so a re-run job (its worker died) sends nothing twice; a worker that died during the request
itself leaves the one edge where the receiver may get the event twice, with the same webhook-id."""

import logging
import random
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django_tasks import task
from standardwebhooks.webhooks import Webhook

from textback.core import clock, jobs
from textback.hooks import addresses
from textback.hooks.models import Attempt, Delivery

log = logging.getLogger("textback.hooks")

BACKOFF_BASE, BACKOFF_MAX = 5.0, 3600.0  # seconds: 5, 10, 20... then hourly
UNKNOWN_OUTCOME = "outcome unknown: the worker stopped during the request"
USER_AGENT = "textback-webhooks/1"
_local = threading.local()


def session():
    """One requests session per job thread, whose connections go to checked addresses only;
    no proxy from the environment (it would make the connection, unchecked)."""
    if getattr(_local, "session", None) is None:
        s = requests.Session()
        s.trust_env = False
        s.mount("http://", addresses.GuardedAdapter())
        s.mount("https://", addresses.GuardedAdapter())
        _local.session = s
    return _local.session


def signed_headers(secret, webhook_id, body):
    """Standard Webhooks headers. The timestamp is the real time of this attempt, not the business
    clock: receivers compare it with their own clock to refuse replays (5 minutes)."""
    sent_at = datetime.now(timezone.utc)
    return {
        "content-type": "application/json", "user-agent": USER_AGENT, "webhook-id": webhook_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, sent_at, body),
    }


@task(priority=-10)
def deliver(delivery_id):
    with transaction.atomic():
        sending = Delivery.objects.select_for_update(of=("self",)).select_related("event", "endpoint").filter(
            id=delivery_id).first()
        if sending is None or sending.status in Delivery.DONE:
            return "nothing to do"
        now = clock.now()
        # An attempt never finished: its worker died during the request (the job's lease ran out).
        # The receiver may have it; it gets it again with the same webhook-id, to dedupe on.
        sending.attempts.filter(finished_at__isnull=True).update(finished_at=now, error=UNKNOWN_OUTCOME)
        if now >= sending.give_up_at:
            return finish(sending, Delivery.GIVEN_UP, "not delivered in time; given up")
        attempt = Attempt.objects.create(delivery=sending, number=sending.attempts.count() + 1, started_at=now)
        sending.status, sending.next_attempt_at = Delivery.SENDING, None
        sending.save(update_fields=["status", "next_attempt_at"])
    started = time.monotonic()
    code, error, wait, retry = post(sending)
    return settle(sending, attempt, int((time.monotonic() - started) * 1000), code, error, wait, retry)


def post(sending):
    """Send one attempt: (status code or None, error, Retry-After seconds or None, worth retrying)."""
    endpoint, event = sending.endpoint, sending.event
    headers = signed_headers(endpoint.secret, event.webhook_id, event.body)
    timeout = settings.WEBHOOKS_TIMEOUT_SECONDS
    try:
        response = session().post(endpoint.url, data=event.body.encode(), headers=headers, timeout=(timeout, timeout),
                                  allow_redirects=False, stream=True)
        response.close()  # the status is all we read: a big answer costs nothing
    except addresses.Refused as e:
        return None, f"refused: {e}", None, False
    except addresses.Unresolvable as e:
        return None, str(e), None, True
    except requests.Timeout:
        return None, f"no answer within {timeout:g} s", None, True
    except requests.RequestException as e:
        return None, f"connection failed ({type(e).__name__})", None, True
    code = response.status_code
    retry = code == 429 or code >= 500
    error = "" if 200 <= code < 300 else f"answered {code}" + ("" if retry else " (not retried: only 5xx and 429 are)")
    return code, error, retry_after(response) if retry else None, retry


def retry_after(response):
    raw = response.headers.get("retry-after", "")
    return min(float(raw), BACKOFF_MAX) if raw.strip().isdigit() else None


def backoff(attempt, wait=None):
    """Exponential, with jitter on its upper half so retries of many deliveries spread out."""
    delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (attempt - 1))
    return max(delay / 2 + random.uniform(0, delay / 2), wait or 0)


def settle(sending, attempt, milliseconds, code, error, wait, retry):
    now = clock.now()
    with transaction.atomic():
        Attempt.objects.filter(id=attempt.id).update(finished_at=now, status_code=code, error=error[:300],
                                                     milliseconds=milliseconds)
        sending.status_code = code
        if code is not None and 200 <= code < 300:
            sending.delivered_at = now
            return finish(sending, Delivery.DELIVERED, "")
        if not retry:
            return finish(sending, Delivery.FAILED, error)
        next_at = now + timedelta(seconds=backoff(attempt.number, wait))
        if next_at >= sending.give_up_at:
            return finish(sending, Delivery.GIVEN_UP, f"{error}; given up (no 2xx before its deadline)")
        sending.status, sending.error, sending.next_attempt_at = Delivery.PENDING, error[:300], next_at
        sending.save(update_fields=["status", "error", "next_attempt_at", "status_code"])
        jobs.enqueue(deliver, sending.id, run_after=next_at)
    log.info("webhook delivery %s to %s: %s; retrying in %.0f s", sending.id, host_of(sending), error,
             (next_at - now).total_seconds())
    return "retrying"


def finish(sending, status, error):
    sending.status, sending.error = status, error[:300]
    sending.save(update_fields=["status", "error", "status_code", "delivered_at", "next_attempt_at"])
    log.info("webhook delivery %s to %s: %s%s", sending.id, host_of(sending), status, f" ({error})" if error else "")
    return status


def host_of(sending):
    """The endpoint's host only: its path may hold a token (Zapier's catch hooks do)."""
    return urlsplit(sending.endpoint.url).hostname or "?"
