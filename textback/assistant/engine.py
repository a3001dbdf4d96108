"""The built-in conversation engine: reads a caller's texts, asks for what is missing, hands off.

Pure and deterministic: respond() is a function of its inputs and returns a new Lead; the caller
(the Django pipeline) stores the lead, sends the replies and notifies the owner.
"""
from __future__ import annotations

import copy
import dataclasses
import re
import zlib
from dataclasses import dataclass, field
from datetime import date

from . import extract, languages, replies, vocab
from . import faq
from .details import find_details
from .places import find_place, find_street_address
from .reading import Reading, read
from .schema import HANDED_OFF_STATUSES, OPEN_STATUSES, Lead, Score, Status, Urgency
from .text import fold, to_gsm7

FIELD_ORDER = ("need", "location", "timeline", "name")


@dataclass
class BusinessInfo:
    name: str
    trade: str = ""
    owner_name: str = ""
    hours: dict = field(default_factory=dict)  # stored form of core/hours.py: {"mon": [["07:00", "18:00"]], ...}
    # Facts the owner may fill; None / "" says nothing, and the caller is told the owner will say.
    licensed_insured: bool | None = None
    free_estimates: bool | None = None
    service_fee: str = ""  # "$89", as the owner writes it
    service_area: str = ""  # "Chicago and the north suburbs"
    faq: tuple = ()  # the owner's (question, answer) pairs (faq.parse of Business.faq)


@dataclass
class Reply:
    text: str
    asks: str | None  # need|location|timeline|name|None


@dataclass
class Turn:
    lead: Lead
    replies: list[Reply]
    opt_out: bool = False
    opt_in: bool = False
    help: bool = False
    owner_alert: str | None = None
    owner_summary: str | None = None
    # A note to the owner that is no alert: an emergency only the AI model claims, without evidence.
    owner_note: str | None = None
    done: bool = False
    opt_out_keyword: bool = False  # a carrier keyword (STOP...): the carrier may already confirm it


# --- public API --------------------------------------------------------------------------

def first_message(business: BusinessInfo, after_hours: bool) -> Reply:
    template = replies.FIRST["en_after_hours" if after_hours else "en"]
    return Reply(to_gsm7(template.format(business=business.name)), "need")


@dataclass
class Hints:
    """What the AI model read in the message, offered to the engine (llm.py checks it first): the job
    in fewer words than the caller's sentence, and its wording of each question we may ask next."""

    need: str | None = None
    questions: dict = field(default_factory=dict)


def respond(business: BusinessInfo, lead: Lead, history: list[tuple[str, str]], text: str,
            hints: Hints | None = None) -> Turn:
    """Read the message once, decide once, say it from replies.py (or in the words `hints` offer)."""
    lead = copy.deepcopy(lead)
    reading = read(text, lead, history)
    if hints:
        reading.need_wording, reading.wording = hints.need, dict(hints.questions)
    lead.language = reading.language  # an opt-out is confirmed in the language it was said in
    compliance = _compliance_turn(business, lead, reading)
    if compliance:
        return finish(compliance)
    lead.progress.concepts = reading.concepts
    if reading.hazard and not lead.emergency_kind:
        lead.emergency_kind = reading.hazard
    if lead.status in HANDED_OFF_STATUSES:
        return finish(Turn(lead, [], done=True))  # handed off or closed: the owner takes it from here
    if lead.progress.closed:
        return finish(_after_close_turn(business, lead, text, reading))
    if lead.language not in languages.PACKS:
        return finish(_other_language_turn(business, lead, text, reading))
    classified = None if reading.hazard else _classified_turn(business, lead, text, reading)
    if classified:
        return finish(classified)
    return finish(_qualifying_turn(business, lead, text, reading))


def follow_up(business: BusinessInfo, lead: Lead) -> Reply | None:
    """The one gentle nudge when the caller goes quiet (the pipeline sets lead.progress.followed_up after sending)."""
    if lead.progress.followed_up or lead.progress.closed or lead.status not in OPEN_STATUSES:
        return None
    missing = _next_field(lead, allow_reask=True)
    if missing is None:
        return None
    text = replies.FOLLOW_UP[lead.language] + ask_text(business, lead, missing)
    return Reply(to_gsm7(text), missing)


