"""Sending texts through Twilio's REST API: the one HTTP seam to Twilio, its base URL from
TWILIO_API_BASE, every failure classified here as permanent or transient."""

import re
from datetime import timedelta, timezone
from email.utils import parsedate_to_datetime

import requests
import urllib3
from django.conf import settings

from textback.core.providers import PermanentError, TransientError

# Twilio error codes that say the recipient can never get our texts.
OPTED_OUT_CODES = {"21610"}
NOT_MOBILE_CODES = {"21614", "30006"}
RETRYABLE_CODES = {"20429", "30003", "30008"}

# A US long code carries about one segment a second: the outbox's send-rate limits apply.
THROTTLED = True

session = requests.Session()


def account(number):
    """(SID, auth token) of the Twilio account that owns the number: its own credentials, or the
    default account's when it has none (and for None, a number we do not have). Either may be empty."""
    if number is not None and number.account_sid:
        return number.account_sid, number.auth_token
    return settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN


def credentials(number):
    sid, token = account(number)
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
        # Only a connection that was never made proves the text did not go; after a read
        # timeout or a dropped connection Twilio may have accepted it (the outbox looks it up).
        raise TransientError("", f"Twilio unreachable: {type(e).__name__}", maybe_sent=not never_connected(e)) from None
    if response.status_code in (200, 201):
        try:
            return response.json()["sid"]
        except (ValueError, KeyError):
            raise TransientError("", f"Twilio answered {response.status_code} without a message sid") from None
    raise classify(response)


WRONG_CREDENTIALS = "Twilio did not accept that Account SID and auth token."
NOT_IN_ACCOUNT = "That number is not in this Twilio account: enter a number it owns (Phone Numbers, Active numbers)."


def verify_number(phone_number, sid, token):
    """Whether the account with these credentials owns this number, asked of Twilio when someone
    enters them: GET the account, then its IncomingPhoneNumbers filtered by the number. None when
    it does, else (the PhoneNumber field at fault, what is wrong in the words of whoever typed it).
    TransientError when Twilio cannot be reached or cannot answer now."""
    base = f"{settings.TWILIO_API_BASE}/2010-04-01/Accounts/{sid}"
    fetched = ask(f"{base}.json", sid, token)
    if fetched.status_code in (401, 403, 404):
        return "auth_token", WRONG_CREDENTIALS
    status = account_field(fetched, "status")
    if status != "active":
        return "account_sid", f"This Twilio account is {status}: it cannot send texts."
    listing = ask(f"{base}/IncomingPhoneNumbers.json", sid, token, {"PhoneNumber": phone_number})
    owned = account_field(listing, "incoming_phone_numbers")
    if not any(isinstance(item, dict) and item.get("phone_number") == phone_number for item in owned or ()):
        return "number", NOT_IN_ACCOUNT
    return None


def incoming_number(number):
    """Twilio's IncomingPhoneNumber record of this number (its webhooks as configured there), or None
    when the account does not have it. PermanentError for refused credentials, TransientError when
    Twilio cannot answer now."""
    sid, token = credentials(number)
    response = ask(f"{settings.TWILIO_API_BASE}/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json", sid, token,
                   {"PhoneNumber": number.number})
    if response.status_code != 200:
        raise classify(response)
    found = account_field(response, "incoming_phone_numbers") or []
    return next((r for r in found if isinstance(r, dict) and r.get("phone_number") == number.number), None)


def configure_incoming_number(number, record, fields):
    """POST the fields (VoiceUrl=..., SmsUrl=...) to the number's IncomingPhoneNumber; Twilio's
    updated record back. Errors classified like a send's."""
    sid, token = credentials(number)
    try:
        response = session.post(
            f"{settings.TWILIO_API_BASE}/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{record['sid']}.json",
            data=fields, auth=(sid, token), timeout=(settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT),
        )
    except requests.RequestException as e:
        raise TransientError("", f"Twilio unreachable: {type(e).__name__}") from None
    if response.status_code != 200:
        raise classify(response)
    try:
        return response.json()
    except ValueError:
        raise TransientError("", "Twilio's answer is not JSON") from None


def ask(url, sid, token, params=None):
    try:
        return session.get(url, params=params, auth=(sid, token),
                           timeout=(settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT))
    except requests.RequestException as e:
        raise TransientError("", f"Twilio unreachable: {type(e).__name__}") from None


def account_field(response, name):
    """A field of Twilio's 200 JSON answer; TransientError for any other answer (5xx, 429, not
    JSON): Twilio could not tell us now."""
    try:
        if response.status_code == 200:
            return response.json()[name]
    except (ValueError, KeyError, TypeError):
        pass
    raise TransientError(str(response.status_code), f"Twilio answered HTTP {response.status_code} without {name!r}")


def never_connected(error):
    """Whether the request certainly never reached Twilio (refused, DNS, connect timeout)."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    if isinstance(error, requests.ConnectionError) and not isinstance(error, requests.ReadTimeout):
        reason = error.args[0] if error.args else None
        reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
        return isinstance(reason, urllib3.exceptions.NewConnectionError)
    return False


def find_sent(message, number):
    """The sids of messages like `message` that Twilio accepted (a request that timed out), newest first:
    GET Messages.json?To=&From=&DateSent>= (the day of the first attempt, UTC), matched on the body,
    among messages created since the first attempt. TransientError when Twilio cannot answer."""
    sid, token = credentials(number)
    since = (message.first_attempt_at or message.created_at).astimezone(timezone.utc)
    try:
        response = session.get(
            f"{settings.TWILIO_API_BASE}/2010-04-01/Accounts/{sid}/Messages.json",
            params={"To": message.to_number, "From": number.number, "DateSent>": since.date().isoformat(), "PageSize": 50},
            auth=(sid, token), timeout=(settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT),
        )
    except requests.RequestException as e:
        raise TransientError("", f"Twilio unreachable while checking an earlier attempt: {type(e).__name__}",
                             maybe_sent=True) from None
    if response.status_code != 200:
        error = classify(response)
        raise TransientError(error.code, f"checking an earlier attempt: {error.text}", maybe_sent=True)
    try:
        found = response.json().get("messages") or []
    except ValueError:
        raise TransientError("", "checking an earlier attempt: Twilio's answer is not JSON", maybe_sent=True) from None
    sids = []
    for item in found:
        created = parsedate_to_datetime(item["date_created"]) if item.get("date_created") else None
        if item.get("body") == message.body and item.get("sid") and (
            created is None or created >= since - timedelta(minutes=2)
        ):
            sids.append(item["sid"])
    return sids


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
