"""Each event, emitted where it happens in the real pipeline (simulator provider), reaches a
subscribed endpoint signed, with the lead card a CRM needs; nothing reaches an endpoint that did
not subscribe, and an event never outlives a cause that rolled back."""

from datetime import timedelta

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tests.world import JEN
from textback.core import calls, clock, jobs
from textback.core.models import Call, Conversation
from textback.hooks.models import Delivery, Event
from textback.simulator import phone


def missed_call(number, caller=JEN):
    call = phone.ring_out(phone.call(number, caller))
    jobs.run_ready()
    return Call.objects.get(id=call.id)


def text(number, body, caller=JEN):
    clock.advance_to(clock.now() + timedelta(minutes=1))
    phone.text(number, caller, body)
    jobs.run_ready()


def test_a_missed_call_and_its_text_back_reach_the_crm_with_the_decision_and_its_reason(number, crm, tuesday_morning):
    call = missed_call(number)
    assert crm.types() == ["call.missed", "textback.sent"]
    assert all(r.verified for r in crm.requests)
    missed, sent = crm.events()
    assert missed["version"] == 1 and missed["timestamp"] == "2026-11-24T16:15:00Z"
    assert missed["data"]["decision"] == "texted" and missed["data"]["reason"] == "missed call"
    assert missed["data"]["call"]["caller"] == JEN and missed["data"]["call"]["missed_reason"] == call.missed_reason
    assert missed["data"]["lead"]["phone"] == JEN
    assert missed["data"]["lead"]["transcript_url"] == f"https://textback.example.com/b/{number.business_id}/c/{call.conversation_id}/"
    assert sent["data"]["message"]["to"] == JEN and "Reyes Plumbing" in sent["data"]["message"]["body"]
    assert sent["data"]["call_id"] == call.id


def test_a_call_not_texted_back_says_why(number, crm, tuesday_morning):
    missed_call(number)
    clock.advance_to(clock.now() + timedelta(hours=2))
    Conversation.objects.update(status=Conversation.CLOSED)
    missed_call(number)  # within the cooldown
    last = crm.events()[-1]
    assert last["type"] == "call.missed" and last["data"]["decision"] == "skipped"
    assert "cooldown" in last["data"]["reason"]


def test_a_qualifying_conversation_sends_received_updated_and_qualified_with_the_lead_card(number, crm, tuesday_morning):
    missed_call(number)
    text(number, "my kitchen sink is clogged")
    text(number, "1418 W Addison St, Chicago 60613")
    types = crm.types()
    assert types.count("message.received") == 2 and types.count("lead.qualified") == 1
    [qualified] = [e for e in crm.events() if e["type"] == "lead.qualified"]
    lead = qualified["data"]["lead"]
    assert lead["status"] == "qualified" and lead["need"] and lead["phone"] == JEN
    assert lead["address"]["street"].startswith("1418 W Addison St") and lead["address"]["postal_code"] == "60613"
    assert lead["address"]["city"] == "Chicago"
    assert set(lead) >= {"name", "timeline", "urgency", "score", "language", "transcript_url"}
    updates = [e for e in crm.events() if e["type"] == "lead.updated"]
    assert "need" in updates[0]["data"]["changed"] and "address.postal_code" in updates[-1]["data"]["changed"]
    received = [e for e in crm.events() if e["type"] == "message.received"]
    assert received[0]["data"]["message"]["body"] == "my kitchen sink is clogged"


def test_an_emergency_is_its_own_event(number, crm, tuesday_night):
    missed_call(number)
    text(number, "pipe burst in the basement, water everywhere!! 2231 N Kedzie Ave")
    [emergency] = [e for e in crm.events() if e["type"] == "lead.emergency"]
    assert emergency["data"]["lead"]["urgency"] == "emergency" and emergency["data"]["lead"]["emergency_kind"]


def test_an_endpoint_gets_only_the_events_it_chose(number, receivers, reyes, tuesday_morning):
    picky = receivers(reyes, events=["lead.qualified"])
    missed_call(number)
    text(number, "my kitchen sink is clogged")
    text(number, "1418 W Addison St, Chicago 60613")
    assert picky.types() == ["lead.qualified"]


def test_no_endpoint_no_event_rows(number, tuesday_morning):
    missed_call(number)
    assert not Event.objects.exists()


def test_an_event_rolls_back_with_its_cause(number, crm, tuesday_morning):
    call = phone.call(number, JEN)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        calls.missed("simulator", call.provider_call_id, calls.NO_ANSWER)
        assert Event.objects.filter(type="call.missed").exists()
        raise Boom
    assert not Event.objects.exists() and not Delivery.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__contains="hooks").exists()


def test_every_event_sent_and_every_documented_example_fits_the_json_schema(number, crm, tuesday_night, signed_in):
    import jsonschema
    from django.urls import reverse

    from tests.hooks.docs import documented_examples, schema
    from textback.hooks import events
    from textback.hooks.models import EVENTS, TEST_EVENT

    missed_call(number)
    text(number, "pipe burst in the basement, water everywhere!! 2231 N Kedzie Ave, Chicago 60647")
    conversation = Conversation.objects.get()
    signed_in.post(reverse("dashboard:outcome", args=[number.business_id, conversation.id]), {"outcome": "booked"})
    events.send_test(crm.endpoint)
    jobs.run_ready()
    sent = crm.events()
    assert {e["type"] for e in sent} == set(EVENTS) | {TEST_EVENT}
    examples = documented_examples()
    assert set(examples) == set(EVENTS) | {TEST_EVENT}
    validator = jsonschema.Draft202012Validator(schema())
    for event in [*sent, *examples.values()]:
        validator.validate(event)
    [booked] = [e for e in sent if e["type"] == "lead.status_changed"]
    assert (booked["data"]["outcome"], booked["data"]["previous"]) == ("booked", "open")
