"""The job queue: jobs commit with the data that made them, survive dead workers, and are
handed to one worker each."""

import threading
import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus as Status
from django_tasks_db.models import DBTaskResult

from tests.world import JEN
from textback.core import delivery, jobs, outbox
from textback.core.models import Message
from textback.simulator import phone


class Boom(Exception):
    pass


def queue(reyes, number, body="On our way"):
    return outbox.queue(business=reyes, number=number, to=JEN, body=body, kind=Message.ASSISTANT)


def test_a_job_enqueued_in_a_transaction_that_rolls_back_never_runs(reyes, number):
    with pytest.raises(Boom), transaction.atomic():
        queue(reyes, number)
        raise Boom
    assert not DBTaskResult.objects.exists() and not Message.objects.exists()
    assert jobs.run_ready() == 0


def test_a_miss_that_fails_to_commit_leaves_no_text_and_no_job(number, tuesday_morning):
    call = phone.call(number, JEN)
    with pytest.raises(Boom), transaction.atomic():
        phone.ring_out(call)
        raise Boom
    call.refresh_from_db()
    assert call.outcome == "pending" and not Message.objects.exists() and jobs.run_ready() == 0
    phone.ring_out(call)  # the provider's retry goes through
    assert jobs.run_ready() == 1 and Message.objects.get().status == Message.SENT


def test_a_deferred_job_waits_for_its_time(reyes, number, tuesday_morning, later):
    message = queue(reyes, number)
    jobs.enqueue(delivery.deliver, message.id, run_after=tuesday_morning + timedelta(minutes=5))
    assert jobs.run_ready() == 1  # the immediate one
    later(minutes=5)
    assert jobs.run_ready() == 1
    assert jobs.next_run_after() is None


def test_recover_expired_leases_takes_up_a_job_whose_worker_died(settings, reyes, number):
    message = queue(reyes, number)
    job = jobs.claim_next("worker-that-dies")
    assert job.status == Status.RUNNING and jobs.claim_next("another") is None
    DBTaskResult.objects.filter(id=job.id).update(
        started_at=timezone.now() - timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    )
    assert jobs.recover_expired_leases() == 1
    assert jobs.run_ready("another") == 1
    message.refresh_from_db()
    assert message.status == Message.SENT
    assert DBTaskResult.objects.get(id=job.id).worker_ids == ["worker-that-dies", "another"]


def test_a_running_job_within_its_lease_is_left_alone(settings, reyes, number):
    queue(reyes, number)
    job = jobs.claim_next("slow-worker")
    DBTaskResult.objects.filter(id=job.id).update(
        started_at=timezone.now() - timedelta(seconds=settings.JOB_LEASE_SECONDS - 5)
    )
    assert jobs.recover_expired_leases() == 0
    assert DBTaskResult.objects.get(id=job.id).status == Status.RUNNING


def test_a_live_workers_slow_job_keeps_its_lease(settings, reyes, number):
    queue(reyes, number)
    job = jobs.claim_next("slow-but-alive")
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_LEASE_SECONDS + 60)
    DBTaskResult.objects.filter(id=job.id).update(started_at=long_ago)
    assert jobs.renew_leases([job.id]) == 1  # what the worker's heartbeat does a few times per lease
    assert jobs.recover_expired_leases() == 0
    assert DBTaskResult.objects.get(id=job.id).status == Status.RUNNING


@pytest.mark.django_db(transaction=True)
def test_claim_next_never_hands_one_job_to_two_workers(reyes, number):
    for i in range(24):
        queue(reyes, number, body=f"text {i}")
    start, claimed, errors = threading.Barrier(4), [], []

    def worker(name):
        try:
            start.wait()
            for _ in range(12):
                job = jobs.claim_next(name)
                if job is not None:
                    claimed.append(str(job.id))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    while (job := jobs.claim_next("sweeper")) is not None:
        claimed.append(str(job.id))
    assert not errors
    assert len(claimed) == len(set(claimed)) == 24
    assert all(len(DBTaskResult.objects.get(id=j).worker_ids) == 1 for j in claimed)


