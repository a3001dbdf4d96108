"""The simulator's transport: texts go to the simulated phone on the /simulator page, which
reads them from the database. Nothing leaves the machine."""

import uuid

# No carrier behind it: the send-rate limits of core/outbox.py do not apply.
THROTTLED = False


def send(message, number):
    return f"SIM{uuid.uuid4().hex}"
