"""Quiet hours: texts that are not a direct reply (follow-ups, any later automated text) go out only
in the recipient's daytime, 8:00-21:00 local time, or the stricter window of their state.

The recipient's zone and state are guessed from the area code (phonenumbers' time-zone data, and
a table of the area codes of the states with a stricter window): a guess, so when an area code spans several zones the text waits until it is
daytime in all of them. Without a guess, the business's own zone is used. Direct replies (the
text-back, the assistant answering a text, the owner answering) are not held.
"""

import functools
from datetime import datetime, time, timedelta

import phonenumbers
from phonenumbers import timezone as number_timezones

from textback.core import hours

DAYTIME = (time(8), time(21))
MAX_ZONES = 3

# States whose law narrows the window, as data: state code -> (first, last) local time.
STATE_DAYTIME = {
    "FL": (time(8), time(20)),  # Florida Telephone Solicitation Act
    "OK": (time(8), time(20)),  # Oklahoma Telephone Solicitation Act
}

# Their area codes, read once from phonenumbers' geocoder (2026-11); kept as data because loading
# the geocoder costs every process about 100 MB for these two states' worth of answers.
STATE_AREA_CODES = {
    "FL": {239, 305, 321, 324, 352, 386, 407, 448, 561, 645, 656, 689, 727, 728, 754, 772, 786, 813, 850,
           863, 904, 941, 954},
    "OK": {405, 539, 572, 580, 918},
}


@functools.lru_cache(maxsize=4096)
def guess(number):
    """(time zone names, US state code where it narrows the window or "") for a number, from its
    area code."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return (), ""
    zones = tuple(z for z in number_timezones.time_zones_for_number(parsed) if z != "Etc/Unknown")
    area_code = phonenumbers.national_significant_number(parsed)[:3] if parsed.country_code == 1 else ""
    state = next((code for code, areas in STATE_AREA_CODES.items() if area_code.isdigit() and int(area_code) in areas), "")
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
