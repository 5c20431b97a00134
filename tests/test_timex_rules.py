"""The rules (toolkit.timex.rules): every rule a compiled pattern with its kind and normaliser, the examples in
the rules' comments matched whole by a rule of the right normaliser, and the test that tells a year from a count."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from toolkit.timex import normalisers as N
from toolkit.timex.rules import _BARE_YEAR, RULES, _plausible_year

FRIDAY = dt.date(2017, 9, 8)


def test_every_rule_is_a_compiled_pattern_with_a_trigger_kind_and_a_normaliser():
    kinds = {"month", "digit", "unit", "dayword", "weekday", "shift", "ago", "set", "season", "vague", "noon"}
    for kind, pattern, normaliser in RULES:
        assert isinstance(pattern, re.Pattern) and callable(normaliser), pattern.pattern[:40]
        assert set(kind.split()) <= kinds, kind
        assert pattern.groups >= 1  # a normaliser reads its named groups
    assert any(pattern is _BARE_YEAR for _, pattern, _ in RULES)


@pytest.mark.parametrize("example, normaliser", [
    ("Monday, May 15, 2017", N._norm_full_date), ("Sept. 4", N._norm_full_date), ("the 15th of May", N._norm_full_date),
    ("January 2014", N._norm_month_year), ("October of next year", N._norm_month), ("last September", N._norm_month),
    ("fiscal 2009", N._norm_year), ("the 1990s", N._norm_decade), ("the 21st century", N._norm_century),
    ("2017-05-15", N._norm_iso), ("7/8/07", N._norm_slash), ("yesterday afternoon", N._norm_day_word),
    ("last night", N._norm_day_word), ("Friday morning", N._norm_weekday), ("the following day", N._norm_relative_unit),
    ("earlier this year", N._norm_earlier_later), ("two days ago", N._norm_ago), ("a year earlier", N._norm_shifted),
    ("six straight days", N._norm_duration), ("every Monday", N._norm_set), ("the third quarter of 2009", N._norm_quarter),
    ("Q3 2009", N._norm_quarter), ("the summer of 2016", N._norm_season), ("recent years", N._norm_vague),
    ("6:40 p.m. GMT", N._norm_time), ("14:48 UTC", N._norm_time), ("noon", N._norm_time),
])
def test_an_example_of_a_rule_is_matched_whole_by_a_rule_with_its_normaliser(example, normaliser):
    whole = [norm for _, pattern, norm in RULES if pattern.fullmatch(example)]
    assert normaliser in whole


def test_a_bare_number_is_a_year_unless_its_neighbours_say_it_counts_something():
    def year(text: str, number: str, ref=FRIDAY) -> bool:
        start = text.index(number)
        return _plausible_year(text, start, start + len(number), ref)

    assert year("He has lived there since 1993.", "1993") and year("The 2013 vote was rigged.", "2013")
    assert not year("Some 2000 people gathered.", "2000") and not year("The company sold 1500 cars.", "1500")
    assert not year("Tariffs under Section 2301 rose.", "2301")
    assert not year("Vision 2030 was shelved.", "2030", ref=dt.date(2010, 1, 1))  # no "in" or "the": too far ahead
    assert year("Vision 2030 was shelved.", "2030", ref=dt.date(2025, 1, 1)) and year("The 2030 plan.", "2030", ref=None)


def test_the_bare_year_pattern_leaves_amounts_and_ranges_alone():
    assert [m.group() for m in _BARE_YEAR.finditer("In 2013, 2014 and 2015-2016, $2010 and 1999%.")] == ["2013", "2014"]
