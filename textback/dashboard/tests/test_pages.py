"""Leads and their export, calls with the text-back decision, stats, and the settings pages."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.world import JEN
from textback.core import calls, jobs
from textback.core.models import Call, Contact, Conversation, Message, PhoneNumber
from textback.simulator import phone

MARIA = "+13125550102"


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def qualify(conversation, **lead):
    conversation.lead = {**conversation.lead, **lead}
    conversation.save()


def test_it_filters_leads_by_status_urgency_and_date(signed_in, reyes, number, jen, later):
    qualify(jen, status="qualified", urgency="emergency", need="burst pipe")
    later(days=2)
    phone.ring_out(phone.call(number, MARIA))
    jobs.run_ready()
    base = f"/b/{reyes.id}/leads/"
    assert "burst pipe" in signed_in.get(base + "?status=qualified").content.decode()
    assert "burst pipe" not in signed_in.get(base + "?status=partial").content.decode()
    assert "burst pipe" in signed_in.get(base + "?urgency=emergency").content.decode()
    assert "(312) 555-0102" not in signed_in.get(base + "?urgency=emergency").content.decode()
    assert "(312) 555-0102" in signed_in.get(base + "?since=2026-11-26").content.decode()
    assert "burst pipe" not in signed_in.get(base + "?since=2026-11-26").content.decode()
    assert "burst pipe" in signed_in.get(base + "?until=2026-11-24").content.decode()


def test_it_exports_the_filtered_leads_as_csv_safe_for_spreadsheets(signed_in, reyes, jen):
    qualify(jen, status="qualified", need="=HYPERLINK(\"http://evil\")", city="Chicago")
    response = signed_in.get(f"/b/{reyes.id}/leads.csv?status=qualified")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, row = csv_rows(response)
    lead = dict(zip(header, row))
    assert lead["phone"] == "'" + JEN and lead["address"] == "Chicago" and lead["status"] == "qualified"
    assert lead["need"].startswith("'=")  # not a formula
    assert lead["started"].startswith("2026-11-24T10:15")  # in the business's time zone
    assert len(csv_rows(signed_in.get(f"/b/{reyes.id}/leads.csv?outcome=spam"))) == 1


def test_it_escapes_every_cell_of_the_export_the_contacts_number_too(signed_in, reyes, jen):
    """A number that is a formula (stored before webhooks refused such a From) exports as text."""
    jen.contact.number = "=cmd|' /C calc'!A0"
    jen.contact.save()
    qualify(jen, name="-2+3", address="@SUM(A1)", city="\tx", timeline="\rx")
    [_, row] = csv_rows(signed_in.get(f"/b/{reyes.id}/leads.csv"))
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row), row
    assert "'=cmd|' /C calc'!A0" in row


def test_it_shows_every_call_with_why_it_was_or_was_not_texted(signed_in, reyes, number, jen, later):
    later(minutes=10)
    again = phone.call(number, JEN)
    phone.ring_out(again)
    withheld = phone.call(number, "anonymous")
    phone.ring_out(withheld)
    answered = phone.call(number, MARIA)
    phone.owner_answers(answered)
    html = signed_in.get(f"/b/{reyes.id}/calls/").content.decode()
    assert "Texted back in" in html
    assert "Joined an open conversation: the caller is already in a conversation" in html
    assert "Not texted: caller ID withheld" in html
    assert ">Answered</span>" in html
    assert "Missed, not texted" in html
    only = signed_in.get(f"/b/{reyes.id}/calls/?show=not_texted").content.decode()
    assert "caller ID withheld" in only and "Texted back in" not in only


def test_it_plays_the_voicemail_and_shows_its_transcript(signed_in, reyes, number, jen):
    call = Call.objects.get(conversation=jen)
    calls.voicemail(call.provider, call.provider_call_id, "https://api.twilio.com/rec/RE1.mp3", 12, "Hi it's <Jen>")
    html = signed_in.get(f"/b/{reyes.id}/calls/?show=voicemail").content.decode()
    # Through the dashboard, which fetches it with the account's credentials (test_voicemail.py).
    played = f'src="/b/{reyes.id}/calls/{call.id}/voicemail.mp3"'
    assert f'<audio controls preload="none" {played}' in html
    assert "Hi it&#x27;s &lt;Jen&gt;" in html
    assert played in signed_in.get(f"/b/{reyes.id}/c/{jen.id}/").content.decode()


def test_it_lists_calls_with_a_fixed_number_of_queries(signed_in, reyes, number, jen, later, django_assert_max_num_queries):
    for i in range(20):
        later(minutes=1)
        phone.ring_out(phone.call(number, f"+1312555{2000 + i}"))
    jobs.run_ready()
    signed_in.get(f"/b/{reyes.id}/calls/")  # the first visit also saves the session
    with django_assert_max_num_queries(8):  # 7, and one COUNT for the nav's unread count
        assert signed_in.get(f"/b/{reyes.id}/calls/").status_code == 200


def test_it_shows_the_proof_that_it_works_as_svg_charts(signed_in, reyes, number, jen):
    qualify(jen, status="qualified", after_hours=False)
    response = signed_in.get(f"/b/{reyes.id}/stats/?days=7")
    html = response.content.decode()
    assert html.count("<svg") == 4 and "<rect" in html
    assert "Missed calls per day" in html and "Time to text" in html
    kpis = response.context
    assert kpis["calls"]["missed"] == 1 and kpis["calls"]["texted"] == 1
    assert kpis["reply_rate"] == 100 and kpis["totals"]["qualified"] == 1 and kpis["recovered"] == 1
    assert kpis["timed"] == 1 and kpis["median"] is not None and kpis["median"] < 5


def test_it_saves_the_business_profile(signed_in, reyes):
    response = signed_in.post(f"/b/{reyes.id}/settings/", {
        "name": "Reyes Plumbing & Drain", "trade": "plumbing", "owner_name": "Carlos", "owner_cell": "(312) 555-0199",
        "ring_seconds": 25, "cooldown_hours": 24,
    })
    assert response.status_code == 302
    reyes.refresh_from_db()
    assert reyes.name == "Reyes Plumbing & Drain" and reyes.owner_cell == "+13125550199"
    assert reyes.assistant_enabled  # on its own page now (test_assistant_settings.py)
    bad = signed_in.post(f"/b/{reyes.id}/settings/", {"name": "x", "owner_cell": "12", "ring_seconds": 25, "cooldown_hours": 1})
    assert bad.status_code == 200 and b"not a" in bad.content


def test_the_profile_refuses_the_businesss_own_number_as_the_owners_cell(signed_in, reyes, number):
    response = signed_in.post(f"/b/{reyes.id}/settings/", {
        "name": "Reyes Plumbing", "owner_cell": number.number, "ring_seconds": 25, "cooldown_hours": 24,
    })
    assert response.status_code == 200 and "not a textback number" in response.content.decode()
    reyes.refresh_from_db()
    assert reyes.owner_cell == "+13125550199"


def weekdays(**periods):
    """The hours grid's form fields: every weekday open with these periods ({"": ..., "2": ...})."""
    form = {}
    for day in ("mon", "tue", "wed", "thu", "fri"):
        form[f"{day}_open"] = "on"
        for n, (start, end) in periods.items():
            form[f"{day}_from{n}"], form[f"{day}_to{n}"] = start, end
    return form


