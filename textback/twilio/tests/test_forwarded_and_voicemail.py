"""Forwarded numbers (every call is already a miss) and the voicemail that follows a miss."""

from textback.core.models import Call, Message
from textback.twilio.tests.payloads import RECORDING, TRANSCRIPTION, payload


def test_it_texts_back_every_forwarded_call_at_once(calls, forwarded_number):
    xml = calls.ring(ForwardedFrom="+13125550199")
    assert "<Record" in xml and "<Dial" not in xml
    call = calls.get()
    assert call.outcome == Call.MISSED and call.textback == Call.TEXTED
    assert calls.textbacks().count() == 1


def test_it_texts_back_a_retried_forwarded_call_once(calls, forwarded_number):
    calls.ring()
    assert "<Record" in calls.ring()
    calls.status("completed")
    assert Call.objects.count() == 1 and calls.textbacks().count() == 1


def test_it_queues_the_textback_at_the_dial_result_before_any_recording(calls):
    calls.ring()
    calls.dial("no_answer")
    message = calls.textbacks().get()
    assert message.status == Message.QUEUED and message.call.recording_url == ""


def test_it_records_a_voicemail_with_a_transcription_callback(calls):
    calls.ring()
    xml = calls.dial("no_answer")
    assert 'recordingStatusCallback="https://textback.example.com/twilio/voice/recording"' in xml
    assert 'transcribe="true"' in xml
    assert 'transcribeCallback="https://textback.example.com/twilio/voice/transcription"' in xml


def test_it_attaches_the_recording_and_its_transcript_to_the_call(calls):
    calls.ring()
    calls.dial("no_answer")
    calls.post(RECORDING, "voice_recording_status")
    calls.post(TRANSCRIPTION, "voice_transcription")
    call = calls.get()
    assert call.recording_url == payload("voice_recording_status")["RecordingUrl"]
    assert call.recording_seconds == 23
    assert call.transcript == payload("voice_transcription")["TranscriptionText"]
    assert calls.textbacks().count() == 1


def test_it_attaches_a_transcript_that_arrives_before_the_recording(calls):
    calls.ring()
    calls.dial("no_answer")
    calls.post(TRANSCRIPTION, "voice_transcription")
    calls.post(RECORDING, "voice_recording_status")
    call = calls.get()
    assert call.transcript.startswith("Hi this is Jen") and call.recording_seconds == 23


def test_it_ignores_a_failed_transcription_and_an_absent_recording(calls):
    calls.ring()
    calls.dial("no_answer")
    calls.post(RECORDING, "voice_recording_status", RecordingStatus="absent", RecordingDuration="0")
    calls.post(TRANSCRIPTION, "voice_transcription", TranscriptionStatus="failed", TranscriptionText="")
    call = calls.get()
    assert call.recording_url == "" and call.transcript == ""


def test_it_ignores_a_recording_for_a_call_it_never_saw(calls):
    calls.post(RECORDING, "voice_recording_status", CallSid="CA" + "e" * 32)
    assert not Call.objects.exists()
