"""Adding an endpoint, the same from the dashboard and `textback webhook add`."""

from textback.hooks import addresses
from textback.hooks.models import EVENTS, Endpoint


class Invalid(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def chosen_events(names):
    """The event types named (all of them when none is), in the settings page's order."""
    names = [n.strip() for n in names if n.strip()]
    unknown = [n for n in names if n not in EVENTS]
    if unknown:
        raise Invalid("events", f"unknown event {unknown[0]!r}; choose among {', '.join(EVENTS)}")
    return [n for n in EVENTS if n in names] if names else list(EVENTS)


def add(business, url, events):
    try:
        url = addresses.check_url(url)
    except addresses.Refused as e:
        raise Invalid("url", f"{url.strip()[:100]!r} is refused: {e}") from None
    if len(url) > Endpoint._meta.get_field("url").max_length:
        raise Invalid("url", "the URL is too long (500 characters at most)")
    return Endpoint.objects.create(business=business, url=url, events=chosen_events(events))
