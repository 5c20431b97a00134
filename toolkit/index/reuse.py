"""Reusing counts: a term matrix read from disk, or cut from one at hand, instead of counted again.

:func:`term_matrix` is the one entry point. Counts already made are reused
when that gives the same matrix as counting again; each corpus (or section
view) keeps its latest matrices (``corpus.derived``).
"""
from __future__ import annotations

import dataclasses
import functools
import operator

import numpy as np
import scipy.sparse as sp

from toolkit.corpus import arrays
from toolkit.corpus.derived import derived_of
from toolkit.index.counting import (
    _build_term_matrix, _column_keys, _GramKeys, _gram_positions, _token_flags, _vocab_in, _word_traits, phrase_like,
)
from toolkit.index.matrix import (
    _KEPT_DERIVED, TermMatrix, _check_ngram_range, _doc_frequency, _keep_derived, _stop_key, _totals_row,
)
from toolkit.index.tokens import SectionView, TokenIndex, section_rows, token_index


def term_matrix(corpus, *, ngram_range=(1, 3), stopwords=True) -> TermMatrix:
    """Count the corpus's n-gram terms per document, cached for the same tokens table.

    Counts already made are reused when that gives the same matrix as counting
    again: a narrower n-gram range takes the columns of a wider one, more stop
    words leave out the terms they start or end, and a
    :class:`~toolkit.index.SectionView` takes the whole corpus's terms and counts
    only the chosen sections' tokens (or subtracts the others', when fewer).

    Args:
        corpus: a :class:`toolkit.Corpus` (or view from ``corpus.select``, or a
            :class:`~toolkit.index.SectionView`).
        ngram_range: smallest and largest n-gram length, e.g. ``(1, 3)``.
        stopwords: ``True`` for the tokens table's stop words, ``False`` for
            none, or a collection of lower-case words to use instead.

    Returns:
        A :class:`TermMatrix`.
    """
    lo, hi = _check_ngram_range(ngram_range)
    stop_key = _stop_key(stopwords)
    if isinstance(corpus, SectionView):
        make = functools.partial(_section_term_matrix, corpus, lo, hi, stop_key)
    else:
        make = functools.partial(_stored_term_matrix, corpus, token_index(corpus), lo, hi, stop_key)
    return derived_of(corpus).term_matrix((lo, hi, stop_key), make)


def counts_at(corpus, rows: np.ndarray, *, ngram_range=(1, 3), stopwords=True) -> tuple[sp.csr_matrix, int]:
    """Occurrences of the corpus's terms among the token rows ``rows`` (whole sentences, e.g. from
    :func:`~toolkit.index.sentence_rows`), per document and column of :func:`term_matrix`, and their word tokens.

    The cost is that of the chosen tokens: the corpus's matrix names the terms.
    """
    lo, hi = _check_ngram_range(ngram_range)
    stop_key = _stop_key(stopwords)
    base = term_matrix(corpus, ngram_range=(lo, hi), stopwords=stop_key)
    index = token_index(corpus)
    traits = _word_traits(index, corpus)
    rows = np.asarray(rows, np.int64)
    return _counts_at(base, index, rows, lo, hi, stop_key, traits), int((~traits.punctuation(index, rows)).sum())


