"""Phone numbers as providers hand them to us, and whether one can be texted."""

import re

import phonenumbers

# Withheld caller ID arrives as words or as the keypad spelling of those words.
WITHHELD_WORDS = {"anonymous", "restricted", "unknown", "unavailable", "blocked", "private", "withheld"}
WITHHELD_DIGITS = {"+266696687", "+7378742833", "+8656696", "+86282452253", "+2562533"}

# A sender as a provider's webhook names it: E.164 (withheld IDs' keypad forms and short codes
# included), or an alphanumeric sender ID or withheld-ID word (letters, digits, spaces; at most 11).
# Nothing else, so no formula gets stored.
SENDER = re.compile(r"\+?\d{2,15}|(?=[A-Za-z0-9 ]{1,11}\Z)[0-9 ]*[A-Za-z][A-Za-z0-9 ]*")


class NotTextable(ValueError):
    """Why a caller ID cannot be texted; str() is the reason shown to the owner."""


def textable(raw, region="US"):
    """The E.164 form of a caller ID that can receive a text, or NotTextable with the reason."""
    raw = (raw or "").strip()
    if not raw or raw.lower().strip("+") in WITHHELD_WORDS or raw in WITHHELD_DIGITS:
        raise NotTextable("caller ID withheld")
    digits = re.sub(r"\D", "", raw)
    if 3 <= len(digits) <= 6 and not raw.startswith("+"):
        raise NotTextable("short code")
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise NotTextable("invalid number") from None
    if not phonenumbers.is_valid_number(parsed):
        raise NotTextable("invalid number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def e164(raw, region="US"):
    """Normalise a number someone typed (an owner's cell, a business number); ValueError if invalid."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as e:
        raise ValueError(f"{raw!r} is not a phone number: {e}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{raw!r} is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def pretty(number):
    """(312) 555-0101 for US numbers, the international form otherwise."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return number
    fmt = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(parsed, fmt.NATIONAL if parsed.country_code == 1 else fmt.INTERNATIONAL)


def masked(number):
    """For logs: enough to tell numbers apart, not enough to identify a person."""
    return number[:-4].rstrip() + "****" if len(number or "") > 6 else "****"
