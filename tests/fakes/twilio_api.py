"""A local stand-in for Twilio's REST API, speaking its documented wire format over real HTTP:
basic auth with the account SID and auth token, form-encoded requests, 201 with the message JSON,
and errors as {"code", "message", "more_info", "status"}. Tests script its answers.

    api = FakeTwilioAPI(account_sid, auth_token).start()
    api.fail_next(503)                       # one 503, then back to normal
    api.fail_next(400, code=21610)           # Twilio's "recipient opted out"
    api.delay = 0.15                         # answer after 150 ms, like the real API
    api.requests                             # every request received, in order
    api.recordings["RE..."] = b"ID3..."      # served at GET .../Recordings/RE....mp3
"""

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ERROR_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    21211: "The 'To' number is not a valid phone number.",
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    30006: "Landline or unreachable carrier",
}


@dataclass
class Received:
    method: str
    path: str
    form: dict
    at: float  # time.time() when the request arrived


@dataclass
class Scripted:
    status: int
    code: int | None = None
    headers: dict = field(default_factory=dict)
    hang: float = 0.0  # seconds to wait before answering (a slow or timing-out API)


class FakeTwilioAPI:
    def __init__(self, account_sid, auth_token):
        self.account_sid, self.auth_token = account_sid, auth_token
        self.requests: list[Received] = []
        self.messages: dict[str, dict] = {}
        self.recordings: dict[str, bytes] = {}
        self.script: list[Scripted] = []
        self.delay = 0.0
        self.lock = threading.Lock()
        self.server = None

    # -- scripting -------------------------------------------------------------------------
    def fail_next(self, status, code=None, times=1, headers=None, hang=0.0):
        with self.lock:
            self.script += [Scripted(status, code, headers or {}, hang) for _ in range(times)]

    def sent(self):
        """Message-create requests that Twilio accepted (status 201)."""
        return [m for m in self.messages.values()]

    @property
    def base_url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    # -- lifecycle -------------------------------------------------------------------------
    def start(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else small keep-alive answers stall ~40 ms on delayed ACKs

            def log_message(self, *args):
                pass

            def do_POST(self):
                api.handle(self, "POST")

            def do_GET(self):
                api.handle(self, "GET")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # A short poll so stop() returns at once (the default 0.5 s adds up over a test run).
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # -- the wire format -------------------------------------------------------------------
    def handle(self, handler, method):
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode() if length else ""
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        with self.lock:
            self.requests.append(Received(method, handler.path, form, time.time()))
            scripted = self.script.pop(0) if self.script else None
        if self.delay:
            time.sleep(self.delay)
        if not self.authorized(handler):
            return self.error(handler, 401, 20003)
        if scripted is not None:
            time.sleep(scripted.hang)
            return self.error(handler, scripted.status, scripted.code, scripted.headers)
        prefix = f"/2010-04-01/Accounts/{self.account_sid}/Messages"
        if method == "POST" and handler.path == prefix + ".json":
            return self.create_message(handler, form)
        if method == "GET" and handler.path.startswith(prefix + "/SM"):
            sid = handler.path[len(prefix) + 1 :].removesuffix(".json")
            if sid in self.messages:
                return self.reply(handler, 200, self.messages[sid])
        recordings = f"/2010-04-01/Accounts/{self.account_sid}/Recordings/"
        if method == "GET" and handler.path.startswith(recordings) and handler.path.endswith(".mp3"):
            sid = handler.path[len(recordings):].removesuffix(".mp3")
            if sid in self.recordings:
                return self.reply_bytes(handler, self.recordings[sid], "audio/mpeg")
        return self.error(handler, 404, 20404)

    def authorized(self, handler):
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return handler.headers.get("Authorization") == f"Basic {expected}"

    def create_message(self, handler, form):
        if not form.get("To", "").startswith("+"):
            return self.error(handler, 400, 21211)
        sid = "SM" + uuid.uuid4().hex
        message = {
            "sid": sid, "account_sid": self.account_sid, "to": form["To"], "from": form.get("From"),
            "body": form.get("Body", ""), "status": "queued", "num_segments": "1", "direction": "outbound-api",
            "api_version": "2010-04-01", "error_code": None, "error_message": None, "price": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        with self.lock:
            self.messages[sid] = message
        return self.reply(handler, 201, message)

    def error(self, handler, status, code=None, headers=None):
        code = code or status
        body = {
            "code": code, "message": ERROR_MESSAGES.get(code, "Service unavailable" if status >= 500 else "Error"),
            "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status,
        }
        return self.reply(handler, status, body, headers)

    def reply_bytes(self, handler, data, content_type):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def reply(self, handler, status, body, headers=None):
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
