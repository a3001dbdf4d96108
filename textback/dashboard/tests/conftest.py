"""The dashboard's part of the named world (tests/world.py).

Carlos (carlos@reyes.example) runs Reyes Plumbing, whose number is on the simulator provider here.
Jen missed Reyes Plumbing and texted back. Next door, Bright Roofing (owner Dana, dana@bright.example)
has its own caller, Ana, whose messages are full of markup: nothing of hers may ever show up for Carlos.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.world import JEN
from textback.core import hours, jobs
from textback.core.models import Business, Conversation, Membership, PhoneNumber
from textback.simulator import phone

PASSWORD = "correct horse battery staple"
BRIGHT_NUMBER = "+13125550200"
ANA = "+13125550301"
EVIL = '<script>alert("x")</script><b>bold</b>'


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Argon2 is for real passwords; these tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email, *businesses):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    for business in businesses:
        Membership.objects.create(user=user, business=business)
    return user


@pytest.fixture
def carlos(reyes):
    return make_user("carlos@reyes.example", reyes)


@pytest.fixture
def signed_in(client, carlos):
    client.force_login(carlos)
    return client


@pytest.fixture
def jen(number, tuesday_morning):
    """Jen's conversation: her missed call was texted back and she answered."""
    call = phone.call(number, JEN)
    phone.ring_out(call)
    jobs.run_ready()
    phone.text(number, JEN, "My kitchen sink is clogged")
    jobs.run_ready()
    call.refresh_from_db()
    return call.conversation


@pytest.fixture
def bright(db):
    business = Business.objects.create(
        name="Bright Roofing", trade="roofing", owner_name="Dana", owner_cell="+13125550299",
        timezone="America/Chicago", hours=hours.parse("mon-fri 08:00-17:00"),
    )
    PhoneNumber.objects.create(business=business, number=BRIGHT_NUMBER, provider=phone.PROVIDER)
    return business


@pytest.fixture
def dana(bright):
    return make_user("dana@bright.example", bright)


@pytest.fixture
def ana(bright, tuesday_morning):
    """Ana's conversation with Bright Roofing, with markup in her name and her texts."""
    number = bright.numbers.get()
    call = phone.call(number, ANA)
    phone.ring_out(call)
    jobs.run_ready()
    phone.text(number, ANA, EVIL)
    jobs.run_ready()
    conversation = Conversation.objects.get(business=bright)
    conversation.contact.name = EVIL
    conversation.contact.save()
    conversation.lead = {**conversation.lead, "need": EVIL, "status": "qualified", "urgency": "emergency"}
    conversation.save()
    return conversation

