import pytest

from tests.fakes.openai_api import FakeChatAPI


@pytest.fixture
def chat():
    """A local model server (the fake chat-completions API) without a key, like llama.cpp or Ollama.
    test_llm_engine.py has its own, which checks a key as OpenAI does."""
    api = FakeChatAPI().start()
    yield api
    api.stop()
