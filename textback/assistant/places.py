"""Where the job is: street addresses (usaddress), ZIP codes and town names (zipcodes data).

The zipcodes package ships every US ZIP code with its town, compiled: we ask it for a ZIP's town
when we need one, and read the town names once, a hundred ZIP prefixes at a time. (Its
list_all() would build all 42k rows at once: about 140 MB that a process never gives back.)
"""
import functools
import re
from dataclasses import dataclass, field

import usaddress
import zipcodes

from . import vocab
from .text import fold


class ZipTowns:
    """ZIP code -> (town, state), looked up in zipcodes' compiled data on demand."""

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def _lookup(code):
        if not re.fullmatch(r"\d{5}", code or ""):
            return None
        try:
            rows = zipcodes.matching(code)
        except (TypeError, ValueError):
            return None
        return (rows[0]["city"], rows[0]["state"]) if rows else None

    def get(self, code, default=None):
        found = self._lookup(code)
        return default if found is None else found

    def __contains__(self, code):
        return self._lookup(code) is not None

    def __getitem__(self, code):
        found = self._lookup(code)
        if found is None:
            raise KeyError(code)
        return found


# "Saint Charles" is also written "St. Charles" or "St Charles": both forms are known towns.
_TOWN_PREFIXES = (("saint ", "st "), ("fort ", "ft "), ("mount ", "mt "), ("port ", "pt "))


def town_key(phrase: str) -> str:
    """A town as the lexicon spells it: folded, without periods ("St. Charles" -> "st charles")."""
    return re.sub(r"\s+", " ", fold(phrase).replace(".", " ")).strip()


def _town_names():
    towns = set()
    for prefix in range(100):
        for row in zipcodes.similar_to(f"{prefix:02d}"):
            towns.add(fold(row["city"]))
            towns.update(fold(c) for c in row.get("acceptable_cities") or ())
    for town in list(towns):
        for long, short in _TOWN_PREFIXES:
            if town.startswith(long):
                towns.add(short + town[len(long):])
            elif town.startswith(short):
                towns.add(long + town[len(short):])
    return frozenset(towns)


ZIP_TO_CITY = ZipTowns()
KNOWN_TOWNS = _town_names()
US_STATES = frozenset("""al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc
nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy""".split())
STATE_NAMES = frozenset("""alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin
wyoming""".split())

_STREET_LABELS = {"AddressNumber", "AddressNumberPrefix", "AddressNumberSuffix", "StreetNamePreDirectional",
                  "StreetNamePreModifier", "StreetNamePreType", "StreetName", "StreetNamePostType",
                  "StreetNamePostDirectional", "StreetNamePostModifier", "OccupancyType", "OccupancyIdentifier",
                  "SubaddressType", "SubaddressIdentifier", "BuildingName"}
