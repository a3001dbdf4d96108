"""The optional LLM engine, against a local fake of the chat-completions API at its HTTP boundary
(tests/fakes/openai_api.py): the model reads the messages, our rules keep every decision."""
import logging
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.fakes.openai_api import FakeChatAPI, facts
from tests.world import CARLOS_CELL, JEN
from textback.assistant import BusinessInfo, Lead, engine, engine_for, first_message, llm, replies, respond
from textback.assistant.llm import SCHEMA, LLMEngine, parse_facts
from textback.assistant.text import to_gsm7
from textback.core import clock, jobs
from textback.core.models import Conversation, Message
from textback.simulator import phone

KEY = "sk-test-" + "k3y" * 8
REYES = BusinessInfo(name="Reyes Plumbing", trade="plumbing", owner_name="Carlos")
SUMP = "sump pump making a horrible grinding noise"
WHERE = "out past the grain elevator on county rd 9, dwight"


@pytest.fixture
def chat():
    api = FakeChatAPI(api_key=KEY).start()
    yield api
    api.stop()


@pytest.fixture
def model(chat):
    return LLMEngine(chat.base_url, "test-model", KEY, timeout=1.0)


def converse(respond_with, messages, business=REYES):
    """Each message through respond_with(); returns (lead, turns, all replies), like the pipeline."""
    lead = Lead(called_on="2026-11-24")
    history = [("assistant", first_message(business, False).text)]
    turns = []
    for text in messages:
        turn = respond_with(business, lead, history, text)
        lead = turn.lead
        history.append(("lead", text))
        history += [("assistant", r.text) for r in turn.replies]
        turns.append(turn)
    return lead, turns, [r for t in turns for r in t.replies]


def first_turn(respond_with, text):
    return converse(respond_with, [text])[1][0]


def builtin_first_turn(text):
    return first_turn(respond, text)


# --- what the model adds ----------------------------------------------------------------

def test_it_extracts_the_fields_from_the_models_json(chat, model):
    chat.answer(facts(need="sump pump grinding noise"))
    chat.answer(facts(address="past the grain elevator on county rd 9", city="Dwight"))
    chat.answer(facts(timeline="whenever", urgency="flexible"))
    chat.answer(facts(name="Okonkwo"))
    lead, turns, said = converse(model.respond, [SUMP, WHERE, "whenever, no rush", "put it under Okonkwo"])
    assert (lead.status, lead.name, lead.need, lead.city) == ("qualified", "Okonkwo", "sump pump grinding noise", "Dwight")
    assert lead.address == "past the grain elevator on county rd 9, Dwight" and lead.urgency == "flexible"
    assert [r.asks for r in said] == ["location", "timeline", "name", None]
    assert said[-1].text == "Thanks Okonkwo! Carlos will text you shortly to set a time."
    assert "Okonkwo" in turns[-1].owner_summary and "grain elevator" in turns[-1].owner_summary
    builtin_lead, _, builtin_said = converse(respond, [SUMP, WHERE, "whenever, no rush", "put it under Okonkwo"])
    assert builtin_lead.name is None and builtin_said[-1].asks == "name"  # the rules alone ask again


def test_what_the_built_in_rules_read_stays_and_the_model_only_fills_the_gaps(chat, model):
    chat.answer(facts(need="toilet", address="1418 Addison", city="Chicago", postal_code="60613", name="Jen"))
    turn = first_turn(model.respond, "toilet keeps running all night, 1418 W Addison St Chicago 60613")
    builtin = builtin_first_turn("toilet keeps running all night, 1418 W Addison St Chicago 60613")
    assert (turn.lead.address, turn.lead.postal_code) == (builtin.lead.address, builtin.lead.postal_code)
    assert turn.lead.need == "toilet" and turn.lead.name is None  # "Jen" is not in the message: dropped
    assert [r.text for r in turn.replies] == [r.text for r in builtin.replies]


def test_values_the_message_does_not_contain_or_that_do_not_fit_are_dropped():
    found = parse_facts(
        '{"opt_out": false, "category": "new_lead", "name": "Jen", "need": "sump pump grinding", '
        '"city": "Chicago", "postal_code": "99999", "state": "ZZ", "timeline": "' + "x" * 61 + '", '
        '"address": null, "urgency": "unknown", "emergency": "none", "language": "en", "questions": null}',
        "sump pump grinding, 99999", REYES)
    assert found.need == "sump pump grinding"
    assert (found.name, found.city, found.postal_code, found.state, found.timeline) == (None,) * 5
    assert sorted(found.dropped) == ["city", "name", "postal_code", "state", "timeline"]


