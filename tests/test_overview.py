"""The overview (toolkit.overview): section counts and their plot."""
from __future__ import annotations

import pytest

import toolkit as tk
from toolkit.overview import section_counts


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


def test_section_counts_match_their_schema(seed):
    tk.validate(tk.section_counts(seed), "section_counts")
