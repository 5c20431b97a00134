"""Shared widgets driven headless: set values, click buttons, read traits and files."""
from __future__ import annotations

import datetime
import json

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import toolkit as tk
from toolkit import config
from toolkit.widgets.common import (CUSTOM, CorpusPicker, ErrorOutput, ExportControl, Progress, figure_widget,
                                   replace_figure, widget_ready)


@pytest.fixture
def folder_corpus(tmp_path):
    folder = tmp_path / "mini"
    folder.mkdir()
    (folder / "one.txt").write_text("Rain in Oslo\n\nIt rained in Oslo on Monday.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Sun in Rome\n\nThe sun shone in Rome on Tuesday.\n", encoding="utf-8")
    return folder


def test_error_output_shows_callback_errors_and_clears_them():
    errors = ErrorOutput()
    slider = widgets.IntSlider()

    def on_change(change):
        if change.new > 5:
            raise ValueError(f"top {change.new} is too many")

    slider.observe(errors.guard(on_change), "value")
    slider.value = 9
    assert errors.message == "ValueError: top 9 is too many"
    assert isinstance(errors.last_error, ValueError)
    (shown,) = errors.outputs
    assert shown["name"] == "stderr" and "Traceback" in shown["text"] and "on_change" in shown["text"]
    slider.value = 2
    assert errors.message == "" and errors.outputs == () and errors.last_error is None


def test_guard_returns_the_result_and_keeps_the_name():
    errors = ErrorOutput()

    def double(x):
        return 2 * x

    guarded = errors.guard(double)
    assert guarded(21) == 42 and guarded.__name__ == "double"
    assert errors.guard(lambda: 1 / 0)() is None
    assert errors.message.startswith("ZeroDivisionError")


def test_progress_tracks_and_hides():
    progress = Progress()
    seen = []
    for item in progress.track(["a", "b", "c"], description="Annotating"):
        seen.append((item, progress.bar.value, progress.layout.display))
    assert seen == [("a", 0, ""), ("b", 1, ""), ("c", 2, "")]
    assert progress.bar.value == progress.bar.max == 3
    assert progress.label.value == "Annotating: done" and progress.layout.display == "none"


def test_progress_without_total_shows_working():
    progress = Progress()
    progress.start("Loading seeds")
    assert progress.bar.value == progress.bar.max and progress.bar.bar_style == "info"
    assert progress.label.value == "Loading seeds…" and progress.layout.display == ""


def test_picker_offers_known_corpora_and_loads_the_seeds():
    picker = CorpusPicker(cache=False)
    keys = [value for _label, value in picker.dropdown.options]
    assert keys == [*config.known_corpora(), CUSTOM]
    assert keys[0] == "seeds" and picker.dropdown.value == "seeds" and picker.choice == "seeds"
    assert len(picker.corpus.documents) == 1
    assert "1 document," in picker.status.value
    assert picker.path.layout.display == "none"


def test_picker_custom_folder_sets_corpus_and_notifies(folder_corpus):
    picker = CorpusPicker(cache=False)
    seen = []
    picker.observe(lambda change: seen.append(change.new), "corpus")
    picker.dropdown.value = CUSTOM
    assert picker.path.layout.display == "" and seen == []
    picker.path.value = str(folder_corpus)
    picker.load_button.click()
    assert len(seen) == 1 and seen[0] is picker.corpus
    assert sorted(picker.corpus.documents["doc_id"]) == ["one", "two"]
    assert "2 documents" in picker.status.value
    picker.dropdown.value = "seeds"  # back to the kept seeds, no reload
    assert len(seen) == 2 and len(picker.corpus.documents) == 1


def test_picker_bad_path_keeps_the_corpus_and_says_why(tmp_path):
    picker = CorpusPicker(cache=False)
    seeds = picker.corpus
    picker.dropdown.value = CUSTOM
    picker.path.value = str(tmp_path / "nowhere")
    picker.load_button.click()
    assert picker.corpus is seeds
    assert "No such folder or file" in picker.status.value and "nowhere" in picker.status.value


