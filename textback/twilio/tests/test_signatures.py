"""X-Twilio-Signature: checked on every webhook against the public URL, with the token of the
account that owns the number, over every parameter Twilio sent."""

from urllib.parse import urlencode

import pytest
from django.utils.datastructures import MultiValueDict

from tests.world import CARLOS_CELL, JEN, REYES_NUMBER, SUBACCOUNT_SID, SUBACCOUNT_TOKEN
from textback.core import jobs
from textback.core.models import Business, Call, Contact, Conversation, Message, PhoneNumber
from textback.twilio.tests.payloads import (
    DIAL, RECORDING, SCREEN, SCREEN_RESULT, SMS, SMS_STATUS, STATUS, TRANSCRIPTION, VOICE, payload,
)

VOICEMAIL = "/twilio/voice/voicemail"

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


# -- only the account that owns the number signs for it (issue 11) ------------------------------
#
# Nguyen Roofing, another tenant of the same textback, added its own number under its own (made-up)
# Twilio account in the sign-up wizard. Its token must sign nothing for Reyes Plumbing's number.

TENANT_SID = "AC" + "7e" * 16
TENANT_TOKEN = "8f" * 16
TENANT_NUMBER = "+17735550142"


@pytest.fixture
def tenant(reyes_number):
    business = Business.objects.create(name="Nguyen Roofing", owner_cell="+17735550199")
    return PhoneNumber.objects.create(
        business=business, number=TENANT_NUMBER, provider="twilio", account_sid=TENANT_SID, auth_token=TENANT_TOKEN,
    )


def as_tenant(name, **fields):
    return payload(name, AccountSid=TENANT_SID, **fields)


def test_a_tenants_token_does_not_sign_a_missed_call_to_another_businesss_number(twilio, tenant):
    response = twilio.post(VOICE, as_tenant("voice_incoming_call"), token=TENANT_TOKEN)
    assert response.status_code == 403
    assert not Call.objects.exists()


def test_a_tenants_token_does_not_sign_an_owner_reply_to_another_businesss_lead(twilio, tenant):
    twilio.post(SMS, payload("sms_incoming_text"))  # Jen texts Reyes Plumbing: a real lead
    forged = as_tenant("sms_incoming_text", MessageSid="SM" + "9" * 32, From=CARLOS_CELL,
                       Body=f"#{Conversation.objects.get().id} call me at http://evil.example")
    assert twilio.post(SMS, forged, token=TENANT_TOKEN).status_code == 403
    assert not Message.objects.filter(direction=Message.OUT).exists()
    assert Message.objects.count() == 1


def test_a_tenants_token_with_the_default_account_sid_is_refused_too(twilio, tenant):
    assert twilio.post(VOICE, payload("voice_incoming_call"), token=TENANT_TOKEN).status_code == 403


@pytest.mark.parametrize("path,name", [
    (DIAL, "voice_dial_no_answer"), (STATUS, "voice_status_completed"), (SCREEN, "voice_screen_request"),
    (SCREEN_RESULT, "voice_screen_gather_result"), (RECORDING, "voice_recording_status"),
    (TRANSCRIPTION, "voice_transcription"), (VOICEMAIL, "voice_recording_status"),
])
def test_a_callback_about_another_businesss_call_is_checked_with_that_calls_account(twilio, tenant, path, name):
    twilio.post(VOICE, payload("voice_incoming_call"))  # Reyes Plumbing's call, on the default account
    # The tenant names its own number in To; the CallSid is Reyes Plumbing's call.
    response = twilio.post(path, as_tenant(name, To=TENANT_NUMBER, Called=TENANT_NUMBER), token=TENANT_TOKEN)
    assert response.status_code == 403
    call = Call.objects.get()
    assert call.outcome == Call.PENDING and not call.screening_accepted and not call.recording_url


def test_a_status_callback_about_another_businesss_text_is_checked_with_that_texts_account(twilio, tenant, fake_twilio, tuesday_morning):
    twilio.post(VOICE, payload("voice_incoming_call"))
    twilio.post(DIAL, payload("voice_dial_no_answer"))
    jobs.run_ready()
    text = Message.objects.get(kind=Message.TEXTBACK)
    forged = as_tenant("sms_status_failed_21610", MessageSid=text.provider_message_id, From=TENANT_NUMBER)
    assert twilio.post(f"{SMS_STATUS}?message={text.id}", forged, token=TENANT_TOKEN).status_code == 403
    text.refresh_from_db()
    assert text.status == Message.SENT and not Contact.objects.get(number=JEN).opted_out_at


def test_a_number_with_its_own_account_does_not_accept_the_default_accounts_token(twilio, tenant):
    params = payload("voice_incoming_call", To=TENANT_NUMBER, Called=TENANT_NUMBER)
    assert twilio.post(VOICE, params).status_code == 403
    assert twilio.post(VOICE, {**params, "AccountSid": TENANT_SID}).status_code == 403
    assert twilio.post(VOICE, {**params, "AccountSid": TENANT_SID}, token=TENANT_TOKEN).status_code == 200


def test_the_posted_account_sid_must_be_the_numbers_account(twilio, tenant):
    params = payload("voice_incoming_call", To=TENANT_NUMBER, Called=TENANT_NUMBER)  # AccountSid: the default
    assert twilio.post(VOICE, params, token=TENANT_TOKEN).status_code == 403
    assert not Call.objects.exists()


def test_a_request_for_a_number_it_does_not_know_is_not_verifiable_with_a_tenants_token(twilio, tenant):
    params = as_tenant("voice_incoming_call", To="+13125550177", Called="+13125550177")
    assert twilio.post(VOICE, params, token=TENANT_TOKEN).status_code == 403


def test_a_number_on_the_default_account_is_refused_when_no_default_account_is_set(twilio, reyes_number, settings):
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = ""
    assert twilio.post(VOICE, payload("voice_incoming_call")).status_code == 403
