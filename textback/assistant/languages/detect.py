"""Which language a caller writes in: a pack's language (en, es, pt) or any other, as its ISO 639-1 code.

Decided from what the caller writes in words: a house number and the words after it, and capitalised
words (names, streets, towns), are left out, so "2231 Calle Esperanza" or "Thiago Oliveira" switch
nothing. The detector is lingua (already a dependency, deterministic, offline): trigram models, low
accuracy mode, which is what tells languages apart in short texts when a second signal backs it:
- a pack language needs its own words (the pack's MARKERS) or letters (ACCENTS) besides lingua's say-so;
  once a conversation is under way in English, one such word ("obrigado", "gracias") is not enough;
- another language needs a script of its own (Cyrillic, Chinese, Hangul, Arabic...) or, in Latin
  letters, lingua's guess confirmed by two of that language's function words (OTHER_WORDS) or its
  letters: lingua alone calls "Tewksbury" Tagalog. Haitian Creole, which lingua lacks, is told from
  French by its function words.
A conversation never goes back to English (replies stay in one language); between two packs it moves
only on strong evidence.
"""
from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetectorBuilder

from . import PACKS
from ..text import fold


def _detector(*languages):
    # Models are shared between detectors: each language's trigrams load once per process.
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return builder.with_preloaded_language_models().with_low_accuracy_mode().build()


def _lingua(code: str) -> Language:
    return getattr(Language, PACKS[code].NAME.upper())


# A pack's language against English (the test each pack passes alone: ~1 MB a language), and all packs
# together to tell Spanish from Portuguese.
_AGAINST_ENGLISH = {code: _detector(Language.ENGLISH, _lingua(code)) for code in PACKS if code != "en"}
_PACKS_DETECTOR = _detector(*(_lingua(code) for code in PACKS))

# Languages without a pack we can name to the owner: common in US home services. Their models are
# loaded on the first text that looks like one (~20 MB), not in every process.
OTHER = {"pl": Language.POLISH, "vi": Language.VIETNAMESE, "zh": Language.CHINESE, "ru": Language.RUSSIAN,
         "uk": Language.UKRAINIAN, "fr": Language.FRENCH, "ko": Language.KOREAN, "ar": Language.ARABIC,
         "tl": Language.TAGALOG, "it": Language.ITALIAN, "de": Language.GERMAN, "ja": Language.JAPANESE,
         "hi": Language.HINDI, "fa": Language.PERSIAN, "el": Language.GREEK, "he": Language.HEBREW,
         "th": Language.THAI, "so": Language.SOMALI}
NAMES = {code: language.name.title() for code, language in OTHER.items()} | {"ht": "Haitian Creole"}

# Words only (or mostly) that language's writers use, folded; two confirm lingua's guess in Latin letters.
OTHER_WORDS = {
    "pl": set("nie sie mam mamy czy jak dzien dobry prosze dziekuje potrzebuje moze mozecie jutro dzisiaj kogos jest "
              "przyjechac mieszkam pan pani bardzo juz tak domu wody naprawy wymiany".split()),
    "fr": set("je vous nous est pour avec bonjour merci besoin voudrais une des les pas mon mes chez dans oui tres "
              "devis maison j'ai c'est salon repeindre fuite eau".split()),
    "ht": set("mwen nou li yo pa ak nan kay gen genyen bezwen ki pou tanpri mesi bonjou anko kounye sa ka vin fe dlo "
              "limye yon ap map frijide".split()),
    "tl": set("po ang ng mga ako kami namin ko hindi salamat magandang kailangan tulong lang ay opo paki aming "
              "bahay".split()),
    "vi": set("toi khong duoc nha chao xin cam anh chi bi roi lam nuoc".split()),
    "it": set("sono ho abbiamo grazie buongiorno vorrei della non il che perche bagno cucina perdita acqua".split()),
    "de": set("ich wir nicht und ist das die der bitte danke brauche haben guten tag morgen heizung wasser".split()),
    "so": set("waxaan waa iyo aan ku ka biyaha guriga mahadsanid".split()),
}
OTHER_LETTERS = {"pl": "ąćęłńśźż", "vi": "ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ", "fr": "œëïÿ", "de": "ß"}
_FOREIGN_LETTERS = frozenset("".join(OTHER_LETTERS.values()))
ENGLISH_WORDS = set("the a an and to of in for my is are we i you it this that can need have has with on at be will "
                    "please thanks our your".split())

_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
                        r"\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

