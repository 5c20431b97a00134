"""The one section filter: ``corpus.select(sections=...)`` is a section view that every lens accepts."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.corpus.model import copied_selection
from toolkit.corpus.views import SectionView


def test_a_section_filter_is_a_corpus_view_made_once_per_choice(seed):
    view = seed.select(sections=("body", "headline"))
    assert isinstance(view, SectionView) and isinstance(view, tk.Corpus)
    assert view.sections == ("headline", "body")  # reading order, whatever order they were asked in
    assert seed.select(sections=["headline", "body"]) is view
    assert view.whole is seed and view.store is seed.store and len(view) == len(seed)


def test_its_tables_are_those_a_copy_would_have_and_are_cut_only_when_read(make_corpus):
    corpus = make_corpus("Head line\n\nThe body. (AP Photo/Someone)\n\nMore body.")
    view = corpus.select(sections=("headline", "body"))
    assert "_tables" not in vars(view) and "body" in repr(view)  # a new corpus's view has cut nothing yet
    copy = copied_selection(corpus, sections=("headline", "body"))
    pd.testing.assert_frame_equal(view.sentences, copy.sentences)
    pd.testing.assert_frame_equal(view.tokens, copy.tokens)
    pd.testing.assert_series_equal(view.doc_keys, copy.doc_keys)


def test_filters_on_a_view_keep_its_sections(make_corpus):
    corpus = make_corpus(
        {"id": "a", "text": "Head A\n\nBody a.", "published": "2017-09-01"},
        {"id": "b", "text": "Head B\n\nBody b.", "published": "2017-09-08"},
    )
    body = corpus.select(sections=("headline", "body")).select(sections=("body", "caption"))
    assert body.sections == ("body",)
    later = body.select(start="2017-09-02")
    assert isinstance(later, SectionView) and later.sections == ("body",)
    assert later.documents["doc_id"].tolist() == ["b"] and set(later.sentences["section"]) == {"body"}
    with pytest.raises(ValueError, match="unknown sections"):
        body.select(sections=("footer",))


def test_every_lens_reads_a_view_as_it_reads_a_copy(seed):
    view, copy = seed.select(sections=("headline", "body")), copied_selection(seed, sections=("headline", "body"))
    for lens in (tk.mentions, tk.events, tk.quotes, tk.timeline, tk.section_counts):
        pd.testing.assert_frame_equal(lens(view), lens(copy), obj=lens.__name__)
    pd.testing.assert_frame_equal(tk.kwic(view, "Sokha"), tk.kwic(copy, "Sokha"))


def test_explorers_take_a_view(seed):
    from toolkit.widgets.state.actors import ActorsState

    state = ActorsState(corpus=seed.select(sections=("body",)))
    assert "Kem Sokha" in set(state.table()["actor"])
