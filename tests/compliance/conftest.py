"""Compliance tests live in the named world (tests/world.py) and borrow its neighbours' fixtures:
the core's simulator number, clock and scripted transport; the Twilio webhooks; the dashboard's Carlos."""

import pytest

from tests.core.conftest import maria, miss, scripted  # noqa: F401
from textback.dashboard.tests.conftest import carlos, fast_passwords  # noqa: F401
from textback.twilio.tests.conftest import calls  # noqa: F401


@pytest.fixture
def signed_in(client, carlos):  # noqa: F811
    client.force_login(carlos)
    return client
