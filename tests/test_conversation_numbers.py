"""Every message of a conversation goes out from the number it runs on: the number the caller
called or texted. A business with two numbers (two Twilio numbers; a Twilio and a simulator
number) answers each caller from the number they know, and the owner's replies are routed by the
number they arrive on."""

import uuid
from datetime import timedelta

import pytest

from tests.world import CARLOS_CELL, JEN, REYES_NUMBER
from textback.core import clock, jobs
from textback.core.models import Conversation, Message, PhoneNumber
from textback.dashboard.tests.conftest import make_user
from textback.simulator import phone
from textback.twilio.tests.payloads import DIAL, SMS, VOICE, payload

SECOND_NUMBER = "+13125550102"
BOB = "+13125550103"
EMERGENCY = "pipe burst in the basement, water everywhere!! 2231 N Kedzie Ave"


@pytest.fixture
def second_number(reyes_number):
    return PhoneNumber.objects.create(business=reyes_number.business, number=SECOND_NUMBER, provider="twilio")


def sid(prefix):
    return prefix + uuid.uuid4().hex


def send_all():
    """Run the jobs, then those a number's send rate (a segment a second) deferred."""
    jobs.run_ready()
    clock.advance_to(clock.now() + timedelta(seconds=30))
    jobs.run_ready()


def missed_call(twilio, to, caller=JEN):
    call = {"CallSid": sid("CA"), "To": to, "Called": to, "From": caller, "Caller": caller}
    assert twilio.post(VOICE, payload("voice_incoming_call", **call)).status_code == 200
    assert twilio.post(DIAL, payload("voice_dial_no_answer", **call)).status_code == 200
    send_all()


def text(twilio, to, body, caller=JEN):
    clock.advance_to(clock.now() + timedelta(minutes=1))
    params = payload("sms_incoming_text", MessageSid=sid("SM"), To=to, From=caller, Body=body)
    assert twilio.post(SMS, params).status_code == 200
    send_all()


def sent_from(fake_twilio):
    return {(m["from"], m["to"]) for m in fake_twilio.sent()}


def test_a_caller_of_the_second_number_gets_every_text_from_it(twilio, second_number, fake_twilio, tuesday_night):
    missed_call(twilio, SECOND_NUMBER)
    text(twilio, SECOND_NUMBER, EMERGENCY)
    kinds = set(Message.objects.filter(direction=Message.OUT).values_list("kind", flat=True))
    assert kinds == {Message.TEXTBACK, Message.ASSISTANT, Message.NOTIFICATION}
    assert sent_from(fake_twilio) == {(SECOND_NUMBER, JEN), (SECOND_NUMBER, CARLOS_CELL)}
    assert Conversation.objects.get().phone_number == second_number


def test_a_quiet_callers_follow_up_and_the_owners_summary_come_from_the_conversations_number(
    twilio, second_number, fake_twilio, tuesday_morning
):
    missed_call(twilio, SECOND_NUMBER)
    text(twilio, SECOND_NUMBER, "need a new water heater installed")
    for minutes in (31, 120):
        clock.advance_to(clock.now() + timedelta(minutes=minutes))
        jobs.run_ready()
    assert Message.objects.filter(kind=Message.NOTIFICATION).count() == 1  # the partial summary
    assert Message.objects.filter(kind=Message.ASSISTANT).count() == 2  # the answer, the follow-up
    assert set(Message.objects.filter(direction=Message.OUT).values_list("from_number", flat=True)) == {SECOND_NUMBER}
    assert Message.objects.filter(direction=Message.OUT).exclude(status=Message.SENT).count() == 0


def test_a_real_leads_replies_go_through_twilio_when_the_business_also_has_a_simulator_number(
    twilio, number, fake_twilio, tuesday_night
):
    # Reyes Plumbing's first number is on the simulator; a real caller calls its Twilio number.
    PhoneNumber.objects.create(business=number.business, number=SECOND_NUMBER, provider="twilio")
    missed_call(twilio, SECOND_NUMBER)
    text(twilio, SECOND_NUMBER, EMERGENCY)
    out = Message.objects.filter(direction=Message.OUT)
    assert set(out.values_list("provider", "from_number")) == {("twilio", SECOND_NUMBER)}
    alert = out.get(urgent=True)
    assert alert.to_number == CARLOS_CELL and alert.status == Message.SENT
    assert (SECOND_NUMBER, CARLOS_CELL) in sent_from(fake_twilio)
    assert len(fake_twilio.sent()) == out.count()


