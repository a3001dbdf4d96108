"""`textback twilio connect` points a number's webhooks here through Twilio's API (the local fake),
and `--check` says what is wrong there in the console's words."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.world import ACCOUNT_SID, REYES_NUMBER

HERE = "https://textback.example.com"


def textback(*args):
    out = StringIO()
    try:
        call_command("twilio", *args, stdout=out)
        code = 0
    except SystemExit as e:
        code = e.code
    return code, out.getvalue()


@pytest.fixture
def console_defaults(fake_twilio, reyes_number):
    """The number as a freshly bought one is: Twilio's demo webhooks."""
    fake_twilio.add_incoming_number(ACCOUNT_SID, REYES_NUMBER, voice_url="https://demo.twilio.com/welcome/voice/",
                                    sms_url="https://demo.twilio.com/welcome/sms/reply")
    return fake_twilio


def test_check_names_every_webhook_that_does_not_point_here(console_defaults):
    code, out = textback("connect", "--number", REYES_NUMBER, "--check")
    assert code == 1
    assert f"the Voice URL (A call comes in) points to https://demo.twilio.com/welcome/voice/, not to {HERE}/twilio/voice" in out
    assert "the call status callback (Call status changes) is not set" in out
    assert f"the Messaging URL (A message comes in) points to https://demo.twilio.com/welcome/sms/reply" in out
    assert [r.method for r in console_defaults.requests] == ["GET"]  # nothing changed


def test_connect_points_the_number_here_and_check_then_passes(console_defaults):
    code, out = textback("connect", "--number", REYES_NUMBER)
    assert code == 0, out
    record = console_defaults.incoming_number(ACCOUNT_SID, REYES_NUMBER)
    assert (record["voice_url"], record["voice_method"]) == (f"{HERE}/twilio/voice", "POST")
    assert (record["status_callback"], record["status_callback_method"]) == (f"{HERE}/twilio/voice/status", "POST")
    assert (record["sms_url"], record["sms_method"]) == (f"{HERE}/twilio/sms", "POST")
    assert textback("connect", "--number", REYES_NUMBER, "--check") == (0, f"ok    {REYES_NUMBER}: all webhooks point to {HERE}\n")


def test_check_recognises_a_twiml_bin_and_an_app_in_the_way(fake_twilio, reyes_number):
    fake_twilio.add_incoming_number(ACCOUNT_SID, REYES_NUMBER, voice_url=f"{HERE}/twilio/voice",
                                    status_callback=f"{HERE}/twilio/voice/status",
                                    sms_url="https://handler.twilio.com/twiml/EH" + "0" * 32,
                                    voice_application_sid="AP" + "1" * 32)
    code, out = textback("connect", "--number", REYES_NUMBER, "--check")
    assert code == 1
    assert "the Messaging URL (A message comes in) points to a TwiML Bin" in out
    assert "calls go to the TwiML App AP" in out
    assert textback("connect", "--number", REYES_NUMBER)[0] == 0  # connect takes the app out of the way
    assert fake_twilio.incoming_number(ACCOUNT_SID, REYES_NUMBER)["voice_application_sid"] == ""


def test_a_number_the_account_does_not_have_is_said_so(fake_twilio, reyes_number):
    code, out = textback("connect", "--number", REYES_NUMBER)
    assert code == 1 and f"{REYES_NUMBER} is not in the Twilio account {ACCOUNT_SID}" in out


def test_refused_credentials_are_said_so_and_nothing_changes(fake_twilio, reyes_number, settings):
    settings.TWILIO_AUTH_TOKEN = "wrong" * 6
    code, out = textback("connect", "--number", REYES_NUMBER)
    assert code == 1 and "Twilio refused the credentials" in out


def test_twilio_down_is_said_so(console_defaults):
    console_defaults.fail_next(503)
    code, out = textback("connect", "--number", REYES_NUMBER, "--check")
    assert code == 1 and "Twilio could not be asked" in out


def test_a_number_that_is_not_ours_or_not_twilio_is_refused(number):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a textback number here"):
        call_command("twilio", "connect", "--number", "+17735550100")
    with pytest.raises(CommandError, match="on the simulator provider"):
        call_command("twilio", "connect", "--number", REYES_NUMBER)
