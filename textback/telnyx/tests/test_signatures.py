"""Every Telnyx webhook is checked with Ed25519 over "{telnyx-timestamp}|{raw body}", with the public
key of the account that owns the number it is about, and nothing else; a bad or stale signature
is answered 403 and changes nothing."""

from datetime import timedelta

import pytest

from textback.core import clock
from textback.core.models import Call, Message, PhoneNumber
from textback.telnyx.tests.payloads import (
    DIAL, OTHER_ACCOUNT_KEY, OTHER_API_KEY, SMS, SMS_STATUS, VOICE, event, form, public_key, sign,
)


@pytest.fixture
def own_account_number(telnyx_number):
    """Reyes Plumbing's Telnyx number, under a Telnyx account of its own (not the default one)."""
    PhoneNumber.objects.filter(id=telnyx_number.id).update(account_sid=public_key(OTHER_ACCOUNT_KEY),
                                                           auth_token=OTHER_API_KEY)
    return PhoneNumber.objects.get(id=telnyx_number.id)


def test_it_takes_a_call_signed_by_the_numbers_account(telnyx, telnyx_number, tuesday_morning):
    assert telnyx.form(VOICE, form("voice_incoming_call")).status_code == 200
    assert Call.objects.get().provider == "telnyx"


def test_it_takes_a_text_signed_by_the_numbers_account(telnyx, telnyx_number, tuesday_morning):
    assert telnyx.json(SMS, event("message_received_text")).status_code == 200
    assert Message.objects.filter(direction=Message.IN).count() == 1


def test_it_refuses_a_signature_made_with_another_key(telnyx, telnyx_number, tuesday_morning):
    response = telnyx.form(VOICE, form("voice_incoming_call"), key=OTHER_ACCOUNT_KEY)
    assert response.status_code == 403 and not Call.objects.exists()


def test_it_refuses_the_default_accounts_signature_for_a_number_under_its_own_account(
        telnyx, own_account_number, tuesday_morning):
    assert telnyx.form(VOICE, form("voice_incoming_call")).status_code == 403
    assert telnyx.json(SMS, event("message_received_text")).status_code == 403
    assert not Call.objects.exists() and not Message.objects.exists()


def test_it_takes_a_number_under_its_own_account_signed_by_that_account(telnyx, own_account_number, tuesday_morning):
    assert telnyx.form(VOICE, form("voice_incoming_call"), key=OTHER_ACCOUNT_KEY).status_code == 200
    assert telnyx.json(SMS, event("message_received_text"), key=OTHER_ACCOUNT_KEY).status_code == 200


def test_it_checks_a_callback_with_the_account_of_the_calls_number_whatever_to_says(
        telnyx, own_account_number, tuesday_morning):
    telnyx.form(VOICE, form("voice_incoming_call"), key=OTHER_ACCOUNT_KEY)
    # A dial result naming a number we do not have, signed by the default account: still the call's number's.
    response = telnyx.form(DIAL, form("voice_dial_no_answer", To="+13125550142"))
    assert response.status_code == 403 and Call.objects.get().outcome == Call.PENDING


@pytest.mark.parametrize("age", [timedelta(minutes=5, seconds=1), timedelta(hours=2), -timedelta(minutes=6)])
def test_it_refuses_a_timestamp_more_than_five_minutes_from_now(telnyx, telnyx_number, tuesday_morning, age):
    stale = str(int((clock.now() - age).timestamp()))
    assert telnyx.form(VOICE, form("voice_incoming_call"), timestamp=stale).status_code == 403
    assert not Call.objects.exists()


def test_it_takes_a_timestamp_a_little_behind_our_clock(telnyx, telnyx_number, tuesday_morning):
    recent = str(int((clock.now() - timedelta(minutes=4)).timestamp()))
    assert telnyx.form(VOICE, form("voice_incoming_call"), timestamp=recent).status_code == 200


def test_it_refuses_a_body_changed_after_signing(telnyx, telnyx_number, tuesday_morning):
    signed = b'{"data": {"event_type": "message.received"}}'
    tampered = event("message_received_text")
    response = telnyx.json(SMS, tampered, signed_body=signed)
    assert response.status_code == 403 and not Message.objects.exists()


def test_it_refuses_a_timestamp_changed_after_signing(telnyx, telnyx_number, tuesday_morning):
    body = b"CallSid=v3%3Aabc&From=%2B13125550101&To=%2B13125550100"
    now = int(clock.now().timestamp())
    response = telnyx.post(VOICE, body, "application/x-www-form-urlencoded", timestamp=str(now - 1),
                           signature=sign(OTHER_ACCOUNT_KEY, str(now), body))
    assert response.status_code == 403


@pytest.mark.parametrize("signature", ["", "not base64!", "AAAA", sign(OTHER_ACCOUNT_KEY, "1", b"")])
def test_it_refuses_a_missing_or_malformed_signature(telnyx, telnyx_number, tuesday_morning, signature):
    assert telnyx.form(VOICE, form("voice_incoming_call"), signature=signature).status_code == 403


@pytest.mark.parametrize("timestamp", ["", "soon", "1e9", "-5", "9" * 40, "\u0661\u0667\u0660\u0660"])
def test_it_refuses_a_missing_or_malformed_timestamp(telnyx, telnyx_number, tuesday_morning, timestamp):
    assert telnyx.form(VOICE, form("voice_incoming_call"), timestamp=timestamp).status_code == 403


def test_it_refuses_everything_when_no_public_key_is_configured(telnyx, telnyx_number, tuesday_morning, settings):
    settings.TELNYX_PUBLIC_KEY = ""
    assert telnyx.form(VOICE, form("voice_incoming_call")).status_code == 403
    assert telnyx.json(SMS_STATUS, event("message_sent")).status_code == 403


def test_it_answers_get_with_405(client, telnyx_number):
    assert client.get(VOICE).status_code == 405
