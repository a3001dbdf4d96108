"""Tenant isolation: Carlos (Reyes Plumbing) tries every page, endpoint, form and export with
Bright Roofing's ids. He gets 404s, sees none of Ana's data, and changes nothing."""

import pytest
from django.urls import get_resolver, reverse

from textback.core.models import Call, Contact, Conversation, Message, PhoneNumber

BUSINESS_ONLY = [
    "inbox", "inbox_json", "leads", "leads_csv", "calls", "stats", "settings", "settings_assistant", "settings_hours",
    "settings_templates", "template_preview", "settings_contacts", "contacts_import", "settings_numbers",
    "start_number", "start_test", "start_check",
]
WITH_CONVERSATION = ["thread", "thread_json", "reply", "hand_back", "outcome", "block"]
WITH_CALL = ["voicemail"]


def test_every_business_url_of_the_dashboard_is_covered_here():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "dashboard" for p in p.url_patterns}
    scoped = {name for name in names if name and name not in (
        "home", "sign_in", "sign_out", "password_reset", "password_reset_done", "password_reset_confirm",
        "password_reset_complete", "sign_up", "sign_up_sent", "sign_up_confirm", "start")}
    assert scoped == set(BUSINESS_ONLY) | set(WITH_CONVERSATION) | set(WITH_CALL)


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", BUSINESS_ONLY)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_hides_another_business_pages(signed_in, reyes, bright, ana, name, method):
    url = reverse(f"dashboard:{name}", args=[bright.id])
    for action in ("save", "simulator", "twilio"):
        response = getattr(signed_in, method)(url, {"name": "Hacked", "template": "x", "number": "+13125550999",
                                                    "action": action, "mode": "forwarded", "owner_cell": "+13125550100"})
        assert response.status_code in (404, 405)  # 405: a POST-only endpoint, refused before any lookup
        assert b"Ana" not in body_of(response) and b"Bright" not in body_of(response)
    bright.refresh_from_db()
    assert bright.name == "Bright Roofing"
    assert not Contact.objects.filter(business=bright, number="+13125550999").exists()
    assert PhoneNumber.objects.get(business=bright).mode == PhoneNumber.RING  # and still its only number


@pytest.mark.parametrize("name", WITH_CALL)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_hides_another_business_calls(signed_in, reyes, bright, ana, name, method):
    """Ana's call (with a recording) under his own business id and under hers: 404 both ways."""
    call = ana.calls.get()
    Call.objects.filter(id=call.id).update(recording_url="https://api.twilio.com/2010-04-01/Accounts/AC" + "a1" * 16
                                           + "/Recordings/RE" + "e5" * 16, provider="twilio")
    for business_id in (reyes.id, bright.id):
        response = getattr(signed_in, method)(reverse(f"dashboard:{name}", args=[business_id, call.id]))
        assert response.status_code == 404
        assert not getattr(response, "streaming", False)


@pytest.mark.parametrize("name", WITH_CONVERSATION)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_hides_another_business_conversations(signed_in, reyes, bright, ana, name, method):
    """Under his own business id with her conversation id, and under hers: 404 both ways."""
    before = Message.objects.filter(conversation=ana).count()
    for business_id in (reyes.id, bright.id):
        url = reverse(f"dashboard:{name}", args=[business_id, ana.id])
        response = getattr(signed_in, method)(url, {"body": "hello from Carlos", "outcome": "spam"})
        assert response.status_code in (404, 405)
        assert b"script" not in body_of(response)
    ana.refresh_from_db()
    assert ana.outcome == "" and ana.owner_took_over_at is None and ana.read_at is None
    assert not ana.contact.blocked
    assert Message.objects.filter(conversation=ana).count() == before


def test_it_hides_another_business_conversations_in_lists_and_exports(signed_in, reyes, jen, ana):
    for url in (f"/b/{reyes.id}/", f"/b/{reyes.id}/inbox.json", f"/b/{reyes.id}/leads/", f"/b/{reyes.id}/leads.csv",
                f"/b/{reyes.id}/calls/", f"/b/{reyes.id}/stats/", f"/b/{reyes.id}/settings/contacts"):
        response = signed_in.get(url)
        assert response.status_code == 200
        body = body_of(response)
        assert b"555-0301" not in body and b"+13125550301" not in body and b"alert(" not in body, url  # Ana's <script>alert(...)


def test_it_does_not_unblock_another_business_contact_through_a_forged_form(signed_in, reyes, ana):
    Contact.objects.filter(id=ana.contact_id).update(blocked=True)
    signed_in.post(f"/b/{reyes.id}/settings/contacts", {"action": "unblock", "contact": ana.contact_id})
    assert Contact.objects.get(id=ana.contact_id).blocked


def test_it_does_not_change_another_business_number_through_a_forged_form(signed_in, reyes, bright):
    theirs = bright.numbers.get()
    response = signed_in.post(f"/b/{reyes.id}/settings/numbers", {"number": theirs.id, "mode": "forwarded"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.mode == PhoneNumber.RING


def test_it_lets_each_owner_see_only_their_own_inbox(client, reyes, bright, dana, jen, ana):
    client.force_login(dana)
    assert client.get(f"/b/{reyes.id}/").status_code == 404
    rows = client.get(f"/b/{bright.id}/inbox.json").json()["conversations"]
    assert [r["id"] for r in rows] == [ana.id]
    assert Conversation.objects.count() == 2
