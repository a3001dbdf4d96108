"""Whether a Telnyx number's webhooks point at this install, as `textback check` reports it, asked
of Telnyx's API (the provider's HTTP seam, TELNYX_API_BASE): the number's record (its TeXML
application and messaging profile), then each of those, compared with the URLs they should name."""

from django.conf import settings

from textback.core.providers import PermanentError, TransientError
from textback.telnyx.transport import provider as telnyx


def expected():
    base = f"{settings.PUBLIC_URL}/telnyx"
    return {"voice": f"{base}/voice", "status": f"{base}/voice/status", "sms": f"{base}/sms"}


def wires():
    """(where in Mission Control, the URL to paste) for the dashboard's steps."""
    urls = expected()
    return [("TeXML application, Webhook URL (POST)", urls["voice"]),
            ("TeXML application, Call progress events URL (POST)", urls["status"]),
            ("Messaging profile, Inbound webhook URL (API v2)", urls["sms"])]


def fetch(number, path):
    """The `data` of Telnyx's answer to GET /v2/{path}; None for a 404. PermanentError for a refused
    API key, TransientError when Telnyx cannot answer now."""
    response = telnyx.ask(path, telnyx.api_key(number))
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise telnyx.failure(response)
    try:
        return response.json()["data"]
    except (ValueError, KeyError, TypeError):
        raise TransientError("", f"Telnyx answered {path} without data") from None


def linked(number, path, record_id):
    """The number's TeXML application or messaging profile (None when it has none, or it is gone)."""
    return fetch(number, f"{path}/{record_id}") if record_id else None


def differs(label, value, expected_url):
    return None if value == expected_url else f"{label} is {value or 'not set'}, not {expected_url}"


def problems(number):
    """What is wrong with the number's wiring at Telnyx, in Mission Control's words (nothing when
    its webhooks point here), changing nothing; Telnyx not answering is one of them."""
    try:
        record = telnyx.owned_number(number.number, telnyx.api_key(number))
        if record is None:
            return [f"{number.number} is not in this Telnyx account (the API key's)"]
        return settings_problems(number, record)
    except (PermanentError, TransientError) as e:
        return [f"Telnyx could not be asked: {e.text}"]


def settings_problems(number, record):
    urls = expected()
    application = linked(number, "texml_applications", record.get("connection_id"))
    profile = linked(number, "messaging_profiles", record.get("messaging_profile_id"))
    if application is None:
        found = [f"calls do not go to a TeXML application: assign the number to one whose Webhook URL is {urls['voice']}"]
    else:
        found = [differs("the TeXML application's Webhook URL", application.get("voice_url"), urls["voice"]),
                 differs("the TeXML application's Call progress events URL", application.get("status_callback"),
                         urls["status"])]
    if profile is None:
        found.append(f"texts do not go to a messaging profile: assign the number to one whose webhook URL is {urls['sms']}")
    else:
        found.append(differs("the messaging profile's webhook URL", profile.get("webhook_url"), urls["sms"]))
    return [problem for problem in found if problem]
