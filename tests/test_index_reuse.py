"""Reusing counts (toolkit.index.reuse): a term matrix cut from counts at hand, or from a whole corpus's
for a section view, equals counting again."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import scipy.sparse as sp

import toolkit as tk
from toolkit.corpus.model import copied_selection
from toolkit.index import SectionView, matrix, reuse, term_matrix, token_index

from corpus_helpers import Counter, assert_same_fields, assert_same_tables, captioned, folder, kw, load


@pytest.mark.parametrize("extra", [["said"], ["said", "kem", "bank"], ["penh", "rights"]])
@pytest.mark.parametrize("ngrams", [(1, 3), (2, 4), (1, 1)])
@pytest.mark.parametrize("sections", [None, ("headline", "body")])
def test_more_stop_words_cut_from_the_counts_equal_counting_again(
    folder, tmp_path, monkeypatch, extra, ngrams, sections
):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    view = corpus if sections is None else SectionView(corpus, sections)
    stop = tk.stopwords(extra)
    options = dict(ngram_range=ngrams, stopwords=stop, min_count=1, top_n=40)
    for method in kw.METHODS:  # the toolkit's matrix with its per-column values made
        tk.keywords(view, method=method, ngram_range=ngrams, min_count=1)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    narrowed = term_matrix(view, ngram_range=ngrams, stopwords=stop)
    got = [tk.keywords(view, method=m, **options) for m in kw.METHODS] + [tk.keywords(view, by="source", **options)]
    assert builds.calls == 0

    monkeypatch.setattr(reuse, "_narrowed_term_matrix", lambda *args: None)  # count again, as before
    assert_same_fields(narrowed, reuse._build_term_matrix(token_index(view), *ngrams, matrix._stop_key(stop)))
    fresh = load(folder, cache=False)
    fresh_view = fresh if sections is None else SectionView(fresh, sections)
    expected = [tk.keywords(fresh_view, method=m, **options) for m in kw.METHODS]
    expected += [tk.keywords(fresh_view, by="source", **options)]
    assert_same_tables(got, expected)


def test_stop_words_that_leave_out_a_flagged_one_are_counted_again(folder, tmp_path, monkeypatch):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    term_matrix(corpus)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    only = term_matrix(corpus, stopwords=["said"])  # "the" is flagged but no longer a stop word
    assert builds.calls == 1
    assert "the bank" in {only.term(c) for c in range(only.counts.shape[1])}


def test_more_stop_words_are_cut_only_from_counts_at_hand(folder, tmp_path, monkeypatch):
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    stop = tk.stopwords(["said"])
    term_matrix(load(folder, cache=False), stopwords=stop)
    assert builds.calls == 1  # nothing counted yet: one count with these stop words, not two

    term_matrix(load(folder, cache_dir=tmp_path / "cache"))  # the toolkit's counts, now on disk
    builds.calls = 0
    term_matrix(load(folder, cache_dir=tmp_path / "cache"), stopwords=stop)
    assert builds.calls == 0  # cut from the counts read back from disk


@pytest.mark.parametrize("wide", [(1, 3), (1, 4), (2, 4)])
def test_a_narrower_range_cut_from_counts_at_hand_equals_counting_it(make_corpus, monkeypatch, wide):
    corpus = captioned(make_corpus)
    term_matrix(corpus, ngram_range=wide)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    for lo in range(wide[0], wide[1] + 1):
        for hi in range(lo, wide[1] + 1):
            term_matrix(corpus, ngram_range=wide)  # the most recently used: kept in memory
            cut = term_matrix(corpus, ngram_range=(lo, hi))
            assert_same_fields(cut, reuse._build_term_matrix(token_index(corpus), lo, hi, True))
    assert builds.calls == (wide[1] - wide[0] + 1) * (wide[1] - wide[0] + 2) // 2  # only the direct builds above


def test_a_narrower_range_on_disk_is_cut_in_a_later_session(folder, tmp_path, monkeypatch):
    term_matrix(load(folder, cache_dir=tmp_path / "cache"), ngram_range=(1, 3))
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    corpus = load(folder, cache_dir=tmp_path / "cache")
    assert not tk.keywords(corpus, ngram_range=(1, 2), min_count=1).empty
    assert builds.calls == 0


def section_counts_equal_selecting_them(corpus, sections, **options) -> None:
    view, selected = SectionView(corpus, sections), copied_selection(corpus, sections=sections)
    got = tk.term_counts(view, **options)
    pd.testing.assert_frame_equal(got, tk.term_counts(selected, **options))
    table = tk.keywords(view, method="frequency", top_n=10**6, min_count=1, phrases="all", **options)
    totals = got.groupby("term")["count"].sum()
    documents = got.groupby("term")["doc_id"].nunique()
    assert table["count"].tolist() == totals[table["term"]].tolist()
    assert table["doc_count"].tolist() == documents[table["term"]].tolist()
    # TF-IDF reads every count of a document: the view's equal the selected sections' for every term of both.
    weights = {
        name: tk.keywords(part, method="tfidf", top_n=10**6, min_count=1, phrases="all", **options).set_index("term")
        for name, part in (("view", view), ("selected", selected))
    }
    common = weights["view"].index.intersection(weights["selected"].index)
    assert len(common) >= 0.8 * len(weights["selected"])
    np.testing.assert_allclose(weights["view"].loc[common, "score"], weights["selected"].loc[common, "score"])
    ngrams = options.get("ngram_range", (1, 3))
    stop = matrix._stop_key(options.get("stopwords", True))
    np.testing.assert_array_equal(
        term_matrix(view, ngram_range=ngrams, stopwords=stop).n_tokens,
        reuse._build_term_matrix(token_index(selected), *ngrams, stop).n_tokens,
    )


@pytest.mark.parametrize("sections", [("headline", "body"), ("body",), ("caption",), ("headline",)])
@pytest.mark.parametrize("stopwords", [True, False, ["said", "ahead"]])
@pytest.mark.parametrize("counted_first", [(), ((1, 3), True), ((1, 4), True)])
def test_section_counts_equal_counting_the_selected_sections(make_corpus, sections, stopwords, counted_first):
    corpus = captioned(make_corpus)
    if counted_first:  # then the view's counts come from counts cut to a narrower range or fewer stop words
        term_matrix(corpus, ngram_range=counted_first[0], stopwords=counted_first[1])
    section_counts_equal_selecting_them(corpus, sections, stopwords=stopwords)


SENTENCES = [
    "Kem Sokha was arrested.", "Hun Sen spoke ahead of the vote.", "The Bank of America said nothing.",
    "Human rights groups protested.", "China backed the crackdown.", "Prime Minister Hun Sen met Wang.",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.tuples(st.booleans(), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)),
                 min_size=1, max_size=4),
        min_size=1, max_size=4,
    ),
    st.sampled_from([("headline", "body"), ("body",), ("caption", "body")]),
)
def test_section_counts_equal_selecting_them_for_any_captions(make_corpus, stories, sections):
    texts = [
        "Headline Of Story\n\n" + "\n\n".join(("Photo: " if caption else "") + " ".join(p) for caption, p in paragraphs)
        for paragraphs in stories
    ]
    section_counts_equal_selecting_them(captioned(make_corpus, texts), sections, ngram_range=(1, 3))


def test_section_keywords_judge_terms_on_the_whole_corpus(make_corpus):
    corpus = captioned(make_corpus)
    view = SectionView(corpus, ("headline", "body"))
    full, part = term_matrix(corpus), term_matrix(view)
    assert part.counts.shape == full.counts.shape
    for name in ("n", "first", "subsumed", "phrase_like"):
        np.testing.assert_array_equal(getattr(part, name), getattr(full, name))
    # "heng samrin" occurs only in a caption: left out of the view's table, kept in the corpus's.
    assert "heng samrin" in set(tk.keywords(corpus, min_count=1, top_n=200)["term"])
    assert "heng samrin" not in set(tk.keywords(view, min_count=1, top_n=200)["term"])


def test_sections_are_counted_from_the_corpus_counts_not_again(make_corpus, monkeypatch):
    corpus = captioned(make_corpus)
    tk.keywords(corpus)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    for sections in [("headline", "body"), ("caption",)]:
        tk.keywords(SectionView(corpus, sections), min_count=1)
        tk.keywords(SectionView(corpus, sections), min_count=1, stopwords=tk.stopwords(["said"]))
    assert builds.calls == 0


def test_each_left_out_section_is_counted_once_whatever_the_combination(make_corpus, monkeypatch):
    corpus = captioned(make_corpus)
    tk.keywords(corpus)
    counted = Counter(monkeypatch, reuse, "_counts_at")
    for sections in [("headline", "body"), ("body",), ("caption", "body"), ("headline", "body")]:
        section_counts_equal_selecting_them(corpus, sections)
    assert counted.calls == 2  # captions, then headlines: every later choice sums those


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.integers(1, 30), st.integers(0, 3))
def test_subtracting_a_few_documents_counts_equals_scipys_subtraction(seed, n_docs, n_terms, touched_docs):
    rng = np.random.default_rng(seed)
    counts = sp.random(n_docs, n_terms, density=0.3, format="csr", random_state=rng, dtype=np.float64)
    counts.data = rng.integers(1, 5, counts.nnz).astype(np.int32)
    counts = sp.csr_matrix(counts, dtype=np.int32)
    counts.sum_duplicates()
    removed = counts.tocoo()
    take = np.isin(removed.row, rng.choice(n_docs, size=min(touched_docs, n_docs), replace=False))
    take &= rng.random(removed.nnz) < 0.7
    part = sp.csr_matrix(
        (rng.integers(1, removed.data[take] + 1).astype(np.int32), (removed.row[take], removed.col[take])),
        shape=counts.shape,
    )
    (got, emptied), expected = reuse._minus(counts, part), counts - part
    assert (got != expected).nnz == 0 and got.dtype == counts.dtype
    assert matrix._without_zeros(got).nnz == expected.nnz
    documents = np.bincount(expected.indices, minlength=n_terms)  # SciPy stores no zeros
    np.testing.assert_array_equal(matrix._doc_frequency(SimpleNamespace(counts=got)), documents)
    if emptied is not None:  # what a section view's document counts are taken from
        before = np.bincount(counts.indices, minlength=n_terms)
        np.testing.assert_array_equal(before - np.bincount(emptied, minlength=n_terms), documents)


def test_a_views_document_counts_come_from_the_removed_counts_when_scipy_subtracted(make_corpus):
    tm = term_matrix(SectionView(captioned(make_corpus), ("body",)))
    assert "removed" in tm._derived and "doc_freq" not in tm._derived  # every headline went: SciPy subtracted
    every = np.arange(tm.counts.shape[1])
    some = np.random.default_rng(0).permutation(every)[: max(len(every) // 3, 1)]
    for cols in (every, some, every[:0]):
        np.testing.assert_array_equal(matrix._doc_frequency_of(tm, cols), matrix._doc_frequency(tm)[cols])


def test_term_matrix_is_reused(news):
    assert term_matrix(news) is term_matrix(news)
    assert term_matrix(news) is not term_matrix(news, ngram_range=(1, 2))
