"""The job queue: django-tasks rows in our own database, so a job commits with the data that
made it. PostgreSQL wakes idle workers at commit with NOTIFY; SQLite workers poll briefly."""

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus as Status
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from textback.core import clock

log = logging.getLogger("textback.worker")
CHANNEL = "textback_jobs"


def enqueue(task, *args, run_after=None):
    """Queue `task` in the current transaction; it runs once that transaction commits."""
    if run_after is not None:
        task = task.using(run_after=run_after)
    result = task.enqueue(*args)
    if connection.vendor == "postgresql":
        # Delivered by PostgreSQL at commit, never for a rolled-back job.
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")
    return result


def ready_jobs():
    return DBTaskResult.objects.filter(status=Status.READY, backend_name="default").filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=clock.now())
    )


def claim_next(worker_id):
    """Take the next ready job, or None. SKIP LOCKED lets many workers share the queue."""
    jobs = ready_jobs()
    try:
        with exclusive_transaction(jobs.db):
            job = jobs.select_for_update(skip_locked=True).first()
            if job is not None:
                job.claim(worker_id)
            return job
    except OperationalError as e:
        if is_locked_database_exception(e):
            return None
        raise


def recover_expired_leases():
    """Jobs claimed by a worker that died are taken up again after the lease."""
    cutoff = timezone.now() - timezone.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    count = DBTaskResult.objects.filter(status=Status.RUNNING, started_at__lt=cutoff).update(status=Status.READY)
    if count:
        log.warning("took up %d job(s) whose worker stopped before finishing", count)
    return count


def next_run_after():
    """When the earliest deferred job becomes ready (None: no deferred job)."""
    row = (
        DBTaskResult.objects.filter(status=Status.READY)
        .exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    return row


class Worker(DBWorker):
    """django-tasks-db's worker (signals, running a job, recording its result) with our own
    loop: claim, run, and sleep only until woken by a commit or the next deferred job.

    On PostgreSQL a worker runs up to THREADS jobs at once: a text spends nearly all its time
    waiting on the provider's API (~150 ms), so one job at a time caps a worker at about 5 texts
    a second. This thread alone claims jobs and listens; each job runs on a pool thread with its
    own database connection. SQLite (one writer at a time) runs one job at a time, in this thread."""

    POLL_SQLITE = 0.1  # seconds between looks at an idle SQLite queue
    BACKSTOP = 1.0  # at most this long asleep, whatever wakes us or not
    THREADS = 8  # jobs in flight per worker process on PostgreSQL (settings.WORKER_THREADS overrides)

    def __init__(self, worker_id, threads=None):
        super().__init__(
            queue_names=["*"], interval=self.BACKSTOP, batch=False, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        )
        self.listener = None
        self.last_recovery = 0.0
        self.threads = max(1, threads or getattr(settings, "WORKER_THREADS", self.THREADS))

    def run(self):
        threads = self.threads if connection.vendor == "postgresql" else 1
        log.info("worker %s started (%d job%s at a time)", self.worker_id, threads, "s" * (threads > 1))
        if threads == 1:
            self.loop(None, None)
        else:
            with ThreadPoolExecutor(threads, thread_name_prefix="job") as pool:
                self.loop(pool, threading.BoundedSemaphore(threads))
        log.info("worker %s stopped", self.worker_id)

    def loop(self, pool, free):
        """Claim a job only when a thread is free for it, so no claimed job waits in a queue."""
        while self.running:
            if free is not None and not free.acquire(timeout=self.BACKSTOP):
                continue
            close_old_connections()
            if time.monotonic() - self.last_recovery > 10:
                recover_expired_leases()
                self.last_recovery = time.monotonic()
            job = claim_next(self.worker_id)
            if job is None:
                if free is not None:
                    free.release()
                if self.running:
                    self.wait()
            elif pool is None:
                self.run_task(job)
            else:
                pool.submit(self.run_in_thread, job, free)

    def run_in_thread(self, job, free):
        try:
            close_old_connections()
            self.run_task(job)
        finally:
            close_old_connections()
            free.release()

    def shutdown(self, signum, frame):
        if self.threads > 1 and connection.vendor == "postgresql":
            if not self.running:  # a second signal: stop now; a text cut short is settled by its lease
                log.warning("stopping at once")
                os._exit(1)
            log.warning("stopping once the running jobs are done (signal again to stop at once)")
            self.running = False
            return
        super().shutdown(signum, frame)

    def wait(self):
        if connection.vendor != "postgresql":
            time.sleep(self.POLL_SQLITE)
            return
        timeout = self.BACKSTOP
        upcoming = next_run_after()
        if upcoming is not None:
            timeout = max(0.0, min(timeout, (upcoming - timezone.now()).total_seconds()))
        self.listen()
        try:
            for _ in self.listener.notifies(timeout=timeout, stop_after=1):
                pass
        except Exception:  # a dropped listening connection: reconnect on the next wait
            log.warning("lost the wake-up connection; reconnecting")
            self.listener = None

    def listen(self):
        if self.listener is None or self.listener.closed:
            import psycopg

            connection.ensure_connection()
            self.listener = psycopg.connect(**connection.get_connection_params(), autocommit=True)
            self.listener.execute(f"LISTEN {CHANNEL}")


def run_ready(worker_id="inline", limit=10_000):
    """Run every job that is ready now, in this process (tests and `textback simulate`)."""
    worker = Worker(worker_id)
    done = 0
    while done < limit and (job := claim_next(worker_id)) is not None:
        worker.run_task(job)
        done += 1
    return done
