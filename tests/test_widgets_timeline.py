"""The timeline explorer (toolkit.widgets.timeline) driven headless: set widget values, read the state, the
figure and the table. The state alone is tested in test_widgets_state_timeline."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from toolkit.widgets.timeline import TimelineExplorer, _slider_options


@pytest.fixture
def explorer(timeline_corpus):
    return TimelineExplorer(timeline_corpus, actor_lens=False)


def test_explorer_controls_change_figure_and_table(explorer):
    assert explorer.figure.layout.title.text == "Timeline: 5 events"
    assert "<b>5</b> of 5" in explorer.summary.value
    explorer.anchor_boxes["vague"].value = False
    assert explorer.state.anchors == ("absolute", "relative")
    assert explorer.figure.layout.title.text == "Timeline: 4 events"
    explorer.search.value = "crushed"
    assert "<b>1</b> of 5" in explorer.summary.value
    assert "January 2014" in explorer.table.value and "protests crushed" in explorer.table.value.lower()
    explorer.search.value = ""
    explorer.section_boxes["body"].value = False
    assert explorer.figure.layout.title.text == "Timeline: 0 events"
    explorer.section_boxes["body"].value = True
    explorer.color.value = "anchor"
    assert {trace.name for trace in explorer.figure.data} == {"absolute", "relative"}
    assert explorer.errors.message == ""


def test_explorer_actor_and_dates(explorer):
    names = [value for _, value in explorer.actor.options]
    assert "Kem Sokha" in names and names[0] == ""
    explorer.actor.value = "Kem Sokha"
    assert set(explorer.state.selected()["doc_id"]) == {"raid"}
    explorer.actor.value = ""
    assert explorer.dates.index == (0, len(explorer.dates.options) - 1)
    assert explorer.state.date_range == (None, None)
    last = len(explorer.dates.options) - 1
    explorer.dates.index = (last - 1, last)  # the last step only holds 2018 and 2019
    start, end = explorer.state.date_range
    assert start is not None and end >= start
    assert "January 2014" not in explorer.table.value


def test_explorer_reference_date_picker(explorer):
    explorer.document.value = "raid"
    assert explorer.reference.value == dt.date(2017, 9, 8)
    explorer.reference.value = dt.date(2020, 1, 1)
    assert explorer.state.reference_dates == {"raid": dt.date(2020, 1, 1)}
    assert "2019-12-29" in explorer.table.value
    explorer.reset_reference.click()
    assert explorer.state.reference_dates == {}
    assert explorer.reference.value == dt.date(2017, 9, 8)
    assert "2017-09-03" in explorer.table.value
    assert explorer.errors.message == ""


def test_explorer_exports_html_and_csv(explorer, tmp_path):
    explorer.export._out_dir = tmp_path
    for fmt, box in explorer.export.checkboxes.items():
        box.value = fmt == "html"
    explorer.search.value = "Sunday"
    written = explorer.export.export()
    assert written["html"].exists()
    csv = [p for p in tmp_path.rglob("*.csv")]
    assert csv and "arrested" in csv[0].read_text()
    sidecar = json.loads(next(tmp_path.rglob("*.json")).read_text())
    assert "Sunday" in json.dumps(sidecar)


def test_explorer_follows_a_new_corpus(explorer, tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "one.txt").write_text("Storm\n\nA storm hit the coast in March 2015.\n", encoding="utf-8")
    explorer.picker.load(str(folder))
    assert [value for _, value in explorer.document.options] == list(explorer.state.corpus.documents["doc_id"])
    assert explorer.figure.layout.title.text == "Timeline: 1 event"
    assert explorer.state.reference_dates == {}


def test_slider_options_pick_a_step_by_span():
    import pandas as pd

    days = _slider_options((pd.Timestamp("2017-09-01"), pd.Timestamp("2017-09-30")))
    assert len(days) == 30 and days[0][0] == "2017-09-01"
    years = _slider_options((pd.Timestamp("1900-01-01"), pd.Timestamp("2017-09-30")))
    assert years[0][0] == "1900" and years[-1][1][1] == pd.Timestamp("2017-09-30")
    assert _slider_options(None) == [("no dates", (None, None))]


def test_no_control_label_is_cut(explorer):
    from widget_helpers import cut_labels

    assert cut_labels(explorer) == []


def test_documents_are_named_by_title_in_the_dropdown_legend_and_table(explorer):
    assert [label for label, _ in explorer.document.options] == ["Raid", "Vote"]
    assert {trace.name for trace in explorer.figure.data} == {"Raid", "Vote"}
    assert set(explorer.state.table()["title"]) == {"Raid", "Vote"}
