"""Texts to the business number: stored once in the caller's conversation with all their media;
STOP / START / HELP handled as carriers and Twilio's Advanced Opt-Out expect."""

import pytest

from tests.world import JEN, REYES_NUMBER
from textback.core import jobs
from textback.core.models import Call, ConsentEvent, Contact, Conversation, Message
from textback.twilio.tests.payloads import SMS, payload


class Texts:
    def __init__(self, calls):
        self.calls, self.count = calls, 0

    def send(self, body=None, name="sms_incoming_text", **fields):
        self.count += 1
        if body is not None:
            fields["Body"] = body
        fields.setdefault("MessageSid", f"SM{self.count:032d}")
        assert self.calls.post(SMS, name, **fields) == '<?xml version="1.0" encoding="UTF-8"?><Response />'

    @staticmethod
    def replies():
        return Message.objects.filter(direction=Message.OUT).exclude(kind=Message.TEXTBACK)


@pytest.fixture
def texts(calls):
    return Texts(calls)


def test_it_stores_a_text_in_the_conversation_of_the_callers_missed_call(calls, texts):
    calls.ring()
    calls.dial("no_answer")
    texts.send("Kitchen sink is clogged")
    message = Message.objects.get(direction=Message.IN)
    assert message.conversation == calls.get().conversation
    assert message.from_number == JEN and message.to_number == REYES_NUMBER
    assert message.body == "Kitchen sink is clogged" and message.status == Message.RECEIVED
    assert message.provider_message_id == "SM" + "1".zfill(32)


def test_it_starts_a_conversation_for_a_text_without_a_call(texts):
    texts.send("Do you do water heaters?")
    assert Conversation.objects.get().contact.number == JEN


def test_it_keeps_every_media_url_with_its_type(texts):
    texts.send(name="sms_incoming_mms")
    mms = payload("sms_incoming_mms")
    message = Message.objects.get()
    assert message.media == [
        {"url": mms["MediaUrl0"], "content_type": "image/jpeg"},
        {"url": mms["MediaUrl1"], "content_type": "video/3gpp"},
    ]
    assert message.body == mms["Body"]


def test_it_stores_a_long_multi_segment_text_whole(texts):
    texts.send(name="sms_incoming_long")
    assert Message.objects.get().body == payload("sms_incoming_long")["Body"]


def test_it_stores_a_retried_message_once(texts):
    texts.send("Hello", MessageSid="SM" + "7" * 32)
    texts.send("Hello", MessageSid="SM" + "7" * 32)
    assert Message.objects.filter(direction=Message.IN).count() == 1


@pytest.mark.parametrize("body", ["STOP", "stop.", " Stop ", "Unsubscribe", "STOPALL", "cancel"])
def test_it_records_an_opt_out_keyword(texts, body):
    texts.send(body)
    contact = Contact.objects.get(number=JEN)
    assert contact.opted_out_at is not None
    [event] = ConsentEvent.objects.all()
    assert event.kind == ConsentEvent.OPT_OUT and event.contact == contact
    assert Message.objects.get(direction=Message.IN).opt_out
    assert not texts.replies().exists()


def test_it_records_an_opt_out_twilio_flagged_with_opt_out_type(texts):
    texts.send("Please quit it", OptOutType="STOP")
    assert Contact.objects.get(number=JEN).opted_out_at is not None
    assert ConsentEvent.objects.get().kind == ConsentEvent.OPT_OUT


def test_it_takes_cancel_my_appointment_as_a_message_not_an_opt_out(texts):
    texts.send("cancel my appointment tomorrow")
    assert Contact.objects.get(number=JEN).opted_out_at is None


def test_it_does_not_text_back_a_caller_who_opted_out(calls, texts):
    texts.send(name="sms_incoming_stop")
    calls.ring()
    calls.dial("no_answer")
    call = calls.get()
    assert call.outcome == Call.MISSED and call.textback == Call.SKIPPED
    assert not calls.textbacks().exists()


def test_it_holds_back_a_queued_text_when_the_caller_opts_out_before_it_goes(calls, texts, fake_twilio):
    calls.ring()
    calls.dial("no_answer")
    texts.send("STOP")
    jobs.run_ready()
    assert calls.textbacks().get().status == Message.GIVEN_UP
    assert not fake_twilio.requests


def test_it_opts_back_in_on_start(calls, texts):
    texts.send(name="sms_incoming_stop")
    texts.send(name="sms_incoming_start")
    assert Contact.objects.get(number=JEN).opted_out_at is None
    assert list(ConsentEvent.objects.order_by("id").values_list("kind", flat=True)) == ["opt_out", "opt_in"]
    calls.ring()
    calls.dial("no_answer")
    assert calls.textbacks().count() == 1


def test_it_answers_help_with_the_business_name_and_how_to_stop(texts):
    texts.send("help", drop=["OptOutType"])
    [reply] = texts.replies()
    assert reply.to_number == JEN and reply.from_number == REYES_NUMBER
    assert "Reyes Plumbing" in reply.body and "STOP" in reply.body


def test_it_leaves_help_to_twilio_when_advanced_opt_out_answered_it(texts):
    texts.send(name="sms_incoming_help")
    assert not texts.replies().exists()
    assert Message.objects.filter(direction=Message.IN).count() == 1


def test_it_does_not_answer_help_to_a_caller_who_opted_out(texts):
    texts.send("STOP")
    texts.send("HELP")
    assert not texts.replies().exists()


def test_it_ignores_a_text_to_a_number_it_does_not_have(texts):
    texts.send("hi", To="+13125550177")
    assert not Message.objects.exists()