def test_a_simulated_caller_is_answered_on_the_simulator_when_the_first_number_is_on_twilio(
    reyes_number, fake_twilio, tuesday_night
):
    simulated = PhoneNumber.objects.create(business=reyes_number.business, number=SECOND_NUMBER, provider="simulator")
    phone.ring_out(phone.call(simulated, JEN))
    jobs.run_ready()
    phone.text(simulated, JEN, EMERGENCY)
    jobs.run_ready()
    assert set(Message.objects.filter(direction=Message.OUT).values_list("provider", flat=True)) == {"simulator"}
    assert fake_twilio.sent() == []


def test_the_owners_reply_goes_to_the_lead_last_told_about_on_the_number_it_arrives_on(
    twilio, second_number, fake_twilio, tuesday_night
):
    missed_call(twilio, REYES_NUMBER, caller=JEN)
    text(twilio, REYES_NUMBER, EMERGENCY, caller=JEN)
    missed_call(twilio, SECOND_NUMBER, caller=BOB)
    text(twilio, SECOND_NUMBER, "gas smell in the kitchen, 5 Elm St Chicago", caller=BOB)  # the latest alert
    text(twilio, REYES_NUMBER, "Calling you now", caller=CARLOS_CELL)
    relayed = Message.objects.get(kind=Message.OWNER, direction=Message.OUT)
    assert (relayed.to_number, relayed.from_number) == (JEN, REYES_NUMBER)


def test_an_owners_reply_naming_a_lead_of_another_number_is_not_relayed(twilio, second_number, fake_twilio, tuesday_night):
    missed_call(twilio, REYES_NUMBER, caller=JEN)
    text(twilio, REYES_NUMBER, EMERGENCY, caller=JEN)
    jens = Conversation.objects.get()
    text(twilio, SECOND_NUMBER, f"#{jens.id} Calling you now", caller=CARLOS_CELL)
    assert not Message.objects.filter(kind=Message.OWNER, direction=Message.OUT).exists()
    told = Message.objects.filter(kind=Message.NOTIFICATION, to_number=CARLOS_CELL).last()
    assert told.from_number == SECOND_NUMBER and "(312) 555-0100" in told.body
    jens.refresh_from_db()
    assert jens.owner_took_over_at is None


def reply_on_the_dashboard(client, conversation, body):
    client.force_login(make_user("carlos@reyes.example", conversation.business))
    return client.post(f"/b/{conversation.business_id}/c/{conversation.id}/reply", {"body": body}, follow=True)


def test_the_owners_reply_on_the_dashboard_goes_out_from_the_conversations_number(
    twilio, second_number, fake_twilio, tuesday_morning, client
):
    missed_call(twilio, SECOND_NUMBER)
    reply_on_the_dashboard(client, Conversation.objects.get(), "On my way")
    send_all()
    assert (SECOND_NUMBER, JEN) in sent_from(fake_twilio)
    assert Message.objects.get(kind=Message.OWNER).from_number == SECOND_NUMBER


def test_a_conversation_whose_number_was_removed_sends_nothing_from_another(
    twilio, second_number, fake_twilio, tuesday_morning, client
):
    missed_call(twilio, SECOND_NUMBER)
    text(twilio, SECOND_NUMBER, "need a new water heater installed")
    sent = len(fake_twilio.sent())
    second_number.delete()
    conversation = Conversation.objects.get()
    assert conversation.phone_number is None
    for minutes in (31, 120):  # the quiet caller's summary and follow-up come due
        clock.advance_to(clock.now() + timedelta(minutes=minutes))
        jobs.run_ready()
    page = reply_on_the_dashboard(client, conversation, "On my way").content.decode()
    assert "removed from the business" in page
    assert len(fake_twilio.sent()) == sent
    assert not Message.objects.filter(from_number=REYES_NUMBER).exists()
