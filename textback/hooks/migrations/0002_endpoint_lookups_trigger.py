"""A business's webhook endpoints are cached per process (core/lookups.py): every change to
hooks_endpoint sets the lookups version, as changes to businesses and numbers do (core 0017)."""

from django.db import migrations

from textback.core.lookups import drop_trigger_statements, trigger_statements

TRIGGER_TABLES = ("hooks_endpoint",)


def create_triggers(apps, schema_editor):
    for sql in trigger_statements(schema_editor.connection.vendor, TRIGGER_TABLES):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    for sql in drop_trigger_statements(schema_editor.connection.vendor, TRIGGER_TABLES):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0018_business_faq"),
        ("hooks", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
