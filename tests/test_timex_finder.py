"""The finder: expressions found and resolved in small texts, numbers that are not dates, and trigger windows
that find what a full scan of the rules finds."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from toolkit.timex import find_timexes, finder, rules, value_interval

FRIDAY = dt.date(2017, 9, 8)  # the seed's publication date


def values(text: str, reference=FRIDAY) -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(text, reference=reference)}


# ---------------------------------------------------------------- relative expressions


@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("He was arrested on Sunday.", "Sunday", "2017-09-03"),
        ("They met on Thursday.", "Thursday", "2017-09-07"),
        ("The talks will resume on Monday.", "Monday", "2017-09-11"),
        ("Prices rose last month.", "last month", "2017-08"),
        ("He died two days ago.", "two days ago", "2017-09-06"),
        ("Earlier this year, the party split.", "Earlier this year", "2017"),
        ("The vote is due next week.", "next week", "2017-W37"),
        ("He arrived yesterday.", "yesterday", "2017-09-07"),
        ("They will sign the deal later this month.", "later this month", "2017-09"),
        ("Sales fell in the third quarter of 2016.", "the third quarter of 2016", "2016-Q3"),
        ("It rained all summer of 2015.", "summer of 2015", "2015-SU"),
        ("The plant was built in the 1990s.", "the 1990s", "199"),
        ("Fighting continued for three years.", "three years", "P3Y"),
        ("The meeting is held every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Things were different in the past.", "the past", "PAST_REF"),
        ("They were detained at 4 a.m. on Sunday.", "4 a.m. on Sunday", "2017-09-03T04:00"),
        ("It ran in the 2017-05-15 edition.", "2017-05-15", "2017-05-15"),
    ],
)
def test_relative_and_other_expressions(sentence, expression, value):
    assert values(sentence).get(expression) == value


def test_month_follows_the_tense():
    assert values("Protesters were killed in March.")["March"] == "2017-03"
    assert values("Elections will be held in March.")["March"] == "2018-03"
    assert values("Protesters were killed in November.")["November"] == "2016-11"
    assert values("Elections will be held in November.")["November"] == "2017-11"


def test_weekday_on_the_publication_day_is_that_day():
    assert values("The court ruled on Friday.")["Friday"] == "2017-09-08"


def test_the_following_day_counts_from_the_last_date():
    found = values("He left on Monday, May 1, 2017. The following day he returned.")
    assert found["The following day"] == "2017-05-02"


def test_no_published_date_keeps_placeholders():
    found = find_timexes("He was arrested on Sunday, this week, ahead of next year's vote in March.")
    got = {t.text: (t.value, t.anchor) for t in found}
    assert got["Sunday"] == ("XXXX-WXX-7", "relative")
    assert got["this week"] == ("XXXX-WXX", "relative")
    assert got["next year"] == ("XXXX", "relative")
    assert got["March"] == ("XXXX-03", "relative")
    for tx in found:
        assert value_interval(tx.value) == (pd.NaT, pd.NaT) or "X" not in tx.value


# ---------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "sentence",
    [
        "The attack left at least five dead.",
        "The party won 2,882,015 votes.",
        "About 1,000 people marched.",
        "Tariffs under Section 301 were raised.",
        "Barcelona beat Madrid 3-1 and then 2-0.",
        "Some 2000 people gathered outside.",
        "The index rose 1.5 percent to 2015.75 points.",
        "The company sold 1500 cars.",
        "The fund holds $2010 million.",
        "The Northrop Grumman KC-30s are based on the A330.",
    ],
)
def test_numbers_that_are_not_dates(sentence):
    assert find_timexes(sentence, reference=FRIDAY) == []


def test_years_and_decades():
    assert values("his links with the U.S. since 1993")["1993"] == "1993"
    assert values("in the 1990s")["the 1990s"] == "199"
    assert values("music of the '80s")["the '80s"] == "198"
    assert values("The 2013 vote was rigged.")["2013"] == "2013"


def test_modal_may_is_not_a_month():
    assert values("The government may act soon.") == {"soon": "FUTURE_REF"}


def test_idioms_are_not_dates():
    assert values("They build the cars of tomorrow.") == {}
    assert values("About a quarter of the dealers closed.") == {}


# ---------------------------------------------------------------- speed-up safety

_MIXED = (
    "In the 21st century, these days, earlier today and the time being. He was arrested at 4 a.m. on Sunday "
    "and at 14:48 UTC; the 1990s and the '80s; fiscal 2009, Q3 2009, the third quarter of this year. "
    "Prices rose 12% over the past several years, in 2013 and 2014, on 7/8/07 and 2017-05-15. Every Monday "
    "and annual talks; the summer of 2016; Monday, May 15, 2017, 15 May 2017, two days after the vote, "
    "three days later, a year earlier, the following day, that week, the weekend, noon, recent years."
)


def test_trigger_windows_find_what_a_full_scan_finds():
    """Rules run only near trigger words; they must still find every match a scan of the whole text finds."""
    full = set()
    for rule_id, (_, pattern, _) in enumerate(rules.RULES):
        for m in pattern.finditer(_MIXED):
            if pattern is rules._BARE_YEAR and m.group("year") == m.group():
                if not rules._plausible_year(_MIXED, m.start(), m.end(), FRIDAY):
                    continue
            full.add((m.start(), m.end(), rule_id))
    windowed = {(start, end, rule_id) for start, end, rule_id, _ in finder._candidates(_MIXED, FRIDAY)}
    assert windowed == full
    found = {t.text: t.value for t in find_timexes(_MIXED, reference=FRIDAY)}
    assert len(found) >= 29
    assert found["recent years"] == "PAST_REF" and found["noon"] == "2017-05-19T12:00"
