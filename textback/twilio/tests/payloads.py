"""Twilio's webhook requests as recorded in fixtures/*.json, with the fields a test changes.

    payload("voice_dial_no_answer")                        # exactly what Twilio posts
    payload("sms_incoming_text", Body="stop.", MessageSid="SM2")
    payload("voice_incoming_call", drop=["CallSid"])       # a field Twilio always sends, missing

The fixtures follow one call through Reyes Plumbing's world: Jen calls, Carlos's cell rings on the
child leg CHILD, and every callback of that call carries the parent CallSid PARENT.
"""

import json
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PARENT = "CA5f0e9b4c3a2d1e0f9a8b7c6d5e4f3a21"
CHILD = "CAd41c2e7b9f3a5c8e1d6b0a4f2c9e7b53"

VOICE = "/twilio/voice"
DIAL = "/twilio/voice/dial"
STATUS = "/twilio/voice/status"
SCREEN = "/twilio/voice/screen"
SCREEN_RESULT = "/twilio/voice/screen/result"
RECORDING = "/twilio/voice/recording"
TRANSCRIPTION = "/twilio/voice/transcription"
SMS = "/twilio/sms"
SMS_STATUS = "/twilio/sms/status"


@cache
def _load(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def payload(name, drop=(), **fields):
    params = {**_load(name), **fields}
    for field in drop:
        params.pop(field, None)
    return params
