"""The workspace view headless: its controls drive the shared state, and the panels, reader and export follow."""
from __future__ import annotations

import datetime as dt
import json

import pytest

import toolkit as tk


@pytest.fixture
def ws(stories):
    return tk.explore(stories)


def test_explore_returns_a_workspace_with_the_headless_api(ws):
    assert isinstance(ws, tk.Workspace)
    assert {"timeline", "keywords", "actors", "quotes"} <= set(ws.tables())
    assert 'class="tk-reader"' in ws.reader_html()
    assert ws.errors.message == ""


def test_date_pickers_set_the_filter_and_the_panels_follow(ws):
    ws.tabs.selected_index = 3
    before = ws.actors_figure.data[0].y
    ws.start.value = dt.date(2021, 2, 1)
    ws.end.value = dt.date(2021, 2, 28)
    assert ws.state.filter.start == "2021-02-01" and ws.state.filter.end == "2021-02-28"
    assert tuple(ws.actors_figure.data[0].y) != tuple(before)
    assert ws.errors.message == ""


def test_a_brush_on_the_histogram_sets_the_date_range(ws):
    class Points:
        xs = ["2021-02-01", "2021-03-01"]

    ws._on_brush(None, Points(), None)
    assert ws.state.filter.start == "2021-02-01" and ws.state.filter.end == "2021-03-31"  # the whole last month
    assert ws.histogram.layout.shapes  # the chosen range is shaded


def test_filter_set_in_code_shows_in_the_controls(ws):
    ws.set_filter(sources=["wire"], term="union", actor="Ana Reis")
    assert ws.sources.value == ("wire",) and ws.term.value == "union" and ws.actor.value == "Ana Reis"
    ws.clear.click()
    assert ws.state.filter == tk.widgets.state.workspace.Filter()
    assert ws.term.value == "" and ws.sources.value == ()


def test_clicking_an_actor_bar_restricts_the_timeline(ws):
    class Points:
        ys = [ws.state.actors()["actor"].iloc[0]]

    ws._pick_actor(Points.ys)
    ws.tabs.selected_index = 1
    actor = Points.ys[0]
    assert ws.state.selection.actor == actor
    assert all(actor in names for names in ws.state.timeline()["actors"])
    assert actor in ws.selection_line.value


def test_picking_an_event_opens_the_reader_at_its_sentence(ws):
    ws.tabs.selected_index = 1
    label, value = ws.events_list.options[0]
    ws.events_list.value = value
    assert ws.state.selection.doc_id == dict(value)["doc_id"]
    assert 'class="tk-focus"' in ws.reader.value and 'class="tk-date"' in ws.reader.value
    assert ws.citation.value.startswith("\u201c")


def test_clicking_a_keyword_fills_kwic_and_the_trend(ws):
    ws.tabs.selected_index = 2

    class Points:
        ys = ["strike"]

    ws._on_term_click(None, Points(), None)
    assert ws.state.selection.term == "strike"
    assert "<mark>" in ws.kwic.value and ws.kwic_list.options
    assert "strike" in ws.trend_figure.layout.title.text


def test_state_file_round_trip_and_copy_as_code(ws, tmp_path):
    ws.set_filter(sources=["daily"])
    ws.state_path.value = str(tmp_path / "state.json")
    ws.save_state.click()
    ws.set_filter(sources=None)
    ws.load_state.click()
    assert ws.state.filter.sources == ("daily",)
    ws.show_code.value = True
    assert "corpus.select(sources=['daily'])" in ws.code.value
    (tmp_path / "state.json").write_text("not json")
    ws.load_state.click()
    assert "not JSON" in ws.state_status.value


def test_export_provenance_holds_the_filter(ws, tmp_path):
    ws.set_filter(start="2021-02-01", sources=["wire"])
    ws.export._out_dir = tmp_path
    for fmt, box in ws.export.checkboxes.items():
        box.value = fmt in ("html", "csv")
    written = ws.export.export()
    sidecar = next(p for p in tmp_path.iterdir() if p.suffix == ".json")
    provenance = json.loads(sidecar.read_text())
    assert written and "2021-02-01" in json.dumps(provenance)
    assert provenance["params"]["workspace"]["filter"]["sources"] == ["wire"]


def test_next_and_previous_buttons(ws):
    ws.select(doc_id="vote")
    assert ws.previous.disabled and not ws.next.disabled
    ws.next.click()
    assert ws.state.selection.doc_id != "vote" and not ws.previous.disabled


