"""A simulated caller's phone: place a call, let it ring out or be answered, hang up, text.
Each step goes through the same core functions as a provider webhook would."""

import uuid

from textback.core import calls, clock, incoming
from textback.core.models import Call, Message, PhoneNumber

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
    """The caller hangs up: while it still rings, a miss; once answered or missed, the end of the call."""
    call.refresh_from_db(fields=["outcome"])
    status = "canceled" if call.outcome == Call.PENDING else "completed"
    return calls.ended(PROVIDER, call.provider_call_id, status)


def text(number: PhoneNumber, caller, body):
    return incoming.received(number, PROVIDER, new_id("SM"), caller, body)


def receive(number: PhoneNumber, caller):
    """The simulated phone shows the texts that reached it: like a carrier's delivery receipt,
    what was sent to it becomes delivered (only forward, from sent; never from failed)."""
    return Message.objects.filter(
        provider=PROVIDER, direction=Message.OUT, from_number=number.number, to_number=caller, status=Message.SENT
    ).update(status=Message.DELIVERED, delivered_at=clock.now())
