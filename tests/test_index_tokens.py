"""The token index (toolkit.index.tokens): built once per corpus, stored and read back, searched by queries."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.concordance import count_matches
from toolkit.corpus.model import copied_selection
from toolkit.index import SectionView, query_patterns, token_index
from toolkit.index import tokens as token_module

from corpus_helpers import assert_same_fields, folder, load


def test_tokens_out_of_document_order_are_stored_and_found(folder, tmp_path):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    tokens = corpus.tokens
    shuffled = pd.concat([tokens[tokens["doc_id"] == d] for d in ("c", "a", "d", "b")]).iloc[::-1]
    moved = dataclasses.replace(corpus, tokens=shuffled.reset_index(drop=True))
    fresh = token_module._build_index(moved.tokens, moved.documents)
    for _ in range(2):  # built and written, then read back by a new corpus object (a new session)
        index = token_index(dataclasses.replace(moved))
        assert_same_fields(index, fresh)
        pd.testing.assert_frame_equal(index.tokens, fresh.tokens)
    assert_same_fields(token_index(corpus), token_module._build_index(corpus.tokens, corpus.documents))


def test_query_is_tokenized_like_documents():
    assert query_patterns("Cambodia’s") == [("exact", "Cambodia"), ("exact", "'s")]
    assert query_patterns("U.S.-funded") == [("exact", "U.S.-funded")]
    with pytest.raises(ValueError, match="non-empty"):
        query_patterns("  ")


def test_unordered_tokens_are_handled(make_corpus):
    corpus = make_corpus({"id": "b", "text": "Hun Sen spoke."}, {"id": "a", "text": "Then Hun Sen left."})
    shuffled = corpus.tokens.sample(frac=1, random_state=0)
    view = type("View", (), {"tokens": shuffled, "documents": corpus.documents, "sentences": corpus.sentences})()
    assert sorted(tk.kwic(view, "hun sen")["doc_id"]) == ["a", "b"]


def test_section_view_matches_select(seed):
    sections = ("headline", "body")
    view, selected = SectionView(seed, sections), copied_selection(seed, sections=sections)
    pd.testing.assert_frame_equal(tk.kwic(view, "Prime Minister"), tk.kwic(selected, "Prime Minister"))
    pd.testing.assert_frame_equal(tk.keywords(view, top_n=30), tk.keywords(selected, top_n=30))
    # The same occurrences; their relative position and offset are read in the whole document.
    found, expected = tk.dispersion(view, ["China"]), tk.dispersion(selected, ["China"])
    same = ["term", "doc_id", "sent_id", "start", "end", "published", "tok_id"]
    pd.testing.assert_frame_equal(found[same], expected[same])
    whole = tk.dispersion(seed, ["China"]).set_index("tok_id")
    pd.testing.assert_frame_equal(
        found.set_index("tok_id")[["position", "offset"]], whole.loc[found["tok_id"], ["position", "offset"]]
    )
    assert count_matches(view, "China") == len(found) < len(whole)
    for _ in range(2):  # computed once, then remembered
        pd.testing.assert_frame_equal(tk.term_trends(view, ["China"]), tk.term_trends(selected, ["China"]))
    assert tk.kwic(view, "Jinping").empty  # only in the caption
    assert set(view.sentences["section"]) == set(sections)


@pytest.mark.parametrize("sections", [("headline", "body"), ("body",), ("caption",), ("headline", "caption")])
def test_a_views_word_counts_equal_the_selected_sections(seed, sections):
    view = SectionView(seed, sections)  # few left out (subtracted) or most left out (counted)
    expected = token_index(copied_selection(seed, sections=sections)).word_counts()
    np.testing.assert_array_equal(view.word_counts(), expected)


def test_sentence_rows_are_the_tokens_of_those_sentences(news_for_rows=None):
    import toolkit as tk
    from toolkit.index import sentence_rows, token_index

    corpus = tk.load_corpus([{"id": "x", "text": "One two. Three four five. Six."},
                             {"id": "y", "text": "Seven eight. Nine."}], cache=False)
    index = token_index(corpus)
    doc_rows = corpus.documents.reset_index().set_index("doc_id")["index"]
    rows = sentence_rows(corpus, [doc_rows["x"], doc_rows["y"], doc_rows["y"]], [1, 0, 7])
    tokens = corpus.tokens
    expected = tokens[((tokens["doc_id"] == "x") & (tokens["sent_id"] == 1))
                      | ((tokens["doc_id"] == "y") & (tokens["sent_id"] == 0))]
    assert sorted(index.vocab[index.words[rows]]) == sorted(expected["text"].str.lower())
    assert len(sentence_rows(corpus, [], [])) == 0