def test_picker_starts_from_a_path_or_a_corpus(folder_corpus):
    from_path = CorpusPicker(str(folder_corpus), cache=False)
    assert from_path.dropdown.value == CUSTOM and from_path.path.value == str(folder_corpus)
    assert len(from_path.corpus.documents) == 2
    given = tk.load_corpus([{"id": "r1", "text": "Records work too."}], cache=False)
    from_corpus = CorpusPicker(given)
    assert from_corpus.corpus is given and from_corpus.dropdown.value.startswith("given: ")


def test_picker_refuses_an_unloadable_start(tmp_path):
    with pytest.raises(ValueError, match="could not load corpus"):
        CorpusPicker(str(tmp_path / "missing"))


@pytest.mark.skipif("samples/wikinews" not in config.known_corpora(), reason="sample not built")
def test_picker_loads_the_wikinews_sample():
    picker = CorpusPicker()
    picker.dropdown.value = "samples/wikinews"
    documents = picker.corpus.documents
    assert len(documents) > 50 and documents["published"].notna().all()


@pytest.fixture
def control(tmp_path):
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout_title_text="Trend")
    corpus = tk.load_corpus([{"id": "a", "text": "One sentence here."}], cache=False)
    return ExportControl(
        lambda: fig,
        get_data=lambda: pd.DataFrame({"x": [1, 2], "y": [3, 4]}),
        get_params=lambda: {"window": "week"},
        get_corpus=lambda: corpus,
        name="trend",
        formats=("html",),
        out_dir=tmp_path,
    )


def test_export_control_writes_files_with_provenance(control, tmp_path):
    assert control.formats == ["html"]
    control.name.value = "my trend"
    control.button.click()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-trend.csv", "my-trend.html", "my-trend.json"]
    assert control.written["html"] == tmp_path / "my-trend.html"
    assert control.status.value.startswith("Saved 3 files") and not control.button.disabled
    sidecar = json.loads((tmp_path / "my-trend.json").read_text(encoding="utf-8"))
    assert sidecar["params"] == {"window": "week"} and sidecar["corpus"]["doc_ids"] == ["a"]


def test_export_control_reports_a_bad_name_without_raising(control, tmp_path):
    control.name.value = "../.."
    assert control.export() == {}
    assert "Export failed" in control.status.value and "no usable characters" in control.status.value
    assert list(tmp_path.iterdir()) == []


def test_export_control_without_browser_keeps_html_and_says_how(control, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "none"))
    monkeypatch.setenv("PATH", str(tmp_path))
    control.checkboxes["png"].value = True
    written = control.export()
    assert sorted(written) == ["csv", "html", "json"] and (tmp_path / "trend.html").exists()
    assert "apt-get install" in control.status.value and "Saved 3 files" in control.status.value


def test_replace_figure_swaps_traces_and_layout():
    shown = go.FigureWidget(go.Figure(go.Bar(y=[1]), layout_title_text="Before"))
    replace_figure(shown, go.Figure([go.Bar(y=[2]), go.Bar(y=[3])], layout_title_text="After"))
    assert len(shown.data) == 2 and shown.layout.title.text == "After" and shown.data[1].y == (3,)


@pytest.mark.parametrize("before", [
    go.Figure(go.Bar(y=[1]), layout=dict(title_text="Before", xaxis=dict(range=[0, 9], title_text="x"), height=300)),
    go.Figure(go.Bar(y=[1]), layout=dict(title_text="Before", xaxis2=dict(domain=[0.5, 1]), annotations=[{"text": "a"}])),
    go.Figure(go.Bar(y=[1]), layout=dict(title_text="Before", template="plotly_white")),
])
def test_replacing_a_figure_leaves_nothing_of_the_old_layout(before):
    shown = figure_widget(before)
    after = go.Figure(go.Bar(y=[2]), layout=dict(title_text="After", xaxis=dict(title_text="score"), height=500))
    replace_figure(shown, after)
    assert shown.layout.to_plotly_json() == after.layout.to_plotly_json()
    assert shown.get_state()["_widget_layout"]["title"]["text"] == "After"


