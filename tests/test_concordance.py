"""Keyword in context (toolkit.concordance): whole-token matching, phrases, wildcards, regex, limits."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.concordance import count_matches, span_kwic


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


def test_no_match_gives_empty_table(seed):
    table = tk.validate(tk.kwic(seed, "zebra"), "kwic")
    assert table.empty


def test_limit_and_count(seed):
    assert len(tk.kwic(seed, "Cambodia", limit=3)) == 3
    assert count_matches(seed, "Cambodia") == len(tk.kwic(seed, "Cambodia")) == 14
    assert count_matches(seed, "Sokhon") == 2


def test_span_kwic_gives_context_around_character_spans(make_corpus):
    corpus = make_corpus({"id": "a", "text": "Yesterday Mira Osk's envoy met the council in Veldria to talk."})
    text = corpus.documents["text"].iloc[0]
    start = text.index("Mira Osk")
    spans = pd.DataFrame({"doc_id": ["a", "missing"], "start": [start, 0], "end": [start + len("Mira Osk"), 3]})
    lines = span_kwic(corpus, spans, window=2)
    tk.validate(lines, "kwic")
    assert lines[["match", "start"]].values.tolist() == [["Mira Osk", start]]
    assert lines["left"].iloc[0] == "Yesterday"
    assert lines["right"].iloc[0].startswith("'s envoy")
    assert span_kwic(corpus, spans.iloc[1:], window=2).empty


def test_where_keeps_some_occurrences_before_the_limit(seed):
    every = tk.kwic(seed, "Sokha")
    later = tk.kwic(seed, "Sokha", where=lambda rows, sent_ids: sent_ids > every["sent_id"].iloc[0])
    expected = every[every["sent_id"] > every["sent_id"].iloc[0]].reset_index(drop=True)
    pd.testing.assert_frame_equal(later, expected)
    assert tk.kwic(seed, "Sokha", where=lambda rows, sent_ids: sent_ids >= 0, limit=2).equals(every.head(2))
    assert tk.kwic(seed, "Sokha", where=lambda rows, sent_ids: sent_ids < 0).empty
