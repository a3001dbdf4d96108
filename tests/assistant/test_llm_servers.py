"""The LLM engine against servers that behave like the real local ones (llama.cpp's server, Ollama,
small models): json_schema answered with HTTP 500, prose and <think> blocks around the JSON, raw
newlines, wrong types, runaway answers, a server that keeps timing out. The fake speaks the
chat-completions wire format over real HTTP (tests/fakes/openai_api.py)."""

import json
import time

import pytest

from tests.fakes.openai_api import NOTHING_FOUND, facts
from textback.assistant import BusinessInfo, Lead, first_message, llm, respond
from textback.assistant.llm import LLMEngine, LLMError, parse_facts

REYES = BusinessInfo(name="Reyes Plumbing", trade="plumbing", owner_name="Carlos")
LEAK = "water heater leaking all over the garage floor"


@pytest.fixture
def counted():
    return []


@pytest.fixture
def model(chat, counted):
    return LLMEngine(chat.base_url, "qwen2.5-1.5b-instruct", timeout=1.0, on_outcome=lambda *o: counted.append(o))


def say(model, text, lead=None):
    lead = lead or Lead(called_on="2026-11-24")
    history = [("assistant", first_message(REYES, False).text)]
    return model.respond(REYES, lead, history, text)


def test_a_server_that_answers_json_schema_with_500_is_asked_for_json_object_with_the_schema(chat, model, counted):
    chat.json_schema_supported, chat.json_schema_status = False, 500  # llama.cpp's server
    chat.answer(facts(need="water heater leaking"))
    turn = say(model, LEAK)
    assert turn.lead.need == "water heater leaking" and counted == [("answered", "")]
    second = chat.requests[1].body["response_format"]
    assert [r.body["response_format"]["type"] for r in chat.requests] == ["json_schema", "json_object"]
    assert second["schema"] == llm.SCHEMA  # llama.cpp and Ollama constrain the output to it
    say(model, LEAK)
    assert chat.requests[-1].body["response_format"] == second  # kept: no json_schema request again


def test_the_probe_finds_the_format_the_server_takes_and_says_why_one_cannot_be_used(chat, model):
    chat.json_schema_supported, chat.json_schema_status = False, 500
    assert model.probe() == "json_object+schema"
    down = LLMEngine("http://127.0.0.1:9/v1", "m", timeout=0.5)
    with pytest.raises(LLMError, match="connection failed"):
        down.probe()


@pytest.mark.parametrize("content", [
    'Sure! Here is the JSON you asked for:\n{"opt_out": false, "category": "new_lead", "need": "water heater leaking"}\nLet me know!',
    '<think>The caller says the water heater is leaking. That is a need.</think>\n'
    '{"opt_out": false, "category": "new_lead", "need": "water heater leaking"}',
    '```json\n{"opt_out": false, "category": "new_lead", "need": "water heater leaking"}\n```',
    '{"opt_out": false, "category": "new_lead", "need": "water heater\nleaking"}',  # a raw newline in a string
])
def test_the_json_is_found_however_the_model_wraps_it(content):
    assert parse_facts(content, LEAK, REYES).need == "water heater leaking"


def test_a_correct_opt_out_stands_whatever_else_in_the_answer_is_broken(chat, model, counted):
    chat.answer({"opt_out": "true", "category": "spam?", "urgency": "high", "name": ["x"], "questions": "?"})
    turn = say(model, "pls dont txt this number anymore thx")
    assert turn.opt_out and turn.lead.status == "opted_out" and counted == [("answered", "")]


def test_an_urgency_the_schema_does_not_know_is_never_taken_as_an_emergency(chat, model):
    chat.answer(facts(need="water heater popping noise", urgency="high", emergency="severe"))
    turn = say(model, "water heater makes a popping noise when it heats up")
    assert turn.lead.need == "water heater popping noise"
    assert not turn.owner_alert and turn.lead.urgency != "emergency"


def test_a_zip_sent_as_a_number_is_read_as_the_zip():
    found = parse_facts(json.dumps(facts(postal_code=60613)), "leak at 1418 W Addison St 60613", REYES)
    assert found.postal_code == "60613"


def test_a_place_the_message_names_is_not_taken_as_the_callers_name(chat, model):
    found = parse_facts(json.dumps(facts(name="Logan Square")), "leaking pipe at my place in Logan Square", REYES)
    assert found.name is None and "name" in found.dropped


def test_a_runaway_answer_is_cut_at_max_tokens_and_the_next_message_is_answered(chat, model, counted):
    chat.seconds_per_token = 0.0005  # 3,428 tokens would take 1.7 s, past the 1 s timeout; 400 take 0.2 s
    chat.answer('{"opt_out": false, "category": "new_lead", "need": "' + "very " * 3428)
    say(model, LEAK)
    assert chat.requests[-1].body["max_tokens"] == llm.MAX_OUTPUT_TOKENS
    assert counted == [("fallback", "unusable")]  # cut off, not timed out: and a cut-off answer is not an outage
    chat.answer(facts(need="water heater leaking"))
    assert say(model, LEAK).lead.need == "water heater leaking"


def test_a_server_that_keeps_timing_out_is_left_alone_for_a_while_then_tried_again(chat, model, counted):
    model.format = "json_schema"
    model.breaker.reset_timeout = 0.5
    for _ in range(llm.BREAKER_FAILURES):
        chat.hang_next(1.5)
    for _ in range(llm.BREAKER_FAILURES):
        say(model, LEAK)
    asked = len(chat.requests)
    assert say(model, LEAK) == respond(REYES, Lead(called_on="2026-11-24"), [("assistant", first_message(REYES, False).text)], LEAK)
    assert len(chat.requests) == asked  # not asked, so no wait
    assert counted[-1] == ("fallback", "breaker open")
    assert counted[:llm.BREAKER_FAILURES] == [("fallback", "unavailable")] * llm.BREAKER_FAILURES
    time.sleep(0.6)
    chat.answer(facts(need="water heater leaking"))
    assert say(model, LEAK).lead.need == "water heater leaking" and counted[-1] == ("answered", "")


def test_counting_that_fails_never_costs_the_caller_an_answer(chat):
    def broken(*outcome):
        raise RuntimeError("database down")

    model = LLMEngine(chat.base_url, "m", timeout=1.0, on_outcome=broken)
    chat.answer(NOTHING_FOUND | {"need": "water heater leaking"})
    assert say(model, LEAK).lead.need == "water heater leaking"
