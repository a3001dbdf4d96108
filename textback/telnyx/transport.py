"""Telnyx as the core knows it (core/providers.py): texts through its Messaging API v2 (the one
HTTP seam to Telnyx, its base URL from TELNYX_API_BASE, every failure classified by the one table
`errors`), webhooks checked by their Ed25519 signature (signature.py), and calls answered in
TeXML, which is TwiML (twilio/twiml.py, with Telnyx's URLs and its names for a transcript).

A number's Telnyx account is its own when it has one: PhoneNumber.account_sid holds the account's
public key (Mission Control, Keys & Credentials: one per account, not a secret, so it names the
account as an Account SID does), PhoneNumber.auth_token an API key of it (encrypted). Without one,
the default account: TELNYX_PUBLIC_KEY and TELNYX_API_KEY."""

import re
from datetime import datetime, timedelta, timezone

import requests
from django.conf import settings

from textback.core.providers import (
    CREDENTIALS, NOT_MOBILE, OPTED_OUT, RETRY, PermanentError, Provider, Session, TransientError, never_connected, timeouts,
)
from textback.telnyx import signature
from textback.twilio import twiml

session = Session()


class Telnyx(twiml.Answers, Provider):
    name, label = "telnyx", "Telnyx"
    throttled = True  # a US long code carries about one segment a second
    can_look_up = True
    # Telnyx's error codes (the API's errors[].code, and a finalized message's) that say more than "failed".
    errors = {
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
    signature_header = "telnyx-signature-ed25519"
    # TeXML's call ids ("v3:9X2v...-aiQ") and message ids (UUIDs): what fits our 64-character columns.
    sid = re.compile(r"[A-Za-z0-9][A-Za-z0-9:_.\-]{0,63}")
    # Record's transcript attributes in TeXML (developers.telnyx.com, TeXML verbs, Record).
    transcribe = {"transcription": True, "transcription_callback": "voice/transcription"}
    credential_names = "the public key and an API key"  # as Mission Control names them
    wrong_credentials = "Telnyx did not accept that API key."
    not_in_account = "That number is not in this Telnyx account: enter a number it owns (Numbers, My Numbers)."

    # -- accounts ----------------------------------------------------------------------------------
    def account(self, number):
        """(public key, API key) of the account that owns the number: its own, or the default
        account's when it has none (and for None, a number we do not have). Either may be empty."""
        if number is not None and number.account_sid:
            return number.account_sid, number.auth_token
        return settings.TELNYX_PUBLIC_KEY, settings.TELNYX_API_KEY

    def api_key(self, number):
        key = self.account(number)[1]
        if not key:
            raise PermanentError("", "no Telnyx API key: set TELNYX_API_KEY, or give the number its account's")
        return key

    def credentials_hint(self):
        return "check TELNYX_API_KEY, or the API key set on this phone number"

    def ask(self, path, key, params=None):
        """GET /v2/{path} with this API key; TransientError when Telnyx cannot be reached."""
        try:
            return session.get(f"{settings.TELNYX_API_BASE}/v2/{path}", params=params, headers=headers(key),
                               timeout=timeouts())
        except requests.RequestException as e:
            raise TransientError("", f"Telnyx unreachable: {type(e).__name__}") from None

    def owned_number(self, phone_number, key):
        """Telnyx's record of the number in the API key's account (GET /v2/phone_numbers), or None
        when the account does not have it. PermanentError for a refused key, TransientError when
        Telnyx cannot answer now."""
        response = self.ask("phone_numbers", key, {"filter[phone_number]": phone_number})
        if response.status_code != 200:
            raise self.failure(response)
        try:
            records = response.json()["data"]
        except (ValueError, KeyError, TypeError):
            raise TransientError("", "Telnyx answered phone_numbers without data") from None
        return next((r for r in records or () if isinstance(r, dict) and r.get("phone_number") == phone_number), None)

    def verify_number(self, phone_number, public_key, api_key, space_url=""):
        """Whether the account of this API key owns the number, asked of Telnyx when someone enters
        them: None when it does, else (the field at fault, what is wrong in the words of whoever
        typed it). TransientError when Telnyx cannot be reached or cannot answer now. (The public
        key cannot be asked of Telnyx: the first signed webhook proves it.)"""
        try:
            found = self.owned_number(phone_number, api_key)
        except PermanentError:
            return "auth_token", self.wrong_credentials
        return None if found else ("number", self.not_in_account)

    # -- outbound ----------------------------------------------------------------------------------
    def send(self, message, number):
        request = {
            "from": number.number,
            "to": message.to_number,
            "text": message.body,
            # Names our message, so a status that arrives before we saved Telnyx's id still finds it.
            "webhook_url": f"{settings.PUBLIC_URL}/{self.name}/sms/status?message={message.id}",
            "use_profile_webhooks": False,
        }
        try:
            response = session.post(f"{settings.TELNYX_API_BASE}/v2/messages", json=request,
                                    headers=headers(self.api_key(number)), timeout=timeouts())
        except requests.RequestException as e:
            # Only a connection that was never made proves the text did not go (the outbox looks it up).
            raise TransientError("", f"Telnyx unreachable: {type(e).__name__}",
                                 maybe_sent=not never_connected(e)) from None
        if response.status_code in (200, 201, 202):
            try:
                return response.json()["data"]["id"]
            except (ValueError, KeyError, TypeError):
                raise TransientError("", f"Telnyx answered {response.status_code} without a message id") from None
        raise self.failure(response)

    def failure(self, response):
        """The core's error for an answer that is not a success: its first errors[] code, read by `classify`."""
        try:
            code, text = first_error(response.json())
        except ValueError:
            code, text = "", ""
        return self.classify(code, text or f"HTTP {response.status_code}", response.status_code, retry_after(response))

    def find_sent(self, message, number):
        """The ids of messages like `message` that Telnyx accepted (a request that timed out),
        newest first: the messaging detail records from our number to the recipient created since
        the first attempt (they hold no text, so any one textback does not know already is taken
        for it). TransientError when Telnyx cannot answer."""
        since = (message.first_attempt_at or message.created_at).astimezone(timezone.utc) - timedelta(minutes=2)
        params = {
            "filter[record_type]": "messaging", "filter[direction]": "outbound", "filter[cld]": message.to_number,
            "filter[cli]": number.number, "filter[created_at][gte]": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sort": "-created_at", "page[size]": 50,
        }
        try:
            response = session.get(f"{settings.TELNYX_API_BASE}/v2/detail_records", params=params,
                                   headers=headers(self.api_key(number)), timeout=timeouts())
        except requests.RequestException as e:
            raise TransientError("", f"Telnyx unreachable while checking an earlier attempt: {type(e).__name__}",
                                 maybe_sent=True) from None
        if response.status_code != 200:
            error = self.failure(response)
            raise TransientError(error.code, f"checking an earlier attempt: {error.text}", maybe_sent=True)
        try:
            records = response.json().get("data") or []
        except (ValueError, AttributeError):
            raise TransientError("", "checking an earlier attempt: Telnyx's answer is not JSON",
                                 maybe_sent=True) from None
        return [r["uuid"] for r in records if isinstance(r, dict) and r.get("uuid") and created_since(r, since)]

    # -- inbound -----------------------------------------------------------------------------------
    def verify(self, request, number):
        """Signed with the public key of the account that owns `number` (None: the default account's),
        over the raw body, its timestamp fresh."""
        return signature.valid(self.account(number)[0], request.headers.get("telnyx-timestamp", "").strip(),
                               request.headers.get(self.signature_header, "").strip(), request.body)

    def webhooks(self):
        from textback.telnyx import wiring

        return wiring.wires()

    # -- operations --------------------------------------------------------------------------------
    def check(self, number, ask):
        from textback.telnyx import wiring

        public_key, api_key = self.account(number)
        if not api_key or not public_key:
            return "FAIL", ("no Telnyx credentials: set TELNYX_API_KEY and TELNYX_PUBLIC_KEY, "
                            "or give the number its account's API key and public key")
        if not ask:
            return "ok", "Telnyx credentials set"
        found = wiring.problems(number)
        return ("FAIL" if found else "ok"), "Telnyx: " + "; ".join(found or [f"all webhooks point to {settings.PUBLIC_URL}"])


def headers(key):
    return {"Authorization": f"Bearer {key}", "Accept": "application/json"}


def first_error(body):
    """(code, words) of the first of Telnyx's {"errors": [{"code", "title", "detail"}]}."""
    try:
        error = body["errors"][0]
        words = " ".join(w for w in (error.get("title"), error.get("detail")) if isinstance(w, str) and w)
        return str(error.get("code") or ""), words
    except (KeyError, IndexError, TypeError, AttributeError):
        return "", ""


def retry_after(response):
    """What a 429 asks: Retry-After, else x-ratelimit-reset (seconds until the window resets)."""
    for name in ("Retry-After", "x-ratelimit-reset"):
        try:
            return min(float(response.headers.get(name, "")), 300.0)
        except ValueError:
            continue
    return None


def created_since(record, since):
    try:
        return datetime.fromisoformat(record["created_at"].replace("Z", "+00:00")) >= since
    except (KeyError, AttributeError, ValueError, TypeError):
        return True  # a record the filter returned: it is from then


provider = Telnyx()
