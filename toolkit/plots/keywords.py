"""Keyword charts: ranked bars, diverging bars for two sub-corpora, dispersion and trends.

Example:
    >>> import toolkit as tk
    >>> fig = tk.plot_keywords(tk.keywords(tk.load_corpus()))  # doctest: +SKIP
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from toolkit.plots.time import break_gaps, date_axis
from toolkit.schemas import PERIODS

__all__ = ["plot_keywords", "plot_dispersion", "plot_trends"]

_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf")
_KEYWORD_COLUMNS = ("term", "score", "count", "doc_count", "n")
_SCORE_LABELS = {
    "frequency": "count",
    "tfidf": "summed TF-IDF",
    "keyness": "keyness (log-likelihood G²)",
    "log_ratio": "log ratio (binary log of the frequency ratio)",
}
DISPERSION_AXES = ("offset", "position", "date")
HOVER_LIMIT = 5_000  # marks per term that get a document name on hover
MARK_SLOTS = 2_000  # marks per term at most: one per 1/2000 of the axis, finer than a plot is wide


def _require(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}; got {list(df.columns)}")


def _group_column(df: pd.DataFrame) -> str | None:
    extra = [c for c in df.columns if c not in _KEYWORD_COLUMNS]
    return extra[0] if extra else None


def _hover(frame: pd.DataFrame) -> list[str]:
    return [
        f"<b>{html.escape(str(t))}</b><br>score {s:.3g}<br>{c} occurrences in {d} documents"
        for t, s, c, d in zip(frame["term"], frame["score"], frame["count"], frame["doc_count"])
    ]


BAR_PX = 22  # height of one bar's row: every term label fits, none is skipped
_PANEL_GAP_PX = 70  # between stacked panels: room for the next panel's title


def plot_keywords(df: pd.DataFrame, *, method: str | None = None, title: str | None = None) -> go.Figure:
    """Bar chart of a :func:`toolkit.keywords` table, best term on top, every term labelled.

    With two groups (a ``by`` split into two sub-corpora) whose terms differ, the
    bars diverge on one axis: the first group's terms to the left, the second's to
    the right. When groups share terms (frequency, TF-IDF) or there are more than
    two, each group gets a panel with its own axis, stacked: a term appears once
    on each axis. The figure grows with the number of bars, so no label is dropped.

    Args:
        df: ``term, score, count, doc_count`` and optionally the group column first.
        method: the method that made ``df``, to label the axis.
        title: figure title (default: "Keywords").

    Returns:
        A ``plotly.graph_objects.Figure``.
    """
    _require(df, ("term", "score", "count", "doc_count"), "plot_keywords")
    axis = _SCORE_LABELS.get(method, "score")
    group = _group_column(df)
    groups = list(pd.unique(df[group])) if group else []
    shared = len(groups) == 2 and bool(
        set(df.loc[df[group] == groups[0], "term"]) & set(df.loc[df[group] == groups[1], "term"]))
    if len(groups) > 2 or shared:
        return _panels(df, group, groups, axis, title=title or "Keywords")
    # One figure built from its parts validates them once: a third of the time of updating it three times.
    if len(groups) == 2:
        traces, axes = _diverging(df, group, groups, axis)
        top = 100  # the legend sits between the title and the bars
    else:
        ordered = df.sort_values("score")
        traces = [go.Bar(x=ordered["score"], y=ordered["term"], orientation="h", marker_color=_PALETTE[0],
                         hovertext=_hover(ordered), hoverinfo="text", name="keywords")]
        axes = dict(xaxis=dict(title=dict(text=axis)),
                    yaxis=dict(categoryorder="array", categoryarray=list(ordered["term"])))
        top = 60
    terms = list(axes["yaxis"]["categoryarray"])
    axes["yaxis"].update(automargin=True, tickmode="array", tickvals=terms, ticktext=terms)
    layout = dict(title=dict(text=title or "Keywords"), height=max(320, BAR_PX * len(terms) + top + 60),
                  margin=dict(l=10, r=10, t=top, b=40))
    return go.Figure(traces, layout={**axes, **layout})


def _diverging(df, group, groups, axis) -> tuple[list, dict]:
    """Bars of the first group to the left, the second's to the right: the traces and the layout parts."""
    traces, order = [], []
    for sign, name, colour in ((-1, groups[0], _PALETTE[1]), (1, groups[1], _PALETTE[0])):
        part = df[df[group] == name].sort_values("score")
        traces.append(go.Bar(x=sign * part["score"], y=part["term"], orientation="h", name=str(name),
                             marker_color=colour, hovertext=_hover(part), hoverinfo="text"))
        order.append(part["term"].tolist())
    return traces, dict(
        barmode="relative",
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0),  # outside the bars, above them
        xaxis=dict(title=dict(text=f"← {groups[0]}   {axis}   {groups[1]} →"), zeroline=True),
        # bottom to top: the first group's terms, best nearest the middle, then the second's, best on top
        yaxis=dict(categoryorder="array", categoryarray=order[0] + order[1]),
    )


