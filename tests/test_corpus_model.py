"""The corpus: views by date, ids, source and section, and its fingerprint."""
from __future__ import annotations

import pytest

import toolkit as tk


# ---------------------------------------------------------------- select


def test_select_by_date_ids_source_and_section(make_corpus):
    corpus = make_corpus(
        {"id": "a", "text": "Head A\n\nBody a.", "published": "2017-09-01", "source": "X"},
        {"id": "b", "text": "Head B\n\nBody b. (AP Photo/Someone)", "published": "2017-09-08", "source": "Y"},
        {"id": "c", "text": "Head C\n\nBody c."},
    )
    assert corpus.select(start="2017-09-02").documents.doc_id.tolist() == ["b"]
    assert corpus.select(end="2017-09-01").documents.doc_id.tolist() == ["a"]
    assert corpus.select(end="2017-09-01", include_undated=True).documents.doc_id.tolist() == ["a", "c"]
    assert tk.select(corpus, doc_ids=["c"]).documents.doc_id.tolist() == ["c"]
    assert corpus.select(sources="Y").documents.doc_id.tolist() == ["b"]
    body = corpus.select(sections=["body"])
    assert set(body.sentences.section) == {"body"} and set(body.tokens.section) == {"body"}
    assert len(body.documents) == 3


def test_select_rejects_bad_filters(seed):
    with pytest.raises(ValueError, match="unknown sections"):
        seed.select(sections=["footer"])
    with pytest.raises(ValueError, match="after"):
        seed.select(start="2018-01-01", end="2017-01-01")


def test_fingerprint_changes_with_content(make_corpus):
    a = make_corpus({"id": "x", "text": "One."}).fingerprint()
    b = make_corpus({"id": "x", "text": "Two."}).fingerprint()
    assert a["doc_ids"] == b["doc_ids"] == ["x"] and a["content_hash"] != b["content_hash"]
