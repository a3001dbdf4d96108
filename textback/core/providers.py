"""The one interface between the core and a phone provider (healthchecks' Transport is the model).

Each provider folder (textback/twilio, textback/signalwire, textback/telnyx, textback/simulator)
defines a `Provider` subclass, and settings.PROVIDERS, the one list of providers, names its instance. The
outbox, the dashboard, onboarding, `textback check` and `business create --provider` know a
provider only through `get(name)` and the methods below.

Inbound: the provider's webhooks (its `urls`, mounted at /{name}/). Each resolves the number the
event is about, checks the request with that number's account (`verify`: 403 when it fails, 400
when the request is malformed), translates the event into the core's functions (calls.started,
calls.screening_result, calls.dial_ended, calls.ended, calls.voicemail; incoming.received; a
delivery report through `classify` and outbox.recipient_refused) and answers with one of the
call responses (`ring_owner`, `screen`, `voicemail`, `hangup`, `empty`) at once: no provider
request happens inside a webhook.

Outbound, in a worker, through the provider's one HTTP seam (its base URL a setting):
`send` raises PermanentError or TransientError, built by `classify` from the provider's one table
of error codes (`errors`); the outbox alone retries. `find_sent` is the look-up after an unknown
outcome (`can_look_up`); `throttled` says whether the outbox's send-rate limits apply;
`open_recording` fetches a voicemail for the dashboard.

Accounts: `account` names the credentials that own a number; `verify_number` asks the provider
whether they own it (the onboarding wizard); `webhooks` are the URLs its console needs (the
dashboard's setup steps); `check` is its line in `textback check`.
"""

from functools import cache
from urllib.parse import urlsplit

import requests
import urllib3
from django.conf import settings
from django.utils.module_loading import import_string

# What one of a provider's error codes means, beyond "this message failed": its table `errors`.
RETRY = "retry"  # busy or unreachable for now: the same request may succeed later
OPTED_OUT = "opted_out"  # the recipient opted out (STOP): never text them again until START
NOT_MOBILE = "not_mobile"  # a landline or not a mobile number: it can never take texts
CREDENTIALS = "credentials"  # the account's credentials were refused


class SendError(Exception):
    def __init__(self, code, text):
        super().__init__(f"{code}: {text}" if code else text)
        self.code, self.text = str(code or ""), text


class PermanentError(SendError):
    """Sending again will not help (opted out, landline, invalid number, bad credentials)."""

    # What the failure says about the recipient, so the core can stop texting them.
    OPTED_OUT, NOT_MOBILE = OPTED_OUT, NOT_MOBILE

    def __init__(self, code, text, recipient=None):
        super().__init__(code, text)
        self.recipient = recipient


class TransientError(SendError):
    """The provider is down, slow or busy: the same request may succeed later."""

    def __init__(self, code, text, retry_after=None, maybe_sent=False):
        super().__init__(code, text)
        self.retry_after = retry_after
        # The request may have reached the provider (no answer in time, the connection dropped
        # after it was sent): the text may be on its way, so it is looked up before any resend.
        self.maybe_sent = maybe_sent


