"""The job queue: django-tasks rows in our own database, so a job commits with the data that
made it. PostgreSQL wakes idle workers at commit with NOTIFY; SQLite workers poll briefly."""

import json
import logging
import os
import threading
import time
from datetime import datetime
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import DatabaseError, OperationalError, close_old_connections, connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus as Status
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from textback.core import clock
from textback.core.models import WorkerSeen, one

log = logging.getLogger("textback.worker")
CHANNEL = "textback_jobs"


def enqueue(task, *args, run_after=None):
    """Queue `task` in the current transaction; it runs once that transaction commits."""
    if run_after is not None:
        task = task.using(run_after=run_after)
    result = task.enqueue(*args)
    if connection.vendor == "postgresql":
        # Delivered by PostgreSQL at commit, never for a rolled-back job. A deferred job says when
        # it is due, so a sleeping worker can shorten its sleep without asking the database.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, run_after.isoformat() if run_after else ""])
    return result


def ready_jobs():
    return DBTaskResult.objects.filter(status=Status.READY, backend_name="default").filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=clock.now())
    )


# The claim on PostgreSQL, in one statement and one round trip: the same rows, order and lock as
# django-tasks-db's (ready, due, highest priority first, its partial index), without Django
# building the query again for every job (a quarter of a worker's CPU under load, measured).
CLAIM_SQL = """
    UPDATE {table} SET status = %(running)s, started_at = %(started)s, worker_ids = worker_ids || %(worker)s::jsonb
    WHERE id = (
        SELECT id FROM {table}
        WHERE status = %(ready)s AND backend_name = %(backend)s AND (run_after = %(never)s OR run_after <= %(now)s)
          AND priority >= %(floor)s
        ORDER BY priority DESC, run_after ASC, enqueued_at ASC
        LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING *
"""


def waiting():
    """(jobs due now and not taken, seconds the longest-waiting of them has waited since it became
    due): a job queued to run at once is due since it was queued, a deferred one since its time.
    Texts and replies only: background jobs (webhooks) wait their turn by design."""
    never, now = get_date_max(), clock.now()
    found = ready_jobs().filter(priority__gte=BACKGROUND).aggregate(
        due=Count("id"),
        queued=Min("enqueued_at", filter=Q(run_after=never)),
        deferred=Min("run_after", filter=~Q(run_after=never)),
    )
    since = min(filter(None, (found["queued"], found["deferred"])), default=None)
    return found["due"], max(0.0, (now - since).total_seconds()) if since else 0.0


# Jobs below this priority are background work (outgoing webhooks, priority -10) that waits on
# someone else's server: a worker runs only so many of them at once, keeping its other threads for texts.
BACKGROUND = 0
LOWEST = -(2**31)


def claim_next(worker_id, floor=LOWEST):
    """Take the next ready job of at least priority `floor`, or None. SKIP LOCKED lets many workers
    share the queue."""
    if connection.vendor == "postgresql":
        params = {"running": Status.RUNNING, "ready": Status.READY, "backend": "default", "never": get_date_max(),
                  "now": clock.now(), "started": timezone.now(), "worker": json.dumps([worker_id]), "floor": floor}
        return one(DBTaskResult, CLAIM_SQL.format(table=DBTaskResult._meta.db_table), params)
    jobs = ready_jobs().filter(priority__gte=floor)
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


