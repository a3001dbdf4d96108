"""The version of what every webhook looks up (a number, its business, its account's token): one
row, set by triggers on core_business and core_phonenumber at every insert, update, delete (and
truncate on PostgreSQL), in the same transaction as the change. Triggers, not Django signals, so a
queryset .update(), raw SQL, a migration or another program changes it too (core/lookups.py).

A new random value each time, not n + 1: a change rolled back would give its n + 1 back for the next
change to use again, and a process that read the rolled-back value could then trust a stale cache."""

from django.db import migrations, models

from textback.core.lookups import migration_triggers

# The tables of this migration (hooks 0002 adds hooks_endpoint).
TRIGGER_TABLES = ("core_business", "core_phonenumber")


def create_version_row(apps, schema_editor):
    apps.get_model("core", "LookupsVersion").objects.using(schema_editor.connection.alias).create(id=1, n=0)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0016_llm_trial"),
    ]

    operations = [
        migrations.CreateModel(
            name="LookupsVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("n", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_version_row, migrations.RunPython.noop),
        migrations.RunPython(*migration_triggers(TRIGGER_TABLES)),
    ]
