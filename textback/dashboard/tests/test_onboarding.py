"""Getting started: signing up (closed by default, open on a fresh install and when
TEXTBACK_SIGNUP=open), then the wizard: the business, its number (simulator or Twilio), a test
call watched live. It checks what `textback business create` checks, with the same words."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection

from tests.world import CARLOS_CELL, JEN, REYES_NUMBER, SUBACCOUNT_SID, SUBACCOUNT_TOKEN
from textback.core import jobs
from textback.core.models import Business, Membership, PhoneNumber
from textback.dashboard.tests.conftest import PASSWORD, make_user
from textback.simulator import phone

GOOD_PASSWORD = "pipes and wrenches forever"
ORTIZ = {
    "name": "Ortiz Electric", "trade": "electrical", "owner_name": "Ana", "owner_cell": "(773) 555-0143",
    "timezone": "America/Denver", "hours": "mon-fri 07:00-12:00, 13:00-18:00; sat 08:00-12:00",
}


@pytest.fixture
def ana(client, db):
    """Ana signed up and has no business yet."""
    user = make_user("ana@ortiz.example")
    client.force_login(user)
    return user


@pytest.fixture
def ortiz(client, ana):
    """Ana went through step 1: Ortiz Electric exists, without a number."""
    response = client.post("/start", ORTIZ)
    business = Business.objects.get(name="Ortiz Electric")
    assert response.url == f"/b/{business.id}/start/number"
    return business


def users():
    return get_user_model().objects


# -- sign-up -----------------------------------------------------------------------------------


def test_a_fresh_install_lets_the_first_account_sign_up_from_the_browser(client, db):
    page = client.get("/sign-up")
    assert page.status_code == 200 and b"yours is the first" in page.content
    assert b"Create an account" in client.get("/sign-in").content
    response = client.post("/sign-up", {"email": "Ana@Ortiz.example", "password": GOOD_PASSWORD})
    assert response.status_code == 302 and response.url == "/start"
    user = users().get()
    assert user.username == user.email == "ana@ortiz.example" and user.check_password(GOOD_PASSWORD)
    assert not user.is_staff and not user.is_superuser
    assert client.session["_auth_user_id"] == str(user.id)


def test_sign_up_is_closed_by_default_once_an_account_exists(client, carlos):
    page = client.get("/sign-up")
    assert page.status_code == 403 and b"Sign-up is closed" in page.content
    assert client.post("/sign-up", {"email": "eve@example.com", "password": GOOD_PASSWORD}).status_code == 403
    assert not users().filter(username="eve@example.com").exists()
    assert b"Create an account" not in client.get("/sign-in").content


def confirm_link(message):
    return re.search(r"https://textback\.example\.com(/sign-up/\S+)", message.body).group(1)


def test_sign_up_is_open_to_anyone_when_the_setting_says_so_once_they_confirm_their_email(client, carlos, settings):
    settings.SIGNUP = "open"
    assert b"Create an account" in client.get("/sign-in").content
    assert client.post("/sign-up", {"email": "Ana@Ortiz.example", "password": GOOD_PASSWORD}).url == "/sign-up/sent"
    assert b"Check your email" in client.get("/sign-up/sent").content
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["ana@ortiz.example"]
    assert client.post("/sign-in", {"email": "ana@ortiz.example", "password": GOOD_PASSWORD}).status_code == 200
    assert client.get(confirm_link(message)).url == "/start"
    assert client.session["_auth_user_id"] == str(users().get(username="ana@ortiz.example").id)


def test_open_sign_up_answers_a_taken_email_exactly_like_a_new_one_and_mails_the_owner(client, carlos, settings):
    settings.SIGNUP = "open"
    new = client.post("/sign-up", {"email": "ana@ortiz.example", "password": GOOD_PASSWORD})
    taken = client.post("/sign-up", {"email": "CARLOS@reyes.example", "password": GOOD_PASSWORD})
    assert (taken.status_code, taken.url) == (new.status_code, new.url)
    assert "already" not in client.get(taken.url).content.decode()
    [_, to_carlos] = mail.outbox
    assert to_carlos.to == ["carlos@reyes.example"]
    assert "tried to sign up" in to_carlos.body and "/password-reset" in to_carlos.body
    assert "/sign-up/" not in to_carlos.body
    assert users().get(username="carlos@reyes.example").check_password(PASSWORD)  # untouched


def test_a_stranger_who_signs_up_with_your_email_cannot_use_the_account(client, carlos, settings):
    settings.SIGNUP = "open"
    client.post("/sign-up", {"email": "ana@ortiz.example", "password": "a stranger's password 1"})
    client.post("/sign-up", {"email": "ana@ortiz.example", "password": GOOD_PASSWORD})
    stranger_link, ana_link = (confirm_link(m) for m in mail.outbox)
    assert client.get(stranger_link).status_code == 400  # the later sign-up replaced it
    assert client.get(ana_link).url == "/start"
    assert users().get(username="ana@ortiz.example").check_password(GOOD_PASSWORD)


def test_sign_up_refuses_a_weak_password(client, carlos, settings):
    settings.SIGNUP = "open"
    weak = client.post("/sign-up", {"email": "ana@ortiz.example", "password": "1234"})
    assert b"too short" in weak.content
    common = client.post("/sign-up", {"email": "ana@ortiz.example", "password": "password123"})
    assert b"too common" in common.content
    assert users().count() == 1 and not mail.outbox
    assert client.get(f"/b/{carlos.memberships.get().business_id}/").status_code == 302  # nobody signed in


def test_the_setting_accepts_only_open_or_closed(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import textback.settings as module

    monkeypatch.setenv("TEXTBACK_SIGNUP", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="TEXTBACK_SIGNUP='sometimes': use open or closed"):
        importlib.reload(module)
    monkeypatch.setenv("TEXTBACK_SIGNUP", "OPEN")
    assert importlib.reload(module).SIGNUP == "open"
    monkeypatch.delenv("TEXTBACK_SIGNUP")
    assert importlib.reload(module).SIGNUP == "closed"


# -- step 1: the business ----------------------------------------------------------------------


def test_a_signed_in_user_without_a_business_lands_in_the_wizard(client, ana):
    assert client.get("/").url == "/start"
    page = client.get("/start").content.decode()
    assert "Your business" in page and 'aria-current="step"' in page and "Sign out" in page


def test_step_one_creates_the_business_and_gives_the_user_access_to_it(client, ortiz, ana):
    assert (ortiz.trade, ortiz.owner_name, ortiz.owner_cell, ortiz.timezone) == ("electrical", "Ana", "+17735550143", "America/Denver")
    assert ortiz.hours["mon"] == [["07:00", "12:00"], ["13:00", "18:00"]] and "sun" not in ortiz.hours
    assert list(Membership.objects.filter(user=ana).values_list("business", flat=True)) == [ortiz.id]
    assert client.get("/").url == f"/b/{ortiz.id}/start/number"  # no number yet: the wizard goes on


@pytest.mark.parametrize("change, field, words", [
    ({"hours": "mon-fri 9ish-5"}, "hours", "&#x27;9ish-5&#x27; is not a time range like 07:00-18:00 or 7am-6pm"),
    ({"hours": "weekdays 09:00-17:00"}, "hours", "&#x27;weekdays&#x27; is not a day"),
    ({"timezone": "Chicago"}, "timezone", "&#x27;Chicago&#x27; is not a time zone"),
    ({"owner_cell": "+1555"}, "owner_cell", "&#x27;+1555&#x27; is not a valid phone number"),
    ({"name": "   "}, "name", "This field is required"),
])
def test_step_one_names_the_problem_like_the_command_does(client, ana, change, field, words):
    response = client.post("/start", ORTIZ | change)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Business.objects.exists() and not Membership.objects.exists()


def test_step_one_refuses_an_owner_cell_that_is_a_textback_number(client, ana, reyes_number):
    response = client.post("/start", ORTIZ | {"owner_cell": reyes_number.number})
    assert "not a textback number" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_user_with_a_business_can_add_another_one(client, ortiz):
    client.post("/start", ORTIZ | {"name": "Ortiz Solar"})
    assert Business.objects.filter(memberships__user__username="ana@ortiz.example").count() == 2


def test_the_wizard_asks_a_visitor_to_sign_in(client, ortiz):
    client.logout()
    for url in ("/start", f"/b/{ortiz.id}/start/number", f"/b/{ortiz.id}/start/test", f"/b/{ortiz.id}/start/check.json"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/sign-in?next="), url


# -- step 2: the number ------------------------------------------------------------------------


def test_trying_the_simulator_makes_a_fictional_simulator_number_and_links_to_the_simulator(client, ortiz):
    response = client.post(f"/b/{ortiz.id}/start/number", {"action": "simulator"})
    assert response.url == f"/b/{ortiz.id}/start/test"
    number = ortiz.numbers.get()
    assert number.provider == phone.PROVIDER and number.mode == PhoneNumber.RING
    assert number.number.startswith("+177355501")  # the owner's area code, in 555-0100..0199
    page = client.get(response.url).content.decode()
    assert f'href="/simulator/?number=%2B{number.number[1:]}&amp;me=' in page
    simulator = client.get(f"/simulator/?number={number.number}")
    assert simulator.status_code == 200 and "Ortiz Electric" in simulator.content.decode()
    assert client.get("/").url == f"/b/{ortiz.id}/"  # with a number, home is the inbox


def test_every_simulator_number_is_a_new_one(client, ortiz, reyes):
    numbers = set()
    for name in ("Ortiz One", "Ortiz Two", "Ortiz Three"):
        client.post("/start", ORTIZ | {"name": name, "owner_cell": CARLOS_CELL})
        business = Business.objects.get(name=name)
        client.post(f"/b/{business.id}/start/number", {"action": "simulator"})
        numbers.add(business.numbers.get().number)
    assert len(numbers) == 3 and REYES_NUMBER not in numbers and CARLOS_CELL not in numbers


def test_the_number_step_shows_the_webhook_urls_to_paste_and_the_forwarding_codes(client, ortiz):
    page = client.get(f"/b/{ortiz.id}/start/number").content.decode()
    for path in ("/twilio/voice", "/twilio/voice/status", "/twilio/sms"):
        assert f"<code>https://textback.example.com{path}</code>" in page
    assert "<code>*71</code>" in page and "<code>**004*1</code>" in page


ORTIZ_NUMBER = "+17735550142"


@pytest.fixture
def ortiz_twilio(fake_twilio):
    """Ana's own Twilio account, which owns the number she bought, (773) 555-0142."""
    return fake_twilio.add_account(SUBACCOUNT_SID, SUBACCOUNT_TOKEN).add_incoming_number(SUBACCOUNT_SID, ORTIZ_NUMBER)


