"""Keyword in context: every occurrence of a word, phrase or pattern with its surroundings.

Occurrences are found in the corpus's token index (:mod:`toolkit.index`); see
:func:`toolkit.index.query_patterns` for what a query matches.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from toolkit.index import occurrences, query_patterns
from toolkit.schemas import empty

_SPACES = re.compile(r"\s+")


def kwic(
    corpus, query: str, *, window: int = 8, regex: bool = False, case_sensitive: bool = False, limit: int | None = None
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
    if limit is not None:
        first = first[: max(int(limit), 0)]
    if len(first) == 0:
        return empty("kwic")
    last = first + len(query_patterns(query, regex=regex)) - 1
    doc_first, doc_last = index.bounds(first)
    left_from = np.maximum(first - int(window), doc_first)
    right_to = np.minimum(last + int(window), doc_last)
    starts, ends = index.start, index.end
    rows = index.rows_at(first)
    # Only the documents with a line: converting every text to Python strings takes tens of ms.
    text_column = corpus.documents["text"]
    wanted = np.unique(rows)
    texts = dict(zip(wanted.tolist(), text_column.take(wanted).tolist()))
    lines = [
        (
            _squash(texts[r][starts[lf] : starts[f]]),
            _squash(texts[r][starts[f] : ends[l]]),
            _squash(texts[r][ends[l] : ends[rt]]) if rt > l else "",
        )
        for r, f, l, lf, rt in zip(rows, first, last, left_from, right_to)
    ]
    left, match, right = zip(*lines)
    return pd.DataFrame(
        {
            "doc_id": index.doc_id_column(rows),
            "sent_id": index.sent[first],
            "start": starts[first],
            "end": ends[last],
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
