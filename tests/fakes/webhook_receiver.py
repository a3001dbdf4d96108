"""A local integration endpoint (a Zapier catch hook, a CRM's receiver), over real HTTP: it
verifies each request's Standard Webhooks signature with the standardwebhooks package, as an
off-the-shelf receiver does, and dedupes by webhook-id. Tests script its answers.

    receiver = WebhookReceiver().start()
    receiver.secret = endpoint.secret          # what it verifies with
    receiver.answer(503, 429, 200)             # the next answers, in order (then 200)
    receiver.retry_after = 30                  # sent with 429 and 503 answers
    receiver.delay = 2.0                       # answer after 2 s (a slow endpoint)
    receiver.hold() / receiver.release()       # keep every answer back until released (a hung endpoint)
    receiver.requests                          # every request: headers, body, verified, arrived (monotonic)
    receiver.events()                          # the verified events, once per webhook-id, in order
"""

import json
import threading
import time
from dataclasses import dataclass

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.fakes.server import LocalFake


@dataclass
class Request:
    path: str
    headers: dict
    body: bytes
    verified: bool
    arrived: float


class WebhookReceiver(LocalFake):
    def __init__(self, secret=None):
        self.secret, self.delay, self.retry_after = secret, 0.0, None
        self.requests, self.answers, self.lock = [], [], threading.Lock()
        self.released = threading.Event()
        self.released.set()

    def hold(self):
        self.released.clear()

    def release(self):
        self.released.set()

    def stop(self):
        self.release()
        super().stop()

    def answer(self, *statuses):
        with self.lock:
            self.answers.extend(statuses)

    @property
    def url(self):
        return self.origin + "/hooks/catch/1/abc/"

    def handle(self, handler, method):
        body = handler.rfile.read(int(handler.headers.get("content-length") or 0))
        headers = {k.lower(): v for k, v in handler.headers.items()}
        try:
            Webhook(self.secret).verify(body, headers)
            verified = True
        except (WebhookVerificationError, ValueError, TypeError):
            verified = False
        with self.lock:
            self.requests.append(Request(handler.path, headers, body, verified, time.monotonic()))
            status = self.answers.pop(0) if self.answers else 200
        if self.delay:
            time.sleep(self.delay)
        self.released.wait(30)
        reply = b'{"status": "success"}'
        try:
            handler.send_response(status)
            if self.retry_after is not None and status in (429, 503):
                handler.send_header("Retry-After", str(self.retry_after))
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(reply)))
            handler.end_headers()
            handler.wfile.write(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender gave up waiting

    def events(self):
        """What a receiver that dedupes on webhook-id processes: each verified event once."""
        seen, found = set(), []
        for r in list(self.requests):
            if r.verified and r.headers["webhook-id"] not in seen:
                seen.add(r.headers["webhook-id"])
                found.append(json.loads(r.body))
        return found

    def types(self):
        return [e["type"] for e in self.events()]
