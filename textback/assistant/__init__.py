"""The built-in, offline conversation engine of textback (no Django, no network, deterministic).

    from textback.assistant import BusinessInfo, Lead, respond, first_message, follow_up

The optional LLM engine (llm.py) has the same respond(); engine_for(settings) picks one.
"""
from .engine import BusinessInfo, Reply, Turn, first_message, follow_up, respond, summarize
from .schema import Lead, Progress, Status, Urgency

__all__ = ["BusinessInfo", "Lead", "Progress", "Reply", "Status", "Urgency", "Turn", "engine_for", "first_message", "follow_up", "respond", "summarize"]


def engine_for(settings, on_outcome=None):
    """The engine the settings ask for: the LLM engine when LLM_BASE_URL is set, else the built-in
    engine module. Both have respond(), follow_up(), summarize() and first_message().
    `settings` is anything with those attributes (django.conf.settings in the pipeline);
    `on_outcome(what, reason)` counts the LLM engine's messages (see llm.LLMEngine)."""
    from . import engine

    base_url = getattr(settings, "LLM_BASE_URL", "") or ""
    if not base_url:
        return engine
    from .llm import shared_engine

    return shared_engine(base_url, getattr(settings, "LLM_MODEL", "") or "", getattr(settings, "LLM_API_KEY", "") or "",
                         getattr(settings, "LLM_TIMEOUT_SECONDS", 5.0), on_outcome)
