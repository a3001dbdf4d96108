# Search on the inbox and the leads page (views.matching) runs `icontains` on the caller's name
# and number, the lead's address and every text: on PostgreSQL, trigram (pg_trgm) GIN indexes on
# exactly the expressions Django writes for it, UPPER(column::text), make that fast at 100,000
# conversations. pg_trgm is a trusted extension: the database's owner may create it. SQLite has
# no such index and searches by scanning, which is fine at its scale.

from django.db import migrations

INDEXES = {
    "dashboard_search_message_body": ("core_message", "UPPER(body::text)"),
    "dashboard_search_contact_name": ("core_contact", "UPPER(name::text)"),
    "dashboard_search_contact_number": ("core_contact", "UPPER(number::text)"),
    "dashboard_search_lead_address": ("core_conversation", "UPPER((lead ->> 'address')::text)"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0002_account_mails"),
        ("core", "0011_worker_seen"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