def test_a_caller_the_model_recognises_as_a_wrong_number_gets_the_built_in_goodbye(chat, model):
    chat.answer(facts(category="wrong_number"))
    turn = first_turn(model.respond, "u got the wrong guy")
    assert (turn.lead.status, turn.done, [r.text for r in turn.replies]) == (
        "wrong_number", True, [replies.WRONG_NUMBER["en"]])


def test_a_solicitor_the_model_recognises_gets_no_reply(chat, model):
    chat.answer(facts(category="solicitor"))
    turn = first_turn(model.respond, "Hi! Want more 5-star reviews for your business on autopilot?")
    assert (turn.lead.status, turn.replies, turn.done) == ("solicitor", [], True)


def test_an_existing_customer_the_model_recognises_is_handed_to_the_owner(chat, model):
    chat.answer(facts(category="existing_customer"))
    turn = first_turn(model.respond, "did Carlos get my check from last week")
    assert turn.lead.status == "existing_customer" and turn.done and "Carlos" in turn.replies[0].text
    assert turn.owner_summary.startswith("Existing customer")


@pytest.mark.parametrize("text, category", [
    (SUMP, "wrong_number"),  # a caller who described a job
    ("whenever, no rush", "not_interested"),  # the rules read a timeline in it
    (SUMP, "solicitor"),
])
def test_a_classification_the_message_contradicts_is_ignored(chat, model, text, category):
    chat.answer(facts(category=category))
    turn = first_turn(model.respond, text)
    assert turn.lead.status == "partial" and turn.replies[-1].asks


def test_spanish_the_model_recognises_gets_the_spanish_questions(chat, model):
    chat.answer(facts(language="es", need="bomba de sumidero hace ruido"))
    turn = first_turn(model.respond, "la bomba de sumidero hace ruido")
    assert turn.lead.language == "es"
    assert turn.replies[-1].text.endswith(to_gsm7(replies.ASK["es"]["location"][""]))  # "¿Cual es la direccion..."


# --- the model's wording: used when safe, never when it promises or pretends ------------------

def test_the_models_wording_of_our_next_question_is_used_when_it_is_safe(chat, model):
    chat.answer(facts(questions={"location": "Where's the house with the sump pump?"}))
    turn = first_turn(model.respond, SUMP)
    assert (turn.replies[-1].text, turn.replies[-1].asks) == ("Got it. Where's the house with the sump pump?", "location")


@pytest.mark.parametrize("wording", [
    "I'm Carlos, what's the address?",
    "This is Carlos from Reyes Plumbing - where do you live?",
    "A pump swap is $450 flat, what's the address?",
    "What's the address so we can quote the price?",
    "Carlos can be there in 20 minutes - what's your address?",
    "We'll be there today, where are you?",
    "What's the address? And when do you need it?",
    "When would you like someone to come out?",  # a timeline question where we ask for the location
    "What's your address? Visit www.reyes.com",
])
def test_a_models_wording_that_promises_a_price_or_a_time_or_claims_a_person_is_not_sent(chat, model, wording):
    chat.answer(facts(questions={"location": wording}))
    turn = first_turn(model.respond, SUMP)
    assert [r.text for r in turn.replies] == [r.text for r in builtin_first_turn(SUMP).replies]


# --- our rules decide: opt-outs and emergencies ----------------------------------------------

@pytest.mark.parametrize("text", ["STOP", "please stop texting me"])
def test_an_opt_out_the_built_in_rules_see_is_honoured_and_never_sent_to_the_model(chat, model, text):
    chat.default = lambda body: facts(opt_out=False, category="new_lead", need="stop texting")
    turn = first_turn(model.respond, text)
    assert turn.opt_out and turn.lead.status == "opted_out" and turn.done
    assert chat.requests == []


def test_an_opt_out_only_the_model_sees_is_honoured_and_nothing_goes_to_the_model_after_it(chat, model):
    chat.answer(facts(opt_out=True, category="not_interested"))
    lead, turns, said = converse(model.respond, ["kindly refrain from texting", "hello?"])
    assert turns[0].opt_out and not turns[0].opt_out_keyword and lead.status == "opted_out"
    assert [r.text for r in said] == [replies.OPTED_OUT["en"].format(business="Reyes Plumbing")]
    assert len(chat.requests) == 1


