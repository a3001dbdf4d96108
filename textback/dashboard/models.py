"""The dashboard's own data: failed sign-ins, counted in the database so that the limit holds
across every web worker and machine."""

from django.db import models

from textback.core import clock


class SignInFailure(models.Model):
    # sha256 of "ip|email" and of "ip": never the address or the email in clear.
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]
