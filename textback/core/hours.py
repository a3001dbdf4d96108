"""Opening hours: parsing what people write and asking whether a business is open.

Stored form: {"mon": [["07:00", "18:00"], ["19:00", "21:00"]], "sat": [["08:00", "12:00"]]};
days not named are closed. A period whose end is not after its start runs past midnight.
"""

import re
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_DAY_ALIASES = {d: d for d in DAYS} | {
    "monday": "mon", "tuesday": "tue", "tues": "tue", "wednesday": "wed", "thursday": "thu",
    "thur": "thu", "thurs": "thu", "friday": "fri", "saturday": "sat", "sunday": "sun",
}
# A time as people write it: 7, 07:30, 7am, 7:30 p.m.; a range: two of them with "-", "–" or "to".
_TIME = r"(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?(?:m\.?)?"
_PERIOD = re.compile(rf"^{_TIME}\s*(?:-|–|to)\s*{_TIME}$", re.IGNORECASE)


class HoursError(ValueError):
    pass


def _day(word):
    try:
        return _DAY_ALIASES[word.strip().lower()]
    except KeyError:
        raise HoursError(f"{word.strip()!r} is not a day (use mon, tue, wed, thu, fri, sat, sun)") from None


def _days(spec):
    """'mon-fri' -> [mon..fri]; 'sat,sun' -> [sat, sun]; 'fri-mon' wraps around the week."""
    result = []
    for part in spec.split(","):
        if "-" in part:
            first, last = (DAYS.index(_day(p)) for p in part.split("-", 1))
            span = (last - first) % 7
            result += [DAYS[(first + i) % 7] for i in range(span + 1)]
        else:
            result.append(_day(part))
    return result


def _period(text, after=None):
    """'07:00-18:00', '7am-6pm', '7:30-4:30', '9-5' (a bare end before the start is in the
    afternoon: 09:00-17:00) -> ['HH:MM', 'HH:MM']. '22:00-02:00' runs past midnight. `after`: the
    end ('HH:MM') of the day's range written before this one, so 'mon-fri 9-12, 1-5' is 13:00-17:00."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise HoursError(f"{text.strip()!r} is not a time range like 07:00-18:00 or 7am-6pm")
    h1, m1, ap1, h2, m2, ap2 = m.groups()
    h1, m1, h2, m2 = int(h1), int(m1 or 0), int(h2), int(m2 or 0)
    ap1, ap2 = (ap1 or "").lower(), (ap2 or "").lower()
    if m1 > 59 or m2 > 59 or any(ap and not 1 <= h <= 12 for h, ap in ((h1, ap1), (h2, ap2))):
        raise HoursError(f"{text.strip()!r} is not a valid time range")
    h1, h2 = _hour24(h1, ap1), _hour24(h2, ap2)
    if after and not ap1 and not ap2 and h1 < 12 and f"{h1:02d}:{m1:02d}" < after:
        h1, h2 = h1 + 12, h2 + 12 if h2 < 12 else h2  # after a morning range: the afternoon one
    elif ap2 and not ap1 and ap2 == "p" and h1 + 12 < h2:
        h1 += 12  # '1-5pm': both in the afternoon
    elif not ap1 and not ap2 and (h2, m2) < (h1, m1) and h2 < 12 and (h2 + 12, m2) > (h1, m1):
        h2 += 12  # '9-5', '7-4:30': a working day, not a night shift
    if h1 > 23 or h2 > 24 or (h2 == 24 and m2):
        raise HoursError(f"{text.strip()!r} is not a valid time range")
    return [f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"]


def _hour24(hour, am_pm):
    if am_pm == "a":
        return hour % 12
    if am_pm == "p":
        return hour % 12 + 12
    return hour


def parse(spec):
    """Parse the command-line form ("mon-fri 07:00-12:00, 13:00-18:00; sat 08:00-12:00")
    or the JSON form of the simulate format ({"mon-fri": "07:00-18:00"}) into the stored form."""
    if isinstance(spec, dict):
        items = [(days, periods) for days, periods in spec.items()]
    else:
        items = []
        for chunk in filter(None, (c.strip() for c in (spec or "").split(";"))):
            days, _, periods = chunk.partition(" ")
            if not periods.strip():
                raise HoursError(f"{chunk!r}: give days and times, like 'mon-fri 07:00-18:00'")
            items.append((days, periods))
    week = {}
    for days, periods in items:
        if isinstance(periods, str):
            periods = [p for p in periods.split(",") if p.strip()]
        if isinstance(periods, str) or not periods:
            raise HoursError(f"{days!r}: no times given")
        parsed = []
        for p in periods:
            parsed.append(_period(p if isinstance(p, str) else "-".join(p), after=parsed[-1][1] if parsed else None))
        for day in _days(days.replace(" ", "")):
            week.setdefault(day, []).extend(parsed)
    for periods in week.values():
        periods.sort()
    return week


def zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise HoursError(f"{name!r} is not a time zone (use a name like America/Chicago)") from None


def _minutes(hhmm):
    h, m = map(int, hhmm.split(":"))
    return h * 60 + m


def is_open(week, holidays, tz_name, when):
    """Is a business with these hours open at the aware datetime `when`? DST-correct, since the
    question is asked in the business's local wall-clock time."""
    local = when.astimezone(zone(tz_name))
    today, minute = local.date(), local.hour * 60 + local.minute
    yesterday = date.fromordinal(today.toordinal() - 1)
    for start, end in week.get(DAYS[today.weekday()], []):
        s, e = _minutes(start), _minutes(end)
        if today.isoformat() not in holidays and (s <= minute < e or (e <= s and minute >= s)):
            return True
    for start, end in week.get(DAYS[yesterday.weekday()], []):
        s, e = _minutes(start), _minutes(end)
        if e <= s and minute < e and yesterday.isoformat() not in holidays:
            return True  # last night's period running past midnight
    return False


def describe(week):
    """The stored form back in words: 'mon-fri 07:00-18:00; sat 08:00-12:00'."""
    groups = []
    for day in DAYS:
        periods = ", ".join(f"{s}-{e}" for s, e in week.get(day, []))
        if groups and groups[-1][2] == periods and periods and DAYS.index(groups[-1][1]) == DAYS.index(day) - 1:
            groups[-1][1] = day
        elif periods:
            groups.append([day, day, periods])
    return "; ".join(f"{a if a == b else a + '-' + b} {p}" for a, b, p in groups) or "closed"


