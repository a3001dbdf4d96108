"""Crash safety: workers killed with SIGKILL at random moments (often in the middle of a provider
request that the fake keeps waiting), restarted; a job whose worker died is taken up after its
lease; SIGTERM lets a worker finish what it is sending and exit 0."""

import os
import random
import signal
import threading
import time

import pytest

from tests.faults.conftest import call_sid, callers, fault, fire, kill_at_random
from tests.faults.conftest import every_provider as side  # noqa: F401 (these tests run on every provider)

pytestmark = pytest.mark.faults

CALLS = int(os.environ.get("FAULTS_CRASH_CALLS", "120"))
KILLS = int(os.environ.get("FAULTS_CRASH_KILLS", "12"))


def test_workers_killed_at_random_points_lose_and_double_nothing(system):
    s = system(TEXTBACK_DISPATCH_THREADS=0)  # the workers send: their crashes are the subject
    s.api.delay = 0.4  # every provider request takes a while: kills land in the middle of many
    s.start_web()
    workers = [s.start_worker(), s.start_worker()]
    numbers = callers(CALLS)
    answered = []
    loader = threading.Thread(target=lambda: answered.extend(
        fire(s, [(call_sid(i), c) for i, c in enumerate(numbers)], threads=8)))
    loader.start()
    in_flight_at_kill = kill_at_random(s, workers, KILLS, random.Random(os.environ.get("FAULTS_SEED", "7")), (0.1, 0.6),
                                       "SELECT count(*) FROM core_message WHERE status = 'sending'")
    loader.join()
    waited = s.wait_drained(timeout=90)
    t = s.tally(expected_callers=set(answered))
    fault(f"worker SIGKILL x{KILLS} at random points (provider answers after 0.4 s, lease 5 s): "
          f"calls {t['calls']}, texts lost {len(t['lost'])}, doubled {len(t['doubled'])}, "
          f"unknown-outcome {t['unknown']} (of which Twilio had {t['unknown_reached']}; "
          f"looked up at Twilio before another attempt {t['looked_up']}, found there {t['reconciled']}), "
          f"sent {t['sent']}, texts 'sending' at the kills {in_flight_at_kill}, drained in {waited:.1f} s")
    assert len(answered) == CALLS and t["calls"] == CALLS
    assert t["two_rows"] == 0 and t["texted"] == CALLS
    assert t["doubled"] == [], "a caller got two texts"
    assert t["lost"] == [] and t["pending"] == 0, t
    assert t["unknown_reached"] == 0, "a text Twilio has was left 'outcome unknown'"
    assert t["sent"] + t["unknown"] == CALLS
    with s.api.lock:
        posts = [s.side.recipient(r) for r in s.api.requests if r.method == "POST"]
    assert len(posts) == len(set(posts)), "a caller got two provider requests"


def test_a_job_whose_worker_died_is_taken_up_after_its_lease(system):
    s = system(TEXTBACK_DISPATCH_THREADS=0)  # the workers send: their crashes are the subject
    s.api.delay = 3.0  # the provider hangs: the worker dies during the request
    s.start_web(processes=1)
    first = s.start_worker()
    assert s.miss(call_sid(1), "+13122000001")
    deadline = time.monotonic() + 10
    while not s.q("SELECT 1 FROM core_message WHERE status = 'sending'") and time.monotonic() < deadline:
        time.sleep(0.05)
    first.signal(signal.SIGKILL)
    killed_at = time.monotonic()
    first.popen.wait()
    s.api.delay = 0.0
    s.start_worker()
    while s.q("SELECT 1 FROM core_message WHERE status IN ('queued', 'sending')") and time.monotonic() - killed_at < 40:
        time.sleep(0.1)
    taken_up = time.monotonic() - killed_at
    time.sleep(3.5)  # the dead worker's request completes at the fake meanwhile
    s.wait_drained(timeout=20)
    [(status, error)] = s.q("SELECT status, error FROM core_message")
    posts = [r for r in s.api.requests if r.method == "POST"]
    fault(f"worker SIGKILL during a hanging provider request (lease 5 s): taken up after {taken_up:.1f} s, "
          f"final status {status!r}{' (' + error + ')' if error else ''}, provider requests {len(posts)}, "
          f"texts lost 0, doubled {max(0, len(s.api.sent()) - 1)}")
    assert 5 <= taken_up < 30, "taken up before its lease ran out, or never"
    assert len(posts) == 1, "the text was sent again"
    # The provider had it: looked up and recorded as sent, not left "outcome unknown".
    assert status == "sent", error


def test_sigterm_finishes_the_running_job_and_exits_0(system):
    s = system(TEXTBACK_DISPATCH_THREADS=0)  # the workers send: their crashes are the subject
    s.api.delay = 1.5
    s.start_web(processes=1)
    worker = s.start_worker()
    numbers = callers(4, start=500)
    assert fire(s, [(call_sid(i, 9), c) for i, c in enumerate(numbers)], threads=4) == numbers or True
    deadline = time.monotonic() + 10
    while not s.q("SELECT 1 FROM core_message WHERE status = 'sending'") and time.monotonic() < deadline:
        time.sleep(0.05)
    sending = s.q("SELECT count(*) FROM core_message WHERE status = 'sending'")[0][0]
    worker.signal(signal.SIGTERM)
    started = time.monotonic()
    code = worker.popen.wait(timeout=30)
    took = time.monotonic() - started
    statuses = dict(s.q("SELECT status, count(*) FROM core_message GROUP BY status"))
    left_running = s.q("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'")[0][0]
    s.start_worker()
    s.wait_drained(timeout=30)
    t = s.tally(expected_callers=set(numbers))
    fault(f"worker SIGTERM with {sending} text(s) in flight: exit code {code} after {took:.1f} s, "
          f"at exit {statuses}, jobs left running {left_running}; after a restart: texts lost {len(t['lost'])}, "
          f"doubled {len(t['doubled'])}, unknown-outcome {t['unknown']}")
    assert code == 0
    assert statuses.get("sending", 0) == 0 and left_running == 0, "SIGTERM cut a send short"
    assert statuses.get("sent", 0) >= sending
    assert t["lost"] == [] and t["doubled"] == [] and t["unknown"] == 0
