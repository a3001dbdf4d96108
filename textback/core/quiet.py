"""Quiet hours: texts that are not a direct reply (follow-ups, any later automated text) go out only
in the recipient's daytime, 8:00-21:00 local time, or the stricter window of their state.

The recipient's zone and state are guessed from the area code (phonenumbers' time-zone and
geocoder data): a guess, so when an area code spans several zones the text waits until it is
daytime in all of them. Without a guess, the business's own zone is used. Direct replies (the
text-back, the assistant answering a text, the owner answering) are not held.
"""

import functools
from datetime import datetime, time, timedelta

import phonenumbers
from phonenumbers import geocoder
from phonenumbers import timezone as number_timezones

from textback.core import hours

DAYTIME = (time(8), time(21))
MAX_ZONES = 3

# States whose law narrows the window, as data: state code -> (first, last) local time.
STATE_DAYTIME = {
    "FL": (time(8), time(20)),  # Florida Telephone Solicitation Act
    "OK": (time(8), time(20)),  # Oklahoma Telephone Solicitation Act
}

STATE_CODES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID",
    "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
    "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX",
    "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA", "washington state": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "washington d.c.": "DC", "puerto rico": "PR",
}


@functools.lru_cache(maxsize=4096)
def guess(number):
    """(time zone names, US state code or "") for a number, from its area code."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return (), ""
    zones = tuple(z for z in number_timezones.time_zones_for_number(parsed) if z != "Etc/Unknown")
    state = ""
    if parsed.country_code == 1:
        place = geocoder.description_for_number(parsed, "en")
        if len(place) > 4 and place[-4:-2] == ", " and place[-2:].isupper():
            state = place[-2:]  # "Chicago, IL"
        else:
            state = STATE_CODES.get(place.lower(), "")  # "Florida"
    return zones, state


def window(number):
    """The recipient's daytime as (first, last) local times."""
    return STATE_DAYTIME.get(guess(number)[1], DAYTIME)


def zones(number, fallback_zone):
    """The recipient's possible zones. A geographic area code spans one or two; a number that could
    be anywhere (toll-free, non-geographic) tells nothing, so the business's zone is used."""
    names = guess(number)[0]
    if not names or len(names) > MAX_ZONES:
        names = (fallback_zone,)
    return [hours.zone(name) for name in names]


def _next_in_zone(now, zone, first, last):
    local = now.astimezone(zone)
    if first <= local.time() < last:
        return now
    day = local.date() if local.time() < first else local.date() + timedelta(days=1)
    return datetime.combine(day, first, tzinfo=zone)


def next_daytime(now, number, fallback_zone):
    """`now` if it is daytime for the recipient of a text to `number`, else the start of their next
    daytime. `fallback_zone` (the business's) is used when the area code tells nothing."""
    first, last = window(number)
    candidates = zones(number, fallback_zone)
    when = now
    for _ in range(4):  # zones a few hours apart agree after one or two rounds
        later = max(_next_in_zone(when, zone, first, last) for zone in candidates)
        if later == when:
            return when
        when = later
    return when


def is_daytime(now, number, fallback_zone):
    return next_daytime(now, number, fallback_zone) == now
