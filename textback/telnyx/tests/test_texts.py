"""Texts on Telnyx: message.received stored once (deduplicated on Telnyx's message id) in the
caller's conversation with its media; STOP recorded by our consent table though Telnyx answers it
itself; message.sent / message.finalized move our sent text's status forward, and what Telnyx says
of the recipient (opted out, landline) stops further texts."""

import pytest

from tests.world import CARLOS_CELL, JEN, REYES_NUMBER
from textback.core import jobs
from textback.core.models import ConsentEvent, Contact, Conversation, Message
from textback.telnyx.tests.payloads import SMS, SMS_STATUS, event


class Texts:
    def __init__(self, telnyx):
        self.telnyx, self.count = telnyx, 0

    def send(self, text=None, name="message_received_text", **fields):
        self.count += 1
        if text is not None:
            fields["text"] = text
        fields.setdefault("id", f"7ee4241c-f127-47e5-9c34-{self.count:012d}")
        response = self.telnyx.json(SMS, event(name, **fields))
        assert response.status_code == 200, response.content

    @staticmethod
    def replies():
        return Message.objects.filter(direction=Message.OUT).exclude(kind=Message.TEXTBACK)


@pytest.fixture
def texts(telnyx, telnyx_number, tuesday_morning):
    return Texts(telnyx)


def test_it_stores_a_text_in_the_conversation_of_the_callers_missed_call(telnyx_calls, texts):
    telnyx_calls.ring()
    telnyx_calls.dial("no_answer")
    texts.send("Kitchen sink is clogged", id="7ee4241c-f127-47e5-9c34-3aac291f8058")
    message = Message.objects.get(direction=Message.IN)
    assert message.conversation == telnyx_calls.get().conversation and message.provider == "telnyx"
    assert message.from_number == JEN and message.to_number == REYES_NUMBER and message.body == "Kitchen sink is clogged"
    assert message.provider_message_id == "7ee4241c-f127-47e5-9c34-3aac291f8058"


def test_it_stores_a_text_once_however_often_telnyx_delivers_it(telnyx, texts):
    for _ in range(3):
        assert telnyx.json(SMS, event("message_received_text")).status_code == 200
    assert Message.objects.filter(direction=Message.IN).count() == 1


def test_it_keeps_the_media_with_its_type(texts):
    texts.send(name="message_received_mms")
    [item] = event("message_received_mms")["data"]["payload"]["media"]
    assert Message.objects.get(direction=Message.IN).media == [{"url": item["url"], "content_type": "image/jpeg"}]


def test_it_records_stop_as_an_opt_out_without_confirming_it_itself(texts):
    texts.send(name="message_received_stop")
    contact = Contact.objects.get(number=JEN)
    assert contact.opted_out_at is not None and ConsentEvent.objects.get().kind == ConsentEvent.OPT_OUT
    # Telnyx answers STOP on its own (its opt-out keywords cannot be turned off): no second confirmation.
    assert not texts.replies().exists()


def test_it_texts_no_one_who_said_stop(telnyx_calls, texts):
    texts.send("stop")
    telnyx_calls.ring()
    telnyx_calls.dial("no_answer")
    assert not telnyx_calls.textbacks().filter(status=Message.QUEUED).exists()


def test_it_answers_help_in_the_assistants_words(texts, fake_telnyx):
    texts.send("HELP")
    [reply] = texts.replies()
    assert "Reyes Plumbing" in reply.body and "STOP" in reply.body
    jobs.run_ready()
    assert fake_telnyx.sent()[0]["text"] == reply.body


def test_it_starts_a_conversation_for_a_text_without_a_call(texts):
    texts.send("Do you do water heaters?")
    assert Conversation.objects.get().contact.number == JEN


def test_it_never_relays_the_owners_own_stop_to_a_lead(texts):
    texts.send("STOP", **{"from": {"phone_number": CARLOS_CELL, "carrier": "", "line_type": "Wireless"}})
    assert not Contact.objects.filter(number=CARLOS_CELL, opted_out_at__isnull=False).exists()


def test_it_ignores_a_text_to_a_number_it_does_not_have(telnyx, texts):
    to = [{"phone_number": "+13125550142", "status": "webhook_delivered"}]
    assert telnyx.json(SMS, event("message_received_text", to=to)).status_code == 200
    assert not Message.objects.exists()


# -- status events of the texts we sent ---------------------------------------------------------------


@pytest.fixture
def sent(telnyx_calls, fake_telnyx):
    """Jen's missed call, its text-back sent through (fake) Telnyx."""
    telnyx_calls.ring()
    telnyx_calls.dial("no_answer")
    jobs.run_ready()
    message = telnyx_calls.textbacks().get()
    assert message.status == Message.SENT
    return message


def status(telnyx, message, name, path=SMS_STATUS, **fields):
    response = telnyx.json(f"{path}?message={message.id}", event(name, id=message.provider_message_id, **fields))
    assert response.status_code == 200, response.content
    message.refresh_from_db()
    return message


def test_it_asks_telnyx_to_report_each_texts_status_to_its_own_url(sent, fake_telnyx):
    assert fake_telnyx.requests[0].json["webhook_url"] == f"https://textback.example.com/telnyx/sms/status?message={sent.id}"


def test_it_records_delivery(telnyx, sent):
    message = status(telnyx, sent, "message_finalized_delivered")
    assert message.status == Message.DELIVERED and message.delivered_at is not None


def test_it_takes_status_events_at_the_messaging_profiles_url_too(telnyx, sent):
    assert status(telnyx, sent, "message_finalized_delivered", path=SMS).status == Message.DELIVERED


def test_it_does_not_regress_to_sent_after_delivered(telnyx, sent):
    status(telnyx, sent, "message_finalized_delivered")
    assert status(telnyx, sent, "message_sent").status == Message.DELIVERED


def test_it_finds_a_text_whose_status_beat_the_worker_to_saving_telnyxs_id(telnyx, sent):
    Message.objects.filter(id=sent.id).update(provider_message_id=None, status=Message.SENDING)
    response = telnyx.json(f"{SMS_STATUS}?message={sent.id}", event("message_finalized_delivered"))
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == Message.DELIVERED


def test_it_records_an_opt_out_when_telnyx_blocked_the_text_for_a_stop(telnyx, sent):
    message = status(telnyx, sent, "message_finalized_failed_40300")
    assert message.status == Message.FAILED and message.error_code == "40300"
    assert "STOP" in message.error and Contact.objects.get(number=JEN).opted_out_at is not None


def test_it_marks_a_landline_when_telnyx_could_not_route_the_text(telnyx, sent):
    message = status(telnyx, sent, "message_finalized_failed_40001")
    assert message.status == Message.UNDELIVERED and message.error_code == "40001"
    assert Contact.objects.get(number=JEN).landline


def test_it_ignores_a_status_of_a_text_it_never_sent(telnyx, telnyx_number, tuesday_morning):
    # No number of ours sent it: only the default account may sign for it, and it is answered and ignored.
    assert telnyx.json(SMS_STATUS, event("message_finalized_failed_40300")).status_code == 200
    assert not Message.objects.exists() and not ConsentEvent.objects.exists()
