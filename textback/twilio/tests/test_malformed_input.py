"""Signed requests that are not what Twilio sends get a 400 that says what is wrong, never a 500
(a 500 hides the cause in Twilio's debugger and may be retried), and nothing is stored."""

from urllib.parse import urlencode

import pytest

from textback.core.models import Call, Message
from textback.twilio.tests.payloads import (
    DIAL, RECORDING, SCREEN, SCREEN_RESULT, SMS, SMS_STATUS, STATUS, TRANSCRIPTION, VOICE, payload,
)


@pytest.mark.parametrize("path,name,field", [
    (VOICE, "voice_incoming_call", "CallSid"),
    (VOICE, "voice_incoming_call", "From"),
    (VOICE, "voice_incoming_call", "To"),
    (DIAL, "voice_dial_no_answer", "DialCallStatus"),
    (STATUS, "voice_status_completed", "CallStatus"),
    (SCREEN, "voice_screen_request", "ParentCallSid"),
    (SCREEN_RESULT, "voice_screen_gather_result", "ParentCallSid"),
    (RECORDING, "voice_recording_status", "RecordingUrl"),
    (TRANSCRIPTION, "voice_transcription", "CallSid"),
    (SMS, "sms_incoming_text", "MessageSid"),
    (SMS, "sms_incoming_text", "From"),
    (SMS_STATUS, "sms_status_delivered", "MessageStatus"),
])
def test_it_answers_400_naming_a_missing_field(twilio, reyes_number, path, name, field):
    response = twilio.post(path, payload(name, drop=[field]))
    assert response.status_code == 400
    assert f"missing {field}" in response.content.decode()
    assert not Call.objects.exists() and not Message.objects.exists()


def test_it_answers_400_when_num_media_is_not_a_number(twilio, reyes_number):
    response = twilio.post(SMS, payload("sms_incoming_mms", NumMedia="two"))
    assert response.status_code == 400 and "NumMedia" in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize("path,name,fields", [
    (VOICE, "voice_incoming_call", {"CallSid": "CA\x00' OR 1=1"}),
    (VOICE, "voice_incoming_call", {"CallSid": "CA" + "f" * 300}),
    (VOICE, "voice_incoming_call", {"From": "+1312555\x000101"}),
    (STATUS, "voice_status_completed", {"CallSid": "CA\x00"}),
    (DIAL, "voice_dial_no_answer", {"CallSid": "CA" + "9" * 100}),
    (RECORDING, "voice_recording_status", {"RecordingUrl": "https://api.twilio.com/" + "r" * 400}),
    (SMS, "sms_incoming_text", {"MessageSid": "SM" + "1" * 100}),
    (SMS, "sms_incoming_text", {"From": "+1312555010" + "1" * 40}),
    (SMS, "sms_incoming_text", {"Body": "hi\x00there"}),
    (SMS, "sms_incoming_text", {"From": "=cmd|' /C calc'!A0"}),  # a formula, for whoever exports it
    (SMS, "sms_incoming_text", {"From": "@SUM(1+1)"}),
    (VOICE, "voice_incoming_call", {"From": "=HYPERLINK(\"http://evil.example\")"}),
    (VOICE, "voice_incoming_call", {"From": "-2+3"}),
    (SMS_STATUS, "sms_status_undelivered_30006", {"ErrorCode": "30006; DROP TABLE"}),
])
def test_it_answers_400_to_garbage_values(twilio, reyes_number, tuesday_morning, path, name, fields):
    response = twilio.post(path, payload(name, **fields))
    assert response.status_code == 400, response.content
    assert response.content.strip()
    assert not Call.objects.exists() and not Message.objects.exists()


@pytest.mark.parametrize("sender", ["+13125550101", "+8656696", "anonymous", "Restricted", "MyBank", "72345"])
def test_it_accepts_e164_withheld_and_alphanumeric_senders(twilio, reyes_number, tuesday_morning, sender):
    assert twilio.post(SMS, payload("sms_incoming_text", From=sender)).status_code == 200


def test_it_answers_400_to_a_body_that_is_not_a_form(twilio, reyes_number):
    signature = twilio.sign(VOICE, {})
    response = twilio.client.post(
        VOICE, b"\xff\xfe{not: a form}", content_type="application/json", HTTP_X_TWILIO_SIGNATURE=signature
    )
    assert response.status_code == 400
    assert not Call.objects.exists()


def test_it_answers_405_to_a_get(twilio, reyes_number):
    params = payload("voice_incoming_call")
    response = twilio.client.get(f"{VOICE}?{urlencode(params)}", HTTP_X_TWILIO_SIGNATURE=twilio.sign(VOICE, params))
    assert response.status_code == 405
    assert not Call.objects.exists()


def test_it_answers_400_to_a_broken_multipart_body(twilio, reyes_number):
    response = twilio.client.generic(
        "POST", VOICE, b"--x\r\nContent-Disposition: form-data\r\n\r\ngarbage",
        content_type="multipart/form-data; boundary=x", HTTP_X_TWILIO_SIGNATURE=twilio.sign(VOICE, {}),
    )
    assert response.status_code == 400
    assert not Call.objects.exists()


@pytest.mark.parametrize("duration", ["-5", "99999999999", "12.5", "soon"])
def test_it_still_ends_a_call_whose_duration_is_nonsense(calls, duration):
    calls.ring()
    calls.status("completed", CallDuration=duration)
    call = calls.get()
    assert call.outcome == Call.MISSED and call.duration is None and calls.textbacks().count() == 1
