"""A local stand-in for Telnyx's API v2, speaking its documented wire format over real HTTP: Bearer
API keys, JSON requests, {"data": {...}} answers and {"errors": [{"code", "title", "detail"}]}
failures, rate limits with x-ratelimit-* headers. Tests script its answers.

    api = FakeTelnyxAPI(account, api_key).start()    # an account (textback names it by its public key) and its key
    api.fail_next(503)                              # one 503 ({"errors": [...10007...]}), then normal
    api.fail_next(400, code="40300")                # "Blocked due to STOP message"
    api.fail_next(429, code="10011", headers={"x-ratelimit-reset": "30"})
    api.fail_next(0)                                # close the connection without answering
    api.hang_after_create = 12                      # accept the message, then answer 12 s later
    api.add_account(other, other_key)               # another account, and its API key
    api.down_accounts.add(other)                    # an account whose every request answers 503
    api.delay = 0.4                                 # every request answers this much later
    api.add_number("+1312...", voice_url=..., status_callback=..., webhook_url=...)  # owned, wired so
    api.numbers["+1312..."]                         # its record: connection_id, messaging_profile_id
    api.sent()                                      # the messages it accepted
    api.requests                                    # every request, in order (json body parsed)
    POST /v2/messages                               {"from", "to", "text", "webhook_url"} -> 200 {"data": message}
    GET /v2/phone_numbers?filter[phone_number]=     the account's numbers
    GET /v2/texml_applications/{id}, GET /v2/messaging_profiles/{id}   their webhook URLs
    GET /v2/detail_records?filter[record_type]=messaging&filter[cld]=&filter[cli]=&filter[created_at][gte]=
                                                    the accepted messages' detail records, newest first
"""

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

from tests.fakes.server import LocalFake
from textback.core import clock

ERRORS = {
    "10007": ("Unexpected error", "An unexpected error occured."),
    "10009": ("Authentication failed", "The required authentication headers were either invalid or not included in the request."),
    "10005": ("Resource not found", "The requested resource or URL could not be found."),
    "10011": ("Too many requests", "You have exceeded the maximum number of allowed requests."),
    "40300": ("Blocked due to STOP message", "Messages cannot be sent due to an existing block rule."),
    "40001": ("Not routable", "The destination number is either a landline or a non-routable wireless number."),
    "40310": ("Invalid 'to' address", "The 'to' address is not a valid phone number."),
    "10015": ("Bad Request", "The request failed because it was not well-formed."),
}


@dataclass
class Received:
    method: str
    path: str
    query: dict
    json: dict | None
    headers: dict
    at: float


@dataclass
class Scripted:
    status: int
    code: str | None = None
    headers: dict = field(default_factory=dict)
    hang: float = 0.0


