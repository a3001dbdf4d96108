"""An operator sees how the AI model is doing: every message it handles is counted (answered, or
fell back to the built-in assistant and why) and shown by `textback check`, GET /health/assistant
and the Assistant settings page, so a model that silently stopped helping does not go unseen."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from tests.fakes.openai_api import facts
from tests.world import JEN
from textback.core import checks, clock, jobs
from textback.core.models import Membership
from textback.simulator import phone


@pytest.fixture
def llm_settings(settings, chat, approved_model):
    settings.LLM_BASE_URL, settings.LLM_MODEL, settings.LLM_API_KEY = chat.base_url, "qwen2.5-3b", ""
    settings.LLM_TIMEOUT_SECONDS = 1.0
    approved_model()
    return settings


def conversation(number, *texts):
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    for body in texts:
        clock.advance_to(clock.now() + timedelta(minutes=1))
        phone.text(number, JEN, body)
        jobs.run_ready()


def test_messages_the_model_answered_and_those_that_fell_back_are_counted_and_shown(
        client, number, tuesday_morning, chat, llm_settings):
    chat.answer(facts(need="water heater leaking"))
    chat.fail_next(500)  # the model fails the second message: the built-in assistant answers it
    conversation(number, "water heater leaking in the garage", "at 5 Elm St Chicago")
    health = client.get("/health/assistant").json()
    assert health == {"ok": True, "engine": "llm",
                      "today": {"answered": 1, "fallback": 1, "reasons": {"unavailable": 1}}}

    user = get_user_model().objects.create_user(username="carlos@reyes.example", password="x" * 12)
    Membership.objects.create(user=user, business=number.business)
    client.force_login(user)
    page = client.get(f"/b/{number.business.id}/settings/assistant").content.decode()
    assert ("This install's AI model answered 1 of 2 messages today; 1 fell back to the built-in assistant "
            "(unavailable 1).") in page


def test_a_model_that_stopped_helping_fails_the_health_check(client, number, tuesday_morning, chat, llm_settings):
    chat.fail_next(503, times=100)
    conversation(number, *[f"leak number {n} at 5 Elm St" for n in range(6)])
    response = client.get("/health/assistant")
    assert response.status_code == 503
    assert "fell back to the built-in assistant" in response.json()["problem"]


def test_without_a_model_the_built_in_assistant_is_healthy(client, db):
    assert client.get("/health/assistant").json() == {"ok": True, "engine": "built-in"}


def test_check_asks_the_model_and_reports_the_format_it_takes(db, chat, llm_settings):
    chat.json_schema_supported, chat.json_schema_status = False, 500
    result = checks.assistant_model()
    assert result.status == checks.OK
    assert result.detail.startswith("the model qwen2.5-3b answers (response format json_object+schema)")


def test_check_fails_naming_the_variables_when_the_model_cannot_be_reached(db, settings):
    settings.LLM_BASE_URL, settings.LLM_MODEL, settings.LLM_TIMEOUT_SECONDS = "http://127.0.0.1:9/v1", "m", 0.5
    result = checks.assistant_model()
    assert result.status == checks.FAIL and "connection failed" in result.detail and "TEXTBACK_LLM_BASE_URL" in result.detail


def test_a_possible_emergency_only_the_model_claims_reaches_the_owner_as_a_plain_note(number, tuesday_morning, chat,
                                                                                       llm_settings):
    from tests.world import CARLOS_CELL
    from textback.core.models import Message

    chat.answer(facts(need="kitchen sink clogged", urgency="emergency", emergency="water"))  # no evidence
    conversation(number, "my kitchen sink is clogged, can someone come this week")
    [note] = Message.objects.filter(to_number=CARLOS_CELL)
    assert not note.urgent and note.body.startswith("Possible emergency, flagged by the AI model (not confirmed)")
