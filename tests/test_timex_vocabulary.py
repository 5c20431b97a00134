"""The calendar helpers of the timex vocabulary (toolkit.timex.vocabulary): months added and dates shifted,
ISO weeks and other calendar values, the year a month without one falls in, durations and number words."""
from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from toolkit.timex.vocabulary import _add_months, _fmt_duration, _fmt_unit, _fmt_week, _nearest_year, _number, _shift

FRIDAY = dt.date(2017, 9, 8)


def test_adding_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert _add_months(dt.date(2017, 1, 31), 1) == dt.date(2017, 2, 28)
    assert _add_months(dt.date(2016, 1, 31), 1) == dt.date(2016, 2, 29)  # a leap year
    assert _add_months(dt.date(2017, 1, 31), -2) == dt.date(2016, 11, 30)
    assert _add_months(dt.date(2017, 1, 15), 13) == dt.date(2018, 2, 15)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.integers(-1200, 1200))
def test_adding_months_moves_the_month_by_that_many(day, n):
    moved = _add_months(day, n)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == n
    assert moved.day == min(day.day, calendar.monthrange(moved.year, moved.month)[1])


def test_a_date_is_shifted_by_days_weeks_and_calendar_months_but_not_by_hours():
    assert _shift(FRIDAY, "day", -2) == dt.date(2017, 9, 6)
    assert _shift(FRIDAY, "week", 1) == dt.date(2017, 9, 15)
    assert _shift(FRIDAY, "year", 0.5) == dt.date(2018, 3, 8)  # half a year: six months
    assert _shift(FRIDAY, "quarter", -1) == dt.date(2017, 6, 8)
    assert _shift(FRIDAY, "decade", 1) == dt.date(2027, 9, 8)
    assert _shift(FRIDAY, "hour", 3) == FRIDAY  # a date has no hours


def test_calendar_values_use_iso_weeks_across_the_turn_of_the_year():
    assert [_fmt_week(dt.date(2021, 1, 1)), _fmt_week(FRIDAY), _fmt_week(dt.date(2018, 12, 31))] == [
        "2020-W53", "2017-W36", "2019-W01"]
    units = ("day", "weekend", "month", "quarter", "year", "decade", "century")
    assert [_fmt_unit(FRIDAY, u) for u in units] == [
        "2017-09-08", "2017-W36-WE", "2017-09", "2017-Q3", "2017", "201", "20"]


def test_a_month_without_a_year_is_the_nearest_one_in_the_direction_of_the_tense():
    assert _nearest_year(FRIDAY, 3, None, "past") == 2017 and _nearest_year(FRIDAY, 3, None, "future") == 2018
    assert _nearest_year(FRIDAY, 11, None, "past") == 2016 and _nearest_year(FRIDAY, 11, None, None) == 2017
    assert _nearest_year(FRIDAY, 2, None, None) == 2018  # February 2018 is nearer than February 2017
    assert _nearest_year(FRIDAY, 9, 20, "past") == 2016 and _nearest_year(FRIDAY, 9, None, "past") == 2017


def test_durations_are_timex3_periods_and_number_words_are_read():
    assert [_fmt_duration(3, "year"), _fmt_duration(2, "decade"), _fmt_duration(None, "hour"),
            _fmt_duration(1.5, "day")] == ["P3Y", "P20Y", "PTXH", "P1.5D"]
    assert [_number("two and a half"), _number("A  couple of"), _number("12"), _number("several")] == [2.5, 2, 12, None]
