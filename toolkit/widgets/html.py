"""Every piece of HTML the toolkit renders: KWIC lines, the explorers' tables and summaries.

Pure functions, table in, string out, no widget: the explorers put the strings
into ``ipywidgets.HTML``; a notebook can show them with ``IPython.display.HTML``.
All document text is escaped, so ``<script>`` in an article shows as text.
"""
from __future__ import annotations

import html

import pandas as pd

from toolkit.schemas import SECTIONS


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


def events_html(table: pd.DataFrame, *, max_rows: int = 300) -> str:
    """The events table as scrollable HTML (text escaped)."""
    body = table.head(max_rows).to_html(index=False, escape=True, border=0, classes="newslens-events")
    more = f"<p>… and {len(table) - max_rows} more (export the CSV for all)</p>" if len(table) > max_rows else ""
    return f'<div style="max-height:320px;overflow:auto">{body}</div>{more}'


DOCUMENT_COLUMNS = ["title", "published", "source", "n_sentences", "n_tokens", "doc_id"]


def summary_html(corpus) -> str:
    """One line: documents, date range, sentences by section, tokens."""
    docs = corpus.documents
    by_section = corpus.sentences["section"].value_counts()
    sections = ", ".join(f"{by_section[s]} {s}" for s in SECTIONS if s in by_section)
    dates = docs["published"].dropna()
    span = f", published {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
    return (
        f"<b>{len(docs)}</b> documents{span}; <b>{len(corpus.sentences)}</b> sentences ({sections}); "
        f"<b>{len(corpus.tokens)}</b> tokens"
    )


def documents_html(documents: pd.DataFrame, *, max_rows: int = 500) -> str:
    """The documents table as scrollable HTML (text escaped, dates as YYYY-MM-DD)."""
    table = documents[DOCUMENT_COLUMNS].head(max_rows).copy()
    table["published"] = table["published"].dt.strftime("%Y-%m-%d").fillna("")
    more = f"<p>… and {len(documents) - max_rows} more</p>" if len(documents) > max_rows else ""
    body = table.to_html(index=False, escape=True, border=0, classes="newslens-documents", justify="left")
    style = "<style>.newslens-documents th, .newslens-documents td {text-align: left; padding: 2px 8px}</style>"
    return f'{style}<div style="max-height:320px;overflow:auto">{body}</div>{more}'


def table_html(frame: pd.DataFrame, columns, empty: str) -> str:
    if frame.empty:
        return f"<i>{html.escape(empty)}</i>"
    head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns) + "</tr>"
        for _, row in frame.iterrows()
    )
    return f"<table style='font-size:90%'><tr>{head}</tr>{body}</table>"


def mention_lines_html(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<i>No mentions.</i>"
    rows = "".join(
        f"<tr><td style='color:#777'>{html.escape(r.doc_id)} · {r.section}</td>"
        f"<td style='text-align:right;white-space:pre'>{html.escape(r.left)}</td>"
        f"<td><b>{html.escape(r.mention)}</b></td><td style='white-space:pre'>{html.escape(r.right)}</td></tr>"
        for r in frame.itertuples(index=False)
    )
    return f"<table style='font-family:monospace;font-size:85%'>{rows}</table>"


def quotes_html(frame: pd.DataFrame) -> str:
    """An actor's quotes: kind, the words naming the speaker, cue, quote, and the document title (id on hover)."""
    if frame.empty:
        return "<i>No quotes.</i>"
    rows = "".join(
        f"<tr><td>{html.escape(r.kind)}</td><td>{html.escape(r.speaker_text)}</td><td>{html.escape(r.cue)}</td>"
        f"<td>{html.escape(r.quote)}</td>"
        f"<td title='{html.escape(r.doc_id, quote=True)}'>{html.escape(r.title or r.doc_id)}</td></tr>"
        for r in frame.itertuples(index=False)
    )
    head = "".join(f"<th style='text-align:left'>{c}</th>" for c in ("kind", "as written", "cue", "quote", "document"))
    return f"<table style='font-size:90%'><tr>{head}</tr>{rows}</table>"