@pytest.mark.parametrize("text, emergency", [
    ("gas smell in the kitchen. kindly refrain from texting", "none"),  # the rules see the emergency
    ("water coming into the basement. kindly refrain from texting", "water"),  # only the model does
])
def test_an_opt_out_with_an_emergency_still_alerts_the_owner_and_only_confirms_to_the_caller(chat, model, text, emergency):
    chat.answer(facts(opt_out=True, urgency="emergency" if emergency != "none" else "unknown", emergency=emergency,
                      evidence="water coming into the basement" if emergency != "none" else None))
    turn = first_turn(model.respond, text)
    assert turn.opt_out and turn.owner_alert.startswith("URGENT") and turn.lead.urgency == "emergency"
    assert [r.text for r in turn.replies] == [replies.OPTED_OUT["en"].format(business="Reyes Plumbing")]


def test_an_emergency_the_built_in_rules_see_is_honoured_even_if_the_model_says_otherwise(chat, model):
    text = "theres a funny smell like rotten eggs near the water heater"
    chat.answer(facts(category="wrong_number", urgency="flexible", emergency="none"))
    turn = first_turn(model.respond, text)
    assert turn.owner_alert and turn.owner_alert.startswith("URGENT") and turn.lead.urgency == "emergency"
    assert replies.SAFETY["en"]["gas"] in turn.replies[0].text and turn.lead.status == "partial"


def test_an_emergency_only_the_model_sees_alerts_the_owner_with_the_safety_line(chat, model):
    text = "our sump pump died and water is coming into the basement"
    assert builtin_first_turn(text).owner_alert is None
    chat.answer(facts(need="sump pump died, basement filling up", urgency="emergency", emergency="water",
                      evidence="water is coming into the basement"))
    turn = first_turn(model.respond, text)
    assert turn.owner_alert.startswith("URGENT") and "sump pump died, basement filling up" in turn.owner_alert
    assert turn.replies[0].text.startswith(replies.SAFETY["en"]["water"] + " I've alerted Carlos right away.")
    assert (turn.lead.urgency, turn.lead.need) == ("emergency", "sump pump died, basement filling up")


@pytest.mark.parametrize("evidence", [None, "my kitchen sink", "the whole house is flooding"])  # none, no hazard, not said
def test_an_emergency_the_model_claims_without_evidence_is_a_note_to_the_owner_not_a_page(chat, model, evidence):
    text = "my kitchen sink is clogged, can someone come this week"
    chat.answer(facts(need="kitchen sink clogged", urgency="emergency", emergency="water", evidence=evidence))
    turn = first_turn(model.respond, text)
    assert turn.owner_alert is None and turn.lead.urgency != "emergency"
    assert "alerted" not in " ".join(r.text for r in turn.replies)  # nothing promised to the caller
    assert turn.owner_note.startswith("Possible emergency, flagged by the AI model (not confirmed): ")
    chat.answer(facts(urgency="emergency", emergency="water"), times=2)
    _, turns, _ = converse(model.respond, [text, "5 Elm St Chicago"])
    assert turns[0].owner_note and turns[1].owner_note is None  # told once, however often the model claims it


# --- any failure: the built-in engine answers ------------------------------------------------

def test_it_falls_back_to_the_built_in_engine_on_a_timeout(chat, caplog):
    chat.hang_next(10.0)
    started = time.monotonic()
    turn = first_turn(LLMEngine(chat.base_url, "test-model", KEY, timeout=0.3).respond, SUMP)
    assert time.monotonic() - started < 5  # gave up at its timeout (0.3 s), not at the answer (10 s)
    assert turn == builtin_first_turn(SUMP)
    assert "timeout" in caplog.text


def test_a_server_that_trickles_its_answer_is_cut_off_at_the_timeout(chat):
    chat.trickle_next(4.0, facts(name="Okonkwo"))
    started = time.monotonic()
    turn = first_turn(LLMEngine(chat.base_url, "test-model", KEY, timeout=0.5).respond, SUMP)
    # Its pieces come 0.4 s apart: a timeout per read would wait all 4 s. The 0.5 s is for the whole answer.
    assert time.monotonic() - started < 3 and turn == builtin_first_turn(SUMP)


@pytest.mark.parametrize("status", [401, 429, 500, 503])
def test_it_falls_back_to_the_built_in_engine_on_an_error_status(chat, model, status, caplog):
    model.format = "json_schema"  # a server it has talked to before: an error is an error, not a format refused
    chat.fail_next(status)
    with caplog.at_level(logging.INFO, logger="textback"):
        assert first_turn(model.respond, SUMP) == builtin_first_turn(SUMP)
    assert f"HTTP {status}" in caplog.text
    assert "grinding" not in caplog.text and KEY not in caplog.text  # no lead text, no key in the logs


