"""The missed-call flow on Telnyx (TeXML), end to end: ring mode rings Carlos's cell behind a
screening question, so only a call he accepted by pressing 1 counts as answered and his cell's
voicemail does not; forwarded mode takes every call as missed. A missed call is texted back
through Telnyx's Messaging API (the local fake)."""

import pytest

from tests.world import CARLOS_CELL, JEN, REYES_NUMBER
from textback.core import calls as call_lifecycle
from textback.core import jobs
from textback.core.models import Call, Message
from textback.telnyx.tests.payloads import CHILD, RECORDING, SCREEN, TRANSCRIPTION, form


def test_it_rings_the_owners_cell_with_the_texml_dial_pointing_at_the_telnyx_paths(telnyx_calls, reyes):
    reyes.ring_seconds = 15
    reyes.save()
    xml = telnyx_calls.ring()
    assert '<Dial action="https://textback.example.com/telnyx/voice/dial"' in xml and 'timeout="15"' in xml
    assert f'<Number method="POST" url="https://textback.example.com/telnyx/voice/screen">{CARLOS_CELL}</Number>' in xml
    assert f'callerId="{JEN}"' in xml
    assert telnyx_calls.get().outcome == Call.PENDING and not telnyx_calls.textbacks().exists()


def test_it_asks_the_owner_to_press_1_naming_the_business(telnyx_calls):
    telnyx_calls.ring()
    xml = telnyx_calls.post(SCREEN, "voice_screen_request")
    assert "Reyes Plumbing" in xml and "Press 1 to accept" in xml
    assert '<Gather action="https://textback.example.com/telnyx/voice/screen/result"' in xml


def test_it_counts_a_bridged_call_after_accepted_screening_as_answered(telnyx_calls):
    telnyx_calls.ring()
    assert "<Response />" in telnyx_calls.accept_screening("1")
    assert "<Hangup />" in telnyx_calls.dial("completed")
    call = telnyx_calls.get()
    assert call.outcome == Call.ANSWERED and not telnyx_calls.textbacks().exists()
    assert not Call.objects.filter(provider_call_id=CHILD).exists()


def test_it_counts_the_cells_own_voicemail_as_missed(telnyx_calls):
    telnyx_calls.ring()
    xml = telnyx_calls.dial("completed")  # the cell's voicemail answered: nobody pressed 1
    assert "<Record" in xml and 'transcription="true"' in xml
    assert 'transcriptionCallback="https://textback.example.com/telnyx/voice/transcription"' in xml
    call = telnyx_calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == call_lifecycle.DECLINED
    assert telnyx_calls.textbacks().count() == 1


@pytest.mark.parametrize("digits", ["2", "*", ""])
def test_it_hangs_up_the_owners_leg_on_any_other_key(telnyx_calls, digits):
    telnyx_calls.ring()
    assert "<Hangup />" in telnyx_calls.accept_screening(digits)
    assert not telnyx_calls.get().screening_accepted


@pytest.mark.parametrize("outcome,reason", [
    ("busy", call_lifecycle.BUSY), ("no_answer", call_lifecycle.NO_ANSWER), ("canceled", call_lifecycle.HUNG_UP),
])
def test_it_texts_back_a_call_the_owner_did_not_take(telnyx_calls, outcome, reason):
    telnyx_calls.ring()
    assert "<Record" in telnyx_calls.dial(outcome)
    call = telnyx_calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == reason
    [message] = telnyx_calls.textbacks()
    assert message.to_number == JEN and message.provider == "telnyx" and message.call == call


def test_it_sends_the_text_back_through_telnyx_from_the_business_number(telnyx_calls, fake_telnyx):
    telnyx_calls.ring()
    telnyx_calls.dial("no_answer")
    jobs.run_ready()
    [request] = fake_telnyx.requests
    message = telnyx_calls.textbacks().get()
    assert request.path == "/v2/messages" and request.headers["Authorization"].startswith("Bearer KEY")
    assert request.json["from"] == REYES_NUMBER and request.json["to"] == JEN and request.json["text"] == message.body
    assert message.status == Message.SENT and message.provider_message_id == fake_telnyx.sent()[0]["id"]


def test_it_texts_a_caller_who_hung_up_while_it_rang_once_the_call_ends(telnyx_calls):
    telnyx_calls.ring()
    telnyx_calls.status("canceled")
    call = telnyx_calls.get()
    assert call.outcome == Call.MISSED and call.status == "canceled" and telnyx_calls.textbacks().count() == 1


def test_it_records_a_call_whose_first_webhook_was_lost_from_its_dial_result(telnyx_calls):
    telnyx_calls.dial("no_answer")
    assert telnyx_calls.get().outcome == Call.MISSED and telnyx_calls.textbacks().count() == 1


def test_it_texts_back_once_however_often_telnyx_retries_a_webhook(telnyx_calls):
    telnyx_calls.ring()
    for _ in range(3):
        telnyx_calls.dial("no_answer")
        telnyx_calls.status("no_answer")
    assert "<Record" in telnyx_calls.ring()  # a retried first webhook for a call already missed
    assert telnyx_calls.textbacks().count() == 1


def test_it_does_not_text_a_withheld_caller_id(telnyx_calls):
    assert "callerId" not in telnyx_calls.ring(From="anonymous")
    telnyx_calls.dial("no_answer")
    assert telnyx_calls.get().textback == Call.SKIPPED and not telnyx_calls.textbacks().exists()


def test_it_hangs_up_a_call_to_a_number_it_does_not_have(telnyx_calls):
    assert "<Hangup />" in telnyx_calls.ring(To="+13125550142")
    assert not Call.objects.exists()


def test_it_takes_every_call_to_a_forwarded_number_as_missed(telnyx, forwarded_telnyx_number, tuesday_morning, fake_telnyx):
    response = telnyx.form("/telnyx/voice", form("voice_incoming_call"))
    xml = response.content.decode()
    assert "<Dial" not in xml and "<Record" in xml and "Reyes Plumbing" in xml
    call = Call.objects.get()
    assert call.outcome == Call.MISSED and call.missed_reason == call_lifecycle.FORWARDED
    jobs.run_ready()
    assert Message.objects.get(kind=Message.TEXTBACK).status == Message.SENT and len(fake_telnyx.sent()) == 1


def test_it_keeps_the_voicemail_and_its_transcript(telnyx_calls):
    telnyx_calls.ring()
    telnyx_calls.dial("no_answer")
    telnyx_calls.post(RECORDING, "voice_recording_completed")
    telnyx_calls.post(TRANSCRIPTION, "voice_transcription")
    call = telnyx_calls.get()
    assert call.recording_url == form("voice_recording_completed")["RecordingUrl"] and call.recording_seconds == 18
    assert "kitchen sink" in call.transcript
