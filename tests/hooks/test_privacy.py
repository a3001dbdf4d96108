"""Webhook events hold callers' numbers and texts as they were sent: `textback erase` removes a
number's events with the rest, `textback purge` drops events past the retention period."""

import io
from datetime import timedelta

from django.core.management import call_command

from tests.world import JEN
from textback.core import clock, jobs
from textback.hooks.models import Attempt, Event
from textback.simulator import phone


def command(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_erase_removes_the_numbers_webhook_events_and_their_delivery_log(number, crm, tuesday_morning):
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    other = "+13125550177"
    phone.ring_out(phone.call(number, other))
    jobs.run_ready()
    assert Event.objects.count() == 4 and Attempt.objects.count() == 4
    out = command("erase", "--number", JEN)
    assert "2 webhook events" in out
    assert not any(JEN in e.body for e in Event.objects.all()) and Event.objects.count() == 2
    assert Attempt.objects.count() == 2


def test_purge_drops_webhook_events_older_than_the_retention_period(number, crm, tuesday_morning, settings):
    settings.RETENTION_DAYS = 30
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    clock.advance_to(clock.now() + timedelta(days=31))
    assert "2 webhook event(s)" in command("purge", "--dry-run") and Event.objects.count() == 2
    command("purge")
    assert not Event.objects.exists()
