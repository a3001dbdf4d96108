"""Sending through Telnyx's Messaging API (the local fake, over real HTTP). The transport classifies
each failure in one table; the outbox alone retries, with backoff, until the text's give-up time."""

from datetime import timedelta

import pytest

from tests.fakes.telnyx_api import FakeTelnyxAPI
from tests.world import JEN
from textback.core import clock, jobs
from textback.core.models import Call, ConsentEvent, Contact, Message, PhoneNumber
from textback.core.providers import PermanentError, TransientError
from textback.telnyx import transport
from textback.telnyx.tests.payloads import OTHER_ACCOUNT_KEY, OTHER_API_KEY, form, public_key
from textback.twilio.tests.test_transport import work


@pytest.fixture
def textback(telnyx_calls, fake_telnyx):
    """Jen's missed call on the Telnyx number: its text-back queued, nothing sent yet."""
    telnyx_calls.ring()
    telnyx_calls.dial("no_answer")
    return telnyx_calls.textbacks().get()


def test_it_sends_and_keeps_telnyxs_message_id(textback, fake_telnyx):
    message = work(textback)
    [sent] = fake_telnyx.sent()
    assert message.status == Message.SENT and message.provider_message_id == sent["id"] and message.attempts == 1


def test_it_records_an_opt_out_when_telnyx_blocks_a_stopped_number_and_never_retries(textback, fake_telnyx):
    fake_telnyx.fail_next(400, code="40300")
    message = work(textback)
    assert message.status == Message.FAILED and message.error_code == "40300" and "STOP" in message.error
    assert Contact.objects.get(number=JEN).opted_out_at is not None
    assert ConsentEvent.objects.get().kind == ConsentEvent.OPT_OUT
    assert len(fake_telnyx.requests) == 1 and jobs.next_run_after() is None


def test_a_stop_block_answered_403_is_an_opt_out_not_a_credentials_problem(textback, fake_telnyx):
    fake_telnyx.fail_next(403, code="40300")
    message = work(textback)
    assert message.error_code == "40300" and "API key" not in message.error
    assert Contact.objects.get(number=JEN).opted_out_at is not None


@pytest.mark.parametrize("code", ["40001", "40012", "10002"])
def test_it_marks_a_number_that_cannot_take_texts_and_texts_it_no_more(telnyx_calls, textback, fake_telnyx, code):
    fake_telnyx.fail_next(422, code=code)
    message = work(textback)
    assert message.status == Message.FAILED and message.error_code == code
    assert Contact.objects.get(number=JEN).landline and len(fake_telnyx.requests) == 1
    clock.advance_to(clock.now() + timedelta(days=3))
    again = "v3:" + "b" * 40
    telnyx_calls.ring(CallSid=again)
    telnyx_calls.dial("no_answer", CallSid=again)
    assert Call.objects.get(provider_call_id=again).textback == Call.SKIPPED


@pytest.mark.parametrize("headers,wait", [({"Retry-After": "30"}, 30), ({"x-ratelimit-reset": "45"}, 45)])
def test_it_waits_at_least_what_a_429_asks(textback, fake_telnyx, headers, wait):
    fake_telnyx.fail_next(429, code="10011", headers=headers)
    failed_at = clock.now()
    jobs.run_ready()
    textback.refresh_from_db()
    assert textback.status == Message.QUEUED and textback.error_code == "10011"
    assert jobs.next_run_after() >= failed_at + timedelta(seconds=wait)
    message = work(textback)
    assert message.status == Message.SENT and message.attempts == 2 and len(fake_telnyx.sent()) == 1


def test_it_retries_5xx_then_sends_once(textback, fake_telnyx):
    fake_telnyx.fail_next(503, times=3)
    message = work(textback)
    assert message.status == Message.SENT and message.attempts == 4 and len(fake_telnyx.sent()) == 1


def test_it_gives_up_after_an_outage_longer_than_the_give_up_time(textback, fake_telnyx):
    fake_telnyx.fail_next(502, times=1000)
    message = work(textback)
    assert message.status == Message.GIVEN_UP and "not sent in time" in message.error and not fake_telnyx.sent()


def test_it_fails_for_good_with_a_clear_error_on_a_refused_api_key(textback, fake_telnyx, settings):
    settings.TELNYX_API_KEY = "KEY-revoked"
    message = work(textback)
    assert message.status == Message.FAILED and message.error_code == "10009"
    assert "TELNYX_API_KEY" in message.error and len(fake_telnyx.requests) == 1


