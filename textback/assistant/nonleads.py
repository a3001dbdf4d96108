"""Callers who are not new leads, by what they mean: a solicitor pitches something TO the business
(an offer + a pitch, a fake "verify your listing", a job seeker), a wrong number says they did not
mean to reach us, an existing customer talks about work already done or booked, and someone who no
longer needs us says so. Each is a few concepts, in the language packs (languages/en.py NONLEADS);
vocab.py joins the older exact patterns (the packs' *_CUES), still used.

Adding a kind of non-lead: its concepts in the packs' NONLEADS, a branch in classify(), a reply in each
pack (replies.py), cases in tests/assistant/corpus.jsonl.
"""
from __future__ import annotations

import re

from . import languages, vocab
from .text import matches_any

_CUES = languages.joined("NONLEADS")  # every pack's concepts of each kind (languages/en.py has them all)
_MARKETING, _MONEY, _PITCH, _FAKE_NOTICE = _CUES["marketing"], _CUES["money"], _CUES["pitch"], _CUES["fake_notice"]
_JOB_SEEKER, _HOMEOWNER, _WRONG = _CUES["job_seeker"], _CUES["homeowner"], _CUES["wrong"]
_PAST_WORK, _NOT_INTERESTED = _CUES["past_work"], _CUES["not_interested"]


def classify(folded: str, has_job: bool) -> str | None:
    """wrong_number | solicitor | not_interested | existing_customer, or None for a lead (or unknown)."""
    if matches_any(vocab.WRONG_NUMBER, folded) or not has_job and re.search(_WRONG, folded):
        return "wrong_number"
    if not has_job and is_solicitor(folded):
        return "solicitor"
    if matches_any(vocab.NOT_INTERESTED, folded) or re.search(_NOT_INTERESTED, folded):
        return "not_interested"
    if not has_job and (matches_any(vocab.EXISTING_CUSTOMER, folded) or re.search(_PAST_WORK, folded)):
        return "existing_customer"
    return None


def is_solicitor(folded: str) -> bool:
    if matches_any(vocab.SOLICITOR, folded) or re.search(_FAKE_NOTICE, folded) or re.search(_JOB_SEEKER, folded):
        return True
    offer = re.search(_MARKETING, folded) or re.search(_MONEY, folded)
    return bool(offer and re.search(_PITCH, folded) and not re.search(_HOMEOWNER, folded))
