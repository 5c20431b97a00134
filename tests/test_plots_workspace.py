"""The workspace's date histogram: bars per period, the filter darker, the range shaded, brushing along x."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit.plots.workspace import plot_histogram

COUNTS = pd.DataFrame({"period": pd.to_datetime(["2021-01-01", "2021-02-01", "2021-03-01"]),
                       "documents": [3, 5, 2], "in_filter": [1, 5, 0]})


def test_bars_for_all_documents_and_those_in_the_filter():
    fig = plot_histogram(COUNTS, freq="month")
    assert [t.name for t in fig.data] == ["all documents", "in the filter"]
    assert list(fig.data[1].y) == [1, 5, 0]
    assert fig.layout.dragmode == "select" and fig.layout.selectdirection == "h"


def test_the_date_range_is_shaded_and_open_ends_reach_the_data():
    assert len(plot_histogram(COUNTS, start="2021-02-01", end="2021-02-28").layout.shapes) == 1
    assert len(plot_histogram(COUNTS, start="2021-02-01").layout.shapes) == 1
    assert not plot_histogram(COUNTS).layout.shapes


def test_no_dated_documents_says_so():
    fig = plot_histogram(COUNTS.iloc[0:0])
    assert "No dated documents" in fig.layout.annotations[0].text


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="freq"):
        plot_histogram(COUNTS, freq="year")
    with pytest.raises(ValueError, match="in_filter"):
        plot_histogram(COUNTS.drop(columns="in_filter"))
