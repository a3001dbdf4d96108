"""Fixtures for the provider-independent core, on top of the named world (tests/world.py).

Reyes Plumbing's number runs on the simulator provider here, so texts "send" without a network.
"""

import pytest

from tests.world import JEN
from textback.core import jobs
from textback.core.models import Contact
from textback.simulator import phone

MARIA = "+13125550102"  # a second caller, a returning customer of Reyes Plumbing


@pytest.fixture
def maria(reyes):
    return Contact.objects.create(business=reyes, number=MARIA, name="Maria Lopez")


@pytest.fixture
def miss(number):
    """miss(caller) -> the Call: the caller rings Reyes Plumbing, nobody answers, and the worker
    runs whatever that queued (the text-back goes out)."""

    def missed_call(caller=JEN):
        call = phone.call(number, caller)
        phone.ring_out(call)
        jobs.run_ready()
        call.refresh_from_db()
        return call

    return missed_call


@pytest.fixture
def scripted(settings, number):
    """Reyes Plumbing's number on a transport whose failures the test scripts in advance."""
    from tests.core import scripted_transport

    settings.PROVIDERS = {**settings.PROVIDERS, "scripted": "tests.core.scripted_transport.provider"}
    number.provider = "scripted"
    number.save()
    scripted_transport.script.clear()
    scripted_transport.sent.clear()
    yield scripted_transport
    scripted_transport.script.clear()
    scripted_transport.sent.clear()
