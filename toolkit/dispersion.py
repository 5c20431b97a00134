"""Where and when terms occur: each match's place in its document, and counts per period."""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.index import occurrences, query_patterns, word_counts
from toolkit.schemas import PERIODS, column_names, empty, period_of


def dispersion(corpus, terms, *, regex: bool = False, case_sensitive: bool = False) -> pd.DataFrame:
    """Where each term occurs: document, relative position and date.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one.
        terms: one query or a list of queries, each as :func:`toolkit.kwic` accepts.
        regex: treat the terms as regular expressions.
        case_sensitive: match the case as written.

    Returns:
        ``term, doc_id, sent_id, start, end, position, published``, plus
        ``tok_id`` and ``offset`` (token number counted over the whole corpus,
        in documents order, for a corpus-wide dispersion plot). For a
        :class:`~toolkit.index.SectionView`, only matches in its sections, with
        position and offset read in the whole document and corpus.

    Example:
        >>> tk.dispersion(tk.load_corpus(), ["Sokha", "Hun Sen"])  # doctest: +SKIP
    """
    terms = [terms] if isinstance(terms, str) else list(terms)
    published = pd.to_datetime(corpus.documents["published"]).to_numpy()
    frames = []
    for term in terms:
        index, first = occurrences(corpus, term, regex=regex, case_sensitive=case_sensitive)
        last = first + len(query_patterns(term, regex=regex)) - 1
        doc_first, doc_last = index.bounds(first)
        rows = index.rows_at(first)
        frames.append(
            pd.DataFrame(
                {
                    "term": pd.array([term], dtype="str").take(np.zeros(len(first), np.intp)),
                    "doc_id": index.doc_id_column(rows),
                    "sent_id": index.sent[first],
                    "start": index.start[first],
                    "end": index.end[last],
                    "position": (first - doc_first) / np.maximum(doc_last - doc_first, 1),
                    "published": published[rows],
                    "tok_id": index.tok[first],
                    "offset": first.astype(np.int64),
                }
            )
        )
    found = [f for f in frames if not f.empty]
    if not found:
        return empty("dispersion")
    return pd.concat(found, ignore_index=True)[column_names("dispersion")]  # term by term, each in corpus order


def term_trends(corpus, terms, *, freq: str = "month", regex: bool = False) -> pd.DataFrame:
    """How often each term occurs per period, absolute and per 10,000 tokens.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one.
        terms: one query or a list of queries (see :func:`toolkit.kwic`).
        freq: ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``.
        regex: treat the terms as regular expressions.

    Returns:
        ``term, period, count, n_tokens, per_10k``: every term for every period
        that has dated documents (zeros included); ``period`` is the period's start.
    """
    if freq not in PERIODS:
        raise ValueError(f"freq={freq!r} is not one of {list(PERIODS)}")
    terms = [terms] if isinstance(terms, str) else list(terms)
    # Periods are found per document, then each match adds to its document's period:
    # no table of the matches, no date arithmetic per match.
    published = pd.to_datetime(corpus.documents["published"])
    if published.dt.tz is not None:
        published = published.dt.tz_localize(None)
    code, periods = pd.factorize(period_of(published, freq).dt.start_time, sort=True)
    dated = code >= 0
    n_tokens = np.bincount(code[dated], weights=word_counts(corpus)[dated], minlength=len(periods)).astype(np.int64)
    counts = []
    for term in terms:
        index, first = occurrences(corpus, term, regex=regex)
        rows = index.rows_at(first)
        where = code[rows[rows >= 0]]
        counts.append(np.bincount(where[where >= 0], minlength=len(periods)))
    table = pd.DataFrame(
        {
            "term": np.repeat(np.asarray(terms, dtype=object), len(periods)),
            "period": np.tile(np.asarray(periods), len(terms)),
            "count": np.concatenate(counts).astype(np.int64) if counts else np.zeros(0, np.int64),
            "n_tokens": np.tile(n_tokens, len(terms)),
        }
    )
    table["per_10k"] = 10_000 * table["count"] / table["n_tokens"].clip(lower=1)
    return table