def _stored_term_matrix(corpus, index: TokenIndex, lo: int, hi: int, stop_key) -> TermMatrix:
    """The corpus's matrix: read from its disk cache, cut from counts at hand, or counted (and written).

    Only the toolkit's stop words or none are stored: a user's own list is one
    of many, each a file of tens of MB.
    """
    where = arrays.corpus_identity(corpus) if isinstance(stop_key, bool) else None
    if where is not None:
        folder, identity = where
        key = _terms_key(identity, lo, hi, stop_key)
        # Arrays the matrix shares with the index (words, vocab, doc_ids) are stored once, with the index.
        shared = {f.name: getattr(index, f.name) for f in dataclasses.fields(index) if not f.name.startswith("_")}
        found = arrays.read(folder, "terms", key, TermMatrix, shared=shared, generation=identity)
        if found is not None:
            return TermMatrix(**found[0], _home=(folder, identity, key))
    wider = _wider_counted(corpus, index, lo, hi, stop_key)
    if wider is not None:
        matrix = _narrower_range(term_matrix(corpus, ngram_range=wider, stopwords=stop_key), lo, hi)
    elif isinstance(stop_key, frozenset) and (narrowed := _narrowed_term_matrix(corpus, index, lo, hi, stop_key)):
        matrix = narrowed  # a user's stop words: never written (``where`` is None)
    else:
        matrix = _build_term_matrix(index, lo, hi, stop_key, _word_traits(index, corpus))
    if where is not None and arrays.write(folder, "terms", key, matrix, shared=shared, generation=identity):
        matrix = dataclasses.replace(matrix, _home=(folder, identity, key))
        for name in _KEPT_DERIVED:  # cut from a wider matrix's, e.g. the English frequencies
            if name in matrix._derived:
                _keep_derived(matrix, name, matrix._derived[name])
    return matrix


def _terms_key(identity: str, lo: int, hi: int, stop_key) -> str:
    return arrays.digest(identity, "terms", lo, hi, stop_key)


def _counted_ranges(corpus, index: TokenIndex, ranges, stop_key) -> list[tuple[int, int]]:
    """Those of the n-gram ``ranges`` whose matrix with ``stop_key`` is in memory or on disk."""
    where = arrays.corpus_identity(corpus) if isinstance(stop_key, bool) else None
    held = derived_of(corpus)

    def on_disk(lo, hi):
        folder, identity = where
        return arrays.path_of(folder, "terms", _terms_key(identity, lo, hi, stop_key), identity).exists()

    return [
        (lo, hi) for lo, hi in ranges
        if held.has_term_matrix((lo, hi, stop_key)) or (where is not None and on_disk(lo, hi))
    ]


def _wider_ranges(lo: int, hi: int) -> list[tuple[int, int]]:
    """The n-gram ranges that hold ``(lo, hi)``, itself left out."""
    return [(a, b) for a in range(1, lo + 1) for b in range(hi, 7) if (a, b) != (lo, hi)]


def _wider_counted(corpus, index: TokenIndex, lo: int, hi: int, stop_key) -> tuple[int, int] | None:
    """The narrowest counted n-gram range around ``(lo, hi)`` with these stop words, or None."""
    counted = _counted_ranges(corpus, index, _wider_ranges(lo, hi), stop_key)
    return min(counted, key=lambda r: r[1] - r[0], default=None)


def _narrower_range(wide: TermMatrix, lo: int, hi: int) -> TermMatrix:
    """The columns of ``wide`` from ``lo`` to ``hi`` words: the matrix counting ``(lo, hi)`` gives.

    A term's occurrences do not depend on the range, the columns are grouped by
    length (each group in order of first occurrence) and a term inside a longer
    one of the range is so in the wider range too.
    """
    first_col, end_col = np.searchsorted(wide.n, [lo, hi + 1])
    return _with_columns(wide, np.arange(first_col, end_col), phrase_like=wide.phrase_like[first_col:end_col])


def _with_columns(base: TermMatrix, keep: np.ndarray, *, phrase_like: np.ndarray) -> TermMatrix:
    """``base`` restricted to the columns ``keep`` (increasing), renumbered; pairs of terms follow them."""
    if len(keep) and keep[-1] - keep[0] + 1 == len(keep):  # a block: slicing is cheaper than picking
        counts = base.counts[:, int(keep[0]) : int(keep[-1]) + 1]
    else:
        counts = base.counts[:, keep]
    renumber = np.full(len(base.n), -1, np.int64)
    renumber[keep] = np.arange(len(keep))
    pairs = renumber[base.subsumers] if len(base.subsumers) else base.subsumers
    pairs = pairs[(pairs >= 0).all(axis=1)] if len(pairs) else pairs
    subsumed = np.zeros(len(keep), bool)
    subsumed[pairs[:, 0]] = True
    matrix = TermMatrix(
        doc_ids=base.doc_ids, counts=counts, n=base.n[keep], first=base.first[keep], words=base.words,
        vocab=base.vocab, n_tokens=base.n_tokens, subsumed=subsumed, subsumers=pairs, phrase_like=phrase_like,
        follows=base.follows[keep],
    )
    for name in _KEPT_DERIVED:  # one value per column, of that column's counts alone
        if name in base._derived:
            matrix._derived[name] = base._derived[name][keep]
    return matrix


