"""Who may use /simulator: a signed-in user only their own businesses' simulator numbers; anyone
only on an install that made the simulator public (the demo)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.world import JEN
from textback.core import hours
from textback.core.models import Business, Membership, PhoneNumber

OURS, THEIRS = "+13125550177", "+13125550178"


def simulated_business(name, number):
    business = Business.objects.create(
        name=name, owner_cell="+13125550188", timezone="America/Chicago", hours=hours.parse("mon-fri 07:00-18:00")
    )
    PhoneNumber.objects.create(business=business, number=number, provider="simulator")
    return business


@pytest.fixture
def ana(db, settings):
    settings.SIMULATOR_PUBLIC = False
    user = get_user_model().objects.create_user(username="ana@lopez.example", password="pw-long-enough")
    Membership.objects.create(user=user, business=simulated_business("Lopez Roofing", OURS))
    simulated_business("Rival Roofing", THEIRS)
    return user


def test_a_visitor_is_sent_to_sign_in_when_the_simulator_is_not_public(client, ana):
    response = client.get(reverse("simulator"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_a_visitor_cannot_use_the_endpoints_when_the_simulator_is_not_public(client, ana):
    response = client.get(reverse("simulator-thread"), {"number": OURS, "me": JEN})
    assert response.status_code == 404


def test_a_signed_in_user_sees_only_their_own_simulator_numbers(client, ana):
    client.force_login(ana)
    html = client.get(reverse("simulator")).content.decode()
    assert "Lopez Roofing" in html and "Rival Roofing" not in html


def test_a_signed_in_user_cannot_read_another_businesses_simulated_thread(client, ana):
    client.force_login(ana)
    assert client.get(reverse("simulator-thread"), {"number": THEIRS, "me": JEN}).status_code == 404
    assert client.get(reverse("simulator-thread"), {"number": OURS, "me": JEN}).status_code == 200
