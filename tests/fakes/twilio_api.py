"""A local stand-in for Twilio's REST API, speaking its documented wire format over real HTTP:
basic auth with the account SID and auth token, form-encoded requests, 201 with the message JSON,
and errors as {"code", "message", "more_info", "status"}. Tests script its answers.

    api = FakeTwilioAPI(account_sid, auth_token).start()
    api.fail_next(503)                       # one 503, then back to normal
    api.fail_next(400, code=21610)           # Twilio's "recipient opted out"
    api.delay = 0.15                         # answer after 150 ms, like the real API
    api.requests                             # every request received, in order
    api.recordings["RE..."] = b"ID3..."      # served at GET .../Recordings/RE....mp3
    api.add_account(sid, token)              # a subaccount with its own credentials
    api.add_incoming_number(sid, "+1773...", voice_url=...)  # a number the account owns, as configured
    api.incoming_number(sid, "+1773...")     # its record (voice_url, sms_url, ...) as Twilio would show it
    api.account_status[sid] = "suspended"    # what GET .../Accounts/{sid}.json says of it
    GET .../Accounts/{sid}.json                            the account (its own credentials only)
    GET .../Accounts/{sid}/IncomingPhoneNumbers.json?PhoneNumber=+1...   its numbers, filtered
    POST .../Accounts/{sid}/IncomingPhoneNumbers/PN....json    updates VoiceUrl, SmsUrl, StatusCallback...
    api.down_accounts.add(sid)               # that account answers 503 to everything
    api.fail_next(0, times=3)                # status 0: close the connection without answering
    api.hang_after_create = 12               # accept the message, then answer 12 s later
    GET .../Messages.json?To=&From=&DateSent>=YYYY-MM-DD   lists accepted messages, newest first
    api.status_callbacks = ("sent", "delivered")  # after accepting a message with a StatusCallback,
                                             # POST it these statuses, signed with the account's token
    api.callback_answers                     # [(status or None, milliseconds)] of every callback posted
"""

import base64
import heapq
import http.client
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timezone
from email.utils import format_datetime
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from twilio.request_validator import RequestValidator

from tests.fakes.server import LocalFake
from textback.core import clock

# IncomingPhoneNumber: the parameter an update takes -> the field its JSON shows.
INCOMING_NUMBER_FIELDS = {
    "VoiceUrl": "voice_url", "VoiceMethod": "voice_method", "VoiceFallbackUrl": "voice_fallback_url",
    "StatusCallback": "status_callback", "StatusCallbackMethod": "status_callback_method",
    "SmsUrl": "sms_url", "SmsMethod": "sms_method", "SmsFallbackUrl": "sms_fallback_url",
    "VoiceApplicationSid": "voice_application_sid", "SmsApplicationSid": "sms_application_sid",
    "FriendlyName": "friendly_name",
}

