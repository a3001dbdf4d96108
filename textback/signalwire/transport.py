"""SignalWire as the core knows it (core/providers.py). Its cXML webhooks and its Compatibility
REST API (under /api/laml) are Twilio's wire format, so this is textback/twilio's provider with
SignalWire's names: a project (its ID where Twilio has an Account SID, an API token for the auth
token) in a space (example.signalwire.com), webhooks signed in X-SignalWire-Signature with the
project's signing key, ids that are UUIDs, and SignalWire's own error codes
(developer.signalwire.com/rest/compatibility-api/overview/error-codes)."""

import re

from django.conf import settings

from textback.core.providers import CREDENTIALS, NOT_MOBILE, OPTED_OUT, RETRY, PermanentError
from textback.twilio.transport import Twilio


class SignalWire(Twilio):
    name, label = "signalwire", "SignalWire"
    errors = {
        "20003": CREDENTIALS,
        "20429": RETRY, "30003": RETRY, "30008": RETRY,
        "21611": RETRY,  # the From number has too many messages queued
        "30022": RETRY,  # over the campaign's (10DLC) throughput
        "21610": OPTED_OUT,
        "30006": NOT_MOBILE, "21614": NOT_MOBILE,
    }
    signature_header = "X-SignalWire-Signature"
    # Call, message and project ids are UUIDs (0a059168-ead0-41af-9d1f-343dae832527).
    sid = re.compile(r"[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")
    recording_url = re.compile(r"/api/laml/2010-04-01/Accounts/(?P<account>[0-9A-Fa-f-]{36})/Recordings/"
                               r"(?P<recording>[0-9A-Fa-f-]{36})")
    api_path = "/api/laml/2010-04-01"
    credential_names = "the space, Project ID, API token and signing key"
    wrong_credentials = "SignalWire did not accept that Project ID and API token in that space."
    not_in_account = "That number is not in this SignalWire project: enter a number it owns (Phone Numbers)."

    def account(self, number):
        """(project ID, API token) of the project that owns the number, or the default project's."""
        if number is not None and number.account_sid:
            return number.account_sid, number.auth_token
        return settings.SIGNALWIRE_PROJECT_ID, settings.SIGNALWIRE_API_TOKEN

    def signing_key(self, number):
        """The project's signing key (the API Credentials page), its own or the default project's."""
        if number is not None and number.account_sid:
            return number.signing_key
        return settings.SIGNALWIRE_SIGNING_KEY

    def api_base(self, number):
        own = number.space_url if number is not None and number.account_sid else ""
        return self.api_base_for(own)

    def api_base_for(self, space_url):
        return settings.SIGNALWIRE_API_BASE or space_url or settings.SIGNALWIRE_SPACE_URL

    def credentials(self, number):
        project, token = super().credentials(number)
        if not self.api_base(number):
            raise PermanentError("", "no SignalWire space: set SIGNALWIRE_SPACE_URL (example.signalwire.com)")
        return project, token

    def missing_credentials(self):
        return "no SignalWire credentials: set SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN"

    def credentials_hint(self):
        return ("check SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN and SIGNALWIRE_SPACE_URL, or the project set on "
                "this phone number")

    def check(self, number, ask):
        project, token = self.account(number)
        missing = [name for name, value in (
            ("SIGNALWIRE_PROJECT_ID", project), ("SIGNALWIRE_API_TOKEN", token),
            ("SIGNALWIRE_SIGNING_KEY", self.signing_key(number)), ("SIGNALWIRE_SPACE_URL", self.api_base(number)),
        ) if not value]
        if missing:
            where = "the number's own project has no " if number.account_sid else "set "
            return "FAIL", f"no SignalWire credentials: {where}{', '.join(missing)}"
        if not ask:
            return "ok", "SignalWire credentials set"
        from textback.twilio import wiring

        report = wiring.check(number, self)
        return ("ok" if report.ok else "FAIL"), "SignalWire: " + "; ".join(report.lines)


provider = SignalWire()
