"""Emergencies by concept: a hazard is a combination of concepts found in the message, not a phrase.

    hazards.find("the celing is drippin and the light fixture is full of water")  -> "water_electric"

How a message is read:
1. spelling: every word is folded (lower case, no accents) and, when it is not a word we know, corrected
   to the nearest word of the concept lexicon below (rapidfuzz, one or two typing slips, same first
   letter): "flodding" -> "flooding", "elecrical" -> "electrical", "furnance" -> "furnace". Run-on
   words are split ("gassmell" -> "gas smell"); a word spelt as it sounds is read as the word it
   spells ("fumassa" -> "fumaca", a pack's SOUNDS_ALIKE). The concept words and the grammar words
   (negation, modals, worry, "but", degrees) are every language pack's (languages/*.py).
2. concepts: each CONCEPTS entry lists the short word patterns that say one idea ("water where it must
   not be", "someone vulnerable", "freezing"). A match that is negated ("no smell now", "not leaking
   yet"), hypothetical ("worried it will burst someday") or in the past ("the leak last year") does
   not count; when a concept is denied "now" ("no smell now", "not anymore"), the whole message loses it.
3. hazards: HAZARDS names each hazard by the sets of concepts that make it (any set is enough).
   The first hazard in HAZARDS that the message makes is the one; its safety line is in replies.SAFETY.

Adding a hazard: add its concepts (or reuse some) to each language pack's HAZARD_WORDS (languages/*.py),
a line in HAZARDS, a safety line in each pack's SAFETY (and shut-off help in SHUT_OFF if there is
one), and cases in tests/assistant/corpus.jsonl.
"""
from __future__ import annotations

import functools
import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import languages
from .text import fold

# The grammar around a concept, every language pack's words (NEGATIONS, MODALS, HYPOTHETICAL...).
_NEG_BEFORE = "(" + languages.alternation("NEGATIONS") + ")"
_HYPOTHETICAL = r"\b(" + languages.alternation("HYPOTHETICAL") + r")\b"
_MODAL = "(" + languages.alternation("MODALS") + ")"
_AFTER_DENIAL = r"^\W*(\w+ ){0,2}(yet|anymore|any more|someday|eventually|one day|at some point|in the future|down the road|stopped|went away|is gone|are gone|is fixed|got fixed|was fixed|all good)\b"
_PAST = r"\b(" + languages.alternation("PAST") + r")\b"  # "the leak last year": not now
_NOW_DENIED = r"\b(" + languages.alternation("NOW_DENIED") + r")\b"
# "no smell now": a clause that denies a sense now takes back the concepts that sense says.
_WET = frozenset(("water", "water_strong", "flooding"))
_OUTDOORS = re.compile(r"\b(" + languages.alternation("OUTDOORS") + r")\b")  # water there is no emergency...
_INDOORS = re.compile(r"\b(" + languages.alternation("INDOORS") + r")\b")  # ...unless it is inside too
_WATER_SMELL = re.compile(r"\b(water|well|faucet|tap|shower|sink)\b (\w+ ){0,3}smel\w*")
_INTENDED_FIRE = re.compile(r"\b(light|lit|start|started|make|made|build|built|lighting|starting|making|building|have|had|use) (a |the |our )?fire")
_DENIAL_NOW = re.compile(r"\b(no|not|dont|doesnt|cant|isnt|arent|stopped|gone|went away)\b.*\b(now|anymore|any more|no longer)\b"
                         r"|\b(" + languages.alternation("DENIED_ALONE") + r")\b")
_SENSES = {"smell": ("gas", "burning_smell", "electric_sign"), "odor": ("gas", "burning_smell"),
           "leak": ("water", "water_strong", "flooding"), "leaking": ("water", "water_strong", "flooding"),
           "water": ("water", "water_strong", "flooding"), "dripping": ("water",), "sparks": ("electric_sign", "burning_smell"),
           "sparking": ("electric_sign", "burning_smell"), "smoke": ("electric_sign", "appliance_smoke", "fire"),
           "buzzing": ("electric_sign",), "hissing": ("gas",), "alarm": ("co_alarm",)}

# concept -> patterns: each language pack's HAZARD_WORDS, joined (languages.hazard_words()).
CONCEPTS = languages.hazard_words()

# hazard -> the sets of concepts that make it (any one set), in order of precedence.
HAZARDS = {
    "gas": ({"gas"},),
    "co": ({"co_alarm"},),
    "live_wire": ({"line_down"},),
    "electrical": ({"electric_thing", "electric_sign"}, {"burning_smell"}),
    "fire": ({"fire"}, {"appliance_smoke"}),
    "water_electric": ({"water", "electric_thing", "same_clause"},),
    "tree_on_house": ({"tree_on_structure"},),
    "roof_open": ({"roof_hole", "rain_now"}, {"roof_collapse"}, {"water", "raining_now", "structure"}),
    "water": ({"flooding"}, {"burst_pipe"}, {"water", "water_strong"}, {"water_in_ceiling", "water"}),
    "sewage": ({"sewage"},),
    "no_heat": ({"heat_loss", "freezing"}, {"heat_loss", "vulnerable"}),
    "frozen_pipes": ({"frozen_pipes"},),
    "no_cooling": ({"cooling_loss", "extreme_heat"}, {"cooling_loss", "vulnerable", "heat_felt"}),
    "lockout": ({"locked_out", "vulnerable"}, {"locked_out", "pet"}),
}
KINDS = tuple(HAZARDS)

