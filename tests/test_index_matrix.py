"""The term matrix (toolkit.index.matrix): term texts from their first occurrence, columns of term texts,
derived values computed once, document frequencies and totals, and the checks of the matrix options."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from toolkit.index.matrix import (TermMatrix, _check_ngram_range, _column_totals, _doc_frequency, _stop_key,
                                  _without_zeros)

VOCAB = np.array(["hun", "kem", "met", "sen", "sokha"])


def _matrix(counts) -> TermMatrix:
    """Three columns, "hun", "hun sen" and "kem sokha", from the words of "hun sen met kem sokha"."""
    counts = sp.csr_matrix(np.asarray(counts, dtype=np.int32))
    k = counts.shape[1]
    return TermMatrix(
        doc_ids=np.array([f"d{i}" for i in range(counts.shape[0])]), counts=counts, n=np.array([1, 2, 2]),
        first=np.array([0, 0, 3]), words=np.array([0, 3, 2, 1, 4]), vocab=VOCAB,
        n_tokens=np.asarray(counts.sum(axis=1)).ravel(), subsumed=np.zeros(k, bool),
        subsumers=np.zeros((0, 2), np.int64), phrase_like=np.ones(k, bool), follows=np.full(k, -1))


def test_a_column_is_named_by_the_words_of_its_first_occurrence():
    tm = _matrix([[1, 1, 0], [0, 0, 2]])
    assert tm.terms([0, 1, 2]) == ["hun", "hun sen", "kem sokha"]
    assert tm.column_of(["Hun Sen", "kem sokha", "nobody", "sen"]) == {"hun sen": 1, "kem sokha": 2}


def test_a_derived_value_is_computed_once_per_matrix():
    tm = _matrix([[1, 1, 0], [0, 0, 2]])
    calls = []
    compute = lambda m: calls.append(m) or m.counts.shape  # noqa: E731
    assert tm.derived("shape", compute) == (2, 3) and tm.derived("shape", compute) == (2, 3)
    assert len(calls) == 1 and _matrix([[1, 0, 0]]).derived("shape", compute) == (1, 3) and len(calls) == 2


def test_totals_and_document_frequencies_leave_stored_zeros_out():
    counts = sp.csr_matrix((np.array([3, 0, 2], np.int32), np.array([0, 2, 2]), np.array([0, 2, 3])), shape=(2, 3))
    tm = _matrix([[0, 0, 0], [0, 0, 0]])
    tm.counts = counts  # a section view's counts may store zeros
    assert _doc_frequency(tm).tolist() == [1, 0, 1] and _column_totals(tm).tolist() == [3, 0, 2]
    assert _without_zeros(counts).nnz == 2 and counts.nnz == 3  # a copy: the matrix keeps its own


@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=1, max_size=8))
def test_a_document_frequency_counts_the_documents_with_the_term(rows):
    dense = np.array(rows)
    with_zeros = sp.csr_matrix(dense)
    with_zeros.data[::2] = 0  # zeros stored in place of some counts
    tm = _matrix(np.zeros_like(dense))
    tm.counts = with_zeros
    assert _doc_frequency(tm).tolist() == (with_zeros.toarray() > 0).sum(axis=0).tolist()


def test_ngram_ranges_must_be_two_lengths_from_one_to_six():
    assert _check_ngram_range((1, 3)) == (1, 3) and _check_ngram_range(["2", "2"]) == (2, 2)
    for bad in ((0, 2), (3, 1), (1, 7)):
        with pytest.raises(ValueError, match="1 <= min <= max <= 6"):
            _check_ngram_range(bad)
    with pytest.raises(ValueError, match="two integers"):
        _check_ngram_range(3)


def test_stop_word_settings_become_a_key_and_a_string_is_refused():
    assert (_stop_key(True), _stop_key(False), _stop_key(None)) == (True, False, False)
    assert _stop_key(["The", "said"]) == frozenset({"the", "said"})
    with pytest.raises(ValueError, match="not a string"):
        _stop_key("the said")