def renew_leases(job_ids):
    """A live worker's jobs keep their lease however long they run (started_at doubles as the
    lease's last renewal: django-tasks-db has no field of its own for it)."""
    return DBTaskResult.objects.filter(id__in=job_ids, status=Status.RUNNING).update(started_at=timezone.now())


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

    On PostgreSQL a worker runs up to TEXTBACK_WORKER_THREADS jobs at once: a text spends nearly all its time
    waiting on the provider's API (~150 ms), so one job at a time caps a worker at about 5 texts
    a second. This thread alone claims jobs and listens; each job runs on a pool thread with its
    own database connection. SQLite (one writer at a time) runs one job at a time, in this thread."""

    POLL_SQLITE = 0.1  # seconds between looks at an idle SQLite queue
    BACKSTOP = 1.0  # at most this long asleep, whatever wakes us or not
    IDLE_CHECK = 5.0  # seconds: a job thread's connection idle longer is checked before its next job
    UPKEEP = 10.0  # seconds between upkeeps (see upkeep()): at most one health check per 10 s

    def __init__(self, worker_id, threads=None):
        super().__init__(
            queue_names=["*"], interval=self.BACKSTOP, batch=False, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        )
        self.listener = None
        self.last_upkeep = 0.0
        # When the earliest deferred job is due (None: none), as last read from the database at
        # `upcoming_read` (monotonic) and lowered since by the NOTIFY of any job deferred earlier.
        self.upcoming, self.upcoming_read = None, None
        self.threads = max(1, threads or settings.WORKER_THREADS)
        self.in_hand, self.in_hand_lock = set(), threading.Lock()
        # Background jobs in hand, and how many may run at once: half the threads (two at least, so
        # one slow endpoint does not hold up another; never all of them), so a burst of slow
        # webhook endpoints never leaves a text waiting for a thread.
        self.background = set()
        self.background_cap = max(1, min(self.threads - 1, max(2, self.threads // 2)))
        self.local = threading.local()  # per job thread: when it last ran a job, last did upkeep

    def run(self):
        threads = self.threads if connection.vendor == "postgresql" else 1
        self.started_at = clock.now()
        log.info("worker %s started (%d job%s at a time)", self.worker_id, threads, "s" * (threads > 1))
        threading.Thread(target=self.heartbeat, name="lease", daemon=True).start()
        if threads == 1:
            self.loop(None, None)
        else:
            with ThreadPoolExecutor(threads, thread_name_prefix="job") as pool:
                self.loop(pool, threading.BoundedSemaphore(threads))
        try:
            WorkerSeen.objects.filter(worker_id=self.worker_id).delete()  # gone, not silent
        except DatabaseError:
            pass
        log.info("worker %s stopped", self.worker_id)

    def loop(self, pool, free):
        """Claim a job only when a thread is free for it, so no claimed job waits in a queue."""
        while self.running:
            if time.monotonic() - self.last_upkeep > self.UPKEEP:
                self.upkeep()
            if free is not None and not free.acquire(timeout=self.BACKSTOP):
                continue
            try:
                job = claim_next(self.worker_id, self.claim_floor())
            except DatabaseError as e:
                reconnect_after(e)
                job = None
            if job is None:
                if free is not None:
                    free.release()
                if self.running:
                    self.wait()
            elif pool is None:
                self.run_task(job)
            else:
                self.hold(job)
                pool.submit(self.run_in_thread, job, free)

    def upkeep(self):
        """Every UPKEEP seconds, busy or not: the claimer's connection checked (past CONN_MAX_AGE,
        or broken), jobs of dead workers taken up, and this worker seen alive (`textback check`)."""
        try:
            close_old_connections()
            recover_expired_leases()
            WorkerSeen.objects.update_or_create(
                worker_id=self.worker_id, defaults={"seen_at": clock.now()}, create_defaults={
                    "seen_at": clock.now(), "started_at": self.started_at},
            )
        except DatabaseError as e:
            reconnect_after(e)
        self.last_upkeep = time.monotonic()

    def heartbeat(self):
        """Renew the leases of the jobs in hand a few times per lease, so a slow job (a provider that
        takes its time, a model thinking) is never taken up by another worker while this one lives."""
        interval = max(1.0, settings.JOB_LEASE_SECONDS / 3)
        while True:
            time.sleep(interval)
            with self.in_hand_lock:
                job_ids = list(self.in_hand)
            if not job_ids:
                continue
            try:
                renew_leases(job_ids)
            except DatabaseError:
                discard_connection()

    def claim_floor(self):
        """Texts only while the background jobs in hand are at their cap; any job otherwise."""
        with self.in_hand_lock:
            return BACKGROUND if len(self.background) >= self.background_cap else LOWEST

    def hold(self, job):
        """The job is this worker's from its claim (before a pool thread picks it up), so the
        loop's next claim already counts it."""
        with self.in_hand_lock:
            self.in_hand.add(job.id)
            if job.priority < BACKGROUND:
                self.background.add(job.id)

    def run_task(self, job):
        self.hold(job)
        try:
            self.run_and_settle(job)
        finally:
            with self.in_hand_lock:
                self.in_hand.discard(job.id)
                self.background.discard(job.id)

    def run_and_settle(self, job):
        try:
            super().run_task(job)
        except DatabaseError:
            # The connection broke so badly that not even the job's failure could be recorded
            # (django-tasks-db retries that on the same connection): the job is still RUNNING.
            discard_connection()
            return self.run_again(job)
        if job.status == Status.FAILED and lost_connection(job.exception_class_path):
            self.run_again(job)

    def run_again(self, job):
        """The database went away under the job (it had no say in that): run it again shortly
        rather than leave its work undone until its lease runs out. Jobs are idempotent (a text
        already on its way is never sent twice: see delivery.deliver)."""
        for attempt in range(5):
            try:
                DBTaskResult.objects.filter(id=job.id, status__in=(Status.FAILED, Status.RUNNING)).update(
                    status=Status.READY, run_after=timezone.now() + timezone.timedelta(seconds=1), finished_at=None,
                )
                log.warning("job %s lost its database connection; it will run again", job.id)
                return
            except DatabaseError:
                discard_connection()
                time.sleep(0.5 * (attempt + 1))

    def run_in_thread(self, job, free):
        local = self.local
        try:
            now = time.monotonic()
            if now - getattr(local, "last_job", 0.0) > self.IDLE_CHECK or now - getattr(local, "upkeep", 0.0) > 60:
                # The server may have dropped a connection that sat idle: this has the job's first
                # query check it (CONN_HEALTH_CHECKS) and replaces one past CONN_MAX_AGE. A busy
                # thread skips the check, a round trip per job; a job that meets a broken
                # connection anyway is run again (run_and_settle).
                close_old_connections()
                local.upkeep = now
            self.run_task(job)
        except Exception:  # a bug in the worker itself: say so, and keep the thread for the next job
            log.exception("job %s: unexpected error in the worker", job.id)
        finally:
            local.last_job = time.monotonic()
            if connection.errors_occurred:
                try:
                    close_old_connections()  # closes it if it is broken
                except DatabaseError:
                    discard_connection()
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
        try:
            upcoming = self.next_due()
            if upcoming is not None:
                timeout = max(0.0, min(timeout, (upcoming - timezone.now()).total_seconds()))
            self.listen()
            for notice in self.listener.notifies(timeout=timeout, stop_after=1):
                if notice.payload:  # a deferred job: due then, or sooner than we knew
                    due = datetime.fromisoformat(notice.payload)
                    self.upcoming = min(self.upcoming or due, due)
        except Exception:  # a dropped connection: reconnect on the next round
            log.warning("lost a database connection while waiting; reconnecting")
            discard_connection()
            if self.listener is not None and not self.listener.closed:
                self.listener.close()
            self.listener = None
            time.sleep(min(timeout, 0.2))

    def next_due(self):
        """When the earliest deferred job is due. Read from the database at most once per BACKSTOP
        (NOTIFY tells of jobs deferred meanwhile), so a worker woken for a job another worker took
        goes back to sleep without a query; read again once the time it knew of has passed."""
        stale = self.upcoming_read is None or time.monotonic() - self.upcoming_read >= self.BACKSTOP
        if stale or (self.upcoming is not None and self.upcoming <= timezone.now()):
            self.upcoming, self.upcoming_read = next_run_after(), time.monotonic()
        return self.upcoming

    def listen(self):
        if self.listener is None or self.listener.closed:
            import psycopg

            connection.ensure_connection()
            self.listener = psycopg.connect(**connection.get_connection_params(), autocommit=True)
            self.listener.execute(f"LISTEN {CHANNEL}")


