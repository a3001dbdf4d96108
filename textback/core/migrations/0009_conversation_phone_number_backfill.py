"""The conversations that exist get their number: that of their first message (the number called,
texted or texted from), else that of their first call."""

from django.db import migrations
from django.db.models import Case, F, OuterRef, Subquery, When


def backfill(apps, schema_editor):
    Call = apps.get_model("core", "Call")
    Conversation = apps.get_model("core", "Conversation")
    Message = apps.get_model("core", "Message")
    PhoneNumber = apps.get_model("core", "PhoneNumber")
    # The business's side of the first message: the number it arrived on, or went out from.
    first_line = (
        Message.objects.filter(conversation=OuterRef(OuterRef("pk")))
        .annotate(line=Case(When(direction="in", then=F("to_number")), default=F("from_number")))
        .order_by("created_at", "id")
        .values("line")[:1]
    )
    Conversation.objects.filter(phone_number__isnull=True).update(phone_number=Subquery(
        PhoneNumber.objects.filter(business=OuterRef("business"), number=Subquery(first_line)).values("id")[:1]
    ))
    Conversation.objects.filter(phone_number__isnull=True).update(phone_number=Subquery(
        Call.objects.filter(conversation=OuterRef("pk")).order_by("started_at", "id").values("phone_number")[:1]
    ))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0008_conversation_phone_number"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
