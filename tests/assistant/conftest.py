import pytest

from tests.fakes.openai_api import FakeChatAPI


@pytest.fixture
def chat():
    """A local model server (the fake chat-completions API) without a key, like llama.cpp or Ollama.
    test_llm_engine.py has its own, which checks a key as OpenAI does."""
    api = FakeChatAPI().start()
    yield api
    api.stop()


@pytest.fixture(autouse=True)
def no_remembered_approval():
    """llm_health remembers a model's approval per process for a while: not from one test to the next."""
    from textback.core import llm_health

    llm_health._approval_cache.clear()
    yield
    llm_health._approval_cache.clear()


@pytest.fixture
def approved_model(db, settings):
    """The configured model passed its trial (`textback simulate --gate`), so it answers callers."""
    from textback.core import clock
    from textback.core.models import LLMTrial

    def approve():
        LLMTrial.objects.create(base_url=settings.LLM_BASE_URL, model=settings.LLM_MODEL, cases=1, builtin_passed=1,
                                llm_passed=1, checks=1, approved=True, tried_at=clock.now())
    return approve
