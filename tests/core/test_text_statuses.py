"""The texts a status callback names (core/text_statuses.py): by sid, or by ?message=ID while the
text is sending with no sid saved; only texts out, of the provider, from the number when one is given."""

import pytest

from tests.world import JEN, REYES_NUMBER
from textback.core import text_statuses
from textback.core.models import Message

pytestmark = pytest.mark.usefixtures("tuesday_morning")

SID = "SM" + "a" * 32
OTHER = "+13125550111"


def text(reyes, **fields):
    values = {"business": reyes, "direction": Message.OUT, "kind": Message.OWNER, "provider": "twilio",
              "from_number": REYES_NUMBER, "to_number": JEN, "status": Message.SENT, **fields}
    return Message.objects.create(**values)


@pytest.fixture
def texts(reyes):
    return {
        "by sid": text(reyes, provider_message_id=SID),
        "sending": text(reyes, status=Message.SENDING),
        "queued": text(reyes, status=Message.QUEUED),
        "sending with a sid": text(reyes, status=Message.SENDING, provider_message_id="SM" + "b" * 32),
        "another provider": text(reyes, provider="signalwire", provider_message_id=SID),
        "another number": text(reyes, status=Message.SENDING, from_number=OTHER),
        "incoming": text(reyes, direction=Message.IN, status=Message.RECEIVED),
    }


def references(texts):
    return ["", "abc", "9" * 19, *(str(t.id) for t in texts.values())]


def named_by_hand(texts, sid, reference, number=None):
    """The rule, said over the world's texts one by one."""
    return sorted(t.id for t in texts.values() if t.provider == "twilio" and t.direction == Message.OUT
                  and (number is None or t.from_number == number)
                  and (t.provider_message_id == sid or (str(t.id) == reference and not t.provider_message_id
                                                        and t.status == Message.SENDING)))


@pytest.mark.parametrize("sid", [SID, "SM" + "c" * 32])
def test_it_names_the_texts_the_rule_names(texts, sid):
    for reference in references(texts):
        for number in (REYES_NUMBER, OTHER, None):
            expected = named_by_hand(texts, sid, reference, number)
            assert text_statuses.exists("twilio", sid, reference, number) == bool(expected), (reference, number)
            first = text_statuses.first("twilio", sid, reference, number)
            assert (first.id if first else None) == (expected[0] if expected else None), (reference, number)


def test_it_moves_only_the_named_texts_in_the_given_statuses(texts):
    sending = texts["sending"]
    among = [Message.QUEUED, Message.SENDING]
    assert text_statuses.moved("twilio", SID, str(sending.id), OTHER, among, Message.DELIVERED) == 0
    assert text_statuses.moved("twilio", SID, str(sending.id), REYES_NUMBER, among, Message.DELIVERED, "30003") == 1
    sending.refresh_from_db()
    by_sid = Message.objects.get(id=texts["by sid"].id)
    assert (sending.status, sending.error_code, sending.delivered_at is not None) == (Message.DELIVERED, "30003", True)
    assert by_sid.status == Message.SENT  # named, but already sent: not among
    assert text_statuses.moved("twilio", SID, "", REYES_NUMBER, [Message.SENT], Message.UNDELIVERED) == 1
    by_sid.refresh_from_db()
    assert (by_sid.status, by_sid.error_code, by_sid.delivered_at) == (Message.UNDELIVERED, "", None)
