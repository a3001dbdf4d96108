"""The simulator as a provider (core/providers.py): texts go to the simulated phone on the
/simulator page, which reads them from the database. Nothing leaves the machine.

It has no webhooks to verify and no call responses to give: the page's simulated phone
(simulator/phone.py) calls the core's call and message functions itself, as a provider's
webhooks would after translating an event."""

import uuid

from django.conf import settings

from textback.core.providers import Provider


class Simulator(Provider):
    name, label = "simulator", "the simulator"
    throttled = False  # no carrier behind it: the send-rate limits do not apply

    def send(self, message, number):
        return f"SIM{uuid.uuid4().hex}"

    def check(self, number, ask):
        return ("ok" if settings.DEBUG else "warn"), "on the built-in simulator: it texts nobody"


provider = Simulator()
