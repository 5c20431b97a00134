"""Keyword in context: every occurrence of a word, phrase or pattern with its surroundings.

Queries match whole tokens of the corpus's ``tokens`` table, so "Sokha" never
matches inside "Sokhon". A query is split into tokens the way documents are
("Cambodia's" is "Cambodia" + "'s"); a token with ``*`` or ``?`` is a wildcard
(``arrest*``); with ``regex=True`` each whitespace-separated part is a regular
expression that must match a whole token.
"""
from __future__ import annotations

import fnmatch
import html
import re

import numpy as np
import pandas as pd

from toolkit.schemas import empty
from toolkit.tokenize import word_spans

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_WILDCARD = re.compile(r"[*?]")
_SPACES = re.compile(r"\s+")


def query_patterns(query: str, *, regex: bool = False) -> list[tuple[str, str]]:
    """The per-token tests a query stands for: ``("exact", word)`` or ``("regex", pattern)``.

    Example:
        >>> query_patterns("Hun Sen")
        [('exact', 'Hun'), ('exact', 'Sen')]
        >>> query_patterns("arrest*")
        [('regex', 'arrest.*')]
    """
    if not isinstance(query, str) or not query.strip():
        raise ValueError(f"query must be a non-empty string, got {query!r}")
    patterns = []
    for part in query.translate(_APOSTROPHES).split():
        if regex:
            try:
                re.compile(part)
            except re.error as err:
                raise ValueError(f"query part {part!r} is not a valid regular expression: {err}") from None
            patterns.append(("regex", part))
        elif _WILDCARD.search(part):
            patterns.append(("regex", fnmatch.translate(part)[4:-3]))  # strip "(?s:" and ")\\Z"
        else:
            patterns.extend(("exact", part[s:e]) for s, e in word_spans(part))
    return patterns


