"""Ring mode: Carlos's cell rings first behind a screening question; only a call he accepted by
pressing 1 and that was bridged counts as answered. Everything else is missed and texted back."""

import pytest

from tests.world import CARLOS_CELL
from textback.core import calls as call_lifecycle
from textback.core.models import Call
from textback.twilio.tests.payloads import SCREEN, payload


def test_it_rings_the_owners_cell_for_the_business_ring_seconds(calls, reyes):
    reyes.ring_seconds = 15
    reyes.save()
    xml = calls.ring()
    assert '<Dial action="https://textback.example.com/twilio/voice/dial"' in xml
    assert 'timeout="15"' in xml and 'answerOnBridge="true"' in xml
    assert f'<Number method="POST" url="https://textback.example.com/twilio/voice/screen">{CARLOS_CELL}</Number>' in xml
    assert calls.get().outcome == Call.PENDING and not calls.textbacks().exists()


def test_it_asks_the_owner_to_press_1_naming_the_business(calls, twilio):
    calls.ring()
    xml = calls.post(SCREEN, "voice_screen_request")
    assert "Reyes Plumbing" in xml and "press 1" in xml.lower()
    assert '<Gather action="https://textback.example.com/twilio/voice/screen/result"' in xml
    assert 'numDigits="1"' in xml and xml.rstrip().endswith("<Hangup /></Response>")


def test_it_bridges_the_call_when_the_owner_presses_1(calls):
    calls.ring()
    xml = calls.accept_screening("1")
    assert "<Response />" in xml
    assert calls.get().screening_accepted


@pytest.mark.parametrize("digits", ["2", "0", "*", ""])
def test_it_hangs_up_the_owners_leg_on_any_other_key(calls, digits):
    calls.ring()
    assert "<Hangup />" in calls.accept_screening(digits)
    assert not calls.get().screening_accepted


def test_it_hangs_up_a_screening_for_a_call_it_never_saw(calls):
    assert "<Hangup />" in calls.post(SCREEN, "voice_screen_request", ParentCallSid="CA" + "0" * 32)


def test_it_counts_a_bridged_call_after_accepted_screening_as_answered(calls):
    calls.ring()
    calls.accept_screening()
    assert "<Hangup />" in calls.dial("completed_bridged")
    call = calls.get()
    assert call.outcome == Call.ANSWERED and call.textback == ""
    assert not calls.textbacks().exists()


def test_it_counts_the_cells_own_voicemail_as_missed(calls):
    calls.ring()
    xml = calls.dial("completed_voicemail")
    assert "<Record" in xml and "Reyes Plumbing" in xml
    call = calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == call_lifecycle.DECLINED
    assert call.textback == Call.TEXTED and calls.textbacks().count() == 1


def test_it_counts_a_bridged_call_without_accepted_screening_as_missed(calls):
    calls.ring()
    calls.dial("completed_bridged")
    assert calls.get().outcome == Call.MISSED and calls.textbacks().count() == 1


def test_it_counts_an_accepted_screening_that_was_never_bridged_as_missed(calls):
    calls.ring()
    calls.accept_screening()
    assert "<Record" in calls.dial("completed_voicemail")
    assert calls.get().outcome == Call.MISSED and calls.textbacks().count() == 1


@pytest.mark.parametrize("outcome,status,reason", [
    ("busy", "busy", call_lifecycle.BUSY),
    ("no_answer", "no-answer", call_lifecycle.NO_ANSWER),
    ("no_answer", "failed", call_lifecycle.FAILED),
    ("canceled", "canceled", call_lifecycle.HUNG_UP),
])
def test_it_texts_back_a_call_the_owner_did_not_take(calls, outcome, status, reason):
    calls.ring()
    xml = calls.dial(outcome, DialCallStatus=status)
    assert "<Record" in xml
    call = calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == reason
    [message] = calls.textbacks()
    assert message.to_number == payload("voice_incoming_call")["From"] and message.call == call


def test_it_texts_back_the_caller_not_the_owner(calls):
    calls.ring()
    calls.dial("no_answer")
    assert calls.textbacks().get().to_number != CARLOS_CELL


def test_it_does_not_text_a_withheld_caller_id(calls):
    assert "callerId" not in calls.ring(From="anonymous", Caller="anonymous")
    calls.dial("no_answer")
    call = calls.get()
    assert call.outcome == Call.MISSED and call.textback == Call.SKIPPED
    assert not calls.textbacks().exists()


def test_it_records_the_screening_on_the_parent_call_not_the_owners_leg(calls):
    calls.ring()
    calls.accept_screening()
    assert not Call.objects.filter(provider_call_id=payload("voice_screen_request")["CallSid"]).exists()
    assert Call.objects.get().screening_accepted


def test_it_keeps_every_miss_reason_within_what_the_call_can_store():
    # SQLite stores a longer one silently; PostgreSQL refuses it and the webhook would fail.
    limit = Call._meta.get_field("missed_reason").max_length
    for reason in (call_lifecycle.NO_ANSWER, call_lifecycle.BUSY, call_lifecycle.FAILED, call_lifecycle.HUNG_UP,
                   call_lifecycle.DECLINED, call_lifecycle.FORWARDED):
        assert len(reason) <= limit, reason