def test_claim_next_takes_the_due_jobs_in_order_and_records_the_worker(reyes, number, tuesday_morning, later):
    first, second, deferred = (queue(reyes, number, body=f"text {i}") for i in range(3))
    DBTaskResult.objects.filter(args_kwargs__args=[deferred.id]).update(
        run_after=tuesday_morning + timedelta(minutes=5)
    )
    order = []
    while (job := jobs.claim_next("w1")) is not None:
        order.append(job.args_kwargs["args"][0])
        assert job.status == Status.RUNNING and job.worker_ids == ["w1"] and job.started_at is not None
    assert order == [first.id, second.id]  # the deferred one is not due yet
    later(minutes=5)
    assert jobs.claim_next("w2").args_kwargs["args"] == [deferred.id]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="NOTIFY wakes workers on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_sleeping_worker_wakes_for_a_job_deferred_sooner_than_it_knew(reyes, number):
    message = queue(reyes, number)
    worker = jobs.Worker("sleeper")
    worker.BACKSTOP = 120  # a sleep only a NOTIFY ends in time
    assert worker.next_due() is None  # nothing deferred: it would sleep the whole BACKSTOP
    worker.listen()
    due = timezone.now() + timedelta(milliseconds=300)
    jobs.enqueue(delivery.deliver, message.id, run_after=due)  # autocommit: NOTIFY goes out at once
    worker.wait()
    assert worker.upcoming == due  # learnt from the NOTIFY, which ended the wait
    # What it now knows came with the NOTIFY: no query to learn it.
    with CaptureQueriesContext(connection) as captured:
        assert worker.next_due() == due
    assert len(captured) == 0
    worker.listener.close()


def run_on_a_dropped_connection(worker, job, idle_seconds):
    """Run `job` the way a worker's job thread does, on a thread whose database connection the
    server dropped while the thread sat idle for `idle_seconds`."""
    errors = []

    def job_thread():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            worker.local.last_job = time.monotonic() - idle_seconds
            worker.local.upkeep = time.monotonic()  # its periodic upkeep is not due
            free = threading.BoundedSemaphore(1)
            free.acquire()
            worker.run_in_thread(job, free)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    thread = threading.Thread(target=job_thread)
    thread.start()
    thread.join()
    assert not errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="job threads run on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_job_thread_back_from_idle_checks_its_connection_and_sends(reyes, number):
    message = queue(reyes, number)
    worker = jobs.Worker("after-a-quiet-spell")
    run_on_a_dropped_connection(worker, jobs.claim_next(worker.worker_id), idle_seconds=worker.IDLE_CHECK + 1)
    message.refresh_from_db()
    assert message.status == Message.SENT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="job threads run on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_busy_job_thread_that_meets_a_dropped_connection_runs_the_job_again_soon(reyes, number):
    message = queue(reyes, number)
    worker = jobs.Worker("busy")
    job = jobs.claim_next(worker.worker_id)
    run_on_a_dropped_connection(worker, job, idle_seconds=0)  # busy: no check, the job's query fails
    job.refresh_from_db()
    assert job.status == Status.READY  # not left RUNNING until its lease runs out
    assert (job.run_after - timezone.now()).total_seconds() <= 1
    time.sleep(1.1)
    assert jobs.run_ready() == 1
    message.refresh_from_db()
    assert message.status == Message.SENT


def test_a_worker_keeps_half_its_threads_for_texts_whatever_webhooks_wait(reyes, number):
    from textback.hooks.delivery import deliver as deliver_webhook

    worker = jobs.Worker("busy-with-webhooks", threads=8)  # at most 4 background jobs at once
    for delivery_id in (101, 102, 103, 104, 105):
        jobs.enqueue(deliver_webhook, delivery_id)
    for _ in range(4):
        worker.hold(jobs.claim_next(worker.worker_id, worker.claim_floor()))
    assert worker.claim_floor() == jobs.BACKGROUND
    assert jobs.claim_next(worker.worker_id, worker.claim_floor()) is None  # the fifth webhook waits
    text = queue(reyes, number)
    claimed = jobs.claim_next(worker.worker_id, worker.claim_floor())
    assert claimed is not None and claimed.args_kwargs["args"] == [text.id]  # a text still gets a thread
    assert jobs.waiting()[0] == 0  # a webhook waiting its turn is no stuck queue