def test_figure_widgets_get_dates_as_dates_not_nanoseconds():
    days = np.array(["2017-09-04", "2018-01-01"], dtype="datetime64[ns]")
    fig = go.Figure([go.Bar(x=[6e8, 3e10], base=days, y=[0, 1], orientation="h"), go.Scatter(x=days, y=[0, 1])])
    assert isinstance(go.FigureWidget(fig).get_state()["_widget_data"][0]["base"][0], int)  # plotly's own way
    shown = figure_widget(fig)
    sent = shown.get_state()["_widget_data"]
    assert sent[0]["base"][0].startswith("2017-09-04") and sent[1]["x"][1].startswith("2018-01-01")
    replace_figure(shown, go.Figure(go.Scatter(x=days[::-1], y=[1, 2])))
    assert shown.data[0].x[0].startswith("2018-01-01")  # what add_traces sends


@pytest.mark.parametrize(
    "dates",
    [
        pd.Series(pd.to_datetime(["2017-09-04", "2018-01-01"])),
        [datetime.date(2017, 9, 4), datetime.date(2018, 1, 1)],
        np.array([pd.Timestamp("2017-09-04"), "x"], dtype=object),
    ],
)
def test_dates_in_any_form_take_the_round_trip(dates):
    fig = go.Figure(go.Scatter(x=dates, y=[0, 1], customdata=[["a"], ["b"]]))
    assert widget_ready(fig) is not fig
    in_layout = go.Figure(go.Bar(y=[1, 2]), layout_shapes=[{"type": "line", "x0": list(dates)[0], "x1": 1}])
    assert widget_ready(in_layout) is not in_layout


def test_dated_traces_are_sent_as_text_without_the_whole_figure_round_trip(monkeypatch):
    months = pd.date_range("2017-01-01", periods=3, freq="MS")
    fig = go.Figure([go.Scatter(x=months, y=[1, 2, 3]), go.Bar(x=["a"], y=[1])], layout_title_text="Trend")
    expected = widget_ready(fig)  # the whole figure's round trip
    shown = figure_widget()
    monkeypatch.setattr(pio, "from_json", lambda *a, **k: pytest.fail("a figure without dated layout took the round trip"))
    replace_figure(shown, fig)
    assert shown.data[0].x == expected.data[0].x and shown.data[0].x[0].startswith("2017-01-01")
    assert list(shown.data[0].y) == [1, 2, 3] and shown.data[1] is not fig.data[1]
    assert fig.data[0].x.dtype.kind == "M"  # the caller's figure keeps its dates


def test_figures_without_dates_are_sent_as_they_are():
    fig = go.Figure(go.Bar(x=["a", "b"], y=np.array([1.5, 2]), customdata=np.array([["x", 1], ["y", 2]], dtype=object)))
    assert widget_ready(fig) is fig


def test_a_figure_filled_before_display_is_what_the_browser_gets():
    shown = go.FigureWidget()  # as in an explorer's __init__, before the box is displayed
    replace_figure(shown, go.Figure([go.Bar(y=[1, 2]), go.Bar(y=[3])], layout_title_text="Filled"))
    state = shown.get_state()  # what a view created now starts from
    assert len(state["_widget_data"]) == 2 and state["_widget_layout"]["title"]["text"] == "Filled"


def test_figure_is_sent_again_when_its_first_view_appears():
    shown = figure_widget()
    replace_figure(shown, go.Figure(go.Bar(y=[1]), layout_title_text="Again"))
    sent = []
    shown.observe(lambda change: sent.append(change.new), "_py2js_addTraces")
    shown._view_count = 1  # what the browser reports when it draws the widget
    assert any(message and message["trace_data"][0]["type"] == "bar" for message in sent)
    assert shown.layout.title.text == "Again" and len(shown.data) == 1
    sent.clear()
    shown._view_count = 2  # later views need nothing: the first one is live
    assert sent == []


def test_picker_reports_skipped_files_without_a_warning(folder_corpus, recwarn):
    (folder_corpus / "empty.txt").write_text("", encoding="utf-8")
    picker = CorpusPicker(str(folder_corpus), cache=False)
    assert len(picker.corpus.documents) == 2 and "1 skipped" in picker.status.value
    assert not [w for w in recwarn if w.category.__name__ == "CorpusWarning"]


