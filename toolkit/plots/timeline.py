"""Draw dated events (or timeline expressions) on a date axis.

Days are points, months, years and ranges are bars, and expressions that
cannot be placed on the calendar (PAST_REF, "several years ago") sit in a lane
of their own at their document's reference date. Dense tables are binned so
that 5,000 events stay readable.

Example:
    >>> import toolkit as tk
    >>> fig = tk.plot_timeline(tk.events(tk.load_corpus()), color="doc_id")  # doctest: +SKIP
"""
from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from toolkit.plots.theme import TEMPLATE
from toolkit.plots.time import date_axis

__all__ = ["plot_timeline", "LANES"]

LANES = ("day", "week / month", "year / longer", "vague")
COLOR_OPTIONS = ("doc_id", "actor", "anchor", "section", None)
# Ten strong colours, then their light partners; grey is kept for "other".
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
            "#393b79", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d",
            "#9edae5", "#637939")
_REQUIRED = ("doc_id", "text", "value", "date_start", "date_end", "sentence")
MAX_GROUPS = len(_PALETTE)  # more groups than colours: the smallest share "other", and its name says how many
_LEGEND_CHARS = 45
_GROUP_NOUNS = {"doc_id": "documents", "actor": "actors", "anchor": "anchors", "section": "sections"}
_LEGEND_TITLES = {"doc_id": "document"}


def _lane(frame: pd.DataFrame) -> pd.Series:
    days = (frame["date_end"] - frame["date_start"]).dt.days
    lane = np.select([frame["date_start"].isna(), days < 1, days <= 31], [3, 0, 1], default=2)
    return pd.Series(lane, index=frame.index)


def _wrap(text: str, width: int = 70, limit: int = 280) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "<br>".join(textwrap.wrap(html.escape(text), width)) or " "


def _groups(frame: pd.DataFrame, color: str | None) -> pd.DataFrame:
    """One row per (event, colour group); the biggest groups keep their name, the rest share "other (N ...)".

    Documents are named by their ``title`` column when the table has one (see
    :func:`toolkit.labels.document_labels`), shortened for the legend.
    """
    if color is None:
        return frame.assign(group="events")
    if color == "actor":
        actors = frame["actors"] if "actors" in frame else pd.Series([[]] * len(frame), index=frame.index)
        frame = frame.assign(group=actors.map(lambda names: list(names) or ["(no actor)"])).explode("group")
    elif color == "doc_id" and "title" in frame:
        names = _document_names(frame)
        frame = frame.assign(group=frame["doc_id"].astype(str).map(names))
    else:
        frame = frame.assign(group=frame[color].astype(str))
    counts = frame["group"].value_counts()
    if len(counts) <= MAX_GROUPS:
        return frame
    top = counts.index[: MAX_GROUPS - 1]
    other = f"other ({len(counts) - len(top)} {_GROUP_NOUNS.get(color, 'groups')})"
    return frame.assign(group=frame["group"].where(frame["group"].isin(top), other))


def _document_names(frame: pd.DataFrame) -> dict:
    """doc_id -> its title shortened for a legend, told apart by the id's end when two read the same."""
    from toolkit.labels import document_labels

    pairs = frame[["doc_id", "title"]].drop_duplicates("doc_id")
    return document_labels(pairs, max_chars=_LEGEND_CHARS).to_dict()


def _is_other(name: str) -> bool:
    return name.startswith("other (")


def _place(frame: pd.DataFrame) -> pd.DataFrame:
    """x positions and a small vertical spread inside each lane, so overlapping marks stay apart."""
    frame = frame.copy()
    frame["lane"] = _lane(frame)
    vague = frame["lane"] == 3
    reference = frame["reference"] if "reference" in frame else pd.Series(pd.NaT, index=frame.index)
    frame["x_start"] = frame["date_start"].where(~vague, reference)
    frame["x_end"] = frame["date_end"].where(~vague, reference)
    frame = frame[frame["x_start"].notna()]
    rank = frame.groupby("lane").cumcount()
    frame["y"] = frame["lane"] + ((rank % 7) - 3) * 0.1
    return frame


