"""Issue 13, the contractor's day on a phone: what needs the owner first, search, the thread's
facts and one clean address, one label per value, errors that say what was wrong, the export."""

from datetime import timedelta

from tests.world import JEN
from textback.core import clock
from textback.core.models import Contact, Conversation, Message
from textback.dashboard.labels import place

ROSA, DAVE, MIKE = "+13125550111", "+13125550112", "+13125550113"


def conversation(business, number, *, name="", texts=(), minutes_ago=0, **lead):
    contact, _ = Contact.objects.get_or_create(business=business, number=number, defaults={"name": name})
    at = clock.now() - timedelta(minutes=minutes_ago)
    made = Conversation.objects.create(business=business, contact=contact, phone_number=business.numbers.first(),
                                       lead=lead, started_at=at, last_message_at=at)
    for body in texts:
        Message.objects.create(business=business, conversation=made, direction=Message.IN, kind=Message.LEAD,
                               provider="simulator", from_number=number, to_number="+13125550100", body=body,
                               status=Message.RECEIVED, created_at=at)
    return made


def names(signed_in, url):
    return [r["name"] for r in signed_in.get(url).json()["conversations"]]


def test_the_inbox_puts_unhandled_emergencies_then_new_qualified_leads_on_top(signed_in, reyes, number, jen):
    conversation(reyes, ROSA, name="Rosa", minutes_ago=50, urgency="emergency", status="partial")
    conversation(reyes, DAVE, name="Dave", minutes_ago=40, status="qualified", urgency="soon")
    booked = conversation(reyes, MIKE, name="Mike", minutes_ago=30, urgency="emergency", status="qualified")
    booked.outcome = Conversation.BOOKED
    booked.save()
    url = f"/b/{reyes.id}/inbox.json"
    assert names(signed_in, url) == ["Rosa", "Dave", "(312) 555-0101", "Mike"]
    rows = signed_in.get(url).json()["conversations"]
    assert [r["priority"] for r in rows] == ["Emergency: needs you", "New lead: needs you", "", ""]
    page = signed_in.get(f"/b/{reyes.id}/").content.decode()
    assert page.index("Rosa") < page.index("Dave") < page.index("Mike") and "Emergency: needs you" in page
    # The owner answered Rosa: handled, she sinks to her place by time.
    Conversation.objects.filter(contact__number=ROSA).update(owner_took_over_at=clock.now())
    assert names(signed_in, url) == ["Dave", "(312) 555-0101", "Mike", "Rosa"]


def test_needs_me_leaves_out_booked_lost_spam_handled_and_wrong_numbers(signed_in, reyes, number, jen):
    conversation(reyes, ROSA, name="Rosa", urgency="emergency")
    for phone_number, outcome in ((DAVE, "lost"), (MIKE, "spam")):
        made = conversation(reyes, phone_number, name=outcome, status="qualified")
        made.outcome = outcome
        made.save()
    conversation(reyes, "+13125550114", name="Solly", status="solicitor")
    conversation(reyes, "+13125550115", name="Hank").__class__.objects.filter(
        contact__number="+13125550115").update(owner_took_over_at=clock.now())
    assert names(signed_in, f"/b/{reyes.id}/inbox.json?show=needs_me") == ["Rosa", "(312) 555-0101"]
    page = signed_in.get(f"/b/{reyes.id}/?show=needs_me").content.decode()
    assert 'aria-current="page">Needs me</a>' in page and "Solly" not in page


