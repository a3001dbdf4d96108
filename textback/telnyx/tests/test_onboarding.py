"""The wizard's number step takes a Telnyx number: the account's public key and an API key, asked of
Telnyx (the API key's account owns the number) before anything is saved, the API key kept encrypted;
the test step shows the Mission Control URLs."""

import pytest

from textback.core.models import PhoneNumber
from textback.dashboard.tests.conftest import carlos, signed_in  # noqa: F401 -- the dashboard's fixtures
from textback.dashboard.tests.test_onboarding import ana, ortiz  # noqa: F401 -- the wizard's fixtures
from textback.telnyx.tests.payloads import OTHER_ACCOUNT_KEY, OTHER_API_KEY, public_key

ORTIZ_NUMBER = "+17735550142"


@pytest.fixture
def ortiz_telnyx(fake_telnyx):
    """Ana's own Telnyx account, which owns the number she bought, (773) 555-0142."""
    return fake_telnyx.add_account(public_key(OTHER_ACCOUNT_KEY), OTHER_API_KEY).add_number(ORTIZ_NUMBER)


def connect(client, business, **fields):
    form = {"number": "(773) 555-0142", "mode": "ring", "account_sid": public_key(OTHER_ACCOUNT_KEY),
            "auth_token": OTHER_API_KEY} | fields
    return client.post(f"/b/{business.id}/start/number", {"action": "telnyx"} | form)


def test_the_number_step_shows_the_mission_control_urls_to_paste(client, ortiz):
    page = client.get(f"/b/{ortiz.id}/start/number").content.decode()
    assert "Connect a Telnyx number" in page
    for path in ("/telnyx/voice", "/telnyx/voice/status", "/telnyx/sms"):
        assert f"<code>https://textback.example.com{path}</code>" in page


def test_connecting_a_telnyx_number_keeps_its_mode_and_account_and_asks_telnyx_first(client, ortiz, ortiz_telnyx):
    response = connect(client, ortiz, mode="forwarded")
    assert response.url == f"/b/{ortiz.id}/start/test"
    number = ortiz.numbers.get()
    assert (number.number, number.provider, number.mode) == (ORTIZ_NUMBER, "telnyx", PhoneNumber.FORWARDED)
    assert (number.account_sid, number.auth_token) == (public_key(OTHER_ACCOUNT_KEY), OTHER_API_KEY)
    [asked] = ortiz_telnyx.requests
    assert asked.path == "/v2/phone_numbers" and asked.query == {"filter[phone_number]": ORTIZ_NUMBER}
    page = client.get(response.url).content.decode()
    assert "Mission Control" in page and "https://textback.example.com/telnyx/voice" in page and OTHER_API_KEY not in page


def test_connecting_a_telnyx_number_refuses_an_api_key_telnyx_does_not_accept(client, ortiz, ortiz_telnyx):
    response = connect(client, ortiz, auth_token="KEY-made-up")
    assert "Telnyx did not accept that API key" in response.content.decode() and not ortiz.numbers.exists()


def test_connecting_a_telnyx_number_refuses_a_number_the_account_does_not_own(client, ortiz, ortiz_telnyx):
    response = connect(client, ortiz, number="(773) 555-0144")
    assert "That number is not in this Telnyx account" in response.content.decode() and not ortiz.numbers.exists()


def test_connecting_a_telnyx_number_refuses_a_public_key_that_is_not_one(client, ortiz, ortiz_telnyx):
    response = connect(client, ortiz, account_sid="MCowBQYDK2VwAyEA")
    assert "44 characters of base64" in response.content.decode() and not ortiz.numbers.exists()
    assert not ortiz_telnyx.requests


def test_connecting_a_telnyx_number_saves_nothing_when_telnyx_cannot_be_reached(client, ortiz, ortiz_telnyx):
    ortiz_telnyx.fail_next(503)
    response = connect(client, ortiz)
    assert "Could not reach Telnyx to check this number" in response.content.decode() and not ortiz.numbers.exists()


def test_a_tenant_cannot_put_a_telnyx_number_on_the_operators_default_account(client, ortiz, ortiz_telnyx):
    response = connect(client, ortiz, account_sid="", auth_token="")
    assert "Enter the public key and an API key of your Telnyx account" in response.content.decode()
    assert not ortiz.numbers.exists() and not ortiz_telnyx.requests


def test_an_operator_can_put_a_number_of_the_default_telnyx_account_on_a_business(client, ortiz, ana, ortiz_telnyx):  # noqa: F811
    ana.is_staff = True
    ana.save()
    response = connect(client, ortiz, account_sid="", auth_token="")
    assert response.url == f"/b/{ortiz.id}/start/test"
    assert (ortiz.numbers.get().account_sid, ortiz.numbers.get().auth_token) == ("", "")


def test_the_numbers_settings_page_shows_a_telnyx_numbers_mission_control_urls(signed_in, reyes, telnyx_number):
    page = signed_in.get(f"/b/{reyes.id}/settings/numbers").content.decode()
    assert "Telnyx setup" in page and "Twilio setup" not in page
    for path in ("/telnyx/voice", "/telnyx/voice/status", "/telnyx/sms"):
        assert f"<code>https://textback.example.com{path}</code>" in page
