import pytest

from textback.core.models import Call, Message
from textback.twilio.tests.payloads import DIAL, PARENT, SCREEN_RESULT, STATUS, VOICE, payload


class Calls:
    """A call's webhooks in the order a test chooses, posted signed like Twilio's. TeXML providers
    (Telnyx) post the same fields to their own paths: a subclass names those and how it signs."""

    PROVIDER, VOICE, DIAL, SCREEN_RESULT, STATUS, PARENT = "twilio", VOICE, DIAL, SCREEN_RESULT, STATUS, PARENT

    def __init__(self, client):
        self.client = client

    def send(self, path, name, **fields):
        return self.client.post(path, payload(name, **fields))

    def post(self, path, name, **fields):
        response = self.send(path, name, **fields)
        assert response.status_code == 200, response.content
        return response.content.decode()

    def ring(self, **fields):
        return self.post(self.VOICE, "voice_incoming_call", **fields)

    def dial(self, outcome, **fields):
        return self.post(self.DIAL, f"voice_dial_{outcome}", **fields)

    def accept_screening(self, digits="1"):
        return self.post(self.SCREEN_RESULT, "voice_screen_gather_result", Digits=digits)

    def status(self, final, **fields):
        return self.post(self.STATUS, f"voice_status_{final}", **fields)

    def get(self, sid=None):
        return Call.objects.get(provider=self.PROVIDER, provider_call_id=sid or self.PARENT)

    @staticmethod
    def textbacks():
        return Message.objects.filter(kind=Message.TEXTBACK)


@pytest.fixture
def calls(twilio, reyes_number, tuesday_morning):
    return Calls(twilio)
