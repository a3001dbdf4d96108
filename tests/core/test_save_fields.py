"""models.save_fields writes what save(update_fields=...) writes, and nothing else."""

from datetime import datetime, timezone

from textback.core.models import Call, Conversation, Message, save_fields


def test_it_writes_the_named_fields_as_the_orm_would_and_leaves_the_others(reyes, reyes_number, tuesday_morning):
    call = Call.objects.create(business=reyes, phone_number=reyes_number, provider="twilio", provider_call_id="CA1",
                               from_number="+13125550101", caller="+13125550101", status="ringing",
                               started_at=tuesday_morning)
    conversation = Conversation.objects.create(business=reyes, contact=reyes.contacts.create(number="+13125550101"),
                                               phone_number=reyes_number, started_at=tuesday_morning,
                                               last_message_at=tuesday_morning)
    missed_at = datetime(2026, 11, 24, 16, 15, 30, 123456, tzinfo=timezone.utc)
    call.outcome, call.missed_at, call.conversation, call.textback_reason = Call.MISSED, missed_at, conversation, "missed call"
    call.status = "changed in memory only"
    save_fields(call, "outcome", "missed_at", "conversation", "textback_reason")
    saved = Call.objects.get(id=call.id)
    assert (saved.outcome, saved.missed_at, saved.conversation_id, saved.textback_reason) == (
        Call.MISSED, missed_at, conversation.id, "missed call")
    assert saved.status == "ringing"


def test_it_writes_a_none(reyes, tuesday_morning):
    message = Message.objects.create(business=reyes, direction=Message.OUT, kind=Message.OWNER, provider="twilio",
                                     from_number="+13125550100", to_number="+13125550101", status=Message.SENT,
                                     delivered_at=tuesday_morning)
    message.delivered_at, message.attempts = None, 3
    save_fields(message, "delivered_at", "attempts")
    message.refresh_from_db()
    assert (message.delivered_at, message.attempts) == (None, 3)
