"""How the optional AI model is doing: every message the LLM engine handles is counted by day
(answered, or fell back to the built-in assistant and why), so an operator sees a model that
silently stopped helping: in `textback check`, GET /health/assistant and the Assistant settings.

And whether it may answer callers at all: a model is used only once a trial (`textback simulate
--gate`) showed it scoring at least the built-in assistant on the same cases (approved())."""

import collections
import contextlib
import contextvars
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Sum

from textback.core import clock
from textback.core.models import LLMOutcome, LLMTrial

# A trial in progress: its model answers although not approved yet, and its messages are counted here.
_trial = contextvars.ContextVar("llm_trial", default=None)
# approved() per process, for this long: a query per caller message would be one too many.
APPROVAL_TTL_SECONDS = 30
_approval_cache = {}
# A trial whose model left more than this share of messages to the built-in assistant proves nothing.
MOST_FALLBACKS_ALLOWED = 0.1


def count(outcome, reason):
    """The LLM engine's on_outcome: one more message answered or fallen back (reason), today (UTC)."""
    trial = _trial.get()
    if trial is not None:
        trial[outcome if outcome == LLMOutcome.ANSWERED else f"{outcome}: {reason}"] += 1
    row, _ = LLMOutcome.objects.get_or_create(day=clock.now().date(), outcome=outcome, reason=reason)
    LLMOutcome.objects.filter(id=row.id).update(count=F("count") + 1)


@contextlib.contextmanager
def trying():
    """The configured model answers inside this block, approved or not; yields its outcome counts."""
    counts = collections.Counter()
    token = _trial.set(counts)
    try:
        yield counts
    finally:
        _trial.reset(token)


def latest_trial():
    return LLMTrial.objects.filter(base_url=settings.LLM_BASE_URL, model=settings.LLM_MODEL).order_by("-tried_at").first()


def approved():
    """The configured model may answer callers: a trial is running, or its latest trial passed."""
    if _trial.get() is not None:
        return True
    key = (settings.LLM_BASE_URL, settings.LLM_MODEL)
    value, until = _approval_cache.get(key, (None, 0.0))
    if time.monotonic() >= until:
        trial = latest_trial()
        value = bool(trial and trial.approved)
        _approval_cache[key] = (value, time.monotonic() + APPROVAL_TTL_SECONDS)
    return value


def judge(cases, builtin_passed, llm_passed, checks, counts):
    """Record a trial; returns it, with `refusal` saying why it failed ("" when approved)."""
    answered = counts.get(LLMOutcome.ANSWERED, 0)
    handled = sum(counts.values())
    fell_back = handled - answered
    refusal = ""
    if not checks:
        refusal = "the cases have no \"expect\": there is nothing to compare"
    elif not handled or fell_back > MOST_FALLBACKS_ALLOWED * handled:
        reasons = ", ".join(f"{k.split(': ', 1)[-1]} {n}" for k, n in counts.items() if k != LLMOutcome.ANSWERED)
        refusal = (f"the model answered {answered} of {handled} messages; the others fell back to the built-in "
                   f"assistant ({reasons or 'no message reached it'}), so the trial says nothing about the model")
    elif llm_passed < builtin_passed:
        refusal = (f"the model passed {llm_passed} of {checks} checks, the built-in assistant {builtin_passed}: "
                   "it would answer callers worse")
    trial = LLMTrial.objects.create(base_url=settings.LLM_BASE_URL, model=settings.LLM_MODEL, cases=cases,
                                    builtin_passed=builtin_passed, llm_passed=llm_passed, checks=checks,
                                    approved=not refusal, tried_at=clock.now())
    _approval_cache.clear()
    trial.refusal = refusal
    return trial


def trial_in_words(trial):
    if trial is None:
        return "not tried yet: run `textback simulate --input CASES.jsonl --gate` to turn it on"
    verdict = "approved" if trial.approved else "refused"
    return (f"{verdict} on {trial.tried_at:%Y-%m-%d}: {trial.llm_passed} of {trial.checks} checks passed, "
            f"the built-in assistant {trial.builtin_passed}")


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