_HOUSE_NUMBER = re.compile(r"(?<![\w/$#.-])\d{1,6}[a-zA-Z]?(?=\s+[A-Za-z])")
_ZIP = re.compile(r"(?<![\w$#-])(\d{5})(?:-\d{4})?(?![\w])")
_DIRECTIONS = {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"}
_UNIT = re.compile(r"(?:\b(?:apt|apartment|unit|suite|ste)\b|#)\s*\.?\s*#?\s*(?:\d[0-9a-z]{0,4}|[a-z])\b", re.I)


@dataclass
class Place:
    address: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    spans: list = field(default_factory=list)  # (start, end) of the text that said it, to keep out of other fields

    def found(self) -> bool:
        return bool(self.address or self.city or self.postal_code)


def _tidy(token: str) -> str:
    return token.strip(",;:!?()").rstrip(".") if not re.fullmatch(r"[A-Za-z]\.", token) else token.rstrip(".")


def _case(text: str, shouting: bool) -> str:
    """Title-case words typed in all caps or all lower case; keep deliberate casing."""
    if shouting or text.islower():
        return " ".join(w if w.lower() in {"n", "s", "e", "w", "ne", "nw", "se", "sw"} and len(w) <= 2 and w.isupper()
                        else (w.upper() if w.lower() in _DIRECTIONS and len(w) <= 2 else w.capitalize())
                        for w in text.split())
    return text


def _sentence_end(text: str, start: int) -> int:
    """End of the sentence that starts at `start`; a period after a street abbreviation may end it too."""
    m = re.compile(r"[.!?]+(\s|$)|\n").search(text, start)
    return m.start() if m else len(text)


def _address_end(text: str, start: int) -> int:
    """End of the sentence holding the address; "St." or "Ave." followed by a town does not end it."""
    end = _sentence_end(text, start)
    while end < len(text) and text[end] == ".":
        word_before = fold(text[:end].split()[-1]) if text[:end].split() else ""
        if word_before not in vocab.STREET_SUFFIXES and not re.fullmatch(r"[nsew]", word_before):
            break
        if not _starts_with_town(text[end + 1:]):
            break  # "Kedzie Ave. Soy Jorge": the next sentence is not the town
        end = _sentence_end(text, end + 1)
    return end


def _town_right_after(text: str, position: int, shouting: bool) -> tuple[str | None, int]:
    """A known town written right after the street, which usaddress sometimes misses ("400 Shore Rd #3 Revere")."""
    m = re.match(r"[\s,]*([A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){0,2})", text[position:])
    if not m:
        return None, position
    words = m.group(1).split()
    for n in (3, 2, 1):
        phrase = " ".join(words[:n])
        if len(words) >= n and fold(phrase) in KNOWN_TOWNS and fold(phrase) not in vocab.NOT_A_PLACE \
                and (phrase[0].isupper() or shouting):
            return _case(phrase, shouting), position + m.start(1) + len(phrase)
    return None, position


def _starts_with_town(text: str) -> bool:
    first_words = fold(text).split()[:3]
    return any(" ".join(first_words[:n]).strip(",.") in KNOWN_TOWNS for n in (1, 2, 3))


def _looks_like_street(labelled: list[tuple[str, str]]) -> bool:
    labels = [label for _, label in labelled]
    if "AddressNumber" not in labels or "StreetName" not in labels:
        return False
    post_types = [fold(_tidy(tok)) for tok, label in labelled if label == "StreetNamePostType"]
    has_suffix = any(t in vocab.STREET_SUFFIXES for t in post_types)
    has_direction = "StreetNamePreDirectional" in labels
    numbered = any(re.fullmatch(r"\d+(st|nd|rd|th)", fold(_tidy(t))) for t, label in labelled if label == "StreetName")
    return has_suffix or has_direction or numbered


def find_street_address(text: str) -> Place:
    """First street address in the text, with the town/state/ZIP written after it."""
    shouting = text.isupper()
    for number in _HOUSE_NUMBER.finditer(text):
        start = number.start()
        if re.search(r"(?i:\b(unit|apt|apartment|suite|ste|floor|fl|room|rm|bldg|building))\.?\s*#?\s*$", text[:start]):
            continue  # "unit 3B at 700 N State St": the unit, not the house number
        chunk = text[start:_address_end(text, start)]
        try:
            parsed = usaddress.parse(chunk)
        except Exception:  # usaddress raises on odd input; a missed address is asked for later
            continue
        street, place, state, postal = [], [], None, None
        for token, label in parsed:
            if label in _STREET_LABELS and not place and state is None and postal is None:
                street.append((token, label))
            elif label == "PlaceName" and state is None and postal is None:
                place.append(token)
            elif label == "StateName" and postal is None:
                state = _tidy(token)
            elif label == "ZipCode" and _ZIP.fullmatch(_tidy(token)):
                postal = _tidy(token)
                break
            else:
                break
        street = _trim_street(street)
        if not _looks_like_street(street):
            continue
        address = re.sub(r"# (?=\w)", "#", _case(" ".join(_tidy(t) for t, _ in street), shouting))
        city = _clean_city(" ".join(_tidy(t) for t in place), shouting)
        if state and fold(state) not in US_STATES and fold(state) not in STATE_NAMES:
            state = None
        span_end = _end_of_tokens(text, start, [t for t, _ in street] + place)
        for extra in filter(None, (state, postal)):
            where = text.find(extra, span_end - 1)
            if where != -1:
                span_end = where + len(extra)
        if not city and not state and not postal:
            city, span_end = _town_right_after(text, span_end, shouting)
        spans = [(start, span_end)]
        unit = _UNIT.search(text, max(0, start - 20), span_end + 20)
        if unit and fold(unit.group(0)).replace(" ", "") not in fold(address).replace(" ", ""):
            address += ", " + unit.group(0).strip()
            spans.append(unit.span())
        return Place(address=address, city=city, state=state.upper() if state else None, postal_code=postal,
                     spans=spans)
    return Place()


def _end_of_tokens(text: str, start: int, tokens: list[str]) -> int:
    """Where the last of these usaddress tokens ends in the original text (tokens may split "#3")."""
    position = start
    for token in tokens:
        found = text.find(token, position)
        if found == -1:
            break
        position = found + len(token)
    return position


def _trim_street(street: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop trailing words usaddress glued on after the street type ("St please")."""
    while street and street[-1][1] in {"BuildingName", "SubaddressType"} and not _UNIT.fullmatch(street[-1][0]):
        street = street[:-1]
    return street


def _clean_city(city: str, shouting: bool) -> str | None:
    city = re.sub(r"^((in|at|near|on|of|en)\s+)+", "", city.strip(" ,."), flags=re.I)
    if not city:
        return None
    if fold(city) in vocab.NOT_A_PLACE:
        return None
    known = fold(city) in KNOWN_TOWNS
    capitalised = all(w[0].isupper() for w in city.split())
    if not known and (shouting or not capitalised):
        return None  # usaddress calls any trailing words a place ("please come asap")
    return _case(city, shouting)


def find_zip(text: str, taken=()) -> str | None:
    for m in _ZIP.finditer(text):
        if any(start <= m.start() < end for start, end in taken):
            continue  # the house number of the street address
        if m.group(1) in ZIP_TO_CITY:
            # A 5-digit house number is followed by a street ("14822 N 59th Pl"); a ZIP is not.
            after = text[m.end():m.end() + 12].strip()
            if re.match(r"^(n|s|e|w|north|south|east|west)?\.?\s*[A-Za-z0-9]+\s+(st|ave|rd|dr|ln|pl|ct|blvd|way)\b", after, re.I):
                continue
            return m.group(1)
    return None


def _state_is_a_word(after: str) -> bool:
    """ "sod in the backyard": a lower-case "in", "or", "me"... running on is a word, not Indiana."""
    m = re.match(r"^[\s,]*([A-Za-z]{2})\b(.*)", after)
    return bool(m and m.group(1).islower() and m.group(1) in _WORDS_LIKE_STATES and re.match(r"^\s+[a-z]", m.group(2)))


_WORDS_LIKE_STATES = frozenset("in or me ok hi oh al id co de la ma pa mo ne ga".split())


def find_town(text: str, anywhere: bool) -> tuple[str | None, str | None, tuple | None]:
    """A town named in the text. Without `anywhere` it must follow a cue ("in Cary") or precede a state/ZIP;
    with it (we just asked where), a cued town still wins ("corner of Lincoln and Main in Evanston")."""
    cued = _find_town(text, anywhere=False)
    if cued[0] or not anywhere:
        return cued
    return _find_town(text, anywhere=True)


def _find_town(text: str, anywhere: bool) -> tuple[str | None, str | None, tuple | None]:
    shouting = text.isupper()
    tokens = list(re.finditer(r"[A-Za-z][A-Za-z'-]*", text))
    found = []
    covered = -1  # the end of the last town found: "Mt. Prospect" is not also "Prospect"
    for i in range(len(tokens)):
        if tokens[i].start() < covered:
            continue
        for size in (3, 2, 1):
            group = tokens[i:i + size]
            if len(group) < size:
                continue
            phrase = text[group[0].start():group[-1].end()]
            key = town_key(phrase)
            if key not in KNOWN_TOWNS or key in vocab.NOT_A_PLACE or key in US_STATES:
                continue
            capitalised = all(t.group(0)[0].isupper() for t in group) and not shouting
            following = tokens[i + size].group(0) if i + size < len(tokens) else ""
            if capitalised and following[:1].isupper() and fold(following) not in US_STATES \
                    and text[group[-1].end():tokens[i + size].start()].strip() == "":
                continue  # part of a longer proper name ("Logan Square"): not this town
            preceding = tokens[i - 1].group(0) if i > 0 else ""
            if capitalised and preceding[:1].isupper() and preceding not in ("I", "I'm", "Im") and \
                    text[tokens[i - 1].end():group[0].start()].strip() == "" and fold(preceding) not in vocab.NOT_A_PLACE:
                continue  # "Wicker Park": the town "Park" is only the end of a longer name
            before = fold(text[max(0, group[0].start() - 12):group[0].start()])
            after = fold(text[group[-1].end():group[-1].end() + 12])
            # "AC not cooling, St. Charles": a capitalised town closing the text after a comma (not "thanks, Jordan")
            closing = capitalised and before.rstrip().endswith(",") and not text[group[-1].end():].strip(" .!?") \
                and (size > 1 or key not in _first_names())
            cued = closing or bool(re.search(r"\b(in|near|from|to|en|de|around|outside( of)?)\s*$", before)) or \
                bool(re.match(r"^[\s,]*([a-z]{2}\b|\d{5})", after) and
                     (re.match(r"^[\s,]*(\d{5})", after) or after.strip(" ,")[:2] in US_STATES
                      and not _state_is_a_word(text[group[-1].end():])))
            if anywhere or (cued and (capitalised or shouting or text.islower())):
                state = None
                m = re.match(r"^[\s,]*([a-z]{2})\b", after)
                if m and m.group(1) in US_STATES:
                    state = m.group(1).upper()
                found.append((capitalised, group[0].start(), (_case(phrase.rstrip("."), shouting), state,
                                                              (group[0].start(), group[-1].end()))))
                covered = group[-1].end()
                break
    if found:
        # the first cued town; when we just asked where, a capitalised town wins, the last one if several
        return max(found, key=lambda f: (f[0], f[1]))[2] if anywhere else found[0][2]
    return None, None, None


def _first_names():
    from .extract import FIRST_NAMES  # extract reads places: imported when first needed

    return FIRST_NAMES


_CROSS = re.compile(
    r"\b(?i:(?:on the )?corner of|cross ?streets?(?: are| is)?:?|intersection of|at|on)\s+"
    r"(?P<a>(?:[A-Z0-9][\w.]*)(?: [A-Z][\w.]*){0,2})\s+(?i:and|&|y)\s+(?P<b>(?:[A-Z0-9][\w.]*)(?: [A-Z][\w.]*){0,2})")


def find_cross_streets(text: str) -> tuple[str | None, tuple | None]:
    """ "corner of Lincoln and Main", "cross streets are 5th and Grand" -> "Lincoln & Main"."""
    for m in _CROSS.finditer(text):
        a, b = m.group("a"), m.group("b")
        if fold(a) in vocab.NOT_A_PLACE or fold(b) in vocab.NOT_A_PLACE:
            continue
        if not (a[0].isupper() or a[0].isdigit()) or not (b[0].isupper() or b[0].isdigit()):
            continue
        return f"{a} & {b}", (m.start("a"), m.end("b"))
    return None, None


# "on Oak St", "off Route 9": a street without a house number, said with "on" or "off". "Place" and
# "way" are left out: "at my mom's place", "on the way".
_NAMED_STREET = re.compile(
    r"\b(?i:on|off)\s+(?P<street>(?:[NSEW]\.? )?(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))(?: [A-Z][a-z]+)?\s+"
    r"(?P<suffix>(?i:" + "|".join(s for s in vocab.STREET_SUFFIXES if s not in ("place", "pl", "way", "run", "point", "row", "path"))
    + r"))\.?)(?=[\s,.!?]|$)")


def find_street_name(text: str) -> tuple[str | None, tuple | None]:
    m = _NAMED_STREET.search(text)
    return (m.group("street").rstrip("."), (m.start("street"), m.end("street"))) if m else (None, None)


def find_place(text: str, location_awaited: bool) -> Place:
    place = find_street_address(text)
    for finder in (find_cross_streets, find_street_name):
        if not place.address:
            street, span = finder(text)
            if street:
                place.address = street
                place.spans.append(span)
    if not place.postal_code:
        place.postal_code = find_zip(text, place.spans)
    if place.postal_code:
        place.spans.append((text.find(place.postal_code), text.find(place.postal_code) + 5))
    if not place.city:
        city, state, span = find_town(_blank(text, place.spans), anywhere=location_awaited)
        if city:
            place.city, place.state = city, place.state or state
            place.spans.append(span)
    if not place.city and not place.state:
        m = re.search(r"\b([A-Z]{2})\s+\d{5}\b", text)
        if m and fold(m.group(1)) in US_STATES:
            place.state = m.group(1)
    if place.postal_code and not place.city and place.postal_code in ZIP_TO_CITY and not place.address:
        # Why: the owner reads "60647 (Chicago)" faster than a bare ZIP; the caller gave only the ZIP.
        place.city = ZIP_TO_CITY[place.postal_code][0]
        place.state = place.state or ZIP_TO_CITY[place.postal_code][1]
    return place


def _blank(text: str, spans) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text