def summarize(business: BusinessInfo, lead: Lead) -> str:
    """Short lead summary for the owner's SMS (also usable when a conversation just goes quiet)."""
    lead = copy.deepcopy(lead)
    _refresh(lead)
    label = {Status.EXISTING_CUSTOMER: "Existing customer", Status.QUALIFIED: "New lead"}.get(lead.status, "Lead (partial)")
    where = ", ".join(p for p in (lead.address if lead.address and lead.city and lead.city in lead.address
                                  else ", ".join(x for x in (lead.address, lead.city) if x), lead.postal_code) if p)
    no_name = "name not asked" if "name" in lead.progress.skip else "name not given"
    parts = [f"{label}: {lead.name or no_name}", lead.need or "need not given", where or "no address"]
    if lead.timeline:
        parts.append(f"when: {lead.timeline}")
    if lead.notes:
        parts.append("also: " + "; ".join(lead.notes))
    tags = [lead.urgency if lead.urgency != Urgency.UNKNOWN else None, lead.score,
            languages.name_of(lead.language) if lead.language != "en" else None,
            "after hours" if lead.after_hours else None]
    text = "; ".join(parts) + (f" ({', '.join(t for t in tags if t)})" if any(tags) else "")
    return to_gsm7(text)


# --- compliance: opt-out, opt-in, HELP ----------------------------------------------------

def _compliance_turn(business: BusinessInfo, lead: Lead, reading: Reading) -> Turn | None:
    if lead.status == Status.OPTED_OUT:
        if reading.intent == "opt_in":
            lead.status = lead.progress.status_before_opt_out or Status.PARTIAL
            return Turn(lead, [say(replies.OPTED_IN, lead, business)], opt_in=True, done=lead.progress.closed)
        return Turn(lead, [], done=True)  # nothing may be sent after an opt-out
    if reading.intent == "opt_out":
        lead.progress.status_before_opt_out = lead.status
        lead.status = Status.OPTED_OUT
        lead.progress.awaiting = None
        return Turn(lead, [say(replies.OPTED_OUT, lead, business)], opt_out=True, done=True,
                    opt_out_keyword=extract.is_opt_out_keyword(reading.folded))
    if reading.intent == "help":
        return Turn(lead, [say(replies.HELP, lead, business)], help=True)
    return None


# --- callers who are not new leads --------------------------------------------------------

def _classified_turn(business: BusinessInfo, lead: Lead, text: str, reading: Reading) -> Turn | None:
    if reading.intent == "wrong_number":
        lead.status = Status.WRONG_NUMBER
        return Turn(lead, [say(replies.WRONG_NUMBER, lead, business)], done=True)
    if reading.intent == "solicitor":
        lead.status = Status.SOLICITOR
        return Turn(lead, [], done=True)  # no reply: a reply invites more pitches
    if reading.intent == "not_interested":
        lead.status = Status.NOT_INTERESTED
        return Turn(lead, [say(replies.NOT_INTERESTED, lead, business)], done=True)
    if reading.intent == "existing_customer":
        return existing_customer_turn(business, lead, text)
    return None


def existing_customer_turn(business: BusinessInfo, lead: Lead, text: str) -> Turn:
    lead.status = Status.EXISTING_CUSTOMER
    name, name_span = extract.find_name(text, name_awaited=False)
    lead.name = lead.name or name
    place = find_place(text, location_awaited=False)
    _merge_place(lead, place)
    blanked = _blank(text, [s for s in [name_span] + place.spans if s])
    lead.need = extract.find_need(text, blanked, need_awaited=True) or _shorten_raw(text)
    lead.progress.awaiting = None
    summary = summarize(business, lead) + f' - they wrote: "{_shorten_raw(text, 200)}"'
    return Turn(lead, [say(replies.EXISTING_CUSTOMER, lead, business)], owner_summary=to_gsm7(summary), done=True)


# --- qualifying a new lead ---------------------------------------------------------------

