"""A provider for tests: each send takes the next scripted outcome (an exception to raise, or
nothing for success). Configured as the provider "scripted" by the `scripted` fixture."""

import uuid

from textback.core.providers import Provider

script = []
sent = []


class Scripted(Provider):
    name, label = "scripted", "the scripted provider"

    def send(self, message, number):
        outcome = script.pop(0) if script else None
        if isinstance(outcome, BaseException):
            raise outcome
        sent.append(message.body)
        return f"SCR{uuid.uuid4().hex}"


provider = Scripted()
