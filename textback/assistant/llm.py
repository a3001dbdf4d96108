"""The optional LLM engine: any OpenAI-compatible chat endpoint (OpenAI, a local Ollama or llama.cpp
server) reads the caller's messy text; the built-in engine keeps every decision.

    engine = LLMEngine("http://localhost:11434/v1", "llama3.1:8b", api_key="", timeout=5.0)
    turn = engine.respond(business, lead, history, text)   # same signature and Turn as engine.respond

What the model does: one POST {base_url}/chat/completions per caller message, asking for structured
output (response_format json_schema; json_object for servers without it) with the fields it found
in the newest message, a classification, the urgency and language, and optionally a wording for
each question we may ask next.

What stays in our code (the built-in engine, which always runs first):
- compliance: STOP/HELP/START and plain-words opt-outs. An opt-out either side sees counts; an
  opted-out caller's text never goes to the model at all.
- emergencies: the built-in rules' alert and safety lines always stand. An emergency only the model
  sees raises the same alert through the same code only with evidence: the words of the message it
  rests on, in which the rules' own reader finds a concept of that hazard (hazards.py). Without
  evidence the owner gets a "possible emergency, flagged by the AI model" note, once, and the caller
  is promised nothing (a weak model called a clogged sink an emergency).
- the order of questions, the closing line, the owner summaries, and every template: the model's
  fields only fill what the built-in rules did not find, then the built-in engine runs again.
- honesty: a question worded by the model is used only if it is one short question about the field
  we ask, in the caller's language, with no digits, prices, times, promises or claims to be a person.
Everything the model returns is checked (types, allowed values, lengths, and that a name, address,
ZIP or time actually appears in the message); a wrong type fails the answer, a bad value is dropped.

Any failure (timeout, connection, HTTP status, bad JSON, schema mismatch) logs one warning (no lead
text, no key) and returns the built-in engine's turn. No Django here: the configuration is passed in.
"""
from __future__ import annotations

import collections
import copy
import json
import logging
import re
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import date

import pybreaker
import requests
import urllib3
from urllib3.util import Timeout

from . import engine, extract, hazards, languages, replies, vocab
from .engine import BusinessInfo, Reply, Turn
from .schema import HANDED_OFF_STATUSES, OPEN_STATUSES, Lead, Status, Urgency
from .places import US_STATES, ZIP_TO_CITY
from .text import fold, matches_any, to_gsm7

log = logging.getLogger("textback.assistant.llm")

CATEGORIES = ("new_lead", "wrong_number", "solicitor", "existing_customer", "not_interested", "unclear")
URGENCIES = tuple(Urgency)
EMERGENCY_KINDS = hazards.KINDS
LANGUAGES = (*languages.PACKS, "other")  # the packs' languages; "other" leaves it to our detector
QUESTION_FIELDS = engine.FIELD_ORDER  # need, location, timeline, name
TEXT_FIELDS = {"name": 60, "need": 140, "address": 120, "city": 50, "state": 20, "postal_code": 10, "timeline": 60}

MAX_BODY_BYTES = 256 * 1024
# The answer is one small JSON object (~150 tokens): a cap keeps one runaway answer from holding a
# one-slot local server for minutes (seen: 3,428 tokens, and the next 43 messages timed out).
MAX_OUTPUT_TOKENS = 400
# A model that keeps failing to answer (timeouts, refused connections, 5xx) is left alone for a
# while instead of making every caller wait out the timeout: after this many in a row, for
# BREAKER_SECONDS; then one message tries it again.
BREAKER_FAILURES = 3
BREAKER_SECONDS = 60
# What to ask for, best first. Servers differ: OpenAI takes json_schema; llama.cpp's server answers
# json_schema with HTTP 500 but constrains json_object output to a "schema" sent with it, as Ollama
# does; some take only a plain json_object. The first one a server accepts is kept.
FORMATS = ("json_schema", "json_object+schema", "json_object")
REFUSED_FORMAT = (400, 422, 500, 501)
HISTORY_MESSAGES = 6  # earlier messages sent as context
HISTORY_CHARS = 300
MESSAGE_CHARS = 1000


def _nullable_string(description):
    return {"type": ["string", "null"], "description": description}


SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "opt_out": {"type": "boolean", "description": "true only if the caller asks not to be texted any more"},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "name": _nullable_string("the caller's own name, as written (max 60 characters)"),
        "need": _nullable_string("the job, condensed to a few words in the caller's language (max 140)"),
        "address": _nullable_string("street address or place of the job, without town or ZIP (max 120)"),
        "city": _nullable_string("town or city of the job"),
        "state": _nullable_string("two-letter US state code"),
        "postal_code": _nullable_string("5-digit ZIP code"),
        "timeline": _nullable_string("when they want the work, in their words (max 60)"),
        "urgency": {"type": "string", "enum": list(URGENCIES)},
        "emergency": {"type": "string", "enum": ["none", *EMERGENCY_KINDS]},
        "evidence": _nullable_string("when emergency is not none: the words of the newest message that show the "
                                     "danger, copied exactly"),
        "language": {"type": "string", "enum": list(LANGUAGES)},
        "questions": {
            "type": "object",
            "additionalProperties": False,
            "properties": {f: _nullable_string(f"one short question asking for the {f}") for f in QUESTION_FIELDS},
            "required": list(QUESTION_FIELDS),
        },
    },
    "required": ["opt_out", "category", "name", "need", "address", "city", "state", "postal_code", "timeline",
                 "urgency", "emergency", "evidence", "language", "questions"],
}

SYSTEM_PROMPT = """You read text messages that a caller sends to a contractor's business after a missed call. \
An automated assistant collects the job details by SMS; you only extract facts. Read the NEWEST message \
(earlier messages are context only) and answer with one JSON object, nothing else:
{"opt_out": bool, "category": one of %(categories)s, "name": str|null, "need": str|null, "address": str|null, \
"city": str|null, "state": str|null, "postal_code": str|null, "timeline": str|null, "urgency": one of %(urgencies)s, \
"emergency": "none" or one of %(kinds)s, "language": %(languages)s, \
"questions": {"need": str|null, "location": str|null, "timeline": str|null, "name": str|null}}
Rules:
- Only what the newest message says, copied in the caller's words; null when it does not say. Never guess.
- opt_out: true only if the caller asks us to stop texting them.
- category: new_lead (wants work done, or answers our questions), wrong_number, solicitor (selling something \
to the business), existing_customer (about work already done or booked: invoice, warranty, rescheduling), \
not_interested (no longer needs help), unclear.
- name: the caller's own name, never the business owner's (%(owner)s) or anyone else's.
- need: the job in a few words ("kitchen sink clogged"). address: street and number or a description of the \
place, without town or ZIP. state: two-letter code. postal_code: 5-digit ZIP.
- timeline: when they want the work ("tomorrow morning"). urgency: emergency (damage or danger happening now: \
flooding, gas smell, sparks, no heat in freezing weather, a hole in the roof in the rain), soon (within about \
two weeks or asap), flexible (no date, a quote, later), unknown.
- questions: for each field, one short friendly question (under 100 characters) that asks the caller for it, \
in the caller's language, fitting what they wrote. No names, no numbers, no prices, no times or promises, \
and never say you are a person."""


class LLMError(Exception):
    """Why the model's answer could not be used (logged; never holds lead text or the key)."""

    kind = "unusable"  # how it is counted: unusable (the answer), unavailable (the server)


class LLMUnavailable(LLMError):
    """The server did not answer in time, could not be reached, or failed (5xx, 429): counted
    by the breaker."""

    kind = "unavailable"


@dataclass
class Facts:
    """What the model found in one message, every value checked."""
    opt_out: bool = False
    category: str = "unclear"
    name: str | None = None
    need: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    timeline: str | None = None
    urgency: str = Urgency.UNKNOWN
    emergency: str | None = None
    # An emergency the model claims is acted on only with evidence: the words of the message it
    # rests on, naming a hazard the rules know. Without it the owner gets a "possible" note.
    evidence_ok: bool = False
    language: str | None = None
    questions: dict = field(default_factory=dict)
    dropped: list = field(default_factory=list)  # names of fields whose values did not pass the checks


