"""Reading one caller message: intents (opt-out, wrong number, ...) and the lead fields in it."""
import re
from datetime import date, timedelta

import gender_guesser.detector

from . import languages, vocab
from .languages.detect import detect as detect_language  # noqa: F401 (llm.py and reading.py read it here)
from .text import fold, matches_any, words

# ~60k first names from gender-guesser's data, loaded once (~0.2 s): tells "Carla" from "today";
# the packs add common names it lacks ("Thiago").
FIRST_NAMES = frozenset(fold(n) for n in gender_guesser.detector.Detector(case_sensitive=False).names) | vocab.FIRST_NAMES

# A period ends a sentence, except after the abbreviations that start a town or a name ("St. Charles",
# "Mt. Prospect", "Dr. Patel").
_SENTENCE_SPLIT = re.compile(r"(?<![\s,.]St\.)(?<![\s,.](?:Mt|Ft|Dr|Mr|Ms)\.)(?<![\s,.]Mrs\.)(?<=[.!?])\s+|\n+|(?<=[a-z0-9])\s+-\s+(?=[A-Z])")


# --- intents ---------------------------------------------------------------------------

def _bare(folded: str) -> str:
    """The message without surrounding punctuation/space, for whole-message keywords."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", folded)


def consent_keyword(text: str) -> tuple[str | None, bool, str | None]:
    """(opt_out | opt_in | help | None, whether the carrier answers it itself, the keyword's language
    when it is not English: "es" for ALTO, "pt" for PARE) when the whole message is a consent keyword:
    the one table every path uses (core/incoming.py runs it before any engine). Each language pack
    lists its keywords; the carrier answers only the English ones (CARRIER_ANSWERS_KEYWORDS)."""
    bare = re.sub(r"[\W_]+", " ", fold(text)).strip()
    for pack in languages.PACKS.values():
        for kind, words in (("opt_out", pack.OPT_OUT_KEYWORDS), ("opt_in", pack.OPT_IN_KEYWORDS),
                            ("help", pack.HELP_KEYWORDS)):
            if bare in words or bare.replace(" ", "") in words:
                return kind, pack.CARRIER_ANSWERS_KEYWORDS, None if pack.CODE == "en" else pack.CODE
    return None, False, None


def is_opt_out(folded: str) -> bool:
    if _bare(folded) in vocab.OPT_OUT_KEYWORDS:
        return True
    return matches_any(vocab.OPT_OUT_PHRASES, folded)


def is_opt_out_keyword(folded: str) -> bool:
    """Carrier keywords: the carrier (Twilio Advanced Opt-Out) may confirm these itself."""
    return _bare(folded) in vocab.OPT_OUT_KEYWORDS


def is_opt_in(folded: str) -> bool:
    return _bare(folded) in vocab.OPT_IN_KEYWORDS


def is_help(folded: str) -> bool:
    return _bare(folded) in vocab.HELP_KEYWORDS


def asks_who_this_is(folded: str) -> bool:
    return matches_any(vocab.WHO_IS_THIS, folded)


def is_dont_know(folded: str) -> bool:
    return matches_any(vocab.DONT_KNOW, folded.strip(" .!,"))


def is_correction(folded: str) -> bool:
    """ "wait, it's at my mom's place", "sorry I meant 452": the new fact replaces the old one."""
    return matches_any(vocab.CORRECTION, folded)


def without_retracted(folded: str) -> str:
    """A correction with its cue and the part taken back cut out: "sorry i meant thursday not tuesday" -> "thursday"."""
    for pattern in vocab.RETRACTED:
        folded = re.sub(pattern, " ", folded).strip(" ,.!")
    return folded


def is_other_property(folded: str) -> bool:
    return matches_any(vocab.OTHER_PROPERTY, folded)


def is_small_talk(folded: str) -> bool:
    return matches_any(vocab.GREETING_ONLY, folded)


# --- timeline ------------------------------------------------------------------------------

_MONTH_DAY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})\b(?!/)")
# "closing is on the 18th": a day of this month (or the next, once it has passed); not "the 3rd floor".
_DAY_OF_MONTH = re.compile(r"\b(?:on|by|before|until|til|till|after|around) the (\d{1,2})(?:st|nd|rd|th)\b"
                           r"(?! (floor|fl|street|st|ave|avenue|grade|ward|century|row|hole|of))")
_HOLIDAYS = {key: re.compile(r"\b(" + pattern + r")\b") for key, pattern in vocab.HOLIDAYS.items()}


def _holiday(key: str, year: int) -> date:
    """The date of a holiday in a year (the US ones that move: the nth weekday of a month)."""
    fixed = {"christmas": (12, 25), "new_year": (1, 1), "july_4": (7, 4), "halloween": (10, 31)}
    if key in fixed:
        return date(year, *fixed[key])
    if key == "easter":  # the anonymous Gregorian computus
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * l_) // 451
        return date(year, (h + l_ - 7 * m + 114) // 31, (h + l_ - 7 * m + 114) % 31 + 1)
    month, weekday, nth = {"thanksgiving": (11, 3, 4), "memorial_day": (5, 0, -1), "labor_day": (9, 0, 1)}[key]
    if nth < 0:  # the last one of the month
        last = date(year, month + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _days_to_holiday(key: str, today: date | None) -> int:
    if today is None:
        return 30
    day = _holiday(key, today.year)
    if day < today:
        day = _holiday(key, today.year + 1)
    return (day - today).days


def _days_to_day_of_month(day: int, today: date | None) -> int | None:
    if today is None:
        return 14
    for months_ahead in range(3):
        month = (today.month - 1 + months_ahead) % 12 + 1
        year = today.year + (today.month - 1 + months_ahead) // 12
        try:
            target = date(year, month, day)
        except ValueError:
            continue
        if target >= today:
            return (target - today).days
    return None


def _days_until(month: int, day: int, today: date | None) -> int | None:
    if today is None:
        return 7  # a date without a reference: treat as a scheduled, near date
    try:
        target = date(today.year, month, day)
    except ValueError:
        return None
    if target < today:
        target = target.replace(year=today.year + 1)
    return (target - today).days


# "leaking since this morning", "it started tonight": when the problem began, not when they want someone.
_SINCE = re.compile(r"\b(" + languages.alternation("SINCE") + r")( (early|late|around|at|on|about))? $")


def _in_the_past(folded: str, m) -> bool:
    """ "had to use her epipen last summer", "two weeks ago": when something happened, not when to come."""
    before, after = folded[:m.start()], folded[m.end():]
    return bool(re.search(r"\b(last|ultim[oa]|passad[oa])\s*$", before) and not re.match(r"\s*of\b", after)
                or re.match(r"\s*(ago|atras)\b", after))


def find_timeline(folded: str, today: date | None) -> tuple[str | None, int | None, bool]:
    """(phrase, days ahead or None for 'no date', found). The nearest deadline wins ("whenever, but within 2 weeks")."""
    hits = _timeline_hits(folded, today)
    if not hits:
        return None, None, False
    dated = [h for h in hits if h[2] is not None]
    nearest = min(dated, key=lambda h: h[2]) if dated else hits[0]
    return _timeline_phrase(folded, hits), nearest[2], True


def words_beside_time(folded: str) -> int:
    """How many words a text has besides those that say when ("need 3 bedrooms repainted before we move
    in on the 20th": 8; "asap please": 1)."""
    rest = folded
    for start, end, _ in _timeline_hits(folded, None):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    return len([w for w in words(rest) if w not in vocab.POLITE])


def _timeline_hits(folded: str, today: date | None) -> list:
    hits = []
    for pattern, days in vocab.TIMELINE:
        for m in re.finditer(pattern, folded):
            if not _SINCE.search(folded[:m.start()]) and not _in_the_past(folded, m):
                hits.append((m.start(), m.end(), days))
    for m in _MONTH_DAY.finditer(folded):
        hits.append((m.start(), m.end(), _days_until(vocab.MONTHS.index(m.group(1)) + 1, int(m.group(2)), today)))
    for m in _SLASH_DATE.finditer(folded):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            hits.append((m.start(), m.end(), _days_until(month, day, today)))
    for m in _DAY_OF_MONTH.finditer(folded):
        if not any(start <= m.start() < end for start, end, _ in hits) and 1 <= int(m.group(1)) <= 31:
            hits.append((m.start(), m.end(), _days_to_day_of_month(int(m.group(1)), today)))
    for key, pattern in _HOLIDAYS.items():
        for m in pattern.finditer(folded):
            if not any(start <= m.start() < end for start, end, _ in hits) and not _in_the_past(folded, m):
                hits.append((m.start(), m.end(), _days_to_holiday(key, today)))
    return hits


def _timeline_phrase(folded: str, hits) -> str:
    """The words that say when: the short clause around the matches, without politeness."""
    start, end = min(h[0] for h in hits), max(h[1] for h in hits)
    clause_start = max(folded.rfind(sep, 0, start) for sep in (". ", "! ", "? ", "\n"))
    clause_start = 0 if clause_start < 0 else clause_start + 2
    clause_end_match = re.compile(r"[.!?](\s|$)").search(folded, end)
    clause_end = clause_end_match.start() if clause_end_match else len(folded)
    clause = folded[clause_start:clause_end].strip(" ,.!?")
    if len(clause.split()) > 9:
        clause = folded[start:end]
        before = re.search(r"(\b(before|by|after|in|on|until|around|starting|start|within|sometime|maybe|probably)\s+)+$",
                           folded[:start])
        if before:
            clause = before.group(0) + clause
    clause = re.sub(_TIMELINE_TRAILING, "", clause).strip(" ,.!?")
    clause = re.sub(r"([\s,]*\b(and|or|but|also|plus|y|o|pero|e|mas))+$", "", clause).strip(" ,.!?")
    return clause or folded[start:end]


_TIMELINE_TRAILING = re.compile(r"\s*\b(" + "|".join(vocab.TIMELINE_TRAILING) + r")\b.*$")


def urgency_from_days(days: int | None) -> str:
    if days is None:
        return "flexible"
    return "soon" if days <= 14 else "flexible"


def is_quote_request(folded: str) -> bool:
    return matches_any(vocab.QUOTE_WORDS, folded)


# --- names ---------------------------------------------------------------------------------

_WORD = r"[^\W\d_][\w'.-]*"


def _clean_name(raw: str, strict_case: bool, original: str) -> str | None:
    parts = []
    tokens = raw.split()
    for i, token in enumerate(tokens):
        if parts and fold(token) in vocab.NAME_PARTICLES and tokens[i + 1:] and tokens[i + 1][:1].isupper():
            parts.append(token.lower())  # "Maria da Conceição", "Luz de la Cruz"
            continue
        is_title = fold(token).rstrip(".") in vocab.HONORIFICS and not parts
        token = token.strip(",!?;:") if is_title else token.strip(".,!?;:")
        low = fold(token).rstrip(".")
        if not token or not re.fullmatch(r"[^\W\d_][\w'.-]*", token):
            break
        if parts and low in vocab.HONORIFICS:
            break
        if low in vocab.NAME_STOP_WORDS and not (not parts and low in vocab.HONORIFICS):
            break
        parts.append(token)
    if not parts or all(fold(p) in vocab.HONORIFICS for p in parts):
        return None
    if strict_case and not parts[0][0].isupper() and not original.islower():
        return None
    return " ".join(p if p in vocab.NAME_PARTICLES else _name_case(p) for p in parts)


def _name_case(token: str) -> str:
    if token.isupper() and len(token) > 1 or token.islower():
        return "-".join("'".join(s.capitalize() for s in piece.split("'")) for piece in token.split("-")) \
            if not re.fullmatch(r"o'\w+", token.lower()) else "O'" + token[2:].capitalize()
    return token


_GREETING_BEFORE = re.compile(r"\b(" + "|".join(vocab.GREETINGS) + r")[\s,]*$", re.I)
_NAME_INTRO = re.compile(r"^(" + "|".join(w.replace("'", "'?") for w in vocab.NAME_INTROS) + r"|(" + "|".join(vocab.POLITE)
                         + r")( so much| again)?)\b[\s,!.:-]*", re.I)


_POLITE_AFTER = re.compile(r"[\s,!.-]*\b(" + "|".join(vocab.POLITE) + r")\b[\s!.]*$", re.I)


def find_name(text: str, name_awaited: bool, alone_ok: bool = False) -> tuple[str | None, tuple | None]:
    """(name, span). Patterns first ("this is Jen", "- Tom"); a bare reply when we asked for the
    name; a text that is only a full name, with alone_ok, whatever we asked (not the place)."""
    clean = text.replace("\u2019", "'")
    for pattern, strict in vocab.NAME_PATTERNS:
        for m in re.finditer(pattern, clean, flags=re.IGNORECASE):
            start = m.start("n")
            if _GREETING_BEFORE.search(clean[:start]):
                continue  # "Hi Carlos" greets the owner
            name = _clean_name(m.group("n"), strict, clean)
            if name and strict and not m.group("n")[0].isupper() and fold(name.split()[0]) not in FIRST_NAMES:
                continue  # lower-case "its touching the wire" is not a name; "its marisol" is
            if name:
                return name, (m.start(), start + len(m.group("n")))
    signed = _signature(clean)
    if signed[0]:
        return signed
    if not name_awaited:
        return _name_alone(clean) if alone_ok else (None, None)
    if name_awaited:
        bare = _NAME_INTRO.sub("", clean.strip(" .!"))
        bare = _POLITE_AFTER.sub("", _NAME_INTRO.sub("", bare))  # "Renata, thanks": the name is all there is
        couple = re.fullmatch(r"(?P<a>[^\W\d_][\w'.-]*)\s+(?:and|&|y)\s+(?P<b>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*)?)", bare.strip(" .!"))
        if couple and fold(couple.group("a")) in FIRST_NAMES:
            return _name_case(couple.group("a")) + " and " + " ".join(map(_name_case, couple.group("b").split())), (0, len(clean))
        if find_timeline(fold(bare), None)[2] and not (len(bare.split()) == 1 and fold(bare) in FIRST_NAMES):
            return None, None  # "whenever works" answers when, not who ("Jan" and "June" are still names)
        if 1 <= len(bare.split()) <= 3:
            name = _clean_name(bare, False, clean)
            if name and len(name.split()) == len(bare.strip(" .!").split()):
                return name, (0, len(clean))
    return None, None


def _signature(clean: str) -> tuple[str | None, tuple | None]:
    """A text signed with a full name as its own last sentence ("... call me back about this. Marcy Feld")."""
    parts = re.split(r"(?<=[.!?])\s+|\n+|\s+-\s+", clean.strip())
    if len(parts) < 2:
        return None, None
    name, _ = _name_alone(parts[-1])
    if not name:
        return None, None
    start = clean.rfind(parts[-1])
    return name, (start, start + len(parts[-1]))


def _name_alone(clean: str) -> tuple[str | None, tuple | None]:
    """A text that is only a name, whatever we asked ("Jose Maria Gutierrez" sent while we asked
    when): two or three capitalised words, the first a known first name, and nothing else in it."""
    words = clean.strip(" .!").split()
    names = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w in vocab.NAME_PARTICLES)]  # "Maria da Conceição"
    if not 2 <= len(names) <= 3 or len(words) > 4 \
            or not all(w[:1].isupper() and w.replace("'", "").replace("-", "").isalpha() for w in names):
        return None, None
    if fold(words[0]) not in FIRST_NAMES or find_timeline(fold(clean), None)[2]:
        return None, None
    if any(fold(w) in vocab.PLACE_WORDS for w in words):
        return None, None  # "Logan Square", "Jefferson Park": where, not who
    name = _clean_name(" ".join(words), False, clean)
    return (name, (0, len(clean))) if name and len(name.split()) == len(words) else (None, None)


