"""Sending texts through Telnyx's Messaging API v2: the one HTTP seam to Telnyx, its base URL from
TELNYX_API_BASE, every failure classified here, in one table, as permanent or transient.

A number's Telnyx account is its own credentials when it has them (PhoneNumber.auth_token holds the
account's API key, encrypted; PhoneNumber.account_sid the account's public key, which is not a
secret), else the default account's (TELNYX_API_KEY, TELNYX_PUBLIC_KEY)."""

from datetime import datetime, timedelta, timezone

import requests
from django.conf import settings

from textback.core.providers import PermanentError, TransientError
from textback.twilio.transport import never_connected

# Telnyx error codes (the API's `errors[].code`, and a finalized message's): what each says.
OPTED_OUT, NOT_MOBILE, RETRY, CREDENTIALS = "opted out", "not mobile", "retry", "credentials"
ERRORS = {
    "40300": OPTED_OUT,  # Blocked due to STOP message: the recipient texted STOP to this number
    "40001": NOT_MOBILE,  # Not routable: a landline or a number that cannot take texts
    "40012": NOT_MOBILE,  # Invalid destination number (the carrier refused it)
    "10002": NOT_MOBILE,  # Invalid phone number
    "10011": RETRY,  # Too many requests
    "40011": RETRY,  # Rate limit exceeded upstream (the carrier's throughput)
    "10007": RETRY,  # Unexpected error (Telnyx's own, temporary)
    "10008": RETRY,  # Request timeout
    "10009": CREDENTIALS,  # Authentication failed
    "10010": CREDENTIALS,  # Authorization failed
}

# A US long code carries about one segment a second: the outbox's send-rate limits apply.
THROTTLED = True

session = requests.Session()


def account(number):
    """(API key, public key) of the Telnyx account that owns the number: its own, or the default
    account's when it has none (and for None, a number we do not have). Either may be empty."""
    if number is not None and number.auth_token:
        return number.auth_token, number.account_sid
    return settings.TELNYX_API_KEY, settings.TELNYX_PUBLIC_KEY


def api_key(number):
    key, _ = account(number)
    if not key:
        raise PermanentError("", "no Telnyx API key: set TELNYX_API_KEY, or give the number its account's")
    return key


def headers(number=None, key=None):
    return {"Authorization": f"Bearer {key or api_key(number)}", "Accept": "application/json"}


def ask(path, key, params=None):
    """GET /v2/{path} with this API key; TransientError when Telnyx cannot be reached."""
    try:
        return session.get(f"{settings.TELNYX_API_BASE}/v2/{path}", params=params, headers=headers(key=key),
                           timeout=timeouts())
    except requests.RequestException as e:
        raise TransientError("", f"Telnyx unreachable: {type(e).__name__}") from None


def owned_number(phone_number, key):
    """Telnyx's record of the number in the API key's account (GET /v2/phone_numbers), or None when
    the account does not have it. PermanentError for a refused key, TransientError when Telnyx
    cannot answer now."""
    response = ask("phone_numbers", key, {"filter[phone_number]": phone_number})
    if response.status_code != 200:
        raise classify(response)
    try:
        records = response.json()["data"]
    except (ValueError, KeyError, TypeError):
        raise TransientError("", "Telnyx answered phone_numbers without data") from None
    return next((r for r in records or () if isinstance(r, dict) and r.get("phone_number") == phone_number), None)


WRONG_KEY = "Telnyx did not accept that API key."
NOT_IN_ACCOUNT = "That number is not in this Telnyx account: enter a number it owns (Numbers, My Numbers)."


def verify_number(phone_number, key):
    """Whether the account of this API key owns the number, asked of Telnyx when someone enters
    them: None when it does, else (the field at fault, what is wrong in the words of whoever typed
    it). TransientError when Telnyx cannot be reached or cannot answer now."""
    try:
        found = owned_number(phone_number, key)
    except PermanentError:
        return "auth_token", WRONG_KEY
    return None if found else ("number", NOT_IN_ACCOUNT)


def timeouts():
    return settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT


