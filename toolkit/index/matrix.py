"""The term matrix: every term's count in every document, and the values derived from it.

A :class:`TermMatrix` is made by :func:`toolkit.index.term_matrix` (counted in
:mod:`toolkit.index.counting`, or cut from counts at hand by
:mod:`toolkit.index.reuse`); the keyword tables score it
(:mod:`toolkit.keywords`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.corpus import arrays


@dataclass(eq=False)
class TermMatrix:
    """Counts of every term in every document, with what is needed to name the terms.

    Attributes:
        doc_ids: row labels, in the order of ``corpus.documents``.
        counts: ``len(doc_ids) x n_terms`` CSR matrix of occurrences (int32, sorted indices;
            a section view's may store zeros where only other sections had the term).
        n: n-gram length of each column.
        first: index into ``words`` of each column's first occurrence.
        words: the tokens' lower-cased text, as integer codes into ``vocab``.
        vocab: the distinct lower-cased tokens.
        n_tokens: word tokens (not punctuation) per document, the keyness denominator.
        subsumed: columns whose every occurrence sits inside one longer term
            ("sen" inside "hun sen"); tables leave them out.
        subsumers: ``k x 2`` pairs (shorter column, longer column) behind ``subsumed``,
            so that a shorter term comes back when its longer one is filtered out.
        phrase_like: per column, whether it reads as a term (see :func:`phrase_like`).
        follows: per column, the word (code into ``vocab``) that follows every
            occurrence inside its sentence, or -1: "prime minister hun" is always
            followed by "sen", so it is no name of its own.

    The arrays never change once made; what is computed from them on first use
    (term texts, :meth:`derived` values) is kept in the matrix, which its
    corpus keeps (``corpus.derived``).
    """

    doc_ids: np.ndarray
    counts: sp.csr_matrix
    n: np.ndarray
    first: np.ndarray
    words: np.ndarray
    vocab: np.ndarray
    n_tokens: np.ndarray
    subsumed: np.ndarray
    subsumers: np.ndarray
    phrase_like: np.ndarray
    follows: np.ndarray
    _names: dict = field(default_factory=dict, init=False, repr=False)
    _derived: dict = field(default_factory=dict, repr=False)
    _home: tuple | None = field(default=None, repr=False)  # (folder, corpus identity, key) when kept on disk
    _same_columns: TermMatrix | None = field(default=None, repr=False)  # a matrix with these very columns

    def derived(self, name: str, compute):
        """``compute(self)``, computed once per matrix (English frequencies, TF-IDF weights...).

        For a matrix kept on disk, the values named in :data:`_KEPT_DERIVED` are kept beside it;
        those of :data:`_COLUMN_VALUES` are shared with a matrix that has the same columns.
        """
        if name not in self._derived:
            if self._same_columns is not None and name in _COLUMN_VALUES:
                self._derived[name] = self._same_columns.derived(name, compute)
            elif self._home is not None and name in _KEPT_DERIVED:
                self._derived[name] = _stored_derived(self, name, compute)
            else:
                self._derived[name] = compute(self)
        return self._derived[name]

    def term(self, column: int) -> str:
        """The text of one column, e.g. ``"hun sen"``."""
        if column not in self._names:
            start = self.first[column]
            self._names[column] = " ".join(self.vocab[self.words[start : start + self.n[column]]])
        return self._names[column]

    def terms(self, columns: Iterable[int]) -> list[str]:
        return [self.term(int(c)) for c in columns]

    def column_of(self, terms: Iterable[str]) -> dict[str, int]:
        """Columns of the given term texts (lower-cased); unknown terms are left out."""
        wanted = {t.lower() for t in terms}
        lengths = {len(t.split()) for t in wanted}
        return {
            name: c
            for c in np.flatnonzero(np.isin(self.n, list(lengths)))
            if (name := self.term(int(c))) in wanted
        }


# Derived values with one entry per column that depends on that column alone, not its counts.
_COLUMN_VALUES = ("english", "hidden_clean", "hidden_all")


# Pure functions of the matrix, the code and wordfreq's version that take long the first time:
# looking the vocabulary up in wordfreq takes about a second (import, table, tokenizer), and
# counting the documents of each term a pass over every count. One value per column each.
_KEPT_DERIVED = ("english", "doc_freq")


@dataclass(frozen=True)
class _Derived:
    values: np.ndarray | sp.spmatrix


def _stored_derived(tm: TermMatrix, name: str, compute):
    """``compute(tm)``, read from beside the stored matrix when it was computed before, else written there."""
    where = _derived_place(tm, name)
    if where is None:
        return compute(tm)
    folder, key, identity = where
    found = arrays.read(folder, "derived", key, _Derived, generation=identity)
    if found is not None:
        return found[0]["values"]
    values = compute(tm)
    _keep_derived(tm, name, values)
    return values


def _derived_place(tm: TermMatrix, name: str) -> tuple[Path, str, str] | None:
    """``(folder, key, generation)`` of a derived value of a stored matrix; None when it cannot be kept."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        wordfreq_version = version("wordfreq")
    except PackageNotFoundError:
        return None
    folder, identity, matrix_key = tm._home
    return folder, arrays.digest(matrix_key, name, wordfreq_version), identity


def _keep_derived(tm: TermMatrix, name: str, values) -> None:
    """Write a derived value beside its stored matrix, for the next session."""
    where = _derived_place(tm, name)
    if where is not None and (isinstance(values, np.ndarray) or sp.issparse(values)):
        folder, key, identity = where
        keep = len(_KEPT_DERIVED) * arrays.KEEP
        arrays.write(folder, "derived", key, _Derived(values), keep=keep, generation=identity)


def _totals_row(tm: TermMatrix) -> sp.csr_matrix:
    """Each column's count in the whole matrix, as a one-row sparse matrix."""
    return sp.csr_matrix(tm.counts.sum(axis=0))


def _column_totals(tm: TermMatrix) -> np.ndarray:
    """Each column's count in the whole matrix (from its ``totals_row``, computed once)."""
    return tm.derived("totals_row", _totals_row).toarray().ravel()


def _without_zeros(counts: sp.csr_matrix) -> sp.csr_matrix:
    """``counts`` with no stored zeros (a copy only when it has some)."""
    if counts.nnz and not counts.data.all():
        counts = counts.copy()
        counts.eliminate_zeros()
    return counts


def _doc_frequency(tm: TermMatrix) -> np.ndarray:
    """How many documents contain each column (zeros a section view stores are no occurrence)."""
    counts = tm.counts
    columns = counts.indices if counts.data.all() else counts.indices[counts.data != 0]
    return np.bincount(columns, minlength=counts.shape[1]).astype(np.int64)


def _doc_frequency_of(tm: TermMatrix, cols: np.ndarray) -> np.ndarray:
    """How many documents contain each of ``cols`` (distinct columns).

    A section view whose counts SciPy subtracted from its corpus's (``removed``, when most
    documents lost some) takes its corpus's figures, less the documents where the removed
    count of a column was all there was: a look at the few removed entries of these columns,
    2 ms against 30-40 ms for a pass over every count of 10,000 documents.
    """
    removed = tm._derived.get("removed")
    if removed is None or "doc_freq" in tm._derived:
        return tm.derived("doc_freq", _doc_frequency)[cols]
    base = tm._same_columns
    picked = np.isin(removed.col, cols)
    rows, where, values = removed.row[picked], removed.col[picked], removed.data[picked]
    if len(rows):
        emptied = where[np.asarray(base.counts[rows, where]).ravel() == values]
    else:
        emptied = where
    lost = pd.Index(cols).get_indexer(emptied)
    return base.derived("doc_freq", _doc_frequency)[cols] - np.bincount(lost, minlength=len(cols))


def _check_ngram_range(ngram_range) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in ngram_range)
    except (TypeError, ValueError):
        raise ValueError(f"ngram_range must be two integers like (1, 3), got {ngram_range!r}") from None
    if not 1 <= lo <= hi <= 6:
        raise ValueError(f"ngram_range must satisfy 1 <= min <= max <= 6, got {ngram_range!r}")
    return lo, hi


def _stop_key(stopwords):
    if stopwords is True or stopwords is False:
        return stopwords
    if stopwords is None:
        return False
    if isinstance(stopwords, str):
        raise ValueError("stopwords must be True, False or a collection of words, not a string")
    return frozenset(w.lower() for w in stopwords)
