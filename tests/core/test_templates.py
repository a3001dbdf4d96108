"""What the text-back says: the business's template for the hour, its placeholders, and STOP."""

from datetime import datetime, timezone

import pytest

from tests.core.conftest import MARIA
from tests.core.helpers import textbacks
from tests.world import JEN
from textback.core import clock, jobs, textback_policy
from textback.core.models import Contact
from textback.core.textback_policy import TemplateError
from textback.simulator import phone


def test_the_in_hours_text_names_the_business_and_greets_an_unknown_caller(miss, tuesday_morning):
    miss(JEN)
    [text] = textbacks()
    assert text.body == (
        "Hi there, sorry we missed your call at Reyes Plumbing! What can we help you with? Reply STOP to opt out."
    )


def test_the_after_hours_text_says_the_business_is_closed(miss, tuesday_night):
    miss(JEN)
    [text] = textbacks()
    assert text.body.startswith("Hi there, thanks for calling Reyes Plumbing. We're closed right now")
    assert text.conversation.lead["after_hours"] is True


def test_a_known_contact_is_greeted_by_first_name(maria, miss, tuesday_morning):
    miss(MARIA)
    assert textbacks()[0].body.startswith("Hi Maria, sorry we missed your call")


def test_a_blank_contact_name_is_greeted_as_there(reyes, miss, tuesday_morning):
    Contact.objects.create(business=reyes, number=JEN, name="   ")
    miss(JEN)
    assert textbacks()[0].body.startswith("Hi there,")


def test_the_business_can_write_its_own_in_hours_text(reyes, miss, tuesday_morning):
    reyes.template_in_hours = "{owner} here from {business}, {caller_name}. Sorry I missed you!"
    reyes.save()
    miss(JEN)
    assert textbacks()[0].body == "Carlos here from Reyes Plumbing, there. Sorry I missed you! Reply STOP to opt out."


def test_the_business_can_write_its_own_after_hours_text(reyes, miss, tuesday_night):
    reyes.template_in_hours = "We are open, {caller_name}."
    reyes.template_after_hours = "{business} is closed. Text us and {owner} calls you at 7."
    reyes.save()
    miss(JEN)
    assert textbacks()[0].body == "Reyes Plumbing is closed. Text us and Carlos calls you at 7. Reply STOP to opt out."


def test_the_owner_placeholder_falls_back_to_the_business_name(reyes):
    reyes.owner_name = ""
    assert textback_policy.render("Ask for {owner}", reyes) == "Ask for Reyes Plumbing"


def test_the_hour_is_judged_in_the_businesss_own_time_zone(reyes, miss, tuesday_morning):
    # 10:15 in Chicago is 06:15 in Honolulu: a Honolulu business with the same hours is not open yet.
    reyes.timezone = "Pacific/Honolulu"
    reyes.save()
    miss(JEN)
    assert "We're closed right now" in textbacks()[0].body


@pytest.mark.parametrize("utc_time, after_hours", [
    (datetime(2026, 3, 6, 12, 30, tzinfo=timezone.utc), True),  # Fri 06:30 CST
    (datetime(2026, 3, 9, 12, 30, tzinfo=timezone.utc), False),  # Mon 07:30 CDT, the same UTC hour
])
def test_the_template_follows_the_local_clock_across_the_dst_change(miss, utc_time, after_hours):
    with clock.simulated(utc_time):
        miss(JEN)
    assert ("We're closed right now" in textbacks()[0].body) is after_hours


def test_only_the_first_text_ever_to_a_number_says_how_to_stop(miss, later, tuesday_morning):
    miss(JEN)
    later(hours=25)
    miss(JEN)
    first, second = textbacks()
    assert first.body.endswith("Reply STOP to opt out.")
    assert "STOP" not in second.body


def test_a_text_back_that_was_never_sent_does_not_count_as_the_first_text(settings, number, later, tuesday_morning):
    settings.SEND_GIVE_UP_SECONDS = 60
    phone.ring_out(phone.call(number, JEN))
    later(hours=25)  # the worker was down the whole time: the first text-back is given up
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    given_up, sent = textbacks()
    assert given_up.status == "given_up" and sent.status == "sent"
    assert sent.body.endswith("Reply STOP to opt out.")


def test_a_template_that_already_says_how_to_stop_gets_no_second_stop_line(reyes, miss, tuesday_morning):
    reyes.template_in_hours = "{business} missed you. Text STOP to end texts."
    reyes.save()
    miss(JEN)
    assert textbacks()[0].body == "Reyes Plumbing missed you. Text STOP to end texts."


def test_a_template_that_merely_contains_the_word_stop_still_says_how_to_opt_out(reyes, miss, tuesday_morning):
    reyes.template_in_hours = "We can stop by today! What's going on?"
    reyes.save()
    miss(JEN)
    assert textbacks()[0].body.endswith("Reply STOP to opt out.")


@pytest.mark.parametrize("template", [
    "Hi {name}", "Hi {0}", "Hi {}", "Hi {business", "Hi {business.name}", "Hi {business.__class__}",
    "Hi {caller_name[0]}",
])
def test_an_unknown_placeholder_raises_template_error(reyes, template):
    with pytest.raises(TemplateError, match="use {business}, {owner}, {caller_name}"):
        textback_policy.render(template, reyes)


def test_literal_braces_can_be_written_doubled(reyes):
    assert textback_policy.render("{{ok}} {business}", reyes) == "{ok} Reyes Plumbing"


def test_a_broken_custom_template_still_texts_the_caller_back_with_the_built_in_text(reyes, miss, tuesday_morning):
    reyes.template_in_hours = "Hi {firstname}!"
    reyes.save()
    call = miss(JEN)
    assert call.textback == "texted"
    assert textbacks()[0].body.startswith("Hi there, sorry we missed your call at Reyes Plumbing!")
