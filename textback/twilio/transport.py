"""Sending texts through Twilio's REST API: the one HTTP seam to Twilio, its base URL from
TWILIO_API_BASE, every failure classified here as permanent or transient."""

import re

import requests
from django.conf import settings

from textback.core.providers import PermanentError, TransientError

# Twilio error codes that say the recipient can never get our texts.
OPTED_OUT_CODES = {"21610"}
NOT_MOBILE_CODES = {"21614", "30006"}
RETRYABLE_CODES = {"20429", "30003", "30008"}

# A US long code carries about one segment a second: the outbox's send-rate limits apply.
THROTTLED = True

session = requests.Session()


def credentials(number):
    sid = number.account_sid or settings.TWILIO_ACCOUNT_SID
    token = number.auth_token or settings.TWILIO_AUTH_TOKEN
    if not sid or not token:
        raise PermanentError("", "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
    return sid, token


def send(message, number):
    sid, token = credentials(number)
    form = {
        "To": message.to_number,
        "From": number.number,
        "Body": message.body,
        # Names our message, so a status that arrives before we saved the sid still finds it.
        "StatusCallback": f"{settings.PUBLIC_URL}/twilio/sms/status?message={message.id}",
    }
    try:
        response = session.post(
            f"{settings.TWILIO_API_BASE}/2010-04-01/Accounts/{sid}/Messages.json",
            data=form, auth=(sid, token),
            timeout=(settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT),
        )
    except requests.RequestException as e:
        raise TransientError("", f"Twilio unreachable: {type(e).__name__}") from None
    if response.status_code in (200, 201):
        try:
            return response.json()["sid"]
        except (ValueError, KeyError):
            raise TransientError("", f"Twilio answered {response.status_code} without a message sid") from None
    raise classify(response)


def classify(response):
    try:
        body = response.json()
        code, text = str(body.get("code") or ""), body.get("message") or response.reason
    except ValueError:
        code, text = "", f"HTTP {response.status_code}"
    if response.status_code == 401 or code == "20003":
        return PermanentError(
            code or "401", f"Twilio refused the credentials ({text}): check TWILIO_ACCOUNT_SID and "
            "TWILIO_AUTH_TOKEN, or the account SID and auth token set on this phone number",
        )
    if response.status_code == 429 or code in RETRYABLE_CODES:
        return TransientError(code or "429", text, retry_after=retry_after(response))
    if response.status_code >= 500:
        return TransientError(code or str(response.status_code), text)
    if code in OPTED_OUT_CODES:
        return PermanentError(code, text, recipient=PermanentError.OPTED_OUT)
    if code in NOT_MOBILE_CODES:
        return PermanentError(code, text, recipient=PermanentError.NOT_MOBILE)
    return PermanentError(code or str(response.status_code), text)


def retry_after(response):
    try:
        return min(float(response.headers.get("Retry-After", "")), 300.0)
    except ValueError:
        return None


# Twilio's RecordingUrl: https://api.twilio.com/2010-04-01/Accounts/AC.../Recordings/RE...
RECORDING_URL = re.compile(r"/Accounts/(?P<account>AC[0-9a-fA-F]{32})/Recordings/(?P<recording>RE[0-9a-fA-F]{32})")


def open_recording(number, recording_url, range_header=None):
    """A streaming GET of a voicemail recording as MP3, with the number's credentials, from
    TWILIO_API_BASE (never from whatever host the stored URL names). None when the URL is not a
    Twilio recording's; a requests.Response otherwise (the caller closes it); RequestException
    when Twilio cannot be reached."""
    found = RECORDING_URL.search(recording_url or "")
    if found is None:
        return None
    sid, token = credentials(number)
    url = f"{settings.TWILIO_API_BASE}/2010-04-01/Accounts/{found['account']}/Recordings/{found['recording']}.mp3"
    return session.get(
        url, auth=(sid, token), stream=True, headers={"Range": range_header} if range_header else {},
        timeout=(settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT),
    )
