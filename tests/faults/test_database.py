"""Database faults: the web's and the workers' PostgreSQL connections killed under load with
pg_terminate_backend (only this test database's backends; the shared server keeps running).
Workers reconnect and lose nothing; the web answers 503 (Twilio retries) or recovers, never 500."""

import os
import random
import threading
import time
from collections import Counter

import pytest

from tests.faults.conftest import call_sid, callers, fault, fire

pytestmark = pytest.mark.faults

N = int(os.environ.get("FAULTS_DB_CALLS", "60"))


def test_killed_database_connections_lose_and_double_nothing(system):
    s = system()
    s.api.delay = 0.1
    s.start_web(processes=2)
    workers = [s.start_worker(), s.start_worker()]
    numbers = callers(N, start=9000)
    answered = []
    loader = threading.Thread(target=lambda: answered.extend(
        fire(s, [(call_sid(i, 9), c) for i, c in enumerate(numbers)], threads=4, retries=5)))
    loader.start()
    killed, rounds, rng = 0, 0, random.Random(11)
    dbname = s.db.info.dbname
    while loader.is_alive() or rounds < 10:
        time.sleep(rng.uniform(0.2, 0.5))
        rows = s.q("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'", dbname)
        killed += len(rows)
        rounds += 1
    loader.join()
    waited = s.wait_drained(timeout=60)
    t = s.tally(expected_callers=set(numbers))
    dead = [w.role for w in workers if not w.alive()]
    fault(f"PostgreSQL connections killed x{killed} in {rounds} rounds under load ({N} calls, Twilio-style "
          f"webhook retries): webhook answers {dict(s.statuses)}, workers that died {len(dead)}, calls {t['calls']}, "
          f"texts lost {len(t['lost'])}, doubled {len(t['doubled'])}, unknown-outcome {t['unknown']} "
          f"(of which Twilio had {t['unknown_reached']}), "
          f"drained in {waited:.1f} s; texts {dict(t['statuses'])}, jobs "
          f"{dict(s.q('SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1'))}")
    assert dead == [], f"a worker exited on a lost connection; see build/faults/logs/{dead[0]}.log"
    assert s.statuses[500] == 0, "the web answered 500 (Twilio would play an application error)"
    assert len(answered) == N
    assert t["lost"] == [] and t["doubled"] == [] and t["two_rows"] == 0
