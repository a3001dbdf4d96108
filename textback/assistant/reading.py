"""Read: what one caller message says, before anything is decided.

    reading = read(text, lead)
    reading.intent     # opt_out | opt_in | help | wrong_number | solicitor | not_interested | existing_customer | None
    reading.hazard     # a key of hazards.HAZARDS (gas, water, no_heat...) or None
    reading.questions  # what the caller asks us: price, payment, free_estimate, licensed, today, service_area, hours, shut_off, who
    reading.language   # the conversation's language: a pack's (en, es, pt) or another ISO 639-1 code (pl, vi...)
    reading.correction # the caller takes back something they said ("sorry, I meant 452 Maple")

The engine decides once from the reading (engine.respond) and says it from replies.py. The fields of
the lead (need, place, time, name) are read by extract.py and places.py in the engine's _absorb, since
what a bare reply means depends on the question it answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import extract, hazards, languages, nonleads, vocab
from .places import find_place
from .text import fold


@dataclass
class Reading:
    folded: str
    intent: str | None = None
    hazard: str | None = None
    questions: list[str] = field(default_factory=list)
    language: str = "en"
    concepts: list[str] = field(default_factory=list)  # lasting hazard concepts of the conversation so far
    scope: str | None = None  # "do you guys do pianos?": what they ask whether we do ("pianos")
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
        asked_about = do_you_do(text)
        if asked_about and asked_about[0] == "scope":  # "do yall service tankless heaters?": a job, not a town
            reading.questions = [q for q in reading.questions if q != "service_area"] + ["scope"]
            reading.scope = asked_about[1]
        elif asked_about and "service_area" not in reading.questions:
            reading.questions.append("service_area")
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


# Every pack's "do you do ...?" (languages/*.py DO_YOU_DO), over the text as written (capitals tell a town).
_DO_YOU_DO = re.compile(r"(?i:" + "|".join(languages.union("DO_YOU_DO")) + r")\s+(?P<what>[^?.!,;]{2,40}?)\s*(?:\?|$)")


def do_you_do(text: str) -> tuple[str, str | None] | None:
    """ "do you guys do Lake Oswego?" asks where we work; "do you do pianos?" whether we do that job:
    ("service_area", None) or ("scope", "pianos"), told apart by the place in it."""
    m = _DO_YOU_DO.search(text)
    if not m:
        return None
    what = m.group("what").strip(" ,")
    if re.search(vocab.QUESTIONS["payment"], fold(what)):
        return None  # "do you do financing?" asks how to pay: answered as a question, not as a job
    if find_place(what, location_awaited=True).city or what[:1].isupper() and not what.startswith("I "):
        return "service_area", None
    if len(what.split()) > 4 or extract.find_timeline(fold(what), None)[2]:
        return None
    return "scope", re.sub(r"^(a|an|the|your|my|our|some)\s+", "", what, flags=re.I)


# Which of the two a text that matches both "price" and "free_estimate" asks (every pack's words).
_ASKS_A_PRICE = "|".join(languages.union("ASKS_A_PRICE"))
_NAMES_AN_ESTIMATE = "|".join(languages.union("NAMES_AN_ESTIMATE"))


def questions_in(folded: str) -> list[str]:
    """The caller's questions to us, in the order we answer them (vocab.QUESTIONS)."""
    found = [kind for kind, pattern in vocab.QUESTIONS.items() if re.search(pattern, folded)]
    if "free_estimate" in found and "price" in found:
        # One answer about cost, never two. "do you charge for estimates?" asks about the estimate;
        # "how much do you charge for a service call?" asks a price (the fee, where the owner set one).
        asks_price, about_estimate = re.search(_ASKS_A_PRICE, folded), re.search(_NAMES_AN_ESTIMATE, folded)
        found.remove("free_estimate" if asks_price and not about_estimate else "price")
    if extract.asks_who_this_is(folded):
        found.insert(0, "who")
    return found
