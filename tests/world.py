"""The small named world the tests live in (loaded for every test by the root conftest.py).

Reyes Plumbing (owner Carlos, Chicago, open mon-fri 07-18 and sat 08-12) has the Twilio number
+13125550100 that rings Carlos's cell +13125550199. Jen (+13125550101) is a caller with a problem.

`carrier` runs a test once per provider in PROVIDERS (tests/carriers.py): Reyes Plumbing's number
is on that provider, its fake API is running, and the test plays the provider's side through it.
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from twilio.request_validator import RequestValidator

from tests.fakes.signalwire_api import FakeSignalWireAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from textback.core import clock, hours
from textback.core.models import Business, PhoneNumber

ACCOUNT_SID = "AC" + "a1" * 16
AUTH_TOKEN = "b2" * 16
CHICAGO = ZoneInfo("America/Chicago")
JEN = "+13125550101"
REYES_NUMBER = "+13125550100"
CARLOS_CELL = "+13125550199"
# A Twilio subaccount of its own, for a number that is not on the default account.
SUBACCOUNT_SID = "AC" + "c3" * 16
SUBACCOUNT_TOKEN = "d4" * 16
# The default SignalWire project (SIGNALWIRE_*), in the space example.signalwire.com.
SIGNALWIRE_PROJECT = "4f8e2a61-7c3d-4b9e-a5f0-1d2c3b4a5e6f"
SIGNALWIRE_TOKEN = "PT" + "e5" * 24
SIGNALWIRE_SIGNING_KEY = "PSK_" + "f6" * 12

# The providers the parametrised tests run on (`carrier`): one line each, tests/carriers.py.
PROVIDERS = ["twilio", "signalwire"]


@pytest.fixture(autouse=True)
def twilio_account(settings):
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.PUBLIC_URL = "https://textback.example.com"
    settings.ALLOWED_HOSTS = ["*"]
    # Never the real Twilio: a test that forgets the fake_twilio fixture meets a closed local port.
    settings.TWILIO_API_BASE = "http://127.0.0.1:9"
    settings.SIGNALWIRE_SPACE_URL = "https://example.signalwire.com"
    settings.SIGNALWIRE_PROJECT_ID, settings.SIGNALWIRE_API_TOKEN = SIGNALWIRE_PROJECT, SIGNALWIRE_TOKEN
    settings.SIGNALWIRE_SIGNING_KEY = SIGNALWIRE_SIGNING_KEY
    settings.SIGNALWIRE_API_BASE = "http://127.0.0.1:9"
    return settings


@pytest.fixture
def reyes(db):
    business = Business.objects.create(
        name="Reyes Plumbing", trade="plumbing", owner_name="Carlos", owner_cell=CARLOS_CELL,
        timezone="America/Chicago", hours=hours.parse("mon-fri 07:00-18:00; sat 08:00-12:00"),
    )
    PhoneNumber.objects.create(business=business, number=REYES_NUMBER, provider="twilio")
    return business


@pytest.fixture
def reyes_number(reyes):
    return reyes.numbers.get()


@pytest.fixture
def subaccount_number(reyes_number):
    """Reyes Plumbing's Twilio number, kept under its own subaccount."""
    PhoneNumber.objects.filter(id=reyes_number.id).update(account_sid=SUBACCOUNT_SID, auth_token=SUBACCOUNT_TOKEN)
    return PhoneNumber.objects.get(id=reyes_number.id)


@pytest.fixture
def number(reyes_number):
    """Reyes Plumbing's number on the built-in simulator provider (no HTTP to fake)."""
    reyes_number.provider = "simulator"
    reyes_number.save()
    return reyes_number


@pytest.fixture
def later():
    """later(**timedelta) moves the simulated clock forward."""

    def advance(**delta):
        clock.advance_to(clock.now() + timedelta(**delta))
        return clock.now()

    return advance


@pytest.fixture
def forwarded_number(reyes_number):
    reyes_number.mode = PhoneNumber.FORWARDED
    reyes_number.save()
    return reyes_number


@pytest.fixture
def tuesday_morning():
    """Tue 2026-11-24 10:15 in Chicago: Reyes Plumbing is open."""
    when = datetime(2026, 11, 24, 10, 15, tzinfo=CHICAGO)
    with clock.simulated(when):
        yield when


@pytest.fixture
def tuesday_morning_running():
    """Tue 2026-11-24 10:15 in Chicago with time running on from there, for tests that drive a live
    server in a browser (messages minutes apart stay apart): Reyes Plumbing is open for hours."""
    when = datetime(2026, 11, 24, 10, 15, tzinfo=CHICAGO)
    with clock.running_from(when):
        yield when


@pytest.fixture
def tuesday_night():
    """Tue 2026-11-24 21:40 in Chicago: closed."""
    when = datetime(2026, 11, 24, 21, 40, tzinfo=CHICAGO)
    with clock.simulated(when):
        yield when


@pytest.fixture
def fake_twilio(settings):
    api = FakeTwilioAPI(ACCOUNT_SID, AUTH_TOKEN).start()
    settings.TWILIO_API_BASE = api.base_url
    settings.PROVIDER_READ_TIMEOUT = 2.0
    yield api
    api.stop()


@pytest.fixture
def fake_signalwire(settings):
    api = FakeSignalWireAPI(SIGNALWIRE_PROJECT, SIGNALWIRE_TOKEN).start()
    settings.SIGNALWIRE_API_BASE = api.base_url
    settings.PROVIDER_READ_TIMEOUT = 2.0
    yield api
    api.stop()


@pytest.fixture(params=PROVIDERS)
def carrier(request, reyes_number):
    """Reyes Plumbing's number on each provider in turn, its fake API running: a Carrier (tests/carriers.py)."""
    from tests.carriers import CARRIERS

    reyes_number.provider = request.param
    reyes_number.save()
    fake, make = CARRIERS[request.param]
    return make(request.getfixturevalue("client"), request.getfixturevalue(fake))


class TwilioWebhooks:
    """Posts webhooks the way Twilio does: form-encoded, signed over the public URL."""

    def __init__(self, client, token=AUTH_TOKEN):
        self.client, self.token = client, token

    def sign(self, path, params, token=None):
        url = django_settings.PUBLIC_URL + path
        return RequestValidator(token or self.token).compute_signature(url, params)

    def post(self, path, params, signature=None, token=None):
        signature = signature if signature is not None else self.sign(path, params, token)
        return self.client.post(
            path, urlencode(params, doseq=True), content_type="application/x-www-form-urlencoded",
            HTTP_X_TWILIO_SIGNATURE=signature,
        )


@pytest.fixture
def twilio(client):
    return TwilioWebhooks(client)
