"""Secrets kept in the database (the providers' auth tokens), encrypted with Fernet (AES-128-CBC
and HMAC-SHA256, from the `cryptography` package) under the keys of TEXTBACK_ENCRYPTION_KEY
(settings.ENCRYPTION_KEYS: the first encrypts, any decrypts). A database dump alone hands out no
send rights: the key lives in the environment, never in the database."""

import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

log = logging.getLogger("textback.encryption")


@lru_cache(maxsize=4)
def _fernet(keys):
    return MultiFernet([Fernet(key) for key in keys])


def fernet():
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(value):
    return fernet().encrypt(value.encode()).decode() if value else value


def opened(stored):
    """The value of a stored secret, or None when none of the keys opens it."""
    try:
        return fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        return None


def decrypt(stored):
    """The value, or Sealed(stored) when none of the keys opens it."""
    if not stored:
        return stored
    value = opened(stored)
    if value is None:
        log.error("a stored secret cannot be decrypted with TEXTBACK_ENCRYPTION_KEY (or the key derived from "
                  "TEXTBACK_SECRET_KEY): was a key removed, or the secret key changed?")
        return Sealed(stored)
    return value


class Sealed(str):
    """A stored secret that no configured key opens. Its value is the stored text itself: useless
    as a credential (requests signed or sent with it fail like a wrong token), and written back
    unchanged when its row is saved, so that restoring the right key restores the secret."""


class EncryptedCharField(models.CharField):
    """A CharField stored encrypted ("" stays "": no secret). max_length bounds the value; the
    column is text, which the longer ciphertext fits. Encryption is randomized, so the column
    cannot be filtered on a value; nothing needs to."""

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if isinstance(value, Sealed):
            return str(value)
        return encrypt(value)
