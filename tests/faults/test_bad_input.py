"""Bad input at every Twilio webhook, property-based (hypothesis): random and missing fields,
huge values, odd phone formats, invalid UTF-8, bodies that are not forms. Never a 500; and a
valid incoming text, whatever it says, is stored exactly once. In-process (Django's test client
on the test database: SQLite or PostgreSQL), bounded: a modest number of examples per webhook."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from twilio.request_validator import RequestValidator

from tests.world import ACCOUNT_SID, AUTH_TOKEN, REYES_NUMBER
from textback.core.models import Message

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

WEBHOOKS = ["/twilio/voice", "/twilio/voice/status", "/twilio/voice/dial", "/twilio/voice/screen",
            "/twilio/voice/screen/result", "/twilio/voice/recording", "/twilio/voice/transcription",
            "/twilio/voice/voicemail", "/twilio/sms", "/twilio/sms/status"]
FIELDS = ["CallSid", "MessageSid", "AccountSid", "From", "To", "Body", "CallStatus", "DialCallStatus", "DialBridged",
          "ParentCallSid", "Digits", "RecordingUrl", "RecordingStatus", "RecordingDuration", "TranscriptionText",
          "TranscriptionStatus", "MessageStatus", "ErrorCode", "NumMedia", "MediaUrl0", "MediaContentType0",
          "OptOutType", "CallDuration", "SipResponseCode"]
odd_numbers = st.sampled_from([
    REYES_NUMBER, "+13125550101", "3125550101", "(312) 555-0101", "+1 312 555 0101", "anonymous", "+266696687",
    "", " ", "+", "+0", "12345", "+4420 7946 0958", "+" + "9" * 30, "client:alice", "sip:a@b.c", "٣١٢٥٥٥٠١٠١",
])
values = st.one_of(odd_numbers, st.text(max_size=40), st.text(min_size=2000, max_size=5000),
                   st.sampled_from(["CA" + "a" * 32, "SM" + "b" * 32, "0", "-1", "99999999999999999999", "true", "NaN"]))


def paths():
    from django.urls import resolve

    out = []
    for path in WEBHOOKS:
        try:
            resolve(path)
            out.append(path)
        except Exception:
            pass
    return out


def signed_post(client, path, params):
    signature = RequestValidator(AUTH_TOKEN).compute_signature(settings.PUBLIC_URL + path, params)
    return client.post(path, urlencode(params), content_type="application/x-www-form-urlencoded",
                       HTTP_X_TWILIO_SIGNATURE=signature)


@pytest.fixture
def bounded():
    return hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def test_no_webhook_answers_500_to_random_fields(client, reyes_number, bounded):
    tried, answers = 0, {}

    @bounded
    @given(path=st.sampled_from(paths()), params=st.dictionaries(st.sampled_from(FIELDS), values, max_size=8),
           base=st.booleans())
    def check(path, params, base):
        nonlocal tried
        if base:  # mostly well-formed around the random part, so the views get past the first checks
            params = {"AccountSid": ACCOUNT_SID, "CallSid": "CA" + "c" * 32, "MessageSid": "SM" + "d" * 32,
                      "From": "+13125550101", "To": REYES_NUMBER, **params}
        response = signed_post(client, path, params)
        tried += 1
        answers[response.status_code] = answers.get(response.status_code, 0) + 1
        assert response.status_code < 500, (path, params)

    check()
    print(f"\nFAULT random and missing fields, huge values, odd phone formats at {len(paths())} webhooks: "
          f"requests {tried}, answers {answers}, 500s 0")


def test_bodies_that_are_not_valid_forms_never_answer_500(client, reyes_number, bounded):
    answers = {}

    @bounded
    @given(path=st.sampled_from(paths()), raw=st.binary(max_size=3000), content_type=st.sampled_from(
        ["application/x-www-form-urlencoded",
         "multipart/form-data; boundary=x", "application/json", "text/plain"]))
    def check(path, raw, content_type):
        raw = raw + b"&From=%ff%fe%80&Body=\xc3\x28"  # invalid UTF-8, raw and percent-encoded
        response = client.post(path, raw, content_type=content_type, HTTP_X_TWILIO_SIGNATURE="bad")
        answers[response.status_code] = answers.get(response.status_code, 0) + 1
        assert response.status_code < 500

    check()
    print(f"\nFAULT raw bodies with invalid UTF-8 and wrong content types: answers {answers}, 500s 0")


def test_a_valid_incoming_text_is_never_lost(client, reyes_number, bounded):
    stored = 0

    @bounded
    @given(body=st.text(max_size=1600), sender=st.from_regex(r"\+1312[2-9]\d{6}", fullmatch=True),
           n=st.integers(0, 10**12), twice=st.booleans())
    def check(body, sender, n, twice):
        nonlocal stored
        body = body.replace("\x00", "")  # Twilio never sends NUL (refused with 400 by design)
        sid = f"SM{n:020x}{stored:012x}"
        params = {"AccountSid": ACCOUNT_SID, "MessageSid": sid, "From": sender, "To": REYES_NUMBER, "Body": body,
                  "NumMedia": "0", "NumSegments": "1"}
        for _ in range(2 if twice else 1):  # Twilio may deliver it twice
            assert signed_post(client, "/twilio/sms", params).status_code == 200
        rows = Message.objects.filter(provider_message_id=sid, direction=Message.IN)
        assert [r.body for r in rows] == [body]
        stored += 1

    check()
    print(f"\nFAULT random valid incoming texts (any Unicode, up to 1600 chars, some delivered twice): "
          f"texts {stored}, stored exactly once {stored}, lost 0")