def lost_connection(exception_class_path):
    """Whether a job failed because the database connection broke (not because of its own work)."""
    return exception_class_path in ("django.db.utils.OperationalError", "django.db.utils.InterfaceError")


# A worker writes that it is alive every UPKEEP (10 s): one silent for a minute is gone.
ALIVE_SECONDS = 60


def workers_alive():
    """How many `textback worker`s were seen in the last minute (textback check, /metrics)."""
    return WorkerSeen.objects.filter(seen_at__gte=clock.now() - timezone.timedelta(seconds=ALIVE_SECONDS)).count()


def reconnect_after(error):
    """A lost connection (a restarted or failed-over server, a killed backend): connect again on the
    next round rather than exit; a job claimed meanwhile keeps its lease."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else error
    log.warning("database error, reconnecting: %s", first_line)
    discard_connection()


def discard_connection():
    """Close this thread's database connection after an error; the next query opens a new one."""
    try:
        connection.close()
    except DatabaseError:
        pass


def run_ready(worker_id="inline", limit=10_000):
    """Run every job that is ready now, in this process (tests and `textback simulate`)."""
    worker = Worker(worker_id)
    done = 0
    while done < limit and (job := claim_next(worker_id)) is not None:
        worker.run_task(job)
        done += 1
    return done
