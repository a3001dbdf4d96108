"""Exactly one text-back per missed call, or none, with the reason written on the call."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from tests.core.conftest import MARIA
from tests.core.helpers import sent_textbacks, textbacks
from tests.world import JEN
from textback.core import outbox
from textback.core.models import Call, Contact, Conversation, Message
from textback.simulator import phone

pytestmark = pytest.mark.usefixtures("tuesday_morning")


def test_it_texts_back_a_missed_call_once(miss):
    call = miss(JEN)
    [sent] = sent_textbacks()
    assert sent.to_number == JEN and sent.call == call
    assert call.textback == Call.TEXTED and call.textback_reason == "missed call"
    assert call.conversation == sent.conversation


def test_it_does_not_text_an_answered_call(number):
    call = phone.owner_answers(phone.call(number, JEN))
    phone.hang_up(call)
    call.refresh_from_db()
    assert call.outcome == Call.ANSWERED and call.textback == ""
    assert not textbacks()


def test_it_texts_back_a_caller_who_hangs_up_while_it_rings(number):
    call = phone.hang_up(phone.call(number, JEN))
    assert call.outcome == Call.MISSED and call.textback == Call.TEXTED
    assert len(sent_textbacks()) == 1


def test_it_texts_back_a_call_forwarded_by_the_owners_phone(forwarded_number, number):
    call = phone.call(number, JEN)
    assert call.outcome == Call.MISSED and call.missed_reason == "forwarded by the owner's phone"
    assert len(sent_textbacks()) == 1


def test_it_texts_back_a_call_that_the_owners_voicemail_picked_up(number):
    call = phone.voicemail_picks_up(phone.call(number, JEN))
    call.refresh_from_db()
    assert call.outcome == Call.MISSED and call.missed_reason.startswith("not accepted")
    assert call.textback == Call.TEXTED and len(sent_textbacks()) == 1


def test_a_retried_miss_webhook_does_not_text_twice(number):
    call = phone.call(number, JEN)
    phone.ring_out(call)
    phone.ring_out(call)
    phone.hang_up(call)
    assert len(sent_textbacks()) == 1


@pytest.mark.parametrize("caller_id", [
    "anonymous", "Anonymous", "RESTRICTED", "unknown", "Unavailable", "blocked", " anonymous ", "",
])
def test_it_does_not_text_a_withheld_caller_id(miss, caller_id):
    call = miss(caller_id)
    assert call.textback == Call.SKIPPED and call.textback_reason == "caller ID withheld"
    assert not textbacks()


@pytest.mark.parametrize("sentinel", ["+266696687", "+7378742833", "+8656696", "+86282452253", "+2562533"])
def test_it_does_not_text_twilios_withheld_caller_id_digits(miss, sentinel):
    call = miss(sentinel)
    assert call.textback == Call.SKIPPED and call.textback_reason == "caller ID withheld"
    assert call.caller == ""
    assert not textbacks()


@pytest.mark.parametrize("short_code", ["12345", "123456", "89-898"])
def test_it_does_not_text_a_short_code(miss, short_code):
    call = miss(short_code)
    assert call.textback == Call.SKIPPED and call.textback_reason == "short code"
    assert not textbacks()


@pytest.mark.parametrize("junk", ["+1312555", "+15555550100", "not a number", "+1234567890123456"])
def test_it_does_not_text_an_invalid_number(miss, junk):
    call = miss(junk)
    assert call.textback == Call.SKIPPED and call.textback_reason == "invalid number"
    assert not textbacks()


def test_it_does_not_text_a_caller_who_opted_out(reyes, miss):
    outbox.record_opt_out(reyes, JEN, "keyword 'STOP'")
    call = miss(JEN)
    assert call.textback == Call.SKIPPED and call.textback_reason == "the caller opted out of texts"
    assert not textbacks()


def test_it_does_not_text_a_blocked_contact(reyes, miss):
    Contact.objects.create(business=reyes, number=JEN, blocked=True)
    call = miss(JEN)
    assert call.textback == Call.SKIPPED and call.textback_reason == "number blocked"
    assert not textbacks()


def test_it_does_not_text_a_landline(reyes, miss):
    Contact.objects.create(business=reyes, number=JEN, landline=True)
    call = miss(JEN)
    assert call.textback == Call.SKIPPED and call.textback_reason == "landline: cannot take texts"
    assert not textbacks()


def test_it_does_not_text_a_caller_again_within_the_cooldown(miss, later):
    miss(JEN)
    Conversation.objects.update(status=Conversation.CLOSED)
    later(hours=5)
    call = miss(JEN)
    assert call.textback == Call.SKIPPED and call.textback_reason == "texted back 5 h ago (cooldown 24 h)"
    assert len(sent_textbacks()) == 1


def test_it_texts_a_caller_again_after_the_cooldown(miss, later):
    miss(JEN)
    later(hours=24, minutes=1)
    call = miss(JEN)
    assert call.textback == Call.TEXTED
    assert [m.to_number for m in sent_textbacks()] == [JEN, JEN]


def test_the_cooldown_is_the_businesss_own(reyes, miss, later):
    reyes.cooldown_hours = 2
    reyes.save()
    miss(JEN)
    later(hours=3)
    assert miss(JEN).textback == Call.TEXTED


def test_the_cooldown_is_per_caller(miss):
    miss(JEN)
    assert miss(MARIA).textback == Call.TEXTED
    assert {m.to_number for m in sent_textbacks()} == {JEN, MARIA}


def test_a_repeat_call_joins_the_open_conversation(number, miss, later):
    first = miss(JEN)
    later(minutes=2)
    phone.text(number, JEN, "my kitchen sink is clogged")
    later(minutes=10)
    again = miss(JEN)
    assert again.textback == Call.JOINED and again.conversation == first.conversation
    assert len(sent_textbacks()) == 1


def test_a_call_from_someone_who_texted_first_joins_their_conversation(number, miss):
    phone.text(number, JEN, "are you open saturday?")
    call = miss(JEN)
    assert call.textback == Call.JOINED
    assert list(call.conversation.messages.filter(direction=Message.IN).values_list("body", flat=True)) == [
        "are you open saturday?"
    ]
    assert not textbacks()


def test_two_quick_missed_calls_from_one_caller_get_one_text(miss, later):
    first = miss(JEN)
    later(seconds=30)
    second = miss(JEN)
    assert first.textback == Call.TEXTED and second.textback != Call.TEXTED
    assert second.conversation == first.conversation
    assert len(sent_textbacks()) == 1


def test_a_second_text_back_for_one_call_fails_at_the_database(miss):
    call = miss(JEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            business=call.business, call=call, direction=Message.OUT, kind=Message.TEXTBACK,
            provider="simulator", from_number=call.phone_number.number, to_number=JEN, status=Message.QUEUED,
        )
    assert len(textbacks()) == 1


def test_a_call_can_have_other_messages_besides_its_text_back(miss):
    call = miss(JEN)
    Message.objects.create(
        business=call.business, call=call, direction=Message.OUT, kind=Message.NOTIFICATION,
        provider="simulator", from_number=call.phone_number.number, to_number="+13125550199", status=Message.QUEUED,
    )
    assert call.messages.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_missed_calls_from_one_caller_get_one_text(number):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database locks tables instead of waiting; PostgreSQL races for real")
    calls = [phone.call(number, JEN) for _ in range(2)]
    start, errors = threading.Barrier(2), []

    def ring_out(call):
        try:
            start.wait()
            phone.ring_out(call)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=ring_out, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    decisions = sorted(Call.objects.values_list("textback", flat=True))
    assert decisions == [Call.JOINED, Call.TEXTED]
    assert len(textbacks()) == 1 and Contact.objects.count() == 1


@pytest.fixture(params=["upsert", "without RETURNING"])
def contact_lock(request, monkeypatch):
    """Contact.locked both ways: one upsert, and the four statements of a SQLite older than 3.35."""
    if request.param == "without RETURNING":
        if connection.vendor != "sqlite":
            pytest.skip("only SQLite comes without RETURNING")
        monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    return request.param


def test_the_contact_lock_creates_a_new_caller_once_and_keeps_a_known_ones_record(reyes, contact_lock):
    new = Contact.locked(reyes, "+13125550177")
    again = Contact.locked(reyes, "+13125550177")
    assert new.id == again.id and Contact.objects.filter(number="+13125550177").count() == 1
    Contact.objects.filter(id=new.id).update(name="Dana Ortiz", landline=True, opted_out_at=reyes.created_at)
    known = Contact.locked(reyes, "+13125550177")
    assert (known.name, known.landline, known.opted_out_at) == ("Dana Ortiz", True, reyes.created_at)
    assert known.business is reyes and not known.blocked
