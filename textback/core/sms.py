"""SMS text as carriers count it: the GSM-7 alphabet, segments, and look-alike characters; and the
links that carriers filter in a first text."""

import re

# The GSM 03.38 basic alphabet and its extension table (extension characters cost two).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")

# Characters that phones and word processors slip in, each with its GSM-7 twin. One of them
# would turn the whole message into UCS-2 and can double its cost.
LOOKALIKES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u2026": "...", "\u200b": "", "\ufeff": "",
    # Added: accents typed as quotes, guillemets, bullets, tabs and Unicode line breaks, soft hyphens.
    "\u00b4": "'", "\u02bc": "'", "\u02b9": "'", "\u0060": "'", "\u00ab": '"', "\u00bb": '"',
    "\u2039": "'", "\u203a": "'", "\u2022": "-", "\u00b7": "-", "\u2043": "-", "\u2012": "-",
    "\t": " ", "\u2028": "\n", "\u2029": "\n", "\u00ad": "", "\u200c": "", "\u200d": "", "\u2060": "",
    "\u2008": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u3000": " ",
})

MAX_BODY = 1600  # Twilio's cap on one message


def clean(text):
    return text.translate(LOOKALIKES)


def encoding(text):
    return "GSM-7" if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text) else "UCS-2"


def segments(text):
    """How many SMS segments the text costs (0 for an empty text)."""
    if not text:
        return 0
    if encoding(text) == "GSM-7":
        units = sum(2 if c in GSM_EXTENDED else 1 for c in text)
        return 1 if units <= 160 else -(-units // 153)
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)  # UTF-16 code units
    return 1 if units <= 70 else -(-units // 67)


# A link: a scheme, www., or a bare domain with a common top-level domain (bit.ly, reyes.com/book).
# Carriers filter first texts that carry one; see outbox.queue.
LINK = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+"
    r"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|info|biz|us|co|io|ly|me|gl|gd|to|app|site|online|xyz|link|page|ai|tv|ws|cc|shop|store"
    r"|services|pro|club|top|live|click|plumbing|repair|contractors|construction|llc)\b(?:/\S*)?"
)


def has_link(text):
    return bool(LINK.search(text or ""))


def strip_links(text):
    """The text without its links (and the spaces they leave)."""
    stripped = LINK.sub("", text or "")
    stripped = re.sub(r"[ \t]+([.,;:!?])", r"\1", stripped)
    return re.sub(r"[ \t]{2,}", " ", stripped).strip()
