"""Status callbacks of texts we sent: a status only moves forward, and what Twilio says about the
recipient (landline, opted out) stops further texts."""

import pytest

from tests.world import JEN
from textback.core import jobs
from textback.core.models import Call, ConsentEvent, Contact, Message
from textback.twilio.tests.payloads import SMS_STATUS


@pytest.fixture
def sent(calls, fake_twilio):
    """Jen's missed call, its text-back sent through (fake) Twilio."""
    calls.ring()
    calls.dial("no_answer")
    jobs.run_ready()
    message = calls.textbacks().get()
    assert message.status == Message.SENT
    return message


def callback(calls, message, name, **fields):
    calls.post(SMS_STATUS, name, MessageSid=message.provider_message_id, **fields)
    message.refresh_from_db()
    return message


def test_it_records_delivery(calls, sent):
    message = callback(calls, sent, "sms_status_delivered")
    assert message.status == Message.DELIVERED and message.delivered_at is not None


def test_it_records_an_undelivered_text_with_its_error_code(calls, sent):
    message = callback(calls, sent, "sms_status_undelivered_30006")
    assert message.status == Message.UNDELIVERED and message.error_code == "30006"


def test_it_does_not_regress_to_sent_after_delivered(calls, sent):
    callback(calls, sent, "sms_status_delivered")
    message = callback(calls, sent, "sms_status_sent")
    assert message.status == Message.DELIVERED


def test_it_moves_from_sent_to_delivered_in_any_order_of_intermediate_states(calls, sent):
    for status in ("queued", "sending", "sent"):
        callback(calls, sent, "sms_status_sent", MessageStatus=status, SmsStatus=status)
    assert callback(calls, sent, "sms_status_delivered").status == Message.DELIVERED


@pytest.mark.parametrize("code", ["30006", "21614"])
def test_it_marks_the_contact_a_landline_on_30006_or_21614_and_texts_them_no_more(calls, sent, code):
    callback(calls, sent, "sms_status_undelivered_30006", ErrorCode=code)
    assert Contact.objects.get(number=JEN).landline
    calls.ring(CallSid="CA" + "b" * 32)
    calls.dial("no_answer", CallSid="CA" + "b" * 32)
    call = Call.objects.get(provider_call_id="CA" + "b" * 32)
    assert call.textback == Call.SKIPPED and "landline" in call.textback_reason


def test_it_records_an_opt_out_on_21610(calls, sent):
    message = callback(calls, sent, "sms_status_failed_21610")
    assert message.status == Message.FAILED and message.error_code == "21610"
    assert Contact.objects.get(number=JEN).opted_out_at is not None
    assert ConsentEvent.objects.get().source == "provider error 21610"


def test_it_answers_200_and_changes_nothing_for_an_unknown_message(calls, sent):
    calls.post(SMS_STATUS, "sms_status_failed_21610", MessageSid="SM" + "0" * 32)
    sent.refresh_from_db()
    assert sent.status == Message.SENT and sent.error_code == ""
    assert Contact.objects.get(number=JEN).opted_out_at is None


def test_it_ignores_a_status_it_does_not_know(calls, sent):
    assert callback(calls, sent, "sms_status_sent", MessageStatus="partially_delivered").status == Message.SENT


def test_a_status_that_arrives_while_the_send_is_in_flight_is_kept(calls):
    calls.ring()
    calls.dial("no_answer")
    message = calls.textbacks().get()
    Message.objects.filter(id=message.id).update(status=Message.SENDING)  # the worker awaits Twilio's answer
    calls.post(f"{SMS_STATUS}?message={message.id}", "sms_status_delivered", MessageSid="SM" + "f" * 32)
    message.refresh_from_db()
    assert message.status == Message.DELIVERED


def test_a_status_naming_a_queued_message_changes_nothing(calls):
    calls.ring()
    calls.dial("no_answer")
    message = calls.textbacks().get()
    calls.post(f"{SMS_STATUS}?message={message.id}", "sms_status_delivered", MessageSid="SM" + "f" * 32)
    message.refresh_from_db()
    assert message.status == Message.QUEUED


def test_a_callback_naming_another_message_changes_nothing(calls, sent):
    calls.post(f"{SMS_STATUS}?message={sent.id}", "sms_status_delivered", MessageSid="SM" + "0" * 32)
    sent.refresh_from_db()
    assert sent.status == Message.SENT
