"""Keyword-lens figures (toolkit.plots.keywords): bars, dispersion marks and trend lines hold the table's values."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk

TABLE = pd.DataFrame({"term": ["sokha", "hun sen", "court"], "score": [9.0, 4.0, 1.5], "count": [5, 4, 2],
                      "doc_count": [2, 2, 1], "n": [1, 2, 1]})


def test_keyword_bars_put_the_best_term_on_top():
    fig = tk.plot_keywords(TABLE, method="keyness")
    (bars,) = fig.data
    assert list(bars.y) == ["court", "hun sen", "sokha"]  # plotly draws the last bar on top
    assert list(bars.x) == [1.5, 4.0, 9.0]
    assert fig.layout.title.text == "Keywords"


def test_two_groups_diverge_and_more_groups_get_panels():
    other = TABLE.assign(term=["arrest", "vote", "rally"])
    two = pd.concat([TABLE.assign(period="before"), other.assign(period="after")])[["period", *TABLE.columns]]
    fig = tk.plot_keywords(two)
    assert [trace.name for trace in fig.data] == ["before", "after"]
    assert max(fig.data[0].x) < 0 < min(fig.data[1].x)  # the first group to the left
    assert list(fig.layout.yaxis.categoryarray) == ["court", "hun sen", "sokha", "rally", "vote", "arrest"]
    three = pd.concat([TABLE.assign(month=m) for m in ("2017-07", "2017-08", "2017-09")])[["month", *TABLE.columns]]
    panels = tk.plot_keywords(three)
    assert len(panels.data) == 3 and [a.text for a in panels.layout.annotations] == ["2017-07", "2017-08", "2017-09"]


def test_keyword_plot_names_missing_columns():
    with pytest.raises(ValueError, match="doc_count"):
        tk.plot_keywords(TABLE.drop(columns="doc_count"))


def test_dispersion_marks_one_row_per_term(seed):
    table = tk.dispersion(seed, ["Sokha", "hun sen"])
    fig = tk.plot_dispersion(table)
    assert [trace.name for trace in fig.data] == ["Sokha", "hun sen"]
    assert [len(trace.x) for trace in fig.data] == [5, 4]
    assert list(fig.layout.yaxis.ticktext) == ["hun sen", "Sokha"]  # the first term on the top row
    assert set(fig.data[0].y) == {1.0}
    by_position = tk.plot_dispersion(table, by="position")
    assert all(0 <= x <= 1 for trace in by_position.data for x in trace.x)
    with pytest.raises(ValueError, match="by='page'"):
        tk.plot_dispersion(table, by="page")


def test_trend_lines_follow_the_periods(news):
    table = tk.term_trends(news, ["bank", "opposition"], freq="month")
    fig = tk.plot_trends(table, y="count")
    lines = {trace.name: (list(pd.to_datetime(trace.x)), list(trace.y)) for trace in fig.data}
    assert lines["bank"] == ([pd.Timestamp("2017-08-01"), pd.Timestamp("2017-09-01")], [0, 3])
    assert lines["opposition"][1] == [1, 1]
    assert fig.layout.yaxis.title.text == "occurrences"


def test_a_trend_line_breaks_where_periods_have_no_data():
    periods = pd.to_datetime(["2005-01-01", "2005-02-01", "2009-06-01", "2009-07-01"])
    table = pd.DataFrame({"term": "boeing", "period": periods, "count": [1, 2, 3, 4], "n_tokens": 100,
                          "per_10k": [100.0, 200.0, 300.0, 400.0]})
    (line,) = tk.plot_trends(table, y="count").data
    assert line.connectgaps is False
    values = list(line.y)
    assert values[:2] == [1, 2] and pd.isna(values[2]) and values[3:] == [3, 4]  # broken between 2005 and 2009
    assert pd.Timestamp("2005-02-01") < pd.Timestamp(line.x[2]) < pd.Timestamp("2009-06-01")
    (steady,) = tk.plot_trends(table.iloc[:2], y="count", freq="month").data
    assert list(steady.y) == [1, 2]  # next months: nothing to break


def test_every_term_is_labelled_once_per_axis_and_the_legend_is_outside_the_bars():
    many = pd.DataFrame({"term": [f"term {i}" for i in range(40)], "score": range(40, 0, -1), "count": 3,
                         "doc_count": 1, "n": 2})
    fig = tk.plot_keywords(many)
    assert list(fig.layout.yaxis.tickvals) == list(fig.data[0].y)  # all 40 ticks, none skipped by plotly
    assert fig.layout.height >= 40 * 22

    before, after = many.iloc[:20], many.iloc[20:]
    two = pd.concat([before.assign(period="before"), after.assign(period="after")])[["period", *many.columns]]
    diverging = tk.plot_keywords(two)
    assert len(diverging.layout.yaxis.tickvals) == 40 and diverging.layout.height >= 40 * 22
    assert diverging.layout.legend.yanchor == "bottom" and diverging.layout.legend.y >= 1  # above the plot area

    # Frequency tables share terms: one panel per group, each term once on each axis
    shared = pd.concat([many.assign(period="before"), many.assign(period="after")])[["period", *many.columns]]
    panels = tk.plot_keywords(shared, method="frequency")
    assert [a.text for a in panels.layout.annotations] == ["before", "after"]
    for name in ("yaxis", "yaxis2"):
        ticks = list(panels.layout[name].tickvals)
        assert len(ticks) == len(set(ticks)) == 40
    assert panels.layout.height >= 2 * 40 * 22