def connect(client, business, **fields):
    form = {"action": "twilio", "number": "(773) 555-0142", "mode": "ring", "account_sid": SUBACCOUNT_SID, "auth_token": SUBACCOUNT_TOKEN}
    return client.post(f"/b/{business.id}/start/number", form | fields)


def test_connecting_a_twilio_number_keeps_its_mode_and_subaccount_and_shows_what_to_dial(client, ortiz, ortiz_twilio):
    response = connect(client, ortiz, mode="forwarded")
    assert response.url == f"/b/{ortiz.id}/start/test"
    number = ortiz.numbers.get()
    assert (number.number, number.provider, number.mode) == ("+17735550142", "twilio", PhoneNumber.FORWARDED)
    assert (number.account_sid, number.auth_token) == (SUBACCOUNT_SID, SUBACCOUNT_TOKEN)
    page = client.get(response.url).content.decode()
    assert "Call (773) 555-0142 now" in page
    assert "<code>*717735550142</code>" in page and "<code>**004*17735550142#</code>" in page
    assert "https://textback.example.com/twilio/voice" in page and SUBACCOUNT_TOKEN not in page


def test_connecting_a_twilio_number_asks_twilio_whether_the_account_owns_it(client, ortiz, ortiz_twilio):
    connect(client, ortiz)
    asked = [r.path for r in ortiz_twilio.requests]
    assert asked == [f"/2010-04-01/Accounts/{SUBACCOUNT_SID}.json",
                     f"/2010-04-01/Accounts/{SUBACCOUNT_SID}/IncomingPhoneNumbers.json?PhoneNumber=%2B17735550142"]