def _hover(frame: pd.DataFrame) -> list[str]:
    predicate = frame["predicate"] if "predicate" in frame else pd.Series("", index=frame.index)
    document = frame["title"].where(frame["title"].astype(str).str.strip() != "", frame["doc_id"]) \
        if "title" in frame else frame["doc_id"]
    return [
        f"<b>{html.escape(str(text))}</b> → {html.escape(str(value))}"
        + (f"<br>event: {html.escape(str(pred))}" if pred else "")
        + f"<br>{html.escape(str(doc))}<br><i>{_wrap(str(sentence))}</i>"
        for text, value, pred, doc, sentence in zip(
            frame["text"], frame["value"], predicate, document, frame["sentence"])
    ]


def _detail_traces(frame: pd.DataFrame, name: str, colour: str) -> list[go.BaseTraceType]:
    traces = []
    points = frame[frame["lane"].isin([0, 3])]
    if not points.empty:
        traces.append(go.Scatter(
            x=points["x_start"], y=points["y"], mode="markers", name=name, legendgroup=name,
            marker=dict(color=colour, size=9, symbol=np.where(points["lane"] == 3, "circle-open", "circle"),
                        line=dict(width=1.5, color=colour)),
            hovertext=_hover(points), hoverinfo="text", customdata=points.index.to_numpy(),  # row label: click -> event
        ))
    bars = frame[frame["lane"].isin([1, 2])]
    if not bars.empty:
        length_ms = (bars["x_end"] + pd.Timedelta(days=1) - bars["x_start"]).dt.total_seconds() * 1000
        traces.append(go.Bar(
            base=bars["x_start"], x=length_ms, y=bars["y"], orientation="h", width=0.16, name=name,
            legendgroup=name, showlegend=points.empty, marker=dict(color=colour, opacity=0.55),
            hovertext=_hover(bars), hoverinfo="text", customdata=bars.index.to_numpy(),
        ))
    return traces


def _bin_frequency(frame: pd.DataFrame) -> str:
    span_days = (frame["x_end"].max() - frame["x_start"].min()).days
    return "D" if span_days <= 120 else "W-MON" if span_days <= 3 * 365 else "MS" if span_days <= 40 * 365 else "YS"


def _binned_traces(frame: pd.DataFrame, name: str, colour: str, freq: str, offset: float) -> list[go.BaseTraceType]:
    middle = frame["x_start"] + (frame["x_end"] - frame["x_start"]) / 2
    keyed = frame.assign(bin=middle.dt.to_period(freq[0] if freq != "W-MON" else "W").dt.start_time)
    if keyed.empty:
        return []
    # Per (lane, bin): the count and the first three events, as one grouped pass (not a Python loop per bin).
    keyed = keyed.sort_values(["lane", "bin"], kind="stable")
    counts = keyed.groupby(["lane", "bin"], sort=False).size()
    firsts = keyed[keyed.groupby(["lane", "bin"], sort=False).cumcount().to_numpy() < 3]
    lines = [f"{html.escape(str(t))} → {html.escape(str(v))}" for t, v in zip(firsts["text"].tolist(),
                                                                             firsts["value"].tolist())]
    cuts = np.cumsum(np.minimum(counts.to_numpy(), 3))
    lane = counts.index.get_level_values(0).to_numpy()
    when = list(counts.index.get_level_values(1))
    count = counts.to_numpy()
    hover = [f"<b>{n} events</b> ({LANES[k]})<br>" + "<br>".join(lines[a:b])
             for n, k, a, b in zip(count.tolist(), lane.tolist(), np.r_[0, cuts[:-1]].tolist(), cuts.tolist())]
    return [go.Scatter(
        x=when, y=np.array(lane, dtype=float) + offset, mode="markers", name=name, legendgroup=name,
        marker=dict(color=colour, size=4 + 10 * np.sqrt(count / count.max()), opacity=0.7, line=dict(width=0)),
        hovertext=hover, hoverinfo="text", customdata=count,
    )]


