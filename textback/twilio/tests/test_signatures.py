"""X-Twilio-Signature: checked on every webhook against the public URL, with the token of the
account that owns the number, over every parameter Twilio sent."""

from urllib.parse import urlencode

import pytest
from django.utils.datastructures import MultiValueDict

from tests.world import REYES_NUMBER
from textback.core.models import Call, Message, PhoneNumber
from textback.twilio.tests.payloads import DIAL, SMS, SMS_STATUS, STATUS, VOICE, payload

SUBACCOUNT_SID = "AC" + "c3" * 16
SUBACCOUNT_TOKEN = "d4" * 16
ALL_WEBHOOKS = [
    (VOICE, "voice_incoming_call"), (DIAL, "voice_dial_no_answer"), (STATUS, "voice_status_completed"),
    (SMS, "sms_incoming_text"), (SMS_STATUS, "sms_status_delivered"),
]


def test_it_accepts_a_correctly_signed_webhook(twilio, reyes_number):
    assert twilio.post(VOICE, payload("voice_incoming_call")).status_code == 200
    assert Call.objects.count() == 1


@pytest.mark.parametrize("path,name", ALL_WEBHOOKS)
def test_it_rejects_every_webhook_signed_with_the_wrong_token(twilio, reyes_number, path, name):
    response = twilio.post(path, payload(name), token="e5" * 16)
    assert response.status_code == 403
    assert not Call.objects.exists() and not Message.objects.exists()


def test_it_rejects_a_webhook_without_a_signature(twilio, reyes_number):
    response = twilio.client.post(
        VOICE, urlencode(payload("voice_incoming_call")), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 403
    assert not Call.objects.exists()


def test_it_rejects_a_signature_over_other_parameters(twilio, reyes_number):
    params = payload("sms_incoming_text")
    signature = twilio.sign(SMS, {**params, "Body": "something else"})
    assert twilio.post(SMS, params, signature=signature).status_code == 403
    assert not Message.objects.exists()


def test_it_accepts_a_number_of_a_subaccount_signed_with_the_subaccounts_token(twilio, reyes_number):
    PhoneNumber.objects.filter(id=reyes_number.id).update(account_sid=SUBACCOUNT_SID, auth_token=SUBACCOUNT_TOKEN)
    params = payload("voice_incoming_call", AccountSid=SUBACCOUNT_SID)
    assert twilio.post(VOICE, params, token=SUBACCOUNT_TOKEN).status_code == 200
    assert Call.objects.count() == 1


def test_it_rejects_a_subaccount_webhook_signed_with_another_subaccounts_token(twilio, reyes_number):
    PhoneNumber.objects.filter(id=reyes_number.id).update(account_sid=SUBACCOUNT_SID, auth_token=SUBACCOUNT_TOKEN)
    params = payload("voice_incoming_call", AccountSid=SUBACCOUNT_SID)
    assert twilio.post(VOICE, params, token="f6" * 16).status_code == 403


def test_it_validates_over_parameters_twilio_adds_without_notice(twilio, reyes_number):
    params = payload("sms_incoming_text", ChannelPrefix="sms", SomeFutureField="a value, with commas & =signs")
    assert twilio.post(SMS, params).status_code == 200
    assert Message.objects.get().body == params["Body"]


def test_it_validates_repeated_parameters(twilio, reyes_number):
    params = {**payload("sms_incoming_text"), "SomeFutureList": ["b", "a"]}
    signature = twilio.sign(SMS, MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in params.items()}))
    assert twilio.post(SMS, params, signature=signature).status_code == 200


def test_it_rebuilds_the_url_from_the_public_url_behind_a_proxy(twilio, reyes_number):
    params = payload("voice_incoming_call")
    response = twilio.client.post(
        VOICE, urlencode(params), content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=twilio.sign(VOICE, params),
        HTTP_HOST="10.0.3.7:8000", HTTP_X_FORWARDED_FOR="54.172.60.1", HTTP_X_FORWARDED_PROTO="https",
    )
    assert response.status_code == 200
    assert Call.objects.count() == 1


def test_it_checks_the_signature_over_the_query_string_too(twilio, reyes_number):
    params = payload("voice_incoming_call")
    path = f"{VOICE}?business=reyes"
    assert twilio.post(path, params).status_code == 200
    assert twilio.post(path, params, signature=twilio.sign(VOICE, params)).status_code == 403


def test_it_rejects_a_signature_for_another_public_url(twilio, reyes_number, settings):
    params = payload("voice_incoming_call")
    signature = twilio.sign(VOICE, params)
    settings.PUBLIC_URL = "https://other.example.com"
    assert twilio.post(VOICE, params, signature=signature).status_code == 403


def test_it_still_answers_for_a_number_it_does_not_know(twilio, reyes_number):
    response = twilio.post(VOICE, payload("voice_incoming_call", To="+13125550177", Called="+13125550177"))
    assert response.status_code == 200 and "<Hangup" in response.content.decode()
    assert not Call.objects.exists()
    assert REYES_NUMBER != "+13125550177"


def test_it_validates_under_a_path_prefix_the_server_passes_as_script_name(twilio, reyes_number, settings):
    settings.PUBLIC_URL = "https://example.com/textback"
    params = payload("voice_incoming_call")
    response = twilio.client.post(
        VOICE, urlencode(params), content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=twilio.sign(VOICE, params), SCRIPT_NAME="/textback",
    )
    assert response.status_code == 200
    assert "https://example.com/textback/twilio/voice/dial" in response.content.decode()
