"""Date axes and lines over time (toolkit.plots.time): axes whose ticks fit the span shown, and lines broken
where a whole period has no data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.plots.time import DAY_MS, break_gaps, date_axis


def test_a_span_of_one_day_is_widened_to_a_week_with_a_tick_each_day():
    fig = go.Figure(go.Scatter(x=["2017-09-08"], y=[1]), layout={"xaxis": date_axis("2017-09-08", "2017-09-08")})
    axis = fig.layout.xaxis
    assert tuple(axis.range) == ("2017-09-04 12:00:00", "2017-09-11 12:00:00")
    assert axis.dtick == DAY_MS and axis.tickformat == "%d %b %Y" and axis.type == "date"


def test_longer_spans_read_as_days_then_as_plotly_chooses_and_no_dates_give_a_bare_axis():
    assert date_axis("2017-09-01", "2017-10-15") == {"type": "date", "tickformat": "%d %b %Y"}
    assert date_axis("2017-01-01", "2019-01-01") == {"type": "date"}
    assert date_axis(None, "2019-01-01") == date_axis(pd.NaT, pd.NaT) == {"type": "date"}


def test_a_missing_month_breaks_the_line_between_its_neighbours():
    points = pd.DataFrame({"when": pd.to_datetime(["2017-03-01", "2017-01-01", "2017-02-01", "2017-06-01"]),
                           "n": [3, 1, 2, 6]})
    gapped = break_gaps(points, x="when", y="n")
    line = go.Figure(go.Scatter(x=gapped["when"], y=gapped["n"]))
    y = np.array(line.data[0].y, dtype=float)
    assert y[:3].tolist() == [1, 2, 3] and np.isnan(y[3]) and y[4] == 6  # one hole for April and May
    assert pd.Timestamp(line.data[0].x[3]) == pd.Timestamp("2017-04-16")  # halfway between its neighbours


def test_points_without_a_gap_and_a_single_point_are_only_sorted():
    weekly = pd.DataFrame({"when": pd.to_datetime(["2017-01-09", "2017-01-02"]), "n": [2, 1]})
    assert break_gaps(weekly, x="when", y="n")["n"].tolist() == [1, 2]
    one = weekly.iloc[:1]
    assert break_gaps(one, x="when", y="n").equals(one)


@given(st.sets(st.integers(0, 40), min_size=1, max_size=20))
def test_each_run_of_missing_months_gets_one_hole_and_the_points_stay(months):
    chosen = sorted(months)
    points = pd.DataFrame({"when": [pd.Timestamp("2015-01-01") + pd.DateOffset(months=m) for m in chosen],
                           "n": [float(m) for m in chosen]})
    out = break_gaps(points.sample(frac=1, random_state=0), x="when", y="n", freq="M")
    gaps = sum(b - a > 1 for a, b in zip(chosen, chosen[1:]))
    assert out["n"].isna().sum() == gaps
    assert out["n"].dropna().tolist() == [float(m) for m in chosen] and out["when"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("starts", "holes"),
    [
        (["2017-01-01", "2017-03-01", "2017-05-01"], 2),  # every other month: not quarters
        (["2017-01-02", "2017-01-16", "2017-01-30"], 2),  # every other week (Monday starts): not months
        (["2017-01-01", "2017-04-01", "2017-07-01"], 0),  # quarters
    ],
)
def test_the_inferred_period_is_one_the_points_start(starts, holes):
    points = pd.DataFrame({"when": pd.to_datetime(starts), "n": [1.0, 2.0, 3.0]})
    assert break_gaps(points, x="when", y="n")["n"].isna().sum() == holes