def test_it_saves_hours_with_several_periods_holidays_and_a_time_zone(signed_in, reyes):
    response = signed_in.post(f"/b/{reyes.id}/settings/hours", {
        "timezone": "America/Denver", "holidays": "2026-12-25\n2027-01-01",
        **weekdays(**{"": ("07:00", "12:00"), "2": ("13:00", "18:00")}),
        "sat_open": "", "sat_from": "08:00", "sat_to": "12:00",  # unticked: closed, the times ignored
    })
    assert response.status_code == 302
    reyes.refresh_from_db()
    assert reyes.timezone == "America/Denver" and reyes.holidays == ["2026-12-25", "2027-01-01"]
    assert reyes.hours["mon"] == [["07:00", "12:00"], ["13:00", "18:00"]] and "sat" not in reyes.hours
    page = signed_in.get(f"/b/{reyes.id}/settings/hours").content.decode()
    assert "mon-fri 07:00-12:00, 13:00-18:00" in page and 'name="mon_from2" value="13:00"' in page
    bad = signed_in.post(f"/b/{reyes.id}/settings/hours", {"timezone": "Mars/Base", "sun_open": "on"})
    assert b"is not a time zone" in bad.content and b"Sunday: give its hours, or untick it" in bad.content


def test_the_hours_grid_takes_midnight_overnight_and_all_day_and_refuses_half_a_range(signed_in, reyes):
    url = f"/b/{reyes.id}/settings/hours"
    signed_in.post(url, {"timezone": "America/Chicago", "fri_open": "on", "fri_from": "18:00", "fri_to": "00:00",
                         "sat_open": "on", "sat_from": "22:00", "sat_to": "02:00",
                         "sun_open": "on", "sun_from": "00:00", "sun_to": "00:00"})
    reyes.refresh_from_db()
    assert reyes.hours == {"fri": [["18:00", "24:00"]], "sat": [["22:00", "02:00"]], "sun": [["00:00", "24:00"]]}
    page = signed_in.get(url).content.decode()
    assert 'name="fri_to" value="00:00"' in page  # midnight shows as the time picker writes it
    bad = signed_in.post(url, {"timezone": "America/Chicago", "mon_open": "on", "mon_from": "08:00",
                               "tue_open": "on", "tue_from": "09:00", "tue_to": "09:00"})
    assert b"Monday: give the time it opens and the time it closes." in bad.content
    assert b"Tuesday: it opens and closes at the same time." in bad.content
    reyes.refresh_from_db()
    assert "mon" not in reyes.hours  # nothing saved


