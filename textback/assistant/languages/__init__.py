"""Language packs: one module per language the assistant speaks (en.py, es.py, pt.py), each with the
same names: the words it reads (consent keywords, opt-out phrases, non-lead cues, need, time and name
words, the caller's questions, hazard concept words and the grammar words around them) and the
texts it sends (questions, acknowledgements, safety lines, answers...).

Reading joins every pack (vocab.py, hazards.CONCEPTS): a caller mixes languages, and an opt-out or an
emergency counts whatever language we thought they wrote. Saying uses the conversation's pack only
(replies.py); a language without a pack is answered in English (`Texts`), and only with the short
hand-off of engine._other_language_turn, never the lead-form questions.

Adding a language: copy es.py to xx.py (xx: its ISO 639-1 code, NAME its name in lingua, which
detect.py reads), translate, add it to PACKS, and cases in tests/assistant/corpus.jsonl.
"""
from __future__ import annotations

from . import en, es, pt

PACKS = {pack.CODE: pack for pack in (en, es, pt)}  # English first: its patterns are tried first


def union(name: str) -> tuple:
    """One tuple of a pattern or word list, every pack's in turn (a pack may not have it)."""
    return tuple(item for pack in PACKS.values() for item in getattr(pack, name, ()))


def words(name: str) -> frozenset:
    return frozenset(union(name))


def joined(name: str) -> dict:
    """A dict of patterns by kind ("price": r"..."), each kind the alternation of every pack's."""
    out: dict[str, list[str]] = {}
    for pack in PACKS.values():
        for kind, pattern in getattr(pack, name, {}).items():
            out.setdefault(kind, []).append(pattern)
    return {kind: "|".join(patterns) for kind, patterns in out.items()}


def hazard_words() -> dict:
    """concept -> the patterns of every pack (hazards.CONCEPTS)."""
    out: dict[str, tuple] = {}
    for pack in PACKS.values():
        for concept, patterns in pack.HAZARD_WORDS.items():
            out[concept] = out.get(concept, ()) + tuple(patterns)
    return out


def alternation(name: str) -> str:
    """Every pack's words of one kind as a regex alternation ("no|not|never|nao|sin...")."""
    return "|".join(union(name))


class Texts(dict):
    """A reply by language code, English for a language without a pack (flat keys such as
    "pl_after_hours" fall back to "en_after_hours")."""

    def __missing__(self, key):
        code, _, variant = key.partition("_")
        if code == "en":
            raise KeyError(key)
        return self["en_" + variant if variant else "en"]


def texts(name: str) -> Texts:
    """replies.X: {code: pack.X} for every pack that has it. FLAT_TEXTS are dicts of variants
    ({"": ..., "after_hours": ...}), looked up flat: "es", "es_after_hours"."""
    out = Texts()
    for code, pack in PACKS.items():
        value = getattr(pack, name, None)
        if value is None:
            continue
        if name in FLAT_TEXTS:
            out.update({code + ("_" + variant if variant else ""): text for variant, text in value.items()})
        else:
            out[code] = value
    return out


FLAT_TEXTS = ("FIRST", "CLOSE")  # looked up as "es_after_hours" by the engine


def name_of(code: str) -> str:
    """The language's English name for the owner ("Polish"), the code itself when unknown."""
    from .detect import NAMES

    return PACKS[code].NAME if code in PACKS else NAMES.get(code, code)
