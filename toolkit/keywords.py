"""Keyword tables: frequency, TF-IDF and keyness scores of a corpus's terms, per corpus or group.

Terms and their counts come from the corpus's term matrix
(:func:`toolkit.index.term_matrix`, counted once and kept by the corpus), so
switching method, grouping or top-N re-scores without re-counting.

Keyness compares a target with a reference: either general English (the
``wordfreq`` package's frequencies, treated as a corpus of
:data:`ENGLISH_REFERENCE_SIZE` tokens) or the rest of the corpus when ``by``
splits it into groups. Scores are Dunning's log-likelihood G² (signed:
negative when the target uses the term less) and Hardie's log ratio.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.corpus.derived import derived_of
from toolkit.frames import is_in
from toolkit.index import SectionView, TermMatrix, term_matrix
from toolkit.index.matrix import _column_totals, _doc_frequency_of, _totals_row, _without_zeros
from toolkit.schemas import PERIODS, column_names, empty, period_of


METHODS = ("frequency", "tfidf", "keyness", "log_ratio")
REFERENCES = ("english", "rest")
PHRASES = ("clean", "all")
ENGLISH_REFERENCE_SIZE = 1_000_000_000
UNKNOWN_WORD_FREQUENCY = 1e-9  # below the rarest word wordfreq lists (about 1e-8)
LOG_RATIO_MIN_G2 = 6.63  # p < 0.01: log ratio is only shown for significant differences
_WORDLIKE = re.compile(r"\w")


def term_counts(corpus, *, ngram_range=(1, 3), stopwords=True, min_count=1) -> pd.DataFrame:
    """Occurrences of each term in each document, as a tidy table.

    Returns:
        ``doc_id, term, n, count``: one row per document and term occurring
        at least ``min_count`` times in the corpus.

    Example:
        >>> term_counts(tk.load_corpus(), ngram_range=(2, 2)).nlargest(1, "count")  # doctest: +SKIP
    """
    tm = term_matrix(corpus, ngram_range=ngram_range, stopwords=stopwords)
    keep = np.flatnonzero(_column_totals(tm) >= min_count)
    coo = _without_zeros(tm.counts[:, keep]).tocoo()
    return pd.DataFrame(
        {
            "doc_id": tm.doc_ids[coo.row].astype(object),
            "term": np.asarray(tm.terms(keep[coo.col]), dtype=object),
            "n": tm.n[keep[coo.col]],
            "count": coo.data.astype(np.int64),
        }
    ).sort_values(["doc_id", "count", "term"], ascending=[True, False, True], ignore_index=True)


def group_labels(corpus, by) -> pd.Series:
    """The group of each document for ``by`` (a period, a documents column, or a mapping).

    Args:
        corpus: the corpus.
        by: ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"`` of
            ``published``; the name of a ``documents`` column (``"source"``, a
            metadata column); or a mapping / Series from doc_id to a label,
            e.g. from :func:`split_by_date`.

    Returns:
        A string Series indexed like ``corpus.documents`` (missing labels are NA).
    """
    docs = corpus.documents
    if isinstance(by, (Mapping, pd.Series)):
        labels = pd.Series(docs["doc_id"].map(pd.Series(by) if isinstance(by, Mapping) else by))
    elif by in PERIODS:
        published = pd.to_datetime(docs["published"])
        labels = period_of(published, by).astype(str).where(published.notna())
    elif isinstance(by, str) and by in docs.columns and by not in ("text", "doc_id"):
        labels = docs[by].where(docs[by].astype(str) != "")
    else:
        allowed = list(PERIODS) + [c for c in docs.columns if c not in ("text", "doc_id")]
        raise ValueError(f"by={by!r} is not a period, a documents column or a mapping; allowed: {allowed}")
    return labels.astype("string").set_axis(docs.index)


def split_by_date(corpus, at, *, labels=("before", "after")) -> pd.Series:
    """Two sub-corpora for comparison: documents published before ``at`` and from ``at`` on.

    Pass the result as ``by=`` to :func:`keywords`, which keeps the groups in
    this order. Undated documents belong to neither.

    Example:
        >>> keywords(corpus, method="keyness", by=split_by_date(corpus, "2017-09-05"))  # doctest: +SKIP
    """
    at = pd.Timestamp(at)
    published = pd.to_datetime(corpus.documents["published"])
    if published.dt.tz is not None and at.tz is None:
        at = at.tz_localize(published.dt.tz)
    label = pd.Series(np.where(published < at, labels[0], labels[1]), index=corpus.documents["doc_id"].to_numpy())
    label = label.where(published.notna().to_numpy())
    return label.astype(pd.CategoricalDtype(list(labels)))


def keywords(
    corpus,
    *,
    method: str = "keyness",
    top_n: int = 25,
    ngram_range=(1, 3),
    by=None,
    reference: str | None = None,
    stopwords=True,
    min_count: int = 2,
    phrases: str = "clean",
) -> pd.DataFrame:
    """The terms that characterise a corpus, or each of its groups.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one.
        method: ``"frequency"`` (count), ``"tfidf"`` (summed TF-IDF of the
            documents), ``"keyness"`` (signed log-likelihood G²) or
            ``"log_ratio"`` (Hardie's log ratio, among terms with G² >= 6.63).
        top_n: rows per group.
        ngram_range: smallest and largest n-gram length.
        by: ``None`` for the whole corpus; a period (``"month"``...), a
            documents column, or a mapping doc_id -> label (e.g.
            :func:`split_by_date`) to score each group.
        reference: for keyness methods, ``"english"`` (wordfreq; default when
            ``by`` is None) or ``"rest"`` (the other groups; default with ``by``).
        stopwords: ``True`` (the toolkit's list), ``False`` or a collection of words.
        min_count: least occurrences of a term within its group.
        phrases: ``"clean"`` keeps the multi-word terms that read as names or
            expressions ("kem sokha", "prime minister", not "cambodia ahead";
            see :func:`phrase_like`); ``"all"`` keeps every n-gram.

    Returns:
        ``term, score, count, doc_count, n`` sorted by descending score, plus
        the group column (named after ``by``, or ``"group"`` for a mapping) first.

    For a :class:`~toolkit.index.SectionView` (the explorer's section filter), the
    terms and what they are (names, phrases, inside a longer term) are judged on
    the whole corpus and counted in the chosen sections; ``corpus.select(sections=...)``
    makes a new corpus whose terms are judged on those sections alone.

    Example:
        >>> import toolkit as tk
        >>> tk.keywords(tk.load_corpus(), top_n=5)["term"].tolist()  # doctest: +SKIP
        ['cambodia', 'sokha', 'hun sen', 'crackdown', 'china']
    """
    if method not in METHODS:
        raise ValueError(f"method={method!r} is not one of {METHODS}")
    if reference is None:
        reference = "english" if by is None else "rest"
    if reference not in REFERENCES:
        raise ValueError(f"reference={reference!r} is not one of {REFERENCES}")
    if by is None and reference == "rest":
        raise ValueError("reference='rest' needs by= to split the corpus into groups")
    if int(top_n) < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n!r}")
    if phrases not in PHRASES:
        raise ValueError(f"phrases={phrases!r} is not one of {PHRASES}")
    group_col = by if isinstance(by, str) else "group"
    columns = ([group_col] if by is not None else []) + column_names("keywords")

    tm = term_matrix(corpus, ngram_range=ngram_range, stopwords=stopwords)
    hidden = tm.derived(f"hidden_{phrases}", lambda m: hidden_columns(m, phrases=phrases))
    if by is None:
        names = np.array(["all"], dtype=object)
        member = sp.csr_matrix(np.ones((1, len(tm.doc_ids))))
    else:
        codes, names = _group_codes(group_labels(corpus, by), by)
        valid = codes >= 0
        member = sp.csr_matrix(
            (np.ones(valid.sum()), (codes[valid], np.flatnonzero(valid))),
            shape=(len(names), len(tm.doc_ids)),
        )
    if reference == "rest" and method in ("keyness", "log_ratio") and len(names) < 2:
        raise ValueError(
            f"keyness against the rest needs at least two groups of documents; "
            f"{f'by={by!r}' if isinstance(by, str) else 'the given split'} gives {len(names)}"
        )
    if by is None:  # the whole corpus: column sums, computed once per matrix
        group_counts = tm.derived("totals_row", _totals_row)
    else:
        group_counts = _without_zeros((member @ tm.counts).tocsr())
    group_counts.sort_indices()
    group_tokens = member @ tm.n_tokens
    weights = _tfidf_sums(tm, member) if method == "tfidf" else None
    ref_counts, ref_total = _reference(corpus, tm, reference, method)

    chosen = []  # per group: its top columns, their scores and counts
    for g in range(len(names)):
        start, end = group_counts.indptr[g], group_counts.indptr[g + 1]
        cols, a = group_counts.indices[start:end], group_counts.data[start:end].astype(float)
        keep = (a >= min_count) & ~hidden[cols]
        cols, a = cols[keep], a[keep]
        if method == "frequency":
            score = a
        elif method == "tfidf":
            score = _row_values(weights, g, cols)
        else:
            if reference == "rest":
                b = ref_counts[cols] - a
                c, d = group_tokens[g], ref_total - group_tokens[g]
            else:
                b, c, d = ref_counts[cols], group_tokens[g], ref_total
            score, keep = _keyness(method, a, b, c, d)
            cols, a, score = cols[keep], a[keep], score[keep]
        top = _top(score, a, int(top_n))
        chosen.append((cols[top], score[top], a[top]))
    if not chosen:
        table = empty("keywords")
        return table.assign(**{group_col: pd.Series(dtype=object)})[columns] if by is not None else table
    doc_counts = _doc_counts(tm, member, [c for c, _, _ in chosen], whole=by is None)
    frames = []
    for g, (name, (cols, score, a)) in enumerate(zip(names, chosen)):
        frame = pd.DataFrame(
            {
                "term": np.asarray(tm.terms(cols), dtype=object),
                "score": score.astype(float),
                "count": a.astype(np.int64),
                "doc_count": doc_counts[g],
                "n": tm.n[cols],
            }
        )
        if by is not None:
            frame.insert(0, group_col, name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)[columns]


def _keyness(method: str, a, b, c, d) -> tuple[np.ndarray, np.ndarray]:
    """The target's score of each term, and which terms it characterises (G² > 0, or significant for log ratio)."""
    g2 = log_likelihood(a, b, c, d)
    if method == "keyness":
        return g2, g2 > 0
    return log_ratio(a, b, c, d), g2 >= LOG_RATIO_MIN_G2


SENTENCE_METHODS = ("frequency", "keyness", "log_ratio")


def sentence_keywords(
    corpus,
    sentences: pd.DataFrame,
    *,
    within=None,
    method: str = "keyness",
    top_n: int = 25,
    ngram_range=(1, 3),
    stopwords=True,
    min_count: int = 2,
    phrases: str = "clean",
) -> pd.DataFrame:
    """The terms that characterise some sentences (those naming an actor, say) against the other sentences.

    Args:
        corpus: a :class:`toolkit.Corpus`.
        sentences: the chosen sentences: a table with ``doc_id`` and ``sent_id``.
        within: doc_ids whose other sentences are the reference (default: the whole corpus).
        method: ``"keyness"`` (signed G²), ``"log_ratio"`` or ``"frequency"``.
        top_n, ngram_range, stopwords, min_count, phrases: as in :func:`keywords`.

    Returns:
        The ``keywords`` table of the chosen sentences, best first.

    Only the chosen sentences' tokens are counted (onto the corpus's term matrix), so a
    few hundred sentences of a large corpus take milliseconds.
    """
    from toolkit.index import counts_at, sentence_rows

    if method not in SENTENCE_METHODS:
        raise ValueError(f"method={method!r} is not one of {SENTENCE_METHODS}")
    if phrases not in PHRASES:
        raise ValueError(f"phrases={phrases!r} is not one of {PHRASES}")
    if int(top_n) < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n!r}")
    missing = {"doc_id", "sent_id"} - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences needs columns doc_id and sent_id; missing {sorted(missing)}")
    tm = term_matrix(corpus, ngram_range=ngram_range, stopwords=stopwords)
    doc_rows = pd.Index(tm.doc_ids).get_indexer(sentences["doc_id"])
    known = doc_rows >= 0
    rows = sentence_rows(corpus, doc_rows[known], sentences["sent_id"].to_numpy()[known])
    chosen, chosen_tokens = counts_at(corpus, rows, ngram_range=ngram_range, stopwords=stopwords)
    counts = _without_zeros(sp.csr_matrix(chosen.sum(axis=0)))
    cols, a = counts.indices, counts.data.astype(float)
    hidden = tm.derived(f"hidden_{phrases}", lambda m: hidden_columns(m, phrases=phrases))
    keep = (a >= min_count) & ~hidden[cols]
    cols, a = cols[keep], a[keep]
    if method == "frequency":
        score = a
    else:
        if within is None:
            totals, total_tokens = _column_totals(tm).astype(float)[cols], float(tm.n_tokens.sum())
        else:
            member = is_in(pd.Index(tm.doc_ids), within)
            totals = np.asarray(tm.counts[member][:, cols].sum(axis=0)).ravel().astype(float)
            total_tokens = float(tm.n_tokens[member].sum())
        score, keep = _keyness(method, a, totals - a, float(chosen_tokens), total_tokens - chosen_tokens)
        cols, a, score = cols[keep], a[keep], score[keep]
    top = _top(score, a, int(top_n))
    cols, a, score = cols[top], a[top], score[top]
    doc_count = np.asarray((chosen[:, cols] > 0).sum(axis=0)).ravel().astype(np.int64)
    return pd.DataFrame({
        "term": np.asarray(tm.terms(cols), dtype=object), "score": score.astype(float),
        "count": a.astype(np.int64), "doc_count": doc_count, "n": tm.n[cols],
    })[column_names("keywords")]


def hidden_columns(tm: TermMatrix, *, phrases: str = "clean") -> np.ndarray:
    """Columns that keyword tables leave out: non-phrases (unless ``phrases="all"``) and subsumed terms.

    A term inside a longer term is only hidden while that longer term is shown:
    "ahead", whose every occurrence is in "cambodia ahead", comes back when
    "cambodia ahead" is left out as no phrase.
    """
    if phrases == "all":
        return tm.subsumed
    shown = tm.phrase_like
    hidden = ~shown
    pairs = tm.subsumers[shown[tm.subsumers[:, 1]]]
    hidden[pairs[:, 0]] = True
    return hidden


def _top(score: np.ndarray, count: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best scores, ties broken by count (then column order), best first."""
    if len(score) > k:
        threshold = np.partition(score, len(score) - k)[len(score) - k]
        candidates = np.flatnonzero(score >= threshold)
    else:
        candidates = np.arange(len(score))
    order = np.lexsort((candidates, -count[candidates], -score[candidates]))
    return candidates[order[:k]]


def _row_values(matrix: sp.csr_matrix, row: int, cols: np.ndarray) -> np.ndarray:
    """``matrix[row, cols]`` as a dense vector, without densifying the row."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    indices, data = matrix.indices[start:end], matrix.data[start:end]
    order = np.argsort(indices, kind="stable")
    indices, data = indices[order], data[order]
    if len(indices) == 0:
        return np.zeros(len(cols))
    at = np.clip(np.searchsorted(indices, cols), 0, len(indices) - 1)
    return np.where(indices[at] == cols, data[at], 0.0)


def _doc_counts(tm: TermMatrix, member, chosen: list[np.ndarray], *, whole: bool) -> list[np.ndarray]:
    """For each group, the documents of it containing each of its chosen columns.

    For the whole corpus (``whole``), each column's document count is computed once per
    matrix (and kept on disk with it); for groups, only the chosen columns are read, in one
    pass over the counts however many groups.
    """
    if whole:
        return [_doc_frequency_of(tm, cols) for cols in chosen]
    wanted = np.unique(np.concatenate(chosen)) if chosen else np.zeros(0, np.int64)
    if len(wanted) == 0:
        return [np.zeros(0, np.int64) for _ in chosen]
    presence = (tm.counts[:, wanted] > 0).astype(np.int64)
    per_group = member @ presence
    per_group = per_group.toarray() if sp.issparse(per_group) else np.asarray(per_group)
    return [per_group[g, np.searchsorted(wanted, cols)].astype(np.int64) for g, cols in enumerate(chosen)]


def _group_codes(labels: pd.Series, by) -> tuple[np.ndarray, np.ndarray]:
    """Group number of each document; groups sorted, or in ``by``'s category order (before, after)."""
    if isinstance(getattr(by, "dtype", None), pd.CategoricalDtype):
        categories = np.asarray(by.cat.categories, dtype=object)
        codes = pd.Categorical(labels, categories=categories).codes.astype(np.int64)
        used = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(categories)))  # no empty groups
        renumber = np.full(len(categories) + 1, -1, np.int64)
        renumber[used] = np.arange(len(used))
        return renumber[codes], categories[used]
    codes, names = pd.factorize(pd.Series(labels.to_numpy(dtype=object, na_value=None), dtype=object), sort=True)
    return codes, np.asarray(names, dtype=object)


def _tfidf_sums(tm: TermMatrix, member) -> sp.csr_matrix:
    from sklearn.feature_extraction.text import TfidfTransformer

    if tm.counts.shape[1] == 0:  # no term at all: scikit-learn refuses an empty matrix
        return sp.csr_matrix((member.shape[0], 0))
    transformer = TfidfTransformer(sublinear_tf=True)  # stored zeros would count as documents and log(0)
    weights = tm.derived("tfidf", lambda m: transformer.fit_transform(_without_zeros(m.counts)))
    return (member @ weights).tocsr()


def _reference(corpus, tm: TermMatrix, reference: str, method: str):
    if method in ("frequency", "tfidf"):
        return None, None
    if reference == "rest":
        totals = _column_totals(tm).astype(float)
        return totals, float(tm.n_tokens.sum())
    english = tm.derived("english", lambda m: english_frequency(m, word_frequency=_vocab_frequency(corpus, m.vocab)))
    return english * ENGLISH_REFERENCE_SIZE, float(ENGLISH_REFERENCE_SIZE)


def english_frequency(tm: TermMatrix, *, word_frequency: np.ndarray | None = None) -> np.ndarray:
    """Each column's frequency in general English (wordfreq), per token.

    Multi-word terms combine their words the way wordfreq does for phrases:
    ``1 / sum(1 / f_word)``.

    Args:
        tm: a term matrix.
        word_frequency: the frequency of each word of ``tm.vocab``, when known; else looked up.
    """
    word_freq = word_frequency if word_frequency is not None else _compute_vocab_frequency(tm.vocab)
    inverse = np.zeros(len(tm.n))
    for k in range(int(tm.n.max(initial=0))):
        has = tm.n > k
        inverse[has] += 1.0 / word_freq[tm.words[tm.first[has] + k]]
    return 1.0 / np.maximum(inverse, 1e-300)


def _vocab_frequency(corpus, vocab: np.ndarray) -> np.ndarray:
    """wordfreq's English frequency of each word of the corpus's ``vocab``, looked up once and kept by the corpus.

    Every term matrix of a corpus shares its index's vocabulary (a section view, its corpus's).
    """
    held = derived_of(corpus.corpus if isinstance(corpus, SectionView) else corpus)
    if held.word_frequency is None or held.word_frequency[0] is not vocab:
        held.word_frequency = (vocab, _compute_vocab_frequency(vocab))
    return held.word_frequency[1]


def _compute_vocab_frequency(vocab: np.ndarray) -> np.ndarray:
    import wordfreq

    table = _english_table()
    normal = pd.Series(vocab, dtype=object).str.replace("\u2019", "'", regex=False)
    # dict.get per word: Series.map(dict) first turns wordfreq's 321,000 entries into a Series (0.3 s).
    freq = np.array([table.get(word, np.nan) for word in normal], dtype=float)
    for i in np.flatnonzero(np.isnan(freq)):
        word = normal[i]
        # Numbers and hyphenated or dotted words need wordfreq's own tokenizer; punctuation has no frequency.
        freq[i] = wordfreq.word_frequency(word, "en") if not word.isalpha() and _WORDLIKE.search(word) else 0.0
    return np.maximum(freq, UNKNOWN_WORD_FREQUENCY)


@functools.lru_cache(maxsize=1)
def _english_table() -> dict:
    """wordfreq's English word frequencies (loaded once per session: they are the package's data, not ours)."""
    import wordfreq

    return wordfreq.get_frequency_dict("en")


def log_likelihood(a, b, c, d) -> np.ndarray:
    """Signed log-likelihood G² of ``a`` of ``c`` tokens against ``b`` of ``d`` (Rayson & Garside 2000).

    Negative when the target's relative frequency is below the reference's.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    expected_a = c * (a + b) / (c + d)
    expected_b = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (
            np.where(a > 0, a * np.log(a / expected_a), 0.0)
            + np.where(b > 0, b * np.log(b / expected_b), 0.0)
        )
    return np.where(a / c >= b / d, g2, -g2)


def log_ratio(a, b, c, d) -> np.ndarray:
    """Hardie's (2014) log ratio: binary log of the ratio of relative frequencies, zeros as 0.5."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))