# --- need ----------------------------------------------------------------------------------

_NEED_WORD_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, vocab.NEED_WORDS), key=len, reverse=True)) + r")(?:s|es)?\b")
_GENERIC_NEED = vocab.GENERIC_NEED_WORDS


def need_words_in(folded: str) -> set[str]:
    return set(m.group(1) for m in _NEED_WORD_RE.finditer(folded))


def has_specific_need(folded: str) -> bool:
    return bool(need_words_in(folded) - _GENERIC_NEED)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def condense_need(sentence: str) -> str:
    """The job in the caller's words, without greetings and lead-ins ("Hi, I need a ...")."""
    out = sentence.strip(" ,.!?-")
    for _ in range(3):
        before = out
        for pattern in vocab.NEED_LEADING_FILLER:
            out = re.sub(pattern, "", out, flags=re.IGNORECASE).strip(" ,.!?-")
        if out == before:
            break
    out = re.sub(r"[\s,]*\b(" + "|".join(vocab.POLITE) + r")\b[\s!.]*$", "", out, flags=re.I)
    # What led into a place or a time that was cut out ("backing up bad, at [1418 W Addison St]").
    for _ in range(3):
        out = re.sub(r"[\s,;-]*\b(" + "|".join(vocab.LINK_WORDS) + r")[\s,;.-]*$", "",
                     out, flags=re.I).strip(" ,.!?-")
    return out.strip(" ,.!?-")


