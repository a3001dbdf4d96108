"""A missed call on Twilio, from the first webhook to the text arriving at (fake) Twilio."""

from tests.world import ACCOUNT_SID, CARLOS_CELL, JEN, REYES_NUMBER
from textback.core import jobs
from textback.core.models import Call, Message


def voice_params(call_sid="CA1", caller=JEN, **extra):
    return {
        "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": call_sid, "CallStatus": "ringing",
        "Called": REYES_NUMBER, "Caller": caller, "Direction": "inbound", "From": caller, "To": REYES_NUMBER,
        "FromCity": "CHICAGO", "FromState": "IL", "FromZip": "60601", "FromCountry": "US", **extra,
    }


def dial_params(call_sid="CA1", status="no-answer", bridged="false"):
    return {**voice_params(call_sid), "CallStatus": "in-progress", "DialCallSid": "CA2", "DialCallStatus": status,
            "DialBridged": bridged, "DialCallDuration": "0"}


def test_it_rings_the_owner_with_screening(twilio, reyes_number):
    response = twilio.post("/twilio/voice", voice_params())
    xml = response.content.decode()
    assert response.status_code == 200
    assert f">{CARLOS_CELL}</Number>" in xml
    assert 'answerOnBridge="true"' in xml and 'timeout="20"' in xml
    assert "/twilio/voice/screen" in xml


def test_it_texts_back_a_no_answer_call(twilio, reyes_number, fake_twilio, tuesday_morning):
    twilio.post("/twilio/voice", voice_params())
    response = twilio.post("/twilio/voice/dial", dial_params())
    assert "<Record" in response.content.decode()
    assert not fake_twilio.requests  # nothing is sent inside the webhook
    assert jobs.run_ready() == 1
    [sent] = fake_twilio.sent()
    assert sent["to"] == JEN and sent["from"] == REYES_NUMBER
    assert "Reyes Plumbing" in sent["body"] and "STOP" in sent["body"]
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert message.status == Message.SENT and message.provider_message_id == sent["sid"]
    assert message.encoding == "GSM-7" and message.segments == 1
    call = Call.objects.get()
    assert call.outcome == Call.MISSED and call.textback == Call.TEXTED


def test_it_rejects_a_webhook_with_a_bad_signature(twilio, reyes_number):
    response = twilio.post("/twilio/voice", voice_params(), signature="bm90IGl0")
    assert response.status_code == 403
    assert not Call.objects.exists()
