"""Dispatch at commit: the web process that commits a text starts sending it at once, on a small
pool of its own threads, instead of waking a worker (docs/decisions.md 20).

The text and its job are saved exactly as before, in the caller's transaction, so the job stays the
durable record and the backstop. What changes is who runs it first:

- no NOTIFY is sent for it; at commit, this process claims that one job by its id (the same
  conditional UPDATE as a worker's claim: exactly one claimer, so it is never sent twice) and runs
  it on a pool thread, as a worker runs it (the lease renewed while it runs, its result recorded);
- when every pool thread is busy (a slow provider), it is left to the workers: a NOTIFY wakes one;
- when this process dies after the commit and before the claim, the job is an ordinary ready job:
  a worker takes it within a second (its backstop poll); when it dies after the claim, the job's
  lease runs out (TEXTBACK_JOB_LEASE_SECONDS) and a worker takes it up, and a text cut short during
  the provider request is looked up before any new attempt (delivery.deliver).

Only `textback serve` turns it on (`enable()`, TEXTBACK_DISPATCH_THREADS per web process, 0: off),
and only on PostgreSQL; elsewhere (tests, `textback simulate`, SQLite, the workers) enqueue() is
jobs.enqueue().
"""

import json
import logging
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus as Status
from django_tasks_db.models import DBTaskResult

from textback.core import jobs
from textback.core.models import one

log = logging.getLogger("textback.dispatch")

_threads = 0  # set by enable(): pool threads per process
_dispatcher = None
_lock = threading.Lock()

CLAIM_ONE = """
    UPDATE {table} SET status = %(running)s, started_at = %(started)s, worker_ids = worker_ids || %(worker)s::jsonb
    WHERE id = %(id)s AND status = %(ready)s
    RETURNING *
"""


def enable(threads=None):
    """Dispatch at commit in this process and the processes forked from it (gunicorn's)."""
    global _threads
    _threads = settings.DISPATCH_THREADS if threads is None else threads


def enqueue(task, *args, run_after=None):
    """jobs.enqueue(); a job due now is run by this process as soon as the transaction commits."""
    dispatcher = current()
    if dispatcher is None or run_after is not None:
        return jobs.enqueue(task, *args, run_after=run_after)
    result = task.enqueue(*args)
    transaction.on_commit(lambda: dispatcher.committed(result.id), robust=True)
    return result


def current():
    """This process's dispatcher (one per process: a forked child makes its own), or None."""
    global _dispatcher
    if not _threads or connection.vendor != "postgresql":
        return None
    with _lock:
        if _dispatcher is None or _dispatcher.pid != os.getpid():
            _dispatcher = Dispatcher(_threads)
    return _dispatcher


class Dispatcher:
    def __init__(self, threads):
        self.pid = os.getpid()
        self.worker_id = f"web-{socket.gethostname()}-{self.pid}"[:64]
        # A worker's way of running a job (lease renewal, result, a lost connection): not its loop.
        self.worker = jobs.Worker(self.worker_id, threads=threads)
        self.free = threading.BoundedSemaphore(threads)
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="dispatch")
        threading.Thread(target=self.worker.heartbeat, name="dispatch-lease", daemon=True).start()

    def committed(self, job_id):
        """At commit, in the thread that committed: claim the job and hand it to a free thread."""
        if not self.free.acquire(blocking=False):
            log.info("job %s: every dispatch thread is busy; a worker will take it", job_id)
            return wake_a_worker()
        try:
            job = self.claim(job_id)
        except Exception:  # the webhook is answered whatever happens here: the job is the backstop
            self.free.release()
            log.exception("could not claim job %s at commit; a worker will take it", job_id)
            return wake_a_worker()
        if job is None:  # a worker was quicker: it sends the text
            self.free.release()
            return None
        self.worker.hold(job)  # its lease is renewed from now on
        self.pool.submit(self.worker.run_in_thread, job, self.free)
        return job

    def claim(self, job_id):
        params = {"running": Status.RUNNING, "ready": Status.READY, "started": timezone.now(), "id": job_id,
                  "worker": json.dumps([self.worker_id])}
        return one(DBTaskResult, CLAIM_ONE.format(table=DBTaskResult._meta.db_table), params)


def wake_a_worker():
    """Every dispatch thread is busy (or the claim failed): the job is the workers', as any other."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [jobs.CHANNEL])
    except DatabaseError:
        pass  # a worker's backstop poll finds it within a second