def _qualifying_turn(business: BusinessInfo, lead: Lead, text: str, reading: Reading) -> Turn:
    folded = reading.folded
    awaited = _awaited_field(lead)
    who = "who" in reading.questions
    missing_before = {f for f in FIELD_ORDER if not _known(lead, f)}
    dont_know = awaited and extract.is_dont_know(folded)
    learned = _absorb(lead, text, reading, None if dont_know else awaited)
    if dont_know and not learned & missing_before:
        lead.progress.declined.append(awaited)  # "idk" moves on; "idk, call me Kim" still gave the name
        learned.add("declined")
    turn = Turn(lead, [])
    prefix = []
    _raise_emergency(business, lead, turn, prefix, reading)
    prefix += _answers(business, lead, reading, alerted_now=bool(turn.owner_alert), text=text)
    ack = _ack_kind(lead, learned, folded)
    reask = _field_to_reask(lead, awaited, learned, missing_before)
    if who and awaited and awaited != "need" and not _known(lead, awaited) and not learned & missing_before:
        reask = awaited  # answering "who is this?" is not an answer to our question: ask it again
    return _next_step(business, lead, turn, ack=ack, text=text, prefix=prefix, reask=reask, wording=reading.wording)


def _answers(business: BusinessInfo, lead: Lead, reading: Reading, alerted_now: bool, text: str = "") -> list[str]:
    """Answers to the caller's questions, each once per conversation, before our next question. The
    owner's own answer (their FAQ) wins over the built-in one to the same question."""
    out = []
    owners = faq.answer_for(business.faq, text)
    if owners and f"faq:{owners[0]}" not in lead.progress.answered:
        lead.progress.answered.append(f"faq:{owners[0]}")
        out.append(owners[1])
    for kind in reading.questions:
        if owners and kind not in ("shut_off", "today", "who"):
            continue  # the owner's words answer it
        if kind in lead.progress.answered and kind != "shut_off" or kind == "today" and (alerted_now or lead.progress.owner_alerted):
            continue  # "I've alerted Carlos right away" already says how soon
        if kind == "shut_off" and alerted_now:
            continue  # the emergency's own line already gave the shut-off help
        answer = _answer(business, lead, kind, reading)
        if answer:
            lead.progress.answered.append(kind)
            out.append(answer)
    return out


def _answer(business: BusinessInfo, lead: Lead, kind: str, reading: Reading) -> str:
    lang, owner = lead.language, _owner(business, lead)
    answers = replies.ANSWERS[lang]
    if kind == "who":
        return replies.WHO[lang].format(business=business.name)
    if kind == "shut_off":
        return replies.SHUT_OFF[lang][_shut_off_kind(lead, reading.folded)]
    if kind == "price":
        return (answers["price_fee"] if business.service_fee else answers["price"]).format(owner=owner, fee=business.service_fee)
    if kind == "payment":
        return answers["payment"].format(owner=owner)
    if kind in ("free_estimate", "licensed"):
        known = business.free_estimates if kind == "free_estimate" else business.licensed_insured
        key = kind + ("_yes" if known else "_no" if known is False and kind == "free_estimate" else "")
        return answers[key].format(owner=owner)
    if kind == "today":
        return answers["today_closed" if lead.after_hours else "today"].format(owner=owner)
    if kind == "scope" and reading.scope:
        return answers["scope"].format(owner=owner, what=reading.scope)
    if kind == "service_area":
        key = "service_area_known" if business.service_area else "service_area"
        return answers[key].format(owner=owner, area=business.service_area)
    if kind == "hours":
        hours = _hours_text(business.hours, lang)
        return answers["hours" if hours else "hours_unknown"].format(owner=owner, hours=hours)
    return ""


def _shut_off_kind(lead: Lead, folded: str) -> str:
    if lead.emergency_kind in replies.SHUT_OFF["en"]:
        return lead.emergency_kind
    for kind, words in _SHUT_OFF_WORDS.items():
        if re.search(r"\b(" + words + r")\b", folded):
            return kind
    return "water"


