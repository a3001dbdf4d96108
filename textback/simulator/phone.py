"""A simulated caller's phone: place a call, let it ring out or be answered, hang up, text.
Each step goes through the same core functions as a provider webhook would."""

import uuid

from textback.core import calls, inbox
from textback.core.models import PhoneNumber

PROVIDER = "simulator"


def new_id(prefix):
    return f"{prefix}{uuid.uuid4().hex}"


def call(number: PhoneNumber, caller):
    """A call arrives. In forwarded mode it is missed already; in ring mode it rings the owner."""
    call = calls.started(number, PROVIDER, new_id("CA"), caller)
    if number.mode == PhoneNumber.FORWARDED:
        return calls.missed(PROVIDER, call.provider_call_id, calls.FORWARDED)
    return call


def ring_out(call):
    return calls.missed(PROVIDER, call.provider_call_id, calls.NO_ANSWER)


def owner_answers(call):
    calls.screening_result(PROVIDER, call.provider_call_id, accepted=True)
    return calls.answered(PROVIDER, call.provider_call_id)


def voicemail_picks_up(call):
    """The owner's cell voicemail answers: it cannot accept the screening, so it is a miss."""
    return calls.missed(PROVIDER, call.provider_call_id, calls.DECLINED)


def hang_up(call):
    return calls.ended(PROVIDER, call.provider_call_id, "canceled")


def text(number: PhoneNumber, caller, body):
    return inbox.received(number, PROVIDER, new_id("SM"), caller, body)
