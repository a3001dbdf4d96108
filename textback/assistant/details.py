"""What the owner needs to know that fits no field: who else is involved and when they are there
("my tenant Jorge is home mornings"), that the property is a business ("it's our restaurant"), and
how to get in ("gate code 4411", "the dog is friendly").

Each detail is the caller's own clause, tidied, with its span: the engine keeps the clause out of the
timeline, the need and the name ("next week, my tenant Jorge is home mornings" is "next week" to
come, Jorge on site in the mornings, and the caller is not Jorge).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

PEOPLE = (
    "husband", "wife", "son", "daughter", "mom", "mother", "dad", "father", "parents", "tenant", "tenants", "renter",
    "renters", "manager", "property manager", "office manager", "building manager", "landlord", "super",
    "superintendent", "roommate", "neighbor", "neighbour", "partner", "boyfriend", "girlfriend", "fiance", "fiancee",
    "nanny", "sister", "brother", "grandma", "grandpa", "grandmother", "grandfather", "assistant", "caretaker",
    "maintenance guy", "maintenance man", "handyman", "housekeeper", "cleaning lady", "aunt", "uncle", "in-laws",
    "mother-in-law", "father-in-law", "realtor", "agent", "contractor", "hoa", "doorman", "employee", "employees",
    "esposo", "esposa", "hijo", "hija", "mama", "papa", "inquilino", "inquilina", "encargado", "encargada", "vecino",
    "vecina", "hermano", "hermana", "suegra", "suegro",
)
# What makes a clause about another person worth the owner's reading: when or how to reach them.
REACH = (r"\b(home|there|around|available|on site|onsite|at the (house|property|place|shop|store)|let (you|u|them) in|"
         r"meet (you|u)|open (the door|up)|answer|call|text|reach|contact|number|cell|phone|works? (from|until|till|nights|days)|"
         r"off (work|on)|free|after|before|until|till|mornings?|afternoons?|evenings?|nights?|weekends?|all day|"
         r"\d{1,2} ?(am|pm)|\d{1,2}:\d\d|en casa|alli|alla|disponible|llame|llamar|manana|tarde|noche)\b")
BUSINESSES = (
    "restaurant", "store", "shop", "salon", "barbershop", "barber shop", "office", "church", "school", "warehouse", "bar",
    "cafe", "coffee shop", "clinic", "daycare", "gym", "business", "hotel", "motel", "bakery", "laundromat",
    "dealership", "apartment building", "storefront", "factory", "plant", "brewery", "pizzeria", "dental office",
    "restaurante", "tienda", "oficina", "negocio", "iglesia", "taller", "salon de belleza",
)
ACCESS = (r"\b(gate|door|garage|lock ?box|lockbox|building) code\b", r"\bcode (is|to the)\b", r"\bkey (is )?(under|in|with)\b",
          r"\block ?box\b", r"\b(the |our |a |my )?(dogs?|cats?)\b.*\b(friendly|bark|barks|bite|bites|loose|out back|in the (yard|back))\b",
          r"\b(use|come (to|around)|park (in|on|at)|enter (through|from|by))\b.*\b(side|back|front|alley|driveway|garage|street)\b",
          r"\bbuzz(er)?\b", r"\bring the (bell|doorbell)\b", r"\bcall (me )?when (you|u) (get|arrive|are)\b")

_PERSON = re.compile(r"\b(?:my|our|the|his|her|mi|el|la|nuestro|nuestra) (?:" +
                     "|".join(sorted(map(re.escape, PEOPLE), key=len, reverse=True)) + r")s?\b")
_BUSINESS = re.compile(r"\b(?:our|my|the|a|mi|nuestro|nuestra|el|la) (?:little |small |family )?(?:" +
                       "|".join(sorted(map(re.escape, BUSINESSES), key=len, reverse=True)) + r")\b")
_CLAUSE_END = re.compile(r"[.!?;\n]|,(?! (?:jr|sr)\b)| but | so (?!much)| and (?=(?:i|we|it|the|its|it's)\b)| y (?=(?:yo|el|la)\b)")


@dataclass
class Detail:
    kind: str  # who (another person and when they are there) | business | access
    text: str
    span: tuple[int, int]


def find_details(text: str) -> list[Detail]:
    """The details of one text, in the order written; a clause is told once."""
    folded = _fold_keeping_length(text)
    found: list[Detail] = []
    for m in _PERSON.finditer(folded):
        start, end = m.start(), _clause_end(folded, m.end())
        if re.search(REACH, folded[m.end():end]) and not _taken(found, start):
            found.append(Detail("who", _tidy(text[start:end]), (start, end)))
    for m in _BUSINESS.finditer(folded):
        if not _taken(found, m.start()):
            start, end = _business_span(text, folded, m)
            found.append(Detail("business", _tidy(text[start:end]), (start, end)))
    for pattern in ACCESS:
        for m in re.finditer(pattern, folded):
            start, end = _clause_start(folded, m.start()), _clause_end(folded, m.end())
            if not _taken(found, start) and not _taken(found, m.start()):
                found.append(Detail("access", _tidy(text[start:end]), (start, end)))
    return sorted(found, key=lambda d: d.span)


def notes_of(details: list[Detail]) -> list[str]:
    return [d.text for d in details if d.text]


def _business_span(text: str, folded: str, m) -> tuple[int, int]:
    """ "our restaurant, Lupitas Tacos on 1520 W Division": the kind of business and its name."""
    end = m.end()
    name = re.match(r",? ((?:[A-Z][\w'&-]*\s?){1,4})", text[end:])
    if name and not re.match(r"(?i)(on|at|in)\b", name.group(1)):
        words = [w for w in name.group(1).split() if fold(w) not in ("on", "at", "in", "by", "near")]
        taken = text.find(" ".join(words), end)
        end = taken + len(" ".join(words)) if words and taken != -1 else end
    start = m.start()
    lead_in = re.search(r"(?:\b(?:it'?s|its|it is|this is|we are|we're|this is for|for)\s+)?(?:\b(?:at|in|for)\s+)?$", folded[:start])
    return (lead_in.start() if lead_in and lead_in.group(0) else start), end


def _taken(found: list[Detail], position: int) -> bool:
    return any(d.span[0] <= position < d.span[1] for d in found)


def _clause_end(folded: str, position: int) -> int:
    m = _CLAUSE_END.search(folded, position)
    return m.start() if m else len(folded)


def _clause_start(folded: str, position: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(folded) if m.end() <= position]
    return ends[-1] if ends else 0


def _tidy(clause: str) -> str:
    clause = re.sub(r"\s+", " ", clause).strip(" ,.;:!?-")
    clause = re.sub(r"^(and|also|plus|but|y|tambien|it'?s|its|it is|this is|es)\s+", "", clause, flags=re.I)
    return clause[:1].lower() + clause[1:] if clause[:2].istitle() and clause.split()[0].lower() in ("my", "our", "the", "mi") else clause


def _fold_keeping_length(text: str) -> str:
    """Lower case with accents taken off, one character for one, so spans found here hold in `text`."""
    out = fold(text)
    return out if len(out) == len(text) else "".join((fold(c) or " ")[:1] for c in text)
