"""Text helpers: folding caller text for matching, and keeping our replies GSM-7."""
import re
import unicodedata

_LOOKALIKES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
}
_LOOKALIKE_RE = re.compile("|".join(map(re.escape, _LOOKALIKES)))

# GSM 03.38 basic character set; anything else turns a text into UCS-2 (70 chars a segment).
GSM7_BASIC = set(
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e"
    "\u00c6\u00e6\u00df\u00c9 !\"#\u00a4%&'()*+,-./0123456789:;<=>?\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
    "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"
)


def straighten(text: str) -> str:
    """Replace typographic look-alikes (curly quotes, dashes, odd spaces) with plain ASCII."""
    return _LOOKALIKE_RE.sub(lambda m: _LOOKALIKES[m.group(0)], text or "")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case, accent-free, look-alike-free, emoji-free, single-spaced text for pattern matching."""
    text = strip_accents(straighten(text)).lower()
    text = re.sub(r"[^\x00-\x7f]", " ", text)  # emoji and symbols carry no field we extract
    return re.sub(r"\s+", " ", text).strip()


def to_gsm7(text: str) -> str:
    """Make a reply safe for one GSM-7 segment: plain ASCII, no accents outside GSM-7."""
    text = straighten(text)
    out = []
    for ch in text:
        if ch in GSM7_BASIC:
            out.append(ch)
            continue
        plain = strip_accents(ch)
        out.append(plain if plain and all(c in GSM7_BASIC for c in plain) else "")
    text = re.sub(r"[ ]{2,}", " ", "".join(out)).strip()
    # templates may start a sentence with "the team"; a text reads better capitalised
    return re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def matches_any(patterns, folded: str) -> bool:
    return any(re.search(p, folded) for p in patterns)


def words(folded: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", folded)