def test_a_wrong_key_is_refused_by_the_server_and_the_built_in_engine_answers(chat, caplog):
    wrong = LLMEngine(chat.base_url, "test-model", "sk-wrong", timeout=1.0)
    assert first_turn(wrong.respond, SUMP) == builtin_first_turn(SUMP)
    assert "HTTP 401 type=invalid_request_error code=invalid_api_key" in caplog.text and "sk-wrong" not in caplog.text


def test_it_falls_back_to_the_built_in_engine_when_the_server_cannot_be_reached(caplog):
    closed = FakeChatAPI().start()
    closed.stop()
    turn = first_turn(LLMEngine(closed.base_url, "test-model", timeout=1.0).respond, SUMP)
    assert turn == builtin_first_turn(SUMP) and "connection failed" in caplog.text


@pytest.mark.parametrize("content", [
    "Sure! The caller needs a plumber for their sump pump.",
    '{"opt_out": false, "category": "new_l',
    "",
])
def test_it_falls_back_to_the_built_in_engine_on_garbage(chat, model, content):
    chat.answer(content, finish_reason="length" if content.startswith("{") else "stop")
    assert first_turn(model.respond, SUMP) == builtin_first_turn(SUMP)


@pytest.mark.parametrize("body", [b"<html>502 Bad Gateway</html>", b'{"choices": []}', b'{"object": "list"}'])
def test_it_falls_back_to_the_built_in_engine_on_an_answer_that_is_no_chat_completion(chat, model, body):
    chat.raw_next(200, body)
    assert first_turn(model.respond, SUMP) == builtin_first_turn(SUMP)


@pytest.mark.parametrize("content", [
    [facts()],
    {"opt_out": False},
    {"opt_out": "no", "category": "new_lead"},
    facts(category="plumbing"),
    facts(urgency="high"),
    facts(emergency="flood"),
    facts(name=42),
    facts(need=["sump pump"]),
    facts(opt_out=1),
    facts(questions="What's your address?"),
    facts(questions={"location": 7}),
])
def test_a_field_that_breaks_the_schema_is_dropped_and_changes_nothing_the_rules_decided(chat, model, content):
    chat.answer(content)
    assert first_turn(model.respond, SUMP) == builtin_first_turn(SUMP)


def test_after_the_closing_line_only_an_emergency_the_model_sees_counts(chat, model):
    chat.answer(facts(need="toilet keeps running"))
    chat.answer(facts(name="Bea", city="Quincy", need="also the basement is filling up with water", urgency="emergency",
                      emergency="water", evidence="water is coming into the basement"))
    closing = "toilet keeps running, 5 Elm St Quincy 02169, next week please. - Bea"
    lead, turns, _ = converse(model.respond, [closing, "oh and now water is coming into the basement"])
    assert turns[0].done and lead.progress.closed
    assert turns[1].owner_alert and replies.SAFETY["en"]["water"] in turns[1].replies[0].text
    assert lead.urgency == "emergency" and (lead.name, lead.city) == ("Bea", "Quincy")
    assert "also the basement" not in lead.need  # the rules add the detail; the model's fields stay out


def test_even_the_emergency_alert_stands_when_the_model_fails(chat, model):
    chat.fail_next(500)
    turn = first_turn(model.respond, "gas smell in the kitchen, 5 Elm St Chicago")
    assert turn.owner_alert and replies.SAFETY["en"]["gas"] in turn.replies[0].text


# --- the request -------------------------------------------------------------------------

def test_the_request_carries_the_bearer_key_the_json_schema_and_the_message(chat, model):
    first_turn(model.respond, SUMP)
    [request] = chat.requests
    assert request.path == "/v1/chat/completions" and request.headers["Authorization"] == f"Bearer {KEY}"
    body = request.body
    assert (body["model"], body["temperature"]) == ("test-model", 0)
    assert body["response_format"] == {"type": "json_schema",
                                       "json_schema": {"name": "lead_facts", "strict": True, "schema": SCHEMA}}
    assert [m["role"] for m in body["messages"]] == ["system", "user"] and request.newest_message == SUMP
    assert "Carlos" in body["messages"][0]["content"]  # so the model never takes the owner's name for the caller's


