"""Logging that keeps callers private: phone numbers masked in whatever reaches the log."""

import json
import logging
import re
from datetime import datetime, timezone

# E.164 numbers, US numbers as people write them, and bare 10-11 digit runs.
NUMBER = re.compile(r"\+\d{7,15}|\(\d{3}\)\s?\d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b|\b1?\d{10}\b")


def redact(text):
    """The text with every phone number in it masked like phones.masked (last four digits hidden)."""
    return NUMBER.sub(lambda m: m.group(0)[:-4] + "****", text or "")


# The secret part of a password-reset or sign-up link: /password-reset/<uid>/<token>.
LINK_TOKEN = re.compile(r"(/(?:password-reset|sign-up)/[^/]+/)[^/]+")


def redact_url(url):
    """A URL or path for the access log: without its query string (numbers, filters), the token of a
    reset or sign-up link hidden, any phone number left masked."""
    return redact(LINK_TOKEN.sub(r"\1****", (url or "").split("?", 1)[0]))


class MaskingFormatter(logging.Formatter):
    """The console formatter: a last line of defence for numbers in messages and tracebacks."""

    def format(self, record):
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """TEXTBACK_LOG_FORMAT=json: one JSON object a line, for a log collector, numbers masked too."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
