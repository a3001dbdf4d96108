"""Twilio as the core knows it (core/providers.py): sending texts through its REST API (the one HTTP
seam, its base URL from TWILIO_API_BASE, every failure classified by the one table `errors`),
checking its webhooks' signatures, and the TwiML its webhooks answer with.

SignalWire speaks the same wire format (cXML, the same REST paths under /api/laml): its provider
(textback/signalwire) is this class with its own names, credentials, signature header and codes.
"""

import re
from datetime import timedelta, timezone
from email.utils import parsedate_to_datetime

import requests
from django.conf import settings
from twilio.request_validator import RequestValidator

from textback.core.providers import (
    CREDENTIALS, NOT_MOBILE, OPTED_OUT, RETRY, PermanentError, Provider, Session, TransientError, never_connected, timeouts,
)
from textback.twilio import twiml

session = Session()


class Twilio(twiml.Answers, Provider):
    name, label = "twilio", "Twilio"
    throttled = True  # a US long code carries about one segment a second
    can_look_up = True
    # Twilio's error codes that say more than "failed" (www.twilio.com/docs/api/errors).
    errors = {
        "20003": CREDENTIALS,
        "20429": RETRY, "30003": RETRY, "30008": RETRY,
        "21610": OPTED_OUT,
        "21614": NOT_MOBILE, "30006": NOT_MOBILE,
    }
    signature_header = "X-Twilio-Signature"
    # CA..., SM..., MM...: two letters and 32 hex digits at Twilio; what fits our columns is accepted.
    sid = re.compile(r"[A-Za-z]{2}[A-Za-z0-9]{1,62}")
    # Twilio's RecordingUrl: https://api.twilio.com/2010-04-01/Accounts/AC.../Recordings/RE...
    recording_url = re.compile(r"/Accounts/(?P<account>AC[0-9a-fA-F]{32})/Recordings/(?P<recording>RE[0-9a-fA-F]{32})")
    api_path = "/2010-04-01"  # the REST API's root under the base URL
    credential_names = "the Account SID and auth token"  # as the console names them

    # -- accounts ----------------------------------------------------------------------------------
    def account(self, number):
        """(SID, auth token) of the account that owns the number: its own credentials, or the
        default account's when it has none (and for None, a number we do not have). Either may be empty."""
        if number is not None and number.account_sid:
            return number.account_sid, number.auth_token
        return settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN

    def signing_key(self, number):
        """The key the account signs its webhooks with: at Twilio, its auth token."""
        return self.account(number)[1]

    def api_base(self, number):
        return settings.TWILIO_API_BASE

    def missing_credentials(self):
        return "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"

    def credentials_hint(self):
        return "check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or the account SID and auth token set on this phone number"

    def credentials(self, number):
        sid, token = self.account(number)
        if not sid or not token:
            raise PermanentError("", self.missing_credentials())
        return sid, token

    def accounts_url(self, number, sid):
        return f"{self.api_base(number)}{self.api_path}/Accounts/{sid}"

    # -- outbound ----------------------------------------------------------------------------------
    def send(self, message, number):
        sid, token = self.credentials(number)
        form = {
            "To": message.to_number,
            "From": number.number,
            "Body": message.body,
            # Names our message, so a status that arrives before we saved the sid still finds it.
            "StatusCallback": f"{settings.PUBLIC_URL}/{self.name}/sms/status?message={message.id}",
        }
        try:
            response = session.post(f"{self.accounts_url(number, sid)}/Messages.json", data=form, auth=(sid, token),
                                    timeout=timeouts())
        except requests.RequestException as e:
            # Only a connection that was never made proves the text did not go; after a read
            # timeout or a dropped connection the provider may have accepted it (the outbox looks it up).
            raise TransientError("", f"{self.label} unreachable: {type(e).__name__}",
                                 maybe_sent=not never_connected(e)) from None
        if response.status_code in (200, 201):
            try:
                return response.json()["sid"]
            except (ValueError, KeyError):
                raise TransientError("", f"{self.label} answered {response.status_code} without a message sid") from None
        raise self.failure(response)

    def find_sent(self, message, number):
        """GET Messages.json?To=&From=&DateSent>= (the day of the first attempt, UTC), matched on
        the body, among messages created since the first attempt."""
        sid, token = self.credentials(number)
        since = (message.first_attempt_at or message.created_at).astimezone(timezone.utc)
        try:
            response = session.get(
                f"{self.accounts_url(number, sid)}/Messages.json",
                params={"To": message.to_number, "From": number.number, "DateSent>": since.date().isoformat(), "PageSize": 50},
                auth=(sid, token), timeout=timeouts(),
            )
        except requests.RequestException as e:
            raise TransientError("", f"{self.label} unreachable while checking an earlier attempt: {type(e).__name__}",
                                 maybe_sent=True) from None
        if response.status_code != 200:
            error = self.failure(response)
            raise TransientError(error.code, f"checking an earlier attempt: {error.text}", maybe_sent=True)
        try:
            found = response.json().get("messages") or []
        except ValueError:
            raise TransientError("", f"checking an earlier attempt: {self.label}'s answer is not JSON",
                                 maybe_sent=True) from None
        sids = []
        for item in found:
            created = parsedate_to_datetime(item["date_created"]) if item.get("date_created") else None
            if item.get("body") == message.body and item.get("sid") and (
                created is None or created >= since - timedelta(minutes=2)
            ):
                sids.append(item["sid"])
        return sids

    def failure(self, response):
        """The core's error for a failed answer: its JSON {"code", "message"} read by `classify`."""
        try:
            body = response.json()
            code, text = str(body.get("code") or ""), body.get("message") or response.reason
        except (ValueError, AttributeError):
            code, text = "", f"HTTP {response.status_code}"
        return self.classify(code, text, response.status_code, retry_after(response))

    def open_recording(self, number, recording_url, range_header=None):
        """The recording as MP3 from the API base (never from whatever host the stored URL names)."""
        found = self.recording_url.search(recording_url or "")
        if found is None:
            return None
        sid, token = self.credentials(number)
        url = f"{self.accounts_url(number, found['account'])}/Recordings/{found['recording']}.mp3"
        return session.get(url, auth=(sid, token), stream=True, headers={"Range": range_header} if range_header else {},
                           timeout=timeouts())

    # -- the account's numbers (onboarding, `textback check`, `textback twilio connect`) ------------
    def verify_number(self, phone_number, sid, token, space_url=""):
        """Whether the account with these credentials owns this number, asked when someone enters
        them: GET the account, then its IncomingPhoneNumbers filtered by the number. None when it
        does, else (the field at fault, what is wrong in the words of whoever typed it).
        TransientError when the provider cannot be reached or cannot answer now."""
        base = f"{self.api_base_for(space_url)}{self.api_path}/Accounts/{sid}"
        fetched = ask(self, f"{base}.json", sid, token)
        if fetched.status_code in (401, 403, 404):
            return "auth_token", self.wrong_credentials
        status = account_field(self, fetched, "status")
        if status != "active":
            return "account_sid", f"This {self.label} account is {status}: it cannot send texts."
        listing = ask(self, f"{base}/IncomingPhoneNumbers.json", sid, token, {"PhoneNumber": phone_number})
        owned = account_field(self, listing, "incoming_phone_numbers")
        if not any(isinstance(item, dict) and item.get("phone_number") == phone_number for item in owned or ()):
            return "number", self.not_in_account
        return None

    wrong_credentials = "Twilio did not accept that Account SID and auth token."
    not_in_account = "That number is not in this Twilio account: enter a number it owns (Phone Numbers, Active numbers)."

    def api_base_for(self, space_url):
        return settings.TWILIO_API_BASE

    def incoming_number(self, number):
        """The provider's IncomingPhoneNumber record of this number (its webhooks as configured
        there), or None when the account does not have it. PermanentError for refused
        credentials, TransientError when the provider cannot answer now."""
        sid, token = self.credentials(number)
        response = ask(self, f"{self.accounts_url(number, sid)}/IncomingPhoneNumbers.json", sid, token,
                       {"PhoneNumber": number.number})
        if response.status_code != 200:
            raise self.failure(response)
        found = account_field(self, response, "incoming_phone_numbers") or []
        return next((r for r in found if isinstance(r, dict) and r.get("phone_number") == number.number), None)

    def configure_incoming_number(self, number, record, fields):
        """POST the fields (VoiceUrl=..., SmsUrl=...) to the number's IncomingPhoneNumber; the
        updated record back. Errors classified like a send's."""
        sid, token = self.credentials(number)
        try:
            response = session.post(f"{self.accounts_url(number, sid)}/IncomingPhoneNumbers/{record['sid']}.json",
                                    data=fields, auth=(sid, token), timeout=timeouts())
        except requests.RequestException as e:
            raise TransientError("", f"{self.label} unreachable: {type(e).__name__}") from None
        if response.status_code != 200:
            raise self.failure(response)
        try:
            return response.json()
        except ValueError:
            raise TransientError("", f"{self.label}'s answer is not JSON") from None

    # -- inbound -----------------------------------------------------------------------------------
    def verify(self, request, number):
        """Signed by the account that owns `number`. Twilio always posts the AccountSid; a body
        that is not a form has none, and its signature alone decides (it is then answered 400 for
        what it lacks)."""
        sid, key = self.account(number)[0], self.signing_key(number)
        signature = request.headers.get(self.signature_header, "")
        # The URL the provider called, rebuilt from the public URL: behind a proxy the Host we see
        # differs, and a path prefix is already in the public URL (the server may pass it as SCRIPT_NAME).
        url = settings.PUBLIC_URL + request.get_full_path_info()
        return (
            bool(signature and sid and key)
            and request.POST.get("AccountSid", sid) == sid
            and RequestValidator(key).validate(url, request.POST, signature)
        )

    def webhooks(self):
        from textback.twilio import wiring

        return [(wire.label, wire.expected) for wire in wiring.wires(self)]

    # -- operations --------------------------------------------------------------------------------
    def check(self, number, ask):
        from textback.twilio import wiring

        sid, token = self.account(number)
        if not sid or not token:
            return "FAIL", ("no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, "
                            "or give the number its subaccount's")
        if not ask:
            return "ok", "Twilio credentials set"
        report = wiring.check(number)
        if report.ok:
            return "ok", f"Twilio: {report.lines[0]}"
        fix = f" (`textback twilio connect --number {number.number}` sets them)" if report.record else ""
        return "FAIL", "Twilio: " + "; ".join(report.lines) + fix


def ask(provider, url, sid, token, params=None):
    try:
        return session.get(url, params=params, auth=(sid, token), timeout=timeouts())
    except requests.RequestException as e:
        raise TransientError("", f"{provider.label} unreachable: {type(e).__name__}") from None


def account_field(provider, response, name):
    """A field of a 200 JSON answer; TransientError for any other answer (5xx, 429, not JSON):
    the provider could not tell us now."""
    try:
        if response.status_code == 200:
            return response.json()[name]
    except (ValueError, KeyError, TypeError):
        pass
    raise TransientError(str(response.status_code), f"{provider.label} answered HTTP {response.status_code} without {name!r}")


def retry_after(response):
    try:
        return min(float(response.headers.get("Retry-After", "")), 300.0)
    except ValueError:
        return None


provider = Twilio()
