"""The raw SQL of the hot path (docs/decisions.md 21) does what the ORM does: models.save_fields
writes what save(update_fields=...) writes, and nothing else; models.insert writes what save() of
a new row writes; models.one reads what Model.objects.raw() reads."""

from datetime import datetime, timezone

import pytest
from django.db import IntegrityError, transaction

from textback.core.models import Call, Contact, Conversation, Message, insert, one, save_fields


def test_save_fields_writes_the_named_fields_as_the_orm_would_and_leaves_the_others(reyes, reyes_number, tuesday_morning):
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


def test_save_fields_writes_a_none(reyes, tuesday_morning):
    message = Message.objects.create(business=reyes, direction=Message.OUT, kind=Message.OWNER, provider="twilio",
                                     from_number="+13125550100", to_number="+13125550101", status=Message.SENT,
                                     delivered_at=tuesday_morning)
    message.delivered_at, message.attempts = None, 3
    save_fields(message, "delivered_at", "attempts")
    message.refresh_from_db()
    assert (message.delivered_at, message.attempts) == (None, 3)


def fields_of(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields if not field.primary_key}


def test_insert_writes_the_row_save_would_defaults_json_and_datetimes_included(reyes, reyes_number, tuesday_morning):
    contact = reyes.contacts.create(number="+13125550101")
    values = dict(business=reyes, contact=contact, phone_number=reyes_number, started_at=tuesday_morning,
                  last_message_at=tuesday_morning, lead={"need": "leak under the sink", "tags": ["urgent"]})
    inserted, saved = insert(Conversation(**values)), Conversation.objects.create(**values)
    assert inserted.pk and inserted.pk != saved.pk and not inserted._state.adding
    assert fields_of(Conversation.objects.get(pk=inserted.pk)) == fields_of(Conversation.objects.get(pk=saved.pk))


def test_insert_raises_the_orm_s_integrity_error_on_a_duplicate(reyes, reyes_number, tuesday_morning):
    def call():
        return Call(business=reyes, phone_number=reyes_number, provider="twilio", provider_call_id="CA1",
                    from_number="+13125550101", status="ringing", started_at=tuesday_morning)

    insert(call())
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(call())
    assert Call.objects.filter(provider_call_id="CA1").count() == 1


def test_one_reads_the_instance_raw_reads_fields_converted_and_extra_columns_as_attributes(reyes, reyes_number,
                                                                                          tuesday_morning):
    conversation = Conversation.objects.create(business=reyes, contact=reyes.contacts.create(number="+13125550101"),
                                               phone_number=reyes_number, started_at=tuesday_morning,
                                               last_message_at=tuesday_morning, lead={"need": "no hot water"})
    sql = "SELECT *, 1 + 1 AS two FROM core_conversation WHERE id = %s"
    for _ in range(2):  # the second from the kept mapping
        got, want = one(Conversation, sql, [conversation.id]), next(iter(Conversation.objects.raw(sql, [conversation.id])))
        assert fields_of(got) == fields_of(want) and got.pk == want.pk and got.two == want.two == 2
        assert got.lead == {"need": "no hot water"} and got.started_at == tuesday_morning and not got._state.adding


def test_one_reads_the_fields_a_statement_returns_in_the_model_s_order_whatever_the_columns_order(reyes):
    contact = reyes.contacts.create(number="+13125550101", name="Dana")
    got = one(Contact, "SELECT name, number, id, blocked FROM core_contact WHERE id = %s", [contact.id])
    assert (got.id, got.number, got.name, got.blocked) == (contact.id, "+13125550101", "Dana", False)
    assert one(Contact, "SELECT * FROM core_contact WHERE id = %s", [contact.id + 1]) is None
