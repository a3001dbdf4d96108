"""The dashboard's own data: the mails it sent about accounts (password resets, sign-ups), counted in
the database so that their limit holds across every web worker and machine. (Failed sign-ins are
django-axes's AccessAttempt.)"""

from django.db import models

from textback.core import clock


class AccountMail(models.Model):
    # sha256 of "email|..." and of "ip|...": never the address or the email in clear.
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="dashboard_a_key_mail_idx")]