def test_search_finds_a_conversation_by_name_number_address_or_words(signed_in, reyes, number, jen):
    conversation(reyes, ROSA, name="Rosa Martínez", texts=["The water heater is leaking"], address="88 N Clark St")
    conversation(reyes, DAVE, name="Dave", texts=["Toilet runs all night"], address="1423 W Addison St", city="Chicago")
    url = f"/b/{reyes.id}/inbox.json?q="
    assert names(signed_in, url + "rosa") == ["Rosa Martínez"]
    assert names(signed_in, url + "(312) 555-0112") == ["Dave"]
    assert names(signed_in, url + "555-0112") == ["Dave"]
    assert names(signed_in, url + "addison") == ["Dave"]
    assert names(signed_in, url + "WATER HEATER") == ["Rosa Martínez"]
    assert names(signed_in, url + "%25") == [] and names(signed_in, url + "_") == []  # no LIKE wildcards
    page = signed_in.get(f"/b/{reyes.id}/?q=heater").content.decode()
    assert "Rosa Martínez" in page and "Dave" not in page and 'value="heater"' in page
    page = signed_in.get(f"/b/{reyes.id}/?q=nothing-like-it").content.decode()
    assert "No conversation matches “nothing-like-it”" in page
    leads = signed_in.get(f"/b/{reyes.id}/leads/?q=toilet").content.decode()
    assert "Dave" in leads and "Rosa" not in leads
    Conversation.objects.filter(contact__number=DAVE).update(outcome=Conversation.LOST)
    assert names(signed_in, f"/b/{reyes.id}/inbox.json?show=needs_me&q=toilet") == []
    assert names(signed_in, f"/b/{reyes.id}/inbox.json?q=555-011") == ["Dave", "Rosa Martínez"]  # the inbox order


def test_the_thread_shows_facts_one_clean_address_with_a_map_and_the_owners_reply_once(signed_in, reyes, number, jen):
    jen.lead = {**jen.lead, "need": "kitchen sink clogged", "address": "1423 W Addison St, Chicago",
                "city": "Chicago", "postal_code": "60613", "status": "qualified"}
    jen.save()
    Message.objects.create(business=reyes, conversation=jen, direction=Message.OUT,
                           kind=Message.NOTIFICATION, provider="simulator", from_number=number.number,
                           to_number=reyes.owner_cell, body="New lead: Jen. Reply #1 + your text to answer them",
                           status=Message.SENT)
    for direction, body in ((Message.IN, "#1 On my way, 20 min"), (Message.OUT, "On my way, 20 min")):
        Message.objects.create(business=reyes, conversation=jen, direction=direction, kind=Message.OWNER,
                               provider="simulator", from_number=reyes.owner_cell, to_number=JEN, body=body,
                               status=Message.RECEIVED if direction == Message.IN else Message.SENT)
    html = signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()
    lead_card = html[html.index('id="lead"'):html.index('class="convo"')]
    assert "1423 W Addison St, Chicago 60613" in lead_card and "Chicago, Chicago" not in html
    assert "Reply #1" not in lead_card  # the facts, not the owner's SMS
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=1423%20W%20Addison%20St%2C%20Chicago%2060613"' in html
    assert f'href="tel:{JEN}"' in html and f'href="sms:{JEN}"' in html
    assert html.count("On my way, 20 min") == 1
    leads = signed_in.get(f"/b/{reyes.id}/leads/").content.decode()
    assert "1423 W Addison St, Chicago 60613" in leads


def test_a_place_never_says_the_city_twice():
    assert place({"address": "1423 W Addison St, Chicago", "city": "Chicago", "postal_code": "60613"}) == \
        "1423 W Addison St, Chicago 60613"
    assert place({"address": "1423 W Addison St", "city": "Chicago", "postal_code": "60613"}) == \
        "1423 W Addison St, Chicago 60613"
    assert place({"address": "12 Chicago Ave", "city": "Chicago"}) == "12 Chicago Ave, Chicago"
    assert place({"city": "Evanston"}) == "Evanston" and place({}) == ""


def test_every_status_has_one_label_from_one_place(signed_in, reyes, number, jen):
    jen.lead = {**jen.lead, "status": "opted_out"}
    jen.save()
    leads = signed_in.get(f"/b/{reyes.id}/leads/").content.decode()
    for raw in ("Existing_customer", "Wrong_number", "Opted_out", ">existing_customer<", ">opted_out<"):
        assert raw not in leads
    assert ">Existing customer</option>" in leads and ">Opted out</span>" in leads
    inbox = signed_in.get(f"/b/{reyes.id}/inbox.json").json()["conversations"][0]
    assert inbox["status_label"] == "Opted out"
    thread = signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()
    assert ">Opted out</span>" in thread and ">Booked</button>" in thread


