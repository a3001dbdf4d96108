"""Auth tokens at rest: encrypted in the database with a key from the environment, so that a dump
of the database alone does not hand out the right to send texts and sign webhooks."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from tests.core.test_settings import import_settings
from tests.world import SUBACCOUNT_SID, SUBACCOUNT_TOKEN, TwilioWebhooks
from textback.core.encryption import Sealed
from textback.core.models import Call, PhoneNumber
from textback.twilio.tests.payloads import VOICE, payload

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored_token(number):
    with connection.cursor() as cursor:
        cursor.execute("SELECT auth_token FROM core_phonenumber WHERE id = %s", [number.id])
        return cursor.fetchone()[0]


def sign_a_call(client, token=SUBACCOUNT_TOKEN):
    return TwilioWebhooks(client, token).post(VOICE, payload("voice_incoming_call", AccountSid=SUBACCOUNT_SID))


def test_the_database_holds_a_ciphertext_not_the_token(subaccount_number):
    raw = stored_token(subaccount_number)
    assert SUBACCOUNT_TOKEN not in raw and raw.startswith("gAAAA")  # a Fernet token
    assert subaccount_number.auth_token == SUBACCOUNT_TOKEN
    PhoneNumber.objects.create(business=subaccount_number.business, number="+13125550102", account_sid=SUBACCOUNT_SID,
                               auth_token=SUBACCOUNT_TOKEN)
    assert SUBACCOUNT_TOKEN not in stored_token(PhoneNumber.objects.get(number="+13125550102"))


def test_a_number_without_its_own_token_stores_nothing_to_encrypt(reyes_number):
    assert stored_token(reyes_number) == ""


def test_a_new_key_still_reads_tokens_of_the_old_one_until_they_are_rotated(subaccount_number, settings, client):
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    subaccount_number.save()
    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert PhoneNumber.objects.get().auth_token == SUBACCOUNT_TOKEN
    call_command("encryption", "rotate")
    settings.ENCRYPTION_KEYS = [NEW_KEY]
    assert PhoneNumber.objects.get().auth_token == SUBACCOUNT_TOKEN
    assert sign_a_call(client).status_code == 200


def test_without_its_key_a_token_is_sealed_useless_and_kept_as_it_was(subaccount_number, settings, client):
    settings.ENCRYPTION_KEYS = [OLD_KEY]
    subaccount_number.save()
    raw = stored_token(subaccount_number)
    settings.ENCRYPTION_KEYS = [NEW_KEY]
    number = PhoneNumber.objects.get()
    assert isinstance(number.auth_token, Sealed) and number.auth_token != SUBACCOUNT_TOKEN
    assert sign_a_call(client).status_code == 403 and not Call.objects.exists()
    number.mode = PhoneNumber.FORWARDED
    number.save()  # a save of the whole row writes the sealed value back unchanged
    assert stored_token(number) == raw
    with pytest.raises(CommandError, match="could not be opened"):
        call_command("encryption", "rotate")
    settings.ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert PhoneNumber.objects.get().auth_token == SUBACCOUNT_TOKEN


def test_new_key_prints_a_key_that_the_setting_accepts(tmp_path, capsys):
    call_command("encryption", "new-key")
    key = capsys.readouterr().out.strip()
    assert Fernet(key)
    assert import_settings(tmp_path, TEXTBACK_ENCRYPTION_KEY=f"{key}, {OLD_KEY}").returncode == 0


def test_a_bad_encryption_key_fails_loudly_with_the_variables_name(tmp_path):
    result = import_settings(tmp_path, TEXTBACK_ENCRYPTION_KEY="hunter2")
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: ") and "TEXTBACK_ENCRYPTION_KEY" in last