def test_picker_shows_progress_while_the_lens_recomputes(folder_corpus):
    picker = CorpusPicker(cache=False)
    seen = []
    picker.observe(lambda change: seen.append((picker.progress.layout.display, picker.progress.label.value)), "corpus")
    picker.load(str(folder_corpus))
    assert seen == [("", f"Analysing {folder_corpus}…")]
    assert picker.progress.layout.display == "none"


def test_picker_annotates_a_new_corpus_with_its_progress_in_the_widget(folder_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLENS_CACHE", str(tmp_path / "cache"))
    picker = CorpusPicker(cache=True)
    labels = []
    picker.progress.label.observe(lambda change: labels.append(change.new), "value")
    picker.load(str(folder_corpus))
    assert any(label.startswith(f"Annotating {folder_corpus}") and "(2/2)" in label for label in labels)
    assert not picker.corpus.store.missing(picker.corpus.doc_keys.tolist())  # the lenses find it all stored
    assert picker.progress.layout.display == "none"


def test_enter_in_the_path_box_loads_the_path(folder_corpus):
    picker = CorpusPicker(cache=False)
    seen = []
    picker.observe(lambda change: seen.append(change.new), "corpus")
    picker.dropdown.value = CUSTOM
    # continuous_update=False: the browser sends the value on Enter (or leaving the box), not per keystroke
    assert picker.path.continuous_update is False
    picker.path.value = str(folder_corpus)
    assert len(seen) == 1 and sorted(picker.corpus.documents["doc_id"]) == ["one", "two"]
    picker.load_button.click()  # Load after Enter: nothing to do again
    assert len(seen) == 1 and picker.choice == str(folder_corpus)


def test_the_first_view_sizes_the_figure_to_its_cell():
    shown = figure_widget(go.Figure(go.Bar(y=[1]), layout_height=300))
    sent = []
    shown.observe(lambda change: sent.append(change.new), "_py2js_relayout")
    shown._view_count = 1
    assert any(message and message["relayout_data"] == {"autosize": True} for message in sent)

    fixed = figure_widget(go.Figure(go.Bar(y=[1]), layout_width=500))  # a width of its own is kept
    sent.clear()
    fixed.observe(lambda change: sent.append(change.new), "_py2js_relayout")
    fixed._view_count = 1
    assert not any(message and message["relayout_data"] == {"autosize": True} for message in sent)


def test_long_labels_and_buttons_are_widened_not_cut():
    from widget_helpers import cut_labels

    from toolkit.widgets.common import fit_labels

    box = widgets.VBox([
        widgets.DatePicker(description="Reference date"), widgets.Dropdown(description="Corpus"),
        widgets.HBox([widgets.Button(description="Use published date", icon="undo"), widgets.Button(description="Load")]),
        widgets.Checkbox(description="a long checkbox text sits beside its box", indent=False),
    ])
    assert cut_labels(box) == ["Use published date", "Reference date"]
    fit_labels(box)
    assert cut_labels(box) == []
    assert box.children[1].style.description_width == ""  # short ones keep the aligned default
    assert box.children[2].children[1].layout.width is None


def test_figure_slot_shows_each_figure_in_a_new_widget_holding_all_of_it():
    from toolkit.widgets.common import FigureSlot

    slot = FigureSlot()
    first = slot.figure
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"), layout={"title": {"text": "Two bars"}})
    shown = slot.show(fig)
    assert shown is slot.figure and slot.children == (shown,) and shown is not first
    assert first.comm is None  # the old widget is closed, its view goes with it
    # the new widget's own state holds the whole figure, so a view created at any time draws it complete
    assert list(shown._widget_data[0]["y"]) == ["a", "b"]
    assert shown._widget_layout["title"]["text"] == "Two bars"


def test_checkbox_group_is_one_tuple_both_ways():
    from toolkit.widgets.common import CheckboxGroup

    group = CheckboxGroup(("headline", "caption", "body"), label="Sections:", value=("body", "headline"))
    assert group.value == ("headline", "body") and not group.boxes["caption"].value
    seen = []
    group.observe(lambda change: seen.append(change.new), "value")
    group.boxes["caption"].value = True
    group.value = ("body",)  # set from a state: one change, the boxes follow
    assert seen == [("headline", "caption", "body"), ("body",)]
    assert [box.value for box in group.boxes.values()] == [False, False, True]
