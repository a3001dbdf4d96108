"""The owner's own answers (Business.faq), matched to what callers ask in their own words (faq.py)."""
import pytest

from textback.assistant import BusinessInfo, Lead, faq, first_message, respond

ANSWERS = ("Do you offer financing? Yes, through GreenSky: Carlos can send you the form.\n"
           "How much is a drain cleaning? Drain cleaning starts at $149.\n"
           "Do you work on tankless water heaters? Yes, all the major brands.")
REYES = BusinessInfo(name="Reyes Plumbing", trade="plumbing", owner_name="Carlos", faq=tuple(faq.parse(ANSWERS)))


def reply_to(text):
    turn = respond(REYES, Lead(called_on="2026-11-24"), [("assistant", first_message(REYES, False).text)], text)
    return turn.replies[0].text


@pytest.mark.parametrize("text, answer", [
    ("hey do you guys have any finance options? need a new water heater", "GreenSky"),
    ("how much do u charge to clean a drain?", "$149"),
    ("do yall service tankless heaters? mine is showing an error", "major brands"),
    ("Do you offer financing", "GreenSky"),
])
def test_a_question_the_owner_answered_gets_the_owners_answer_in_other_words(text, answer):
    assert answer in reply_to(text)


@pytest.mark.parametrize("text", ["my drain is clogged and needs cleaning", "the water heater is leaking"])
def test_a_statement_is_no_question_to_answer(text):
    assert "$149" not in reply_to(text) and "brands" not in reply_to(text)


def test_the_owners_answer_wins_over_the_built_in_hand_off_for_the_same_question():
    text = reply_to("how much is a drain cleaning?")
    assert "$149" in text and "go over pricing" not in text


@pytest.mark.parametrize("lines, problem", [
    ("Do you offer financing Yes we do", 'with its "?"'),
    ("Financing?", 'with its "?"'),
    ("Do you? " + "x" * 400, "under 300 characters"),
])
def test_lines_that_are_no_question_and_answer_are_refused_with_the_line(lines, problem):
    with pytest.raises(ValueError, match=problem):
        faq.parse(lines)


def test_the_pipeline_answers_from_the_owners_faq(db, number, tuesday_morning):
    from tests.world import JEN
    from textback.core import jobs
    from textback.core.models import Message
    from textback.simulator import phone

    number.business.faq = ANSWERS
    number.business.save()
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    phone.text(number, JEN, "do you guys do financing? the water heater is shot")
    jobs.run_ready()
    assert "GreenSky" in Message.objects.filter(kind=Message.ASSISTANT).order_by("id").last().body
