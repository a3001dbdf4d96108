"""A provider's side of a test, behind one small class, so one test runs on every provider: the
`carrier` fixture (tests/world.py) runs it once per name in PROVIDERS. A test says what happens
("Jen calls", "nobody answers", "she texts back") and the Carrier turns it into that provider's
signed webhooks; its fake REST API (tests/fakes/) says what was sent.

    carrier.name                         "twilio", "signalwire"
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
    carrier.post(path, params), carrier.payload(name, **fields), carrier.sign(path, params)

A provider joins the parametrised tests with one line in PROVIDERS and its Carrier in CARRIERS.
"""

import json
import uuid
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings as django_settings
from twilio.request_validator import RequestValidator

from tests.world import AUTH_TOKEN, JEN, SIGNALWIRE_SIGNING_KEY

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
        name = {"delivered": "sms_status_delivered", "undelivered": "sms_status_undelivered_30006",
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
CARRIERS = {"twilio": ("fake_twilio", twilio), "signalwire": ("fake_signalwire", signalwire)}
