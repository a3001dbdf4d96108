"""The lead's schema, in one place: what we know of the caller (Lead), where the conversation stands
(Progress), and the values of status and urgency. The built-in engine, the LLM engine, core/leads.py
(the simulate output and the lead card), the outgoing webhooks and the dashboard all read it here.

A conversation stores its lead as one flat JSON object (Conversation.lead): Lead.to_json() writes
the facts and the progress side by side, Lead.from_json() reads them back and ignores keys it does
not know (older rows, keys the pipeline adds such as owner_summary_sent).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    QUALIFIED = "qualified"  # need and location known
    PARTIAL = "partial"
    EXISTING_CUSTOMER = "existing_customer"
    WRONG_NUMBER = "wrong_number"
    SOLICITOR = "solicitor"
    OPTED_OUT = "opted_out"
    NOT_INTERESTED = "not_interested"


# A new lead still being qualified (or qualified): the assistant talks, follows up, scores.
OPEN_STATUSES = (Status.PARTIAL, Status.QUALIFIED)
# Not a new lead: the assistant has said its one line and the owner takes it from here.
HANDED_OFF_STATUSES = (Status.WRONG_NUMBER, Status.SOLICITOR, Status.NOT_INTERESTED, Status.EXISTING_CUSTOMER)
# Nothing left for the owner to do (the dashboard's "needs me" leaves these out).
DONE_STATUSES = (Status.WRONG_NUMBER, Status.SOLICITOR, Status.OPTED_OUT, Status.NOT_INTERESTED)


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # damage or danger happening now
    SOON = "soon"  # days to about two weeks, or "asap" without danger
    FLEXIBLE = "flexible"  # no date, quotes, further out
    UNKNOWN = "unknown"


class Score(StrEnum):
    HOT = "hot"
    WARM = "warm"
    COLD = "cold"


@dataclass
class Progress:
    """Where the conversation stands: what was asked, what we wait for, what was already done."""

    asked: list[str] = field(default_factory=list)  # fields already asked for (never ask twice)
    declined: list[str] = field(default_factory=list)  # fields the caller said they don't know
    reasked: list[str] = field(default_factory=list)  # fields asked a second time after an off-topic answer
    # Fields the business does not want asked (timeline, name; set by the pipeline when the lead starts).
    # Unlike `declined`, nothing was asked: a caller who volunteers one is still heard.
    skip: list[str] = field(default_factory=list)
    awaiting: str | None = None  # the field our last message asked for
    answered: list[str] = field(default_factory=list)  # the caller's questions already answered
    concepts: list[str] = field(default_factory=list)  # lasting hazard concepts said so far (hazards.LASTING)
    owner_alerted: bool = False
    ai_flagged: bool = False  # the owner was told of a possible emergency the AI model alone saw
    closed: bool = False  # the closing line was sent; later texts only update the lead
    noted_after_close: bool = False
    followed_up: bool = False  # set by the pipeline after sending follow_up()'s nudge
    status_before_opt_out: str | None = None
    last_reply: str | None = None  # our last text, so the next one is never the same


@dataclass
class Lead:
    """What we know of the caller. LEAD_FIELDS names the public part."""

    status: str = Status.PARTIAL
    name: str | None = None
    need: str | None = None
    address: str | None = None
    city: str | None = None
    postal_code: str | None = None
    timeline: str | None = None
    urgency: str = Urgency.UNKNOWN
    language: str = "en"  # ISO 639-1 code of the language the caller writes in
    after_hours: bool = False
    score: str | None = None
    score_reason: str = ""
    state: str | None = None  # US state code when the caller gave one
    emergency_kind: str | None = None  # a key of hazards.HAZARDS (gas, co, water, no_heat, ...)
    timeline_days: int | None = None
    called_on: str | None = None  # ISO date of the missed call, to judge "Dec 15" (set by the pipeline)
    # What fits no field, in the caller's words (details.py): who else is involved and when they are
    # there, that it is a business, how to get in.
    notes: list[str] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)

    def to_json(self) -> dict:
        facts = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "progress"}
        return {**facts, **dataclasses.asdict(self.progress)}

    @classmethod
    def from_json(cls, data: dict | None) -> Lead:
        data = data or {}
        progress = Progress(**{k: data[k] for k in PROGRESS_KEYS if k in data})
        return cls(**{k: data[k] for k in FACT_KEYS if k in data}, progress=progress)


FACT_KEYS = tuple(f.name for f in dataclasses.fields(Lead) if f.name != "progress")
PROGRESS_KEYS = tuple(f.name for f in dataclasses.fields(Progress))

# The public lead: `textback simulate`'s "lead", the lead card, the outgoing webhooks' lead.
LEAD_FIELDS = {name: Lead.__dataclass_fields__[name].default for name in FACT_KEYS[:11]} | {"notes": ()}