def _narrowed_term_matrix(corpus, index: TokenIndex, lo: int, hi: int, stop_key: frozenset) -> TermMatrix | None:
    """The matrix for stop words ``stop_key``, cut from the one for the toolkit's; None when that would not be exact.

    The explorer's "more stop words" adds words to the toolkit's list. A stop word
    may sit inside a term but neither start nor end one, so when every token
    flagged as a stop word is a word of ``stop_key``, the added words only rule
    out more term edges: the terms are the toolkit matrix's columns that neither
    start nor end with one of them, with the same occurrences, counts and column
    order; a term inside a longer one still is (both kept). Whether a term reads
    as a phrase depends on the stop words inside it, so it is judged anew. Only
    done when the toolkit's matrix is counted already: else counting once with
    ``stop_key`` is quicker.
    """
    if not _counted_ranges(corpus, index, [(lo, hi), *_wider_ranges(lo, hi)], True):
        return None
    traits = _word_traits(index, corpus)
    in_stop = _vocab_in(index, stop_key)
    if not in_stop[traits.stop_flagged].all():
        return None
    base = term_matrix(corpus, ngram_range=(lo, hi), stopwords=True)
    words = index.words
    keep = np.flatnonzero(~in_stop[words[base.first]] & ~in_stop[words[base.first + base.n - 1]])
    likes = phrase_like(
        words, base.n[keep], base.first[keep], is_name=traits.is_name, is_stop=in_stop, follows=base.follows[keep]
    )
    return _with_columns(base, keep, phrase_like=likes)


def _section_term_matrix(view: SectionView, lo: int, hi: int, stop_key) -> TermMatrix:
    """The whole corpus's terms, counted in the view's sections only.

    Terms never cross a sentence, and a sentence is in one section, so a
    section's occurrences are the whole corpus's that lie in its sentences: the
    tokens of the smaller side are counted onto the corpus's columns and taken
    as the counts, or subtracted from the corpus's. What a term is (a name, a
    phrase, inside a longer term) is judged on the whole corpus, so leaving out
    captions never changes which terms exist, only how often they occur.
    """
    base = term_matrix(view.corpus, ngram_range=(lo, hi), stopwords=stop_key)
    full = view.full
    traits = _word_traits(full, view.corpus)
    if view.keep.all():
        return base
    if view.few_left_out():  # else no large section's positions are found (and kept)
        # Each section's counts are made once per matrix: any choice of sections then sums them.
        parts = [_section_part(base, view.corpus, name, lo, hi, stop_key, traits) for name in view.dropped_sections()]
        removed = functools.reduce(operator.add, (counts for counts, _ in parts)).tocsr()
        counts, emptied = _minus(base.counts, removed)
        n_tokens = base.n_tokens - sum(tokens for _, tokens in parts)
        # The column totals, from the corpus's: a pass over the few removed counts, not over all of them.
        totals = (base.derived("totals_row", _totals_row) - sp.csr_matrix(removed.sum(axis=0))).tocsr()
        totals.eliminate_zeros()
        derived = {"totals_row": totals}
        if emptied is not None:  # documents per term, from the corpus's: no pass over every count
            lost = np.bincount(emptied, minlength=counts.shape[1])
            derived["doc_freq"] = base.derived("doc_freq", _doc_frequency) - lost
        else:  # kept so that a table's few terms are counted from them (see _doc_frequency_of)
            derived["removed"] = removed.tocoo()
    else:
        kept = np.flatnonzero(view.keep)
        counts = _counts_at(base, full, kept, lo, hi, stop_key, traits)
        n_tokens = full.per_document_at(kept[~traits.punctuation(full, kept)])
        derived = {}
    return dataclasses.replace(
        base, counts=counts, n_tokens=n_tokens, _derived=derived, _home=None, _same_columns=base
    )