def _panels(df, group, groups, axis, *, title: str) -> go.Figure:
    """One stacked panel per group, each with its own term axis, as tall as its bars."""
    counts = [max(int((df[group] == name).sum()), 1) for name in groups]
    height = sum(BAR_PX * n + _PANEL_GAP_PX for n in counts) + 60
    fig = make_subplots(rows=len(groups), cols=1, subplot_titles=[str(g) for g in groups],
                        row_heights=counts, vertical_spacing=min(_PANEL_GAP_PX / height, 0.3 / max(len(groups), 1)))
    for k, name in enumerate(groups):
        part = df[df[group] == name].sort_values("score")
        terms = part["term"].tolist()
        fig.add_bar(x=part["score"], y=terms, orientation="h", name=str(name), showlegend=False,
                    marker_color=_PALETTE[k % len(_PALETTE)], hovertext=_hover(part), hoverinfo="text",
                    row=k + 1, col=1)
        fig.update_yaxes(automargin=True, tickmode="array", tickvals=terms, ticktext=terms,
                         categoryorder="array", categoryarray=terms, row=k + 1, col=1)
    fig.update_xaxes(title_text=axis, row=len(groups))
    fig.update_layout(title=dict(text=title), height=height, margin=dict(l=10, r=10, t=80, b=40))
    return fig


def plot_dispersion(df: pd.DataFrame, *, by: str = "offset", title: str | None = None) -> go.Figure:
    """Lexical dispersion plot of a :func:`toolkit.dispersion` table: one row of marks per term.

    Args:
        df: ``term, doc_id, position, published`` (and ``offset`` for ``by="offset"``).
        by: ``"offset"`` (token number across the corpus, as NLTK's
            dispersion plot), ``"position"`` (0-1 within each document) or
            ``"date"`` (publication date).
        title: figure title.

    Returns:
        A ``plotly.graph_objects.Figure``. A term with more than
        :data:`MARK_SLOTS` marks keeps one mark in each 1/2000 of the axis
        that has any: the same picture (no plot is that many pixels wide),
        a fraction of the data to send; the hover text says so.
    """
    if by not in DISPERSION_AXES:
        raise ValueError(f"by={by!r} is not one of {DISPERSION_AXES}")
    x_column = {"offset": "offset", "position": "position", "date": "published"}[by]
    _require(df, ("term", "doc_id", x_column), "plot_dispersion")
    terms = list(pd.unique(df["term"]))
    numeric = _axis_numbers(df[x_column], dates=by == "date")
    finite = numeric[np.isfinite(numeric)]
    span = (finite.min(), finite.max()) if len(finite) else (0.0, 0.0)
    traces = []
    for k, term in enumerate(terms):
        part = df[df["term"] == term]
        found = len(part)
        if found > MARK_SLOTS:
            slots = _slots(numeric[(df["term"] == term).to_numpy()], *span)
            part = part[~pd.Series(slots).duplicated().to_numpy()]
        # Numeric NumPy arrays: plotly checks lists and object arrays element by element,
        # which takes seconds for a frequent word's tens of thousands of marks.
        hover = {}
        label = html.escape(str(term))
        if found > MARK_SLOTS:
            label += f" ({found:,} occurrences, one mark per 1/{MARK_SLOTS} of the axis)"
        if found <= HOVER_LIMIT:
            hover = dict(customdata=part["doc_id"].to_numpy(dtype=object),
                         hovertemplate=f"{label}<br>%{{customdata}}<br>%{{x}}<extra></extra>")
        elif found > MARK_SLOTS:
            hover = dict(hovertemplate=f"{label}<br>%{{x}}<extra></extra>")
        traces.append(go.Scatter(
            x=part[x_column].to_numpy(), y=np.full(len(part), len(terms) - 1 - k, dtype=float), mode="markers",
            name=str(term), **hover,
            marker=dict(symbol="line-ns-open", size=18, line=dict(width=2), color=_PALETTE[k % len(_PALETTE)]),
        ))
    label = {"offset": "word offset in the corpus", "position": "relative position in the document",
             "date": "publication date"}[by]
    return go.Figure(traces, layout=dict(
        title=dict(text=title or "Dispersion"), showlegend=False,
        height=max(240, 50 * len(terms) + 140), margin=dict(l=10, r=10, t=60, b=40),
        xaxis=dict(title=dict(text=label), range=[0, 1] if by == "position" else None),
        yaxis=dict(tickvals=list(range(len(terms))), ticktext=[str(t) for t in terms[::-1]],
                   range=[-0.5, len(terms) - 0.5], automargin=True),
    ))


