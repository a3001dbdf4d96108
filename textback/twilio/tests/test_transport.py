"""Sending through Twilio's REST API (the local fake, over real HTTP). The transport classifies
each failure; the outbox alone retries, with backoff, until the text's give-up time."""

from datetime import timedelta

import pytest

from tests.fakes.twilio_api import FakeTwilioAPI
from tests.world import JEN, REYES_NUMBER
from textback.core import clock, jobs
from textback.core.models import Call, ConsentEvent, Contact, Message, PhoneNumber
from textback.twilio.tests.payloads import DIAL, VOICE, payload

FINAL = {Message.SENT, Message.FAILED, Message.GIVEN_UP}


@pytest.fixture
def textback(calls, fake_twilio):
    """Jen's missed call: its text-back is queued, nothing has gone to Twilio yet."""
    calls.ring()
    calls.dial("no_answer")
    return calls.textbacks().get()


def work(message, limit=100):
    """Run the worker until the message is final, jumping the clock to each deferred retry."""
    for _ in range(limit):
        jobs.run_ready()
        message.refresh_from_db()
        upcoming = jobs.next_run_after()
        if message.status in FINAL or upcoming is None:
            return message
        clock.advance_to(upcoming)
    raise AssertionError(f"message still {message.status} after {limit} rounds")


def test_it_sends_and_keeps_twilios_sid(textback, fake_twilio):
    message = work(textback)
    [sent] = fake_twilio.sent()
    assert message.status == Message.SENT and message.provider_message_id == sent["sid"]
    assert message.attempts == 1 and message.sent_at is not None
    [request] = fake_twilio.requests
    assert request.form["To"] == JEN and request.form["From"] == REYES_NUMBER
    assert request.form["StatusCallback"] == f"https://textback.example.com/twilio/sms/status?message={message.id}"


def test_it_records_an_opt_out_on_21610_and_never_retries(textback, fake_twilio):
    fake_twilio.fail_next(400, code=21610)
    message = work(textback)
    assert message.status == Message.FAILED and message.error_code == "21610"
    assert Contact.objects.get(number=JEN).opted_out_at is not None
    assert ConsentEvent.objects.get().kind == ConsentEvent.OPT_OUT
    assert len(fake_twilio.requests) == 1 and jobs.next_run_after() is None


@pytest.mark.parametrize("code", [21614, 30006])
def test_it_marks_a_landline_and_texts_it_no_more(calls, textback, fake_twilio, code):
    fake_twilio.fail_next(400, code=code)
    message = work(textback)
    assert message.status == Message.FAILED and message.error_code == str(code)
    assert Contact.objects.get(number=JEN).landline and len(fake_twilio.requests) == 1
    clock.advance_to(clock.now() + timedelta(days=3))
    calls.ring(CallSid="CA" + "b" * 32)
    calls.dial("no_answer", CallSid="CA" + "b" * 32)
    assert Call.objects.get(provider_call_id="CA" + "b" * 32).textback == Call.SKIPPED
    jobs.run_ready()
    assert len(fake_twilio.requests) == 1


def test_it_waits_at_least_what_a_429_retry_after_asks(textback, fake_twilio):
    fake_twilio.fail_next(429, code=20429, headers={"Retry-After": "30"})
    failed_at = clock.now()
    jobs.run_ready()
    textback.refresh_from_db()
    assert textback.status == Message.QUEUED and textback.error_code == "20429"
    assert jobs.next_run_after() >= failed_at + timedelta(seconds=30)
    message = work(textback)
    assert message.status == Message.SENT and message.attempts == 2
    assert len(fake_twilio.requests) == 2 and len(fake_twilio.sent()) == 1


def test_it_retries_503s_with_growing_backoff_then_sends_once(textback, fake_twilio):
    fake_twilio.fail_next(503, times=4)
    message = work(textback)
    assert message.status == Message.SENT and message.attempts == 5
    assert len(fake_twilio.requests) == 5 and len(fake_twilio.sent()) == 1
    assert message.error == "" and message.error_code == ""


def test_it_retries_a_request_that_timed_out(textback, fake_twilio, settings):
    settings.PROVIDER_READ_TIMEOUT = 0.2
    fake_twilio.fail_next(503, hang=0.5)
    jobs.run_ready()
    textback.refresh_from_db()
    assert textback.status == Message.QUEUED and "unreachable" in textback.error
    assert textback.maybe_sent and textback.error_code == ""  # Twilio may have it: looked up first
    message = work(textback)
    assert message.status == Message.SENT and len(fake_twilio.sent()) == 1
    assert not message.maybe_sent and [r.method for r in fake_twilio.requests] == ["POST", "GET", "POST"]