class FakeTelnyxAPI(LocalFake):
    def __init__(self, account, api_key):
        self.account_sid = account
        self.keys = {api_key: account}  # every API key this fake takes -> its account
        self.down_accounts: set[str] = set()  # accounts that answer 503 to everything
        self.delay = 0.0
        self.requests: list[Received] = []
        self.messages: dict[str, dict] = {}
        self.numbers: dict[str, dict] = {}  # E.164 -> the number's record
        self.applications: dict[str, dict] = {}  # TeXML applications by id
        self.profiles: dict[str, dict] = {}  # messaging profiles by id
        self.script: list[Scripted] = []
        self.hang_after_create = 0.0
        self.lock = threading.Lock()
        self.server = None

    @property
    def base_url(self):
        return self.origin

    def fail_next(self, status, code=None, times=1, headers=None, hang=0.0):
        with self.lock:
            self.script += [Scripted(status, code, headers or {}, hang) for _ in range(times)]

    def add_account(self, account, api_key):
        with self.lock:
            self.keys[api_key] = account
        return self

    def add_number(self, number, voice_url="", status_callback="", webhook_url=""):
        """A number of the account on its own TeXML application and messaging profile, wired so."""
        ids = uuid.uuid5(uuid.NAMESPACE_OID, number)
        application = {"record_type": "texml_application", "id": str(ids.int % 10**19), "friendly_name": "textback",
                       "active": True, "voice_url": voice_url, "voice_method": "post", "status_callback": status_callback,
                       "status_callback_method": "post"}
        profile = {"record_type": "messaging_profile", "id": str(ids), "name": "textback", "enabled": True,
                   "webhook_url": webhook_url, "webhook_failover_url": "", "webhook_api_version": "2"}
        with self.lock:
            self.applications[application["id"]], self.profiles[profile["id"]] = application, profile
            self.numbers[number] = {"record_type": "phone_number", "id": str(ids.int % 10**18), "phone_number": number,
                                    "status": "active", "connection_id": application["id"],
                                    "messaging_profile_id": profile["id"]}
        return self

    def sent(self):
        with self.lock:
            return [dict(m) for m in self.messages.values()]

    # -- the wire format -------------------------------------------------------------------------
    def handle(self, handler, method):
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        with self.lock:
            self.requests.append(Received(method, parts.path, query, body, dict(handler.headers), time.time()))
            scripted = self.script.pop(0) if self.script else None
            account = self.keys.get(handler.headers.get("Authorization", "").removeprefix("Bearer "))
        if self.delay:
            time.sleep(self.delay)
        if account is None:
            return self.error(handler, 401, "10009")
        if scripted is not None:
            time.sleep(scripted.hang)
            if scripted.status == 0:
                handler.close_connection = True
                return None
            return self.error(handler, scripted.status, scripted.code, scripted.headers)
        if account in self.down_accounts:
            return self.error(handler, 503)
        if method == "POST" and parts.path == "/v2/messages":
            if raw and body is None:
                return self.error(handler, 400, "10015")
            return self.create_message(handler, body or {})
        if method == "GET" and parts.path == "/v2/phone_numbers":
            with self.lock:
                found = [dict(r) for n, r in self.numbers.items() if query.get("filter[phone_number]", n) == n]
            return self.reply(handler, 200, {"data": found, "meta": {"page_number": 1, "total_results": len(found)}})
        for prefix, records in (("/v2/texml_applications/", self.applications), ("/v2/messaging_profiles/", self.profiles)):
            if method == "GET" and parts.path.startswith(prefix) and parts.path[len(prefix):] in records:
                return self.reply(handler, 200, {"data": dict(records[parts.path[len(prefix):]])})
        if method == "GET" and parts.path == "/v2/detail_records":
            return self.detail_records(handler, query)
        return self.error(handler, 404, "10005")

    def create_message(self, handler, body):
        to = body.get("to") or ""
        if not (isinstance(to, str) and to.startswith("+")):
            return self.error(handler, 422, "40310")
        now = clock.now().astimezone(timezone.utc)
        message = {
            "record_type": "message", "direction": "outbound", "id": str(uuid.uuid4()), "type": "SMS",
            "messaging_profile_id": "4000eba1-a0c0-4563-9925-b25e842a7cb6",
            "organization_id": "b448f9cc-a842-4784-98e9-03c1a5872950",
            "from": {"phone_number": body.get("from"), "carrier": "TELNYX LLC", "line_type": "VoIP"},
            "to": [{"phone_number": to, "status": "queued", "carrier": "T-MOBILE USA, INC.", "line_type": "Wireless"}],
            "cc": [], "text": body.get("text", ""), "media": [], "webhook_url": body.get("webhook_url"),
            "webhook_failover_url": None, "encoding": "GSM-7", "parts": 1, "tags": [], "cost": None,
            "received_at": now.isoformat(), "sent_at": None, "completed_at": None, "valid_until": None, "errors": [],
        }
        with self.lock:
            self.messages[message["id"]] = message
        if self.hang_after_create:
            time.sleep(self.hang_after_create)
        return self.reply(handler, 200, {"data": message})

    def detail_records(self, handler, query):
        """Messaging detail records (MDRs), filtered like the Detail Record Search API: by cld (to),
        cli (from), direction and created_at[gte]; sorted newest first."""
        if query.get("filter[record_type]") != "messaging":
            return self.error(handler, 400, "10015")
        since = query.get("filter[created_at][gte]", "")
        since_at = datetime.fromisoformat(since.replace("Z", "+00:00")) if since else None
        with self.lock:
            found = [m for m in self.messages.values()
                     if (not query.get("filter[cld]") or m["to"][0]["phone_number"] == query["filter[cld]"])
                     and (not query.get("filter[cli]") or m["from"]["phone_number"] == query["filter[cli]"])
                     and (since_at is None or datetime.fromisoformat(m["received_at"]) >= since_at)]
        found.sort(key=lambda m: m["received_at"], reverse=True)
        records = [{
            "record_type": "message_detail_record", "uuid": m["id"], "direction": "outbound",
            "cld": m["to"][0]["phone_number"], "cli": m["from"]["phone_number"], "created_at": m["received_at"],
            "status": "sent", "message_type": "SMS", "parts": 1,
        } for m in found]
        return self.reply(handler, 200, {"data": records, "meta": {"page_number": 1, "page_size": 50,
                                                                   "total_pages": 1, "total_results": len(records)}})

    def error(self, handler, status, code=None, headers=None):
        code = str(code) if code else ("10011" if status == 429 else "10007" if status >= 500 else "10015")
        title, detail = ERRORS.get(code, ("Error", "Error"))
        return self.reply(handler, status, {"errors": [{"code": code, "title": title, "detail": detail}]}, headers)
