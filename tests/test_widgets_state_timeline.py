"""The timeline explorer's state (toolkit.widgets.state.timeline) without widgets: filters, reference dates,
the table, the date bounds and the exported settings."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import traitlets

import toolkit as tk
from toolkit.widgets.state.timeline import TABLE_COLUMNS, TimelineState


def test_state_filters(timeline_corpus):
    state = TimelineState(corpus=timeline_corpus, actor_lens=False)
    everything = state.selected()
    tk.validate(everything, "events")
    assert set(everything["doc_id"]) == {"raid", "vote"}
    state.anchors = ("absolute",)
    assert set(state.selected()["text"]) == {"January 2014"}
    state.anchors = ("absolute", "relative", "vague")
    state.search = "POLLS"
    assert list(state.selected()["text"]) == ["next year"]
    state.search = ""
    state.actor = "Kem Sokha"
    assert set(state.selected()["doc_id"]) == {"raid"}
    state.actor = ""
    state.date_range = (dt.date(2017, 9, 1), dt.date(2017, 9, 30))
    assert "Sunday" in set(state.selected()["text"]) and "January 2014" not in set(state.selected()["text"])
    with pytest.raises(traitlets.TraitError, match="unknown sections"):
        state.sections = ("footer",)


def test_state_reference_override_recomputes_one_document(timeline_corpus):
    state = TimelineState(corpus=timeline_corpus, actor_lens=False)
    before = state.all_events()
    vote_rows = before[before["doc_id"] == "vote"].reset_index(drop=True)
    revision = state.revision
    state.set_reference("raid", dt.date(2020, 1, 1))
    after = state.all_events()
    assert state.revision == revision + 1
    assert after.loc[after["text"] == "Sunday", "value"].item() == "2019-12-29"
    assert after[after["doc_id"] == "vote"].reset_index(drop=True)[["text", "value"]].equals(
        vote_rows[["text", "value"]])
    state.set_reference("raid", None)
    assert state.all_events().loc[lambda t: t["text"] == "Sunday", "value"].item() == "XXXX-WXX-7"
    state.set_reference("raid", None, reset=True)
    assert state.reference_dates == {}
    assert state.all_events().loc[lambda t: t["text"] == "Sunday", "value"].item() == "2017-09-03"


def test_the_table_lists_events_by_date_with_titles_and_the_undated_last(timeline_corpus):
    table = TimelineState(corpus=timeline_corpus, actor_lens=False).table()
    assert list(table.columns) == TABLE_COLUMNS
    assert table[["date", "text", "title"]].values.tolist() == [
        ["2014-01-01", "January 2014", "Raid"], ["2017-09-03", "Sunday", "Raid"], ["2018-03-01", "Thursday", "Vote"],
        ["2019-01-01", "next year", "Vote"], ["", "several years ago", "Raid"]]
    assert table.loc[1, "actors"] == "Kem Sokha"


def test_date_bounds_span_every_event_and_the_settings_are_json(timeline_corpus):
    state = TimelineState(corpus=timeline_corpus, actor_lens=False)
    assert state.date_bounds() == (pd.Timestamp("2014-01-01"), pd.Timestamp("2019-12-31"))
    state.date_range = (dt.date(2017, 9, 1), dt.date(2017, 9, 30))
    state.set_reference("vote", None)
    params = json.loads(json.dumps(state.params()))
    assert params["date_range"] == ["2017-09-01", "2017-09-30"] and params["reference_dates"] == {"vote": None}