def _section_part(base: TermMatrix, corpus, name: str, lo: int, hi: int, stop_key, traits):
    """Occurrences of ``base``'s terms in section ``name`` of ``corpus``, and its word tokens, per document
    (once per matrix; the section's tokens are found once per corpus)."""
    full = token_index(corpus)

    def count(matrix):
        at = section_rows(corpus, name)
        return _counts_at(matrix, full, at, lo, hi, stop_key, traits), full.per_document_at(at[~traits.punctuation(full, at)])

    return base.derived(f"section:{name}", count)


def _minus(counts: sp.csr_matrix, removed: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray | None]:
    """``counts - removed`` for ``removed`` whose every entry is stored in ``counts``.

    When the removed entries sit in few documents (captions of some stories), only the data
    is copied and the entries looked up in their rows: 6 ms where SciPy's general
    subtraction took 40 on 10,000 documents. Entries that drop to zero then stay stored;
    :func:`_without_zeros` leaves them out where it matters.

    Returns:
        The difference, and the column of each entry that dropped to zero (a document
        that no longer has the term), or None when SciPy subtracted and nobody kept track.
    """
    removed = removed.tocsr()
    removed.sum_duplicates()  # sorted, one entry per (row, column)
    per_row = np.diff(removed.indptr)
    touched = np.flatnonzero(per_row)
    lengths = np.diff(counts.indptr)[touched]
    if lengths.sum() > counts.nnz // 8 or not counts.has_sorted_indices:
        return counts - removed, None  # most rows touched: SciPy's merge (it stores no zeros) is as quick
    rows, cols, values = np.repeat(np.arange(len(per_row)), per_row), removed.indices, removed.data
    data, emptied = counts.data.copy(), np.zeros(0, np.int64)
    if len(rows):
        starts = counts.indptr[touched]
        stored = np.repeat(starts - np.cumsum(np.r_[0, lengths[:-1]]), lengths) + np.arange(lengths.sum())
        width = np.int64(max(counts.shape[1], 1))  # (row, column) as one key, increasing along ``stored``
        stored_keys = np.repeat(touched.astype(np.int64), lengths) * width + counts.indices[stored]
        at = np.searchsorted(stored_keys, rows.astype(np.int64) * width + cols)
        at = stored[np.minimum(at, len(stored) - 1)] if len(stored) else at
        if not len(stored) or not np.array_equal(counts.indices[at], cols):
            raise RuntimeError("a section's term is missing from the corpus's counts; clear the cache and retry")
        data[at] -= values.astype(data.dtype)
        emptied = cols[data[at] == 0]
    return sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape, copy=False), emptied


def _counts_at(base: TermMatrix, index: TokenIndex, at: np.ndarray, lo: int, hi: int, stop_key, traits) -> sp.csr_matrix:
    """Occurrences of ``base``'s terms among the tokens at ``at`` (whole sentences), per document and column."""
    edge, inner = _token_flags(index, stop_key, traits, at=at)
    keys = base.derived("gram_keys", lambda m: _GramKeys(m.words, len(m.vocab), hi))
    columns_of, offsets = base.derived("column_keys", lambda m: _column_keys(m.n, m.first, keys, lo, hi))
    rows, cols = [], []
    for n, pos in _gram_positions(index, edge, inner, lo, hi, at=at):
        found = columns_of[n].get_indexer(keys(n, pos))
        if (found < 0).any():  # cannot happen when base counted these tokens: a bug, never a wrong count
            raise RuntimeError("a section's term is missing from the corpus's counts; clear the cache and retry")
        rows.append(index.rows_at(pos))
        cols.append(found + offsets[n - lo])
    shape = base.counts.shape
    if not rows:
        return sp.csr_matrix(shape, dtype=base.counts.dtype)
    row, col = np.concatenate(rows), np.concatenate(cols)
    counts = sp.csr_matrix((np.ones(len(row), base.counts.dtype), (row, col)), shape=shape)
    counts.sum_duplicates()
    return counts
