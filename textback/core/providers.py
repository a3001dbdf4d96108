"""The small interface every provider's transport implements, and how the core finds one.

A transport is a module with `send(message, number) -> provider_message_id`. It classifies every
failure at the edge, raising PermanentError or TransientError; the outbox alone decides retries.
"""

from importlib import import_module

from django.conf import settings


class SendError(Exception):
    def __init__(self, code, text):
        super().__init__(f"{code}: {text}" if code else text)
        self.code, self.text = str(code or ""), text


class PermanentError(SendError):
    """Sending again will not help (opted out, landline, invalid number, bad credentials)."""

    # What the failure says about the recipient, so the core can stop texting them.
    OPTED_OUT, NOT_MOBILE = "opted_out", "not_mobile"

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


def transport(provider):
    try:
        return import_module(settings.PROVIDERS[provider])
    except KeyError:
        raise PermanentError("", f"no provider named {provider!r} is configured") from None