class LLMEngine:
    """respond() like the built-in engine, with the model reading the messages; see the module doc."""

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 5.0,
                 phrase_questions: bool = True, on_outcome=None):
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model, self.api_key, self.timeout = model, api_key, float(timeout)
        self.phrase_questions = phrase_questions
        self.format = None  # the first of FORMATS the server accepted (None: not known yet)
        self.breaker = pybreaker.CircuitBreaker(
            fail_max=BREAKER_FAILURES, reset_timeout=BREAKER_SECONDS, name="llm",
            exclude=[lambda e: not isinstance(e, LLMUnavailable)],  # a bad answer is no outage
            throw_new_error_on_trip=False,  # the failure that trips it is counted as what it was
        )
        # on_outcome("answered" | "fallback", reason): each message's fate, for the counts the
        # operator sees (textback/core wires it to the database); outcomes counts them here too.
        self.on_outcome = on_outcome
        self.outcomes = collections.Counter()
        self._local = threading.local()

    # -- the engine interface ------------------------------------------------------------
    def respond(self, business: BusinessInfo, lead: Lead, history: list[tuple[str, str]], text: str) -> Turn:
        builtin = engine.respond(business, lead, history, text)
        if builtin.opt_out or builtin.opt_in or builtin.help or lead.status == Status.OPTED_OUT:
            return builtin  # compliance is ours alone; an opted-out caller's text goes nowhere
        started = time.monotonic()
        try:
            content = self.breaker.call(self.complete, business, lead, history, text)
            facts = parse_facts(content, text, business)
            if facts.dropped:
                log.info("LLM engine: dropped %s (did not pass the checks)", ", ".join(facts.dropped))
            turn = merge(business, lead, history, text, builtin, facts, self.phrase_questions)
        except pybreaker.CircuitBreakerError:
            self.outcome("fallback", "breaker open")
            return builtin
        except Exception as e:  # any failure at all: the caller still gets the built-in engine's answer
            log.warning("LLM engine: %s after %.2f s; answered with the built-in engine", _reason(e),
                        time.monotonic() - started)
            self.outcome("fallback", e.kind if isinstance(e, LLMError) else "internal error")
            return builtin
        self.outcome("answered", "")
        return turn

    def outcome(self, what, reason):
        self.outcomes[(what, reason)] += 1
        if self.on_outcome is not None:
            try:
                self.on_outcome(what, reason)
            except Exception:  # counting must never cost a caller their answer
                log.exception("LLM engine: could not count an outcome")

    def probe(self) -> str:
        """Ask the server one tiny question, finding the response format it takes: that format's
        name, or LLMError saying why it cannot be used (for `textback check` and worker start-up)."""
        probe_business = BusinessInfo(name="Test Plumbing", trade="plumbing", owner_name="Sam")
        content = self.complete(probe_business, Lead(), [], "hi, my kitchen sink is leaking")
        parse_facts(content, "hi, my kitchen sink is leaking", probe_business)
        return self.format

    first_message = staticmethod(engine.first_message)
    follow_up = staticmethod(engine.follow_up)
    summarize = staticmethod(engine.summarize)

    # -- the HTTP seam ---------------------------------------------------------------------
    def complete(self, business: BusinessInfo, lead: Lead, history, text: str) -> str:
        """One chat completion within the timeout; returns the message content (a JSON string)."""
        deadline = time.monotonic() + self.timeout
        messages = [{"role": "system", "content": system_prompt(business)},
                    {"role": "user", "content": user_prompt(business, lead, history, text)}]
        formats = (self.format,) if self.format else FORMATS
        for kind in formats:
            status, body = self._post(messages, response_format(kind), deadline)
            if status == 200:
                if self.format != kind:
                    log.info("LLM engine: the server takes response_format %s", kind)
                    self.format = kind
                return _content(body)
            if status not in REFUSED_FORMAT or self.format:
                break  # not about the format (auth, rate limit), or a format that worked before
        if status == 429 or status >= 500:
            raise LLMUnavailable(f"HTTP {status}{_error_code(body)}")
        raise LLMError(f"HTTP {status}{_error_code(body)}")

    def _post(self, messages, response_format, deadline) -> tuple[int, bytes]:
        remaining = deadline - time.monotonic()
        if remaining <= 0.01:
            raise LLMUnavailable(f"timeout ({self.timeout:g} s)")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        payload = {"model": self.model, "messages": messages, "response_format": response_format, "temperature": 0,
                   "max_tokens": MAX_OUTPUT_TOKENS}
        try:
            # total: connecting and waiting for the answer's headers share the remaining time
            body = json.dumps(payload).encode()  # bytes: headers and body leave in one packet (no Nagle delay)
            response = self._session().post(self.url, data=body, headers=headers, stream=True,
                                            timeout=Timeout(total=remaining), allow_redirects=False)
        except requests.Timeout:
            raise LLMUnavailable(f"timeout ({self.timeout:g} s)") from None
        except requests.RequestException as e:
            raise LLMUnavailable(f"connection failed ({type(e).__name__})") from None
        with response:
            return response.status_code, self._read(response, deadline)

    def _read(self, response, deadline) -> bytes:
        """The answer's body, read before the deadline: the socket's timeout is what is left of it,
        so a server that trickles its answer is cut off at the deadline too."""
        raw = response.raw
        sock = getattr(getattr(raw, "connection", None), "sock", None)
        chunks, size = [], 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMUnavailable(f"timeout ({self.timeout:g} s)")
            try:
                if sock is not None:
                    sock.settimeout(remaining)
                chunk = raw.read1(16 * 1024, decode_content=True)
            except (urllib3.exceptions.TimeoutError, TimeoutError):
                raise LLMUnavailable(f"timeout ({self.timeout:g} s)") from None
            except (urllib3.exceptions.HTTPError, OSError) as e:
                raise LLMUnavailable(f"reading the answer failed ({type(e).__name__})") from None
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise LLMError("answer too large")
            chunks.append(chunk)

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)  # one per thread: workers run jobs on threads
        if session is None:
            session = self._local.session = requests.Session()
            session.trust_env = False  # no proxy or .netrc credentials picked up from the environment
        return session


