"""The inbox, a conversation's thread, replying (taking over) and the quick actions."""

from tests.world import JEN
from textback.core import jobs, outbox
from textback.core.models import Contact, Conversation, Message
from textback.dashboard.tests.conftest import EVIL
from textback.simulator import phone

MARIA = "+13125550102"


def test_it_lists_conversations_newest_first_with_unread_markers(signed_in, reyes, number, jen, later):
    later(minutes=5)
    call = phone.call(number, MARIA)
    phone.ring_out(call)
    jobs.run_ready()
    rows = signed_in.get(f"/b/{reyes.id}/inbox.json").json()["conversations"]
    assert [r["number"] for r in rows] == ["(312) 555-0102", "(312) 555-0101"]
    assert all(r["unread"] for r in rows)
    signed_in.get(f"/b/{reyes.id}/c/{jen.id}/")
    rows = signed_in.get(f"/b/{reyes.id}/inbox.json").json()["conversations"]
    assert [r["unread"] for r in rows] == [True, False]
    page = signed_in.get(f"/b/{reyes.id}/").content.decode()
    assert page.count('class="conv unread"') == 1 and "Unread: " in page


def test_it_marks_a_conversation_unread_again_when_the_caller_texts(signed_in, reyes, number, jen, later):
    signed_in.get(f"/b/{reyes.id}/c/{jen.id}/")
    later(minutes=2)
    phone.text(number, JEN, "Also the dishwasher")
    [row] = signed_in.get(f"/b/{reyes.id}/inbox.json").json()["conversations"]
    assert row["unread"] and "dishwasher" in row["preview"]


def test_it_shows_the_lead_card_and_the_whole_transcript_with_delivery_status(signed_in, reyes, jen):
    jen.lead = {**jen.lead, "need": "kitchen sink clogged", "urgency": "soon", "status": "qualified", "score": "hot",
                "city": "Chicago"}
    jen.save()
    html = signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()
    assert "kitchen sink clogged" in html and "Chicago" in html
    assert 'badge soon">Soon' in html and 'badge qualified">Qualified' in html and 'badge hot">Hot' in html
    assert "My kitchen sink is clogged" in html  # the caller's own text
    assert "Text-back ·" in html and ">sent</span>" in html
    assert 'href="tel:+13125550101"' in html


def test_it_shows_why_a_message_failed(signed_in, reyes, jen):
    Message.objects.filter(conversation=jen, kind=Message.TEXTBACK).update(status=Message.FAILED, error="Carrier said no")
    html = signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()
    assert 'class="failed">failed: Carrier said no' in html


def test_it_sends_the_owner_reply_and_takes_over_from_the_assistant(signed_in, reyes, number, jen, later):
    response = signed_in.post(f"/b/{reyes.id}/c/{jen.id}/reply", {"body": "Carlos here – I can come at 3"})
    assert response.status_code == 302
    jen.refresh_from_db()
    assert jen.owner_took_over_at is not None
    sent = Message.objects.get(conversation=jen, kind=Message.OWNER)
    assert sent.body == "Carlos here - I can come at 3" and sent.to_number == JEN and sent.from_number == number.number
    jobs.run_ready()
    sent.refresh_from_db()
    assert sent.status == Message.SENT
    assistant_before = Message.objects.filter(conversation=jen, kind=Message.ASSISTANT).count()
    later(minutes=1)
    phone.text(number, JEN, "3 works, 1418 W Addison")
    jobs.run_ready()
    assert Message.objects.filter(conversation=jen, kind=Message.ASSISTANT).count() == assistant_before
    assert "You have taken over" in signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()


def test_it_hands_a_conversation_back_to_the_assistant(signed_in, reyes, jen):
    signed_in.post(f"/b/{reyes.id}/c/{jen.id}/reply", {"body": "on my way"})
    signed_in.post(f"/b/{reyes.id}/c/{jen.id}/hand-back")
    jen.refresh_from_db()
    assert jen.owner_took_over_at is None


def test_it_refuses_an_empty_reply(signed_in, reyes, jen):
    signed_in.post(f"/b/{reyes.id}/c/{jen.id}/reply", {"body": "   "})
    assert not Message.objects.filter(kind=Message.OWNER).exists()


def test_it_shows_why_an_opted_out_number_cannot_be_texted_and_offers_no_box(signed_in, reyes, number, jen):
    phone.text(number, JEN, "STOP")
    html = signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()
    assert "opted out of texts" in html and "keyword &#x27;STOP&#x27;" in html
    assert 'name="body"' not in html
    signed_in.post(f"/b/{reyes.id}/c/{jen.id}/reply", {"body": "are you sure?"})
    assert not Message.objects.filter(kind=Message.OWNER).exists()


