"""A missed call on every provider (the `carrier` fixture), from the first webhook to the text
arriving at the provider's (fake) API, and the caller's reply reaching the conversation."""

from tests.world import CARLOS_CELL, JEN, REYES_NUMBER
from textback.core import jobs
from textback.core.models import Call, Contact, Message, PhoneNumber


def test_it_rings_the_owner_with_screening(carrier):
    response = carrier.ring()
    xml = response.content.decode()
    assert response.status_code == 200
    assert f">{CARLOS_CELL}</Number>" in xml
    assert 'answerOnBridge="true"' in xml and 'timeout="20"' in xml
    assert f"/{carrier.name}/voice/screen" in xml


def test_it_texts_back_a_no_answer_call(carrier, tuesday_morning):
    carrier.ring()
    response = carrier.dial("no_answer")
    assert "<Record" in response.content.decode()
    assert not carrier.api.requests  # nothing is sent inside the webhook
    assert jobs.run_ready() == 1
    [sent] = carrier.api.sent()
    assert sent["to"] == JEN and sent["from"] == REYES_NUMBER
    assert "Reyes Plumbing" in sent["body"] and "STOP" in sent["body"]
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert message.status == Message.SENT and message.provider_message_id == sent["sid"]
    assert message.provider == carrier.name and message.encoding == "GSM-7" and message.segments == 1
    call = Call.objects.get()
    assert call.outcome == Call.MISSED and call.textback == Call.TEXTED and call.provider == carrier.name


def test_the_callers_reply_joins_the_conversation_and_gets_an_answer(carrier, tuesday_morning, later):
    carrier.ring()
    carrier.dial("no_answer")
    jobs.run_ready()
    later(minutes=1)
    assert carrier.text("Kitchen sink is clogged, can someone come tomorrow?").status_code == 200
    jobs.run_ready()
    [textback, reply] = carrier.api.sent()
    incoming = Message.objects.get(direction=Message.IN)
    assert incoming.provider == carrier.name and incoming.conversation == Message.objects.get(kind=Message.TEXTBACK).conversation
    assert reply["to"] == JEN and reply["body"] != textback["body"]


def test_a_call_the_owner_answers_gets_no_text(carrier, tuesday_morning):
    carrier.ring()
    carrier.accept_screening()
    carrier.dial("completed_bridged")
    carrier.status("completed")
    jobs.run_ready()
    assert Call.objects.get().outcome == Call.ANSWERED and not carrier.api.sent()


def test_the_owners_own_voicemail_answering_counts_as_missed(carrier, tuesday_morning):
    carrier.ring()
    response = carrier.dial("completed_voicemail")
    assert "<Record" in response.content.decode()
    jobs.run_ready()
    assert Call.objects.get().outcome == Call.MISSED and len(carrier.api.sent()) == 1


def test_a_forwarded_call_is_missed_at_once_and_texted(carrier, reyes_number, tuesday_morning):
    PhoneNumber.objects.filter(id=reyes_number.id).update(mode=PhoneNumber.FORWARDED)
    response = carrier.ring()
    assert "<Record" in response.content.decode() and "<Dial" not in response.content.decode()
    jobs.run_ready()
    assert Call.objects.get().outcome == Call.MISSED and len(carrier.api.sent()) == 1


def test_stop_opts_the_caller_out_and_nothing_more_is_sent(carrier, tuesday_morning, later):
    carrier.ring()
    carrier.dial("no_answer")
    jobs.run_ready()
    later(minutes=1)
    carrier.text("STOP")
    jobs.run_ready()
    assert Contact.objects.get(number=JEN).opted_out_at is not None
    later(days=2)
    carrier.ring(call=2)
    carrier.dial("no_answer", call=2)
    jobs.run_ready()
    assert Call.objects.get(provider_call_id=carrier.call_id(2)).textback == Call.SKIPPED
    assert len(carrier.api.sent()) == 1


def test_a_delivery_report_of_an_opted_out_recipient_stops_texts_to_them(carrier, tuesday_morning):
    carrier.ring()
    carrier.dial("no_answer")
    jobs.run_ready()
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert carrier.delivery(message, "failed", code=carrier.codes["opted_out"]).status_code == 200
    message.refresh_from_db()
    assert message.status == Message.FAILED and Contact.objects.get(number=JEN).opted_out_at is not None


def test_a_send_the_provider_refuses_as_opted_out_is_not_retried(carrier, tuesday_morning):
    carrier.api.fail_next(400, code=int(carrier.codes["opted_out"]))
    carrier.ring()
    carrier.dial("no_answer")
    jobs.run_ready()
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert message.status == Message.FAILED and message.error_code == carrier.codes["opted_out"]
    assert Contact.objects.get(number=JEN).opted_out_at is not None and jobs.next_run_after() is None


def test_it_rejects_a_webhook_with_a_bad_signature(carrier):
    response = carrier.post("voice", carrier.payload("voice_incoming_call"), signature="bm90IGl0")
    assert response.status_code == 403
    assert not Call.objects.exists()


def test_it_rejects_a_webhook_signed_by_another_providers_key(carrier):
    response = carrier.post("voice", carrier.payload("voice_incoming_call"), key="0123456789abcdef" * 2)
    assert response.status_code == 403
    assert not Call.objects.exists()
