"""Counting terms: the n-grams of a token index that may be terms, counted into a :class:`TermMatrix`.

Terms are lower-cased token n-grams inside one sentence that neither start nor
end with a stop word or punctuation ("kem sokha", "bank of america"). What
every matrix of one index needs whatever the stop words (:class:`_WordTraits`)
is computed once and kept by the corpus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.corpus import arrays
from toolkit.corpus.derived import derived_of
from toolkit.index.matrix import TermMatrix
from toolkit.index.tokens import TokenIndex


_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class _WordTraits:
    """What every term matrix of one index needs and no stop-word choice changes (kept on disk beside the index)."""

    no_word: np.ndarray  # per vocabulary item: no word character at all (a symbol)
    clitic: np.ndarray  # per vocabulary item: "'s", "'ll"... join no term ("cambodia 's crackdown")
    is_name: np.ndarray  # per vocabulary item: usually written capitalised inside sentences
    stop_flagged: np.ndarray  # per vocabulary item: some token of it is flagged as a stop word
    n_tokens: np.ndarray  # per document: tokens that are no punctuation, the keyness denominator

    def punctuation(self, index: TokenIndex, at: np.ndarray | None = None) -> np.ndarray:
        """Per token (or per token at ``at``): punctuation, or no word character at all."""
        if at is None:
            return index.is_punct | self.no_word[index.words]
        return index.is_punct[at] | self.no_word[index.words[at]]


def _word_traits(index: TokenIndex, corpus=None) -> _WordTraits:
    """The index's :class:`_WordTraits`: computed once (each costs a pass over every token), kept on disk.

    Args:
        index: the token index of ``corpus`` (``token_index(corpus)``).
        corpus: its owner, which keeps the traits; None: computed, not kept.
    """
    held = derived_of(corpus) if corpus is not None else None
    if held is not None and held.word_traits is not None:
        return held.word_traits
    where = arrays.corpus_identity(corpus) if corpus is not None else None
    key = arrays.digest(where[1], "traits") if where else None
    found = arrays.read(where[0], "traits", key, _WordTraits, generation=where[1]) if where else None
    if found is not None:
        traits = _WordTraits(**found[0])
    else:
        normal = index.normal_vocab()
        no_word = ~normal.str.contains(_WORDLIKE).to_numpy(bool)
        size = len(index.vocab)
        traits = _WordTraits(
            no_word=no_word,
            clitic=normal.str.startswith("'").to_numpy(bool),
            is_name=_name_words(index),
            stop_flagged=np.bincount(index.words[index.is_stop], minlength=size) > 0,
            n_tokens=index.per_document(~(index.is_punct | no_word[index.words])),
        )
        if where:
            arrays.write(where[0], "traits", key, traits, keep=1, generation=where[1])
    if held is not None:
        held.word_traits = traits
    return traits


def _vocab_in(index: TokenIndex, words: frozenset) -> np.ndarray:
    """Per vocabulary item, whether it is one of ``words``."""
    return pd.Series(index.vocab, dtype=object).isin(words).to_numpy(bool)


def _stop_vocab(index: TokenIndex, stop_key, traits: _WordTraits) -> np.ndarray:
    """Per vocabulary item, whether it is a stop word for ``stop_key``."""
    if stop_key is True:
        return traits.stop_flagged
    if stop_key is False:
        return np.zeros(len(index.vocab), bool)
    return _vocab_in(index, stop_key)


def _token_flags(index: TokenIndex, stop_key, traits: _WordTraits, *, at: np.ndarray | None = None):
    """Per token (or per token at ``at``): may it start or end a term (edge), may it sit inside one (inner)."""
    words = index.words if at is None else index.words[at]
    if stop_key is True:
        stop = index.is_stop if at is None else index.is_stop[at]
    else:
        stop = _stop_vocab(index, stop_key, traits)[words]
    inner = ~traits.punctuation(index, at) & ~traits.clitic[words]
    return inner & ~stop, inner


def _gram_positions(index: TokenIndex, edge, inner, lo: int, hi: int, *, at: np.ndarray | None = None):
    """``(n, positions)`` for each length: where the n-gram terms start, in index order.

    With ``at`` (increasing positions of whole sentences), only n-grams among those
    tokens; ``edge`` and ``inner`` are then given for those tokens alone.
    """
    run = index.run if at is None else index.run[at]
    sents = index.sent if at is None else index.sent[at]
    total = len(run)
    inner_run = inner.copy()  # every token of the n-gram may sit inside a term
    for n in range(1, hi + 1):
        m = total - n + 1
        if n > 1:
            inner_run = inner_run[:m] & inner[n - 1 :]
        if n < lo or m <= 0:
            continue
        ok = edge[:m] & edge[n - 1 :] & inner_run & (run[:m] == run[n - 1 :]) & (sents[:m] == sents[n - 1 :])
        pos = np.flatnonzero(ok)
        if at is not None:
            pos = at[pos]
        yield n, pos[index.rows_at(pos) >= 0]  # tokens of a doc_id missing from documents count nowhere


def _build_term_matrix(index: TokenIndex, lo, hi, stop_key, traits: _WordTraits | None = None) -> TermMatrix:
    traits = traits if traits is not None else _word_traits(index)
    edge, inner = _token_flags(index, stop_key, traits)
    n_docs = len(index.doc_ids)
    keys = _GramKeys(index.words, len(index.vocab), hi)
    doc_parts, col_parts, lengths, firsts, follows = [], [], [], [], []
    for n, pos in _gram_positions(index, edge, inner, lo, hi):
        local, uniq = pd.factorize(keys(n, pos))
        once = _first_of_each(local)
        doc_parts.append(index.rows_at(pos))
        col_parts.append(local + sum(len(f) for f in firsts))
        firsts.append(pos[once])
        lengths.append(np.full(len(uniq), n, np.int64))
        follows.append(_following_word(index, inner, pos, n, local, once))
    n_terms = sum(len(f) for f in firsts)
    if doc_parts:
        doc_all, col_all = np.concatenate(doc_parts), np.concatenate(col_parts)
        # int32: no term occurs 2**31 times in one document, and half the bytes make every pass quicker.
        counts = sp.csr_matrix((np.ones(len(doc_all), np.int32), (doc_all, col_all)), shape=(n_docs, n_terms))
        counts.sum_duplicates()
    else:
        counts = sp.csr_matrix((n_docs, 0), dtype=np.int32)
    n_arr = np.concatenate(lengths) if lengths else np.zeros(0, np.int64)
    first = np.concatenate(firsts) if firsts else np.zeros(0, np.int64)
    after = np.concatenate(follows) if follows else np.zeros(0, np.int64)
    return _term_matrix(index, counts, n_arr, first, after, lo, hi, stop_key=stop_key, traits=traits, keys=keys)


def _following_word(index: TokenIndex, inner, pos: np.ndarray, n: int, local, once) -> np.ndarray:
    """Per column, the word after every occurrence (same sentence, a word), or -1 when none or not always the same.

    Args:
        index, inner: the token index and which tokens may sit inside a term.
        pos, n: where the n-grams start and their length.
        local, once: each occurrence's column, and the first occurrence of each column.
    """
    total = len(index.words)
    after = pos + n
    at = np.minimum(after, total - 1)
    ok = (after < total) & inner[at] & (index.run[at] == index.run[pos]) & (index.sent[at] == index.sent[pos])
    word = np.where(ok, index.words[at], -1)
    first_seen = word[once]  # one pass and a count, where np.minimum.at took five times longer
    differs = np.bincount(local[word != first_seen[local]], minlength=len(once)) > 0
    return np.where(differs, -1, first_seen)


def _term_matrix(index: TokenIndex, counts, n, first, follows, lo, hi, *, stop_key, traits, keys) -> TermMatrix:
    """The :class:`TermMatrix` of counted columns: all that follows from the counts, the columns and the stop words.

    Args:
        index: the token index counted.
        counts: documents x columns counts; columns grouped by n-gram length, each group in order of
            first occurrence.
        n, first: each column's n-gram length and first occurrence in ``index``.
        follows: each column's word after every occurrence, or -1.
        lo, hi: the n-gram range.
        stop_key: the stop words counted with.
        traits: the index's :class:`_WordTraits`.
        keys: the index's :class:`_GramKeys`.
    """
    columns_of, offsets = _column_keys(n, first, keys, lo, hi)
    subsumers = _subsumers(counts, first, keys, columns_of, offsets, lo, hi)
    subsumed = np.zeros(len(n), bool)
    subsumed[subsumers[:, 0]] = True
    return TermMatrix(
        doc_ids=np.asarray(index.doc_ids, dtype=object),
        counts=counts,
        n=n,
        first=first,
        words=index.words,
        vocab=index.vocab,
        n_tokens=traits.n_tokens,
        subsumed=subsumed,
        subsumers=subsumers,
        phrase_like=phrase_like(
            index.words, n, first, is_name=traits.is_name, is_stop=_stop_vocab(index, stop_key, traits),
            follows=follows,
        ),
        follows=follows,
    )


def _first_of_each(codes: np.ndarray) -> np.ndarray:
    """Where each code first occurs, for codes numbered in order of first occurrence (as ``pd.factorize`` gives).

    A new code is a new running maximum: one pass, where hashing the codes again took five times longer.
    """
    if len(codes) == 0:
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)


class _GramKeys:
    """An integer key per n-gram occurrence: equal keys, equal word sequences.

    Keys are computed arithmetically (``w0 * V + w1 ...``) when ``V ** n``
    fits in 63 bits, which is the usual case up to trigrams; otherwise from
    n-gram ids factorized over all positions (slower, any n).
    """

    def __init__(self, words: np.ndarray, vocab_size: int, longest: int):
        self.words, self.size = words.astype(np.int64, copy=False), max(vocab_size, 1)  # only read
        self.arithmetic = float(self.size) ** longest < 2.0**62
        self.ids = {1: self.words}
        if not self.arithmetic:
            gram = self.words
            for n in range(2, longest + 1):
                m = len(self.words) - n + 1
                gram = pd.factorize(gram[:m] * self.size + self.words[n - 1 :])[0].astype(np.int64)
                self.ids[n] = gram

    def __call__(self, n: int, positions: np.ndarray) -> np.ndarray:
        if not self.arithmetic:
            return self.ids[n][positions]
        key = self.words[positions]
        for j in range(1, n):
            key = key * self.size + self.words[positions + j]
        return key


def _subsumers(counts, first, keys: _GramKeys, columns_of: dict, offsets, lo, hi) -> np.ndarray:
    """Pairs (term, longer term) where the longer one starts or ends with the term and has its total count.

    Then every occurrence of the term is inside the longer one ("america" in "bank of america").
    """
    totals = np.asarray(counts.sum(axis=0)).ravel()
    pairs = []
    for m in range(lo + 1, hi + 1):
        if m not in columns_of:
            continue
        longer = slice(offsets[m - lo], offsets[m + 1 - lo])
        starts, long_totals = first[longer], totals[longer]
        for k in range(lo, m):
            block = offsets[k - lo]
            for shift in (0, m - k):  # the prefix and the suffix of length k
                part = columns_of[k].get_indexer(keys(k, starts + shift))
                hit = (part >= 0) & (totals[block + np.maximum(part, 0)] == long_totals)
                pairs.append(np.column_stack([block + part[hit], offsets[m - lo] + np.flatnonzero(hit)]))
    return np.concatenate(pairs).astype(np.int64) if pairs else np.zeros((0, 2), np.int64)


def _column_keys(n: np.ndarray, first: np.ndarray, keys: _GramKeys, lo: int, hi: int) -> tuple[dict, np.ndarray]:
    """Each length's column keys (an index to look terms up in) and where each length's columns start."""
    offsets = np.searchsorted(n, np.arange(lo, hi + 2)).astype(np.int64)
    columns_of = {
        m: pd.Index(keys(m, first[offsets[m - lo] : offsets[m + 1 - lo]]))
        for m in range(lo, hi + 1)
        if m <= len(keys.words)
    }
    return columns_of, offsets


NAME_SHARE = 0.5  # a word written capitalised at least this often inside sentences is part of names


def _name_words(index: TokenIndex) -> np.ndarray:
    """Per vocabulary item: written capitalised in at least :data:`NAME_SHARE` of its uses inside sentences."""
    size = len(index.vocab)
    if len(index.words) == 0:
        return np.zeros(size, bool)
    capitalised = index.capitalised()
    sentence_start = np.r_[True, (index.sent[1:] != index.sent[:-1]) | (index.run[1:] != index.run[:-1])]
    inside = ~sentence_start  # a sentence's first word is capitalised whatever it is
    seen_inside = np.bincount(index.words[inside], minlength=size)
    share = np.where(
        seen_inside > 0,
        np.bincount(index.words[inside], weights=capitalised[inside], minlength=size) / np.maximum(seen_inside, 1),
        np.bincount(index.words, weights=capitalised, minlength=size) / np.maximum(np.bincount(index.words, minlength=size), 1),
    )
    return share >= NAME_SHARE


def phrase_like(
    words: np.ndarray, n: np.ndarray, first: np.ndarray, *, is_name: np.ndarray, is_stop: np.ndarray,
    follows: np.ndarray | None = None,
) -> np.ndarray:
    """Which n-gram columns read as a term: a name, or a lower-case expression.

    A multi-word term is kept when every content word is usually written
    capitalised inside sentences ("kem sokha", "bank of america": stop words
    may sit inside a name), or when no word is and no stop word sits inside
    ("prime minister", "human rights"). Left out are n-grams that run from a
    name into common words ("cambodia ahead", "prak sokhon said") and common
    words glued by a stop word ("condemned the crackdown"), and names cut
    short: always followed by the same name word, as "prime minister hun" by
    "sen" when n-grams stop at three words (English names end with their head,
    so "minister hun sen" stays). Against general
    English such repeats score as high as their words, crowding out real
    keywords; on 500N-KPCrowd this rule raises single-story keyness F1@15
    from 0.181 to 0.186 (0.183 to 0.204 with ``min_count=1``; ``bench/keyterms_eval.py``).

    Args:
        words: the corpus's tokens as codes into its vocabulary.
        n: n-gram length of each column.
        first: position in ``words`` of each column's first occurrence.
        is_name: per vocabulary item, whether it is usually capitalised inside sentences.
        is_stop: per vocabulary item, whether it is a stop word for these terms.
        follows: per column, the word after every occurrence, or -1 (see :class:`TermMatrix`).

    Returns:
        A boolean array, one per column.
    """
    all_names, no_names, stop_inside = (np.ones(len(n), bool), np.ones(len(n), bool), np.zeros(len(n), bool))
    for j in range(int(n.max(initial=0))):
        has = n > j
        word = words[first[has] + j]
        all_names[has] &= is_name[word] | is_stop[word]
        no_names[has] &= ~is_name[word]
        stop_inside[has] |= is_stop[word] & (j > 0) & (n[has] - 1 > j)
    reads = (n == 1) | all_names | (no_names & ~stop_inside)
    if follows is None:
        return reads
    next_word = np.maximum(follows, 0)
    cut_short = (follows >= 0) & is_name[next_word] & ~is_stop[next_word] & all_names
    return reads & ~cut_short
