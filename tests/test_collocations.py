"""Collocations (toolkit.collocations): NLTK's measures over pairs counted in NumPy."""
from __future__ import annotations

import pytest

import toolkit as tk


def test_seed_collocations(seed):
    table = tk.validate(tk.collocations(seed), "collocations")
    pairs = set(zip(table["w1"], table["w2"]))
    assert {("hun", "sen"), ("kem", "sokha"), ("prime", "minister")} <= pairs
    assert (table["count"] >= 2).all()
    assert table["score"].is_monotonic_decreasing


@pytest.mark.parametrize("measure", ["pmi", "t", "chi_sq", "raw_freq"])
def test_collocation_measures(seed, measure):
    table = tk.collocations(seed, measure=measure, top_n=10)
    assert len(table) == 10


def test_collocation_window_and_validation(make_corpus):
    corpus = make_corpus("Red big apple. Red big apple. Red apple.")
    adjacent = set(zip(*tk.collocations(corpus, min_count=1, stopwords=False).pipe(lambda t: (t.w1, t.w2))))
    assert ("red", "apple") in adjacent  # once, in "Red apple."
    wide = tk.collocations(corpus, window=3, min_count=3, stopwords=False)
    assert ("red", "apple") in set(zip(wide["w1"], wide["w2"]))
    assert ("apple", "red") not in set(zip(wide["w1"], wide["w2"]))  # never across sentences
    with pytest.raises(ValueError, match="measure='llr'"):
        tk.collocations(corpus, measure="llr")
    with pytest.raises(ValueError, match="window"):
        tk.collocations(corpus, window=1)