class Provider:
    """What the core asks of a phone provider. A subclass sets the attributes and implements
    `send` and `check`; the rest has a default that says "this provider cannot"."""

    name = ""  # as stored on PhoneNumber.provider, Call.provider and Message.provider
    label = ""  # as people read it: "Twilio"
    # A carrier behind it (about one segment a second per long code): the send-rate limits apply.
    throttled = True
    # find_sent is implemented: after an unknown outcome the provider is asked before a resend.
    can_look_up = False
    # code -> RETRY, OPTED_OUT, NOT_MOBILE or CREDENTIALS: every error code the provider documents
    # that says more than "this message failed", in this one table (sends and delivery reports).
    errors: dict = {}

    # -- outbound --------------------------------------------------------------------------------
    def send(self, message, number):
        """Send `message` from `number` (a PhoneNumber): the provider's message id. Raises
        PermanentError or TransientError (maybe_sent=True when the request may have reached it)."""
        raise NotImplementedError

    def find_sent(self, message, number):
        """The provider's ids of messages like `message` it accepted since its first attempt (an
        attempt whose outcome is unknown), newest first. TransientError when it cannot answer."""
        return []

    def open_recording(self, number, recording_url, range_header=None):
        """A streaming GET of a voicemail recording (a requests.Response, the caller closes it),
        with the number's credentials; None when the URL is not one of this provider's."""
        return None

    def classify(self, code, text, http_status=None, retry_after=None):
        """The core's error for one of the provider's error codes (or HTTP statuses): `errors`
        read in this one place, for a failed send and for a delivery report alike."""
        code = str(code or "")
        meaning = self.errors.get(code)
        if http_status == 401 or meaning == CREDENTIALS:
            return PermanentError(code or "401", f"{self.label} refused the credentials ({text}): "
                                                 f"{self.credentials_hint()}")
        if http_status == 429 or meaning == RETRY:
            return TransientError(code or "429", text, retry_after=retry_after)
        if http_status is not None and http_status >= 500:
            return TransientError(code or str(http_status), text)
        if meaning in (OPTED_OUT, NOT_MOBILE):
            return PermanentError(code, text, recipient=meaning)
        return PermanentError(code or str(http_status or ""), text)

    def credentials_hint(self):
        """Where the credentials come from, for an operator who reads that they were refused."""
        return "check the provider's credentials"

    # -- calls: what the provider is told to do, as a webhook's response ---------------------------
    def ring_owner(self, business, caller):
        """Ring mode: ring the owner's cell, screened, so its own voicemail never counts as an answer."""
        raise NotImplementedError

    def screen(self, business, caller):
        """Played to the owner before bridging: a question a voicemail box cannot answer."""
        raise NotImplementedError

    def voicemail(self, business):
        """Forwarded mode, and a missed call: the greeting, then a recording."""
        raise NotImplementedError

    def hangup(self):
        raise NotImplementedError

    def empty(self):
        """The answer to an event handled or deliberately ignored, so the provider does not retry."""
        raise NotImplementedError

    # -- inbound -----------------------------------------------------------------------------------
    def verify(self, request, number):
        """Whether the webhook `request` is signed by the account that owns `number` (None: a
        number we do not have, which only the default account may sign for)."""
        raise NotImplementedError

    # -- accounts (onboarding, `textback check`) ---------------------------------------------------
    def account(self, number):
        """(account id, secret) of the account that owns `number`: its own, or, when it has none
        (and for None), the install's default account from the settings. Either may be empty."""
        return "", ""

    def verify_number(self, phone_number, account_sid, auth_token, space_url=""):
        """Asked of the provider when someone enters a number and its account's credentials
        (`space_url`: SignalWire's space): None when that account owns the number, else (the form
        field at fault, what is wrong in words). TransientError when the provider cannot answer."""
        raise NotImplementedError

    def webhooks(self):
        """(where in the provider's console, the URL to set there) of each webhook a number needs,
        for the setup steps the dashboard shows; none for a provider without webhooks."""
        return []

    # -- operations --------------------------------------------------------------------------------
    def check(self, number, ask):
        """(status, detail) for `textback check`: status "ok", "warn" or "FAIL" (core/checks.py).
        `ask`: ask the provider (credentials valid, webhooks pointing here), not only the settings."""
        raise NotImplementedError


# -- for a provider's HTTP seam ---------------------------------------------------------------------
class Session(requests.Session):
    """The HTTP session of a provider's seam: requests' own, except that what it reads from the
    environment (HTTPS_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE...) is read once per host, not on every
    request, where it was a third of the CPU of sending a text (bench/cpu.py). The same rules
    apply: NO_PROXY is judged on the host and port alone, and a process's environment is fixed."""

    def __init__(self):
        super().__init__()
        self.environment = {}  # (scheme, host, stream, verify, cert) -> requests' merged settings

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        if proxies:  # a request's own proxies (the seams never pass any): requests' way
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, stream, verify, cert)
        if key not in self.environment:
            self.environment[key] = super().merge_environment_settings(
                f"{parts.scheme}://{parts.netloc}/", {}, stream, verify, cert)
        found = self.environment[key]
        return found | {"proxies": dict(found["proxies"])}


def timeouts():
    """(connect, read) seconds for every request to a provider."""
    return settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT


def never_connected(error):
    """Whether a failed request (a requests exception) certainly never reached the provider
    (refused, DNS, connect timeout): only then is a send known not to have happened."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    if isinstance(error, requests.ConnectionError) and not isinstance(error, requests.ReadTimeout):
        reason = error.args[0] if error.args else None
        reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
        return isinstance(reason, urllib3.exceptions.NewConnectionError)
    return False


def names():
    """Every provider a number can use, as settings.PROVIDERS lists them."""
    return list(settings.PROVIDERS)


def get(name):
    """The provider called `name`; PermanentError when no such provider is configured."""
    try:
        return load(settings.PROVIDERS[name])
    except KeyError:
        raise PermanentError("", f"no provider named {name!r} is configured") from None


@cache
def load(path):
    return import_string(path)