def _hours_text(hours: dict, lang: str) -> str:
    """{"mon": [["07:00", "18:00"]], ...} -> "Mon-Fri 7am-6pm, Sat 8am-12pm" (days with the same hours joined)."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    names = replies.DAY_NAMES[lang]
    groups: list[list] = []
    for i, day in enumerate(days):
        periods = hours.get(day) or []
        if not periods:
            continue
        spans = ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in periods)
        if groups and groups[-1][2] == spans and groups[-1][1] == i - 1:
            groups[-1][1] = i
        else:
            groups.append([i, i, spans])
    return ", ".join((names[a] if a == b else f"{names[a]}-{names[b]}") + " " + spans for a, b, spans in groups)


def _clock(hhmm: str) -> str:
    hour, minute = (int(x) for x in hhmm.split(":"))
    suffix = "am" if hour < 12 or hour == 24 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{':%02d' % minute if minute else ''}{suffix}"


def _field_to_reask(lead: Lead, awaited: str | None, learned: set, missing_before: set) -> str | None:
    """Ask once more when the answer to our question said nothing about any missing field."""
    if not awaited or awaited == "need" and not lead.progress.asked:
        return None
    if _known(lead, awaited) or awaited in lead.progress.declined or awaited in lead.progress.reasked:
        return None
    if learned & missing_before or learned - set(FIELD_ORDER) - {"detail", "corrected", "notes"}:
        return None  # they skipped ahead; the field stays open for a later bare answer
    return awaited


def _absorb(lead: Lead, text: str, reading: Reading, awaited: str | None) -> set[str]:
    """Copy every field the message gives into the lead; returns the names of fields learned."""
    folded = reading.folded
    learned = set()
    spans = []
    elsewhere = extract.is_other_property(folded)
    moved = (reading.correction or elsewhere) and _known(lead, "location")
    if moved and elsewhere:
        _forget_place(lead)  # "wait, it's at my mom's place": the address we have is the wrong one
    place = _place_in(text, awaited == "location", moved)
    joined = None if place.address else _street_across_texts(lead, reading.previous, text)
    if joined:
        place, moved = joined, True
    if (awaited == "location" or moved) and place.city and not place.address:
        place.address = _neighbourhood(_blank(text, place.spans))  # "Back Bay, Boston"
    if place.found():
        _merge_place(lead, place, correcting=moved)
        spans += place.spans
        learned.add("location")
        if moved:
            learned.add("corrected")
    elif moved and elsewhere:
        learned.add("moved")  # where is open again: ask it, not the question they skipped
    for detail in find_details(_blank(text, spans)):
        if detail.text.lower() not in (note.lower() for note in lead.notes):
            lead.notes.append(detail.text)
            learned.add("notes")
        spans.append(detail.span)
    name, name_span = extract.find_name(_blank(text, spans), name_awaited=awaited == "name",
                                        alone_ok=awaited not in ("location", "need"))
    if name and (not lead.name or awaited == "name" or reading.correction):
        if lead.name and fold(lead.name) != fold(name):
            learned.add("corrected")
        learned.add("name")
        lead.name = name
        spans.append(name_span)
    blanked = _blank(text, spans)
    said = extract.without_retracted(fold(blanked)) if reading.correction else fold(blanked)
    phrase, days, found = extract.find_timeline(said, _called_on(lead))
    if found and not (awaited == "name" and "name" in learned and not phrase):
        if not lead.timeline or awaited == "timeline" or reading.correction or \
                (days is not None and (lead.timeline_days is None or days < lead.timeline_days)):
            if lead.timeline and reading.correction and fold(lead.timeline) != fold(phrase or ""):
                learned.add("corrected")
            lead.timeline, lead.timeline_days = phrase, days
        learned.add("timeline")
    need = extract.find_need(text, _blank_timeline_only_sentences(blanked), need_awaited=awaited == "need")
    if need and (not lead.need or awaited == "need"):
        lead.need = (reading.need_wording or need) if not lead.need else lead.need
        learned.add("need")
    elif need and lead.need and extract.has_specific_need(fold(need)) and need.lower() not in lead.need.lower():
        lead.need = extract.shorten(lead.need + "; " + need, 160)  # more detail about the same job
        learned.add("detail")
    if not extract.is_dont_know(folded):
        _fill_awaited_from_bare_reply(lead, text, awaited, learned, blanked)
    _update_urgency(lead, folded)
    return learned


def _neighbourhood(rest: str) -> str | None:
    """Capitalised words left beside the town in a 'where' answer: a neighbourhood or landmark."""
    rest = re.sub(r"\s{2,}", " ", rest).strip(" ,.!?-")
    for pattern in vocab.LOCATION_LEADING_FILLER:
        rest = re.sub(pattern, "", rest, flags=re.I).strip(" ,.!?-")
    rest = re.sub(r"\b(area|neighbou?rhood|side)$", "", rest, flags=re.I).strip(" ,.")
    rest = re.sub(r"(\s+(in|at|on|near|by|off|of|en))+$", "", rest, flags=re.I)
    if not rest or len(rest.split()) > 5 or not re.search(r"\b[A-Z]", rest) or extract.has_specific_need(fold(rest)):
        return None
    if extract.find_timeline(fold(rest), None)[2]:
        return None
    return rest


def _open_fields(lead: Lead, awaited: str | None) -> list[str]:
    """Fields a bare reply may answer: the one just asked first, then earlier unanswered questions."""
    opened = [awaited] if awaited else []
    opened += [f for f in FIELD_ORDER if f in lead.progress.asked and f != awaited]
    if "name" not in opened:
        opened.append("name")  # callers often skip ahead and just sign their name
    return [f for f in opened if not _known(lead, f) and f not in lead.progress.declined]


def _fill_awaited_from_bare_reply(lead: Lead, text: str, awaited: str | None, learned: set, blanked: str) -> None:
    """A short answer to one of our questions is the answer, even when no pattern recognises it."""
    rest = re.sub(r"\s{2,}", " ", blanked).strip(" ,.!?-")
    folded_rest = fold(rest)
    if not rest or extract.is_small_talk(folded_rest) or not re.search(r"[A-Za-z\u00c0-\u024f0-9]", rest):
        return
    for name in _open_fields(lead, awaited):
        if name in learned:
            continue
        if name == "location" and _accept_bare_place(lead, rest, folded_rest, text):
            learned.add("location")
            return
        if name == "name" and name != awaited and not learned:
            found, _ = extract.find_name(rest, name_awaited=True)
            if found and len(found.split()) <= 2 and (name in lead.progress.asked or extract.looks_like_first_name(rest)):
                lead.name = found
                learned.add("name")
                return
        if name == "timeline" and name == awaited and not learned and _accept_bare_timeline(rest):
            lead.timeline = rest
            learned.add("timeline")
            return


def _accept_bare_place(lead: Lead, rest: str, folded_rest: str, text: str) -> bool:
    if len(rest.split()) > 8 or extract.has_specific_need(folded_rest) or extract.is_dont_know(folded_rest) or "?" in text:
        return False
    if re.search(r"\b(rather|prefer|don'?t|not sure|later|why|what)\b|\?", folded_rest):
        return False  # a refusal or a question, not a place
    if extract.find_timeline(folded_rest, None)[2]:
        return False
    place = rest
    for pattern in vocab.LOCATION_LEADING_FILLER:
        place = re.sub(pattern, "", place, flags=re.I).strip(" ,.!?-")
    lead.address = re.sub(r"\s+(area|neighbou?rhood)$", "", place or rest, flags=re.I)
    return True


def _accept_bare_timeline(rest: str) -> bool:
    """Free-form 'when' answers ("after my vacation"); a lone word is more likely a name or a town."""
    return len(rest.split()) >= 2 or bool(re.search(r"\d", rest))


def _blank_timeline_only_sentences(text: str) -> str:
    """Blank sentences that only say when ("please come asap") so they don't read as the job."""
    out = text
    for sentence in extract.sentences(text):
        folded = fold(sentence)
        _, _, found = extract.find_timeline(folded, None)
        if found and not extract.need_words_in(folded) and extract.words_beside_time(folded) <= 4:
            out = out.replace(sentence, " " * len(sentence), 1)
    return out


