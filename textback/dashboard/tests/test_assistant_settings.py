"""The Assistant & alerts settings page: the assistant on or off and its questions, the follow-up, the facts it tells callers,
the owner's summaries, links in a first text, retention. (What they change in a conversation:
tests/test_conversations.py.)"""

from textback.dashboard.configure import AssistantForm

SAVED = {
    "assistant_enabled": "on", "assistant_asks_timeline": "on", "assistant_asks_name": "on",
    "follow_up_minutes": 120, "owner_summaries": "on", "quiet_summary_minutes": 30, "retention_days": "",
}


def url(business):
    return f"/b/{business.id}/settings/assistant"


def test_it_is_linked_from_the_settings_nav_and_explains_each_setting(signed_in, reyes):
    assert f'href="{url(reyes)}"' in signed_in.get(f"/b/{reyes.id}/settings/").content.decode()
    html = signed_in.get(url(reyes)).content.decode()
    assert 'aria-current="page">Assistant &amp; alerts</a>' in html
    for field in AssistantForm.Meta.fields:  # every input has its label
        assert f'<label for="id_{field}"' in html or f'<label class="check" for="id_{field}"' in html, field
    assert "What they need and where are always asked" in html
    assert "Urgent alerts (gas, flooding, no heat...) are always texted to you" in html
    assert "carriers often filter a first text that contains a link" in html
    assert "textback purge" in html and "once a day" in html and "keep everything" in html
    assert 'aria-describedby="id_follow_up_minutes_helptext"' in html and 'id="id_follow_up_minutes_helptext"' in html


def test_it_saves_each_setting(signed_in, reyes):
    response = signed_in.post(url(reyes), {
        "assistant_asks_name": "on", "follow_up_minutes": 0, "quiet_summary_minutes": 45,
        "allow_links_in_first_text": "on", "retention_days": 90,
    })
    assert response.status_code == 302 and response["Location"] == url(reyes)
    reyes.refresh_from_db()
    assert not reyes.assistant_enabled and not reyes.assistant_asks_timeline and reyes.assistant_asks_name
    assert not reyes.owner_summaries and reyes.allow_links_in_first_text
    assert (reyes.follow_up_minutes, reyes.quiet_summary_minutes, reyes.retention_days) == (0, 45, 90)
    assert "Saved." in signed_in.get(url(reyes)).content.decode()
    signed_in.post(url(reyes), SAVED | {"assistant_asks_name": "", "retention_days": 0})
    reyes.refresh_from_db()
    assert reyes.assistant_enabled and reyes.assistant_asks_timeline and not reyes.assistant_asks_name
    assert reyes.owner_summaries and not reyes.allow_links_in_first_text
    assert (reyes.follow_up_minutes, reyes.quiet_summary_minutes, reyes.retention_days) == (120, 30, 0)
    signed_in.post(url(reyes), SAVED)
    reyes.refresh_from_db()
    assert reyes.retention_days is None  # empty: the server's default


def test_it_refuses_out_of_range_values_with_clear_messages(signed_in, reyes):
    before = (reyes.follow_up_minutes, reyes.quiet_summary_minutes, reyes.retention_days)
    bad = signed_in.post(url(reyes), SAVED | {"follow_up_minutes": 3, "quiet_summary_minutes": 5000, "retention_days": 2})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "0 to turn it off, or between 10 and 2880 minutes (48 hours)." in html
    assert "0 to turn it off, or between 5 and 1440 minutes (24 hours)." in html
    assert "Empty for the server&#x27;s default, 0 to keep everything, or between 7 and 3650 days." in html
    assert 'aria-invalid="true"' in html
    negative = signed_in.post(url(reyes), SAVED | {"follow_up_minutes": -5, "quiet_summary_minutes": "soon"})
    assert negative.status_code == 200 and b"errorlist" in negative.content
    reyes.refresh_from_db()
    assert (reyes.follow_up_minutes, reyes.quiet_summary_minutes, reyes.retention_days) == before


def test_the_business_page_no_longer_touches_the_assistant(signed_in, reyes):
    reyes.assistant_enabled = False
    reyes.save()
    signed_in.post(f"/b/{reyes.id}/settings/", {
        "name": "Reyes Plumbing", "owner_cell": "+13125550199", "ring_seconds": 20, "cooldown_hours": 24,
    })
    reyes.refresh_from_db()
    assert not reyes.assistant_enabled


def test_facts_the_owner_fills_are_what_the_assistant_tells_a_caller_who_asks(signed_in, reyes, number, tuesday_morning):
    from tests.world import JEN
    from textback.core import jobs
    from textback.core.models import Message
    from textback.simulator import phone

    signed_in.post(url(reyes), SAVED | {"licensed_insured": "true", "free_estimates": "false", "service_fee": "$89",
                                        "service_area": "Chicago and Evanston"})
    reyes.refresh_from_db()
    assert (reyes.licensed_insured, reyes.free_estimates, reyes.service_fee) == (True, False, "$89")
    phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    phone.text(number, JEN, "are you guys licensed and insured? my sink is leaking")
    jobs.run_ready()
    reply = Message.objects.filter(kind=Message.ASSISTANT).last().body
    assert "licensed and insured" in reply and "Carlos will go over" not in reply


def test_facts_left_unset_are_left_to_the_owner(signed_in, reyes):
    html = signed_in.get(url(reyes)).content.decode()
    assert "Don&#x27;t say: I&#x27;ll tell them myself" in html or "Don't say: I'll tell them myself" in html
    assert reyes.licensed_insured is None and reyes.service_fee == ""


def test_the_owners_answers_are_saved_and_a_line_without_its_question_mark_is_refused(signed_in, reyes):
    good = "Do you offer financing? Yes, through GreenSky.\nHow much is a drain cleaning? It starts at $149."
    assert signed_in.post(url(reyes), SAVED | {"faq": good}).status_code == 302
    reyes.refresh_from_db()
    assert reyes.faq == good
    bad = signed_in.post(url(reyes), SAVED | {"faq": good + "\nDo you do gas lines yes we do"})
    assert bad.status_code == 200 and "Line 3: write the question with its" in bad.content.decode()
    reyes.refresh_from_db()
    assert reyes.faq == good
