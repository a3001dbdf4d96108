"""Whether a Twilio number's webhooks point at this install, and pointing them here: what
`textback twilio connect`, `textback check` and the Numbers settings page's Connect button use,
through Twilio's IncomingPhoneNumbers API (the transport's HTTP seam, TWILIO_API_BASE). SignalWire's
Compatibility API has the same resource: `textback check` asks it the same way."""

from dataclasses import dataclass

from django.conf import settings

from textback.core import providers
from textback.core.providers import PermanentError, TransientError
from textback.twilio.transport import Twilio
from textback.twilio.transport import provider as twilio


def provider_of(number):
    """The number's provider when it has Twilio's IncomingPhoneNumbers API (Twilio, SignalWire), else None."""
    found = providers.get(number.provider) if number.provider in providers.names() else None
    return found if isinstance(found, Twilio) else None


@dataclass
class Wire:
    """One setting of the number at Twilio: what it should be, what it is."""

    label: str
    field: str
    parameter: str
    expected: str

    def problem(self, record):
        value = record.get(self.field) or ""
        method = record.get(self.field.replace("_url", "_method") if self.field.endswith("_url") else
                            "status_callback_method") or "POST"
        if value == self.expected and method.upper() == "POST":
            return None
        if not value:
            return f"{self.label} is not set (it should be {self.expected}, POST)"
        if "handler.twilio.com" in value or "/twiml/" in value:
            return f"{self.label} points to a TwiML Bin ({value}), not to textback"
        if value == self.expected:
            return f"{self.label} is right but uses {method.upper()}: it must be POST"
        return f"{self.label} points to {value}, not to {self.expected}"


# The three settings of a number, in the words of each provider's console.
CONSOLE_LABELS = {
    "twilio": ("the Voice URL (A call comes in)", "the call status callback (Call status changes)",
               "the Messaging URL (A message comes in)"),
    "signalwire": ('"When a call comes in"', '"Call status changes"', '"When a message comes in"'),
}


def wires(provider=twilio):
    base = f"{settings.PUBLIC_URL}/{provider.name}"
    voice, status, sms = CONSOLE_LABELS[provider.name]
    return [
        Wire(voice, "voice_url", "VoiceUrl", f"{base}/voice"),
        Wire(status, "status_callback", "StatusCallback", f"{base}/voice/status"),
        Wire(sms, "sms_url", "SmsUrl", f"{base}/sms"),
    ]


def problems(record, provider=twilio):
    """What is wrong with the number's configuration at the provider, in the console's words."""
    found = [p for w in wires(provider) if (p := w.problem(record))]
    if record.get("voice_application_sid"):
        found.append(f"calls go to the TwiML App {record['voice_application_sid']}, which overrides the Voice URL")
    if record.get("sms_application_sid"):
        found.append(f"texts go to the TwiML App {record['sms_application_sid']}, which overrides the Messaging URL")
    if record.get("trunk_sid"):
        found.append(f"calls go to the SIP trunk {record['trunk_sid']}: remove the number from the trunk in the console")
    if record.get("voice_receive_mode") == "fax":
        found.append("the number receives faxes, not calls: set it to accept voice calls in the console")
    return found


@dataclass
class Report:
    ok: bool
    lines: list
    record: dict | None = None  # the number's record at Twilio, when it could be fetched


def check(number, provider=twilio):
    """Report on the number's wiring, changing nothing."""
    try:
        record = provider.incoming_number(number)
    except (PermanentError, TransientError) as e:
        return Report(False, [f"{provider.label} could not be asked: {e.text}"])
    if record is None:
        return not_in_account(number, provider)
    found = problems(record, provider)
    return Report(not found, found or [f"all webhooks point to {settings.PUBLIC_URL}"], record)


def connect(number, provider=twilio):
    """Point the number's webhooks here (POST, no TwiML App in the way), then report what the provider says."""
    before = check(number, provider)
    if before.ok or before.record is None:
        return before  # already right, or Twilio cannot be asked, or the number is not there
    fields = {w.parameter: w.expected for w in wires(provider)} | {
        "VoiceMethod": "POST", "StatusCallbackMethod": "POST", "SmsMethod": "POST",
        # An application's URLs win over the number's own: take them out of the way.
        "VoiceApplicationSid": "", "SmsApplicationSid": "",
    }
    try:
        record = provider.configure_incoming_number(number, before.record, fields)
    except (PermanentError, TransientError) as e:
        return Report(False, [f"{provider.label} did not take the change: {e.text}"])
    found = problems(record, provider)
    if found:
        return Report(False, found)
    return Report(True, [f"{w.label}: {w.expected}" for w in wires(provider)])


def not_in_account(number, provider=twilio):
    return Report(False, [f"{number.number} is not in the {provider.label} account {provider.account(number)[0]}"])
