"""A first look at a corpus: how much text there is, where, and in which sections.

Example:
    >>> import toolkit as tk
    >>> counts = tk.section_counts(tk.load_corpus(), by="document")  # doctest: +SKIP
    >>> tk.plot_section_counts(counts).layout.title.text  # doctest: +SKIP
    'Sentences per document, by section'
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.schemas import SECTIONS, period_of

GROUPINGS = ("document", "month", "year", "source")
MEASURES = {"n_sentences": "Sentences", "n_tokens": "Tokens", "n_documents": "Documents"}
UNKNOWN = "unknown"
_SECTION_COLOURS = {"headline": "#1f4e79", "caption": "#c47f00", "body": "#7aa6c2"}


def section_counts(corpus, *, by: str = "document") -> pd.DataFrame:
    """Documents, sentences and tokens per group and section.

    Args:
        corpus: a :class:`~toolkit.corpus.Corpus` (or a view from ``select``).
        by: ``document`` (one group per doc_id), ``month`` or ``year`` of publication, or ``source``.
            Documents without a date or source fall in the group ``"unknown"``.

    Returns:
        One row per (group, section) with ``group, section, n_documents, n_sentences, n_tokens``,
        groups in time or document order, sections in the order headline, caption, body.

    Raises:
        ValueError: ``by`` is not one of :data:`GROUPINGS`.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by={by!r} is not a grouping; allowed: {list(GROUPINGS)}")
    groups = _group_of_documents(corpus.documents, by)
    sentences = corpus.sentences[["doc_id", "sent_id", "section"]]
    tokens = corpus.tokens.groupby(["doc_id", "sent_id"]).size().rename("n_tokens").reset_index()
    rows = sentences.merge(tokens, on=["doc_id", "sent_id"], how="left").fillna({"n_tokens": 0})
    rows["group"] = rows["doc_id"].map(groups)
    counts = (
        rows.groupby(["group", "section"], sort=False)
        .agg(n_documents=("doc_id", "nunique"), n_sentences=("sent_id", "size"), n_tokens=("n_tokens", "sum"))
        .reset_index()
    )
    counts["n_tokens"] = counts["n_tokens"].astype("int64")
    # documents keep the corpus order; dates sort as text ("2008-03" < "2008-10" < "unknown")
    ranked = groups.unique() if by == "document" else sorted(groups.unique())
    order = {group: rank for rank, group in enumerate(ranked)}
    counts["_group"] = counts["group"].map(order)
    counts["_section"] = counts["section"].map({s: i for i, s in enumerate(SECTIONS)}).fillna(len(SECTIONS))
    counts = counts.sort_values(["_group", "_section"]).drop(columns=["_group", "_section"])
    return counts.reset_index(drop=True)[["group", "section", "n_documents", "n_sentences", "n_tokens"]]


def plot_section_counts(counts: pd.DataFrame, *, measure: str = "n_sentences", by: str = "document",
                        labels=None) -> go.Figure:
    """Bars per group, one colour per section: stacked, or side by side for documents (which sections share).

    Args:
        counts: a :func:`section_counts` table.
        measure: ``n_sentences``, ``n_tokens`` or ``n_documents``.
        by: the grouping the table was made with (for the title and axis).
        labels: group -> the text on the axis, e.g. :func:`toolkit.labels.document_labels`
            for ``by="document"``, whose groups are doc ids; default the groups themselves.

    Raises:
        ValueError: ``measure`` is not one of :data:`MEASURES`.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure={measure!r} is not a count; allowed: {list(MEASURES)}")
    fig = go.Figure()
    for section, rows in counts.groupby("section", sort=False):
        fig.add_bar(
            x=rows["group"], y=rows[measure], name=section,
            marker_color=_SECTION_COLOURS.get(section), hovertemplate="%{x}<br>%{y} " + section + "<extra></extra>",
        )
    fig.update_layout(
        title_text=f"{MEASURES[measure]} per {by}, by section",
        barmode="group" if measure == "n_documents" else "stack",
        xaxis_title=by,
        yaxis_title=MEASURES[measure].lower(),
        xaxis_type="category",
        legend_title_text="section",
        height=420,
        margin={"l": 60, "r": 20, "t": 60, "b": 120},
    )
    if labels is not None:
        groups = list(pd.unique(counts["group"]))
        fig.update_xaxes(tickmode="array", tickvals=groups,
                         ticktext=[str(labels.get(g, g)) if hasattr(labels, "get") else str(g) for g in groups])
    if by == "document":
        fig.update_xaxes(showticklabels=len(counts["group"].unique()) <= 30)
    return fig


def _group_of_documents(documents: pd.DataFrame, by: str) -> pd.Series:
    """doc_id -> group label, documents in their table order."""
    docs = documents.set_index("doc_id")
    if by == "document":
        return pd.Series(docs.index, index=docs.index)
    if by == "source":
        return docs["source"].replace("", UNKNOWN).fillna(UNKNOWN)
    published = pd.to_datetime(docs["published"])
    labels = period_of(published, by).astype(str).where(published.notna())
    return labels.fillna(UNKNOWN)
