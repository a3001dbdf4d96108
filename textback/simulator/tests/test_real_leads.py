"""The public simulator plays test callers of simulator numbers only: on a business that also has a
real (Twilio) number, an anonymous visitor can neither read a real lead's thread nor write into it,
whether posing as the lead or as the owner."""

import pytest
from django.urls import reverse

from tests.world import CARLOS_CELL, JEN
from textback.core import incoming, jobs
from textback.core.models import Message, PhoneNumber

SIM_NUMBER = "+13125550177"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def jens_real_lead(reyes_number, tuesday_morning):
    """Reyes Plumbing has its Twilio number and a simulator number; Jen texted the Twilio one for real."""
    PhoneNumber.objects.create(business=reyes_number.business, number=SIM_NUMBER, provider="simulator")
    message = incoming.received(reyes_number, "twilio", "SM" + "1" * 32, JEN, "Burst pipe at 12 Elm St, I'm Jen")
    conversation = message.conversation
    conversation.lead = {"name": "Jen", "need": "burst pipe", "address": "12 Elm St", "status": "qualified"}
    conversation.save()
    return conversation


def test_an_anonymous_visitor_cannot_read_a_real_leads_thread_through_the_simulator(client, jens_real_lead):
    response = client.get(reverse("simulator-thread"), {"number": SIM_NUMBER, "me": JEN})
    assert response.status_code == 400
    assert "12 Elm St" not in response.content.decode() and "Jen" not in response.content.decode()
    page = client.get(reverse("simulator"), {"number": SIM_NUMBER, "me": JEN})
    assert "12 Elm St" not in page.content.decode()


def test_an_anonymous_visitor_cannot_text_into_a_real_leads_conversation(client, jens_real_lead):
    response = client.post(reverse("simulator-text"), {"number": SIM_NUMBER, "me": JEN, "body": "hi"}, **JSON)
    assert response.status_code == 400
    assert not Message.objects.filter(provider="simulator").exists()


def test_an_anonymous_visitor_cannot_play_the_owner_of_a_business_with_real_leads(client, jens_real_lead):
    code = f"#{jens_real_lead.id} come to evil.example"
    response = client.post(reverse("simulator-text"), {"number": SIM_NUMBER, "me": CARLOS_CELL, "body": code}, **JSON)
    assert response.status_code == 400
    assert client.get(reverse("simulator-thread"), {"number": SIM_NUMBER, "me": CARLOS_CELL}).status_code == 400
    jobs.run_ready()
    assert not Message.objects.filter(kind=Message.OWNER).exists()
    assert not Message.objects.filter(to_number=JEN, body__contains="evil.example").exists()


def test_a_test_caller_of_the_same_business_still_uses_the_simulator(client, jens_real_lead):
    response = client.post(reverse("simulator-text"), {"number": SIM_NUMBER, "me": "+13125550142", "body": "hi"}, **JSON)
    assert response.status_code == 200
    assert [m["body"] for m in response.json()["items"]] == ["hi"]
