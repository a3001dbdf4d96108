"""A business's webhook endpoints are cached per process (core/lookups.py): every change to
hooks_endpoint sets the lookups version, as changes to businesses and numbers do (core 0017)."""

from django.db import migrations

from textback.core.lookups import migration_triggers


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0018_business_faq"),
        ("hooks", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(*migration_triggers(("hooks_endpoint",))),
    ]