def _update_urgency(lead: Lead, folded: str) -> None:
    """Urgency from the hazard (set from the reading in respond()) or else from the timeline."""
    if lead.emergency_kind:
        lead.urgency = Urgency.EMERGENCY
    elif lead.timeline_days is not None or lead.timeline:
        lead.urgency = extract.urgency_from_days(lead.timeline_days) if (lead.timeline_days is not None or
                                                                         _timeline_is_open(lead)) else lead.urgency
    elif extract.is_quote_request(folded) and lead.urgency == Urgency.UNKNOWN:
        lead.urgency = Urgency.FLEXIBLE  # asking for a price with no date: shopping, not in a hurry


def _timeline_is_open(lead: Lead) -> bool:
    _, days, found = extract.find_timeline(fold(lead.timeline or ""), None)
    return found and days is None


def _raise_emergency(business: BusinessInfo, lead: Lead, turn: Turn, prefix: list[str], reading: Reading) -> None:
    """First sign of danger: alert the owner once, give the safety line, tell the caller help is coming."""
    if not lead.emergency_kind or lead.progress.owner_alerted:
        return
    lead.progress.owner_alerted = True
    if not lead.timeline:
        lead.timeline = replies.EMERGENCY_TIMELINE[lead.language]
        lead.timeline_days = 0
    if "shut_off" in reading.questions and lead.emergency_kind in replies.SHUT_OFF[lead.language]:
        safety = replies.SHUT_OFF[lead.language][lead.emergency_kind]  # they asked how: the full help, not the short line
        lead.progress.answered.append("shut_off")
    else:
        safety = replies.SAFETY[lead.language].get(lead.emergency_kind, "")
    if safety:
        prefix.append(safety)
    prefix.append(replies.EMERGENCY_ACK[lead.language].format(owner=_owner(business, lead)))
    turn.owner_alert = to_gsm7("URGENT " + summarize(business, lead) + ". Call them back now.")


