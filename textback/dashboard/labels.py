"""The words the dashboard shows for stored values (lead statuses, urgencies, outcomes, scores),
and the lead's address as one line: one place for each, for pages, live updates and the CSV."""

import re
from urllib.parse import quote

from textback.assistant.text import fold

LABELS = {
    # lead status
    "qualified": "Qualified", "partial": "In progress", "existing_customer": "Existing customer",
    "wrong_number": "Wrong number", "solicitor": "Solicitor", "opted_out": "Opted out",
    "not_interested": "Not interested",
    # urgency
    "emergency": "Emergency", "soon": "Soon", "flexible": "Flexible", "unknown": "Not known yet",
    # what the owner marked
    "": "Open", "booked": "Booked", "lost": "Lost", "spam": "Spam", "none": "Not marked",
    # score
    "hot": "Hot", "warm": "Warm", "cold": "Cold",
    # a call
    "pending": "Ringing", "answered": "Answered", "missed": "Missed",
    # a contact
    "blocked": "Blocked",
}


def label(value):
    """The label of a stored value; an unknown one (a newer assistant's) readable all the same."""
    value = "" if value is None else str(value)
    return LABELS.get(value) or value.replace("_", " ").capitalize()


def choices(values):
    return [(value, label(value)) for value in values]


def place(lead):
    """'1423 W Addison St, Chicago 60613': the street, then the city and ZIP code unless the
    street already says them (the assistant may keep "…, Chicago" in the address)."""
    address = (lead.get("address") or "").strip().strip(",")
    street, _, rest = fold(address).partition(",")  # the city can only follow the street

    def said(part, where):
        return re.search(r"\b" + re.escape(fold(part)) + r"\b", where)

    city, postal = (lead.get("city") or "").strip(), (lead.get("postal_code") or "").strip()
    city = city if city and not said(city, rest) else ""
    postal = postal if postal and not said(postal, fold(address)) else ""
    if address and not city:  # "1423 W Addison St, Chicago" + "60613": the ZIP code follows the city
        return " ".join(p for p in (address, postal) if p)
    return ", ".join(p for p in (address, " ".join(p for p in (city, postal) if p)) if p)


def map_url(where):
    """A plain maps search link (opens the phone's maps app): no script, no key."""
    return "https://www.google.com/maps/search/?api=1&query=" + quote(where) if where else ""
