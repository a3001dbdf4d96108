"""The health endpoints: /health for a load balancer (the database), /health/queue for an uptime
monitor (texts are not piling up unseen because no worker runs)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.world import JEN
from textback.core import jobs, outbox
from textback.core.models import Message


def queue_a_text(reyes, number):
    return outbox.queue(business=reyes, number=number, to=JEN, body="On our way", kind=Message.ASSISTANT)


def test_the_queue_is_healthy_when_nothing_waits(client, db):
    assert client.get("/health/queue").json() == {"ok": True, "longest_wait_seconds": 0.0}


def test_the_queue_is_healthy_while_workers_keep_up(client, reyes, number):
    queue_a_text(reyes, number)  # just queued: a worker takes it within a second
    response = client.get("/health/queue")
    assert response.status_code == 200 and response.json()["ok"]


def test_the_queue_alerts_when_a_due_text_waits_with_no_worker_taking_it(client, settings, reyes, number):
    queue_a_text(reyes, number)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=settings.QUEUE_ALERT_SECONDS + 30))
    response = client.get("/health/queue")
    assert response.status_code == 503
    body = response.json()
    assert not body["ok"] and body["longest_wait_seconds"] >= settings.QUEUE_ALERT_SECONDS + 30
    assert "is `textback worker` running?" in body["problem"]
    jobs.run_ready()  # a worker comes back
    assert client.get("/health/queue").status_code == 200


def test_texts_held_back_on_purpose_are_not_waiting(client, settings, reyes, number):
    queue_a_text(reyes, number)  # e.g. a retry with backoff, or the number's send slot: due later
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10),
                                run_after=timezone.now() + timedelta(minutes=2))
    assert client.get("/health/queue").status_code == 200
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=settings.QUEUE_ALERT_SECONDS + 1))
    assert client.get("/health/queue").status_code == 503  # its time came and went untaken
