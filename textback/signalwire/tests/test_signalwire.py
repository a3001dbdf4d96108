"""What is SignalWire's own, beside the tests every provider runs (tests/test_missed_call_flow.py
and the others on `carrier`): X-SignalWire-Signature keyed with the signing key of the project
that owns the number, the Compatibility REST API under /api/laml, its error codes."""

from datetime import timedelta

import pytest

from tests import carriers
from tests.world import JEN, REYES_NUMBER, SIGNALWIRE_PROJECT
from textback.core import checks, clock, jobs
from textback.core.models import Business, Call, Contact, Message, PhoneNumber
from textback.signalwire.transport import provider

OWN_PROJECT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
OWN_TOKEN, OWN_KEY = "PT" + "0a" * 24, "PSK_" + "1b" * 12


@pytest.fixture
def signalwire(client, reyes_number, fake_signalwire):
    """Reyes Plumbing's number on SignalWire's default project; SignalWire's side of the test."""
    PhoneNumber.objects.filter(id=reyes_number.id).update(provider="signalwire")
    return carriers.signalwire(client, fake_signalwire)


@pytest.fixture
def own_project(reyes_number, fake_signalwire):
    """Reyes Plumbing's number in a SignalWire project of its own (not the default project)."""
    PhoneNumber.objects.filter(id=reyes_number.id).update(
        provider="signalwire", account_sid=OWN_PROJECT, auth_token=OWN_TOKEN, signing_key=OWN_KEY,
        space_url="https://reyes.signalwire.com",
    )
    fake_signalwire.add_account(OWN_PROJECT, OWN_TOKEN)
    return PhoneNumber.objects.get(id=reyes_number.id)


def test_it_sends_through_the_compatibility_api_with_the_projects_basic_auth(signalwire, tuesday_morning):
    signalwire.ring()
    signalwire.dial("no_answer")
    jobs.run_ready()
    [request] = signalwire.api.requests
    assert request.path == f"/api/laml/2010-04-01/Accounts/{SIGNALWIRE_PROJECT}/Messages.json"
    assert request.form["StatusCallback"].startswith("https://textback.example.com/signalwire/sms/status?message=")
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert message.status == Message.SENT and message.provider_message_id == signalwire.api.sent()[0]["sid"]


def test_a_twilio_signature_header_is_not_a_signalwire_signature(signalwire):
    params = signalwire.payload("voice_incoming_call")
    response = signalwire.client.post("/signalwire/voice", params, HTTP_X_TWILIO_SIGNATURE=signalwire.sign("voice", params))
    assert response.status_code == 403 and not Call.objects.exists()


def test_a_number_in_its_own_project_is_checked_with_that_projects_signing_key(signalwire, own_project, tuesday_morning):
    params = signalwire.payload("voice_incoming_call", AccountSid=OWN_PROJECT)
    assert signalwire.post("voice", params).status_code == 403  # the default project's key
    assert signalwire.post("voice", params, key=OWN_TOKEN).status_code == 403  # its API token is not its key
    assert signalwire.post("voice", params, key=OWN_KEY).status_code == 200
    signalwire.post("voice/dial", signalwire.payload("voice_dial_no_answer", AccountSid=OWN_PROJECT), key=OWN_KEY)
    jobs.run_ready()
    [sent] = signalwire.api.sent()  # the fake takes it only with that project's ID and API token
    assert sent["account_sid"] == OWN_PROJECT


def test_a_webhook_naming_another_project_is_refused(signalwire, tuesday_morning):
    params = signalwire.payload("voice_incoming_call", AccountSid=OWN_PROJECT)
    assert signalwire.post("voice", params).status_code == 403


def test_a_projects_new_signing_key_is_the_only_one_from_the_next_webhook_on(signalwire, own_project):
    params = signalwire.payload("voice_incoming_call", AccountSid=OWN_PROJECT)
    assert signalwire.post("voice", params, key=OWN_KEY).status_code == 200  # the number is cached now
    PhoneNumber.objects.filter(id=own_project.id).update(signing_key="PSK_" + "2c" * 12)
    again = {**params, "CallSid": signalwire.call_id(2)}
    assert signalwire.post("voice", again, key=OWN_KEY).status_code == 403
    assert signalwire.post("voice", again, key="PSK_" + "2c" * 12).status_code == 200


# Nguyen Roofing, another business on the same textback, has its number in a SignalWire project of its
# own. That project's key signs nothing about Reyes Plumbing's calls and texts, whatever number it names.
TENANT_NUMBER = "+17735550142"


@pytest.fixture
def tenant(reyes_number, fake_signalwire):
    business = Business.objects.create(name="Nguyen Roofing", owner_cell="+17735550199")
    return PhoneNumber.objects.create(
        business=business, number=TENANT_NUMBER, provider="signalwire", account_sid=OWN_PROJECT,
        auth_token=OWN_TOKEN, signing_key=OWN_KEY, space_url="https://nguyen.signalwire.com",
    )