def test_no_key_sends_no_authorization_header():
    local = FakeChatAPI().start()  # like a local Ollama or llama.cpp server
    try:
        first_turn(LLMEngine(local.base_url + "/", "llama3.1:8b").respond, SUMP)
        assert "Authorization" not in local.requests[0].headers and local.requests[0].path == "/v1/chat/completions"
    finally:
        local.stop()


def test_a_server_without_json_schema_is_asked_for_a_json_object_from_then_on(chat, model):
    chat.json_schema_supported = False
    chat.answer(facts(need="sump pump grinding noise"))
    chat.answer(facts(address="past the grain elevator on county rd 9", city="Dwight"))
    lead, _, _ = converse(model.respond, [SUMP, WHERE])
    assert [r.body["response_format"]["type"] for r in chat.requests] == ["json_schema", "json_object", "json_object"]
    assert lead.need == "sump pump grinding noise" and lead.address.startswith("past the grain elevator")


def test_the_engine_is_the_llm_engine_only_when_a_base_url_is_set():
    assert engine_for(SimpleNamespace(LLM_BASE_URL="")) is engine
    configured = SimpleNamespace(LLM_BASE_URL="http://127.0.0.1:11434/v1", LLM_MODEL="llama3.1:8b", LLM_API_KEY="",
                                 LLM_TIMEOUT_SECONDS=2.5)
    chosen = engine_for(configured)
    assert isinstance(chosen, llm.LLMEngine) and chosen.timeout == 2.5 and engine_for(configured) is chosen
    assert chosen.url == "http://127.0.0.1:11434/v1/chat/completions"


# --- through the real pipeline ----------------------------------------------------------------

@pytest.fixture
def reyes_sim(reyes_number):
    reyes_number.provider = phone.PROVIDER
    reyes_number.save()
    return reyes_number


@pytest.fixture
def llm_settings(settings, chat, approved_model):
    settings.LLM_BASE_URL, settings.LLM_MODEL, settings.LLM_API_KEY = chat.base_url, "test-model", KEY
    settings.LLM_TIMEOUT_SECONDS = 2.0
    approved_model()
    return settings


def text(number, body):
    clock.advance_to(clock.now() + timedelta(minutes=1))
    phone.text(number, JEN, body)
    jobs.run_ready()


def test_a_lead_is_qualified_with_the_llm_engine_through_the_real_pipeline(reyes_sim, tuesday_morning, chat, llm_settings):
    chat.answer(facts(need="sump pump grinding noise", questions={"location": "Where's the house with the sump pump?"}))
    chat.answer(facts(address="past the grain elevator on county rd 9", city="Dwight", state="IL"))
    chat.answer(facts(timeline="whenever", urgency="flexible"))
    chat.answer(facts(name="Okonkwo"))
    phone.ring_out(phone.call(reyes_sim, JEN))
    jobs.run_ready()
    for body in [SUMP, WHERE, "whenever, no rush", "put it under Okonkwo"]:
        text(reyes_sim, body)
    lead = Conversation.objects.get().lead
    assert (lead["status"], lead["name"], lead["need"], lead["city"], lead["urgency"]) == (
        "qualified", "Okonkwo", "sump pump grinding noise", "Dwight", "flexible")
    asked = list(Message.objects.filter(kind=Message.ASSISTANT).order_by("id").values_list("asks", "body"))
    assert asked[0] == ("location", "Got it. Where's the house with the sump pump?")
    assert [a for a, _ in asked] == ["location", "timeline", "name", ""]
    [summary] = Message.objects.filter(to_number=CARLOS_CELL)
    assert "Okonkwo" in summary.body and "grain elevator" in summary.body and not summary.urgent
    assert "sump pump grinding noise" in summary.body  # the job as the model condensed it
    assert [r.newest_message for r in chat.requests] == [SUMP, WHERE, "whenever, no rush", "put it under Okonkwo"]


def test_the_pipeline_answers_with_the_built_in_engine_when_the_model_is_down(reyes_sim, tuesday_morning, chat, llm_settings):
    chat.fail_next(500, times=5)
    phone.ring_out(phone.call(reyes_sim, JEN))
    jobs.run_ready()
    text(reyes_sim, "gas smell in the kitchen, 5 Elm St Chicago")
    [alert] = Message.objects.filter(to_number=CARLOS_CELL)
    assert alert.urgent and alert.status == Message.SENT
    reply = Message.objects.filter(kind=Message.ASSISTANT).last()
    # Each response format asked once (a 500 on first contact may mean "not that format"), then none.
    assert reply.body.startswith(replies.SAFETY["en"]["gas"]) and len(chat.requests) == len(llm.FORMATS)
