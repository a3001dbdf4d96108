# Failed sign-ins moved to django-axes (its own AccessAttempt table); the dashboard keeps only
# the mails it sent about accounts (resets, sign-ups), counted for their limit.

import textback.core.clock
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="SignInFailure"),
        migrations.CreateModel(
            name="AccountMail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64)),
                ("at", models.DateTimeField(default=textback.core.clock.now)),
            ],
            options={
                "indexes": [models.Index(fields=["key", "at"], name="dashboard_a_key_mail_idx")],
            },
        ),
    ]
