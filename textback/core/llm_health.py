"""How the optional AI model is doing: every message the LLM engine handles is counted by day
(answered, or fell back to the built-in assistant and why), so an operator sees a model that
silently stopped helping: in `textback check`, GET /health/assistant and the Assistant settings."""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Sum

from textback.core import clock
from textback.core.models import LLMOutcome


def count(outcome, reason):
    """The LLM engine's on_outcome: one more message answered or fallen back (reason), today (UTC)."""
    row, _ = LLMOutcome.objects.get_or_create(day=clock.now().date(), outcome=outcome, reason=reason)
    LLMOutcome.objects.filter(id=row.id).update(count=F("count") + 1)


def summary(days=1):
    """{"answered": n, "fallback": n, "reasons": {reason: n}} over today and the days before it."""
    since = clock.now().date() - timedelta(days=days - 1)
    rows = LLMOutcome.objects.filter(day__gte=since).values("outcome", "reason").annotate(n=Sum("count"))
    found = {"answered": 0, "fallback": 0, "reasons": {}}
    for row in rows:
        found[row["outcome"]] = found.get(row["outcome"], 0) + row["n"]
        if row["outcome"] == LLMOutcome.FALLBACK:
            found["reasons"][row["reason"]] = found["reasons"].get(row["reason"], 0) + row["n"]
    return found


def in_words(found):
    """'answered 120 of 123 messages today; 3 fell back to the built-in assistant (unavailable 2, ...)'."""
    total = found["answered"] + found["fallback"]
    if not total:
        return "no caller message has reached it today"
    text = f"answered {found['answered']} of {total} messages today"
    if found["fallback"]:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(found["reasons"].items(), key=lambda r: -r[1]))
        text += f"; {found['fallback']} fell back to the built-in assistant ({reasons})"
    return text


def failing(found):
    """Most of today's messages fell back (at least 5 of them): the model is not helping."""
    return found["fallback"] >= 5 and found["fallback"] > found["answered"]


def configured():
    return bool(settings.LLM_BASE_URL)
