"""Telnyx's webhook signature: Ed25519 (the `cryptography` package) over "{telnyx-timestamp}|{raw
body}", sent base64 in `telnyx-signature-ed25519`, checked with the public key of the account that
owns the number. A timestamp more than five minutes from our clock is refused, so a captured
request cannot be replayed later."""

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from textback.core import clock

TOLERANCE_SECONDS = 5 * 60


def public_key(encoded):
    """The Ed25519 key from its base64 form (as Mission Control shows it), or None when it is not one."""
    try:
        raw = base64.b64decode(encoded or "", validate=True)
        return Ed25519PublicKey.from_public_bytes(raw) if len(raw) == 32 else None
    except (binascii.Error, ValueError):
        return None


def valid(encoded_key, timestamp, signature, body):
    """Whether `signature` (base64) signs timestamp|body with the key, and the timestamp is fresh."""
    key = public_key(encoded_key)
    if key is None or not signature or not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return False
    if abs(clock.now().timestamp() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    try:
        key.verify(base64.b64decode(signature, validate=True), timestamp.encode() + b"|" + body)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
