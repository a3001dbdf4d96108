"""Delivering events: signed, retried on 5xx / 429 / timeouts with back-off, given up at the
deadline, exactly once per event id when workers die, never ahead of a text, and one endpoint never
waiting on another. A test event stands in for any event (they all take the same path)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus as Status
from django_tasks_db.models import DBTaskResult

from tests.world import JEN
from textback.core import clock, jobs, outbox
from textback.core.models import Message
from textback.hooks import delivery, events
from textback.hooks.models import Attempt, Delivery
from textback.simulator import phone


def send_test(endpoint):
    with transaction.atomic():
        event = events.send_test(endpoint)
    return event, Delivery.objects.get(event=event)


def attempts(sending):
    return list(Attempt.objects.filter(delivery=sending).order_by("number"))


def retry_until_settled(later, sending, limit=60):
    """Run due jobs, moving the clock to the next retry each time, until the delivery settles."""
    for _ in range(limit):
        jobs.run_ready()
        sending.refresh_from_db()
        if sending.status in Delivery.DONE:
            return sending
        later(seconds=(sending.next_attempt_at - clock.now()).total_seconds() + 0.001)
    raise AssertionError("never settled")


def test_a_delivery_is_signed_so_an_off_the_shelf_verifier_accepts_it_and_a_wrong_secret_fails(crm, tuesday_morning):
    event, sending = send_test(crm.endpoint)
    jobs.run_ready()
    [request] = crm.requests
    assert request.verified and request.headers["webhook-id"] == event.webhook_id
    assert request.headers["webhook-signature"].startswith("v1,") and request.body.decode() == event.body
    assert crm.endpoint.secret.startswith("whsec_")
    crm.secret = "whsec_" + "QUJD" * 8  # another endpoint's secret does not verify it
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError

    with pytest.raises(WebhookVerificationError):
        Webhook(crm.secret).verify(request.body, request.headers)
    sending.refresh_from_db()
    assert (sending.status, sending.status_code) == (Delivery.DELIVERED, 200)


def test_5xx_429_and_a_timeout_are_retried_with_growing_back_off_until_delivered(crm, tuesday_morning, later, settings):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.3
    crm.answer(503, 500, 429)
    crm.retry_after = 90
    event, sending = send_test(crm.endpoint)
    jobs.run_ready()  # 503
    jobs.run_ready()  # not due yet: nothing sent
    assert len(crm.requests) == 1
    sending.refresh_from_db()
    assert sending.status == Delivery.PENDING and sending.status_code == 503
    first_wait = (sending.next_attempt_at - clock.now()).total_seconds()
    assert 90 <= first_wait <= 90.5  # Retry-After, at least
    crm.retry_after = None
    waits = []
    for expected in (500, 429):
        later(seconds=(sending.next_attempt_at - clock.now()).total_seconds())
        jobs.run_ready()
        sending.refresh_from_db()
        assert sending.status_code == expected and sending.status == Delivery.PENDING
        waits.append((sending.next_attempt_at - clock.now()).total_seconds())
    assert 5 <= waits[0] <= 10 and 10 <= waits[1] <= 20  # 5 s, 10 s, 20 s... with jitter on the upper half
    crm.delay = 0.6  # past the timeout
    later(seconds=waits[1])
    jobs.run_ready()
    sending.refresh_from_db()
    assert sending.status == Delivery.PENDING and sending.status_code is None and "no answer" in sending.error
    crm.delay = 0
    sending = retry_until_settled(later, sending)
    assert sending.status == Delivery.DELIVERED
    tried = attempts(sending)
    assert [a.status_code for a in tried] == [503, 500, 429, None, 200]
    assert all(a.finished_at for a in tried) and "no answer within 0.3 s" in tried[3].error
    assert {r.headers["webhook-id"] for r in crm.requests} == {event.webhook_id}  # same id on each retry
    assert len(crm.events()) == 1


def test_a_delivery_never_answered_2xx_is_given_up_at_its_deadline(crm, tuesday_morning, later, settings):
    settings.WEBHOOKS_GIVE_UP_SECONDS = 3600
    crm.answer(*[500] * 100)
    started = clock.now()
    _, sending = send_test(crm.endpoint)
    sending = retry_until_settled(later, sending)
    assert sending.status == Delivery.GIVEN_UP and "given up" in sending.error
    last = attempts(sending)[-1]
    assert last.started_at < started + timedelta(hours=1)  # nothing after the deadline
    assert len(crm.requests) == len(attempts(sending)) >= 8
    later(hours=2)
    assert jobs.run_ready() == 0


def test_a_4xx_answer_is_not_retried(crm, tuesday_morning):
    crm.answer(410)
    _, sending = send_test(crm.endpoint)
    jobs.run_ready()
    sending.refresh_from_db()
    assert sending.status == Delivery.FAILED and sending.status_code == 410 and "not retried" in sending.error
    assert not DBTaskResult.objects.filter(status=Status.READY).exists()


def test_resend_delivers_a_delivered_event_again_with_the_same_id(crm, tuesday_morning):
    event, sending = send_test(crm.endpoint)
    jobs.run_ready()
    with transaction.atomic():
        events.resend(sending)
    jobs.run_ready()
    assert [r.headers["webhook-id"] for r in crm.requests] == [event.webhook_id] * 2
    assert len(attempts(sending)) == 2


# -- workers that die ---------------------------------------------------------------------------


def lease_runs_out(job, settings):
    DBTaskResult.objects.filter(id=job.id).update(
        started_at=timezone.now() - timedelta(seconds=settings.JOB_LEASE_SECONDS + 1))
    assert jobs.recover_expired_leases() == 1


def test_a_worker_that_dies_after_the_2xx_is_recorded_sends_nothing_again(crm, tuesday_morning, settings):
    event, sending = send_test(crm.endpoint)
    job = jobs.claim_next("worker-that-dies")
    delivery.deliver.call(sending.id)  # the whole delivery; the worker dies before marking its job done
    lease_runs_out(job, settings)
    assert jobs.run_ready("another") == 1
    assert len(crm.requests) == 1 and len(attempts(sending)) == 1
    assert DBTaskResult.objects.get(id=job.id).return_value == "nothing to do"


def test_a_worker_that_dies_before_its_request_leaves_is_followed_by_one_delivery(crm, tuesday_morning, settings):
    event, sending = send_test(crm.endpoint)
    job = jobs.claim_next("worker-that-dies")
    # What the dead worker got to do: the attempt saved, the delivery marked sending.
    Attempt.objects.create(delivery=sending, number=1)
    Delivery.objects.filter(id=sending.id).update(status=Delivery.SENDING)
    lease_runs_out(job, settings)
    jobs.run_ready("another")
    sending.refresh_from_db()
    assert sending.status == Delivery.DELIVERED and len(crm.requests) == 1
    first, second = attempts(sending)
    assert first.error == delivery.UNKNOWN_OUTCOME and second.status_code == 200


def test_a_worker_that_dies_during_the_request_leaves_one_event_for_a_receiver_that_dedupes(crm, tuesday_morning, settings):
    event, sending = send_test(crm.endpoint)
    job = jobs.claim_next("worker-that-dies")
    Attempt.objects.create(delivery=sending, number=1)
    Delivery.objects.filter(id=sending.id).update(status=Delivery.SENDING)
    sending.refresh_from_db()
    delivery.post(sending)  # the request reached the receiver; the worker died before recording the answer
    lease_runs_out(job, settings)
    jobs.run_ready("another")
    sending.refresh_from_db()
    assert sending.status == Delivery.DELIVERED
    assert [r.headers["webhook-id"] for r in crm.requests] == [event.webhook_id] * 2  # the at-least-once edge
    assert len(crm.events()) == 1  # processed once by webhook-id


# -- never in the way -----------------------------------------------------------------------------


def test_a_text_due_with_a_webhook_is_taken_first(number, crm, reyes, tuesday_morning):
    send_test(crm.endpoint)
    outbox.queue(business=reyes, number=number, to=JEN, body="On our way", kind=Message.ASSISTANT)
    first = jobs.claim_next("w")
    assert first.task_path == "textback.core.delivery.deliver"


def test_one_failing_endpoint_does_not_hold_up_another(receivers, reyes, tuesday_morning):
    down, up = receivers(reyes), receivers(reyes)
    down.answer(*[503] * 10)
    with transaction.atomic():
        events.emit(reyes.id, "lead.qualified", lambda: {"business": {"id": reyes.id, "name": reyes.name}, "lead": None})
    jobs.run_ready()
    assert len(up.events()) == 1 and len(down.requests) == 1
    statuses = dict(Delivery.objects.values_list("endpoint_id", "status"))
    assert statuses == {up.endpoint.id: Delivery.DELIVERED, down.endpoint.id: Delivery.PENDING}


def run_worker(threads, backstop=None):
    """A real worker in a thread (its own loop, claims, NOTIFY on PostgreSQL); stop() ends it.
    backstop: how long it may sleep with nothing waking it. A long one means only a NOTIFY, sent
    when a job commits, wakes it in time."""
    worker = jobs.Worker("hooks-test", threads=threads)
    if backstop is not None:
        worker.BACKSTOP = backstop
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    wait_for(lambda: worker.listener is not None)  # idle and listening: woken by the next commit

    def stop():
        worker.running = False
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {jobs.CHANNEL}")  # wake it to see that it should stop
        thread.join(10)
        if worker.listener is not None:
            worker.listener.close()
        # The job threads' connections outlive their threads: end them, or the test database
        # cannot be dropped at the end of the run.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")

    return stop


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker runs jobs side by side on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_hung_endpoint_does_not_hold_up_another(receivers, reyes, settings):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 30.0
    hung, quick = receivers(reyes, events=["lead.qualified"]), receivers(reyes, events=["lead.emergency"])
    hung.hold()
    stop = run_worker(threads=4)
    try:
        with transaction.atomic():
            events.emit(reyes.id, "lead.qualified", lambda: {"lead": None})
        wait_for(lambda: hung.requests, seconds=15)  # a job thread is now in its request, answered never
        with transaction.atomic():
            events.emit(reyes.id, "lead.emergency", lambda: {"lead": None})
        wait_for(lambda: Delivery.objects.filter(endpoint=quick.endpoint, status=Delivery.DELIVERED).exists(),
                 seconds=15)
        assert not Delivery.objects.filter(endpoint=hung.endpoint, status=Delivery.DELIVERED).exists()
        hung.release()
        wait_for(lambda: not Delivery.objects.exclude(status=Delivery.DELIVERED).exists(), seconds=15)
        assert len(hung.requests) == 1 and len(quick.requests) == 1
    finally:
        hung.release()
        stop()


def test_a_qualified_lead_is_delivered_by_the_next_jobs_after_the_text_that_qualifies_it(number, crm, tuesday_morning):
    """Any database: the assistant's job, then the delivery's, run as a worker would."""
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    phone.text(number, JEN, "my kitchen sink is clogged")
    jobs.run_ready()
    phone.text(number, JEN, "1418 W Addison St, Chicago 60613")

    def qualified():
        return [r for r in crm.requests if b'"lead.qualified"' in r.body]

    assert qualified() == []  # stored; no job has run yet
    jobs.run_ready()
    [request] = qualified()
    assert request.verified


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker in a thread shares SQLite's test database badly")
@pytest.mark.django_db(transaction=True)
def test_a_qualified_lead_reaches_the_crm_signed_and_once_woken_by_its_commit_not_by_a_poll(reyes, number, receivers):
    crm = receivers(reyes, events=["lead.qualified"])
    stop = run_worker(threads=4, backstop=120)  # asleep: only a commit's NOTIFY wakes it within 2 minutes
    try:
        call = phone.ring_out(phone.call(number, JEN))
        wait_for(lambda: Message.objects.filter(kind=Message.TEXTBACK, status=Message.SENT).exists(), seconds=30)
        phone.text(number, JEN, "my kitchen sink is clogged")
        time.sleep(0.3)
        phone.text(number, JEN, "1418 W Addison St, Chicago 60613")  # the text that qualifies the lead
        # Two wake-ups: the caller's text wakes the assistant's job; the job's commit, the delivery.
        wait_for(lambda: crm.requests, seconds=60)
        time.sleep(0.3)
        [request] = crm.requests
        assert request.verified and crm.types() == ["lead.qualified"]
        call.refresh_from_db()
        assert crm.events()[0]["data"]["lead"]["id"] == call.conversation_id
    finally:
        stop()


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
