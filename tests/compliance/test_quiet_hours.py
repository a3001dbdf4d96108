"""Quiet hours: what is not a direct reply goes out only between 8:00 and 21:00 where the recipient
is (20:00 in Florida and Oklahoma), as their area code suggests; direct replies go any time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import phonenumbers
import pytest

from tests.world import CHICAGO, JEN
from textback.core import clock, jobs, outbox, quiet
from textback.core.models import Message
from textback.simulator import phone

NEW_YORK, LOS_ANGELES = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
MIAMI, TULSA, SEATTLE = "+13055550101", "+19185550123", "+12065550101"
BOISE = "+12085550101"  # Idaho: Mountain and Pacific
TOLL_FREE = "+18005550101"


def at(hour, minute=0, second=0, *, zone=CHICAGO, day=24):
    """Tuesday 2026-11-24 (or another November day) at this time in Chicago (or `zone`)."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=zone)


@pytest.mark.parametrize("number, now, expected", [
    (JEN, at(10), at(10)),
    (JEN, at(20, 59), at(20, 59)),
    (JEN, at(21), at(8, day=25)),
    (JEN, at(7, 59), at(8)),
    (SEATTLE, at(9, 30), at(8, zone=LOS_ANGELES)),  # 7:30 in Seattle
    (SEATTLE, at(22, 30), at(22, 30)),  # 20:30 in Seattle
    (MIAMI, at(19, 30), at(8, zone=NEW_YORK, day=25)),  # 20:30 in Miami: past Florida's 20:00
    (MIAMI, at(18, 59), at(18, 59)),
    (TULSA, at(20, 5), at(8, day=25)),  # Oklahoma: 20:00 too
    (TOLL_FREE, at(21, 30), at(8, day=25)),  # no place to guess: the business's zone
])
def test_the_recipients_next_daytime_is_guessed_from_their_area_code(number, now, expected):
    assert quiet.next_daytime(now, number, "America/Chicago") == expected


def test_an_area_code_across_two_zones_waits_for_daytime_in_both():
    # 8:30 in Boise is 7:30 in the Pacific part of Idaho: wait for 8:00 Pacific.
    assert quiet.next_daytime(at(8, 30, zone=ZoneInfo("America/Boise")), BOISE, "America/Chicago") == at(8, zone=LOS_ANGELES)


def test_a_stricter_state_comes_from_the_area_code():
    assert [quiet.guess(n)[1] for n in (JEN, MIAMI, TULSA, SEATTLE, TOLL_FREE)] == ["", "FL", "OK", "", ""]


def test_the_stricter_states_area_codes_match_the_phonenumbers_geocoder():
    from phonenumbers import geocoder

    names = {"FL": "Florida", "OK": "Oklahoma"}
    for state, area_codes in quiet.STATE_AREA_CODES.items():
        for area_code in area_codes:
            place = geocoder.description_for_number(phonenumbers.parse(f"+1{area_code}5550100"), "en")
            assert place.endswith(f", {state}") or place == names[state], (area_code, place)


def test_an_unknown_number_falls_back_to_the_businesss_zone():
    assert quiet.next_daytime(at(23, zone=LOS_ANGELES), "not a number", "America/Los_Angeles") == at(8, zone=LOS_ANGELES, day=25)


# -- through the pipeline -----------------------------------------------------------------------


def test_the_text_back_and_the_assistants_replies_go_out_at_night(number):
    with clock.simulated(at(23, 30)):
        phone.ring_out(phone.call(number, JEN))
        jobs.run_ready()
        phone.text(number, JEN, "toilet overflowing")
        jobs.run_ready()
        sent = Message.objects.filter(to_number=JEN, status=Message.SENT)
        assert [m.kind for m in sent.order_by("id")] == [Message.TEXTBACK, Message.ASSISTANT]


def test_a_follow_up_to_a_florida_caller_waits_for_8_in_the_morning_after_8_in_the_evening(number):
    with clock.simulated(at(17, 30)):  # 18:30 in Miami
        phone.ring_out(phone.call(number, MIAMI))
        jobs.run_ready()
        phone.text(number, MIAMI, "need a quote for a new water heater")
        jobs.run_ready()
        clock.advance_to(at(19, 45))  # the follow-up is due: 20:45 in Miami, too late there
        jobs.run_ready()
        assert Message.objects.filter(to_number=MIAMI, kind=Message.ASSISTANT).count() == 1
        clock.advance_to(at(7, 1, day=25))  # 08:01 in Miami
        jobs.run_ready()
        nudge = Message.objects.filter(to_number=MIAMI, kind=Message.ASSISTANT).order_by("id").last()
        assert Message.objects.filter(to_number=MIAMI, kind=Message.ASSISTANT).count() == 2
        assert nudge.daytime_only and nudge.status == Message.SENT
        assert nudge.created_at.astimezone(NEW_YORK).hour == 8


def test_a_daytime_only_text_that_reaches_the_worker_after_nine_waits_for_the_morning(reyes, number):
    with clock.simulated(at(20, 59, 30)):
        message = outbox.queue(business=reyes, number=number, to=JEN, body="Still need help?", kind=Message.ASSISTANT,
                               daytime_only=True)
        clock.advance_to(at(21, 0, 30))  # the worker was busy for a minute
        jobs.run_ready()
        message.refresh_from_db()
        assert message.status == Message.QUEUED and message.give_up_at > at(8, day=25)
        clock.advance_to(at(8, 0, 1, day=25))
        jobs.run_ready()
        message.refresh_from_db()
        assert message.status == Message.SENT


def test_a_daytime_only_text_queued_at_night_is_scheduled_for_the_morning_not_given_up(reyes, number):
    with clock.simulated(at(2)):
        message = outbox.queue(business=reyes, number=number, to=JEN, body="Still need help?", kind=Message.ASSISTANT,
                               daytime_only=True)
        jobs.run_ready()
        message.refresh_from_db()
        assert message.status == Message.QUEUED
        clock.advance_to(at(8, 0, 5))
        jobs.run_ready()
        message.refresh_from_db()
        assert message.status == Message.SENT and message.sent_at >= at(8)


def test_owner_notifications_are_not_held_by_quiet_hours(reyes, number):
    with clock.simulated(at(23)):
        alert = outbox.queue(business=reyes, number=number, to=reyes.owner_cell, body="Lead waiting", kind=Message.NOTIFICATION)
        jobs.run_ready()
        alert.refresh_from_db()
        assert alert.status == Message.SENT


def test_a_direct_reply_is_not_daytime_only(reyes, number):
    with clock.simulated(at(23)):
        reply = outbox.queue(business=reyes, number=number, to=JEN, body="On my way", kind=Message.OWNER)
        jobs.run_ready()
        reply.refresh_from_db()
        assert not reply.daytime_only and reply.status == Message.SENT

