"""SMS text as carriers count it: GSM-7 or UCS-2, segments, look-alike characters."""

import pytest

from tests.core.helpers import textbacks
from tests.world import JEN
from textback.core import outbox, sms
from textback.core.models import Message


def test_plain_text_is_gsm7():
    assert sms.encoding("Hi Jen, sorry we missed your call! Reply STOP to opt out.") == "GSM-7"


@pytest.mark.parametrize("char", ["\u2019", "\u2014", "\U0001f527", "\u00a0", "\u00e7", "\u4e2d"])
def test_one_character_outside_gsm7_makes_the_whole_text_ucs2(char):
    assert sms.encoding(f"Hi Jen{char} see you soon") == "UCS-2"


def test_accented_letters_of_the_gsm_alphabet_stay_gsm7():
    assert sms.encoding("Müller, Ñoño, café, Ça, Øre, Åse, straße, ¿què?, €5") == "GSM-7"
    assert sms.encoding("¿Dónde está?") == "UCS-2"  # ó and á are not in GSM-7


@pytest.mark.parametrize("length, count", [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)])
def test_gsm7_segments_hold_160_alone_and_153_when_split(length, count):
    assert sms.segments("a" * length) == count


@pytest.mark.parametrize("length, count", [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
def test_ucs2_segments_hold_70_alone_and_67_when_split(length, count):
    assert sms.segments("\u4e2d" * length) == count


@pytest.mark.parametrize("char", list("^{}\\[~]|€"))
def test_extension_characters_count_two(char):
    assert sms.encoding(char) == "GSM-7"
    assert sms.segments("a" * 158 + char) == 1
    assert sms.segments("a" * 159 + char) == 2


def test_an_emoji_counts_two_utf16_units():
    assert sms.segments("\U0001f527" * 35) == 1
    assert sms.segments("\U0001f527" * 36) == 2


@pytest.mark.parametrize("fancy, plain", [
    ("We\u2019re closed", "We're closed"),
    ("\u2018ok\u2019 \u201cyes\u201d", "'ok' \"yes\""),
    ("9\u201312 or 1\u20143", "9-12 or 1-3"),
    ("Reyes\u00a0Plumbing", "Reyes Plumbing"),
    ("see you soon\u2026", "see you soon..."),
    ("zero\u200bwidth", "zerowidth"),
])
def test_look_alike_characters_are_replaced_so_the_text_stays_gsm7(fancy, plain):
    assert sms.encoding(fancy) == "UCS-2"
    assert sms.clean(fancy) == plain and sms.encoding(sms.clean(fancy)) == "GSM-7"


def test_a_queued_message_is_cleaned_and_stores_its_encoding_and_segments(reyes, number):
    message = outbox.queue(
        business=reyes, number=number, to=JEN, body="We\u2019re on our way \u2014 " + "x" * 150, kind=Message.ASSISTANT
    )
    message.refresh_from_db()
    assert message.body.startswith("We're on our way - ")
    assert (message.encoding, message.segments) == ("GSM-7", 2)


def test_a_queued_message_with_an_emoji_is_stored_as_ucs2(reyes, number):
    message = outbox.queue(business=reyes, number=number, to=JEN, body="On our way \U0001f69a", kind=Message.ASSISTANT)
    message.refresh_from_db()
    assert (message.encoding, message.segments) == ("UCS-2", 1)


def test_a_queued_message_is_cut_at_1600_characters(reyes, number):
    message = outbox.queue(business=reyes, number=number, to=JEN, body="a" * 2000, kind=Message.ASSISTANT)
    message.refresh_from_db()
    assert len(message.body) == sms.MAX_BODY == 1600
    assert message.segments == 11


def test_the_text_back_stores_its_encoding_and_segments(miss, tuesday_morning):
    miss(JEN)
    [text] = textbacks()
    assert (text.encoding, text.segments) == ("GSM-7", 1)
