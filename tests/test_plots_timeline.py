"""The timeline figure (toolkit.plots.timeline): events in lanes on a date axis, binned when there are many."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk


def events(n: int = 3, *, value: str = "2017-09-03") -> pd.DataFrame:
    day = pd.Timestamp(value)
    return pd.DataFrame({
        "doc_id": [f"d{i % 2}" for i in range(n)], "text": ["Sunday"] * n, "value": [value] * n,
        "date_start": [day] * n, "date_end": [day] * n, "sentence": ["Kem Sokha was arrested on Sunday."] * n,
        "anchor": ["relative"] * n, "section": ["body"] * n, "predicate": ["arrested"] * n,
    })


def test_days_are_points_in_the_day_lane_coloured_by_document():
    fig = tk.plot_timeline(events(3))
    assert sorted(trace.name for trace in fig.data) == ["d0", "d1"]
    assert sum(len(trace.x) for trace in fig.data) == 3
    assert {pd.Timestamp(x).normalize() for trace in fig.data for x in trace.x} == {pd.Timestamp("2017-09-03")}
    assert list(fig.layout.yaxis.ticktext) == list(tk.plots.timeline.LANES)
    assert fig.layout.title.text == "Timeline: 3 events"


def test_many_events_are_binned_and_an_empty_table_says_so():
    binned = tk.plot_timeline(events(30), max_marks=10)
    assert binned.layout.title.text == "Timeline: 30 events, binned by day"
    assert {trace.name: list(trace.customdata) for trace in binned.data} == {"d0": [15], "d1": [15]}  # events per bin
    empty = tk.plot_timeline(events(1).iloc[:0])
    assert empty.layout.annotations[0].text == "No dated events to show"


def test_timeline_plot_checks_its_options():
    with pytest.raises(ValueError, match="color='size'"):
        tk.plot_timeline(events(1), color="size")
    with pytest.raises(ValueError, match="sentence"):
        tk.plot_timeline(events(1).drop(columns="sentence"))


def test_events_on_one_day_get_day_ticks_not_milliseconds():
    fig = tk.plot_timeline(events(3))
    axis = fig.layout.xaxis
    low, high = (pd.Timestamp(end) for end in axis.range)
    assert high - low >= pd.Timedelta(days=6) and low < pd.Timestamp("2017-09-03") < high
    assert axis.dtick == 86_400_000 and "%H" not in axis.tickformat and "%S" not in axis.tickformat
    years = tk.plot_timeline(pd.concat([events(1), events(1, value="2001-05-01")]))
    assert years.layout.xaxis.range is None and years.layout.xaxis.tickformat is None  # plotly's own ticks


def test_the_legend_names_documents_by_title_and_says_how_many_share_other():
    def many(n: int) -> pd.DataFrame:
        table = pd.concat([events(1)] * n, ignore_index=True)
        return table.assign(doc_id=[f"id{i}" for i in range(n)], title=[f"Story number {i}" for i in range(n)])

    fifteen = {trace.name for trace in tk.plot_timeline(many(15)).data}
    assert fifteen == {f"Story number {i}" for i in range(15)}  # no "other" for 15 documents, no raw id
    thirty = {trace.name for trace in tk.plot_timeline(many(30)).data}
    assert len(thirty) == tk.plots.timeline.MAX_GROUPS and "other (11 documents)" in thirty
    assert not any(name.startswith("id") for name in thirty)
    assert tk.plot_timeline(many(30)).layout.legend.title.text == "document"
