"""The test suite's fake Twilio (tests/fakes/twilio_api.py) as its own process, for the benchmark.

The same fake, with Twilio's latency (--latency, every request answered after it, each on its own
thread) and its status callbacks on: every accepted text gets a signed "sent" and then a
"delivered" POSTed to its StatusCallback, as Twilio does. On top, for the bench to read:

    GET /_bench/requests    [[to, arrival time (time.time(), before the latency)], ...] of every message create
    GET /_bench/stats       counts, the most requests in flight at once, the status callbacks' answers
    GET /_bench/reset-peak  the same, and the peak starts again (one phase's)

    python bench/fake_twilio.py --latency 0.15 --account-sid AC... --auth-token ...

prints `READY http://127.0.0.1:PORT` on stdout once it is listening.
"""

import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

settings.configure(USE_TZ=True)  # the fake stamps messages with textback's clock (real time here)

from tests.fakes.twilio_api import FakeTwilioAPI  # noqa: E402


class BenchTwilio(FakeTwilioAPI):
    def __init__(self, *args):
        super().__init__(*args)
        self.in_flight = self.peak_in_flight = 0
        self.creates = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    def handle(self, handler, method):
        if handler.path.startswith("/_bench/"):
            return self.control(handler)
        with self.lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            return super().handle(handler, method)
        finally:
            with self.lock:
                self.in_flight -= 1

    def control(self, handler):
        with self.lock:
            creates = [[r.form.get("To", ""), r.at] for r in self.requests if r.method == "POST" and r.path == self.creates]
            if handler.path == "/_bench/requests":
                return self.reply(handler, 200, {"received": creates})
            body = {"message_creates": len(creates), "other_requests": len(self.requests) - len(creates),
                    "in_flight": self.in_flight, "peak_in_flight": self.peak_in_flight,
                    "callbacks": [list(a) for a in self.callback_answers], "callbacks_waiting": len(self.callbacks_due)}
            if handler.path == "/_bench/reset-peak":
                self.peak_in_flight = self.in_flight
        return self.reply(handler, 200, body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    parser.add_argument("--no-status-callbacks", action="store_true")
    args = parser.parse_args()
    api = BenchTwilio(args.account_sid, args.auth_token)
    api.delay = args.latency
    api.status_callbacks = () if args.no_status_callbacks else ("sent", "delivered")
    api.start()
    print(f"READY {api.base_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    api.stop()


if __name__ == "__main__":
    main()
