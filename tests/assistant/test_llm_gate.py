"""Turning the AI model on is gated: `textback simulate --gate` runs the cases with the built-in
assistant and with the model, and the model answers callers only if it passed at least as many
checks, with most messages answered by the model itself. Against the fake chat-completions server."""
import json

import pytest
from django.core.management import CommandError, call_command

from tests.fakes.openai_api import facts
from tests.world import JEN
from textback.core import conversations, jobs, llm_health
from textback.core.models import LLMTrial
from textback.simulator import phone

CASES = [
    {"id": "g1", "business": {"name": "Reyes Plumbing", "trade": "plumbing", "owner_name": "Carlos"},
     "caller": "+13125550101", "called_at": "2026-11-24T10:15:00-06:00",
     "messages": ["my kitchen sink is clogged", "1418 W Addison St Chicago", "tomorrow", "Jen"],
     "expect": {"status": "qualified", "name": "Jen", "need_any": ["sink"], "address_all": ["Addison"]}},
]


@pytest.fixture
def llm_settings(settings, chat):
    settings.LLM_BASE_URL, settings.LLM_MODEL, settings.LLM_API_KEY = chat.base_url, "qwen2.5-1.5b", ""
    settings.LLM_TIMEOUT_SECONDS = 1.0
    return settings


def gate(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(json.dumps(c) + "\n" for c in CASES))
    call_command("simulate", "--input", str(cases), "--output", str(tmp_path / "out.jsonl"), "--gate")


def test_a_model_that_does_as_well_as_the_built_in_assistant_is_approved_and_answers_callers(db, tmp_path, chat, llm_settings, number):
    gate(tmp_path)  # the fake finds nothing the rules did not: the same score
    trial = LLMTrial.objects.get()
    assert trial.approved and trial.llm_passed == trial.builtin_passed == trial.checks
    assert llm_health.approved()
    assert conversations.assistant_engine() is not conversations.engine


def test_a_model_that_scores_below_the_built_in_assistant_is_refused_and_stays_off(db, tmp_path, chat, llm_settings):
    chat.default = lambda body: facts(opt_out=True)  # a weak model: every text an opt-out
    with pytest.raises(CommandError, match=r"refused and stays off .*the built-in assistant 5: it would answer callers worse"):
        gate(tmp_path)
    assert not LLMTrial.objects.get().approved and not llm_health.approved()
    assert conversations.assistant_engine() is conversations.engine


def test_a_model_that_never_answered_proves_nothing_and_is_refused(db, tmp_path, chat, llm_settings):
    chat.fail_next(500, times=100)  # every message falls back: the score is the built-in assistant's own
    with pytest.raises(CommandError, match="the model answered 0 of 4 messages; the others fell back"):
        gate(tmp_path)
    assert not llm_health.approved()


def test_without_a_model_the_gate_says_what_to_set(db, tmp_path):
    with pytest.raises(CommandError, match="set TEXTBACK_LLM_BASE_URL"):
        gate(tmp_path)


def test_a_configured_model_not_yet_tried_does_not_answer_callers(db, chat, llm_settings, number, tuesday_morning):
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    phone.text(number, JEN, "my kitchen sink is clogged")
    jobs.run_ready()
    assert chat.requests == []  # the built-in assistant answered


def test_check_health_and_settings_say_a_model_not_yet_tried_is_off(client, db, chat, llm_settings, number):
    from django.contrib.auth import get_user_model

    from textback.core import checks
    from textback.core.models import Membership

    result = checks.assistant_model()
    assert result.status == checks.WARN and "not tried yet: run `textback simulate --input CASES.jsonl --gate`" in result.detail
    assert client.get("/health/assistant").json()["engine"] == "built-in"
    user = get_user_model().objects.create_user(username="carlos@reyes.example", password="x" * 12)
    Membership.objects.create(user=user, business=number.business)
    client.force_login(user)
    page = client.get(f"/b/{number.business.id}/settings/assistant").content.decode()
    assert "has not passed its trial yet, so the built-in assistant answers your callers" in page