def test_the_leads_filter_says_what_was_wrong_with_its_dates(signed_in, reyes, jen):
    base = f"/b/{reyes.id}/leads/"
    page = signed_in.get(base + "?since=2026-13-45").content.decode()
    assert "“From” is not a day: &#x27;2026-13-45&#x27;. Use a date like 2026-11-24" in page
    assert "(312) 555-0101" in page  # the bad bound is left out, the rest still filters
    page = signed_in.get(base + "?since=2026-11-30&until=2026-11-01").content.decode()
    assert "“From” (2026-11-30) is after “To” (2026-11-01)" in page


def test_the_csv_has_a_byte_order_mark_an_empty_name_when_none_is_known_and_the_clean_address(signed_in, reyes, jen):
    jen.lead = {**jen.lead, "address": "1423 W Addison St, Chicago", "city": "Chicago", "postal_code": "60613"}
    jen.save()
    conversation(reyes, ROSA, name="Rosa Martínez")
    body = b"".join(signed_in.get(f"/b/{reyes.id}/leads.csv").streaming_content)
    assert body.startswith(b"\xef\xbb\xbfstarted,name,phone")
    text = body.decode("utf-8-sig")
    assert "Rosa Martínez" in text
    jen_line = next(line for line in text.splitlines() if JEN in line)
    assert jen_line.split(",")[1] == "" and '"1423 W Addison St, Chicago 60613"' in jen_line


def test_an_unknown_page_says_so_and_leads_back(signed_in, reyes):
    response = signed_in.get(f"/b/{reyes.id}/c/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist" in html and 'href="/"' in html and "Back to your inbox" in html


def test_the_empty_demo_inbox_points_to_the_simulator(signed_in, reyes, number):
    html = signed_in.get(f"/b/{reyes.id}/").content.decode()
    assert "Call your number to see it work" in html and 'href="/simulator/?number=%2B1312' in html


def test_the_template_preview_says_why_a_link_is_left_out(signed_in, reyes):
    answer = signed_in.post(f"/b/{reyes.id}/settings/templates/preview",
                            {"field": "template_in_hours", "template": "Sorry we missed you! Book at https://reyes.example/book"}).json()
    assert "https://" not in answer["text"]
    assert answer["dropped"].startswith("Links are left out of first texts: carriers filter")
    plain = signed_in.post(f"/b/{reyes.id}/settings/templates/preview", {"template": "Sorry we missed you!"}).json()
    assert plain["dropped"] == ""


def test_charts_have_whole_even_ticks_and_say_when_they_are_empty(signed_in, reyes, tuesday_morning):
    from textback.dashboard.stats import nice_ticks

    assert nice_ticks(0) == [0, 1] and nice_ticks(1) == [0, 1] and nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(5) == [0, 2, 4, 6] and nice_ticks(17) == [0, 5, 10, 15, 20] and nice_ticks(180) == [0, 50, 100, 150, 200]
    html = signed_in.get(f"/b/{reyes.id}/stats/").content.decode()
    assert html.count("Nothing yet in these days.") == 4 and "<svg" not in html


def test_the_inbox_order_index_is_made_of_the_views_own_expression():
    import importlib

    from textback.dashboard.views import priority_sql

    migration = importlib.import_module("textback.dashboard.migrations.0004_inbox_order_index")
    assert priority_sql("postgresql", "core_conversation") == migration.PRIORITY


def test_postgresql_reads_the_inbox_and_search_off_their_indexes(reyes, number, jen):
    import pytest
    from django.db import connection

    from textback.dashboard.views import inbox_rows, matching

    if connection.vendor != "postgresql":
        pytest.skip("the indexes are PostgreSQL's")
    with connection.cursor() as cursor:  # a tiny table would rather be read whole: say only if it can
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    assert "dashboard_inbox_order" in inbox_rows(reyes)[:50].explain()
    # Django's icontains is exactly what the trigram indexes were made of:
    assert "dashboard_search_message_body" in Message.objects.filter(body__icontains="clogged").explain()
    assert "dashboard_search_contact_name" in Contact.objects.filter(name__icontains="jen").explain()
    assert "dashboard_search_contact_number" in Contact.objects.filter(number__icontains="5550101").explain()
    assert "dashboard_search_lead_address" in Conversation.objects.filter(lead__address__icontains="addison").explain()
    assert matching(reyes, reyes.conversations.all(), "clogged").get() == jen
