"""Data kept no longer than needed: `textback purge` blanks what people wrote and said after the
retention period; `textback erase` removes everything about one number but the opt-out tombstone;
secrets can come from files; logs never show a caller's number or what they wrote."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.core.conftest import MARIA
from tests.world import CARLOS_CELL, JEN, REYES_NUMBER
from textback.core import calls as call_events
from textback.core import clock, jobs
from textback.core.logs import JsonFormatter, MaskingFormatter
from textback.core.models import Call, ConsentEvent, Contact, Conversation, Message
from textback.simulator import phone
from textback.twilio.tests.payloads import SMS, payload

pytestmark = pytest.mark.usefixtures("tuesday_morning")


def textback(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def conversation_with(number, caller, *texts):
    call = phone.ring_out(phone.call(number, caller))
    jobs.run_ready()
    for body in texts:
        clock.advance_to(clock.now() + timedelta(minutes=1))
        phone.text(number, caller, body)
        jobs.run_ready()
    call_events.voicemail(phone.PROVIDER, call.provider_call_id, recording_url="https://api.twilio.com/RE1",
                          seconds=12, transcript=f"this is {caller}, call me back")
    return call


# -- retention ----------------------------------------------------------------------------------


def test_purge_keeps_everything_by_default(number, later):
    conversation_with(number, JEN, "kitchen sink clogged")
    later(days=400)
    assert "keeps everything" in textback("purge")
    assert Message.objects.filter(body="kitchen sink clogged").exists()


def test_purge_blanks_texts_recordings_and_lead_details_older_than_the_retention_period(settings, number, later):
    settings.RETENTION_DAYS = 30
    old = conversation_with(number, JEN, "kitchen sink clogged", "1418 W Addison St, Chicago 60613")
    later(days=31)
    new = conversation_with(number, MARIA, "water heater leaking")
    out = textback("purge")
    assert "blanked data older than 30 days" in out
    old_messages = Message.objects.filter(created_at__lt=clock.now() - timedelta(days=30))
    assert old_messages.count() >= 5 and set(old_messages.values_list("body", flat=True)) == {""}
    assert set(old_messages.values_list("segments", flat=True)) != {0}  # metadata kept for the stats
    old.refresh_from_db()
    assert (old.recording_url, old.transcript, old.recording_seconds, old.outcome) == ("", "", 12, Call.MISSED)
    lead = Conversation.objects.get(contact__number=JEN).lead
    assert lead["need"] is None and lead["address"] is None and lead["status"] in ("partial", "qualified")
    new.refresh_from_db()
    assert new.transcript and Message.objects.filter(body="water heater leaking").exists()


def test_a_businesss_own_retention_wins_over_the_setting(settings, reyes, number, later):
    settings.RETENTION_DAYS = 365
    reyes.retention_days = 7
    reyes.save()
    conversation_with(number, JEN, "kitchen sink clogged")
    later(days=8)
    textback("purge")
    assert not Message.objects.filter(body="kitchen sink clogged").exists()
    assert Message.objects.filter(from_number=JEN).count() == 1


def test_purge_dry_run_counts_and_changes_nothing(number, later):
    conversation_with(number, JEN, "kitchen sink clogged")
    later(days=10)
    out = textback("purge", "--days", "5", "--dry-run")
    assert "would blank data older than 5 days: 3 message(s), 1 lead(s), 1 call recording(s)/transcript(s)" in out
    assert Message.objects.filter(body="kitchen sink clogged").exists()


def test_purge_also_blanks_media(reyes, number, later):
    Message.objects.create(business=reyes, direction=Message.IN, kind=Message.LEAD, provider="simulator",
                           from_number=JEN, to_number=REYES_NUMBER, body="", status=Message.RECEIVED,
                           media=[{"url": "https://api.twilio.com/ME1", "content_type": "image/jpeg"}])
    later(days=10)
    textback("purge", "--days", "5")
    assert Message.objects.get().media == []


# -- erasure ------------------------------------------------------------------------------------


def test_erase_removes_everything_about_a_number_and_prints_what_it_removed(number):
    conversation_with(number, JEN, "pipe burst water everywhere, 5 Elm St Chicago")  # an urgent alert to Carlos
    conversation_with(number, MARIA, "dripping faucet")
    alerts_about_jen = Message.objects.filter(to_number=CARLOS_CELL, body__contains="(312) 555-0101").count()
    assert alerts_about_jen >= 1
    out = textback("erase", "--number", "(312) 555-0101")
    assert "business" in out and "removed 1 contacts, 1 conversations" in out and "1 calls" in out
    assert "kept an opt-out tombstone" in out
    assert not Message.objects.filter(to_number=JEN).exists() and not Message.objects.filter(from_number=JEN).exists()
    assert not Message.objects.filter(body__contains="555-0101").exists()
    assert not Call.objects.filter(caller=JEN).exists() and not Conversation.objects.filter(contact__number=JEN).exists()
    tombstone = Contact.objects.get(number=JEN)
    assert tombstone.name == "" and tombstone.opted_out_at is not None
    assert list(tombstone.consent_events.values_list("kind", flat=True)) == [ConsentEvent.OPT_OUT]
    # Maria is untouched.
    assert Message.objects.filter(body="dripping faucet").exists() and Call.objects.filter(caller=MARIA).exists()


def test_an_erased_number_is_never_texted_again(number, later):
    conversation_with(number, JEN, "kitchen sink clogged")
    textback("erase", "--number", JEN)
    later(days=30)
    call = phone.ring_out(phone.call(number, JEN))
    jobs.run_ready()
    call.refresh_from_db()
    assert call.textback == Call.SKIPPED and not Message.objects.filter(to_number=JEN, direction=Message.OUT).exists()


def test_erase_keeps_only_a_minimal_tombstone_of_an_earlier_opt_out(number):
    conversation_with(number, JEN, "please stop texting me")
    assert ConsentEvent.objects.get().source.startswith("in plain words")
    textback("erase", "--number", JEN)
    [event] = ConsentEvent.objects.all()
    assert "stop texting" not in event.source and event.source.startswith("erased on request")


def test_erase_for_one_business_leaves_the_others(number, reyes):
    from textback.dashboard.tests.conftest import BRIGHT_NUMBER

    from textback.core.models import Business, PhoneNumber

    bright = Business.objects.create(name="Bright Roofing", owner_cell="+13125550299")
    bright_number = PhoneNumber.objects.create(business=bright, number=BRIGHT_NUMBER, provider=phone.PROVIDER)
    conversation_with(number, JEN, "sink")
    conversation_with(bright_number, JEN, "roof")
    textback("erase", "--number", JEN, "--business", str(reyes.id))
    assert not Message.objects.filter(business=reyes, from_number=JEN).exists()
    assert Message.objects.filter(business=bright, body="roof").exists()
    assert Contact.objects.get(business=bright, number=JEN).opted_out_at is None


@pytest.mark.parametrize("number_, complaint", [
    (REYES_NUMBER, "is a business's textback number"),
    ("not a number", "--number"),
])
def test_erase_refuses_what_is_not_a_callers_number(reyes, number_, complaint):
    with pytest.raises(CommandError, match=complaint):
        textback("erase", "--number", number_)


def test_erase_refuses_the_owners_cell(reyes):
    with pytest.raises(CommandError, match="owner's cell"):
        textback("erase", "--number", CARLOS_CELL, "--business", str(reyes.id))


def test_erase_of_a_number_never_seen_changes_nothing(reyes):
    assert textback("erase", "--number", JEN).strip() == f"nothing about {JEN} is stored"
    assert not Contact.objects.exists()


# -- secrets from files -------------------------------------------------------------------------

SHOW = (
    "import textback.settings as s; print(s.SECRET_KEY, s.TWILIO_AUTH_TOKEN, s.LLM_API_KEY, "
    "s.DATABASES['default']['NAME'], s.EMAIL_HOST_PASSWORD, sep='|')"
)


def import_settings(tmp_path, code="import textback.settings", **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTBACK_", "TWILIO_", "DATABASE_URL"))}
    clean.update(TEXTBACK_DATA_DIR=str(tmp_path / "var"), **env)
    return subprocess.run([sys.executable, "-c", code], env=clean, cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)


def secret(tmp_path, name, value):
    path = tmp_path / name
    path.write_text(value + "\n")
    return str(path)


def test_every_secret_can_be_read_from_a_file(tmp_path):
    result = import_settings(
        tmp_path, SHOW,
        TEXTBACK_SECRET_KEY_FILE=secret(tmp_path, "key", "k" * 50),
        TWILIO_AUTH_TOKEN_FILE=secret(tmp_path, "token", "t0ken"),
        TEXTBACK_LLM_API_KEY_FILE=secret(tmp_path, "llm", "sk-llm"),
        DATABASE_URL_FILE=secret(tmp_path, "db", "postgres://u:p@db.example.com:5432/textback_prod"),
        TEXTBACK_EMAIL_URL_FILE=secret(tmp_path, "email", "smtp://me:s3cret@mail.example.com:587"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "|".join(["k" * 50, "t0ken", "sk-llm", "textback_prod", "s3cret"])


@pytest.mark.parametrize("name", ["TEXTBACK_SECRET_KEY", "TWILIO_AUTH_TOKEN", "DATABASE_URL", "TEXTBACK_LLM_API_KEY",
                                  "TEXTBACK_EMAIL_URL"])
def test_an_unreadable_secret_file_stops_start_up_naming_the_variable(tmp_path, name):
    result = import_settings(tmp_path, **{f"{name}_FILE": str(tmp_path / "missing")})
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: ") and f"{name}_FILE" in last
    assert "cannot read it" in last


def test_a_secret_set_both_ways_stops_start_up(tmp_path):
    result = import_settings(tmp_path, TWILIO_AUTH_TOKEN="a", TWILIO_AUTH_TOKEN_FILE=secret(tmp_path, "t", "b"))
    assert result.returncode != 0 and "TWILIO_AUTH_TOKEN and TWILIO_AUTH_TOKEN_FILE are both set" in result.stderr


def test_an_empty_secret_file_stops_start_up(tmp_path):
    result = import_settings(tmp_path, TEXTBACK_SECRET_KEY_FILE=secret(tmp_path, "key", ""))
    assert result.returncode != 0 and "TEXTBACK_SECRET_KEY_FILE" in result.stderr and "empty" in result.stderr


# -- logs ---------------------------------------------------------------------------------------

JEN_FORMS = [JEN, JEN[1:], JEN[2:], "(312) 555-0101", "312-555-0101", "555-0101"]


def test_a_whole_missed_call_and_conversation_logs_no_caller_number_and_no_text(calls, fake_twilio, caplog):
    caplog.set_level(logging.DEBUG)
    bodies = ["My kitchen sink is clogged", "1418 W Addison St, Chicago 60613", "tomorrow morning", "Jen Alvarez"]
    calls.ring()
    calls.dial("no_answer")
    jobs.run_ready()
    for n, body in enumerate(bodies):
        clock.advance_to(clock.now() + timedelta(minutes=1))
        calls.post(SMS, "sms_incoming_text", Body=body, MessageSid=f"SM{n:032d}")
        jobs.run_ready()
    conversation = Conversation.objects.get()
    calls.post(SMS, "sms_incoming_text", From=CARLOS_CELL, Body=f"#{conversation.id} On my way", MessageSid="SM" + "9" * 32)
    calls.post(SMS, "sms_incoming_text", Body="STOP", MessageSid="SM" + "8" * 32)
    calls.post(SMS, "sms_incoming_text", To="+13125550142", Body="wrong place", MessageSid="SM" + "7" * 32)
    jobs.run_ready()
    outgoing = list(Message.objects.filter(direction=Message.OUT).values_list("body", flat=True))
    assert len(outgoing) >= 5 and len(caplog.records) >= 10
    logged = "\n".join(caplog.messages + [r.exc_text or "" for r in caplog.records])
    for form in JEN_FORMS:
        assert form not in logged
    for body in bodies + ["On my way", "wrong place"] + outgoing:
        assert body not in logged
    assert "+1312555****" in logged  # numbers appear masked
    assert payload("sms_incoming_text")["From"] == JEN


def test_the_log_formatter_masks_any_number_that_slips_through():
    record = logging.LogRecord("textback.x", logging.INFO, __file__, 1, "texting %s at (312) 555-0101 or 3125550101",
                               (JEN,), None)
    line = MaskingFormatter("%(message)s").format(record)
    assert line == "texting +1312555**** at (312) 555-**** or 312555****"


def test_json_logs_are_one_object_a_line_with_numbers_masked_in_messages_and_tracebacks():
    try:
        raise ValueError(f"could not text {JEN}")
    except ValueError:
        record = logging.LogRecord("textback.worker", logging.ERROR, __file__, 1, "job for %s failed", (JEN,),
                                   sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "textback.worker"
    assert entry["message"] == "job for +1312555**** failed"
    assert "ValueError: could not text +1312555****" in entry["exception"] and JEN not in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_log_format_json_is_a_setting_and_a_bad_one_names_the_variable(tmp_path):
    ok = subprocess.run([sys.executable, "-c", "from django.conf import settings; import django; django.setup(); "
                         "import logging; logging.getLogger('textback.x').warning('hello %s', '+13125550101')"],
                        env={**os.environ, "DJANGO_SETTINGS_MODULE": "textback.settings", "TEXTBACK_LOG_FORMAT": "json",
                             "TEXTBACK_DATA_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert json.loads(ok.stderr.strip().splitlines()[-1])["message"] == "hello +1312555****"
    bad = subprocess.run([sys.executable, "-c", "import textback.settings"], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "TEXTBACK_LOG_FORMAT": "xml", "TEXTBACK_DATA_DIR": str(tmp_path)}, cwd=tmp_path)
    assert "TEXTBACK_LOG_FORMAT='xml': use plain or json" in bad.stderr