# --- choosing what to say -------------------------------------------------------------

def _next_step(business: BusinessInfo, lead: Lead, turn: Turn, ack: str, text: str, prefix=None,
               reask: str | None = None, wording: dict | None = None) -> Turn:
    prefix = list(prefix or [])
    missing = reask or _next_field(lead)
    if reask and reask in lead.progress.asked:
        lead.progress.reasked.append(reask)
    if missing is None:
        lead.progress.closed = True
        lead.progress.awaiting = None
        close = _close_text(business, lead)
        turn.replies.append(Reply(to_gsm7(" ".join(prefix + [close])), None))
        if not turn.owner_alert:
            turn.owner_summary = summarize(business, lead)
        turn.done = True
        return turn
    if missing not in lead.progress.asked:
        lead.progress.asked.append(missing)
    lead.progress.awaiting = missing
    opener = [] if prefix else [_ack_text(lead, ack)]
    question = (wording or {}).get(missing) or ask_text(business, lead, missing)
    text = to_gsm7(" ".join(x for x in prefix + opener + [question] if x))
    if lead.progress.last_reply and fold(text) == fold(lead.progress.last_reply):  # never the same text twice in a row
        text = to_gsm7(" ".join(prefix + [replies.ASK_AGAIN[lead.language][missing]]))
    turn.replies.append(Reply(text, missing))
    return turn


def _next_field(lead: Lead, allow_reask: bool = False) -> str | None:
    """The first field still missing that we have not asked for yet (emergencies skip the timeline)."""
    for name in FIELD_ORDER:
        if _known(lead, name) or name in lead.progress.declined or name in lead.progress.skip:
            continue
        if name in lead.progress.asked and not allow_reask:
            continue
        return name
    return None


def _known(lead: Lead, name: str) -> bool:
    if name == "location":
        return bool(lead.address or lead.city or lead.postal_code)
    return bool(getattr(lead, name))


def _awaited_field(lead: Lead) -> str | None:
    if lead.progress.awaiting:
        return lead.progress.awaiting
    return None if lead.progress.asked or lead.need else "need"  # the text-back asked what they need


_SORRY = re.compile(r"\b(" + languages.alternation("SORRY_CUES") + r")\b")  # a need said with these: "Sorry to hear that"
_SHUT_OFF_WORDS = languages.joined("SHUT_OFF_WORDS")  # gas | electrical, in every pack's words


def _ack_kind(lead: Lead, learned: set, folded: str) -> str:
    if "moved" in learned or "corrected" in learned:
        return "moved" if "moved" in learned else "corrected"
    if "need" in learned and _SORRY.search(folded):
        return "sorry"
    if "name" in learned:
        return "thanks"
    return "plain" if learned else ""


def _ack_text(lead: Lead, kind: str) -> str:
    """One of several wordings, taken in turn (two replies in a row never open the same way)."""
    if not kind:
        return ""
    name = f", {_short_name(lead.name)}" if lead.name and kind == "thanks" else ""
    topic = _topic(lead) if kind == "sorry" else None
    options = replies.ACK[lead.language]["sorry_topic" if topic else kind]
    turn_number = max(0, len(lead.progress.asked) + len(lead.progress.reasked) - 1)  # counted after this turn's question
    start = zlib.crc32((lead.need or "").encode()) if lead.progress.asked[1:] else 0  # each conversation its own order
    return options[(start + turn_number) % len(options)].format(name=name, topic=topic)


