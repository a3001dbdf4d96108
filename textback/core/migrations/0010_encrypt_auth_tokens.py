"""Auth tokens at rest are encrypted (issue 11): the column becomes text, wide enough for the
ciphertext, and the tokens already stored are encrypted with the newest key of
TEXTBACK_ENCRYPTION_KEY (or the key derived from TEXTBACK_SECRET_KEY). Read and written as raw
column values: the field would take a plaintext token for one it cannot open."""

from django.db import migrations

import textback.core.encryption
from textback.core.encryption import encrypt, opened


def rows(schema_editor, apps):
    table = schema_editor.connection.ops.quote_name(apps.get_model("core", "PhoneNumber")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, auth_token FROM {table} WHERE auth_token <> ''")
        return table, cursor.fetchall()


def rewrite(schema_editor, table, changed):
    with schema_editor.connection.cursor() as cursor:
        for row_id, value in changed:
            cursor.execute(f"UPDATE {table} SET auth_token = %s WHERE id = %s", [value, row_id])


def encrypt_tokens(apps, schema_editor):
    table, found = rows(schema_editor, apps)
    # A value that opens already is kept as it is (a run that stopped half-way).
    rewrite(schema_editor, table, [(row_id, encrypt(token)) for row_id, token in found if opened(token) is None])


def decrypt_tokens(apps, schema_editor):
    table, found = rows(schema_editor, apps)
    rewrite(schema_editor, table, [(row_id, plain) for row_id, token in found if (plain := opened(token)) is not None])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0009_conversation_phone_number_backfill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="phonenumber",
            name="auth_token",
            field=textback.core.encryption.EncryptedCharField(blank=True, max_length=64),
        ),
        migrations.RunPython(encrypt_tokens, decrypt_tokens),
    ]
