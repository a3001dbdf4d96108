"""The built-in, offline conversation engine of textback (no Django, no network, deterministic).

    from textback.assistant import BusinessInfo, Lead, respond, first_message, follow_up
"""
from .engine import BusinessInfo, Lead, Reply, Turn, first_message, follow_up, respond, summarize

__all__ = ["BusinessInfo", "Lead", "Reply", "Turn", "first_message", "follow_up", "respond", "summarize"]
