"""Telnyx's webhook requests as recorded in fixtures/*.json (TeXML's form parameters, or the
Messaging API's JSON events), with the fields a test changes, and the test accounts' Ed25519 keys
that sign them.

    form("voice_dial_no_answer")                        # exactly what TeXML posts
    form("voice_incoming_call", drop=["CallSid"])       # a field Telnyx always sends, missing
    event("message_received_text", text="stop.", id="...")   # fields of data.payload changed

The fixtures follow one call through Reyes Plumbing's world: Jen calls the Telnyx number, Carlos's
cell rings on the child leg CHILD, and every callback of that call carries the call id PARENT.
"""

import base64
import copy
import json
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FIXTURES = Path(__file__).parent / "fixtures"
PARENT = "v3:9X2vxPDFY2RHSJ1EdMS0RHRksMTg7ldNxdjWbVr9zBjbGjGsSe-aiQ"
CHILD = "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg"

VOICE, DIAL, STATUS = "/telnyx/voice", "/telnyx/voice/dial", "/telnyx/voice/status"
SCREEN, SCREEN_RESULT = "/telnyx/voice/screen", "/telnyx/voice/screen/result"
RECORDING, TRANSCRIPTION = "/telnyx/voice/recording", "/telnyx/voice/transcription"
SMS, SMS_STATUS = "/telnyx/sms", "/telnyx/sms/status"

# Test accounts: fixed private keys, so a signature is the same on every run.
DEFAULT_ACCOUNT_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_ACCOUNT_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32, 64)))
DEFAULT_API_KEY = "KEY0186A4F3B2C1D0E9F8A7B6C5D4E3F2A1_DefaultAccountApiKey00"
OTHER_API_KEY = "KEY0186B5A4C3D2E1F0A9B8C7D6E5F4A3B2_OtherAccountApiKey0000"


def public_key(private):
    return base64.b64encode(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def sign(private, timestamp, body):
    return base64.b64encode(private.sign(f"{timestamp}|".encode() + body)).decode()


@cache
def _load(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def form(name, drop=(), **fields):
    params = {**_load(name), **fields}
    for field in drop:
        params.pop(field, None)
    return params


def event(name, **fields):
    body = copy.deepcopy(_load(name))
    body["data"]["payload"].update(fields)
    return body