def _topic(lead: Lead) -> str | None:
    """What to call their problem in "Sorry about the leak": the first word of replies.TOPICS in the need."""
    folded = fold(lead.need or "")
    for words, topic in replies.TOPICS[lead.language]:
        if re.search(r"\b" + re.escape(words) + r"\b", folded):
            return topic
    return None


def ask_text(business: BusinessInfo, lead: Lead, field_name: str) -> str:
    options = replies.ASK[lead.language][field_name]
    trade = (business.trade or "").lower()
    key = trade if trade in options else ""
    if field_name == "timeline" and lead.urgency == Urgency.FLEXIBLE and "quote" in options and trade not in options:
        key = "quote"
    return options[key]


def _close_text(business: BusinessInfo, lead: Lead) -> str:
    kind = "_emergency" if lead.urgency == Urgency.EMERGENCY else ("_after_hours" if lead.after_hours else "")
    name = f" {_short_name(lead.name)}" if lead.name else ""
    return replies.CLOSE[lead.language + kind].format(name=name, owner=_owner(business, lead))


def _after_close_turn(business: BusinessInfo, lead: Lead, text: str, reading: Reading) -> Turn:
    """After the closing line: keep what they add, answer what they ask, alert if it turned dangerous."""
    folded = reading.folded
    before = (lead.need, lead.address, lead.city, lead.postal_code, lead.timeline, lead.name)
    open_fields = _open_fields(lead, None)
    _absorb(lead, text, reading, awaited=open_fields[0] if open_fields else None)
    turn = Turn(lead, [], done=True)
    prefix: list[str] = []
    _raise_emergency(business, lead, turn, prefix, reading)
    prefix += _answers(business, lead, reading, alerted_now=bool(turn.owner_alert), text=text)
    changed = before != (lead.need, lead.address, lead.city, lead.postal_code, lead.timeline, lead.name)
    if prefix:
        turn.replies.append(Reply(to_gsm7(" ".join(prefix)), None))
        if changed and not turn.owner_alert:
            turn.owner_summary = summarize(business, lead)
    elif changed:
        if not lead.progress.noted_after_close:  # said once; the owner hears of every change
            lead.progress.noted_after_close = True
            turn.replies.append(say(replies.AFTER_CLOSE, lead, business))
        turn.owner_summary = summarize(business, lead)
    return turn


# --- a language without a pack ---------------------------------------------------------

def _other_language_turn(business: BusinessInfo, lead: Lead, text: str, reading: Reading) -> Turn:
    """A caller writing a language we have no pack for: no lead-form questions in English they may not
    read. One short English reply that the owner will follow up (with the safety line of a hazard the
    rules see), and the owner told the language and what they wrote, in their words."""
    lead.progress.closed, lead.progress.awaiting = True, None
    lead.need = lead.need or _shorten_raw(text)
    turn = Turn(lead, [], done=True)
    prefix: list[str] = []
    _raise_emergency(business, lead, turn, prefix, reading)
    hand_off = replies.OTHER_LANGUAGE[lead.language].format(owner=_owner(business, lead))
    turn.replies.append(Reply(to_gsm7(" ".join(prefix + [hand_off])), None))
    if not turn.owner_alert:
        told = summarize(business, dataclasses.replace(lead, need=None))  # their words follow, unmangled by GSM-7
        turn.owner_summary = f'{told} - they wrote in {languages.name_of(lead.language)}: "{_shorten_raw(text, 200)}"'
    return turn


# --- small helpers ------------------------------------------------------------------

def finish(turn: Turn) -> Turn:
    _refresh(turn.lead)
    if turn.replies:
        turn.lead.progress.last_reply = turn.replies[-1].text
    return turn


def _refresh(lead: Lead) -> None:
    """Status and score follow from the fields; recomputed before anything reads them."""
    if lead.status in OPEN_STATUSES:
        lead.status = Status.QUALIFIED if lead.need and _known(lead, "location") else Status.PARTIAL
    lead.score, lead.score_reason = _score(lead)


