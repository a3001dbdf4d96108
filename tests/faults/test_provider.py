"""Provider faults at the provider's fake API, for every provider: an outage (503s, dropped
connections, requests that time out), a 429 storm with Retry-After, slow responses past the read
timeout after the provider has accepted the text, an outage longer than the give-up time, and one
failing account."""

import os
import time
from datetime import datetime, timezone

import pytest

from tests.faults.conftest import NORTH, REYES, call_sid, callers, fault, fire
from tests.faults.conftest import every_provider as side  # noqa: F401 (these tests run on every provider)

pytestmark = pytest.mark.faults

N = int(os.environ.get("FAULTS_PROVIDER_CALLS", "20"))
SLOW = float(os.environ.get("FAULTS_SLOW_SECONDS", "3"))  # a response this slow (read timeout: 2 s)


def posts_by_caller(s):
    with s.api.lock:
        out = {}
        for r in s.api.requests:
            if r.method == "POST":
                out.setdefault(s.side.recipient(r), []).append(r.at)
        return out


def test_an_outage_of_503s_drops_and_timeouts_delays_texts_but_loses_and_doubles_none(system):
    s = system()
    # Consumed in order by whatever request comes next, the workers' look-ups included.
    s.api.fail_next(503, times=N)
    s.api.fail_next(0, times=N // 2)  # the connection drops without an answer: maybe sent
    s.api.fail_next(503, times=N // 3, hang=2.5)  # no answer within the read timeout: maybe sent
    s.api.fail_next(503, times=N)
    scripted = len(s.api.script)
    s.start_web(processes=1)
    s.start_worker(), s.start_worker()
    numbers = callers(N, start=1000)
    answered = fire(s, [(call_sid(i, 1), c) for i, c in enumerate(numbers)])
    waited = s.wait_drained(timeout=120)
    t = s.tally(expected_callers=set(answered))
    lookups = sum(1 for r in s.api.requests if r.method == "GET")
    fault(f"provider outage ({scripted} failures: 503s, dropped connections, 2.5 s hangs vs a 2 s read timeout): "
          f"calls {t['calls']}, texts lost {len(t['lost'])}, doubled {len(t['doubled'])}, "
          f"unknown-outcome {t['unknown']}, sent {t['sent']}, given up {t['given_up']}, "
          f"look-ups before a resend {lookups}, drained in {waited:.1f} s")
    assert len(answered) == N and t["sent"] == N
    assert t["lost"] == [] and t["doubled"] == [] and t["unknown"] == 0 and t["given_up"] == 0
    assert lookups > 0, "a text that may have gone was sent again without looking"


def test_a_429_storm_is_waited_out_as_retry_after_asks(system):
    s = system()
    s.api.fail_next(429, code=20429, times=2 * N, headers={"Retry-After": "1"})
    s.start_web(processes=1)
    s.start_worker()
    numbers = callers(N, start=2000)
    answered = fire(s, [(call_sid(i, 2), c) for i, c in enumerate(numbers)])
    waited = s.wait_drained(timeout=120)
    t = s.tally(expected_callers=set(answered))
    gaps = [b - a for times in posts_by_caller(s).values() for a, b in zip(times, times[1:])]
    fault(f"429 storm ({2 * N} x 429 with Retry-After: 1): calls {t['calls']}, texts lost {len(t['lost'])}, "
          f"doubled {len(t['doubled'])}, unknown-outcome {t['unknown']}, retries {len(gaps)}, "
          f"shortest wait between two tries {min(gaps, default=0):.2f} s, drained in {waited:.1f} s")
    assert t["sent"] == N and t["lost"] == [] and t["doubled"] == []
    assert gaps and min(gaps) >= 0.95, "a retry came sooner than Retry-After asked"


def test_responses_slower_than_the_read_timeout_are_looked_up_not_sent_twice(system):
    """Twilio accepted the text but answered after the read timeout: the retry must find it."""
    s = system()
    s.api.hang_after_create = SLOW
    s.start_web(processes=1)
    s.start_worker()
    numbers = callers(N // 2, start=3000)
    answered = fire(s, [(call_sid(i, 3), c) for i, c in enumerate(numbers)])
    waited = s.wait_drained(timeout=120)
    t = s.tally(expected_callers=set(answered))
    fault(f"{SLOW:g}-second provider responses (read timeout 2 s; Twilio accepted each text): calls {t['calls']}, "
          f"texts lost {len(t['lost'])}, doubled {len(t['doubled'])}, unknown-outcome {t['unknown']}, "
          f"found by look-up instead of resent {t['reconciled']}, drained in {waited:.1f} s")
    assert t["sent"] == len(numbers) and t["lost"] == [] and t["doubled"] == [] and t["unknown"] == 0


def test_an_outage_past_the_give_up_time_gives_up_and_never_sends_late(system):
    s = system(TEXTBACK_SEND_GIVE_UP_SECONDS=6)
    s.api.down_accounts.add(s.api.account_sid)
    s.start_web(processes=1)
    s.start_worker()
    numbers = callers(10, start=4000)
    answered = fire(s, [(call_sid(i, 4), c) for i, c in enumerate(numbers)])
    waited = s.wait_drained(timeout=40)
    s.api.down_accounts.clear()  # the provider is back: nothing given up may go now
    time.sleep(3)
    t = s.tally(expected_callers=set(answered))
    give_up = dict(s.q("SELECT to_number, give_up_at FROM core_message WHERE kind = 'textback'"))
    late = [c for c, times in posts_by_caller(s).items()
            if any(datetime.fromtimestamp(at, timezone.utc) > give_up[c] for at in times)]
    tries = sum(len(v) for v in posts_by_caller(s).values())
    fault(f"provider down for longer than the give-up time (6 s): calls {t['calls']}, given up {t['given_up']}, "
          f"sent late {len(late)}, doubled {len(t['doubled'])}, provider requests {tries}, settled in {waited:.1f} s")
    assert t["given_up"] == len(numbers) and late == [] and s.api.sent() == []


def test_one_failing_account_does_not_hold_up_the_others(system):
    s = system(TEXTBACK_SEND_GIVE_UP_SECONDS=8)
    s.api.down_accounts.add(s.side.sub_account)  # North Side Roofing's own account answers 503
    s.start_web(processes=1)
    s.start_worker()
    north = callers(N, start=5000)
    reyes = callers(N, start=6000)
    calls = [(call_sid(i, 5), c, NORTH) for i, c in enumerate(north)] + [(call_sid(i, 6), c, REYES) for i, c in enumerate(reyes)]
    calls = [c for pair in zip(calls[:N], calls[N:]) for c in pair]  # interleaved
    started = time.time()
    for sid, caller, to in calls:
        assert s.miss(sid, caller, to)
    deadline = time.monotonic() + 30
    while len(s.api.sent()) < N and time.monotonic() < deadline:
        time.sleep(0.05)
    reyes_took = time.time() - started
    # Held up would mean waiting on the failing account's texts to be given up: none are yet.
    north_given_up = s.q("SELECT count(*) FROM core_message WHERE from_number = %s AND status = 'given_up'", NORTH)[0][0]
    s.wait_drained(timeout=40)
    t = s.tally()
    north_status = dict(s.q("SELECT status, count(*) FROM core_message WHERE from_number = %s GROUP BY 1", NORTH))
    fault(f"one account down (503 for North Side Roofing's subaccount, {N} calls) beside a healthy one ({N} calls): "
          f"healthy account's texts all sent in {reyes_took:.1f} s, texts lost {N - len(s.api.sent())} of {N}, "
          f"doubled {len(t['doubled'])}; failing account: {north_status}")
    assert {to for to, _ in s.side.accepted(s.api)} == set(reyes) and t["doubled"] == []
    assert north_given_up == 0, "the healthy account's texts went only once the failing account's were given up"
    assert north_status == {"given_up": N}