def test_connecting_a_twilio_number_refuses_credentials_twilio_does_not_accept(client, ortiz, ortiz_twilio):
    response = connect(client, ortiz, auth_token="e5" * 16)
    assert "Twilio did not accept that Account SID and auth token" in response.content.decode()
    assert not ortiz.numbers.exists()


def test_connecting_a_twilio_number_refuses_a_number_the_account_does_not_own(client, ortiz, ortiz_twilio, reyes):
    response = connect(client, ortiz, number="(773) 555-0144")
    assert "That number is not in this Twilio account" in response.content.decode()
    assert not ortiz.numbers.exists()


def test_connecting_a_twilio_number_refuses_a_suspended_account(client, ortiz, ortiz_twilio):
    ortiz_twilio.account_status[SUBACCOUNT_SID] = "suspended"
    assert "This Twilio account is suspended" in connect(client, ortiz).content.decode()
    assert not ortiz.numbers.exists()


def test_connecting_a_twilio_number_saves_nothing_when_twilio_cannot_be_reached(client, ortiz, ortiz_twilio):
    ortiz_twilio.fail_next(0, times=3)
    response = connect(client, ortiz)
    assert "Could not reach Twilio to check this number" in response.content.decode()
    assert not ortiz.numbers.exists()
    ortiz_twilio.fail_next(503)
    assert "Could not reach Twilio to check this number" in connect(client, ortiz).content.decode()
    assert not ortiz.numbers.exists()


