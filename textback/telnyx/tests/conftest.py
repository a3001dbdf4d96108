"""Reyes Plumbing's number on Telnyx (the world of tests/world.py, which sets Telnyx's default
account and has its faked API, `fake_telnyx`), and its webhooks posted signed like Telnyx's."""

import json
from urllib.parse import urlencode

import pytest

from textback.core import clock
from textback.core.models import PhoneNumber
from textback.twilio.tests.conftest import Calls as TwilioCalls
from textback.telnyx.tests.payloads import (
    DEFAULT_ACCOUNT_KEY, DIAL, PARENT, SCREEN_RESULT, STATUS, VOICE, form, sign,
)


@pytest.fixture
def telnyx_number(reyes_number):
    """Reyes Plumbing's number, on Telnyx's default account."""
    reyes_number.provider = "telnyx"
    reyes_number.save()
    return reyes_number


@pytest.fixture
def forwarded_telnyx_number(telnyx_number):
    telnyx_number.mode = PhoneNumber.FORWARDED
    telnyx_number.save()
    return telnyx_number


class TelnyxWebhooks:
    """Posts webhooks the way Telnyx does: TeXML form-encoded, messaging events as JSON, each signed
    with Ed25519 over "{telnyx-timestamp}|{raw body}" by an account's key, at the simulated time."""

    def __init__(self, client, key=DEFAULT_ACCOUNT_KEY):
        self.client, self.key = client, key

    def post(self, path, body, content_type, key=None, timestamp=None, signature=None, signed_body=None):
        timestamp = str(int(clock.now().timestamp())) if timestamp is None else timestamp
        if signature is None:
            signature = sign(key or self.key, timestamp, body if signed_body is None else signed_body)
        return self.client.post(path, body, content_type=content_type, HTTP_TELNYX_TIMESTAMP=timestamp,
                                HTTP_TELNYX_SIGNATURE_ED25519=signature)

    def form(self, path, params, **signing):
        return self.post(path, urlencode(params, doseq=True).encode(), "application/x-www-form-urlencoded", **signing)

    def json(self, path, body, **signing):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.post(path, raw, "application/json", **signing)


@pytest.fixture
def telnyx(client):
    return TelnyxWebhooks(client)


class Calls(TwilioCalls):
    """A call's TeXML webhooks in the order a test chooses, posted signed like Telnyx's."""

    PROVIDER, VOICE, DIAL, SCREEN_RESULT, STATUS, PARENT = "telnyx", VOICE, DIAL, SCREEN_RESULT, STATUS, PARENT

    def send(self, path, name, **fields):
        return self.client.form(path, form(name, **fields))


@pytest.fixture
def telnyx_calls(telnyx, telnyx_number, tuesday_morning):
    return Calls(telnyx)
