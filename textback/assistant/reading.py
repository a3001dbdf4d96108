"""Read: what one caller message says, before anything is decided.

    reading = read(text, lead)
    reading.intent     # opt_out | opt_in | help | wrong_number | solicitor | not_interested | existing_customer | None
    reading.hazard     # a key of hazards.HAZARDS (gas, water, no_heat...) or None
    reading.questions  # what the caller asks us: price, free_estimate, licensed, today, service_area, hours, shut_off, who
    reading.language   # the conversation's language: a pack's (en, es, pt) or another ISO 639-1 code (pl, vi...)
    reading.correction # the caller takes back something they said ("sorry, I meant 452 Maple")

The engine decides once from the reading (engine.respond) and says it from replies.py. The fields of
the lead (need, place, time, name) are read by extract.py and places.py in the engine's _absorb, since
what a bare reply means depends on the question it answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import extract, hazards, nonleads, vocab
from .text import fold


@dataclass
class Reading:
    folded: str
    intent: str | None = None
    hazard: str | None = None
    questions: list[str] = field(default_factory=list)
    language: str = "en"
    concepts: list[str] = field(default_factory=list)  # lasting hazard concepts of the conversation so far
    correction: bool = False  # "wait, it's at my mom's place": what it gives replaces what we had
    previous: str | None = None  # the caller's text before this one (an address may come in two)
    # What the AI model offers, when one is configured (llm.py), already checked: its condensed
    # wording of a need the rules read in this text, and its wording of our questions, by field.
    need_wording: str | None = None
    wording: dict = field(default_factory=dict)


def read(text: str, lead, history=()) -> Reading:
    folded = fold(text)
    settled = bool(lead.progress.asked or lead.need)  # they have written to us already: one foreign word switches nothing
    reading = Reading(folded=folded, language=extract.detect_language(text, lead.language, settled))
    reading.previous = next((body for role, body in reversed(list(history)) if role == "lead"), None)
    reading.intent = _intent(folded, lead)
    if reading.intent not in ("opt_out", "opt_in", "help"):
        earlier = frozenset(lead.progress.concepts)
        reading.hazard = hazards.find(text, earlier)
        reading.concepts = sorted(earlier | hazards.lasting_concepts(text))
        reading.questions = questions_in(folded)
        reading.correction = extract.is_correction(folded)
    return reading


def _intent(folded: str, lead) -> str | None:
    """Compliance first (it runs before anything else), then who is on the other end."""
    if lead.status == "opted_out":
        return "opt_in" if extract.is_opt_in(folded) else None
    if extract.is_opt_out(folded):
        return "opt_out"
    if extract.is_help(folded):
        return "help"
    return nonleads.classify(folded, has_job=bool(lead.need))


def questions_in(folded: str) -> list[str]:
    """The caller's questions to us, in the order we answer them (vocab.QUESTIONS)."""
    found = [kind for kind, pattern in vocab.QUESTIONS.items() if re.search(pattern, folded)]
    if "free_estimate" in found and "price" in found and not re.search(r"\b(how much|cost|price|pricing|rates?)\b", folded):
        found.remove("price")  # "do you charge for estimates?" asks about the estimate, not a price
    if extract.asks_who_this_is(folded):
        found.insert(0, "who")
    return found