def _axis_numbers(values: pd.Series, *, dates: bool) -> np.ndarray:
    """The x values as floats (dates as nanoseconds), NaN where missing."""
    if dates:
        stamps = pd.to_datetime(values.reset_index(drop=True))
        return stamps.astype("int64").astype(float).where(stamps.notna()).to_numpy()
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def _slots(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """Which of :data:`MARK_SLOTS` equal parts of ``[low, high]`` each value falls in (NaN: its own slot -1)."""
    width = (high - low) or 1.0
    slots = np.floor((x - low) / width * MARK_SLOTS)
    return np.where(np.isnan(slots), -1, np.clip(slots, 0, MARK_SLOTS - 1)).astype(np.int64)


def plot_trends(df: pd.DataFrame, *, y: str = "per_10k", freq: str | None = None,
                title: str | None = None) -> go.Figure:
    """Term frequency over time from a :func:`toolkit.term_trends` table, one line per term.

    A line breaks where a period has no dated documents (the table has no row for
    it), instead of running straight across years with no data.

    Args:
        df: ``term, period`` and the ``y`` column.
        y: ``"per_10k"`` (occurrences per 10,000 tokens) or ``"count"``.
        freq: the table's period ("day", "week", "month", "quarter", "year");
            default: inferred from the smallest step between periods.
        title: figure title.

    Returns:
        A ``plotly.graph_objects.Figure``.
    """
    if y not in ("per_10k", "count"):
        raise ValueError(f"y={y!r} is not one of ('per_10k', 'count')")
    _require(df, ("term", "period", y), "plot_trends")
    code = PERIODS[freq] if freq else None
    traces = []
    for k, (term, part) in enumerate(df.groupby("term", sort=False)):
        part = break_gaps(part[["period", y]], x="period", y=y, freq=code)
        traces.append(go.Scatter(x=part["period"], y=part[y], mode="lines+markers", name=str(term),
                                 connectgaps=False, line=dict(color=_PALETTE[k % len(_PALETTE)])))
    periods = pd.to_datetime(df["period"])
    return go.Figure(traces, layout=dict(
        title=dict(text=title or "Term trends"), height=380, margin=dict(l=10, r=10, t=90, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),  # above the plot, under the title
        yaxis=dict(title=dict(text="per 10,000 tokens" if y == "per_10k" else "occurrences"), rangemode="tozero"),
        xaxis=dict(**date_axis(periods.min(), periods.max()), title=dict(text="period")),
    ))
