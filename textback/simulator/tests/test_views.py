"""The /simulator page and its endpoints, driven like the page's own forms and script do."""

import pytest
from django.urls import reverse

from tests.world import JEN, REYES_NUMBER
from textback.core import calls, hours, jobs
from textback.core.models import Business, Call, Conversation, Message, PhoneNumber
from textback.simulator import views

SIM_NUMBER = "+13125550177"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def sim(db):
    """Lopez Roofing, on the simulator provider, ringing Ana's cell first."""
    business = Business.objects.create(
        name="Lopez Roofing", trade="roofing", owner_name="Ana", owner_cell="+13125550188",
        timezone="America/Chicago", hours=hours.parse("mon-fri 07:00-18:00; sat 08:00-12:00"),
    )
    return PhoneNumber.objects.create(business=business, number=SIM_NUMBER, provider="simulator")


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


def thread(client, me=JEN, number=SIM_NUMBER):
    response = client.get(reverse("simulator-thread"), {"number": number, "me": me})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()


def post(client, name, **data):
    data = {"number": SIM_NUMBER, "me": JEN, **data}
    return client.post(reverse(name), data, **JSON)


def call_and(client, step, me=JEN):
    state = post(client, "simulator-call", me=me).json()
    assert state["callbar"] == "ringing"
    return post(client, "simulator-call-step", me=me, call=state["call"], step=step).json()


