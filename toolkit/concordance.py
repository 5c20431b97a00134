"""Keyword in context: every occurrence of a word, phrase or pattern with its surroundings.

Occurrences are found in the corpus's token index (:mod:`toolkit.index`); see
:func:`toolkit.index.query_patterns` for what a query matches.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from toolkit.frames import sorted_unique
from toolkit.index import occurrences, query_patterns, token_index
from toolkit.schemas import empty

_SPACES = re.compile(r"\s+")


def kwic(
    corpus, query: str, *, window: int = 8, regex: bool = False, case_sensitive: bool = False, limit: int | None = None,
    where=None,
) -> pd.DataFrame:
    """Every occurrence of ``query`` with ``window`` tokens of context on each side.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one.
        query: a word ("Sokha"), a phrase ("hun sen"), a wildcard ("arrest*")
            or, with ``regex=True``, regular expressions ("arrest(ed|s)?").
        window: tokens of context on each side (within the document).
        regex: opt in to regular expressions.
        case_sensitive: match the case as written.
        limit: return only the first ``limit`` occurrences (``None`` for all);
            :func:`count_matches` counts them all cheaply.
        where: keep only some occurrences, before ``limit``: a function of two arrays, each
            occurrence's row in ``corpus.documents`` and its ``sent_id``, returning a bool
            array (the workspace keeps the sentences its filter passes). Only the lines
            kept are built.

    Returns:
        ``doc_id, sent_id, start, end, left, match, right, tok_id``,
        one row per occurrence in corpus order. Offsets point into
        ``documents.text``; context has its whitespace collapsed. For a
        :class:`~toolkit.index.SectionView`, the occurrences inside its sections, with their
        context as the document has it.

    Example:
        >>> import toolkit as tk
        >>> len(tk.kwic(tk.load_corpus(), "Sokha"))  # doctest: +SKIP
        5
    """
    if int(window) < 0:
        raise ValueError(f"window must be 0 or more tokens, got {window!r}")
    index, first = occurrences(corpus, query, regex=regex, case_sensitive=case_sensitive)
    if where is not None and len(first):
        first = first[np.asarray(where(index.rows_at(first), index.sent[first]), dtype=bool)]
    if limit is not None:
        first = first[: max(int(limit), 0)]
    if len(first) == 0:
        return empty("kwic")
    last = first + len(query_patterns(query, regex=regex)) - 1
    return _lines(corpus, index, first, last, index.start[first], index.end[last], window=int(window))


def span_kwic(corpus, spans: pd.DataFrame, *, window: int = 8) -> pd.DataFrame:
    """KWIC lines around given character spans, such as an actor's mentions.

    Args:
        corpus: the corpus the spans' offsets point into (a :class:`toolkit.Corpus`).
        spans: ``doc_id, start, end`` per span (offsets into ``documents.text``);
            spans of documents the corpus does not hold are left out.
        window: tokens of context on each side (within the document).

    Returns:
        The :func:`kwic` table, one row per span in the order given; ``match`` is
        the span's text as written (whitespace collapsed), ``tok_id`` its first token.
    """
    if int(window) < 0:
        raise ValueError(f"window must be 0 or more tokens, got {window!r}")
    missing = [c for c in ("doc_id", "start", "end") if c not in spans]
    if missing:
        raise ValueError(f"spans need the columns doc_id, start, end; missing {missing}")
    index = token_index(corpus)
    row_of = pd.Index(corpus.documents["doc_id"]).get_indexer(spans["doc_id"])
    run_of_row = np.full(len(index.doc_ids), -1, dtype=np.int64)
    run_of_row[index.run_rows[index.run_rows >= 0]] = np.flatnonzero(index.run_rows >= 0)
    runs = np.where(row_of >= 0, run_of_row[np.maximum(row_of, 0)], -1)
    held = runs >= 0
    runs, span_starts, span_ends = runs[held], spans["start"].to_numpy()[held], spans["end"].to_numpy()[held]
    if len(runs) == 0:
        return empty("kwic")
    run_ends = np.r_[index.run_starts[1:], len(index.words)] - 1
    first, last = np.empty(len(runs), np.int64), np.empty(len(runs), np.int64)
    for k, (run, lo_char, hi_char) in enumerate(zip(runs, span_starts, span_ends)):
        lo, hi = index.run_starts[run], run_ends[run]
        starts = index.start[lo: hi + 1]  # one document's tokens, in text order
        first[k] = lo + max(int(np.searchsorted(starts, lo_char, side="right")) - 1, 0)  # the token holding the start
        last[k] = max(lo + int(np.searchsorted(starts, hi_char, side="left")) - 1, first[k])  # the last one begun
    return _lines(corpus, index, first, last, span_starts, span_ends, window=int(window))


def _lines(corpus, index, first, last, match_starts, match_ends, *, window: int) -> pd.DataFrame:
    """The kwic table for matches running from token ``first`` to ``last`` (characters ``match_starts:match_ends``)."""
    doc_first, doc_last = index.bounds(first)
    left_from = np.maximum(first - window, doc_first)
    right_to = np.minimum(last + window, doc_last)
    starts, ends = index.start, index.end
    rows = index.rows_at(first)
    # Only the documents with a line: converting every text to Python strings takes tens of ms.
    text_column = corpus.documents["text"]
    wanted = sorted_unique(rows)
    texts = dict(zip(wanted.tolist(), text_column.take(wanted).tolist()))
    lines = [
        (
            _squash(texts[r][starts[lf] : ms]),
            _squash(texts[r][ms : me]),
            _squash(texts[r][me : ends[rt]]) if rt > l else "",
        )
        for r, l, lf, rt, ms, me in zip(rows, last, left_from, right_to, match_starts, match_ends)
    ]
    left, match, right = zip(*lines)
    return pd.DataFrame(
        {
            "doc_id": index.doc_id_column(rows),
            "sent_id": index.sent[first],
            "start": np.asarray(match_starts),
            "end": np.asarray(match_ends),
            "left": list(left),
            "match": list(match),
            "right": list(right),
            "tok_id": index.tok[first],
        }
    )


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def count_matches(corpus, query: str, *, regex: bool = False, case_sensitive: bool = False) -> int:
    """How many times ``query`` occurs (as :func:`kwic` would list them), without building the lines."""
    return len(occurrences(corpus, query, regex=regex, case_sensitive=case_sensitive)[1])