_COMPILED = {name: [re.compile(r"\b(?:" + p + r")\b") for p in patterns] for name, patterns in CONCEPTS.items()}
_CLAUSE_SPLIT = re.compile(r"[.!?;\n]+|,|\b(?:" + languages.alternation("BUT") + r")\b|\s-\s")
_TEMPERATURE = re.compile(
    r"(?P<a>-?\d{1,3}) ?(?:" + languages.alternation("DEGREES") + r")\b"
    r"|(?:its|it is|only|at|is|like|be|hit|reach|says|reads|shows|showing|down to) (?P<b>-?\d{1,3})(?= (?:in here|inside|in the house|outside|out|tonight|today))"
    r"|(?:its|it is|like|hit|reached|over|almost) (?P<c>9\d|1[0-2]\d)\b(?! (?:\w+ )?(?:st|ave|rd|dr|ln|street|avenue|road|drive|lane|ct|blvd|way)\b)"
    r"|(?P<d>\d{1,2}) below")
_INSIDE = re.compile(r"\b(inside|in here|in the house|house is|home is|apartment is|thermostat)\b")

# Words never corrected: ordinary words one slip away from a lexicon word ("fine" is not "fire").
_KEEP = frozenset("""
fine find file five wife wise wine wide wipe wore were here hire hers heard hear head heal heap hers held help hold
told cold could would should sold bold gold fold mold hole role pole whole lead lean lend leap lame late later water
waiter wafer safer small spell shell sell tell well will wall fall hall ball call tall mall bell fell felt heat meat
neat beat seat that what flat float flour floor flow glow slow show shot spot spit spin spine spare stark start
smart smell smile spoke smoky stoke stroke strike bust best rest test most must just dust lust bursts frost front
frozen dozen burn born barn turn torn horn corn worn warn warm worm form farm harm farms arms aims times tires tired
tree three there their where trees treat street pine pint pipe ripe type wipe tipe mine line lime like link life
live love lose lost lots list lift gift left sift sink mink pink wink drink drip trip grip ship slip clip chip
sparky sparks spark parks park marks mark dark bark fish dish wish wash cash case cast vast fast past last mast
heater heaters hater eater later gather rather father mother brother other outer outlets outlet inlet toilet
panels panel pane pale page sage wage cage rage gale sale tale kale vale male bale dale hale yale
flooring flooding flooded floored blooded bleeding breeding reading leading lending landing standing
burning turning tuning learning earning warning morning mourning
leaking leaning leaving leafing loading looking locking lacking licking
""".split())


# The words the speller corrects towards: every word that matters to a concept, in full.
LEXICON = languages.words("LEXICON")


def _pattern_words() -> frozenset:
    """The literal words of the concept patterns: words the patterns need as written."""
    found = set()
    for patterns in CONCEPTS.values():
        for p in patterns:
            plain = re.sub(r"[a-z]+\\w[*+]", " ", p)  # stems ("smok\w*") are not words
            plain = re.sub(r"\\[wsdb][*+?]?|\(\?[!=:<][^)]*\)|\{[^}]*\}|[\\^$.*+?()\[\]|]", " ", plain)
            found.update(w for w in plain.split() if w.isalpha() and len(w) >= 4)
    return frozenset(found)


_PROTECTED = LEXICON | _pattern_words()  # never corrected; only LEXICON words are correction targets