def test_the_hours_grid_says_when_a_day_has_more_ranges_than_it_shows(signed_in, reyes):
    reyes.hours = {"mon": [["06:00", "08:00"], ["10:00", "12:00"], ["14:00", "18:00"]]}
    reyes.save(update_fields=["hours"])
    page = signed_in.get(f"/b/{reyes.id}/settings/hours").content.decode()
    assert "Monday: set with more than two time ranges" in page


def test_it_previews_a_template_with_its_cost_and_warns_of_unicode(signed_in, reyes):
    url = f"/b/{reyes.id}/settings/templates/preview"
    plain = signed_in.post(url, {"field": "template_in_hours", "template": "Hi {caller_name}, {business} here!"}).json()
    assert plain["text"] == "Hi there, Reyes Plumbing here! Reply STOP to opt out."
    assert plain["segments"] == 1 and plain["encoding"] == "GSM-7" and plain["ucs2"] == []
    fancy = signed_in.post(url, {"template": "Sorry we missed you 🙏 – {owner}"}).json()
    assert fancy["encoding"] == "UCS-2" and fancy["ucs2"] == ["🙏"]  # the dash is cleaned, the emoji is not
    broken = signed_in.post(url, {"template": "Hi {name}"}).json()
    assert "placeholder" in broken["error"] and "{name}" in broken["error"]


def test_it_uses_a_changed_template_for_the_next_missed_call(signed_in, reyes, number, tuesday_morning):
    response = signed_in.post(f"/b/{reyes.id}/settings/templates", {
        "template_in_hours": "Carlos from {business} here, sorry I missed you. What's going on?",
        "template_after_hours": "",
    })
    assert response.status_code == 302
    phone.ring_out(phone.call(number, MARIA))
    jobs.run_ready()
    text = Message.objects.get(kind=Message.TEXTBACK)
    assert text.body.startswith("Carlos from Reyes Plumbing here, sorry I missed you.")
    bad = signed_in.post(f"/b/{reyes.id}/settings/templates", {"template_in_hours": "Hi {nme}", "template_after_hours": ""})
    assert b"placeholder" in bad.content and b"{nme}" in bad.content


def test_it_imports_known_contacts_and_blocked_numbers_from_csv(signed_in, reyes):
    upload = SimpleUploadedFile("contacts.csv", b"phone,name,blocked\n(312) 555-0102,Maria Lopez,\n+13125550177,,blocked\nnot a number,x\n")
    response = signed_in.post(f"/b/{reyes.id}/settings/contacts/import", {"file": upload}, follow=True)
    html = response.content.decode()
    assert "Imported 2 contacts" in html and "line 4" in html
    assert Contact.objects.get(number=MARIA).name == "Maria Lopez"
    assert Contact.objects.get(number="+13125550177").blocked
    signed_in.post(f"/b/{reyes.id}/settings/contacts",
                   {"action": "unblock", "contact": Contact.objects.get(number="+13125550177").id})
    assert not Contact.objects.get(number="+13125550177").blocked


def test_it_adds_a_blocked_number_by_hand(signed_in, reyes):
    signed_in.post(f"/b/{reyes.id}/settings/contacts", {"action": "save", "number": "312-555-0188", "name": "", "blocked": "on"})
    assert Contact.objects.get(number="+13125550188").blocked


def test_it_shows_the_twilio_setup_with_the_webhook_urls_and_changes_the_mode(signed_in, reyes, reyes_number):
    html = signed_in.get(f"/b/{reyes.id}/settings/numbers").content.decode()
    for path in ("/twilio/voice", "/twilio/voice/status", "/twilio/sms"):
        assert f"<code>https://textback.example.com{path}</code>" in html
    signed_in.post(f"/b/{reyes.id}/settings/numbers", {"number": reyes_number.id, "mode": "forwarded"})
    reyes_number.refresh_from_db()
    assert reyes_number.mode == PhoneNumber.FORWARDED
    assert "*713125550100" in signed_in.get(f"/b/{reyes.id}/settings/numbers").content.decode()


