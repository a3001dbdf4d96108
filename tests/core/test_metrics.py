"""GET /metrics: what happened, in the Prometheus text format, for this machine's scraper or the
bearer of TEXTBACK_METRICS_TOKEN, and nobody else."""

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.world import CARLOS_CELL, JEN
from textback.core import clock, jobs
from textback.core.models import Message
from textback.simulator import phone


def scrape(client, **headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.content.decode()) for s in family.samples}


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_a_missed_call_texted_back_is_counted_with_its_time_to_text(client, number, tuesday_morning, later):
    call = phone.call(number, JEN)
    phone.ring_out(call)
    later(seconds=0.3)  # the worker takes the text-back 300 ms after the miss
    jobs.run_ready()
    samples = scrape(client)
    assert value(samples, "textback_missed_calls_total", decision="texted") == 1
    assert value(samples, "textback_texts_sent_total", kind="textback") == 1
    assert value(samples, "textback_time_to_text_seconds_count") == 1
    assert value(samples, "textback_time_to_text_seconds_bucket", le="0.25") == 0
    assert value(samples, "textback_time_to_text_seconds_bucket", le="0.5") == 1
    assert value(samples, "textback_time_to_text_seconds_sum") == pytest.approx(0.3)
    assert value(samples, "textback_queue_due_jobs") == 0


def test_texts_that_failed_or_were_given_up_are_counted_by_code_and_reason(client, reyes, number, tuesday_morning):
    common = dict(business=reyes, direction=Message.OUT, provider="simulator", from_number=number.number)
    Message.objects.create(**common, kind=Message.TEXTBACK, to_number=JEN, status=Message.FAILED, error_code="30006")
    Message.objects.create(**common, kind=Message.ASSISTANT, to_number=JEN, status=Message.GIVEN_UP,
                           error="the recipient opted out")
    Message.objects.create(**common, kind=Message.ASSISTANT, to_number=JEN, status=Message.GIVEN_UP,
                           error="not sent in time; last error 503")
    Message.objects.create(**common, kind=Message.NOTIFICATION, to_number=CARLOS_CELL, status=Message.SENT,
                           sent_at=clock.now(), urgent=True)
    samples = scrape(client)
    assert value(samples, "textback_texts_failed_total", kind="textback", code="30006") == 1
    assert value(samples, "textback_texts_given_up_total", kind="assistant", reason="refused") == 1
    assert value(samples, "textback_texts_given_up_total", kind="assistant", reason="late") == 1
    assert value(samples, "textback_owner_alerts_total", urgent="true") == 1


def test_a_job_nobody_takes_shows_in_the_queue_gauges(client, number, tuesday_morning, later):
    phone.ring_out(phone.call(number, JEN))  # its text-back waits for a worker that never comes
    with clock.simulated(clock.now() + timedelta(minutes=2)):
        samples = scrape(client)
    assert value(samples, "textback_queue_due_jobs") == 1
    assert value(samples, "textback_workers_alive") == 0


def test_webhooks_are_timed_by_route_never_by_their_query(client, number):
    client.post("/twilio/voice?to=+13125550101", {"CallSid": "CA1"})
    samples = scrape(client)
    assert value(samples, "textback_webhook_seconds_count", route="/twilio/voice") >= 1
    assert not [key for key in samples if "555" in str(key)]


def test_without_a_token_only_this_machine_may_scrape(client, db):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # Through a reverse proxy on this machine: it connects from 127.0.0.1, for someone else.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get("/metrics").status_code == 200


def test_with_a_token_only_its_bearer_may_scrape_from_anywhere(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    scrape(client, HTTP_AUTHORIZATION="Bearer s3cret-token", REMOTE_ADDR="203.0.113.9")