def test_it_marks_a_lead_booked_lost_or_spam_and_open_again(signed_in, reyes, jen):
    for outcome in ("booked", "lost", "spam", ""):
        signed_in.post(f"/b/{reyes.id}/c/{jen.id}/outcome", {"outcome": outcome})
        jen.refresh_from_db()
        assert jen.outcome == outcome
    assert signed_in.post(f"/b/{reyes.id}/c/{jen.id}/outcome", {"outcome": "won"}).status_code == 404


def test_it_blocks_a_number_so_it_gets_no_more_texts(signed_in, reyes, number, jen, later):
    signed_in.post(f"/b/{reyes.id}/c/{jen.id}/block")
    assert Contact.objects.get(number=JEN).blocked
    html = signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()
    assert "You blocked this number" in html and "Unblock number" in html
    later(hours=30)
    call = phone.call(number, JEN)
    phone.ring_out(call)
    call.refresh_from_db()
    assert call.textback_reason == "number blocked"
    signed_in.post(f"/b/{reyes.id}/c/{jen.id}/block", {"blocked": "0"})
    assert not Contact.objects.get(number=JEN).blocked


def test_it_escapes_a_caller_markup_everywhere(client, dana, bright, ana):
    client.force_login(dana)
    for url in (f"/b/{bright.id}/", f"/b/{bright.id}/c/{ana.id}/", f"/b/{bright.id}/leads/", f"/b/{bright.id}/calls/",
                f"/b/{bright.id}/settings/contacts"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b>bold</b>" not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, url


def test_it_hands_markup_to_the_live_updates_as_plain_json(client, dana, bright, ana):
    client.force_login(dana)
    [row] = client.get(f"/b/{bright.id}/inbox.json").json()["conversations"]
    assert row["name"] == EVIL  # the page's script puts it in with textContent
    response = client.get(f"/b/{bright.id}/c/{ana.id}.json")
    assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
    assert EVIL in [m["body"] for m in response.json()["messages"]]


def test_it_never_marks_caller_text_safe_in_templates():
    from pathlib import Path

    for template in Path(__file__).parents[1].glob("templates/**/*.html"):
        text = template.read_text()
        assert "|safe" not in text and "autoescape off" not in text, template.name
    script = (Path(__file__).parents[1] / "static/dashboard/dashboard.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_it_pages_the_inbox_with_a_fixed_number_of_queries(signed_in, reyes, number, jen, django_assert_max_num_queries):
    for i in range(30):
        outbox.record_opt_in(reyes, f"+1312555{1000 + i}", "test")
        Conversation.objects.create(business=reyes, contact=Contact.objects.get(number=f"+1312555{1000 + i}"))
    with django_assert_max_num_queries(9):  # 8, and one COUNT for the nav's unread count
        assert signed_in.get(f"/b/{reyes.id}/").status_code == 200


def test_the_nav_counts_unread_conversations_in_one_query_and_the_inbox_json_follows(
        signed_in, reyes, jen, later, django_assert_num_queries):
    from textback.dashboard.access import unread_count

    with django_assert_num_queries(1):
        assert unread_count(reyes) == 1
    page = signed_in.get(f"/b/{reyes.id}/leads/").content.decode()
    assert 'id="unread-count"><span class="sr">, </span>1<span class="sr"> unread</span>' in page
    assert signed_in.get(f"/b/{reyes.id}/inbox.json").json()["unread"] == 1
    signed_in.get(f"/b/{reyes.id}/c/{jen.id}/")  # read (by anyone with access: read state is shared)
    assert signed_in.get(f"/b/{reyes.id}/inbox.json").json() | {"conversations": []} == {
        "conversations": [], "page": 1, "unread": 0, "unread_label": "0"}
    assert 'id="unread-count" hidden>' in signed_in.get(f"/b/{reyes.id}/leads/").content.decode()
    later(minutes=5)
    phone.text(reyes.numbers.get(), JEN, "Also the faucet drips")
    assert unread_count(reyes) == 1


def test_the_nav_caps_the_unread_count(signed_in, reyes, number):
    from textback.dashboard.access import UNREAD_CAP, unread_count, unread_label

    for i in range(UNREAD_CAP + 5):
        outbox.record_opt_in(reyes, f"+1312555{1000 + i}", "test")
    contacts = Contact.objects.filter(business=reyes)
    Conversation.objects.bulk_create([Conversation(business=reyes, contact=c) for c in contacts])
    assert unread_count(reyes) == UNREAD_CAP and unread_label(UNREAD_CAP) == "99+"
