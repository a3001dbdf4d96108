"""Bad input at every Telnyx webhook, property-based (hypothesis), signed with the default account's
key so it gets past the signature: random TeXML fields, random JSON shaped like Telnyx's events,
raw bodies with invalid UTF-8. Never a 500; and a valid incoming text, whatever it says, is stored
exactly once. In-process and bounded: a modest number of examples per property."""

import json

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tests.world import CARLOS_CELL, REYES_NUMBER
from textback.core.models import Message
from textback.telnyx.tests.payloads import event

TEXML = ["/telnyx/voice", "/telnyx/voice/status", "/telnyx/voice/dial", "/telnyx/voice/screen",
         "/telnyx/voice/screen/result", "/telnyx/voice/recording", "/telnyx/voice/transcription",
         "/telnyx/voice/voicemail"]
FIELDS = ["CallSid", "ParentCallSid", "AccountSid", "From", "To", "CallStatus", "DialCallStatus", "Digits",
          "RecordingUrl", "RecordingStatus", "RecordingDuration", "TranscriptionText", "TranscriptionStatus",
          "CallDuration", "HangupCause"]
odd = st.one_of(
    st.sampled_from([REYES_NUMBER, "+13125550101", "anonymous", "", " ", "+", "12345", "+" + "9" * 30, "sip:a@b.c",
                     "v3:" + "a" * 40, "v3:" + "a" * 80, "completed", "no-answer", "1", "-1", "NaN", "https://x.example/r.mp3"]),
    st.text(max_size=40), st.text(min_size=2000, max_size=4000),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), odd),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=10,
)
PAYLOAD_KEYS = ["id", "from", "to", "text", "media", "errors", "direction", "type"]


@pytest.fixture
def bounded():
    return hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def test_no_texml_webhook_answers_500_to_random_fields(telnyx, telnyx_number, tuesday_morning, bounded):
    @bounded
    @given(path=st.sampled_from(TEXML), params=st.dictionaries(st.sampled_from(FIELDS), odd, max_size=8),
           base=st.booleans())
    def check(path, params, base):
        if base:  # mostly well-formed around the random part, so the views get past the first checks
            params = {"CallSid": "v3:" + "c" * 40, "From": "+13125550101", "To": REYES_NUMBER, **params}
        assert telnyx.form(path, params).status_code < 500, (path, params)

    check()


def test_no_messaging_webhook_answers_500_to_random_json(telnyx, telnyx_number, tuesday_morning, bounded):
    @bounded
    @given(kind=st.sampled_from(["message.received", "message.sent", "message.finalized", "call.hangup", ""]),
           payload=st.dictionaries(st.sampled_from(PAYLOAD_KEYS), json_values, max_size=6),
           base=st.sampled_from(["message_received_text", "message_finalized_failed_40300", None]),
           path=st.sampled_from(["/telnyx/sms", "/telnyx/sms/status?message=1"]))
    def check(kind, payload, base, path):
        body = event(base, **payload) if base else {"data": {"event_type": kind, "payload": payload}}
        if base and kind:
            body["data"]["event_type"] = kind
        assert telnyx.json(path, body).status_code < 500, body

    check()


def test_raw_bodies_never_answer_500(telnyx, telnyx_number, tuesday_morning, bounded):
    @bounded
    @given(path=st.sampled_from([*TEXML, "/telnyx/sms"]), raw=st.binary(max_size=2000), content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json", "text/plain"]))
    def check(path, raw, content_type):
        raw = raw + b"&From=%ff%fe%80&text=\xc3\x28"  # invalid UTF-8, raw and percent-encoded
        assert telnyx.post(path, raw, content_type).status_code < 500

    check()


def test_a_valid_incoming_text_is_never_lost(telnyx, telnyx_number, tuesday_morning, bounded):
    stored = 0
    senders = st.from_regex(r"\+1312[2-9]\d{6}", fullmatch=True).filter(lambda n: n != CARLOS_CELL)

    @bounded
    @given(text=st.text(max_size=1600), sender=senders, twice=st.booleans())
    def check(text, sender, twice):
        nonlocal stored
        text = text.replace("\x00", "")  # Telnyx never sends NUL (refused with 400 by design)
        message_id = f"7ee4241c-f127-47e5-9c34-{stored:012d}"
        body = event("message_received_text", id=message_id, text=text,
                     **{"from": {"phone_number": sender, "carrier": "", "line_type": "Wireless"}})
        for _ in range(2 if twice else 1):  # Telnyx may deliver it twice
            assert telnyx.json("/telnyx/sms", json.dumps(body).encode()).status_code == 200
        assert [m.body for m in Message.objects.filter(provider_message_id=message_id, direction=Message.IN)] == [text]
        stored += 1

    check()
