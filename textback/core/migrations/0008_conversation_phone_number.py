"""Each conversation runs on one business number (issue 11: replies went out from the business's
first number). 0009 fills it in for the conversations that exist: on PostgreSQL the column's index
cannot be built in the transaction that updates its rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_drop_unused_webhook_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="phone_number",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="conversations", to="core.phonenumber"),
        ),
    ]
