"""Dispatch at commit (core/dispatch.py, docs/decisions.md 20): the web process that commits a text
sends it; the job stays the backstop. Proved on real processes: no worker needed for the fast path,
a web process killed with texts in hand loses and doubles nothing, and a slow provider that fills
the web's dispatch threads leaves the rest to the workers."""

import os
import signal
import threading
import time

import pytest

from tests.faults.conftest import call_sid, callers, fault, fire
from tests.processes import children

pytestmark = pytest.mark.faults


def senders(s):
    """Jobs run, by who finished them: "web" (the committing process) or "worker"."""
    rows = s.q("SELECT worker_ids->>-1 FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'")
    return {"web": sum(1 for (w,) in rows if w.startswith("web-")), "worker": sum(1 for (w,) in rows if not w.startswith("web-"))}


def test_the_web_process_that_commits_a_text_sends_it_with_no_worker_running(system):
    # As many dispatch threads as texts: none is ever left to the (absent) workers for want of one.
    s = system(TEXTBACK_DISPATCH_THREADS=20)
    s.api.delay = 0.15
    s.start_web()
    numbers = callers(20)
    answered = fire(s, [(call_sid(i, 16), c) for i, c in enumerate(numbers)], threads=4)
    waited = s.wait_drained(timeout=30)
    t, by = s.tally(expected_callers=set(answered)), senders(s)
    fault(f"no worker at all: calls {t['calls']}, sent {t['sent']} in {waited:.1f} s, by {by}, "
          f"lost {len(t['lost'])}, doubled {len(t['doubled'])}")
    assert len(answered) == 20 and t["sent"] == 20
    assert t["lost"] == [] and t["doubled"] == []
    assert by == {"web": 20, "worker": 0}


def test_web_processes_killed_with_texts_in_hand_lose_and_double_nothing(system):
    s = system()
    s.api.delay = 2.0  # every text is in the middle of its provider request when the web dies
    s.start_web()
    numbers = callers(10, start=100)
    answered = fire(s, [(call_sid(i, 17), c) for i, c in enumerate(numbers)], threads=10, retries=0)
    time.sleep(0.5)
    in_hand = s.q("SELECT count(*) FROM core_message WHERE status = 'sending'")[0][0]
    for pid in children(s.web.pid):  # the web processes, not gunicorn's master: as a crash would
        os.kill(pid, signal.SIGKILL)
    s.api.delay = 0.0
    s.start_worker()  # the backstop: takes the jobs up once their lease (5 s here) runs out
    waited = s.wait_drained(timeout=60)
    t = s.tally(expected_callers=set(answered))
    fault(f"web processes SIGKILLed with {in_hand} texts in their provider requests (lease 5 s): calls "
          f"{t['calls']}, sent {t['sent']}, looked up at Twilio first {t['looked_up']}, found there "
          f"{t['reconciled']}, lost {len(t['lost'])}, doubled {len(t['doubled'])}, drained in {waited:.1f} s")
    assert len(answered) == 10 and in_hand > 0
    assert t["lost"] == [] and t["doubled"] == [] and t["pending"] == 0, t
    assert t["sent"] == 10 and t["reconciled"] >= in_hand
    assert senders(s)["worker"] == 10  # each finished by the worker, after asking Twilio


def test_a_slow_provider_fills_the_dispatch_threads_and_the_workers_send_the_rest(system):
    s = system(TEXTBACK_DISPATCH_THREADS=2)
    s.api.delay = 1.0
    s.start_web(processes=1)
    s.start_worker()
    numbers = callers(24, start=200)
    answered = []
    loader = threading.Thread(target=lambda: answered.extend(
        fire(s, [(call_sid(i, 18), c) for i, c in enumerate(numbers)], threads=12)))
    loader.start()
    loader.join()
    waited = s.wait_drained(timeout=60)
    t, by = s.tally(expected_callers=set(answered)), senders(s)
    fault(f"provider 1 s per request, 2 dispatch threads, 24 calls from 12 clients: webhook answers "
          f"{dict(s.statuses)}, sent {t['sent']} (by {by}), lost {len(t['lost'])}, doubled {len(t['doubled'])}, "
          f"drained in {waited:.1f} s")
    assert len(answered) == 24 and set(s.statuses) == {200}
    assert t["sent"] == 24 and t["lost"] == [] and t["doubled"] == []
    assert by["web"] >= 1 and by["worker"] >= 1 and by["web"] + by["worker"] == 24
