"""Voicemail playback: Twilio's recording URLs need the account's credentials, so the dashboard
fetches the recording (from TWILIO_API_BASE, here the fake Twilio API) when the owner presses
play, and streams it as audio/mpeg. Only for the signed-in user's own business's calls."""

import pytest

from tests.world import ACCOUNT_SID, AUTH_TOKEN
from textback.core.models import Call, PhoneNumber
from textback.twilio.tests.payloads import DIAL, PARENT, RECORDING, VOICE, payload

RECORDING_SID = payload("voice_recording_status")["RecordingSid"]
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40  # not music, but bytes like it


@pytest.fixture
def voicemail(twilio, reyes_number, tuesday_morning):
    """Jen's missed call to Reyes Plumbing with her voicemail, through Twilio's real webhooks."""
    for path, name in ((VOICE, "voice_incoming_call"), (DIAL, "voice_dial_no_answer"), (RECORDING, "voice_recording_status")):
        assert twilio.post(path, payload(name)).status_code == 200
    return Call.objects.get(provider="twilio", provider_call_id=PARENT)


@pytest.fixture
def recording(fake_twilio):
    fake_twilio.recordings[RECORDING_SID] = MP3
    return fake_twilio


def url_of(business, call):
    return f"/b/{business.id}/calls/{call.id}/voicemail.mp3"


def test_it_streams_the_voicemail_as_mp3_fetched_with_the_account_credentials(recording, voicemail, carlos, client, reyes):
    client.force_login(carlos)
    response = client.get(url_of(reyes, voicemail))
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert b"".join(response.streaming_content) == MP3
    assert response["Content-Length"] == str(len(MP3))
    [request] = recording.requests
    assert request.method == "GET"
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{RECORDING_SID}.mp3"


def test_it_fetches_nothing_from_twilio_inside_the_webhooks(recording, voicemail):
    assert voicemail.recording_url.endswith(RECORDING_SID)
    assert recording.requests == []


def test_the_calls_page_and_the_thread_play_it_through_the_dashboard(recording, voicemail, signed_in, reyes):
    page = signed_in.get(f"/b/{reyes.id}/calls/?show=voicemail").content.decode()
    assert f'src="{url_of(reyes, voicemail)}"' in page and "api.twilio.com" not in page
    thread = signed_in.get(f"/b/{reyes.id}/c/{voicemail.conversation_id}/").content.decode()
    assert f'src="{url_of(reyes, voicemail)}"' in thread
    assert "media-src 'self';" in signed_in.get(f"/b/{reyes.id}/calls/")["Content-Security-Policy"]


def test_it_uses_the_credentials_kept_on_a_subaccount_number(recording, voicemail, carlos, client, reyes, settings):
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "AC" + "0" * 32, "0" * 32  # the wrong account
    PhoneNumber.objects.filter(id=voicemail.phone_number_id).update(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    client.force_login(carlos)
    response = client.get(url_of(reyes, voicemail))
    assert response.status_code == 200 and b"".join(response.streaming_content) == MP3


def test_it_answers_404_when_twilio_no_longer_has_the_recording(fake_twilio, voicemail, signed_in, reyes):
    assert signed_in.get(url_of(reyes, voicemail)).status_code == 404


def test_it_answers_502_when_twilio_fails_or_refuses_the_credentials(recording, voicemail, signed_in, reyes, settings):
    recording.fail_next(503)
    assert signed_in.get(url_of(reyes, voicemail)).status_code == 502
    settings.TWILIO_AUTH_TOKEN = "0" * 32
    assert signed_in.get(url_of(reyes, voicemail)).status_code == 502


def test_it_answers_404_for_a_call_without_a_recording(recording, voicemail, signed_in, reyes):
    Call.objects.filter(id=voicemail.id).update(recording_url="")
    assert signed_in.get(url_of(reyes, voicemail)).status_code == 404
    assert recording.requests == []


def test_it_answers_404_for_another_business_call(recording, voicemail, client, reyes, dana, bright):
    client.force_login(dana)  # Bright Roofing's owner, with Reyes Plumbing's call id
    for business in (bright, reyes):
        response = client.get(url_of(business, voicemail))
        assert response.status_code == 404
        assert not getattr(response, "streaming", False)
    assert recording.requests == []


def test_it_asks_a_visitor_to_sign_in(recording, voicemail, client, reyes):
    response = client.get(url_of(reyes, voicemail))
    assert response.status_code == 302 and response.url.startswith("/sign-in")
    assert recording.requests == []