def response_format(kind):
    if kind == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "lead_facts", "strict": True, "schema": SCHEMA}}
    if kind == "json_object+schema":
        return {"type": "json_object", "schema": SCHEMA}
    return {"type": "json_object"}


# --- the prompt ------------------------------------------------------------------------

def system_prompt(business: BusinessInfo) -> str:
    owner = business.owner_name.split()[0] if business.owner_name else "the owner"
    return SYSTEM_PROMPT % {"categories": "|".join(CATEGORIES), "urgencies": "|".join(URGENCIES),
                            "kinds": "|".join(EMERGENCY_KINDS), "owner": owner,
                            "languages": "|".join(f'"{code}"' for code in LANGUAGES)}


def user_prompt(business: BusinessInfo, lead: Lead, history, text: str) -> str:
    known = {k: getattr(lead, k) for k in ("need", "address", "city", "postal_code", "timeline", "name")
             if getattr(lead, k)}
    earlier = [{"from": "caller" if role == "lead" else "assistant", "text": _clip(body, HISTORY_CHARS)}
               for role, body in list(history)[-HISTORY_MESSAGES:]]
    return json.dumps({
        "business": {"name": business.name, "trade": business.trade or "contractor"},
        "assistant_asked_for": lead.progress.awaiting or ("need" if not lead.progress.asked and not lead.need else None),
        "known_so_far": known,
        "earlier_messages": earlier,
        "newest_message": _clip(text, MESSAGE_CHARS),
    }, ensure_ascii=False)