def test_connect_at_twilio_points_the_numbers_webhooks_here_and_says_so(signed_in, reyes, reyes_number, fake_twilio):
    from tests.world import ACCOUNT_SID

    fake_twilio.add_incoming_number(ACCOUNT_SID, reyes_number.number, voice_url="https://demo.twilio.com/welcome/voice/")
    page = signed_in.post(f"/b/{reyes.id}/settings/numbers", {"number": reyes_number.id, "action": "connect"}, follow=True)
    assert "(312) 555-0100 is connected: its calls and texts come to textback." in page.content.decode()
    record = fake_twilio.incoming_number(ACCOUNT_SID, reyes_number.number)
    assert record["voice_url"] == "https://textback.example.com/twilio/voice"
    assert record["sms_url"] == "https://textback.example.com/twilio/sms"


def test_connect_at_twilio_says_what_is_wrong_when_twilio_does_not_have_the_number(signed_in, reyes, reyes_number, fake_twilio):
    page = signed_in.post(f"/b/{reyes.id}/settings/numbers", {"number": reyes_number.id, "action": "connect"}, follow=True)
    assert "(312) 555-0100 is not connected yet: +13125550100 is not in the Twilio account" in page.content.decode()


def test_connect_at_signalwire_points_the_numbers_cxml_webhooks_here(signed_in, reyes, reyes_number, fake_signalwire):
    from tests.world import SIGNALWIRE_PROJECT

    PhoneNumber.objects.filter(id=reyes_number.id).update(provider="signalwire")
    html = signed_in.get(f"/b/{reyes.id}/settings/numbers").content.decode()
    assert "SignalWire setup" in html and "LaML Webhooks" in html
    assert "<code>https://textback.example.com/signalwire/voice</code>" in html
    fake_signalwire.add_incoming_number(SIGNALWIRE_PROJECT, reyes_number.number)
    page = signed_in.post(f"/b/{reyes.id}/settings/numbers", {"number": reyes_number.id, "action": "connect"}, follow=True)
    assert "(312) 555-0100 is connected: its calls and texts come to textback." in page.content.decode()
    record = fake_signalwire.incoming_number(SIGNALWIRE_PROJECT, reyes_number.number)
    assert record["voice_url"] == "https://textback.example.com/signalwire/voice"
    assert record["status_callback"] == "https://textback.example.com/signalwire/voice/status"


def test_it_keeps_messages_and_calls_read_only_in_the_admin(admin_client, reyes, jen):
    message = Message.objects.filter(conversation=jen).first()
    call = Call.objects.get(conversation=jen)
    assert admin_client.get(f"/admin/core/message/{message.id}/change/").status_code == 200
    assert admin_client.post(f"/admin/core/message/{message.id}/change/", {"body": "edited"}).status_code == 403
    assert admin_client.post(f"/admin/core/call/{call.id}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get("/admin/core/message/add/").status_code == 403
    assert admin_client.get(f"/admin/core/business/{reyes.id}/change/").status_code == 200
    assert Conversation.objects.filter(id=jen.id).exists()


@pytest.mark.parametrize("path", ["leads/", "leads.csv"])
@pytest.mark.parametrize("query", ["until=9999-12-31", "since=0001-01-01", "since=9999-12-31&until=0001-01-01"])
def test_a_date_at_the_end_of_the_calendar_filters_like_any_other(signed_in, reyes, jen, path, query):
    response = signed_in.get(f"/b/{reyes.id}/{path}?{query}")
    assert response.status_code == 200
    rows = csv_rows(response)[1:] if path.endswith("csv") else None
    assert rows is None or len(rows) == (0 if query.startswith("since=9999") else 1)


def test_a_contacts_file_with_a_huge_field_is_refused_with_a_message(signed_in, reyes):
    upload = SimpleUploadedFile("contacts.csv", b"+13125550111,Ann\n+13125550112," + b"x" * 200_000 + b"\n")
    response = signed_in.post(f"/b/{reyes.id}/settings/contacts/import", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "line 2" in response.content.decode() and not reyes.contacts.exists()


def test_forms_naming_a_number_or_contact_that_is_not_an_id_change_nothing(signed_in, reyes, jen):
    assert signed_in.post(f"/b/{reyes.id}/settings/numbers", {"number": "abc", "mode": "forwarded"}).status_code == 404
    response = signed_in.post(f"/b/{reyes.id}/settings/contacts", {"action": "unblock", "contact": "abc"})
    assert response.status_code == 302
    assert signed_in.post(f"/b/{reyes.id}/settings/contacts", {"action": "unblock", "contact": "9" * 30}).status_code == 302
