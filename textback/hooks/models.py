"""Outgoing webhooks: a business's endpoints, the events that happened, and each endpoint's
deliveries of them with every attempt (docs/webhooks.md)."""

import base64
import secrets

from django.db import models

from textback.core import clock
from textback.core.encryption import EncryptedCharField
from textback.core.models import Business

# The events an endpoint may subscribe to, in the order the settings page lists them.
EVENTS = {
    "call.missed": "A call was missed, with the text-back decision and its reason",
    "textback.sent": "The text-back went out to the caller",
    "message.received": "The caller texted",
    "lead.updated": "What is known about the lead changed",
    "lead.qualified": "The lead became qualified (need and location known)",
    "lead.emergency": "The lead turned out to be an emergency",
    "lead.status_changed": "The lead was marked booked, lost or spam (or open again)",
}
TEST_EVENT = "webhook.test"  # sent by "Send test event" only, to one endpoint


def new_secret():
    """A Standard Webhooks signing secret: whsec_ + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def new_webhook_id():
    return "msg_" + secrets.token_hex(16)


class Endpoint(models.Model):
    business = models.ForeignKey(Business, models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text="The event types it receives.")
    # Encrypted at rest like the providers' tokens: a database dump alone cannot forge deliveries.
    secret = EncryptedCharField(max_length=64, default=new_secret)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self):
        return self.url


class Event(models.Model):
    """Something that happened, as JSON: the body every endpoint gets, byte for byte."""

    business = models.ForeignKey(Business, models.CASCADE, related_name="webhook_events")
    type = models.CharField(max_length=40)
    # The webhook-id header: one per event, the same on every retry, so receivers dedupe on it.
    webhook_id = models.CharField(max_length=40, unique=True, default=new_webhook_id)
    body = models.TextField()
    created_at = models.DateTimeField(default=clock.now)


class Delivery(models.Model):
    """One event to one endpoint. pending -> sending -> delivered | failed | given_up."""

    PENDING, SENDING, DELIVERED, FAILED, GIVEN_UP = "pending", "sending", "delivered", "failed", "given_up"
    STATUSES = [(s, s.replace("_", " ")) for s in (PENDING, SENDING, DELIVERED, FAILED, GIVEN_UP)]
    DONE = (DELIVERED, FAILED, GIVEN_UP)

    event = models.ForeignKey(Event, models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The last answer's HTTP status.")
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    give_up_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "endpoint"], name="one_delivery_per_endpoint")]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]


class Attempt(models.Model):
    """One HTTP request of a delivery, saved before it is sent: a worker that dies during it
    leaves a row without finished_at, which the next run closes as "outcome unknown"."""

    delivery = models.ForeignKey(Delivery, models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    milliseconds = models.PositiveIntegerField(null=True, blank=True)