ERROR_MESSAGES = {
    20001: "Unknown parameter",
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


class FakeTwilioAPI(LocalFake):
    root = ""  # where the API's /2010-04-01/... paths start (SignalWire's: /api/laml)
    errors_url = "https://www.twilio.com/docs/errors/"

    def new_sid(self):
        return "SM" + uuid.uuid4().hex

    def __init__(self, account_sid, auth_token):
        self.account_sid, self.auth_token = account_sid, auth_token
        self.accounts = {account_sid: auth_token}  # every account this fake knows: SID -> token
        self.incoming_numbers: dict[str, dict[str, dict]] = {account_sid: {}}  # SID -> number -> its record
        self.account_status: dict[str, str] = {}  # SID -> "suspended", "closed" ("active" when absent)
        self.down_accounts: set[str] = set()  # accounts that answer 503 to everything
        self.hang_after_create = 0.0  # seconds to wait after accepting a message, before answering
        self.requests: list[Received] = []
        self.messages: dict[str, dict] = {}
        self.recordings: dict[str, bytes] = {}
        self.script: list[Scripted] = []
        self.delay = 0.0
        self.status_callbacks: tuple[str, ...] = ()
        self.callback_delays = (0.05, 0.5)  # seconds after the create answer: the first status, each next one
        self.callback_answers: list[tuple[int | None, float]] = []
        self.callbacks_due: list[tuple] = []  # a heap of (due, n, url, params, token)
        self.callbacks_wake = threading.Condition()
        self.callback_poster = None
        self.lock = threading.Lock()
        self.server = None

    # -- scripting -------------------------------------------------------------------------
    def fail_next(self, status, code=None, times=1, headers=None, hang=0.0):
        with self.lock:
            self.script += [Scripted(status, code, headers or {}, hang) for _ in range(times)]

    def add_account(self, sid, token):
        with self.lock:
            self.accounts[sid] = token
            self.incoming_numbers.setdefault(sid, {})
        return self

    def add_incoming_number(self, sid, number, **configured):
        """A number the account owns, its webhooks as the console left them (`voice_url=`, ...)."""
        record = {
            "account_sid": sid, "api_version": "2010-04-01", "friendly_name": number, "phone_number": number,
            "sid": "PN" + uuid.uuid5(uuid.NAMESPACE_OID, number).hex, "status": "in-use",
            "capabilities": {"voice": True, "sms": True, "mms": True, "fax": False},
            "uri": f"/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/PN{uuid.uuid5(uuid.NAMESPACE_OID, number).hex}.json",
        } | {field: "" for field in INCOMING_NUMBER_FIELDS.values()} | {
            "voice_method": "POST", "sms_method": "POST", "status_callback_method": "POST", "voice_receive_mode": "voice",
            "trunk_sid": None,
        } | configured
        with self.lock:
            self.incoming_numbers.setdefault(sid, {})[number] = record
        return self

    def incoming_number(self, sid, number):
        with self.lock:
            return dict(self.incoming_numbers[sid][number])

    def sent(self):
        """Message-create requests that Twilio accepted (status 201)."""
        return [m for m in self.messages.values()]

    @property
    def base_url(self):
        return self.origin

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
        account = self.account_of(handler)
        if account is None:
            return self.error(handler, 401, 20003)
        if scripted is not None:
            time.sleep(scripted.hang)
            if scripted.status == 0:  # the connection drops with no answer (a reset, a dead proxy)
                handler.close_connection = True
                return None
            return self.error(handler, scripted.status, scripted.code, scripted.headers)
        if account in self.down_accounts:
            return self.error(handler, 503)
        if not handler.path.startswith(self.root + "/"):
            return self.error(handler, 404, 20404)
        relative = handler.path[len(self.root):]
        path, query = urlsplit(relative).path, parse_qs(urlsplit(relative).query)
        if method == "GET" and path == f"/2010-04-01/Accounts/{account}.json":
            return self.reply(handler, 200, self.account_json(account))
        if method == "GET" and path == f"/2010-04-01/Accounts/{account}/IncomingPhoneNumbers.json":
            return self.list_incoming_numbers(handler, account, query.get("PhoneNumber", [""])[0])
        if method == "POST" and path.startswith(f"/2010-04-01/Accounts/{account}/IncomingPhoneNumbers/PN"):
            return self.update_incoming_number(handler, account, path.rsplit("/", 1)[1].removesuffix(".json"), form)
        prefix = f"/2010-04-01/Accounts/{account}/Messages"
        if method == "POST" and path == prefix + ".json":
            return self.create_message(handler, form, account)
        if method == "GET" and path == prefix + ".json":
            return self.list_messages(handler, account, {k: v[0] for k, v in query.items()})
        if method == "GET" and path.startswith(prefix + "/"):
            sid = path[len(prefix) + 1 :].removesuffix(".json")
            if sid in self.messages:
                return self.reply(handler, 200, self.messages[sid])
        recordings = f"/2010-04-01/Accounts/{self.account_sid}/Recordings/"
        if method == "GET" and path.startswith(recordings) and path.endswith(".mp3"):
            sid = path[len(recordings):].removesuffix(".mp3")
            if sid in self.recordings:
                return self.reply_bytes(handler, self.recordings[sid], "audio/mpeg")
        return self.error(handler, 404, 20404)

    def authorized(self, handler):
        return self.account_of(handler) is not None

    def account_of(self, handler):
        """The account SID whose credentials the request carries (basic auth), or None."""
        for sid, token in list(self.accounts.items()):
            expected = base64.b64encode(f"{sid}:{token}".encode()).decode()
            if handler.headers.get("Authorization") == f"Basic {expected}":
                return sid
        return None

    def account_json(self, sid):
        """Twilio's Account resource (the fields its API documents), as fetched with its own credentials."""
        uri = f"/2010-04-01/Accounts/{sid}"
        return {
            "auth_token": self.accounts[sid], "date_created": "Tue, 03 Nov 2026 16:00:00 +0000",
            "date_updated": "Tue, 03 Nov 2026 16:00:00 +0000", "friendly_name": f"Account {sid[-4:]}",
            "owner_account_sid": self.account_sid, "sid": sid, "status": self.account_status.get(sid, "active"),
            "subresource_uris": {"incoming_phone_numbers": f"{uri}/IncomingPhoneNumbers.json",
                                 "messages": f"{uri}/Messages.json"},
            "type": "Full", "uri": f"{uri}.json",
        }

    def list_incoming_numbers(self, handler, account, wanted):
        """Twilio's IncomingPhoneNumbers list, filtered by PhoneNumber (an exact number here)."""
        with self.lock:
            owned = self.incoming_numbers.get(account, {})
            records = [dict(owned[n]) for n in sorted(owned) if not wanted or n == wanted]
        uri = f"/2010-04-01/Accounts/{account}/IncomingPhoneNumbers.json"
        return self.reply(handler, 200, {
            "incoming_phone_numbers": records, "end": max(len(records) - 1, 0), "first_page_uri": f"{uri}?PageSize=50&Page=0",
            "next_page_uri": None, "page": 0, "page_size": 50, "previous_page_uri": None, "start": 0, "uri": uri,
        })

    def update_incoming_number(self, handler, account, sid, form):
        """POST to an IncomingPhoneNumber: the fields given change, Twilio answers the whole record."""
        with self.lock:
            record = next((r for r in self.incoming_numbers.get(account, {}).values() if r["sid"] == sid), None)
            if record is None:
                return self.error(handler, 404, 20404)
            unknown = set(form) - set(INCOMING_NUMBER_FIELDS)
            if unknown:
                return self.error(handler, 400, 20001)
            for name, value in form.items():
                record[INCOMING_NUMBER_FIELDS[name]] = value
            answer = dict(record)
        return self.reply(handler, 200, answer)

    def list_messages(self, handler, account, query):
        """Twilio's message list, filtered by To, From and DateSent>= (a date, UTC), newest first."""
        since = query.get("DateSent>", "")
        with self.lock:
            found = [
                m for m in self.messages.values()
                if m["account_sid"] == account
                and (not query.get("To") or m["to"] == query["To"])
                and (not query.get("From") or m["from"] == query["From"])
                and (not since or m["_created"][:10] >= since)
            ]
        found.sort(key=lambda m: m["_created"], reverse=True)
        public = [{k: v for k, v in m.items() if not k.startswith("_")} for m in found]
        return self.reply(handler, 200, {"messages": public, "page": 0, "page_size": 50,
                                         "uri": handler.path, "next_page_uri": None})

    def create_message(self, handler, form, account=None):
        account = account or self.account_sid
        if not form.get("To", "").startswith("+"):
            return self.error(handler, 400, 21211)
        sid = self.new_sid()
        # Twilio's clock is the world's, and in a test the world's clock is the one the test set.
        now = clock.now().astimezone(timezone.utc)
        message = {
            "sid": sid, "account_sid": account, "to": form["To"], "from": form.get("From"),
            "body": form.get("Body", ""), "status": "queued", "num_segments": "1", "direction": "outbound-api",
            "api_version": "2010-04-01", "error_code": None, "error_message": None, "price": None,
            "uri": f"{self.root}/2010-04-01/Accounts/{account}/Messages/{sid}.json",
            "date_created": format_datetime(now), "date_sent": format_datetime(now), "_created": now.isoformat(),
        }
        with self.lock:
            self.messages[sid] = message
        if self.hang_after_create:
            time.sleep(self.hang_after_create)
        answered = self.reply(handler, 201, {k: v for k, v in message.items() if not k.startswith("_")})
        if self.status_callbacks and form.get("StatusCallback"):
            self.call_back(form["StatusCallback"], message)
        return answered

    # -- status callbacks, as Twilio posts them --------------------------------------------------
    def call_back(self, url, message):
        """Schedule the signed status callbacks of an accepted message (self.status_callbacks)."""
        token = self.accounts[message["account_sid"]]
        due = time.monotonic() + self.callback_delays[0]
        with self.callbacks_wake:
            for n, status in enumerate(self.status_callbacks):
                params = {
                    "AccountSid": message["account_sid"], "ApiVersion": "2010-04-01", "From": message["from"],
                    "MessageSid": message["sid"], "MessageStatus": status, "SmsSid": message["sid"],
                    "SmsStatus": status, "To": message["to"],
                }
                heapq.heappush(self.callbacks_due, (due + n * self.callback_delays[1], id(params), url, params, token))
            if self.callback_poster is None:
                self.callback_poster = threading.Thread(target=self.post_callbacks, daemon=True)
                self.callback_poster.start()
            self.callbacks_wake.notify()

    def post_callbacks(self):
        """Hand each callback, when due, to a pool of posters (several at once, as Twilio's are)."""
        pool = ThreadPoolExecutor(32, thread_name_prefix="callback")
        while True:
            with self.callbacks_wake:
                while not self.callbacks_due or self.callbacks_due[0][0] > time.monotonic():
                    wait = self.callbacks_due[0][0] - time.monotonic() if self.callbacks_due else None
                    self.callbacks_wake.wait(wait)
                _, _, url, params, token = heapq.heappop(self.callbacks_due)
            pool.submit(self.post_callback, url, params, token)

    def post_callback(self, url, params, token):
        parts = urlsplit(url)
        signature = RequestValidator(token).compute_signature(url, params)
        started, status = time.perf_counter(), None
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=15)  # Twilio waits 15 s
        try:
            conn.request("POST", parts.path + (f"?{parts.query}" if parts.query else ""), urlencode(params), {
                "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature,
                "Connection": "close", "User-Agent": "TwilioProxy/1.1",
            })
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError:
            pass
        finally:
            conn.close()
        with self.lock:
            self.callback_answers.append((status, (time.perf_counter() - started) * 1000))

    def error(self, handler, status, code=None, headers=None):
        code = code or status
        body = {
            "code": code, "message": ERROR_MESSAGES.get(code, "Service unavailable" if status >= 500 else "Error"),
            "more_info": f"{self.errors_url}{code}", "status": status,
        }
        return self.reply(handler, status, body, headers)

    def reply_bytes(self, handler, data, content_type):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

