"""Bad input at every provider's every webhook (the `carrier` fixture), property-based
(hypothesis): random and missing fields, huge values, odd phone formats, invalid UTF-8, bodies that
are not forms. Never a 500; and a valid incoming text, whatever it says, is stored exactly once.
In-process (Django's test client on the test database: SQLite or PostgreSQL), bounded: a modest
number of examples per webhook."""

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tests.world import REYES_NUMBER
from textback.core.models import Message

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

odd_numbers = st.sampled_from([
    REYES_NUMBER, "+13125550101", "3125550101", "(312) 555-0101", "+1 312 555 0101", "anonymous", "+266696687",
    "", " ", "+", "+0", "12345", "+4420 7946 0958", "+" + "9" * 30, "client:alice", "sip:a@b.c", "٣١٢٥٥٥٠١٠١",
])


def values(carrier):
    ids = [carrier.call_id(7), carrier.message_id(7), "CA" + "a" * 32, "SM" + "b" * 32]
    return st.one_of(odd_numbers, st.text(max_size=40), st.text(min_size=2000, max_size=5000),
                     st.sampled_from([*ids, "0", "-1", "99999999999999999999", "true", "NaN"]))


def fields(carrier):
    """Every field any of the provider's webhooks carries."""
    return sorted({name for _, fixture in carrier.webhooks for name in carrier.payload(fixture)})


@pytest.fixture
def bounded():
    return hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def test_no_webhook_answers_500_to_random_fields(carrier, bounded):
    tried, answers = 0, {}

    @bounded
    @given(webhook=st.sampled_from(carrier.webhooks), params=st.dictionaries(st.sampled_from(fields(carrier)),
                                                                             values(carrier), max_size=8),
           base=st.booleans(), drop=st.lists(st.sampled_from(fields(carrier)), max_size=3))
    def check(webhook, params, base, drop):
        nonlocal tried
        path, fixture = webhook
        if base:  # mostly well-formed around the random part, so the views get past the first checks
            params = carrier.payload(fixture, drop=drop, **params)
        response = carrier.post(path, params)
        tried += 1
        answers[response.status_code] = answers.get(response.status_code, 0) + 1
        assert response.status_code < 500, (path, params)

    check()
    print(f"\nFAULT random and missing fields, huge values, odd phone formats at {carrier.name}'s "
          f"{len(carrier.webhooks)} webhooks: requests {tried}, answers {answers}, 500s 0")


def test_bodies_that_are_not_valid_forms_never_answer_500(carrier, bounded):
    answers = {}

    @bounded
    @given(webhook=st.sampled_from(carrier.webhooks), raw=st.binary(max_size=3000), content_type=st.sampled_from(
        ["application/x-www-form-urlencoded",
         "multipart/form-data; boundary=x", "application/json", "text/plain"]))
    def check(webhook, raw, content_type):
        raw = raw + b"&From=%ff%fe%80&Body=\xc3\x28"  # invalid UTF-8, raw and percent-encoded
        response = carrier.post_raw(webhook[0], raw, content_type, signature="bad")
        answers[response.status_code] = answers.get(response.status_code, 0) + 1
        assert response.status_code < 500

    check()
    print(f"\nFAULT raw bodies with invalid UTF-8 and wrong content types: answers {answers}, 500s 0")


def test_a_valid_incoming_text_is_never_lost(carrier, bounded):
    stored = 0

    @bounded
    @given(body=st.text(max_size=1600), sender=st.from_regex(r"\+1312[2-9]\d{6}", fullmatch=True),
           n=st.integers(0, 10**12), twice=st.booleans())
    def check(body, sender, n, twice):
        nonlocal stored
        body = body.replace("\x00", "")  # no provider sends NUL (refused with 400 by design)
        sid = n * 10**6 + stored
        for _ in range(2 if twice else 1):  # the provider may deliver it twice
            assert carrier.text(body, message=sid, caller=sender).status_code == 200
        rows = Message.objects.filter(provider_message_id=carrier.message_id(sid), direction=Message.IN)
        assert [r.body for r in rows] == [body]
        stored += 1

    check()
    print(f"\nFAULT random valid incoming texts at {carrier.name} (any Unicode, up to 1600 chars, some delivered twice): "
          f"texts {stored}, stored exactly once {stored}, lost 0")