def send(message, number):
    request = {
        "from": number.number,
        "to": message.to_number,
        "text": message.body,
        # Names our message, so a status that arrives before we saved Telnyx's id still finds it.
        "webhook_url": f"{settings.PUBLIC_URL}/telnyx/sms/status?message={message.id}",
        "use_profile_webhooks": False,
    }
    try:
        response = session.post(f"{settings.TELNYX_API_BASE}/v2/messages", json=request, headers=headers(number),
                                timeout=timeouts())
    except requests.RequestException as e:
        # Only a connection that was never made proves the text did not go (the outbox looks it up).
        raise TransientError("", f"Telnyx unreachable: {type(e).__name__}", maybe_sent=not never_connected(e)) from None
    if response.status_code in (200, 201, 202):
        try:
            return response.json()["data"]["id"]
        except (ValueError, KeyError, TypeError):
            raise TransientError("", f"Telnyx answered {response.status_code} without a message id") from None
    raise classify(response)


def first_error(body):
    """(code, words) of the first of Telnyx's {"errors": [{"code", "title", "detail"}]}."""
    try:
        error = body["errors"][0]
        words = " ".join(w for w in (error.get("title"), error.get("detail")) if isinstance(w, str) and w)
        return str(error.get("code") or ""), words
    except (KeyError, IndexError, TypeError, AttributeError):
        return "", ""


def classify(response):
    """The one table: an answer that is not a success, as the error the outbox acts on."""
    try:
        code, text = first_error(response.json())
    except ValueError:
        code, text = "", ""
    text = text or f"HTTP {response.status_code}"
    meaning = ERRORS.get(code)
    if response.status_code in (401, 403) and meaning != OPTED_OUT or meaning == CREDENTIALS:
        return PermanentError(code or str(response.status_code), f"Telnyx refused the API key ({text}): check "
                              "TELNYX_API_KEY, or the API key set on this phone number")
    if response.status_code == 429 or meaning == RETRY:
        return TransientError(code or "429", text, retry_after=retry_after(response))
    if response.status_code >= 500:
        return TransientError(code or str(response.status_code), text)
    return permanent(code or str(response.status_code), text)


def permanent(code, text):
    recipient = {OPTED_OUT: PermanentError.OPTED_OUT, NOT_MOBILE: PermanentError.NOT_MOBILE}.get(ERRORS.get(code))
    return PermanentError(code, text, recipient=recipient)


def retry_after(response):
    """What a 429 asks: Retry-After, else x-ratelimit-reset (seconds until the window resets)."""
    for name in ("Retry-After", "x-ratelimit-reset"):
        try:
            return min(float(response.headers.get(name, "")), 300.0)
        except ValueError:
            continue
    return None


def find_sent(message, number):
    """The ids of messages like `message` that Telnyx accepted (a request that timed out), newest
    first: the messaging detail records from our number to the recipient created since the first
    attempt (they hold no text, so any one textback does not know already is taken for it).
    TransientError when Telnyx cannot answer."""
    since = (message.first_attempt_at or message.created_at).astimezone(timezone.utc) - timedelta(minutes=2)
    params = {
        "filter[record_type]": "messaging", "filter[direction]": "outbound", "filter[cld]": message.to_number,
        "filter[cli]": number.number, "filter[created_at][gte]": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sort": "-created_at", "page[size]": 50,
    }
    try:
        response = session.get(f"{settings.TELNYX_API_BASE}/v2/detail_records", params=params,
                               headers=headers(number), timeout=timeouts())
    except requests.RequestException as e:
        raise TransientError("", f"Telnyx unreachable while checking an earlier attempt: {type(e).__name__}",
                             maybe_sent=True) from None
    if response.status_code != 200:
        error = classify(response)
        raise TransientError(error.code, f"checking an earlier attempt: {error.text}", maybe_sent=True)
    try:
        records = response.json().get("data") or []
    except (ValueError, AttributeError):
        raise TransientError("", "checking an earlier attempt: Telnyx's answer is not JSON", maybe_sent=True) from None
    return [r["uuid"] for r in records if isinstance(r, dict) and r.get("uuid") and created_since(r, since)]


def created_since(record, since):
    try:
        return datetime.fromisoformat(record["created_at"].replace("Z", "+00:00")) >= since
    except (KeyError, AttributeError, ValueError, TypeError):
        return True  # a record the filter returned: it is from then
