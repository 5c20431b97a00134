"""The overview explorer (toolkit.widgets.overview), driven headless; its state is tested in
test_widgets_state_overview."""
from __future__ import annotations

import pandas as pd

from toolkit.widgets.overview import overview_explorer


def test_explorer_widgets_change_the_figure(corpus, tmp_path):
    explorer = overview_explorer(corpus)
    assert explorer.figure.layout.title.text == "Sentences per document, by section"
    explorer.by.value = "month"
    explorer.measure.value = "n_tokens"
    assert explorer.figure.layout.title.text == "Tokens per month, by section"
    assert list(explorer.figure.data[0].x) == ["2020-03", "2020-04", "unknown"]
    explorer.section_boxes["headline"].value = False
    assert [trace.name for trace in explorer.figure.data] == ["body"]
    assert explorer.errors.message == ""
    explorer.export._out_dir = tmp_path
    explorer.export.checkboxes["png"].value = False
    written = explorer.export.export()
    assert sorted(written) == ["csv", "html", "json"]
    assert pd.read_csv(written["csv"])["section"].unique().tolist() == ["body"]


def test_explorer_follows_the_corpus_picker(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("x", "y"):
        (folder / f"{name}.txt").write_text(f"Title {name}\n\nBody of {name}. Second sentence.\n", encoding="utf-8")
    explorer = overview_explorer(cache=False)
    explorer.picker.load(str(folder))
    assert explorer.state.corpus is explorer.picker.corpus
    assert list(dict.fromkeys(explorer.figure.data[0].x)) == ["x", "y"]
    assert "<b>2</b> documents" in explorer.summary.value and "Title y" in explorer.table.value
