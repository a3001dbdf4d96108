"""The version of what every webhook looks up (a number, its business, its account's token): one
row, set by triggers on core_business and core_phonenumber at every insert, update, delete (and
truncate on PostgreSQL), in the same transaction as the change. Triggers, not Django signals, so a
queryset .update(), raw SQL, a migration or another program changes it too (core/lookups.py).

A new random value each time, not n + 1: a change rolled back would give its n + 1 back for the next
change to use again, and a process that read the rolled-back value could then trust a stale cache."""

from django.db import migrations, models

TABLES = ("core_business", "core_phonenumber")
BUMP = {
    "postgresql": "UPDATE core_lookupsversion SET n = floor(random() * 9007199254740991)::bigint WHERE id = 1",
    "sqlite": "UPDATE core_lookupsversion SET n = random() WHERE id = 1",
}


def create_triggers(apps, schema_editor):
    apps.get_model("core", "LookupsVersion").objects.using(schema_editor.connection.alias).create(id=1, n=0)
    for sql in triggers(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_lookups_version ON {table}")
        else:
            for op in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_lookups_version_{op}")


def triggers(vendor):
    if vendor == "postgresql":
        yield (f"CREATE OR REPLACE FUNCTION core_lookups_version_bump() RETURNS trigger LANGUAGE plpgsql AS "
               f"$$ BEGIN {BUMP[vendor]}; RETURN NULL; END $$")
        for table in TABLES:
            yield (f"CREATE TRIGGER {table}_lookups_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION core_lookups_version_bump()")
    else:
        for table in TABLES:
            for op in ("INSERT", "UPDATE", "DELETE"):
                yield f"CREATE TRIGGER {table}_lookups_version_{op.lower()} AFTER {op} ON {table} BEGIN {BUMP[vendor]}; END"


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
        migrations.RunPython(create_triggers, drop_triggers),
    ]
