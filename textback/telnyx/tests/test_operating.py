"""Running a Telnyx number: `textback business create --provider telnyx`, and `textback check` on its
credentials and its wiring at Telnyx (the number's TeXML application and messaging profile)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.world import REYES_NUMBER
from textback.core import businesses, checks
from textback.core.models import Business
from textback.telnyx.tests.payloads import OTHER_ACCOUNT_KEY, OTHER_API_KEY, public_key

WIRED = {"voice_url": "https://textback.example.com/telnyx/voice",
         "status_callback": "https://textback.example.com/telnyx/voice/status",
         "webhook_url": "https://textback.example.com/telnyx/sms"}


def test_business_create_puts_the_number_on_telnyx(db):
    out = StringIO()
    call_command("business", "create", "--name", "Ortiz Electric", "--number", "+17735550142",
                 "--owner-cell", "+17735550143", "--provider", "telnyx", "--mode", "forwarded", stdout=out)
    number = Business.objects.get(id=int(out.getvalue().split()[-1])).numbers.get()
    assert (number.provider, number.mode, number.account_sid, number.auth_token) == ("telnyx", "forwarded", "", "")


def test_a_number_can_keep_its_own_telnyx_account_with_the_api_key_encrypted(reyes):
    number = businesses.add_number(reyes, "+17735550142", provider="telnyx", account_sid=public_key(OTHER_ACCOUNT_KEY),
                                   auth_token=OTHER_API_KEY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT auth_token FROM core_phonenumber WHERE id = %s", [number.id])
        stored = cursor.fetchone()[0]
    assert stored != OTHER_API_KEY and number.auth_token == OTHER_API_KEY


@pytest.mark.parametrize("public,api_key,field", [("not a key", OTHER_API_KEY, "account_sid"),
                                                  (public_key(OTHER_ACCOUNT_KEY), "", "auth_token")])
def test_a_numbers_own_telnyx_account_needs_a_real_public_key_and_its_api_key(reyes, public, api_key, field):
    with pytest.raises(businesses.Invalid) as refused:
        businesses.add_number(reyes, "+17735550142", provider="telnyx", account_sid=public, auth_token=api_key)
    assert refused.value.field == field


def test_check_fails_a_telnyx_number_without_credentials_and_passes_it_with_them(telnyx_number, settings):
    settings.TELNYX_PUBLIC_KEY = ""
    [result] = checks.numbers(ask_providers=False)
    assert result.status == checks.FAIL and "TELNYX_PUBLIC_KEY" in result.detail
    settings.TELNYX_PUBLIC_KEY = public_key(OTHER_ACCOUNT_KEY)
    [result] = checks.numbers(ask_providers=False)
    assert result.status == checks.OK and result.detail == "Telnyx credentials set"


def test_check_passes_a_telnyx_number_wired_to_this_install(telnyx_number, fake_telnyx):
    fake_telnyx.add_number(REYES_NUMBER, **WIRED)
    [result] = checks.numbers()
    assert result.status == checks.OK and result.detail == "Telnyx: all webhooks point to https://textback.example.com"


def test_check_says_which_telnyx_setting_points_elsewhere(telnyx_number, fake_telnyx):
    fake_telnyx.add_number(REYES_NUMBER, **WIRED | {"voice_url": "https://old.example.com/voice", "webhook_url": ""})
    [result] = checks.numbers()
    assert result.status == checks.FAIL
    assert ("TeXML application's Webhook URL is https://old.example.com/voice, not "
            "https://textback.example.com/telnyx/voice") in result.detail
    assert "messaging profile's webhook URL is not set" in result.detail


def test_check_fails_a_number_that_is_not_in_the_telnyx_account(telnyx_number, fake_telnyx):
    [result] = checks.numbers()
    assert result.status == checks.FAIL and "is not in this Telnyx account" in result.detail


def test_check_fails_a_refused_telnyx_api_key_naming_the_setting(telnyx_number, fake_telnyx, settings):
    settings.TELNYX_API_KEY = "KEY-revoked"
    [result] = checks.numbers()
    assert result.status == checks.FAIL and "TELNYX_API_KEY" in result.detail
