"""The owner's own answers to the questions callers ask them (Business.faq: "Do you offer financing?
Yes, through GreenSky." a line), matched to what a caller asks by meaning, not by the exact words:
the key words of the owner's question, each found in the caller's text as written or with a typing
slip or another ending ("financing" / "finance" / "financin"), rapidfuzz deciding what is near.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from . import languages
from .text import fold, words

STOP_WORDS = languages.words("FAQ_STOP_WORDS")  # every pack's question and filler words
MAX_ENTRIES, MAX_ANSWER = 15, 300


def parse(text: str) -> list[tuple[str, str]]:
    """The owner's lines as (question, answer); raises ValueError saying which line is not one."""
    entries = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        question, mark, answer = line.partition("?")
        if not mark or not question.strip() or not answer.strip():
            raise ValueError(f'line {number}: write the question with its "?" and then the answer, '
                             'e.g. "Do you offer financing? Yes, through GreenSky."')
        if len(answer.strip()) > MAX_ANSWER:
            raise ValueError(f"line {number}: keep the answer under {MAX_ANSWER} characters (it goes out by text)")
        entries.append((question.strip() + "?", answer.strip()))
    if len(entries) > MAX_ENTRIES:
        raise ValueError(f"at most {MAX_ENTRIES} questions")
    return entries


def parse_or_none(text: str) -> list[tuple[str, str]]:
    """The stored lines (checked when saved); lines that do not parse any more are left out."""
    try:
        return parse(text)
    except ValueError:
        return [entry for line in (text or "").splitlines() for entry in _parse_line(line)]


def _parse_line(line: str) -> list[tuple[str, str]]:
    try:
        return parse(line)
    except ValueError:
        return []


def key_words(question: str) -> list[str]:
    return [w for w in words(fold(question)) if len(w) >= 3 and w not in STOP_WORDS and not w.isdigit()]


def answer_for(faq, text: str) -> tuple[int, str] | None:
    """(the entry's index, the owner's answer) for the question this text asks, or None."""
    questions = [part for part in re.split(r"(?<=\?)|[.!\n]+", text or "") if part.strip() and _asks(part.strip())]
    said = [w for part in questions for w in words(fold(part)) if len(w) >= 3]  # "...? need a new water heater" is no question
    if not said:
        return None
    best = None
    for index, (question, answer) in enumerate(faq or ()):
        keys = key_words(question)
        if not keys:
            continue
        found = sum(any(_near(key, word) for word in said) for key in keys)
        if found == len(keys) or len(keys) >= 3 and found >= len(keys) - 1:
            if best is None or found / len(keys) > best[0]:
                best = (found / len(keys), index, answer)
    return (best[1], best[2]) if best else None


def _near(key: str, word: str) -> bool:
    if key == word or min(len(key), len(word)) >= 5 and (key[:5] == word[:5]):
        return True  # "financing" / "finance", "cleaning" / "clean" is too short to tell from "clear"
    return len(word) >= 4 and fuzz.ratio(key, word) >= 85


def _asks(text: str) -> bool:
    folded = fold(text)
    return "?" in text or bool(re.match(r"^((hey|hi|hello|so|also|and|oh|ok|okay|um|yeah|quick question|question)[\s,]+)*"
                                        r"(do|does|can|could|will|would|are|is|how|hows|what|whats|when|where|who|which)\b", folded)) \
        or bool(re.search(r"\b(wondering|want to know|wanted to know|curious)\b", folded))
