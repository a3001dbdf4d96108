"""The `textback` subcommands of the contract: business create, user create, simulate."""

import json
import logging
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from textback.core.models import Business, Membership, PhoneNumber

@pytest.fixture(autouse=True)
def textback_log_level():
    """`simulate` quiets textback's logs for its whole process; give other tests theirs back."""
    level = logging.getLogger("textback").level
    yield
    logging.getLogger("textback").setLevel(level)


NEW = ["--name", "Ortiz Electric", "--number", "+17735550142", "--owner-cell", "+17735550143"]


def textback(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_business_create_makes_a_business_with_its_number_and_prints_the_id_last(db):
    out = textback("business", "create", *NEW, "--owner-name", "Ana", "--timezone", "America/Denver",
                   "--trade", "electrical", "--hours", "mon-fri 07:00-12:00, 13:00-18:00; sat 08:00-12:00",
                   "--provider", "simulator", "--mode", "forwarded")
    business = Business.objects.get(id=int(out.strip().splitlines()[-1]))
    assert (business.name, business.owner_name, business.owner_cell) == ("Ortiz Electric", "Ana", "+17735550143")
    assert business.timezone == "America/Denver" and business.trade == "electrical"
    assert business.hours["mon"] == [["07:00", "12:00"], ["13:00", "18:00"]] and "sun" not in business.hours
    number = business.numbers.get()
    assert (number.number, number.provider, number.mode) == ("+17735550142", "simulator", PhoneNumber.FORWARDED)


def test_business_create_defaults_to_twilio_ringing_the_owner_in_chicago(db):
    out = textback("business", "create", *NEW)
    business = Business.objects.get(id=int(out.split()[-1]))
    number = business.numbers.get()
    assert business.timezone == "America/Chicago" and (number.provider, number.mode) == ("twilio", PhoneNumber.RING)


@pytest.mark.parametrize("provider", ["twilio", "signalwire"])
def test_business_create_puts_the_number_on_the_provider_named_on_its_default_account(db, provider):
    out = textback("business", "create", *NEW, "--provider", provider)
    number = Business.objects.get(id=int(out.split()[-1])).numbers.get()
    assert number.provider == provider and number.account_sid == ""
    assert f"+17735550142 ({provider}, ring, default account)" in textback("business", "list")


def test_business_create_refuses_a_provider_it_does_not_know(db):
    with pytest.raises(CommandError, match="invalid choice: 'telnyx2'"):
        textback("business", "create", *NEW, "--provider", "telnyx2")


def test_business_create_normalises_numbers_written_the_us_way(db):
    textback("business", "create", "--name", "Ortiz", "--number", "(773) 555-0142", "--owner-cell", "773.555.0143")
    assert PhoneNumber.objects.get().number == "+17735550142"
    assert Business.objects.get().owner_cell == "+17735550143"


@pytest.mark.parametrize("change, words", [
    (["--number", "12345"], "--number: '12345' is not a valid phone number"),
    (["--number", "not-a-number"], "--number: 'not-a-number' is not a phone number"),
    (["--owner-cell", "+1555"], "--owner-cell: '+1555' is not a valid phone number"),
    (["--hours", "weekdays 09:00-17:00"], "--hours: 'weekdays' is not a day"),
    (["--hours", "mon-fri 9ish-5"], "--hours: '9ish-5' is not a time range like 07:00-18:00 or 7am-6pm"),
    (["--hours", "mon-fri 09:00-17:70"], "--hours: '09:00-17:70' is not a valid time range"),
    (["--timezone", "Chicago"], "--timezone: 'Chicago' is not a time zone"),
    (["--name", "  "], "--name must not be empty"),
    (["--owner-cell", "+17735550142"], "--owner-cell must be the owner's own phone"),
])
def test_business_create_rejects_bad_input_naming_the_problem(db, change, words):
    args = dict(zip(NEW[::2], NEW[1::2])) | dict(zip(change[::2], change[1::2]))
    with pytest.raises(CommandError, match=re.escape(words)):
        call_command("business", "create", *[x for kv in args.items() for x in kv])
    assert not Business.objects.exists()


def test_business_create_rejects_a_number_that_already_belongs_to_a_business(reyes_number):
    with pytest.raises(CommandError, match=r"\+13125550100 already belongs to a business"):
        call_command("business", "create", "--name", "Copycat", "--number", "+13125550100", "--owner-cell", "+17735550143")


def test_business_create_refuses_an_owner_cell_that_is_a_textback_number(reyes_number):
    with pytest.raises(CommandError, match="--owner-cell must be the owner's own phone, not a textback number"):
        call_command("business", "create", "--name", "Loop", "--number", "+17735550142", "--owner-cell", "+13125550100")
    assert Business.objects.count() == 1


def test_business_list_says_which_twilio_numbers_are_on_the_default_account(subaccount_number):
    PhoneNumber.objects.create(business=subaccount_number.business, number="+13125550102")
    listed = textback("business", "list")
    assert "+13125550100 (twilio, ring, account AC" + "c3" * 16 + ")" in listed
    assert "+13125550102 (twilio, ring, default account)" in listed


def test_user_create_gives_a_user_access_to_the_business(reyes):
    out = textback("user", "create", "--email", "Carlos@Reyes.example", "--password", "pipes-and-wrenches",
                   "--business", str(reyes.id))
    user = get_user_model().objects.get(id=int(out.split()[-1]))
    assert user.email == "carlos@reyes.example" and user.check_password("pipes-and-wrenches")
    assert list(Membership.objects.filter(user=user).values_list("business", flat=True)) == [reyes.id]


def test_user_create_is_repeatable_for_several_businesses(reyes):
    other = Business.objects.create(name="Reyes Drain Co", owner_cell="+13125550199")
    for business in (reyes, other, reyes):
        textback("user", "create", "--email", "carlos@reyes.example", "--password", "pw-1234567", "--business",
                 str(business.id))
    user = get_user_model().objects.get()
    assert set(user.memberships.values_list("business__name", flat=True)) == {"Reyes Plumbing", "Reyes Drain Co"}


def test_user_create_rejects_a_business_that_does_not_exist(db):
    with pytest.raises(CommandError, match="no business with id 999"):
        call_command("user", "create", "--email", "a@b.example", "--password", "pw", "--business", "999")
    assert not get_user_model().objects.exists()


CASES = [
    {"id": "c1", "business": {"name": "Reyes Plumbing", "trade": "plumbing", "owner_name": "Carlos",
                              "timezone": "America/Chicago", "hours": {"mon-fri": "07:00-18:00", "sat": "08:00-12:00"}},
     "caller": "+13125550101", "called_at": "2026-11-24T10:15:00-06:00", "messages": ["my sink is clogged"]},
    {"id": "c2", "business": {"name": "Desert Air", "trade": "hvac", "owner_name": "Luz",
                              "timezone": "America/Phoenix", "hours": {"mon-sat": "07:00-19:00"}},
     "caller": "+16025550108", "called_at": "2026-07-14T06:30:00-07:00", "messages": ["STOP"]},
    {"id": "c3", "business": {"name": "Night Owl Locks", "timezone": "America/New_York",
                              "hours": {"mon-fri": "08:00-17:00"}},
     "caller": "+13015550107", "called_at": "2026-11-24T17:30:00-06:00", "messages": []},
]
# The contract's lead, and what we add to it: notes (who else is involved, a business, access).
LEAD_FIELDS = {"status", "name", "need", "address", "city", "postal_code", "timeline", "urgency", "language",
               "after_hours", "score", "notes"}


@pytest.fixture
def simulated(db, tmp_path):
    cases, output = tmp_path / "cases.jsonl", tmp_path / "out.jsonl"
    cases.write_text("".join(json.dumps(c) + "\n" for c in CASES))
    call_command("simulate", "--input", str(cases), "--output", str(output))
    return [json.loads(line) for line in output.read_text().splitlines()]


def test_simulate_writes_one_line_per_case_in_input_order(simulated):
    assert [r["id"] for r in simulated] == ["c1", "c2", "c3"]
    assert all(set(r) == {"id", "transcript", "lead", "notifications"} for r in simulated)


def test_simulate_reports_the_transcript_and_the_full_lead(simulated):
    for result in simulated:
        first = result["transcript"][0]
        assert first["role"] == "assistant" and first["text"] and "asks" in first
        assert set(result["lead"]) == LEAD_FIELDS
        assert all(set(n) == {"to", "channel", "urgent", "text"} for n in result["notifications"])
    lead_turns = [t for t in simulated[0]["transcript"] if t["role"] == "lead"]
    assert lead_turns == [{"role": "lead", "text": "my sink is clogged", "opt_out": False}]


def test_simulate_judges_after_hours_by_the_cases_hours_and_time_zone(simulated):
    # 10:15 Tuesday in Chicago: open. 06:30 in Phoenix: not yet. 17:30 Chicago is 18:30 in New York: closed.
    assert [r["lead"]["after_hours"] for r in simulated] == [False, True, True]


def test_simulate_marks_an_opt_out(simulated):
    stop = [t for t in simulated[1]["transcript"] if t["role"] == "lead"]
    assert stop == [{"role": "lead", "text": "STOP", "opt_out": True}]
    assert simulated[1]["lead"]["status"] == "opted_out"


def test_simulate_names_the_line_of_a_bad_case(db, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(CASES[0]) + "\n" + json.dumps({**CASES[1], "called_at": "2026-07-14T06:30"}) + "\n")
    with pytest.raises(CommandError, match="line 2: called_at needs a UTC offset"):
        call_command("simulate", "--input", str(cases), "--output", str(tmp_path / "out.jsonl"))


def test_simulate_never_gives_the_owner_the_callers_number(db, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({**CASES[0], "caller": "+13125550001"}) + "\n")  # what line 1's owner cell would be
    call_command("simulate", "--input", str(cases), "--output", str(tmp_path / "out.jsonl"))
    business = Business.objects.get()
    assert "+13125550001" not in (business.owner_cell, business.numbers.get().number)