def plot_timeline(
    events: pd.DataFrame,
    *,
    color: str | None = "doc_id",
    title: str | None = None,
    max_marks: int = 1500,
    height: int = 420,
) -> go.Figure:
    """Events on a date axis: points for days, bars for longer spans, a lane for vague ones.

    Args:
        events: the ``events`` table (or the ``timeline`` table): needs
            doc_id, text, value, date_start, date_end and sentence; uses
            predicate, actors and reference when present.
        color: colour by ``"doc_id"``, ``"actor"`` (one mark per actor),
            ``"anchor"``, ``"section"`` or None. Documents are named by the
            ``title`` column when there is one. Up to :data:`MAX_GROUPS` groups
            keep a colour each; beyond that the smallest share "other (N documents)".
        title: figure title; by default it counts what is shown.
        max_marks: above this many rows the marks are binned (counts per day,
            week, month or year, by the span shown), marker size showing the count.
        height: figure height in pixels.

    Returns:
        A ``plotly.graph_objects.Figure``; hover shows the expression, its
        value, the event and the sentence.

    Raises:
        ValueError: ``color`` is not one of the options, or a column is missing.
    """
    if color not in COLOR_OPTIONS:
        raise ValueError(f"color={color!r} is not one of {COLOR_OPTIONS}")
    missing = [c for c in _REQUIRED if c not in events.columns]
    if missing:
        raise ValueError(f"plot_timeline needs columns {missing}; pass tk.events(...) or tk.timeline(...)")
    placed = _place(events)
    vague_dropped = len(events) - len(placed)
    binned = len(placed) > max_marks
    fig = go.Figure()
    if placed.empty:
        fig.add_annotation(text="No dated events to show", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font=dict(size=16, color="#777"))
    else:
        grouped = _groups(placed, color)
        freq = _bin_frequency(placed) if binned else ""
        names = grouped["group"].unique().tolist()  # in order of appearance (iterating Arrow strings is slow)
        # "other" first so the named groups are drawn on top of it
        names.sort(key=lambda n: not _is_other(str(n)))
        named = 0
        for i, name in enumerate(names):
            part = grouped[grouped["group"] == name]
            if _is_other(str(name)):
                colour = "#999999"
            else:
                colour, named = _PALETTE[named % len(_PALETTE)], named + 1
            if binned:  # each group gets its own strip inside a lane
                offset = (i - (len(names) - 1) / 2) * min(0.08, 0.7 / max(len(names), 1))
                traces = _binned_traces(part, str(name), colour, freq, offset)
            else:
                traces = _detail_traces(part, str(name), colour)
            fig.add_traces(traces)
    shown = f"{len(placed)} event{'s' * (len(placed) != 1)}"
    if binned:
        shown += f", binned by {_FREQ_NAMES[freq]}"
    if vague_dropped:
        shown += f" ({vague_dropped} without a date left out)"
    xaxis = date_axis(placed["x_start"].min(), placed["x_end"].max()) if not placed.empty else {"type": "date"}
    entries = len({trace.legendgroup for trace in fig.data})
    fig.update_layout(
        title=dict(text=title or f"Timeline: {shown}"),
        height=max(height, 100 + 22 * entries),  # every legend entry in view, none scrolled away
        barmode="overlay",
        hovermode="closest",
        xaxis=dict(**xaxis, title="date"),
        yaxis=dict(tickvals=list(range(len(LANES))), ticktext=list(LANES), range=[-0.6, len(LANES) - 0.4],
                   zeroline=False, title=None),
        legend=dict(title=dict(text=_LEGEND_TITLES.get(color, color or "")), itemsizing="constant"),
        margin=dict(l=110, r=20, t=60, b=50),
        template=TEMPLATE,
    )
    return fig


_FREQ_NAMES = {"D": "day", "W-MON": "week", "MS": "month", "YS": "year"}
