"""Outgoing webhooks' part of the named world: Reyes Plumbing's integrations listen on local
receivers (tests/fakes/webhook_receiver.py), allowed because the tests set
TEXTBACK_WEBHOOKS_ALLOW_PRIVATE (a real install refuses loopback endpoints)."""

import pytest

from tests.fakes.webhook_receiver import WebhookReceiver
from textback.hooks import endpoints


@pytest.fixture(autouse=True)
def local_receivers_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1.0
    return settings


@pytest.fixture
def receivers():
    """receivers(business, events=()) -> a started receiver with an endpoint of that business."""
    started = []

    def start(business, events=()):
        receiver = WebhookReceiver().start()
        started.append(receiver)
        receiver.endpoint = endpoints.add(business, receiver.url, list(events))
        receiver.secret = receiver.endpoint.secret
        return receiver

    yield start
    for receiver in started:
        receiver.stop()


@pytest.fixture
def crm(receivers, reyes):
    """Reyes Plumbing's CRM, subscribed to every event."""
    return receivers(reyes)


@pytest.fixture
def signed_in(client, reyes, settings):
    """Carlos, signed in to Reyes Plumbing's dashboard."""
    from textback.dashboard.tests.conftest import make_user

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(make_user("carlos@reyes.example", reyes))
    return client
