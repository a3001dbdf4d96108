"""Twilio's callbacks are separate requests: late, repeated, out of order, or missing. Whatever
arrives, a call is decided once and a missed call gets exactly one text-back."""

import pytest

from tests.world import JEN, REYES_NUMBER
from textback.core import calls as call_lifecycle
from textback.core.models import Call


@pytest.mark.parametrize("final", ["canceled", "completed"])
def test_it_texts_back_a_caller_who_hung_up_while_it_rang(calls, final):
    calls.ring()
    calls.status(final)
    call = calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == call_lifecycle.HUNG_UP
    assert call.status == final and call.ended_at is not None
    assert calls.textbacks().count() == 1


@pytest.mark.parametrize("final,reason", [("no_answer", call_lifecycle.NO_ANSWER), ("busy", call_lifecycle.BUSY)])
def test_it_takes_the_reason_from_a_final_status_without_a_dial_result(calls, final, reason):
    calls.ring()
    calls.status(final)
    assert calls.get().missed_reason == reason and calls.textbacks().count() == 1


def test_it_ignores_a_status_that_is_not_final(calls):
    calls.ring()
    calls.status("completed", CallStatus="in-progress")
    assert calls.get().outcome == Call.PENDING and not calls.textbacks().exists()


def test_it_keeps_one_textback_when_the_status_comes_before_the_dial_result(calls):
    calls.ring()
    calls.status("completed")
    assert "<Record" in calls.dial("no_answer")
    call = calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == call_lifecycle.HUNG_UP
    assert calls.textbacks().count() == 1


def test_it_keeps_one_textback_when_the_dial_result_is_retried(calls):
    calls.ring()
    for _ in range(3):
        assert "<Record" in calls.dial("no_answer")
    calls.status("completed")
    calls.status("completed")
    call = calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == call_lifecycle.NO_ANSWER
    assert call.duration == 38 and calls.textbacks().count() == 1


def test_it_rings_again_when_the_voice_webhook_is_retried_while_ringing(calls):
    first, second = calls.ring(), calls.ring()
    assert first == second and "<Dial" in second
    assert Call.objects.count() == 1


def test_it_plays_the_voicemail_when_the_voice_webhook_is_retried_after_the_miss(calls):
    calls.ring()
    calls.dial("no_answer")
    assert "<Record" in calls.ring()
    assert Call.objects.count() == 1 and calls.textbacks().count() == 1


def test_it_keeps_an_answered_call_answered_whatever_comes_late(calls):
    calls.ring()
    calls.accept_screening()
    calls.dial("completed_bridged")
    calls.status("completed")
    calls.dial("no_answer")
    calls.ring()
    call = calls.get()
    assert call.outcome == Call.ANSWERED and call.status == "completed" and call.duration == 38
    assert not calls.textbacks().exists()


def test_it_counts_an_accepted_call_as_answered_when_the_status_comes_first(calls):
    calls.ring()
    calls.accept_screening()
    calls.status("completed")
    assert "<Hangup />" in calls.dial("completed_bridged")
    assert calls.get().outcome == Call.ANSWERED
    assert not calls.textbacks().exists()


def test_it_texts_back_a_call_known_only_from_its_dial_result(calls):
    # The incoming-call webhook was lost; the signed dial result names the caller and the number.
    assert "<Record" in calls.dial("no_answer")
    call = calls.get()
    assert call.outcome == Call.MISSED and call.missed_reason == call_lifecycle.NO_ANSWER
    assert call.caller == JEN and call.phone_number.number == REYES_NUMBER
    assert calls.textbacks().get().to_number == JEN


def test_a_call_known_only_from_its_dial_result_is_texted_once_when_its_status_follows(calls):
    calls.dial("no_answer")
    calls.status("completed")
    calls.dial("no_answer")  # Twilio retried it
    assert Call.objects.count() == 1 and calls.textbacks().count() == 1


def test_it_ignores_a_dial_result_for_a_number_it_does_not_have(calls):
    assert "<Hangup />" in calls.dial("no_answer", To="+13125550177", Called="+13125550177")
    assert not Call.objects.exists() and not calls.textbacks().exists()


def test_it_texts_back_a_call_known_only_from_its_final_status(calls):
    # The incoming-call webhook was lost (our outage); the final status still reveals the miss.
    calls.status("completed")
    assert calls.get().outcome == Call.MISSED and calls.textbacks().count() == 1


def test_it_keeps_the_first_miss_reason_when_callbacks_disagree(calls):
    calls.ring()
    calls.dial("busy")
    calls.status("completed")
    calls.status("no_answer")
    assert calls.get().missed_reason == call_lifecycle.BUSY and calls.textbacks().count() == 1
