"""A local stand-in for Twilio's REST API for the benchmark, run as its own process.

Adapted from tests/fakes/twilio_api.py (same wire format: basic auth with the account SID and
auth token, form-encoded message create, 201 with the message JSON, errors as JSON), with what a
load test needs on top:

- every request is answered after --latency seconds (150 ms by default, about what the real
  API takes), on its own thread, so concurrent requests overlap instead of queueing;
- a large listen backlog, so a burst of connections is never dropped (a dropped SYN costs a
  1 s retransmit and would show up as latency that is not the system's);
- the arrival time (time.time(), taken before the latency) of every message-create request,
  read back through GET /_bench/requests; GET /_bench/stats gives counts and the peak number of
  requests in flight at once (GET /_bench/reset-peak starts a new peak).

    python bench/fake_twilio.py --port 0 --latency 0.15 --account-sid AC... --auth-token ...

prints `READY http://127.0.0.1:PORT` on stdout once it is listening.
"""

import argparse
import base64
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the listen() backlog; socketserver's default is 5


class FakeTwilio:
    def __init__(self, account_sid, auth_token, latency):
        self.account_sid, self.auth_token, self.latency = account_sid, auth_token, latency
        self.expected_auth = "Basic " + base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.prefix = f"/2010-04-01/Accounts/{account_sid}/Messages"
        self.lock = threading.Lock()
        self.received = []  # [to, arrived_at (time.time()), status]
        self.in_flight = self.peak_in_flight = 0
        self.other_requests = 0

    def handle(self, handler, method):
        arrived = time.time()
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode() if length else ""
        if handler.path.startswith("/_bench/"):
            return self.control(handler)
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        creating = method == "POST" and handler.path == self.prefix + ".json"
        with self.lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            if creating:
                record = [form.get("To", ""), arrived, 0]
                self.received.append(record)
            else:
                self.other_requests += 1
        try:
            if self.latency:
                time.sleep(self.latency)
            if handler.headers.get("Authorization") != self.expected_auth:
                status = self.error(handler, 401, 20003, "Authenticate")
            elif creating and not form.get("To", "").startswith("+"):
                status = self.error(handler, 400, 21211, "The 'To' number is not a valid phone number.")
            elif creating:
                status = self.create_message(handler, form)
            else:
                status = self.error(handler, 404, 20404, "The requested resource was not found")
            if creating:
                record[2] = status
        finally:
            with self.lock:
                self.in_flight -= 1

    def create_message(self, handler, form):
        sid = "SM" + uuid.uuid4().hex
        return self.reply(handler, 201, {
            "sid": sid, "account_sid": self.account_sid, "to": form["To"], "from": form.get("From"),
            "body": form.get("Body", ""), "status": "queued", "num_segments": "1", "direction": "outbound-api",
            "api_version": "2010-04-01", "error_code": None, "error_message": None, "price": None,
            "uri": f"{self.prefix}/{sid}.json",
        })

    def error(self, handler, status, code, message):
        return self.reply(handler, status, {
            "code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status,
        })

    def control(self, handler):
        with self.lock:
            if handler.path == "/_bench/requests":
                body = {"received": list(map(list, self.received))}
            else:
                body = {"message_creates": len(self.received), "other_requests": self.other_requests,
                        "in_flight": self.in_flight, "peak_in_flight": self.peak_in_flight}
                if handler.path == "/_bench/reset-peak":  # the peak from now on (one phase's)
                    self.peak_in_flight = self.in_flight
        return self.reply(handler, 200, body)

    @staticmethod
    def reply(handler, status, body):
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
        return status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    args = parser.parse_args()
    api = FakeTwilio(args.account_sid, args.auth_token, args.latency)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each keep-alive answer stalls ~40 ms on a delayed ACK

        def log_message(self, *a):
            pass

        def do_POST(self):
            api.handle(self, "POST")

        def do_GET(self):
            api.handle(self, "GET")

    server = Server(("127.0.0.1", args.port), Handler)
    print(f"READY http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
