"""A provider's side of a test, behind one small class, so one test runs on every provider: the
`carrier` fixture (tests/world.py) runs it once per name in PROVIDERS. A test says what happens
("Jen calls", "nobody answers", "she texts back") and the Carrier turns it into that provider's
signed webhooks; its fake REST API (tests/fakes/) says what was sent.

    carrier.name                         "twilio", "signalwire", "telnyx"
    carrier.api                          the fake API: .sent(), .fail_next(status, code=), .requests
    carrier.ring(call=1, caller=JEN)     the incoming-call webhook; its response (TwiML, cXML...)
    carrier.dial(outcome, call=1)        how ringing the owner ended: no_answer, busy, canceled,
                                         completed_bridged, completed_voicemail
    carrier.status(final, call=1)        the call's final status: completed, no_answer, busy, canceled
    carrier.text(body, message=1)        an incoming text from Jen
    carrier.delivery(message, status)    a delivery report of a text we sent: delivered, undelivered,
                                         failed (code=: the provider's error code)
    carrier.codes                        the provider's error codes for: opted_out, landline, busy
    carrier.webhooks                     (path, fixture) of every webhook, for the fuzzing tests
    carrier.post(path, params), carrier.payload(name, **fields)

A provider joins the parametrised tests with one line in PROVIDERS and its Carrier in CARRIERS.
"""

import hashlib
import json
import uuid
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from twilio.request_validator import RequestValidator

from tests.world import AUTH_TOKEN, JEN, SIGNALWIRE_SIGNING_KEY
from textback.core import clock
from textback.telnyx.tests import payloads as telnyx_payloads

ROOT = Path(__file__).resolve().parents[1]


class TwimlCarrier:
    """Twilio, and SignalWire whose cXML webhooks are Twilio's: form-encoded, signed over the URL
    and the sorted parameters, recorded in the provider's tests/fixtures/*.json."""

    codes = {"opted_out": "21610", "landline": "30006", "busy": "20429"}
    webhooks = [
        ("voice", "voice_incoming_call"), ("voice/dial", "voice_dial_no_answer"),
        ("voice/status", "voice_status_completed"), ("voice/screen", "voice_screen_request"),
        ("voice/screen/result", "voice_screen_gather_result"), ("voice/recording", "voice_recording_status"),
        ("voice/transcription", "voice_transcription"), ("voice/voicemail", "voice_recording_status"),
        ("sms", "sms_incoming_text"),
        ("sms/status", "sms_status_delivered"),
    ]

    def __init__(self, name, client, api, key, header, fixtures):
        self.name, self.client, self.api, self.key, self.header = name, client, api, key, header
        self.fixtures = fixtures

    # -- ids in the provider's format -------------------------------------------------------------
    def call_id(self, n):
        return "CA" + f"{n:032x}"

    def message_id(self, n):
        return "SM" + f"{n:032x}"

    # -- webhooks ---------------------------------------------------------------------------------
    def payload(self, name, drop=(), **fields):
        params = {**load(self.fixtures, name), **fields}
        for field in drop:
            params.pop(field, None)
        return params

    def sign(self, path, params, key=None):
        return RequestValidator(key or self.key).compute_signature(f"{django_settings.PUBLIC_URL}/{self.name}/{path}", params)

    def post(self, path, params, signature=None, key=None):
        signature = signature if signature is not None else self.sign(path, params, key)
        return self.client.post(f"/{self.name}/{path}", urlencode(params, doseq=True),
                                content_type="application/x-www-form-urlencoded", **{self.header: signature})

    def post_raw(self, path, body, content_type="application/x-www-form-urlencoded", signature=""):
        """A body as given (not a form, or a broken one), signed over no parameters."""
        signature = signature or self.sign(path, {})
        return self.client.post(f"/{self.name}/{path}", body, content_type=content_type, **{self.header: signature})

    def call_fields(self, call, caller):
        return {"CallSid": self.call_id(call), "From": caller}

    def ring(self, call=1, caller=JEN, **fields):
        return self.post("voice", self.payload("voice_incoming_call", **self.call_fields(call, caller), **fields))

    def dial(self, outcome, call=1, caller=JEN, **fields):
        return self.post("voice/dial", self.payload(f"voice_dial_{outcome}", **self.call_fields(call, caller), **fields))

    def accept_screening(self, call=1, digits="1"):
        return self.post("voice/screen/result", self.payload("voice_screen_gather_result",
                                                             ParentCallSid=self.call_id(call), Digits=digits))

    def status(self, final, call=1, caller=JEN, **fields):
        return self.post("voice/status", self.payload(f"voice_status_{final}", **self.call_fields(call, caller), **fields))

    def text(self, body, message=1, caller=JEN):
        return self.post("sms", self.payload("sms_incoming_text", Body=body, From=caller, MessageSid=self.message_id(message)))

    def delivery(self, message, status, code=""):
        name = {"sent": "sms_status_sent", "delivered": "sms_status_delivered", "undelivered": "sms_status_undelivered_30006",
                "failed": "sms_status_failed_21610"}[status]
        params = self.payload(name, MessageSid=message.provider_message_id, To=message.to_number, ErrorCode=code)
        if not code:
            params.pop("ErrorCode")
        return self.post("sms/status", params)


class SignalWireCarrier(TwimlCarrier):
    def call_id(self, n):
        return str(uuid.UUID(int=n, version=4))

    def message_id(self, n):
        return str(uuid.UUID(int=(1 << 64) + n, version=4))