def test_it_gives_up_after_an_outage_longer_than_the_give_up_time(textback, fake_twilio, settings):
    fake_twilio.fail_next(503, times=1000)
    message = work(textback)
    assert message.status == Message.GIVEN_UP
    assert "not sent in time" in message.error and "503" in message.error and message.error_code == "503"
    assert message.give_up_at == message.created_at + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS)
    assert clock.now() < message.give_up_at and 3 < message.attempts < 40
    fake_twilio.script.clear()
    clock.advance_to(clock.now() + timedelta(hours=1))
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.GIVEN_UP
    assert message.body not in [sent["body"] for sent in fake_twilio.sent()]


def test_it_never_sends_a_text_late_when_the_worker_was_down(textback, fake_twilio, settings):
    clock.advance_to(clock.now() + timedelta(seconds=settings.SEND_GIVE_UP_SECONDS))
    message = work(textback)
    assert message.status == Message.GIVEN_UP and "not sent in time" in message.error
    assert message.attempts == 0 and message.body not in [r.form.get("Body") for r in fake_twilio.requests]


def test_it_honours_a_shorter_give_up_time(calls, fake_twilio, settings):
    settings.SEND_GIVE_UP_SECONDS = 60
    calls.ring()
    calls.dial("no_answer")
    fake_twilio.fail_next(503, times=1000)
    message = work(calls.textbacks().get())
    assert message.status == Message.GIVEN_UP and message.give_up_at == message.created_at + timedelta(seconds=60)


def test_it_fails_for_good_with_a_clear_error_on_bad_credentials(textback, fake_twilio, settings):
    settings.TWILIO_AUTH_TOKEN = "0" * 32
    message = work(textback)
    assert message.status == Message.FAILED and message.error_code == "20003"
    assert "credentials" in message.error and "TWILIO_AUTH_TOKEN" in message.error
    assert len(fake_twilio.requests) == 1


def test_it_fails_with_a_clear_error_without_credentials(textback, fake_twilio, settings):
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = ""
    message = work(textback)
    assert message.status == Message.FAILED
    assert "TWILIO_ACCOUNT_SID" in message.error and not fake_twilio.requests


def test_it_sends_with_the_credentials_of_the_numbers_subaccount(twilio, reyes_number, tuesday_morning, settings):
    sub_sid, sub_token = "AC" + "c3" * 16, "d4" * 16
    PhoneNumber.objects.filter(id=reyes_number.id).update(account_sid=sub_sid, auth_token=sub_token)
    api = FakeTwilioAPI(sub_sid, sub_token).start()
    settings.TWILIO_API_BASE = api.base_url
    try:
        for path, name in ((VOICE, "voice_incoming_call"), (DIAL, "voice_dial_no_answer")):
            assert twilio.post(path, payload(name, AccountSid=sub_sid), token=sub_token).status_code == 200
        message = work(Message.objects.get(kind=Message.TEXTBACK))
        assert message.status == Message.SENT and len(api.sent()) == 1
    finally:
        api.stop()


def die_during_the_send(message, settings, reached_twilio):
    """A worker claims the text's job, marks it sending, and dies, before or after its request
    reached Twilio; its lease runs out and the job is taken up again."""
    from django_tasks_db.models import DBTaskResult
    from textback.twilio import transport

    job = jobs.claim_next("worker-that-dies")
    Message.objects.filter(id=message.id).update(status=Message.SENDING, attempts=1, first_attempt_at=clock.now())
    if reached_twilio:
        message.refresh_from_db()
        transport.provider.send(message, PhoneNumber.objects.get(number=message.from_number))
    DBTaskResult.objects.filter(id=job.id).update(started_at=job.started_at - timedelta(seconds=settings.JOB_LEASE_SECONDS + 1))
    assert jobs.recover_expired_leases() == 1


def test_a_text_a_dead_worker_never_got_to_twilio_is_looked_up_then_sent_once(textback, fake_twilio, settings):
    die_during_the_send(textback, settings, reached_twilio=False)
    message = work(textback)
    assert message.status == Message.SENT and len(fake_twilio.sent()) == 1
    assert [r.method for r in fake_twilio.requests] == ["GET", "POST"]  # asked first, then sent
    assert message.provider_message_id == fake_twilio.sent()[0]["sid"] and message.attempts == 2


def test_a_text_a_dead_worker_got_to_twilio_is_recorded_as_sent_not_sent_again(textback, fake_twilio, settings):
    die_during_the_send(textback, settings, reached_twilio=True)
    message = work(textback)
    [sent] = fake_twilio.sent()
    assert message.status == Message.SENT and message.provider_message_id == sent["sid"]
    assert [r.method for r in fake_twilio.requests] == ["POST", "GET"]  # the dead worker's, then the look-up
