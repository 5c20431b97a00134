"""The calendar interval a TIMEX3 value covers."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit.timex import value_interval


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2017-09-03", "2017-09-03", "2017-09-03"),
        ("2014-01", "2014-01-01", "2014-01-31"),
        ("2017-W36", "2017-09-04", "2017-09-10"),
        ("2017-Q3", "2017-07-01", "2017-09-30"),
        ("199", "1990-01-01", "1999-12-31"),
        ("2018", "2018-01-01", "2018-12-31"),
    ],
)
def test_value_interval(value, start, end):
    assert value_interval(value) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize("value", ["PAST_REF", "P3Y", "XXXX-WXX-7", "XXXX-03"])
def test_value_interval_off_calendar(value):
    assert value_interval(value) == (pd.NaT, pd.NaT)