def _score(lead: Lead) -> tuple[str, str]:
    if lead.status not in OPEN_STATUSES:
        return Score.COLD, f"not a new lead ({lead.status})"
    if lead.status == Status.QUALIFIED and lead.urgency in (Urgency.EMERGENCY, Urgency.SOON):
        return Score.HOT, f"qualified, {lead.urgency}"
    if lead.status == Status.QUALIFIED:
        return Score.WARM, f"qualified, {lead.urgency}"
    if lead.need:
        return Score.WARM, "has a need but no location yet"
    return Score.COLD, "no need or location yet"


def _merge_place(lead: Lead, place, correcting: bool = False) -> None:
    """Where the job is, from a new text. A new town replaces the old one in the address too and takes
    the old town's ZIP with it; a corrected street with a town forgets the old town, one without keeps
    it ("sorry, I meant 452 Maple": the same town)."""
    street, city, postal, state = _street_of(lead), lead.city, lead.postal_code, lead.state
    town_in_address = bool(lead.address and street != lead.address)
    if place.address:
        street, town_in_address = place.address, bool(place.city)
        if correcting and (place.city or place.postal_code):
            city = postal = state = None
    if place.city and fold(place.city) != fold(city or ""):
        city, state, postal = place.city, place.state, None
    postal = place.postal_code or postal
    state = place.state or state
    lead.address = f"{street}, {city}" if street and city and town_in_address else street
    lead.city, lead.postal_code, lead.state = city, postal, state


def _place_in(text: str, location_awaited: bool, moved: bool):
    """The place a text names. A correction of where is read like an answer to "where?", but only a
    capitalised town counts there ("the job is at my daughter's house": no town called Job)."""
    place = find_place(text, location_awaited=location_awaited)
    if moved and not location_awaited and not place.found():
        guess = find_place(text, location_awaited=True)
        if guess.address or guess.city and text[guess.spans[-1][0]:][:1].isupper():
            return guess
    return place


def _street_of(lead: Lead) -> str | None:
    """The lead's address without the town written after it."""
    if lead.address and lead.city and fold(lead.address).endswith(", " + fold(lead.city)):
        return lead.address[: -len(lead.city) - 2]
    return lead.address


def _forget_place(lead: Lead) -> None:
    lead.address = lead.city = lead.postal_code = lead.state = None
    lead.progress.asked = [f for f in lead.progress.asked if f != "location"]  # so we ask where again


def _street_across_texts(lead: Lead, previous: str | None, text: str):
    """A street address split over two texts ("its 2240 north", then "Lincoln ave chicago"): the two
    read together, when neither holds a street alone and we have no street yet."""
    if not previous or find_street_address(previous).address or lead.address and find_street_address(lead.address).address:
        return None
    if not re.search(r"\d", previous + text) or len(previous) > 80 or "location" not in lead.progress.asked:
        return None
    if extract.find_timeline(fold(previous), None)[2] or extract.find_timeline(fold(text), None)[2]:
        return None  # "within 2 weeks" then "Dr. Patel" is no "2 Weeks Dr"
    joined = find_place(previous + " " + text, location_awaited=True)
    if not joined.address or not find_street_address(joined.address).address:
        return None
    offset = len(previous) + 1
    joined.spans = [(max(0, start - offset), end - offset) for start, end in joined.spans if end > offset]
    return joined


def _short_name(name: str) -> str:
    """How to greet them: first name, or the whole "Mrs. Whitaker" when it starts with a title."""
    first = name.split()[0]
    return name if fold(first).rstrip(".") in vocab.HONORIFICS else first


def _owner(business: BusinessInfo, lead: Lead) -> str:
    return business.owner_name.split()[0] if business.owner_name else replies.TEAM[lead.language]


def say(templates: dict, lead: Lead, business: BusinessInfo) -> Reply:
    name = f", {_short_name(lead.name)}" if lead.name else ""
    text = templates[lead.language].format(business=business.name, owner=_owner(business, lead), name=name)
    return Reply(to_gsm7(text), None)


def _called_on(lead: Lead) -> date | None:
    try:
        return date.fromisoformat(lead.called_on) if lead.called_on else None
    except ValueError:
        return None


def _blank(text: str, spans) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _shorten_raw(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."