def test_a_tenant_cannot_put_a_number_on_the_operators_default_account(client, ortiz, fake_twilio):
    fake_twilio.add_incoming_number(fake_twilio.account_sid, ORTIZ_NUMBER)
    response = connect(client, ortiz, account_sid="", auth_token="")
    assert "Enter the Account SID and auth token of your Twilio account" in response.content.decode()
    assert not ortiz.numbers.exists()
    assert fake_twilio.requests == []


def test_an_operator_can_put_a_number_of_the_default_account_on_a_business(client, ortiz, ana, fake_twilio):
    ana.is_staff = True
    ana.save()
    fake_twilio.add_incoming_number(fake_twilio.account_sid, ORTIZ_NUMBER)
    response = connect(client, ortiz, account_sid="", auth_token="")
    assert response.url == f"/b/{ortiz.id}/start/test"
    assert ortiz.numbers.get().account_sid == ""
    assert "That number is not in this Twilio account" in connect(client, ortiz, number="(773) 555-0144", account_sid="",
                                                                   auth_token="").content.decode()


@pytest.mark.parametrize("form, words", [
    ({"number": REYES_NUMBER}, "+13125550100 already belongs to a business"),
    ({"number": "(773) 555-0143"}, "That is your own cell"),
    ({"number": "12345"}, "&#x27;12345&#x27; is not a valid phone number"),
    ({"number": "+17735550142", "account_sid": "AC" + "c3" * 16}, "both the account SID and its auth token, or neither"),
    ({"number": "+17735550142", "account_sid": "ACnope", "auth_token": "d4" * 16}, "AC followed by 32"),
])
def test_connecting_a_twilio_number_refuses_what_the_command_refuses(client, ortiz, reyes, form, words):
    response = client.post(f"/b/{ortiz.id}/start/number", {"action": "twilio", "mode": "ring"} | form)
    assert response.status_code == 200 and words in response.content.decode()
    assert not ortiz.numbers.exists()


def test_connecting_a_twilio_number_needs_credentials_when_the_install_has_none(client, ortiz, ana, settings):
    ana.is_staff = True  # an operator, who may use the default account, when there is one
    ana.save()
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = ""
    response = client.post(f"/b/{ortiz.id}/start/number", {"action": "twilio", "mode": "ring", "number": "+17735550142"})
    assert b"no default Twilio account" in response.content and not ortiz.numbers.exists()


# -- step 3: the test call ---------------------------------------------------------------------


def test_the_live_check_follows_the_test_call_to_its_text_back(client, ortiz, tuesday_morning):
    client.post(f"/b/{ortiz.id}/start/number", {"action": "simulator"})
    number = ortiz.numbers.get()
    check = f"/b/{ortiz.id}/start/check.json"
    assert client.get(check).json()["state"] == "waiting"
    page = client.get(f"/b/{ortiz.id}/start/test").content.decode()
    assert f'data-poll="{check}"' in page and "Waiting for a call to" in page
    call = phone.call(number, JEN)
    assert client.get(check).json()["state"] == "ringing"
    phone.ring_out(call)
    assert client.get(check).json()["state"] == "sending"
    jobs.run_ready()
    done = client.get(check).json()
    assert done["state"] == "texted" and "It works!" in done["detail"]
    assert "sorry we missed your call at Ortiz Electric" in done["text"]
    assert "Go to your inbox" in client.get(f"/b/{ortiz.id}/start/test").content.decode()