def ordered_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` with each document's rows together in tok_id order (sorted only if needed)."""
    docs, tok = tokens["doc_id"].to_numpy(), tokens["tok_id"].to_numpy()
    new_doc = np.r_[True, docs[1:] != docs[:-1]] if len(docs) else np.zeros(0, bool)
    if new_doc.sum() == pd.unique(docs).size and ((tok[1:] > tok[:-1]) | new_doc[1:]).all():
        return tokens.reset_index(drop=True)
    return tokens.sort_values(["doc_id", "tok_id"], kind="stable", ignore_index=True)


def match_tokens(tokens: pd.DataFrame, query: str, *, regex: bool = False, case_sensitive: bool = False) -> pd.DataFrame:
    """Positions in ``tokens`` where ``query`` matches.

    Args:
        tokens: a ``tokens`` table in :func:`ordered_tokens` order.
        query: word, phrase, wildcard or (with ``regex``) regular expressions.
        regex: treat each whitespace-separated part as a regular expression.
        case_sensitive: compare with the text as written instead of lower-cased.

    Returns:
        ``first, last``: row numbers (positions in ``tokens``) of each match's
        first and last token.
    """
    patterns = query_patterns(query, regex=regex)
    column = "text" if case_sensitive else "lower"
    words = tokens[column].astype(str).str.translate(_APOSTROPHES)
    plain = words.to_numpy(object)
    flags = 0 if case_sensitive else re.IGNORECASE
    docs = tokens["doc_id"].to_numpy()
    n, size = len(patterns), len(tokens)
    span = max(size - n + 1, 0)
    hit = np.ones(span, bool)
    for k, (kind, value) in enumerate(patterns):
        if kind == "exact":
            token_hit = plain == (value if case_sensitive else value.lower())
        else:
            token_hit = words.str.fullmatch(value, flags=flags).to_numpy(bool)
        hit &= token_hit[k : span + k] & (docs[k : span + k] == docs[:span])
    first = np.flatnonzero(hit)
    return pd.DataFrame({"first": first, "last": first + n - 1})


def kwic(corpus, query: str, *, window: int = 8, regex: bool = False, case_sensitive: bool = False) -> pd.DataFrame:
    """Every occurrence of ``query`` with ``window`` tokens of context on each side.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one.
        query: a word ("Sokha"), a phrase ("hun sen"), a wildcard ("arrest*")
            or, with ``regex=True``, regular expressions ("arrest(ed|s)?").
        window: tokens of context on each side (within the document).
        regex: opt in to regular expressions.
        case_sensitive: match the case as written.

    Returns:
        ``doc_id, sent_id, start, end, left, match, right, tok_id, section``,
        one row per occurrence in corpus order. Offsets point into
        ``documents.text``; context has its whitespace collapsed.

    Example:
        >>> import toolkit as tk
        >>> len(tk.kwic(tk.load_corpus(), "Sokha"))  # doctest: +SKIP
        5
    """
    if int(window) < 0:
        raise ValueError(f"window must be 0 or more tokens, got {window!r}")
    tokens = ordered_tokens(corpus.tokens)
    found = match_tokens(tokens, query, regex=regex, case_sensitive=case_sensitive)
    columns = list(empty("kwic").columns) + ["tok_id", "section"]
    if found.empty:
        return empty("kwic").assign(tok_id=pd.Series(dtype="int64"), section=pd.Series(dtype=object))[columns]
    docs = tokens["doc_id"].to_numpy()
    starts, ends = tokens["start"].to_numpy(np.int64), tokens["end"].to_numpy(np.int64)
    first, last = found["first"].to_numpy(), found["last"].to_numpy()
    doc_first, doc_last = document_bounds(docs, first)
    left_from = np.maximum(first - int(window), doc_first)
    right_to = np.minimum(last + int(window), doc_last)
    texts = corpus.documents.set_index("doc_id")["text"]
    rows = []
    for f, l, lf, rt in zip(first, last, left_from, right_to):
        text = texts[docs[f]]
        rows.append(
            (
                _squash(text[starts[lf] : starts[f]]),
                _squash(text[starts[f] : ends[l]]),
                _squash(text[ends[l] : ends[rt]]) if rt > l else "",
            )
        )
    left, match, right = zip(*rows)
    return pd.DataFrame(
        {
            "doc_id": docs[first].astype(object),
            "sent_id": tokens["sent_id"].to_numpy(np.int64)[first],
            "start": starts[first],
            "end": ends[last],
            "left": list(left),
            "match": list(match),
            "right": list(right),
            "tok_id": tokens["tok_id"].to_numpy(np.int64)[first],
            "section": tokens["section"].to_numpy(object)[first] if "section" in tokens else "",
        }
    )


def document_bounds(docs: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers of the first and last token of the document at each position."""
    run_starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    run_ends = np.r_[run_starts[1:], len(docs)] - 1
    run = np.searchsorted(run_starts, positions, side="right") - 1
    return run_starts[run], run_ends[run]


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def kwic_html(df: pd.DataFrame, *, max_rows: int | None = 500) -> str:
    """Aligned KWIC lines as an HTML table, the match highlighted; all text escaped.

    Args:
        df: a table from :func:`kwic`.
        max_rows: show at most this many lines (``None`` for all); a note says how many were left out.

    Returns:
        An HTML string (for ``ipywidgets.HTML`` or ``IPython.display.HTML``).
        Document text is escaped, so ``<script>`` shows as text and never runs.
    """
    missing = [c for c in ("doc_id", "left", "match", "right") if c not in df.columns]
    if missing:
        raise ValueError(f"kwic_html needs a kwic table; missing columns {missing}")
    shown = df if max_rows is None else df.head(int(max_rows))
    esc = html.escape
    lines = [
        "<tr>"
        f'<td class="tk-kwic-doc">{esc(str(r.doc_id))}</td>'
        f'<td class="tk-kwic-left" style="text-align:right;white-space:nowrap;overflow:hidden;'
        f'text-overflow:ellipsis;direction:rtl;max-width:28em">&lrm;{esc(str(r.left))}&lrm;</td>'
        f'<td class="tk-kwic-match" style="text-align:center;white-space:nowrap">'
        f"<mark><b>{esc(str(r.match))}</b></mark></td>"
        f'<td class="tk-kwic-right" style="text-align:left;white-space:nowrap;overflow:hidden;'
        f'text-overflow:ellipsis;max-width:28em">{esc(str(r.right))}</td>'
        "</tr>"
        for r in shown.itertuples(index=False)
    ]
    note = ""
    if len(shown) < len(df):
        note = f'<p class="tk-kwic-note">Showing {len(shown)} of {len(df)} lines.</p>'
    if not lines:
        return '<p class="tk-kwic-note">No matches.</p>'
    return (
        '<table class="tk-kwic" style="font-family:monospace;border-collapse:collapse;width:100%">'
        + "".join(lines)
        + "</table>"
        + note
    )
