# Failed sign-ins moved to django-axes (its own AccessAttempt table); the dashboard keeps only
# password-reset requests, counted for their limit.

import textback.core.clock
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="SignInFailure"),
        migrations.CreateModel(
            name="PasswordResetRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64)),
                ("at", models.DateTimeField(default=textback.core.clock.now)),
            ],
            options={
                "indexes": [models.Index(fields=["key", "at"], name="dashboard_p_key_reset_idx")],
            },
        ),
    ]
