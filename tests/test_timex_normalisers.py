"""The normalisers (toolkit.timex.normalisers), each on a match of a small pattern of its own: the TIMEX3 value,
type and anchor of one expression, resolved against the reference date, the tense and the last date mentioned."""
from __future__ import annotations

import datetime as dt
import re

from toolkit.timex.normalisers import (_Context, _norm_ago, _norm_full_date, _norm_shifted, _norm_time, _norm_vague,
                                       _norm_weekday)

FRIDAY = dt.date(2017, 9, 8)


def _normalise(normaliser, pattern: str, text: str, ref=FRIDAY, last_day=None):
    """``(value, type, anchor)`` of the first match of ``pattern`` in the one-sentence ``text``, and the context."""
    ctx = _Context(text, ref, [0], [len(text)], last_day=last_day)
    return normaliser(re.search(pattern, text), ctx), ctx


DAY_OF_MONTH = r"(?P<month>May|February)\s+(?P<day>\d+)(?:,\s+(?P<year>\d{4}))?"
WEEKDAY = r"(?P<weekday>Sunday|Monday)"


def test_a_day_of_a_month_takes_the_year_its_tense_points_to_and_becomes_the_last_day():
    past, ctx = _normalise(_norm_full_date, DAY_OF_MONTH, "Protesters were killed on May 15.")
    assert past == ("2017-05-15", "DATE", "relative") and ctx.last_day == dt.date(2017, 5, 15)
    assert _normalise(_norm_full_date, DAY_OF_MONTH, "Elections will be held on May 15.")[0][0] == "2018-05-15"
    assert _normalise(_norm_full_date, DAY_OF_MONTH, "He spoke on May 15, 2016.")[0] == ("2016-05-15", "DATE", "absolute")
    assert _normalise(_norm_full_date, DAY_OF_MONTH, "Due February 30, 2017.")[0][0] == "2017-02"  # no such day
    assert _normalise(_norm_full_date, DAY_OF_MONTH, "Held on May 15.", ref=None)[0] == ("XXXX-05-15", "DATE",
                                                                                         "relative")


def test_a_weekday_looks_back_unless_the_verb_or_until_looks_ahead():
    assert _normalise(_norm_weekday, WEEKDAY, "He was arrested on Sunday.")[0][0] == "2017-09-03"
    assert _normalise(_norm_weekday, WEEKDAY, "Talks will resume on Monday.")[0][0] == "2017-09-11"
    assert _normalise(_norm_weekday, WEEKDAY, "The border is closed until Monday.")[0][0] == "2017-09-11"
    assert _normalise(_norm_weekday, WEEKDAY, "He was arrested on Sunday.", ref=None)[0] == ("XXXX-WXX-7", "DATE",
                                                                                             "relative")


def test_a_shift_counts_from_the_last_date_mentioned_and_moves_it():
    shifted = r"(?i)(?P<n>two|a)\s+(?P<unit>days|year)\s+(?P<dir>later|earlier)"
    value, ctx = _normalise(_norm_shifted, shifted, "He returned two days later.", last_day=dt.date(2017, 5, 1))
    assert value == ("2017-05-03", "DATE", "relative") and ctx.last_day == dt.date(2017, 5, 3)
    assert _normalise(_norm_shifted, shifted, "A year earlier, he had left.")[0][0] == "2016"  # from the reference
    assert _normalise(_norm_shifted, shifted, "He returned two days later.", ref=None)[0][0] == "XXXX-XX-XX"


def test_ago_counts_back_from_the_reference_and_a_vague_count_stays_vague():
    ago = r"(?P<n>three|two|several)\s+(?P<unit>weeks|years)\s+ago"
    assert _normalise(_norm_ago, ago, "It began three weeks ago.")[0] == ("2017-08-18", "DATE", "relative")
    assert _normalise(_norm_ago, ago, "It began two years ago.")[0] == ("2015", "DATE", "relative")
    assert _normalise(_norm_ago, ago, "It began several years ago.")[0] == ("PAST_REF", "DATE", "vague")


def test_a_time_of_day_takes_the_last_day_mentioned_and_reads_the_twelve_hour_clock():
    clock = r"(?P<h>\d+)(?::(?P<mi>\d\d))?\s*(?P<ampm>[ap]\.m\.)(?:\s+(?P<zone>GMT))?"
    assert _normalise(_norm_time, clock, "at 6:40 p.m. GMT")[0] == ("2017-09-08T18:40Z", "TIME", "relative")
    assert _normalise(_norm_time, clock, "at 12 a.m.", last_day=dt.date(2017, 9, 3))[0][0] == "2017-09-03T00:00"
    assert _normalise(_norm_time, r"(?P<word>noon)", "by noon", ref=None)[0][0] == "XXXX-XX-XXT12:00"


def test_vague_words_point_to_the_past_present_or_future():
    vague = r"(?P<word>recent\s+years|the\s+near\s+future|nowadays)"
    assert [_normalise(_norm_vague, vague, text)[0][0] for text in ("in recent years", "in the near future",
                                                                    "nowadays")] == ["PAST_REF", "FUTURE_REF",
                                                                                     "PRESENT_REF"]
