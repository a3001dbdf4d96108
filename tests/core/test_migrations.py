"""Data migrations, run on a database migrated back to just before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def migrate(transactional_db):
    """migrate("0007_...") moves the core app to that migration and returns its models then."""

    def to(name):
        executor = MigrationExecutor(connection)
        executor.migrate([("core", name)])
        return executor.loader.project_state([("core", name)]).apps

    yield to
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_conversations_get_the_number_of_their_first_message_or_call(migrate):
    old = migrate("0007_drop_unused_webhook_event")
    Business, PhoneNumber = old.get_model("core", "Business"), old.get_model("core", "PhoneNumber")
    Contact, Conversation = old.get_model("core", "Contact"), old.get_model("core", "Conversation")
    Message, Call = old.get_model("core", "Message"), old.get_model("core", "Call")
    reyes = Business.objects.create(name="Reyes Plumbing", owner_cell="+13125550199")
    first = PhoneNumber.objects.create(business=reyes, number="+13125550100")
    second = PhoneNumber.objects.create(business=reyes, number="+13125550102")
    jen = Contact.objects.create(business=reyes, number="+13125550101")
    texted = Conversation.objects.create(business=reyes, contact=jen)
    Message.objects.create(business=reyes, conversation=texted, direction="in", kind="lead", provider="twilio",
                           from_number=jen.number, to_number=second.number, status="received")
    Message.objects.create(business=reyes, conversation=texted, direction="out", kind="assistant", provider="twilio",
                           from_number=first.number, to_number=jen.number, status="sent")
    called = Conversation.objects.create(business=reyes, contact=jen)
    Call.objects.create(business=reyes, phone_number=second, provider="twilio", provider_call_id="CA1",
                        from_number=jen.number, conversation=called)
    answered_from = Conversation.objects.create(business=reyes, contact=jen)
    Message.objects.create(business=reyes, conversation=answered_from, direction="out", kind="textback",
                           provider="twilio", from_number=second.number, to_number=jen.number, status="sent")
    empty = Conversation.objects.create(business=reyes, contact=jen)

    new = migrate("0009_conversation_phone_number_backfill")
    numbers = dict(new.get_model("core", "Conversation").objects.values_list("id", "phone_number"))
    assert numbers == {texted.id: second.id, called.id: second.id, answered_from.id: second.id, empty.id: None}


def test_tokens_stored_before_are_encrypted_and_decrypted_again_on_the_way_back(migrate):
    old = migrate("0009_conversation_phone_number_backfill")
    reyes = old.get_model("core", "Business").objects.create(name="Reyes Plumbing", owner_cell="+13125550199")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO core_phonenumber (business_id, number, provider, mode, account_sid, auth_token) "
                       "VALUES (%s, '+13125550100', 'twilio', 'ring', %s, %s)", [reyes.id, "AC" + "c3" * 16, "d4" * 16])
        cursor.execute("INSERT INTO core_phonenumber (business_id, number, provider, mode, account_sid, auth_token) "
                       "VALUES (%s, '+13125550102', 'twilio', 'ring', '', '')", [reyes.id])

    def stored():
        with connection.cursor() as cursor:
            cursor.execute("SELECT number, auth_token FROM core_phonenumber ORDER BY number")
            return cursor.fetchall()

    new = migrate("0010_encrypt_auth_tokens")
    [(_, encrypted), (_, empty)] = stored()
    assert "d4" * 16 not in encrypted and empty == ""
    assert new.get_model("core", "PhoneNumber").objects.get(number="+13125550100").auth_token == "d4" * 16
    migrate("0009_conversation_phone_number_backfill")
    assert stored() == [("+13125550100", "d4" * 16), ("+13125550102", "")]