# A house number and the words after it ("2231 Calle Esperanza"), and words written with a capital
# (names, streets, towns): what a text says in a language is in the rest of it.
_ADDRESS_SPAN = re.compile(r"\b\d+[a-z]?\b(?:[ \t]+[^\s,;.!?]+){0,4}", re.I)
_CAPITALISED = re.compile(r"\b[A-Z\u00c0-\u00dd][\w\u00c0-\u00ff'-]*")


def language_words(text: str) -> str:
    """The text without its address and its capitalised words, unless it is written all in capitals."""
    text = _ADDRESS_SPAN.sub(" ", text)
    return text if text.isupper() else _CAPITALISED.sub(" ", text)


def detect(text: str, current: str, settled: bool = False) -> str:
    """The conversation's language after this text. `current`: its language so far; `settled`: the
    caller has already written to us in it (one word of another language then switches nothing)."""
    if _NON_LATIN.search(text) and len(_NON_LATIN.findall(text)) > len(_LATIN.findall(text)):
        return _other(text, non_latin=True) or current
    words_text = language_words(text) if current else text
    alpha = [w for w in re.findall(r"[a-z0-9']+", fold(words_text)) if w.isalpha()]
    if not alpha:
        return current
    if any(c in _FOREIGN_LETTERS for c in words_text.lower()):  # "không", "dziękuję": no pack's letters
        return _other(words_text, non_latin=False, alpha=alpha) or current
    pack, own_words = _pack_language(words_text, alpha, strict=settled and current == "en")
    if current not in ("en", "", None) and current in PACKS:
        return pack if pack and pack != current and _switches(words_text, alpha, current, pack) else current
    if pack and own_words:
        return pack
    if current in ("en", "", None) and len(alpha) >= 3 and sum(w in ENGLISH_WORDS for w in alpha) <= 1:
        other = _other(words_text, non_latin=False, alpha=alpha)  # lingua's say-so alone is no pack language
        if other:
            return other
    return pack or current


def _pack_language(text: str, alpha: list[str], strict: bool) -> tuple[str | None, int]:
    """(the pack language this text is written in, if any: its words and lingua agreeing; how many of
    its own words and letters it has). Spanish and Portuguese share words ("casa", "por favor"): the
    words only one of them has tell them apart, then the detector of all packs."""
    found = {}
    for code, pack in PACKS.items():
        if code == "en":
            continue
        markers = sum(w in pack.MARKERS for w in alpha)
        accented = any(c in pack.ACCENTS for c in text.lower())
        confidence = _AGAINST_ENGLISH[code].compute_language_confidence(text, _lingua(code))
        if markers >= 2 or not strict and markers >= 1 and (confidence >= 0.6 or accented) \
                or len(alpha) >= 3 and confidence >= 0.9:
            own = sum(w in _OWN_MARKERS[code] for w in alpha) + accented
            found[code] = (own, _PACKS_DETECTOR.compute_language_confidence(text, _lingua(code)))
    if not found:
        return None, 0
    best = max(found, key=found.get)
    return best, found[best][0]


# Each pack's words that no other pack (but English) has.
_OWN_MARKERS = {code: pack.MARKERS - frozenset().union(*(p.MARKERS for c, p in PACKS.items() if c not in ("en", code)))
                for code, pack in PACKS.items() if code != "en"}


def _switches(text: str, alpha: list[str], current: str, new: str) -> bool:
    """From one pack's language to another's (Spanish taken for Portuguese): only on strong evidence."""
    mine = sum(w in _OWN_MARKERS[current] for w in alpha)
    theirs = sum(w in _OWN_MARKERS[new] for w in alpha)
    return theirs >= 2 and mine == 0 and _PACKS_DETECTOR.compute_language_confidence(text, _lingua(new)) >= 0.9


def _other(text: str, non_latin: bool, alpha: list[str] | None = None) -> str | None:
    """A language without a pack, as its ISO 639-1 code, or None when unsure."""
    values = _others_detector().compute_language_confidence_values(text)
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    if non_latin:
        return code if code not in PACKS else None
    if code in PACKS:
        return None  # lingua says English, Spanish or Portuguese: not another language
    lowered = text.lower()
    haitian = sum(w in OTHER_WORDS["ht"] for w in alpha)
    if haitian >= 2 and haitian > sum(w in OTHER_WORDS["fr"] for w in alpha):
        return "ht"  # lingua has no Haitian Creole; it calls it French (or Yoruba...)
    if code not in OTHER_WORDS or best.value < 0.5:
        return None
    confirmed = sum(w in OTHER_WORDS[code] for w in alpha) >= 2 or any(c in lowered for c in OTHER_LETTERS.get(code, ""))
    return code if confirmed else None


@functools.cache
def _others_detector():
    return _detector(Language.ENGLISH, *(_lingua(code) for code in PACKS if code != "en"), *OTHER.values())
