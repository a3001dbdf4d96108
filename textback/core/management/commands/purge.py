"""`textback purge`: blank what people wrote and said once it is older than the retention period.

Rows and their metadata (who, when, status, segments, the lead's status and urgency) stay, so the
stats keep working; message bodies and media, the free text of leads, and call recordings and
transcripts are blanked. Run it daily (cron or a systemd timer: see the README's Operations)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from textback.core import clock
from textback.core.models import Business, Call, Conversation, Message
from textback.hooks.models import Event

# What a lead says in the caller's own words; the rest (status, urgency, score...) is kept.
LEAD_TEXT = ("name", "need", "address", "city", "postal_code", "timeline", "score_reason", "owner_summary")


def retention_days(business, override=None):
    if override is not None:
        return override
    return business.retention_days if business.retention_days is not None else settings.RETENTION_DAYS


def purge(business, days, dry_run=False):
    """Blank `business`'s data older than `days` days; return what was (or would be) blanked."""
    cutoff = clock.now() - timedelta(days=days)
    messages = Message.objects.filter(business=business, created_at__lt=cutoff).filter(~Q(body="") | ~Q(media=[]))
    calls = Call.objects.filter(business=business, started_at__lt=cutoff).filter(~Q(recording_url="") | ~Q(transcript=""))
    leads = [
        c for c in Conversation.objects.filter(business=business, last_message_at__lt=cutoff).only("id", "lead")
        if any((c.lead or {}).get(k) for k in LEAD_TEXT)
    ]
    # Outgoing webhook events hold the same texts and lead details, as they were sent.
    webhook_events = Event.objects.filter(business=business, created_at__lt=cutoff)
    counts = {"messages": messages.count(), "calls": calls.count(), "leads": len(leads),
              "webhook events": webhook_events.count()}
    if not dry_run:
        with transaction.atomic():
            messages.update(body="", media=[])
            calls.update(recording_url="", transcript="")
            webhook_events.delete()
            for conversation in leads:
                conversation.lead = {**conversation.lead, **{k: None for k in LEAD_TEXT if conversation.lead.get(k)}}
                conversation.save(update_fields=["lead"])
    return counts


class Command(BaseCommand):
    help = (
        "Blank message bodies and media, the free text of leads, and call recordings and transcripts older "
        "than the retention period (a business's retention_days, else TEXTBACK_RETENTION_DAYS; 0 keeps all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="this many days for every business, whatever is configured")
        parser.add_argument("--business", type=int, help="only this business (its id)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be blanked, change nothing")

    def handle(self, *args, days=None, business=None, dry_run=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        businesses = Business.objects.order_by("id")
        if business is not None:
            businesses = businesses.filter(id=business)
            if not businesses.exists():
                raise CommandError(f"no business with id {business}")
        verb = "would blank" if dry_run else "blanked"
        for one in businesses:
            keep = retention_days(one, days)
            if not keep:
                self.stdout.write(f"business {one.id} ({one.name}): keeps everything (no retention period)")
                continue
            counts = purge(one, keep, dry_run)
            self.stdout.write(
                f"business {one.id} ({one.name}): {verb} data older than {keep} days: {counts['messages']} "
                f"message(s), {counts['leads']} lead(s), {counts['calls']} call recording(s)/transcript(s), "
                f"{counts['webhook events']} webhook event(s)"
            )