def test_documents_are_picked_by_title_and_every_panel_keeps_only_them(ws):
    from toolkit.labels import document_labels

    labels = document_labels(ws.state.corpus.documents)
    chosen = labels.index[0]
    assert labels[chosen] in ws.documents.allowed_tags
    ws.documents.value = [labels[chosen]]
    assert ws.state.filter.doc_ids == (chosen,)
    tables = ws.tables()
    assert set(tables["timeline"]["doc_id"]) <= {chosen} and set(tables["quotes"]["doc_id"]) <= {chosen}
    ws.set_filter(doc_ids=None)
    assert ws.documents.value == () or list(ws.documents.value) == []
    ws.set_filter(doc_ids=[labels.index[1]])
    assert list(ws.documents.value) == [labels[labels.index[1]]]


def test_lens_explorers_given_the_workspace_follow_it_and_lead_it(ws, dictionary_path):
    timeline = tk.timeline_explorer(workspace=ws)
    actors = tk.actors_explorer(workspace=ws, dictionary_path=dictionary_path)
    assert timeline.state.workspace is ws.state and actors.state.corpus is ws.state.corpus
    ws.select(actor="Ana Reis")
    assert timeline.actor.value == "Ana Reis" and actors.state.selected == "Ana Reis"
    assert set(timeline.state.table()["doc_id"]) <= {"talks", "deal"}
    actors.section_boxes["caption"].value = False  # a lens's controls change the workspace's filter
    assert ws.state.filter.sections == ("headline", "body") and not ws.section_boxes["caption"].value
    assert not timeline.section_boxes["caption"].value and timeline.section_boxes["body"].value
    ws.set_filter(start="2021-02-01", end="2021-02-28")
    assert set(timeline.state.table()["doc_id"]) <= {"talks"}
    assert "of" in timeline.summary.value
    assert ws.errors.message == timeline.errors.message == actors.errors.message == ""


@pytest.mark.parametrize("make", [tk.timeline_explorer, tk.keywords_explorer, tk.overview_explorer])
def test_every_lens_explorer_has_the_published_date_filter(stories, make):
    explorer = make(stories)
    explorer.published.start.value = dt.date(2021, 2, 1)
    explorer.published.end.value = dt.date(2021, 2, 28)
    assert explorer.state.workspace.filter.start == "2021-02-01"
    assert set(explorer.state.view().documents["doc_id"]) == {"strike", "talks"}
    explorer.state.workspace.set_filter(start=None, end=None, sources=["wire"])  # from code: the controls follow
    assert explorer.published.start.value is None and explorer.published.sources.value == ("wire",)
    assert explorer.errors.message == ""


def test_the_overview_lists_the_documents_passing_the_filter(stories):
    explorer = tk.overview_explorer(stories)
    explorer.published.sources.value = ("daily",)
    assert "2</b> documents pass the filter" in explorer.summary.value
    assert "Parliament passes budget" not in explorer.table.value and "Deal ends strike" in explorer.table.value


def test_a_selection_keeps_the_histogram_and_a_filter_redraws_it(ws):
    before = ws.histogram
    ws.select(actor="Ana Reis")
    ws.select(term="union")
    assert ws.histogram is before  # documents per period do not depend on the selection
    ws.set_filter(sources=["wire"])
    assert ws.histogram is not before
    assert ws.state.histogram()["in_filter"].sum() == 2 and ws.histogram.data[-1].name == "in the filter"


def test_a_panel_redraws_only_the_figures_whose_data_changed(ws):
    ws.tabs.selected_index = 3  # actors
    bars, network = ws.actors_figure, ws.network_figure
    ws.select(term="union")  # nothing on the actors tab shows the term
    assert ws.actors_figure is bars and ws.network_figure is network
    ws.select(actor="Ana Reis")  # the network's stance edges and the quotes are the actor's; the bars are not
    assert ws.actors_figure is bars and ws.network_figure is not network
    assert set(ws.tables()["quotes"]["speaker"]) <= {"Ana Reis"}
    ws.set_filter(sources=["wire"])
    assert ws.actors_figure is not bars
    ws.tabs.selected_index = 2  # keywords: the term's KWIC, against the selected actor's sentences
    keywords = ws.keywords_figure
    ws.select(term="budget")
    assert ws.keywords_figure is keywords and "budget" in ws.kwic.value.lower()
    assert ws.errors.message == ""


def test_a_new_reference_date_redraws_the_timeline(ws):
    ws.tabs.selected_index = 1  # timeline
    ws.set_filter(sources=["wire"])
    before = ws.timeline_figure
    ws.state.set_reference("talks", "2020-06-01")  # neither the filter nor the selection changes
    assert ws.timeline_figure is not before and ws.errors.message == ""