def as_tenant(signalwire, path, name, **fields):
    params = signalwire.payload(name, **{"AccountSid": OWN_PROJECT, "CallSid": signalwire.call_id(1), "To": TENANT_NUMBER,
                                         "Called": TENANT_NUMBER, **fields})
    return signalwire.post(path, params, key=OWN_KEY)


def test_a_dial_result_about_another_projects_call_is_refused(signalwire, tenant, tuesday_morning):
    signalwire.ring()  # Reyes Plumbing's call, on the default project
    assert as_tenant(signalwire, "voice/dial", "voice_dial_no_answer").status_code == 403
    assert Call.objects.get().outcome == Call.PENDING and not Message.objects.exists()


@pytest.mark.parametrize("decided", [False, True])
def test_a_final_status_about_another_projects_call_is_refused(signalwire, tenant, tuesday_morning, decided):
    signalwire.ring()
    if decided:
        signalwire.dial("no_answer")
    assert as_tenant(signalwire, "voice/status", "voice_status_completed").status_code == 403
    call = Call.objects.get()
    assert call.ended_at is None and call.outcome == (Call.MISSED if decided else Call.PENDING)


def test_a_status_callback_about_another_projects_text_is_refused(signalwire, tenant, tuesday_morning):
    signalwire.ring()
    signalwire.dial("no_answer")
    jobs.run_ready()
    text = Message.objects.get(kind=Message.TEXTBACK)
    response = as_tenant(signalwire, f"sms/status?message={text.id}", "sms_status_failed_21610",
                         MessageSid=text.provider_message_id, From=TENANT_NUMBER, To=JEN)
    assert response.status_code == 403
    text.refresh_from_db()
    assert text.status == Message.SENT and not Contact.objects.get(number=JEN).opted_out_at


@pytest.mark.parametrize("code", [21611, 30022, 20429])
def test_its_busy_codes_are_retried(signalwire, tuesday_morning, code):
    signalwire.api.fail_next(400 if code != 20429 else 429, code=code)
    signalwire.ring()
    signalwire.dial("no_answer")
    jobs.run_ready()
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert message.status == Message.QUEUED and message.error_code == str(code)
    clock.advance_to(jobs.next_run_after() + timedelta(seconds=1))
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.SENT and len(signalwire.api.sent()) == 1


def test_an_invalid_number_fails_for_good(signalwire, tuesday_morning):
    signalwire.api.fail_next(400, code=21217)
    signalwire.ring()
    signalwire.dial("no_answer")
    jobs.run_ready()
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert message.status == Message.FAILED and message.error_code == "21217" and jobs.next_run_after() is None


def test_a_call_id_that_is_not_a_uuid_is_refused_as_malformed(signalwire):
    response = signalwire.post("voice", signalwire.payload("voice_incoming_call", CallSid="CA" + "1" * 32))
    assert response.status_code == 400 and b"CallSid" in response.content


def test_check_names_what_the_default_project_lacks(signalwire, reyes_number, settings):
    settings.SIGNALWIRE_SIGNING_KEY = ""
    [result] = checks.numbers(ask_providers=False)
    assert result.status == checks.FAIL and "SIGNALWIRE_SIGNING_KEY" in result.detail


def test_check_asks_signalwire_whether_the_number_points_here(signalwire, reyes_number):
    signalwire.api.add_incoming_number(SIGNALWIRE_PROJECT, REYES_NUMBER, voice_url="https://textback.example.com/signalwire/voice",
                                       status_callback="https://textback.example.com/signalwire/voice/status",
                                       sms_url="https://textback.example.com/signalwire/sms")
    [result] = checks.numbers()
    assert result.status == checks.OK and "SignalWire" in result.detail
    signalwire.api.add_incoming_number(SIGNALWIRE_PROJECT, REYES_NUMBER, sms_url="https://elsewhere.example.com/sms")
    [result] = checks.numbers()
    assert result.status == checks.FAIL and '"When a message comes in" points to https://elsewhere' in result.detail


def test_a_voicemail_is_fetched_from_the_api_base_with_the_projects_credentials(signalwire, reyes_number):
    recording = "6e5d4c3b-2a19-4f08-9e7d-6c5b4a392817"
    signalwire.api.recordings[recording] = b"ID3 a voicemail"
    url = f"https://example.signalwire.com/api/laml/2010-04-01/Accounts/{SIGNALWIRE_PROJECT}/Recordings/{recording}"
    response = provider.open_recording(PhoneNumber.objects.get(id=reyes_number.id), url)
    assert response.status_code == 200 and response.content == b"ID3 a voicemail"
    assert provider.open_recording(reyes_number, "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1") is None
