"""Every piece of HTML the toolkit renders: KWIC lines, the explorers' tables and summaries.

Pure functions, table in, string out, no widget: the explorers put the strings
into ``ipywidgets.HTML``; a notebook can show them with ``IPython.display.HTML``.
All document text is escaped, so ``<script>`` in an article shows as text.
"""
from __future__ import annotations

import html

import pandas as pd

from toolkit.labels import type_name
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


# ---- the workspace's document reader

READER_MAX_CHARS = 200_000  # a 5 MB one-line file must not freeze the page; the rest is cut with a note
ENTITY_COLOURS = {"PERSON": "#dbeafe", "ORG": "#fde68a", "GPE": "#dcfce7", "LOC": "#e0f2f1", "FAC": "#ede9fe",
                  "NORP": "#fce7f3", "EVENT": "#fee2e2"}
_MARK_ORDER = ("quote", "entity", "date", "term")  # outer to inner, so spans nest the same way everywhere
READER_STYLE = (
    "<style>"
    ".tk-reader{font-family:Georgia,serif;line-height:1.55;max-width:60em;overflow-wrap:anywhere}"
    ".tk-reader-text{white-space:pre-wrap}"
    ".tk-quote{background:#f3f4f6;border-bottom:2px solid #9ca3af}"
    ".tk-date{border-bottom:2px dotted #b45309;cursor:help}"
    ".tk-entity{border-radius:3px;padding:0 1px;cursor:help}"
    ".tk-term{background:#fef08a;font-weight:bold}"
    ".tk-focus{outline:2px solid #2563eb;outline-offset:2px}"
    ".tk-reader-meta{color:#555;font-size:90%}"
    ".tk-legend span{margin-right:1em}"
    "</style>"
)


def reader_html(
    document: dict | None,
    *,
    marks: pd.DataFrame | None = None,
    term: str | None = None,
    focus: tuple[int, int] | None = None,
    position: tuple[int, int] | None = None,
    citation: str = "",
    max_chars: int = READER_MAX_CHARS,
) -> str:
    """One article for reading: title, date, source, URL, a citation line, and its text with marks.

    Args:
        document: the document's row (``doc_id``, ``title``, ``published``, ``source``, ``url``, ``text``);
            None shows "no document".
        marks: ``start, end, kind, label, note``: kind "entity" (label: its type), "date" (note: its value),
            or "quote" (note: who said it); the note shows on hover.
        term: a word or phrase to highlight wherever it occurs (whole words, any case).
        focus: ``(start, end)`` of the sentence to open at: the text before it is folded away, so the
            sentence is at the top of the reader, and it is outlined.
        position: ``(n, of)``: where the document is among the filtered ones.
        citation: the "copy citation" line.
        max_chars: show at most this many characters of the text.

    Returns:
        HTML in which every piece of document text is escaped: a ``<script>`` in an article shows as text.
    """
    esc = html.escape
    if document is None:
        return '<div class="tk-reader"><i>No document passes the filter.</i></div>'
    text = str(document.get("text") or "")
    cut_note = ""
    if len(text) > max_chars:
        cut_note = f'<p class="tk-reader-meta">Showing the first {max_chars:,} of {len(text):,} characters.</p>'
        text = text[:max_chars]
    spans = _reader_spans(text, marks, term)
    if focus is not None:
        focus = (max(0, min(int(focus[0]), len(text))), max(0, min(int(focus[1]), len(text))))
    published = document.get("published")
    day = f"{pd.Timestamp(published):%Y-%m-%d}" if published is not None and pd.notna(published) else "undated"
    url = str(document.get("url") or "")
    link = (f'<a href="{esc(url, quote=True)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'
            if url.startswith(("http://", "https://")) else esc(url))
    meta = " · ".join(p for p in (day, esc(str(document.get("source") or "")), link) if p)
    where = f" · document {position[0]} of {position[1]} in the filter" if position else ""
    if focus is not None:
        # Three runs, each with its marks cut at its edges, so the sentence is one outlined span.
        lo, hi = focus
        rest = (f'<span class="tk-focus" id="tk-focus">{_marked(text, spans, lo, hi)}</span>'
                + _marked(text, spans, hi, len(text)))
        before = (f'<details><summary class="tk-reader-meta">{len(text[:lo].split())} words before the '
                  f'sentence</summary><div class="tk-reader-text">{_marked(text, spans, 0, lo)}</div></details>'
                  if lo > 0 else "")
        body = f'{before}<div class="tk-reader-text">{rest}</div>'
    else:
        body = f'<div class="tk-reader-text">{_marked(text, spans, 0, len(text))}</div>'
    legend = "".join(
        f'<span class="tk-entity" style="background:{colour}">{esc(type_name(kind))}</span>'
        for kind, colour in ENTITY_COLOURS.items() if marks is not None and (marks["label"] == kind).any()
    )
    legend += '<span class="tk-date">date (value on hover)</span><span class="tk-quote">quote (speaker on hover)</span>'
    return (
        f'{READER_STYLE}<div class="tk-reader" data-doc-id="{esc(str(document.get("doc_id", "")), quote=True)}">'
        f'<h3 class="tk-reader-title">{esc(str(document.get("title") or ""))}</h3>'
        f'<div class="tk-reader-meta">{meta}{esc(where)}</div>'
        f'<div class="tk-citation tk-reader-meta">Cite: <span class="tk-citation-text">{esc(citation)}</span></div>'
        f'<div class="tk-legend tk-reader-meta">{legend}</div><hr>{body}{cut_note}</div>'
    )


def _reader_spans(text: str, marks: pd.DataFrame | None, term: str | None) -> list[tuple[int, int, str, str, str]]:
    """Every mark as ``(start, end, kind, label, note)``, inside the text, the term's matches included."""
    import re

    spans = []
    if marks is not None and len(marks):
        for r in marks.itertuples(index=False):
            start, end = max(0, int(r.start)), min(len(text), int(r.end))
            if start < end:
                spans.append((start, end, str(r.kind), str(r.label), str(r.note)))
    if term and term.strip():
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in term.split()) + r"(?!\w)"
        spans += [(m.start(), m.end(), "term", "", term) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    return spans


def _marked(text: str, spans, lo: int, hi: int) -> str:
    """``text[lo:hi]`` escaped, each mark a span (nested quote > entity > date > term)."""
    esc = html.escape
    inside = [s for s in spans if s[0] < hi and s[1] > lo]
    cuts = {lo, hi}
    for start, end, *_ in inside:
        cuts.update((max(start, lo), min(end, hi)))
    cuts = sorted(cuts)
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        chunk = esc(text[a:b])
        active = sorted((s for s in inside if s[0] <= a and s[1] >= b), key=lambda s: _MARK_ORDER.index(s[2]),
                        reverse=True)
        for start, end, kind, label, note in active:  # innermost first, so the outermost wraps the rest
            style = f' style="background:{ENTITY_COLOURS.get(label, "#e5e7eb")}"' if kind == "entity" else ""
            chunk = (f'<span class="tk-{kind}" data-label="{esc(label, quote=True)}" title="{esc(note, quote=True)}"'
                     f'{style}>{chunk}</span>')
        pieces.append(chunk)
    return "".join(pieces)