def test_the_live_check_says_when_an_answered_call_got_no_text(client, ortiz, tuesday_morning):
    client.post(f"/b/{ortiz.id}/start/number", {"action": "simulator"})
    phone.owner_answers(phone.call(ortiz.numbers.get(), JEN))
    assert client.get(f"/b/{ortiz.id}/start/check.json").json()["state"] == "answered"


def test_the_test_step_without_a_number_goes_back_to_the_number_step(client, ortiz):
    assert client.get(f"/b/{ortiz.id}/start/test").url == f"/b/{ortiz.id}/start/number"
    assert client.get(f"/b/{ortiz.id}/start/check.json").json()["state"] == "no_number"


def test_the_command_and_the_wizard_share_one_set_of_checks(db):
    """Both go through textback.core.businesses: the command keeps its own wording."""
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--hours: '9ish-5' is not a time range"):
        call_command("business", "create", "--name", "X", "--number", "+17735550142", "--owner-cell", "+17735550143",
                     "--hours", "mon-fri 9ish-5")


# -- SignalWire ----------------------------------------------------------------------------------

ORTIZ_PROJECT = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
ORTIZ_API_TOKEN, ORTIZ_SIGNING_KEY = "PT" + "7d" * 24, "PSK_" + "8e" * 12


@pytest.fixture
def ortiz_signalwire(fake_signalwire):
    """Ana's own SignalWire project, in her space, which owns the number she bought."""
    return fake_signalwire.add_account(ORTIZ_PROJECT, ORTIZ_API_TOKEN).add_incoming_number(ORTIZ_PROJECT, ORTIZ_NUMBER)


def connect_signalwire(client, business, **fields):
    form = {"action": "signalwire", "number": "(773) 555-0142", "mode": "ring", "space_url": "ortiz.signalwire.com",
            "account_sid": ORTIZ_PROJECT, "auth_token": ORTIZ_API_TOKEN, "signing_key": ORTIZ_SIGNING_KEY}
    return client.post(f"/b/{business.id}/start/number", form | fields)


def test_the_number_step_offers_signalwire_with_its_cxml_webhook_urls(client, ortiz):
    page = client.get(f"/b/{ortiz.id}/start/number").content.decode()
    assert "Connect a SignalWire number" in page and "LaML Webhooks" in page
    for path in ("/signalwire/voice", "/signalwire/voice/status", "/signalwire/sms"):
        assert f"<code>https://textback.example.com{path}</code>" in page


def test_connecting_a_signalwire_number_asks_the_project_and_keeps_its_keys_encrypted(client, ortiz, ortiz_signalwire):
    response = connect_signalwire(client, ortiz, mode="forwarded")
    assert response.url == f"/b/{ortiz.id}/start/test"
    asked = [r.path for r in ortiz_signalwire.requests]
    assert asked == [f"/api/laml/2010-04-01/Accounts/{ORTIZ_PROJECT}.json",
                     f"/api/laml/2010-04-01/Accounts/{ORTIZ_PROJECT}/IncomingPhoneNumbers.json?PhoneNumber=%2B17735550142"]
    number = ortiz.numbers.get()
    assert (number.provider, number.mode, number.space_url) == ("signalwire", "forwarded", "https://ortiz.signalwire.com")
    assert (number.account_sid, number.auth_token, number.signing_key) == (ORTIZ_PROJECT, ORTIZ_API_TOKEN, ORTIZ_SIGNING_KEY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT auth_token, signing_key FROM core_phonenumber WHERE id = %s", [number.id])
        stored = cursor.fetchone()
    assert ORTIZ_API_TOKEN not in stored[0] and ORTIZ_SIGNING_KEY not in stored[1]
    page = client.get(response.url).content.decode()
    assert "https://textback.example.com/signalwire/voice" in page and ORTIZ_SIGNING_KEY not in page


def test_connecting_a_signalwire_number_needs_its_signing_key(client, ortiz, ortiz_signalwire):
    response = connect_signalwire(client, ortiz, signing_key="")
    assert "Give the space, project ID, API token and signing key" in response.content.decode()
    assert not ortiz.numbers.exists() and not ortiz_signalwire.requests


def test_connecting_a_signalwire_number_refuses_a_number_the_project_does_not_own(client, ortiz, ortiz_signalwire):
    response = connect_signalwire(client, ortiz, number="(773) 555-0144")
    assert "That number is not in this SignalWire project" in response.content.decode()
    assert not ortiz.numbers.exists()
