"""Outgoing webhooks under crashes: workers killed with SIGKILL at random moments, often in the
middle of a delivery the receiver keeps waiting, restarted. Every event reaches the endpoint,
signed; a receiver that dedupes on webhook-id processes each exactly once, and a second request
for an event happens only where a worker died during its request."""

import os
import random
import threading
import time
from collections import Counter

import pytest

from tests.fakes.webhook_receiver import WebhookReceiver
from tests.faults.conftest import REYES, call_sid, callers, fault, fire, kill_at_random, run, textback

pytestmark = pytest.mark.faults

CALLS = int(os.environ.get("FAULTS_WEBHOOK_CALLS", "40"))
KILLS = int(os.environ.get("FAULTS_WEBHOOK_KILLS", "8"))
UNKNOWN_OUTCOME = "outcome unknown: the worker stopped during the request"


def test_workers_killed_during_webhook_deliveries_deliver_every_event_once_per_webhook_id(system):
    receiver = WebhookReceiver().start()
    receiver.delay = 0.4  # every delivery takes a while: kills land in the middle of many
    s = system(TEXTBACK_WEBHOOKS_ALLOW_PRIVATE="true", TEXTBACK_WEBHOOKS_TIMEOUT_SECONDS="3")
    try:
        [(business_id,)] = s.q("SELECT business_id FROM core_phonenumber WHERE number = %s", REYES)
        added = run([*textback(), "webhook", "add", "--business", str(business_id), "--url", receiver.url,
                     "--events", "call.missed,textback.sent"], s.env)
        receiver.secret = added.strip().splitlines()[-1]
        s.start_web()
        workers = [s.start_worker(), s.start_worker()]
        numbers = callers(CALLS, start=500)
        answered = []
        loader = threading.Thread(target=lambda: answered.extend(
            fire(s, [(call_sid(i, tag=14), c) for i, c in enumerate(numbers)], threads=8)))
        loader.start()
        sending_at_kills = kill_at_random(s, workers, KILLS, random.Random(os.environ.get("FAULTS_SEED", "14")),
                                          (0.2, 0.8), "SELECT count(*) FROM hooks_delivery WHERE status = 'sending'")
        loader.join()
        undelivered = "SELECT count(*) FROM hooks_delivery WHERE status <> 'delivered'"
        waited = s.wait_drained(timeout=120, what=lambda: s.q(undelivered)[0][0] == 0)
        time.sleep(1.0)  # a dead worker's last request completes at the receiver meanwhile
        event_ids = {row[0] for row in s.q("SELECT webhook_id FROM hooks_event")}
        statuses = Counter(row[0] for row in s.q("SELECT status FROM hooks_delivery"))
        unknown = s.q("SELECT count(*) FROM hooks_attempt WHERE error = %s", UNKNOWN_OUTCOME)[0][0]
        per_id = Counter(r.headers.get("webhook-id") for r in receiver.requests)
        doubled = sum(n - 1 for n in per_id.values())
        fault(f"worker SIGKILL x{KILLS} during webhook deliveries (receiver answers after 0.4 s, lease 5 s): "
              f"events {len(event_ids)}, deliveries {dict(statuses)}, requests {len(receiver.requests)}, "
              f"second requests {doubled}, attempts cut short by a kill {unknown}, "
              f"deliveries 'sending' at the kills {sending_at_kills}, drained in {waited:.1f} s")
        assert len(answered) == CALLS and len(event_ids) == 2 * CALLS  # call.missed + textback.sent each
        assert statuses == {"delivered": 2 * CALLS}
        assert all(r.verified for r in receiver.requests)
        assert set(per_id) == event_ids
        assert len(receiver.events()) == 2 * CALLS  # once per webhook-id
        assert doubled <= unknown, "an event was sent again that no dead worker had been sending"
    finally:
        receiver.stop()