class TelnyxCarrier(TwimlCarrier):
    """Telnyx: TeXML's call webhooks are Twilio's form fields (its fixtures' names differ a little),
    its texts the Messaging API's JSON events; every one signed with Ed25519 over
    "{telnyx-timestamp}|{raw body}" (textback/telnyx/tests/payloads.py). A JSON event's fields are
    its data.payload's, with its event_type beside them, so the fuzzing can change any of them."""

    codes = {"opted_out": "40300", "landline": "40001", "busy": "10011"}
    webhooks = [
        ("voice", "voice_incoming_call"), ("voice/dial", "voice_dial_no_answer"),
        ("voice/status", "voice_status_completed"), ("voice/screen", "voice_screen_request"),
        ("voice/screen/result", "voice_screen_gather_result"), ("voice/recording", "voice_recording_completed"),
        ("voice/transcription", "voice_transcription"), ("voice/voicemail", "voice_recording_completed"),
        ("sms", "message_received_text"), ("sms/status", "message_finalized_delivered"),
    ]
    # TeXML says "completed" of a dial the owner took and of one the cell's voicemail took alike.
    DIALS = {"completed_bridged": "completed", "completed_voicemail": "completed"}
    DELIVERIES = {"sent": "message_sent", "delivered": "message_finalized_delivered", "undelivered": "message_finalized_failed_40001",
                  "failed": "message_finalized_failed_40300"}

    def __init__(self, client, api):
        super().__init__("telnyx", client, TelnyxAPI(api), telnyx_payloads.DEFAULT_ACCOUNT_KEY, "", None)

    def call_id(self, n):
        return f"v3:{n:040x}"

    def message_id(self, n):
        return str(uuid.UUID(int=(1 << 64) + n, version=4))

    def payload(self, name, drop=(), **fields):
        if name.startswith("voice_"):
            return telnyx_payloads.form(name, drop=drop, **fields)
        data = telnyx_payloads.event(name)["data"]
        params = {"event_type": data["event_type"], **data["payload"], **fields}
        for field in drop:
            params.pop(field, None)
        return params

    def signed(self, path, body, content_type, signature=None, key=None):
        timestamp = str(int(clock.now().timestamp()))
        if signature is None:
            if isinstance(key, str):  # a key of another provider's: an Ed25519 key, not this account's
                key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(key.encode()).digest())
            signature = telnyx_payloads.sign(key or self.key, timestamp, body)
        return self.client.post(f"/{self.name}/{path}", body, content_type=content_type,
                                HTTP_TELNYX_TIMESTAMP=timestamp, HTTP_TELNYX_SIGNATURE_ED25519=signature)

    def post(self, path, params, signature=None, key=None):
        if path.startswith("sms"):
            params = dict(params)
            event = {"data": {"record_type": "event", "event_type": params.pop("event_type", None), "payload": params}}
            return self.signed(path, json.dumps(event).encode(), "application/json", signature, key)
        return self.signed(path, urlencode(params, doseq=True).encode(), "application/x-www-form-urlencoded",
                           signature, key)

    def post_raw(self, path, body, content_type="application/x-www-form-urlencoded", signature=""):
        return self.signed(path, body, content_type, signature or None)

    def dial(self, outcome, call=1, caller=JEN, **fields):
        return super().dial(self.DIALS.get(outcome, outcome), call, caller, **fields)

    def text(self, body, message=1, caller=JEN):
        sender = {"phone_number": caller, "carrier": "T-MOBILE USA, INC.", "line_type": "Wireless"}
        return self.post("sms", self.payload("message_received_text", text=body, id=self.message_id(message),
                                             **{"from": sender}))

    def delivery(self, message, status, code=""):
        params = self.payload(self.DELIVERIES[status], id=message.provider_message_id)
        params["to"] = [{**params["to"][0], "phone_number": message.to_number}]
        params["errors"] = [{"code": code, "title": "Error", "detail": "Error"}] if code else []
        return self.post("sms/status", params)


class TelnyxAPI:
    """The Telnyx fake as the shared tests read a fake API: sent() as {"sid", "to", "from", "body"}
    (its messages' id, to[0], from and text); the rest is the fake's own."""

    def __init__(self, fake):
        self.fake = fake

    def __getattr__(self, name):
        return getattr(self.fake, name)

    def sent(self):
        return [{"sid": m["id"], "to": m["to"][0]["phone_number"], "from": m["from"]["phone_number"], "body": m["text"]}
                for m in self.fake.sent()]


@cache
def load(fixtures, name):
    return json.loads((fixtures / f"{name}.json").read_text())


def twilio(client, api):
    return TwimlCarrier("twilio", client, api, AUTH_TOKEN, "HTTP_X_TWILIO_SIGNATURE",
                        ROOT / "textback" / "twilio" / "tests" / "fixtures")


def signalwire(client, api):
    return SignalWireCarrier("signalwire", client, api, SIGNALWIRE_SIGNING_KEY, "HTTP_X_SIGNALWIRE_SIGNATURE",
                             ROOT / "textback" / "signalwire" / "tests" / "fixtures")


# name -> (the fixture of its fake API in tests/world.py, its Carrier)
CARRIERS = {"twilio": ("fake_twilio", twilio), "signalwire": ("fake_signalwire", signalwire),
            "telnyx": ("fake_telnyx", TelnyxCarrier)}
