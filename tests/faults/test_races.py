"""Races: the same webhook delivered twice at the same instant (two web processes, four threads
each, every request on its own connection), the dial result and the final call status racing,
a repeat caller calling twice within milliseconds; two workers share the queue. Still one text."""

import os
from collections import Counter

import pytest

from tests.faults.conftest import call_sid, callers, fault, together

pytestmark = pytest.mark.faults

N = int(os.environ.get("FAULTS_RACE_CALLS", "20"))


def test_the_same_webhook_twice_at_once_and_the_final_status_racing_it_give_one_text(system):
    s = system()
    s.start_web(processes=2)
    s.start_worker(), s.start_worker()
    numbers = callers(N, start=7000)
    answers = Counter()
    for i, caller in enumerate(numbers):
        sid = call_sid(i, 7)
        answers.update(together(lambda: s.ring(sid, caller), lambda: s.ring(sid, caller)))
        answers.update(together(lambda: s.no_answer(sid, caller), lambda: s.no_answer(sid, caller),
                                lambda: s.hung_up(sid, caller)))
    s.wait_drained(timeout=60)
    t = s.tally(expected_callers=set(numbers))
    fault(f"each call's webhooks delivered twice at the same instant (+ the final status racing the dial result), "
          f"{N} calls over 2 web processes, 2 workers: webhook answers {dict(answers)}, calls {t['calls']}, "
          f"texts lost {len(t['lost'])}, doubled {len(t['doubled'])}, two text-back rows {t['two_rows']}")
    assert answers == Counter({200: 5 * N})
    assert t["calls"] == N and t["sent"] == N and t["lost"] == [] and t["doubled"] == [] and t["two_rows"] == 0


def test_a_repeat_caller_calling_twice_within_milliseconds_gets_one_text(system):
    s = system()
    s.start_web(processes=2)
    s.start_worker(), s.start_worker()
    numbers = callers(N, start=8000)
    answers = Counter()
    for i, caller in enumerate(numbers):
        first, second = call_sid(2 * i, 8), call_sid(2 * i + 1, 8)
        answers.update(together(lambda: s.ring(first, caller), lambda: s.ring(second, caller)))
        answers.update(together(lambda: s.no_answer(first, caller), lambda: s.no_answer(second, caller)))
    s.wait_drained(timeout=60)
    decisions = Counter(r[0] for r in s.q("SELECT textback FROM core_call WHERE outcome = 'missed'"))
    with s.api.lock:
        per_caller = Counter(m["to"] for m in s.api.messages.values())
    doubled = [c for c in numbers if per_caller[c] > 1]
    lost = [c for c in numbers if per_caller[c] == 0]
    fault(f"{N} callers each calling twice within milliseconds (2 web processes, 2 workers): "
          f"webhook answers {dict(answers)}, calls {sum(decisions.values())} {dict(decisions)}, "
          f"texts lost {len(lost)}, doubled {len(doubled)}")
    assert answers == Counter({200: 4 * N})
    assert decisions == Counter({"texted": N, "joined": N})
    assert lost == [] and doubled == []