def test_it_fails_with_a_clear_error_without_an_api_key(textback, fake_telnyx, settings):
    settings.TELNYX_API_KEY = ""
    message = work(textback)
    assert message.status == Message.FAILED and "TELNYX_API_KEY" in message.error and not fake_telnyx.requests


def test_a_text_whose_request_timed_out_after_telnyx_took_it_is_not_sent_again(textback, fake_telnyx, settings):
    settings.PROVIDER_READ_TIMEOUT = 0.2
    fake_telnyx.hang_after_create = 0.5
    jobs.run_ready()
    textback.refresh_from_db()
    assert textback.status == Message.QUEUED
    fake_telnyx.hang_after_create = 0
    message = work(textback)
    [sent] = fake_telnyx.sent()
    assert message.status == Message.SENT and message.provider_message_id == sent["id"]
    assert [r.method for r in fake_telnyx.requests] == ["POST", "GET"]  # the timed-out send, then the look-up
    assert fake_telnyx.requests[1].path == "/v2/detail_records"


def test_a_text_whose_connection_dropped_before_telnyx_took_it_is_looked_up_then_sent(textback, fake_telnyx, settings):
    settings.PROVIDER_READ_TIMEOUT = 0.2
    fake_telnyx.fail_next(503, hang=0.5)  # no answer in time, and nothing accepted
    message = work(textback)
    assert message.status == Message.SENT and len(fake_telnyx.sent()) == 1
    assert [r.method for r in fake_telnyx.requests] == ["POST", "GET", "POST"]


def test_it_sends_with_the_api_key_of_the_numbers_own_account(telnyx, telnyx_number, tuesday_morning, settings):
    PhoneNumber.objects.filter(id=telnyx_number.id).update(account_sid=public_key(OTHER_ACCOUNT_KEY),
                                                           auth_token=OTHER_API_KEY)
    api = FakeTelnyxAPI(public_key(OTHER_ACCOUNT_KEY), OTHER_API_KEY).start()
    settings.TELNYX_API_BASE = api.base_url
    try:
        for path, name in (("/telnyx/voice", "voice_incoming_call"), ("/telnyx/voice/dial", "voice_dial_no_answer")):
            assert telnyx.form(path, form(name), key=OTHER_ACCOUNT_KEY).status_code == 200
        message = work(Message.objects.get(kind=Message.TEXTBACK))
        assert message.status == Message.SENT and api.requests[0].headers["Authorization"] == f"Bearer {OTHER_API_KEY}"
    finally:
        api.stop()


class Answer:
    """What requests hands the classifier: a status, a JSON body, headers."""

    def __init__(self, status_code, body, headers=None):
        self.status_code, self.body, self.headers = status_code, body, headers or {}

    def json(self):
        if isinstance(self.body, str):
            raise ValueError("not JSON")
        return self.body


def errors(code):
    return {"errors": [{"code": code, "title": "t", "detail": "d"}]}


@pytest.mark.parametrize("answer,kind,recipient", [
    (Answer(400, errors("40300")), PermanentError, PermanentError.OPTED_OUT),
    (Answer(422, errors("40001")), PermanentError, PermanentError.NOT_MOBILE),
    (Answer(422, errors("10015")), PermanentError, None),
    (Answer(401, errors("10009")), PermanentError, None),
    (Answer(403, errors("10010")), PermanentError, None),
    (Answer(429, errors("10011")), TransientError, None),
    (Answer(400, errors("40011")), TransientError, None),
    (Answer(500, "<html>oops</html>"), TransientError, None),
    (Answer(503, {}), TransientError, None),
    (Answer(404, "not json"), PermanentError, None),
])
def test_it_classifies_every_answer_in_one_table(answer, kind, recipient):
    error = transport.provider.failure(answer)
    assert type(error) is kind and getattr(error, "recipient", None) == recipient


def test_it_never_waits_longer_than_five_minutes_whatever_a_429_asks():
    assert transport.retry_after(Answer(429, {}, {"x-ratelimit-reset": "86400"})) == 300.0
    assert transport.retry_after(Answer(429, {}, {"Retry-After": "soon"})) is None


def test_find_sent_looks_up_telnyxs_detail_records_of_the_number_to_the_recipient(textback, fake_telnyx):
    work(textback)
    number = PhoneNumber.objects.get()
    assert transport.provider.find_sent(textback, number) == [fake_telnyx.sent()[0]["id"]]
    request = fake_telnyx.requests[-1]
    assert request.query["filter[cld]"] == JEN and request.query["filter[cli]"] == number.number
    assert request.query["filter[record_type]"] == "messaging"