def test_the_page_renders_a_phone_for_the_simulator_number(client, sim):
    response = client.get(reverse("simulator"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lopez Roofing" in html and "(312) 555-0177" in html
    assert 'value="+13125550142"' in html  # the default caller, ready to call
    for button in ("Call Lopez Roofing", "Owner answers", "Let it ring out", "Owner's voicemail picks up", "Hang up"):
        assert button in html
    assert "csrfmiddlewaretoken" in html
    assert "/static/simulator/simulator.css" in html and "/static/simulator/simulator.js" in html
    assert "http://" not in html and "https://" not in html  # nothing fetched from the internet


def test_a_call_that_rings_out_is_texted_back_through_the_worker(client, sim, tuesday_morning):
    state = call_and(client, "ring_out")
    assert state["callbar"] == "idle"
    [call] = [item for item in state["items"] if item["type"] == "call"]
    assert call["summary"] == f"Missed: {calls.NO_ANSWER}. Texted back."
    queued = [item for item in state["items"] if item["type"] == "message"]
    assert [m["status"] for m in queued] == ["Queued"]  # the worker has not run yet

    assert jobs.run_ready() == 1

    state = thread(client)
    [text] = [item for item in state["items"] if item["type"] == "message"]
    assert text["side"] == "them" and text["label"] == "Automatic text-back"
    assert "Lopez Roofing" in text["body"] and "STOP" in text["body"]
    # The phone showed it: the simulated carrier's delivery receipt.
    assert text["status"] == "Delivered"
    message = Message.objects.get(kind=Message.TEXTBACK)
    assert message.status == Message.DELIVERED and message.provider == "simulator" and message.to_number == JEN
    assert Call.objects.get().ended_at is not None


def test_the_page_itself_shows_the_text_back_without_javascript(client, sim, tuesday_morning):
    response = client.post(reverse("simulator-call"), {"number": SIM_NUMBER, "me": JEN})
    assert response.status_code == 303
    call = Call.objects.get()
    response = client.post(reverse("simulator-call-step"), {"number": SIM_NUMBER, "me": JEN, "call": call.id, "step": "ring_out"})
    assert response.status_code == 303
    jobs.run_ready()
    html = client.get(response["Location"]).content.decode()
    assert "Missed: no answer." in html and "Texted back." in html
    assert "sorry we missed your call at Lopez Roofing" in html


def calls_in(state):
    return [item for item in state["items"] if item["type"] == "call"]


def test_a_second_call_joins_the_conversation_and_says_so(client, sim, tuesday_morning):
    call_and(client, "ring_out")
    jobs.run_ready()
    state = call_and(client, "ring_out")
    assert calls_in(state)[-1]["summary"] == f"Missed: {calls.NO_ANSWER}. Not texted again: the caller is already in a conversation."
    assert calls_in(state)[-1]["tone"] == "joined"
    assert Message.objects.filter(kind=Message.TEXTBACK).count() == 1


def test_a_call_within_the_cooldown_is_not_texted_and_says_why(client, sim, tuesday_morning):
    call_and(client, "ring_out")
    jobs.run_ready()
    Conversation.objects.update(status=Conversation.CLOSED)
    state = call_and(client, "ring_out")
    summary = calls_in(state)[-1]["summary"]
    assert summary.startswith(f"Missed: {calls.NO_ANSWER}. Not texted: texted back ")
    assert summary.endswith(" ago (cooldown 24 h).")
    assert calls_in(state)[-1]["tone"] == "skipped"


def test_after_stop_a_call_is_not_texted(client, sim, tuesday_morning):
    post(client, "simulator-text", body="STOP")
    state = call_and(client, "ring_out")
    assert calls_in(state)[-1]["summary"] == f"Missed: {calls.NO_ANSWER}. Not texted: the caller opted out of texts."


def test_an_answered_call_gets_no_text_and_hangs_up(client, sim):
    state = call_and(client, "answer")
    assert state["callbar"] == "connected"
    assert calls_in(state)[-1]["summary"] == "Answered by Ana. No text-back: the call was answered."
    state = post(client, "simulator-call-step", call=state["call"], step="hang_up").json()
    assert state["callbar"] == "idle"
    assert jobs.run_ready() == 0
    call = Call.objects.get()
    assert call.outcome == Call.ANSWERED and call.status == "completed" and not Message.objects.exists()


def test_voicemail_and_hanging_up_while_it_rings_are_misses(client, sim):
    state = call_and(client, "voicemail")
    assert calls_in(state)[-1]["outcome"] == f"Missed: {calls.DECLINED}."
    state = call_and(client, "hang_up", me="+13125550143")
    assert calls_in(state)[-1]["summary"] == f"Missed: {calls.HUNG_UP}. Texted back."


def test_a_forwarded_number_is_missed_at_once(client, sim):
    sim.mode = PhoneNumber.FORWARDED
    sim.save()
    state = post(client, "simulator-call").json()
    assert state["callbar"] == "idle"
    assert calls_in(state)[-1]["summary"] == f"Missed: {calls.FORWARDED}. Texted back."


def test_texting_stores_an_incoming_message(csrf_client, sim):
    page = csrf_client.get(reverse("simulator"), {"number": SIM_NUMBER, "me": JEN})
    token = page.cookies["csrftoken"].value
    response = csrf_client.post(
        reverse("simulator-text"), {"number": SIM_NUMBER, "me": JEN, "body": "Kitchen sink is clogged", "csrfmiddlewaretoken": token},
        **JSON,
    )
    assert response.status_code == 200
    message = Message.objects.get()
    assert message.direction == Message.IN and message.kind == Message.LEAD and message.provider == "simulator"
    assert message.from_number == JEN and message.to_number == SIM_NUMBER and message.body == "Kitchen sink is clogged"
    [item] = [i for i in response.json()["items"] if i["type"] == "message"]
    assert item["side"] == "me" and item["body"] == "Kitchen sink is clogged" and item["status"] == "Delivered"


def test_posts_need_the_csrf_token(csrf_client, sim):
    response = csrf_client.post(reverse("simulator-text"), {"number": SIM_NUMBER, "me": JEN, "body": "hi"})
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_markup_in_a_message_comes_back_escaped(client, sim):
    post(client, "simulator-text", body="<script>alert(1)</script>")
    html = client.get(reverse("simulator"), {"number": SIM_NUMBER, "me": JEN}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The JSON carries the text as text; the page's script only ever sets it as textContent.
    assert thread(client)["items"][-1]["body"] == "<script>alert(1)</script>"


def test_stop_is_taken_as_an_opt_out(client, sim):
    state = post(client, "simulator-text", body="STOP").json()
    assert state["items"][-1]["status"] == "Delivered · taken as opt-out"
    assert {"label": "Status", "value": "opted out"} in state["lead"]


def test_non_simulator_numbers_are_not_offered_or_touched(client, sim, reyes_number):
    html = client.get(reverse("simulator")).content.decode()
    assert SIM_NUMBER in html and REYES_NUMBER not in html and "Reyes Plumbing" not in html
    html = client.get(reverse("simulator"), {"number": REYES_NUMBER}).content.decode()
    assert REYES_NUMBER not in html  # falls back to a simulator number
    assert post(client, "simulator-call", number=REYES_NUMBER).status_code == 404
    assert post(client, "simulator-text", number=REYES_NUMBER, body="hi").status_code == 404
    assert client.get(reverse("simulator-thread"), {"number": REYES_NUMBER, "me": JEN}).status_code == 404
    assert not Call.objects.exists() and not Message.objects.exists()


def test_a_call_step_only_reaches_the_callers_own_call(client, sim):
    state = post(client, "simulator-call").json()
    response = post(client, "simulator-call-step", me="+13125550143", call=state["call"], step="ring_out")
    assert response.status_code == 400
    assert Call.objects.get().outcome == Call.PENDING


def test_a_bad_caller_number_is_explained(client, sim):
    response = post(client, "simulator-call", me="not a number")
    assert response.status_code == 400 and "Type your own number" in response.json()["error"]
    response = client.get(reverse("simulator"), {"me": "12"})
    assert response.status_code == 400 and "Type your own number" in response.content.decode()
    assert not Call.objects.exists()


def test_an_empty_text_is_refused(client, sim):
    response = post(client, "simulator-text", body="   ")
    assert response.status_code == 400 and response.json()["error"] == "Type a message first."


def test_numbers_in_urls_survive_a_bare_plus(client, sim):
    # "?me=+13125550101" typed by hand arrives as " 13125550101".
    assert thread(client, me=" 13125550101", number=" 13125550177")["me"] == JEN


def test_it_is_off_without_debug_or_a_simulator_number(client, db, reyes_number, settings):
    settings.DEBUG = False
    assert client.get(reverse("simulator")).status_code == 404
    assert client.get(reverse("simulator-thread"), {"number": REYES_NUMBER, "me": JEN}).status_code == 404
    assert client.post(reverse("simulator-call"), {"number": REYES_NUMBER, "me": JEN}).status_code == 404


def test_with_debug_and_no_simulator_number_it_says_how_to_make_one(client, db, settings):
    settings.DEBUG = True
    response = client.get(reverse("simulator"))
    assert response.status_code == 200
    assert "--provider simulator" in response.content.decode()
    assert views.available()


def test_as_the_owner_you_can_answer_a_lead_by_hand(client, sim, tuesday_morning):
    call_and(client, "ring_out")
    jobs.run_ready()
    owner = sim.business.owner_cell
    html = client.get(reverse("simulator"), {"number": SIM_NUMBER, "me": owner}).content.decode()
    assert "Ana's phone" in html
    conversation = Conversation.objects.get()
    post(client, "simulator-text", me=owner, body=f"#{conversation.id} On my way, 20 min")
    jobs.run_ready()
    relayed = thread(client)["items"][-1]
    assert relayed["side"] == "them" and relayed["label"] == "Ana (owner)" and "On my way, 20 min" in relayed["body"]