def _plausible_inflection(word: str) -> bool:
    """"drips", "rains", "failing": an ending on a word we know is not a slip."""
    for ending in ("s", "es", "ed", "ing", "er", "ers", "y"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and (stem in LEXICON or stem in _KEEP or stem + "e" in LEXICON):
            return True
    return False


@functools.lru_cache(maxsize=8192)
def correct(word: str) -> str:
    """The lexicon word this word was meant to be ("flodding" -> "flooding"), or the word itself.
    One slip for words up to seven letters, two beyond; the first letter must agree; a four-letter
    word is only ever missing a letter ("smel"); ordinary neighbours ("fine", "wife") are kept."""
    if len(word) < 4 or word in _PROTECTED or word in _KEEP or not word.isalpha() or _plausible_inflection(word):
        return word
    for written, meant in _SOUNDS_ALIKE:  # "fumassa" -> "fumaca", "xeiro" -> "cheiro": spelt as it sounds
        if written in word and word.replace(written, meant) in LEXICON:
            return word.replace(written, meant)
    limit = 1 if len(word) <= 7 else 2
    match = process.extractOne(word, _LEXICON_LIST, scorer=OSA.distance, score_cutoff=limit)
    if match and match[0][0] == word[0] and (len(word) > 4 or len(match[0]) == 5):
        return match[0]
    if len(word) >= 7:  # run-ons: "gassmell", "waterheater"
        for i in range(2, len(word) - 2):
            left, right = word[:i], word[i:]
            if (left in LEXICON or left in _SHORT) and (right in LEXICON or right in _SHORT):
                return f"{left} {right}"
    return word


_LEXICON_LIST = sorted(LEXICON)
_SOUNDS_ALIKE = languages.union("SOUNDS_ALIKE")  # each pack's spellings of the same sound
_SHORT = frozenset("gas hot co ac air fire wire leak heat tree line pipe".split())


def normalise(text: str) -> str:
    """Folded words, apostrophes dropped, each spelling slip corrected (punctuation kept for clauses)."""
    folded = fold(text).replace("'", "")
    return re.sub(r"[a-z]+", lambda m: correct(m.group(0)), folded)


def _counts(clause: str, m: re.Match, concept: str) -> bool:
    """A concept's match counts unless it is negated, hypothetical or in the past."""
    before = clause[:m.start()].rstrip() + " "
    if concept not in ("heat_loss", "cooling_loss", "water_strong") and re.search(r"\b" + _NEG_BEFORE + r"( \w+){0,2} $", before):
        return False
    if re.search(r"\b" + _MODAL + r"( \w+)? $", before) and not re.search(r"\b(smell|see|hear|feel|tell)\w* $", before):
        return False  # "it could burst" is not now; "I can smell burning" is
    if concept not in ("heat_loss", "cooling_loss") and re.search(r"\b" + _MODAL + r"\b", m.group(0)):
        return False  # "the pipe could burst", "o cano pode estourar": the modal inside the match
    if re.search(_HYPOTHETICAL, before):
        return False
    if concept not in ("heat_loss", "cooling_loss") and re.search(_AFTER_DENIAL, clause[m.end():]):
        return False
    return not re.search(_PAST, clause)


def concepts_in(text: str) -> tuple[set[str], list[set[str]]]:
    """(concepts of the whole message, concepts of each clause)."""
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(normalise(text)) if c and c.strip()]
    found, per_clause, denied_now = set(), [], set()
    for clause in clauses:
        here = set()
        for concept, patterns in _COMPILED.items():
            for pattern in patterns:
                for m in pattern.finditer(clause):
                    if _counts(clause, m, concept):
                        here.add(concept)
                    elif re.search(_NOW_DENIED, clause):
                        denied_now.add(concept)
        if "gas" in here and _WATER_SMELL.search(clause) and not re.search(r"\bgas\b", clause):
            here.discard("gas")  # well water smelling of rotten eggs is sulfur in the water, not a gas leak
        if "fire" in here and _INTENDED_FIRE.search(clause) and not re.search(r"\b(on fire|caught fire|out of control|spread\w*)\b", clause):
            here.discard("fire")  # "when we light a fire" in the fireplace
        here |= _temperature_concepts(clause)
        if here & _WET and _OUTDOORS.search(clause) and not _INDOORS.search(clause):
            here -= _WET  # "water everywhere in the yard" is not water where it must not be
        if _DENIAL_NOW.search(clause):
            denied_now.update(c for word in clause.split() for c in _SENSES.get(word, ()))
        per_clause.append(here)
        found |= here
    return found - denied_now, [c - denied_now for c in per_clause]


def _temperature_concepts(clause: str) -> set[str]:
    out = set()
    for m in _TEMPERATURE.finditer(clause):
        degrees = int(m.group('a') or m.group('b') or m.group('c') or -int(m.group('d')))
        inside = bool(_INSIDE.search(clause))
        if degrees <= 35 or inside and degrees <= 55:
            out.add("freezing")
        if degrees >= 97 or inside and degrees >= 88:
            out.add("extreme_heat")
    return out


# Concepts that stay true for the rest of the conversation: "AC is out" then, two texts later, "it's 115
# and my wife is pregnant" is the same hazard.
LASTING = frozenset(("heat_loss", "cooling_loss", "freezing", "extreme_heat", "vulnerable", "pet", "locked_out", "water"))


def find(text: str, earlier: frozenset = frozenset()) -> str | None:
    """The hazard happening now in this message (a key of HAZARDS), or None. `earlier`: the lasting
    concepts of the conversation's earlier messages (see lasting_concepts)."""
    return _find(text, earlier)[0]


def lasting_concepts(text: str) -> frozenset:
    return _find(text, frozenset())[1]


@functools.lru_cache(maxsize=1024)
def _find(text: str, earlier: frozenset) -> tuple[str | None, frozenset]:
    found, per_clause = concepts_in(text)
    lasting = frozenset(found & LASTING)
    found = found | earlier
    return _hazard(found, per_clause), lasting


def _hazard(found: set, per_clause: list) -> str | None:
    if not found:
        return None
    for kind, combinations in HAZARDS.items():
        for needed in combinations:
            if "same_clause" in needed:
                if any(needed - {"same_clause"} <= clause for clause in per_clause):
                    return kind
            elif needed <= found:
                return kind
    return None
