"""SMS text as carriers count it: the GSM-7 alphabet, segments, and look-alike characters."""

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
