"""Opening hours: what people write, and whether the business is open at a given moment."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from textback.core import hours
from textback.core.hours import HoursError

CHICAGO, PHOENIX = ZoneInfo("America/Chicago"), ZoneInfo("America/Phoenix")
WEEKDAYS = {"mon", "tue", "wed", "thu", "fri"}


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def test_it_reads_the_command_line_form():
    week = hours.parse("mon-fri 07:00-18:00; sat 08:00-12:00")
    assert week == {**{d: [["07:00", "18:00"]] for d in WEEKDAYS}, "sat": [["08:00", "12:00"]]}


def test_it_reads_several_periods_a_day():
    week = hours.parse("mon-fri 07:00-12:00, 13:00-18:00")
    assert week["wed"] == [["07:00", "12:00"], ["13:00", "18:00"]]


def test_it_reads_the_json_form_of_the_simulate_cases():
    assert hours.parse({"mon-fri": "07:00-18:00", "sat": "08:00-12:00"}) == hours.parse(
        "mon-fri 07:00-18:00; sat 08:00-12:00"
    )


def test_it_reads_the_stored_form_back():
    week = hours.parse("mon-fri 07:00-12:00, 13:00-18:00; sat 08:00-12:00")
    assert hours.parse(week) == week


def test_it_reads_day_lists_full_names_and_loose_spacing():
    week = hours.parse("Saturday,SUN 9:00 - 13:30")
    assert week == {"sat": [["09:00", "13:30"]], "sun": [["09:00", "13:30"]]}


def test_a_day_range_can_wrap_around_the_week():
    assert sorted(hours.parse("fri-mon 10:00-14:00")) == ["fri", "mon", "sat", "sun"]


def test_days_not_named_are_closed():
    week = hours.parse("mon-fri 07:00-18:00")
    sunday_noon = datetime(2026, 11, 29, 12, 0, tzinfo=CHICAGO)
    assert "sun" not in week and not hours.is_open(week, [], "America/Chicago", sunday_noon)


def test_no_hours_at_all_means_always_closed():
    assert hours.parse("") == {} and hours.parse({}) == {}
    assert not hours.is_open({}, [], "America/Chicago", datetime(2026, 11, 24, 12, tzinfo=CHICAGO))


@pytest.mark.parametrize("spec, words", [
    ("mon-fri", "give days and times"),
    ("mon-fry 07:00-18:00", "'fry' is not a day"),
    ("mon-fri 7ish-6", "'7ish-6' is not a time range like 07:00-18:00 or 7am-6pm"),
    ("mon-fri 13pm-5pm", "'13pm-5pm' is not a valid time range"),
    ("mon-fri 07:00-25:00", "'07:00-25:00' is not a valid time range"),
    ("mon-fri 07:60-18:00", "not a valid time range"),
    ({"mon-fri": ""}, "no times given"),
    ({"mon-fri": []}, "no times given"),
    ({"funday": "07:00-18:00"}, "'funday' is not a day"),
])
def test_bad_hours_raise_hours_error_saying_what_is_wrong(spec, words):
    with pytest.raises(HoursError, match=words):
        hours.parse(spec)


@pytest.mark.parametrize("spec, stored", [
    ("mon 7am-6pm", [["07:00", "18:00"]]),
    ("mon 7 a.m. to 6:30 p.m.", [["07:00", "18:30"]]),
    ("mon 9-5", [["09:00", "17:00"]]),  # a bare end before the start: the afternoon
    ("mon 7:30-4:30", [["07:30", "16:30"]]),
    ("mon 1-5pm", [["13:00", "17:00"]]),
    ("mon 8-12", [["08:00", "12:00"]]),
    ("mon 9-12, 1-5", [["09:00", "12:00"], ["13:00", "17:00"]]),  # after a morning range: the afternoon
    ("mon 8am-12pm, 1pm-5pm", [["08:00", "12:00"], ["13:00", "17:00"]]),
    ("mon 18-6", [["18:00", "06:00"]]),  # a night shift stays one
    ("mon 22:00-02:00", [["22:00", "02:00"]]),
    ("mon 9pm-2am", [["21:00", "02:00"]]),
    ("mon 0:00-24:00", [["00:00", "24:00"]]),
])
def test_it_reads_times_the_way_contractors_write_them(spec, stored):
    assert hours.parse(spec) == {"mon": stored}


def test_the_open_boundaries_are_start_inclusive_end_exclusive():
    week = hours.parse("mon-fri 07:00-18:00")
    at = lambda h, m: hours.is_open(week, [], "America/Chicago", datetime(2026, 11, 24, h, m, tzinfo=CHICAGO))
    assert [at(6, 59), at(7, 0), at(17, 59), at(18, 0)] == [False, True, True, False]


def test_the_lunch_break_between_two_periods_is_closed():
    week = hours.parse("mon-fri 07:00-12:00, 13:00-18:00")
    at = lambda h: hours.is_open(week, [], "America/Chicago", datetime(2026, 11, 24, h, 30, tzinfo=CHICAGO))
    assert [at(11), at(12), at(13)] == [True, False, True]


def test_an_overnight_period_runs_past_midnight_into_the_next_day():
    week = hours.parse("fri 22:00-02:00")
    at = lambda d, h: hours.is_open(week, [], "America/Chicago", datetime(2026, 11, d, h, 30, tzinfo=CHICAGO))
    assert at(27, 23) and at(28, 1)  # Friday night, and Saturday 01:30
    assert not at(28, 2) and not at(27, 21) and not at(28, 23)


def test_a_holiday_is_closed_all_day():
    week = hours.parse("mon-fri 07:00-18:00")
    thanksgiving_noon = datetime(2026, 11, 26, 12, 0, tzinfo=CHICAGO)
    assert hours.is_open(week, [], "America/Chicago", thanksgiving_noon)
    assert not hours.is_open(week, ["2026-11-26"], "America/Chicago", thanksgiving_noon)


def test_the_business_model_asks_its_own_hours_holidays_and_time_zone(reyes):
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=CHICAGO)
    assert reyes.is_open(christmas)
    reyes.holidays = ["2026-12-25"]
    assert not reyes.is_open(christmas)


def test_it_is_open_at_the_same_local_hour_across_the_spring_dst_change_in_chicago():
    week = hours.parse("mon-fri 07:00-18:00")
    # Fri 6 March 13:30 UTC is 07:30 CST; Mon 9 March 12:30 UTC is 07:30 CDT (after 8 March).
    assert hours.is_open(week, [], "America/Chicago", utc(2026, 3, 6, 13, 30))
    assert hours.is_open(week, [], "America/Chicago", utc(2026, 3, 9, 12, 30))
    # The same UTC 12:30 was 06:30 CST on the Friday before: still closed.
    assert not hours.is_open(week, [], "America/Chicago", utc(2026, 3, 6, 12, 30))
    # Mon 9 March 23:30 UTC is 18:30 CDT: closed, though it would be 17:30 in CST.
    assert not hours.is_open(week, [], "America/Chicago", utc(2026, 3, 9, 23, 30))


def test_it_is_open_at_the_same_local_hour_across_the_fall_dst_change_in_chicago():
    week = hours.parse("mon-fri 07:00-18:00")
    # Fri 30 Oct 12:30 UTC is 07:30 CDT; Mon 2 Nov 12:30 UTC is 06:30 CST (after 1 November).
    assert hours.is_open(week, [], "America/Chicago", utc(2026, 10, 30, 12, 30))
    assert not hours.is_open(week, [], "America/Chicago", utc(2026, 11, 2, 12, 30))
    assert hours.is_open(week, [], "America/Chicago", utc(2026, 11, 2, 13, 30))


def test_the_repeated_hour_of_the_fall_change_counts_both_times():
    week = hours.parse("sun 01:00-02:00")
    first_0130 = utc(2026, 11, 1, 6, 30)  # 01:30 CDT
    second_0130 = utc(2026, 11, 1, 7, 30)  # 01:30 CST, one hour later
    assert hours.is_open(week, [], "America/Chicago", first_0130)
    assert hours.is_open(week, [], "America/Chicago", second_0130)
    assert not hours.is_open(week, [], "America/Chicago", utc(2026, 11, 1, 8, 30))


def test_the_skipped_hour_of_the_spring_change_never_happens():
    week = hours.parse("sun 02:00-03:00")
    # 07:59 UTC is 01:59 CST; one minute later it is 03:00 CDT.
    assert not hours.is_open(week, [], "America/Chicago", utc(2026, 3, 8, 7, 59))
    assert not hours.is_open(week, [], "America/Chicago", utc(2026, 3, 8, 8, 0))


def test_phoenix_keeps_the_same_utc_hours_all_year():
    week = hours.parse("mon-sat 07:00-19:00")
    for day in (utc(2026, 1, 12, 14, 0), utc(2026, 3, 9, 14, 0), utc(2026, 7, 14, 14, 0), utc(2026, 11, 2, 14, 0)):
        assert hours.is_open(week, [], "America/Phoenix", day)  # 07:00 MST
        assert not hours.is_open(week, [], "America/Phoenix", day.replace(hour=13, minute=59))


def test_a_bad_time_zone_raises_hours_error():
    with pytest.raises(HoursError, match="'Mars/Olympus' is not a time zone"):
        hours.zone("Mars/Olympus")


def test_it_describes_hours_back_in_words():
    spec = "mon-fri 07:00-12:00, 13:00-18:00; sat 08:00-12:00"
    assert hours.describe(hours.parse(spec)) == spec
    assert hours.describe({}) == "closed"
