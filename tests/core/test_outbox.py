"""Every outbound text is a row first, then sent by a worker: in time, or never."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.core.conftest import MARIA
from tests.world import JEN
from textback.core import delivery, incoming, jobs, outbox
from textback.core.models import Contact, Message
from textback.core.providers import PermanentError, TransientError
from textback.simulator import phone

pytestmark = pytest.mark.usefixtures("tuesday_morning")


def queue(reyes, number, to=JEN, body="On our way", kind=Message.ASSISTANT):
    return outbox.queue(business=reyes, number=number, to=to, body=body, kind=kind)


def test_a_text_back_is_a_queued_row_before_anything_is_sent(number):
    phone.ring_out(phone.call(number, JEN))
    text = Message.objects.get(kind=Message.TEXTBACK)
    assert text.status == Message.QUEUED and text.attempts == 0
    assert text.provider_message_id is None and text.first_attempt_at is None
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    jobs.run_ready()
    text.refresh_from_db()
    assert text.status == Message.SENT and text.attempts == 1 and text.provider_message_id.startswith("SIM")


def test_a_message_still_queued_after_the_give_up_time_is_given_up_never_sent(settings, reyes, number, later):
    settings.SEND_GIVE_UP_SECONDS = 60
    message = queue(reyes, number)
    later(seconds=61)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.GIVEN_UP and message.provider_message_id is None
    assert message.error == "not sent in time; a late text would confuse the caller"


def test_a_message_taken_up_just_before_its_give_up_time_is_sent(settings, reyes, number, later):
    settings.SEND_GIVE_UP_SECONDS = 60
    message = queue(reyes, number)
    later(seconds=59)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.SENT


def test_an_opt_out_recorded_after_queuing_blocks_the_queued_text(reyes, number, later):
    message = queue(reyes, number)
    later(seconds=1)
    incoming.received(number, number.provider, "SMstop", JEN, "STOP")
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.GIVEN_UP and message.error == "the recipient opted out"
    assert message.provider_message_id is None


@pytest.mark.parametrize("flag, reason", [("blocked", "the number is blocked"), ("landline", "the number is a landline")])
def test_a_block_or_landline_found_after_queuing_stops_the_queued_text(reyes, number, flag, reason):
    message = queue(reyes, number)
    Contact.objects.create(business=reyes, number=JEN, **{flag: True})
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.GIVEN_UP and message.error == reason


def test_an_owner_notification_is_not_held_back_by_a_leads_opt_out(reyes, number):
    outbox.record_opt_out(reyes, reyes.owner_cell, "keyword 'STOP'")
    message = queue(reyes, number, to=reyes.owner_cell, kind=Message.NOTIFICATION)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.SENT


def test_a_message_left_sending_by_a_dead_worker_is_not_sent_again_when_the_provider_cannot_be_asked(settings, reyes, number):
    message = queue(reyes, number)
    job = jobs.claim_next("worker-that-dies")
    Message.objects.filter(id=message.id).update(status=Message.SENDING, attempts=1)  # then the worker died
    DBTaskResult.objects.filter(id=job.id).update(started_at=timezone.now() - timedelta(seconds=settings.JOB_LEASE_SECONDS + 1))
    assert jobs.recover_expired_leases() == 1
    assert jobs.run_ready() == 1
    message.refresh_from_db()
    assert message.status == Message.FAILED and message.provider_message_id is None and message.attempts == 1
    assert message.error.startswith("outcome unknown")


def test_a_sent_message_is_not_sent_again_when_its_job_runs_twice(reyes, number):
    message = queue(reyes, number)
    jobs.run_ready()
    delivery.deliver.call(message.id)
    message.refresh_from_db()
    assert message.status == Message.SENT and message.attempts == 1


def test_a_transient_failure_is_retried_until_it_goes_through(scripted, reyes, number, later):
    scripted.script[:] = [TransientError("20429", "Too Many Requests", retry_after=5)]
    message = queue(reyes, number)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.QUEUED and message.error_code == "20429"
    later(seconds=130)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.SENT and message.attempts == 2 and message.error == ""
    assert scripted.sent == ["On our way"]


def test_a_transient_failure_near_the_give_up_time_gives_up(settings, scripted, reyes, number):
    settings.SEND_GIVE_UP_SECONDS = 10
    scripted.script[:] = [TransientError("", "provider timed out", retry_after=30)]
    message = queue(reyes, number)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.GIVEN_UP and "provider timed out" in message.error


def test_a_provider_opt_out_error_records_the_opt_out_and_blocks_later_texts(scripted, reyes, number, later):
    scripted.script[:] = [PermanentError("21610", "Attempt to send to unsubscribed recipient", PermanentError.OPTED_OUT)]
    message = queue(reyes, number)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.FAILED and message.error_code == "21610"
    assert Contact.objects.get(number=JEN).opted_out_at is not None
    later(hours=30)
    phone.ring_out(phone.call(number, JEN))
    assert Message.objects.filter(kind=Message.TEXTBACK).count() == 0


def test_a_provider_landline_error_marks_the_contact_a_landline(scripted, reyes, number):
    scripted.script[:] = [PermanentError("30006", "Landline or unreachable carrier", PermanentError.NOT_MOBILE)]
    Contact.objects.create(business=reyes, number=MARIA)
    queue(reyes, number, to=MARIA)
    jobs.run_ready()
    assert Contact.objects.get(number=MARIA).landline


def test_a_message_to_an_unconfigured_provider_fails_with_the_reason(reyes, number):
    number.provider = "carrier-pigeon"
    number.save()
    message = queue(reyes, number)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.FAILED and "carrier-pigeon" in message.error
