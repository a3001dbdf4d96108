import pytest

from textback.core.models import Call, Message
from textback.twilio.tests.payloads import DIAL, PARENT, SCREEN_RESULT, STATUS, VOICE, payload


class Calls:
    """A call's webhooks in the order a test chooses, posted signed like Twilio's."""

    def __init__(self, twilio):
        self.twilio = twilio

    def post(self, path, name, **fields):
        response = self.twilio.post(path, payload(name, **fields))
        assert response.status_code == 200, response.content
        return response.content.decode()

    def ring(self, **fields):
        return self.post(VOICE, "voice_incoming_call", **fields)

    def dial(self, outcome, **fields):
        return self.post(DIAL, f"voice_dial_{outcome}", **fields)

    def accept_screening(self, digits="1"):
        return self.post(SCREEN_RESULT, "voice_screen_gather_result", Digits=digits)

    def status(self, final, **fields):
        return self.post(STATUS, f"voice_status_{final}", **fields)

    def get(self, sid=PARENT):
        return Call.objects.get(provider="twilio", provider_call_id=sid)

    @staticmethod
    def textbacks():
        return Message.objects.filter(kind=Message.TEXTBACK)


@pytest.fixture
def calls(twilio, reyes_number, tuesday_morning):
    return Calls(twilio)