def _clip(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[:limit] + "..."


# --- reading the answer ------------------------------------------------------------------

def _content(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        raise LLMError("the answer is not JSON") from None
    try:
        choice = data["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("the answer is not a chat completion") from None
    if not isinstance(content, str) or not content.strip():
        raise LLMError(f"no content (finish_reason {choice.get('finish_reason')!r})")
    return content


def _error_code(body: bytes) -> str:
    """The error's type/code from an OpenAI-style error body (never its message: it may quote input)."""
    try:
        error = json.loads(body)["error"]
        return "".join(f" {k}={error[k]}" for k in ("type", "code") if isinstance(error.get(k), (str, int)))[:80]
    except (ValueError, KeyError, TypeError):
        return ""


def _reason(e: Exception) -> str:
    """Our own words only: an exception's text may quote the lead's message or the request."""
    if isinstance(e, LLMError):
        return str(e)
    if isinstance(e, requests.RequestException):
        return f"request failed ({type(e).__name__})"
    where = traceback.extract_tb(e.__traceback__)[-1]  # where, without the message (it may hold lead text)
    return f"internal error ({type(e).__name__} at {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"


def _loads_object(content: str) -> dict:
    """The JSON object in the model's content, however it came wrapped: a <think> block, a code
    fence or prose around it, raw newlines inside its strings (local models do all of these)."""
    text = re.sub(r"<think>.*?(</think>|$)", " ", content, flags=re.S | re.I)
    decoder = json.JSONDecoder(strict=False)  # strict=False: control characters allowed in strings
    start = text.find("{")
    while start != -1:
        try:
            data, _ = decoder.raw_decode(text, start)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return data
        start = text.find("{", start + 1)
    raise LLMError("the model's content holds no JSON object")


def parse_facts(content: str, text: str, business: BusinessInfo) -> Facts:
    """Read the model's JSON field by field: a field of the wrong type or value is coerced when that
    is safe ("true" -> true, 60613 -> "60613") and otherwise dropped on its own, never the whole
    answer (a correct opt-out stays, whatever else is broken). Then each value is checked against
    the message (a value that does not fit is dropped too)."""
    data = _loads_object(content)
    facts = Facts()
    facts.opt_out = _flag(data, "opt_out", facts.dropped)
    facts.category = _choice(data, "category", CATEGORIES, "unclear", facts.dropped)
    # An urgency or emergency kind we do not know ("high", "severe") is dropped, never taken as one.
    facts.urgency = _choice(data, "urgency", URGENCIES, "unknown", facts.dropped)
    kind = _choice(data, "emergency", ("none", *EMERGENCY_KINDS), "none", facts.dropped)
    facts.emergency = None if kind == "none" else kind
    if facts.emergency or facts.urgency == "emergency":
        facts.evidence_ok = shows_hazard(_text(data, "evidence", facts.dropped), text, facts.emergency)
    language = _choice(data, "language", LANGUAGES, "other", facts.dropped)
    facts.language = language if language in languages.PACKS else None
    raw = {name: _text(data, name, facts.dropped) for name in TEXT_FIELDS}
    questions = data.get("questions") if isinstance(data.get("questions"), dict) else {}
    facts.questions = {f: questions[f].strip() for f in QUESTION_FIELDS
                       if isinstance(questions.get(f), str) and questions[f].strip()}

    message_words = set(_words(text))
    for name, limit in TEXT_FIELDS.items():
        value = re.sub(r"\s+", " ", raw[name]).strip(" ,;") if raw[name] else None
        if not value or value.lower() in ("null", "none", "n/a", "unknown"):
            continue
        checked = _CHECKS[name](value, message_words, raw, business) if len(value) <= limit else None
        if checked:
            setattr(facts, name, checked)
        else:
            facts.dropped.append(name)
    return facts


# Concepts that only qualify a hazard (where, who, how hot): alone they show no danger.
QUALIFIERS = {"same_clause", "structure", "heat_felt", "rain_now", "raining_now", "vulnerable", "pet", "freezing",
              "extreme_heat", "water_strong"}


def shows_hazard(evidence, text, kind):
    """Whether the model's evidence is words of the message that name a hazard the rules know
    (of the kind it claims, when it claims one): a concept of that hazard, found by the rules' own
    reader in those words, not negated or in the past."""
    if not evidence or fold(evidence).strip() not in fold(text):
        return False
    wanted = {c for combination in (hazards.HAZARDS.get(kind) or [c for k in hazards.HAZARDS.values() for c in k])
              for c in combination} - QUALIFIERS
    return bool(hazards.concepts_in(evidence)[0] & wanted)


TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1"), ("false", "no", "0", "", "null", "none")


def _flag(data: dict, key: str, dropped: list) -> bool:
    value = data.get(key)
    if isinstance(value, bool) or value is None:
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    dropped.append(key)
    return False


def _choice(data: dict, key: str, allowed, default, dropped: list):
    value = data.get(key)
    if value is None:
        return default
    folded = value.strip().lower() if isinstance(value, str) else value
    if folded in allowed:
        return folded
    dropped.append(key)
    return default


def _text(data: dict, key: str, dropped: list) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a ZIP or a house number sent as a number
    dropped.append(key)
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _share_in_message(value: str, message_words: set) -> float:
    words = _words(value)
    return sum(w in message_words for w in words) / len(words) if words else 0.0


def _check_name(value, message_words, raw, business):
    if not re.fullmatch(r"[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,3}", value):
        return None
    words = _words(value)
    owner = _words(business.owner_name)[:1]
    if not words or not all(w in message_words for w in words) or words[:1] == owner:
        return None  # not written in this message, or the owner's name ("Hi Carlos")
    if words[0] in vocab.NAME_STOP_WORDS and words[0] not in vocab.HONORIFICS:
        return None
    if is_place(value, places_named(raw)):
        return None  # "Logan Square", "Oak Park": where, not who
    return " ".join(w.capitalize() if w.islower() or w.isupper() and len(w) > 1 else w for w in value.split())


def places_named(raw):
    """The place fields the model gave, to tell a name from a place it also named."""
    return " ".join(raw.get(k) or "" for k in ("address", "city")).lower()


def is_place(value, places):
    return any(w in vocab.PLACE_WORDS for w in _words(value)) or bool(places.strip()) and value.lower() in places


def _check_need(value, message_words, raw, business):
    if re.search(r"https?:|www\.", value, flags=re.I) or len(value) < 3:
        return None
    shared = [w for w in _words(value) if w in message_words and len(w) >= 4]
    return value if shared or _share_in_message(value, message_words) >= 0.5 else None


def _check_address(value, message_words, raw, business):
    return value if _share_in_message(value, message_words) >= 0.6 else None


def _check_city(value, message_words, raw, business):
    return value if _share_in_message(value, message_words) == 1.0 else None


def _check_state(value, message_words, raw, business):
    code = value.strip(". ").lower()
    zip_state = ZIP_TO_CITY.get((raw.get("postal_code") or "").strip(), (None, ""))[1].lower()
    if code in US_STATES and (code in message_words or code == zip_state):
        return code.upper()
    return None


def _check_postal_code(value, message_words, raw, business):
    return value if re.fullmatch(r"\d{5}", value) and value in ZIP_TO_CITY and value in message_words else None


def _check_timeline(value, message_words, raw, business):
    return value if _share_in_message(value, message_words) >= 0.5 else None


_CHECKS = {"name": _check_name, "need": _check_need, "address": _check_address, "city": _check_city,
           "state": _check_state, "postal_code": _check_postal_code, "timeline": _check_timeline}


# --- merging into the built-in engine's decisions ------------------------------------------

def merge(business: BusinessInfo, lead: Lead, history, text: str, builtin: Turn, facts: Facts,
          phrase_questions: bool = True) -> Turn:
    """The turn to send: the built-in turn, made safer (an opt-out or emergency only the model saw),
    filled in (fields only the model found; the built-in engine then runs again on them), worded."""
    if facts.opt_out:  # and an emergency in the same message still alerts the owner
        alerted = builtin
        if not builtin.owner_alert and (enriched := _enriched(lead, builtin.lead, facts, fields=False)):
            alerted = engine.respond(business, enriched, history, text)
        return _opt_out_turn(business, lead, facts.language or builtin.lead.language, alerted)
    if lead.status in HANDED_OFF_STATUSES or builtin.lead.status in HANDED_OFF_STATUSES:
        return builtin  # handed off or classified by the rules: the owner takes it from here
    emergency = builtin.owner_alert or builtin.lead.emergency_kind or facts.emergency or facts.urgency == "emergency"
    if not lead.progress.closed and not emergency:
        classified = _classified_turn(business, lead, builtin, text, facts)
        if classified:
            return classified
    enriched = _enriched(lead, builtin.lead, facts, fields=not lead.progress.closed)  # after the close: only safety
    hints = None if lead.progress.closed else _hints(business, lead, builtin, facts, phrase_questions)
    turn = builtin if enriched is None and hints is None else engine.respond(business, enriched or lead, history, text, hints)
    if builtin.owner_alert and not turn.owner_alert or turn.opt_out != builtin.opt_out:
        return builtin  # never less safe than the built-in turn
    return _flagged(business, turn, facts)


def _flagged(business: BusinessInfo, turn: Turn, facts: Facts) -> Turn:
    """An emergency the model claims without evidence (a weak model calls a clogged sink one): no
    page and no promise to the caller, but the owner is told once that it may be one."""
    claimed = facts.emergency or facts.urgency == "emergency"
    if not claimed or facts.evidence_ok or turn.owner_alert or turn.lead.emergency_kind or turn.lead.progress.ai_flagged:
        return turn
    lead = copy.deepcopy(turn.lead)
    lead.progress.ai_flagged = True
    note = to_gsm7("Possible emergency, flagged by the AI model (not confirmed): " + engine.summarize(business, lead) + ".")
    return Turn(**{**turn.__dict__, "lead": lead, "owner_note": note})


def _opt_out_turn(business: BusinessInfo, lead: Lead, language: str, alerted: Turn) -> Turn:
    """What the built-in engine does for a plain-words opt-out (the model saw one the rules did not),
    keeping the owner alert of an emergency in the same message (the caller gets only the confirmation)."""
    lead = copy.deepcopy(lead)
    lead.language = language if language in replies.OPTED_OUT else lead.language
    lead.progress.status_before_opt_out = lead.status
    lead.status = Status.OPTED_OUT
    lead.progress.awaiting = None
    if alerted.owner_alert:
        lead.emergency_kind, lead.progress.owner_alerted, lead.urgency = alerted.lead.emergency_kind, True, Urgency.EMERGENCY
    return engine.finish(Turn(lead, [engine.say(replies.OPTED_OUT, lead, business)], opt_out=True, done=True,
                               owner_alert=alerted.owner_alert))


def _classified_turn(business: BusinessInfo, lead: Lead, builtin: Turn, text: str, facts: Facts) -> Turn | None:
    """A caller who is not a new lead, as only the model saw it; answered with the built-in replies.
    Never when the rules read a field in this message (a generic sentence taken for the need aside),
    and, like the rules, a caller who described a job is not taken for a wrong number, a solicitor
    or a customer."""
    if facts.category in ("new_lead", "unclear") or _read_by_the_rules(lead, builtin.lead):
        return None
    out = copy.deepcopy(lead)
    out.language = builtin.lead.language
    if facts.category == "not_interested" or facts.category == "wrong_number" and not lead.need:
        out.status, out.progress.awaiting = facts.category, None
        template = replies.NOT_INTERESTED if facts.category == "not_interested" else replies.WRONG_NUMBER
        return engine.finish(Turn(out, [engine.say(template, out, business)], done=True))
    if facts.category == "solicitor" and not lead.need:
        out.status, out.progress.awaiting = Status.SOLICITOR, None
        return engine.finish(Turn(out, [], done=True))  # no reply: a reply invites more pitches
    if facts.category == "existing_customer" and not lead.need:
        return engine.finish(engine.existing_customer_turn(business, out, text))
    return None


def _read_by_the_rules(before: Lead, after: Lead) -> bool:
    """Did the rules read a field in this message? (A need counts only when it names a specific job.)"""
    for name in ("name", "address", "city", "postal_code", "timeline"):
        if getattr(after, name) and not getattr(before, name):
            return True
    return bool(after.need and not before.need and extract.has_specific_need(fold(after.need)))


def _enriched(lead: Lead, after: Lead, facts: Facts, fields: bool = True) -> Lead | None:
    """The lead before this message plus what only the model found in it (None: nothing to add)."""
    enriched = copy.deepcopy(lead)
    added = False
    if (facts.emergency or facts.urgency == "emergency") and facts.evidence_ok and not after.emergency_kind \
            and not lead.emergency_kind:
        enriched.emergency_kind = facts.emergency or "other"  # "other": the alert, without a safety line
        added = True
    if facts.language not in (None, "en") and after.language == "en":
        enriched.language = facts.language  # the model saw a pack's language the rules did not
        added = True
    if not fields:
        return enriched if added else None
    for name in ("name", "need", "timeline"):
        value = getattr(facts, name)
        if value and not getattr(after, name):
            setattr(enriched, name, value)
            added = True
    if facts.timeline and not after.timeline:
        _, days, found = extract.find_timeline(fold(facts.timeline), _called_on(lead))
        enriched.timeline_days = days if found else None
    # Location, part by part: the rules' parse (street parser, ZIP database) stands; the model fills gaps.
    located = False
    if facts.postal_code and not after.postal_code:
        enriched.postal_code = facts.postal_code
        located = True
    zip_city, zip_state = ZIP_TO_CITY.get(facts.postal_code or after.postal_code or "", (None, None))
    city = after.city or facts.city or (zip_city if not (after.address or facts.address) else None)
    if city and not after.city:
        enriched.city = city
        located = True
    if facts.address and not after.address:
        enriched.address = facts.address if not city or fold(city) in fold(facts.address) else f"{facts.address}, {city}"
        located = True
    if located and not after.state and (facts.state or zip_state):
        enriched.state = facts.state or zip_state
    added = added or located
    if facts.urgency in ("soon", "flexible") and after.urgency == "unknown" and lead.urgency == "unknown":
        enriched.urgency = facts.urgency
        added = True
    return enriched if added else None


def _hints(business: BusinessInfo, lead: Lead, builtin: Turn, facts: Facts, phrase_questions: bool) -> engine.Hints | None:
    """What the engine may say in the model's words: the job as the model condensed it, when the rules
    read one in this very message (theirs is the caller's sentence; the model is better at "kitchen sink
    clogged"; nothing we say to the caller quotes it), and its wording of the questions that passed
    safe_question(). The engine composes the texts; nothing is spliced into them here."""
    ours = builtin.lead.need
    need = facts.need if not lead.need and ours and facts.need and facts.need != ours \
        and builtin.lead.status in OPEN_STATUSES else None
    questions = {}
    for field_name, question in (facts.questions.items() if phrase_questions else ()):
        if field_name in _FIELD_WORDS and question and (safe := safe_question(question, field_name, builtin.lead, business)):
            questions[field_name] = safe
    return engine.Hints(need, questions) if need or questions else None


def _called_on(lead: Lead) -> date | None:
    try:
        return date.fromisoformat(lead.called_on) if lead.called_on else None
    except ValueError:
        return None


# --- the model's wording of our next question ------------------------------------------

_FIELD_WORDS = {
    "need": r"\b(help|need|needs|going on|problem|issue|job|project|work|service|what|ayudar|necesita|problema|trabajo|que)\b",
    "location": r"\b(address|where|location|located|street|zip|city|town|property|direccion|donde|ubicacion|calle|ciudad)\b",
    "timeline": r"\b(when|day|time|timeline|timeframe|how soon|schedule|date|cuando|dia|fecha|pronto)\b",
    "name": r"\b(name|call you|nombre|llama)\b",
}
_NOT_OURS_TO_SAY = (
    r"\b(i'?m|i am|im|this is|it'?s me|my name|me llamo|soy|yo soy)\b",  # a person speaking
    r"\b(human|real person|persona real|humano|person here)\b",
    r"\b(price|prices|pricing|cost|costs|charge|charges|fee|fees|free|discount|cheap|dollars?|bucks|flat rate|"
    r"precio|precios|costo|cuesta|cobra|gratis|descuento|dolares)\b",
    r"\b(on (my|our|the) way|be there|be over|arrive|arriving|arrival|come out today|right away|right now|"
    r"today|tonight|tomorrow|minutes?|mins?|hours?|hrs?|asap|guarantee|guaranteed|promise|"
    r"en camino|llegar|llego|llegamos|llegara|hoy|manana|minutos?|horas?|garantiz\w*|prometo)\b",
    r"\b(we|i|he|she|they)('ll| will| shall| are going to| can be)\b",
    r"https?|www\.|@|\.com\b",
)


def safe_question(question: str, field_name: str, lead: Lead, business: BusinessInfo) -> str | None:
    """The model's wording of the question for field_name, if it is safe and on topic; else None."""
    text = to_gsm7(question)
    if not (8 <= len(text) <= 120) or text.count("?") != 1 or not text.endswith("?"):
        return None
    if re.search(r"\d|[.!;]\s", text):
        return None  # numbers (prices, times, phone numbers) or more than one sentence
    folded = fold(text)
    if matches_any(_NOT_OURS_TO_SAY, folded) or not re.search(_FIELD_WORDS[field_name], folded):
        return None
    names = set(_words(business.owner_name)) | ({w for w in _words(lead.name or "")} if field_name != "name" else set())
    if names & set(_words(text)) - set(_words(business.name)):
        return None  # no people's names, not even the owner's
    if extract.detect_language(text, "en") != (lead.language if lead.language in languages.PACKS else "en"):
        return None
    return text


# --- choosing the engine -----------------------------------------------------------------

_ENGINES: dict[tuple, LLMEngine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_engine(base_url: str, model: str, api_key: str = "", timeout: float = 5.0, on_outcome=None) -> LLMEngine:
    """One LLMEngine per configuration, kept for the process (its HTTP connections, the response
    format the server took and the breaker's state are reused)."""
    key = (base_url, model, api_key, float(timeout), on_outcome)
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = LLMEngine(base_url, model, api_key, timeout, on_outcome=on_outcome)
        return _ENGINES[key]
