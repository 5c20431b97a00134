"""Keyword in context: whole-token matching, phrases, wildcards, regex, safe HTML."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.concordance import count_matches
from toolkit.index import SectionView, query_patterns, token_index


def test_seed_sokha_has_exactly_five_occurrences_and_never_sokhon(seed):
    table = tk.validate(tk.kwic(seed, "Sokha"), "kwic")
    assert len(table) == 5
    assert set(table["match"]) == {"Sokha"}
    text = seed.documents["text"].iloc[0]
    assert all(text[s:e] == "Sokha" for s, e in zip(table["start"], table["end"]))


def test_seed_phrase_is_case_insensitive(seed):
    table = tk.kwic(seed, "hun sen")
    assert len(table) == 4
    assert set(table["match"]) == {"Hun Sen"}


def test_context_window_in_tokens(make_corpus):
    corpus = make_corpus("one two three four five six seven eight nine ten")
    row = tk.kwic(corpus, "five", window=2).iloc[0]
    assert (row["left"], row["match"], row["right"]) == ("three four", "five", "six seven")
    edge = tk.kwic(corpus, "one", window=3).iloc[0]
    assert (edge["left"], edge["right"]) == ("", "two three four")


def test_wildcards_and_opt_in_regex(make_corpus):
    corpus = make_corpus("Police arrest him. He was arrested, an arrestee said. Rearrest? No.")
    assert tk.kwic(corpus, "arrest*")["match"].tolist() == ["arrest", "arrested", "arrestee"]
    assert tk.kwic(corpus, "arrest(ed)?", regex=True)["match"].tolist() == ["arrest", "arrested"]
    # Without regex=True the same query is a literal and matches nothing.
    assert tk.kwic(corpus, "arrest(ed)?").empty
    with pytest.raises(ValueError, match="regular expression"):
        tk.kwic(corpus, "arrest(", regex=True)


def test_case_sensitive_option(make_corpus):
    corpus = make_corpus("Bush met a bush pilot.")
    assert len(tk.kwic(corpus, "bush")) == 2
    assert tk.kwic(corpus, "Bush", case_sensitive=True)["start"].tolist() == [0]


def test_phrases_do_not_cross_documents(make_corpus):
    corpus = make_corpus({"id": "a", "text": "It ended with Hun."}, {"id": "b", "text": "Sen began."})
    assert tk.kwic(corpus, "hun sen").empty
    assert tk.kwic(corpus, "sen")["left"].tolist() == [""]


def test_query_is_tokenized_like_documents():
    assert query_patterns("Cambodia’s") == [("exact", "Cambodia"), ("exact", "'s")]
    assert query_patterns("U.S.-funded") == [("exact", "U.S.-funded")]
    with pytest.raises(ValueError, match="non-empty"):
        query_patterns("  ")


def test_no_match_gives_empty_table(seed):
    table = tk.validate(tk.kwic(seed, "zebra"), "kwic")
    assert table.empty


def test_kwic_html_escapes_document_text(make_corpus):
    corpus = make_corpus("Beware <script>alert('x')</script> of the script & co.")
    html = tk.kwic_html(tk.kwic(corpus, "script"))
    assert "<script>" not in html
    assert "Beware &lt;" in html and "&lt;/script&gt; of the" in html
    assert html.count("<mark>") == 3
    assert "&amp;" in html


def test_kwic_html_limits_rows_and_rejects_other_tables(seed):
    html = tk.kwic_html(tk.kwic(seed, "Cambodia"), max_rows=3)
    assert html.count("<tr>") == 3 and "Showing 3 of" in html
    assert "No matches" in tk.kwic_html(tk.kwic(seed, "zebra"))
    with pytest.raises(ValueError, match="missing columns"):
        tk.kwic_html(seed.documents)


def test_limit_and_count(seed):
    assert len(tk.kwic(seed, "Cambodia", limit=3)) == 3
    assert count_matches(seed, "Cambodia") == len(tk.kwic(seed, "Cambodia")) == 14
    assert count_matches(seed, "Sokhon") == 2


def test_unordered_tokens_are_handled(make_corpus):
    corpus = make_corpus({"id": "b", "text": "Hun Sen spoke."}, {"id": "a", "text": "Then Hun Sen left."})
    shuffled = corpus.tokens.sample(frac=1, random_state=0)
    view = type("View", (), {"tokens": shuffled, "documents": corpus.documents, "sentences": corpus.sentences})()
    assert sorted(tk.kwic(view, "hun sen")["doc_id"]) == ["a", "b"]


def test_section_view_matches_select(seed):
    sections = ("headline", "body")
    view, selected = SectionView(seed, sections), seed.select(sections=sections)
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
    expected = token_index(seed.select(sections=sections)).word_counts()
    np.testing.assert_array_equal(view.word_counts(), expected)
