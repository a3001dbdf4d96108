"""The raw SQL of the status callbacks (core/text_statuses.py) names the same texts as the ORM's
twilio.webhooks.about, which the rare paths still use: by sid, or by ?message=ID while the text is
sending with no sid saved; only texts out, of the provider, from the number when one is given."""

from types import SimpleNamespace

import pytest

from tests.world import JEN, REYES_NUMBER
from textback.core import text_statuses
from textback.core.models import Message
from textback.twilio.webhooks import about

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


@pytest.mark.parametrize("sid", [SID, "SM" + "c" * 32])
def test_it_finds_what_the_orm_finds(texts, sid):
    twilio = SimpleNamespace(name="twilio")
    for reference in references(texts):
        for number in (REYES_NUMBER, OTHER):
            expected = about(twilio, sid, reference).filter(from_number=number).exists()
            assert text_statuses.exists("twilio", sid, reference, number) == expected, (reference, number)
        assert text_statuses.first("twilio", sid, reference) == about(twilio, sid, reference).first(), reference


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
