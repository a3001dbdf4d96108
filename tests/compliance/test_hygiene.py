"""What a text may say: look-alike characters replaced so it stays GSM-7 on every outbound path,
at most 1,600 characters, and no link in the first text to a number unless the business allows it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.world import CARLOS_CELL, JEN
from textback.core import clock, jobs, outbox, sms
from textback.core.models import Call, Conversation, Message
from textback.simulator import phone

pytestmark = pytest.mark.usefixtures("tuesday_morning")

CURLY = "We\u2019re on it \u2014 \u201csoon\u201d\u2026\u00a0see\tyou"
STRAIGHT = "We're on it - \"soon\"... see you"


def text(number, body, caller=JEN):
    clock.advance_to(clock.now() + timedelta(minutes=1))
    phone.text(number, caller, body)
    jobs.run_ready()


def test_look_alikes_in_a_template_are_replaced_so_the_text_back_stays_gsm7(reyes, miss):
    reyes.template_in_hours = "Hi {caller_name}, it\u2019s {business} \u2013 what\u2019s up?"
    reyes.save()
    miss()
    textback = Message.objects.get(kind=Message.TEXTBACK)
    assert textback.body.startswith("Hi there, it's Reyes Plumbing - what's up?")
    assert (textback.encoding, textback.segments) == ("GSM-7", 1)


def test_look_alikes_in_the_owners_sms_relay_are_replaced(number, miss):
    miss()
    conversation = Conversation.objects.get()
    phone.text(number, CARLOS_CELL, f"#{conversation.id} {CURLY}")
    jobs.run_ready()
    relayed = Message.objects.get(kind=Message.OWNER, direction=Message.OUT)
    assert (relayed.body, relayed.encoding) == (STRAIGHT, "GSM-7")


def test_look_alikes_in_the_owners_dashboard_reply_are_replaced(number, miss, signed_in):
    miss()
    conversation = Conversation.objects.get()
    signed_in.post(reverse("dashboard:reply", args=[number.business.id, conversation.id]), {"body": CURLY})
    relayed = Message.objects.get(kind=Message.OWNER, direction=Message.OUT)
    assert (relayed.body, relayed.encoding) == (STRAIGHT, "GSM-7")


def test_look_alikes_in_any_queued_text_are_replaced(reyes, number):
    for kind in (Message.ASSISTANT, Message.NOTIFICATION, Message.CONFIRMATION):
        message = outbox.queue(business=reyes, number=number, to=CARLOS_CELL, body=CURLY, kind=kind)
        assert (message.body, message.encoding) == (STRAIGHT, "GSM-7")


def test_the_template_preview_shows_the_cleaned_text(reyes, signed_in):
    url = reverse("dashboard:template_preview", args=[reyes.id])
    preview = signed_in.post(url, {"field": "template_in_hours", "template": "It\u2019s {business}\u2026"}).json()
    assert preview["text"] == "It's Reyes Plumbing... Reply STOP to opt out." and preview["encoding"] == "GSM-7"


def test_a_text_is_cut_to_1600_characters(reyes, number):
    message = outbox.queue(business=reyes, number=number, to=CARLOS_CELL, body="a" * 2000, kind=Message.NOTIFICATION)
    assert len(message.body) == sms.MAX_BODY == 1600 and message.segments == 11


def test_the_dashboard_refuses_a_reply_over_1600_characters(number, miss, signed_in):
    miss()
    conversation = Conversation.objects.get()
    page = signed_in.post(reverse("dashboard:reply", args=[number.business.id, conversation.id]),
                          {"body": "b" * 1601}, follow=True).content.decode()
    assert "too long for a text (1601 characters, at most 1600)" in page
    assert not Message.objects.filter(kind=Message.OWNER).exists()


# -- links in the first text -------------------------------------------------------------------

LINKS = ["https://reyes.example/book", "http://reyes.example", "www.reyesplumbing.com", "reyesplumbing.com/book", "bit.ly/3xYz"]


@pytest.mark.parametrize("link", LINKS)
def test_a_link_is_taken_out_of_the_first_text_back_and_the_call_says_so(reyes, miss, link):
    reyes.template_in_hours = f"Sorry we missed you! Book online: {link} or text us."
    reyes.save()
    call = miss()
    textback = Message.objects.get(kind=Message.TEXTBACK)
    assert textback.body == "Sorry we missed you! Book online: or text us. Reply STOP to opt out."
    assert textback.status == Message.SENT
    assert call.textback == Call.TEXTED
    assert call.textback_reason == "missed call (link taken out of the first text to this number)"


def test_a_link_stays_in_the_first_text_when_the_business_allows_it(reyes, miss):
    reyes.template_in_hours = "Sorry we missed you! Book online: https://reyes.example/book"
    reyes.allow_links_in_first_text = True
    reyes.save()
    call = miss()
    assert "https://reyes.example/book" in Message.objects.get(kind=Message.TEXTBACK).body
    assert call.textback_reason == "missed call"


def test_a_link_in_a_later_text_is_kept(number, miss):
    miss()
    message = outbox.queue(business=number.business, number=number, to=JEN, body="Photos: www.reyes.example/j",
                           kind=Message.OWNER)
    assert message.body == "Photos: www.reyes.example/j" and message.status == Message.QUEUED


def test_an_email_address_or_an_abbreviation_is_not_a_link():
    assert not sms.has_link("Mail jo@gmail.com, e.g. the St.Louis office, $4.50 at 5 p.m.")


def test_the_owners_first_text_with_a_link_is_refused_with_the_reason(reyes, number):
    reyes.assistant_enabled = False
    reyes.save()
    text(number, "do you do drain cleaning?")  # no call, so no text-back: the owner's reply is the first
    conversation = Conversation.objects.get()
    phone.text(number, CARLOS_CELL, f"#{conversation.id} yes see https://reyes.example")
    jobs.run_ready()
    refused = Message.objects.get(kind=Message.OWNER, direction=Message.OUT)
    assert refused.status == Message.GIVEN_UP and refused.error.startswith("not sent: a link in the first text")
    told = Message.objects.filter(to_number=CARLOS_CELL).last()
    assert told.body.startswith("textback: not sent to (312) 555-0101: a link in the first text to a number")


def test_the_template_preview_shows_the_link_taken_out(reyes, signed_in):
    url = reverse("dashboard:template_preview", args=[reyes.id])
    preview = signed_in.post(url, {"field": "template_in_hours", "template": "Book at https://r.example now."}).json()
    assert preview["text"] == "Book at now. Reply STOP to opt out."