def looks_like_first_name(text: str) -> bool:
    """A lone word that is a common first name ("Carla"), sent when we asked something else."""
    bare = text.strip(" .!,")
    return bool(re.fullmatch(r"[^\W\d_][\w'-]*( [^\W\d_][\w'-]*)?", bare)) and fold(bare.split()[0]) in FIRST_NAMES \
        and fold(bare.split()[0]) not in vocab.NAME_STOP_WORDS


def find_need(text: str, blanked: str, need_awaited: bool) -> str | None:
    """The job described in the message. `blanked` has address/name/timeline spans blanked out."""
    chosen, generic = [], []
    for sentence in sentences(blanked):
        folded = fold(sentence)
        if not folded or is_small_talk(folded) or asks_who_this_is(folded) or _about_the_call(folded):
            continue
        condensed = condense_need(re.sub(r"\s{2,}", " ", sentence))
        if not condensed or not re.search(r"[A-Za-z\u00c0-\u024f]", condensed):
            continue
        if has_specific_need(folded):
            chosen.append(condensed)
        elif need_words_in(folded) or (need_awaited and len(condensed.split()) >= 3 and not _is_question_only(folded)):
            generic.append(condensed)
    parts = chosen or generic
    if not parts:
        return None
    need = "; ".join(parts)
    return shorten(need, 140)


def _about_the_call(folded: str) -> bool:
    """ "I got a missed call from this number": about reaching us, not a job."""
    return bool(re.search(r"\b(missed call|a call from|call(ed)? from this|this number|texted me|got a (text|call))\b", folded)) \
        and not need_words_in(folded)


# Questions about us, not a job: a sentence that asks one of these and names no job is no need
# ("do you charge for a service call?", "do you guys do financing", "r u insured"). Not a price
# question: "how much for every other week cleaning" names the job it asks about.
_ABOUT_US = tuple(vocab.QUESTIONS[kind] for kind in ("payment", "free_estimate", "licensed", "hours"))


def _is_question_only(folded: str) -> bool:
    if any(re.search(pattern, folded) for pattern in _ABOUT_US):
        return True
    return bool(re.match(r"^(do|does|are|is|can|could|will|would) (you|u|y'?all|ya)\b.*\b(service|serve|cover|come|work|open|available|area)\b", folded))


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;") + "..."
