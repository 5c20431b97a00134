"""The overview: section counts, their plot, and the explorer driven headless."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.overview import section_counts
from toolkit.widgets.html import documents_html
from toolkit.widgets.overview import OverviewState, overview_explorer

RECORDS = [
    {"id": "b", "title": "Storm hits coast", "published": "2020-03-02", "source": "Daily",
     "text": "Storm hits coast\n\nThe storm hit the coast on Monday. Roads closed."},
    {"id": "a", "title": "Storm passes", "published": "2020-04-10", "source": "",
     "text": "Storm passes\n\nThe storm passed. Schools reopened. Power is back."},
    {"id": "c", "title": "Undated note", "text": "Undated note\n\nA short note."},
]


@pytest.fixture(scope="module")
def corpus():
    return tk.load_corpus(RECORDS, cache=False)


def test_counts_per_document_keep_corpus_order_and_section_order(corpus):
    counts = section_counts(corpus, by="document")
    assert list(counts.columns) == ["group", "section", "n_documents", "n_sentences", "n_tokens"]
    assert list(dict.fromkeys(counts["group"])) == list(corpus.documents["doc_id"])
    body = counts.set_index(["group", "section"])["n_sentences"]
    assert body[("b", "body")] == 2 and body[("a", "body")] == 3 and body[("c", "headline")] == 1
    assert counts["n_tokens"].sum() == len(corpus.tokens)


@pytest.mark.parametrize(
    ("by", "groups"),
    [("month", ["2020-03", "2020-04", "unknown"]), ("year", ["2020", "unknown"]), ("source", ["Daily", "unknown"])],
)
def test_counts_by_date_and_source(corpus, by, groups):
    counts = section_counts(corpus, by=by)
    assert list(dict.fromkeys(counts["group"])) == groups
    assert counts.groupby("group")["n_sentences"].sum().sum() == len(corpus.sentences)


def test_counts_of_an_empty_selection_are_empty(corpus):
    empty = section_counts(corpus.select(doc_ids=["nope"]), by="month")
    assert empty.empty and list(empty.columns) == ["group", "section", "n_documents", "n_sentences", "n_tokens"]


def test_bad_grouping_and_measure_name_the_allowed_ones(corpus):
    with pytest.raises(ValueError, match=r"by='week'.*'document', 'month', 'year', 'source'"):
        section_counts(corpus, by="week")
    with pytest.raises(ValueError, match=r"measure='words'.*'n_sentences'"):
        tk.plot_section_counts(section_counts(corpus), measure="words")


def test_plot_has_one_trace_per_section(corpus):
    fig = tk.plot_section_counts(section_counts(corpus, by="year"), measure="n_tokens", by="year")
    assert [trace.name for trace in fig.data] == ["headline", "body"]
    assert fig.layout.title.text == "Tokens per year, by section" and fig.layout.barmode == "stack"


def test_state_refuses_unknown_sections(corpus):
    state = OverviewState(corpus=corpus)
    state.sections = ("body", "headline")
    assert state.sections == ("headline", "body")
    with pytest.raises(Exception, match="unknown sections"):
        state.sections = ("footer",)


def test_documents_table_escapes_text():
    docs = pd.DataFrame({
        "doc_id": ["x"], "title": ["<script>alert(1)</script>"], "published": pd.to_datetime([None]),
        "source": [""], "n_sentences": [1], "n_tokens": [3],
    })
    assert "<script>" not in documents_html(docs) and "&lt;script&gt;" in documents_html(docs)


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


def test_section_counts_match_their_schema(seed):
    tk.validate(tk.section_counts(seed), "section_counts")
