"""Actor charts: mention bars, the co-occurrence network, mentions over time, who said what.

Example:
    >>> import toolkit as tk
    >>> corpus = tk.load_corpus()  # doctest: +SKIP
    >>> fig = tk.plot_actor_network(tk.cooccurrence(corpus), tk.actors(corpus), tk.relations(corpus))  # doctest: +SKIP
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from toolkit.plots.time import date_axis

__all__ = ["plot_actors", "plot_actor_network", "plot_actor_timeline", "plot_quotes_table"]

TYPE_COLOURS = {
    "PERSON": "#1f77b4", "ORG": "#ff7f0e", "GPE": "#2ca02c", "LOC": "#8c564b", "NORP": "#9467bd",
    "FAC": "#7f7f7f", "EVENT": "#e377c2",
}
POLARITY_COLOURS = {"support": "#2ca02c", "condemn": "#d62728", "coerce": "#7b3294"}
_OTHER = "#bbbbbb"
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
FREQUENCIES = {"day": "D", "week": "W", "month": "MS", "year": "YS"}


def _require(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}; got {list(df.columns)}")


def _empty_figure(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, template="plotly_white", xaxis_visible=False, yaxis_visible=False,
                      annotations=[dict(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")])
    return fig


def _type_name(code) -> str:
    from toolkit.actors import TYPE_NAMES

    return TYPE_NAMES.get(code, str(code))


def _why(row) -> str:
    """The hover line saying why an actor has its type (actors tables with evidence and confidence)."""
    evidence, confidence = getattr(row, "evidence", None), getattr(row, "confidence", None)
    if not evidence or not isinstance(evidence, str):
        return ""
    sure = f" (confidence {confidence:.2f})" if isinstance(confidence, float) and confidence == confidence else ""
    return f"<br>type from: {html.escape(evidence)}{sure}"


def _colour_map(values, *, by: str) -> dict:
    if by == "type":
        return {v: TYPE_COLOURS.get(v, _OTHER) for v in values}
    return {v: _PALETTE[i % len(_PALETTE)] for i, v in enumerate(sorted(values, key=str))}


def plot_actors(df: pd.DataFrame, *, top: int = 20, color: str = "type", title: str | None = None) -> go.Figure:
    """Horizontal bars of the most mentioned actors, most mentioned on top.

    Args:
        df: an :func:`toolkit.actors` table (actor, type, mentions, documents).
        top: how many actors to show.
        color: "type" or "group" (the dictionary's groups; actors without one are "(no group)").
        title: figure title (default "Most mentioned actors").

    Raises:
        ValueError: missing columns or an unknown ``color``.
    """
    _require(df, ("actor", "type", "mentions", "documents"), "plot_actors")
    if color not in ("type", "group"):
        raise ValueError(f"color {color!r} is not one of type, group")
    title = title or "Most mentioned actors"
    if df.empty:
        return _empty_figure(title, "No actors found")
    frame = df.head(top).copy()
    frame["colour_key"] = frame["group"].fillna("(no group)") if color == "group" and "group" in frame else frame["type"]
    colours = _colour_map(frame["colour_key"].unique(), by=color)
    fig = go.Figure()
    for key, part in frame.groupby("colour_key", sort=False):
        fig.add_trace(go.Bar(
            x=part["mentions"], y=part["actor"], orientation="h", marker_color=colours[key],
            name=_type_name(key) if color == "type" else str(key),
            hovertext=[f"<b>{html.escape(r.actor)}</b> ({_type_name(r.type)})<br>{r.mentions} mentions in "
                       f"{r.documents} documents{_why(r)}" for r in part.itertuples(index=False)],
            hoverinfo="text",
        ))
    fig.update_layout(
        title=title, template="plotly_white", barmode="overlay", legend_title_text=color,
        xaxis_title="mentions", height=max(300, 24 * len(frame) + 120),
        yaxis=dict(categoryorder="array", categoryarray=frame["actor"].tolist()[::-1]),
    )
    return fig


def network_layout(nodes, edges: pd.DataFrame, *, seed: int = 7) -> dict:
    """Positions from networkx's spring layout (edge weight pulls nodes together), reproducible."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for row in edges.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=max(float(row.weight), 1e-3))
    return nx.spring_layout(graph, seed=seed, weight="weight", k=2.0 / max(len(graph), 1) ** 0.5)


def plot_actor_network(
    cooccurrence: pd.DataFrame, actors: pd.DataFrame, relations: pd.DataFrame | None = None, *,
    color: str = "type", top: int = 40, title: str | None = None,
) -> go.Figure:
    """The co-occurrence network: node size = mentions, colour = type or group, edge colour = polarity.

    Edges are the co-occurrence pairs; a pair that also has a stance relation
    (in either direction) is drawn in that polarity's colour, the others in grey.

    Args:
        cooccurrence: a :func:`toolkit.cooccurrence` table (source, target, weight).
        actors: a :func:`toolkit.actors` table (actor, type, mentions; group for color="group").
        relations: an optional :func:`toolkit.relations` table.
        color: "type" or "group".
        top: keep the ``top`` most mentioned actors.
        title: figure title.
    """
    _require(cooccurrence, ("source", "target", "weight"), "plot_actor_network")
    _require(actors, ("actor", "type", "mentions"), "plot_actor_network")
    if color not in ("type", "group"):
        raise ValueError(f"color {color!r} is not one of type, group")
    title = title or "Who appears with whom"
    keep = actors.head(top).set_index("actor")
    edges = cooccurrence[cooccurrence["source"].isin(keep.index) & cooccurrence["target"].isin(keep.index)]
    if not edges.empty:  # actors seen with nobody would only push the others into a corner
        linked = set(edges["source"]) | set(edges["target"])
        keep = keep[keep.index.isin(linked)]
    if keep.empty:
        return _empty_figure(title, "No actors found")
    pos = network_layout(keep.index.tolist(), edges)
    stance = _stance_by_pair(relations)
    fig = go.Figure()
    for polarity, part in _edge_groups(edges, stance):
        xs, ys, hover = [], [], []
        for row in part.itertuples(index=False):
            (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip", name=polarity or "co-occurrence",
            line=dict(color=POLARITY_COLOURS.get(polarity, _OTHER), width=2.5 if polarity else 1),
            showlegend=True,
        ))
        mids = [((pos[r.source][0] + pos[r.target][0]) / 2, (pos[r.source][1] + pos[r.target][1]) / 2,
                 f"{html.escape(r.source)} – {html.escape(r.target)}: {r.weight:.3g}"
                 + (f"<br>{html.escape(r.stance)}" if r.stance else "")) for r in part.itertuples(index=False)]
        if mids:
            fig.add_trace(go.Scatter(x=[m[0] for m in mids], y=[m[1] for m in mids], mode="markers",
                                     marker=dict(size=6, opacity=0), hovertext=[m[2] for m in mids],
                                     hoverinfo="text", showlegend=False))
    key = keep["group"].fillna("(no group)") if color == "group" and "group" in keep else keep["type"]
    colours = _colour_map(key.unique(), by=color)
    biggest = max(float(keep["mentions"].max()), 1.0)
    for value in key.unique():
        names = key.index[key == value]
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in names], y=[pos[n][1] for n in names], mode="markers+text",
            name=_type_name(value) if color == "type" else str(value),
            text=list(names), textposition="top center",
            marker=dict(size=[12 + 38 * (keep.loc[n, "mentions"] / biggest) ** 0.5 for n in names],
                        color=colours[value], line=dict(color="white", width=1)),
            hovertext=[f"<b>{html.escape(n)}</b> ({_type_name(keep.loc[n, 'type'])})<br>{keep.loc[n, 'mentions']} mentions"
                       for n in names],
            hoverinfo="text",
        ))
    fig.update_layout(title=title, template="plotly_white", xaxis_visible=False, yaxis_visible=False,
                      height=600, legend_title_text=f"nodes: {color}; edges: polarity")
    return fig


def _stance_by_pair(relations: pd.DataFrame | None) -> dict:
    if relations is None or relations.empty:
        return {}
    stance: dict = {}
    for row in relations.itertuples(index=False):
        pair = tuple(sorted((row.source, row.target)))
        stance.setdefault(pair, []).append(f"{row.source} → {row.polarity} → {row.target}")
    return stance


def _edge_groups(edges: pd.DataFrame, stance: dict):
    frame = edges.assign(
        stance=[" · ".join(dict.fromkeys(stance.get((s, t), []))) for s, t in zip(edges["source"], edges["target"])]
    )
    frame["polarity"] = [
        next((p for p in POLARITY_COLOURS if f"→ {p} →" in text), "") for text in frame["stance"]
    ]
    for polarity in ("", *POLARITY_COLOURS):
        part = frame[frame["polarity"] == polarity]
        if not part.empty:
            yield polarity, part


def plot_actor_timeline(
    mentions: pd.DataFrame, documents: pd.DataFrame, *, actors=None, top: int = 5, freq: str = "month",
    title: str | None = None,
) -> go.Figure:
    """Mentions per period of a few actors, by the documents' publication date.

    Args:
        mentions: a :func:`toolkit.mentions` table.
        documents: ``corpus.documents`` (doc_id, published).
        actors: the actors to draw; default the ``top`` most mentioned.
        freq: "day", "week", "month" or "year".
        title: figure title.

    Raises:
        ValueError: unknown ``freq``.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq {freq!r} is not one of {', '.join(FREQUENCIES)}")
    _require(mentions, ("doc_id", "actor"), "plot_actor_timeline")
    title = title or f"Mentions per {freq}"
    dated = mentions.merge(documents[["doc_id", "published"]], on="doc_id").dropna(subset=["published"])
    chosen = list(actors) if actors else dated["actor"].value_counts().head(top).index.tolist()
    dated = dated[dated["actor"].isin(chosen)]
    if dated.empty:
        return _empty_figure(title, "No dated mentions")
    counts = (dated.set_index("published").groupby("actor")
              .resample(FREQUENCIES[freq]).size().rename("mentions").reset_index())
    # A period with no documents at all has no count, not 0: the line breaks there
    # instead of running straight across years without data.
    published = documents["published"].dropna()
    per_period = pd.Series(1, index=published).resample(FREQUENCIES[freq]).size()
    empty = set(per_period.index[per_period == 0])
    counts["mentions"] = counts["mentions"].astype(float).where(~counts["published"].isin(empty))
    fig = go.Figure()
    for i, actor in enumerate(chosen):
        part = counts[counts["actor"] == actor]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(x=part["published"], y=part["mentions"], name=actor, connectgaps=False,
                                 mode="lines+markers", line=dict(color=_PALETTE[i % len(_PALETTE)])))
    axis = date_axis(counts["published"].min(), counts["published"].max())
    fig.update_layout(title=title, template="plotly_white", yaxis_title="mentions", xaxis_title="published",
                      xaxis=dict(axis, tickformat=axis.get("tickformat", "%Y-%m-%d")), yaxis_rangemode="tozero")
    if counts["published"].nunique() == 1:  # one period: a month either side, not a week of day ticks
        only = counts["published"].iloc[0]
        fig.update_xaxes(range=[str(only - pd.Timedelta(days=20)), str(only + pd.Timedelta(days=20))], dtick=None)
    return fig


def plot_quotes_table(quotes: pd.DataFrame, *, max_chars: int = 160, title: str | None = None) -> go.Figure:
    """A "who said what" table: the speaker as written and as an actor, the cue, the quote and its document.

    Args:
        quotes: a :func:`toolkit.quotes` table; an optional ``title`` column (the
            document's headline) is shown above the document id, both in full.
        max_chars: quotes longer than this are cut with an ellipsis.
        title: figure title.
    """
    _require(quotes, ("doc_id", "quote", "speaker", "cue"), "plot_quotes_table")
    title = title or "Who said what"
    if quotes.empty:
        return _empty_figure(title, "No quotes found")
    short = [q if len(q) <= max_chars else q[: max_chars - 1].rstrip() + "…" for q in quotes["quote"]]
    speakers = [s if isinstance(s, str) and s else "(unknown)" for s in quotes["speaker"]]
    written = quotes["speaker_text"].fillna("").tolist() if "speaker_text" in quotes else [""] * len(quotes)
    kinds = quotes["kind"].tolist() if "kind" in quotes else ["direct"] * len(quotes)
    cues = [f"{c}<br><span style='color:#888'>{k}</span>" if k != "direct" else str(c)
            for c, k in zip(quotes["cue"], kinds)]
    titles = quotes["title"].fillna("").tolist() if "title" in quotes else [""] * len(quotes)
    documents = [f"{html.escape(t)}<br><span style='color:#888'>{html.escape(d)}</span>" if t else html.escape(d)
                 for t, d in zip(titles, quotes["doc_id"])]
    fig = go.Figure(go.Table(
        columnwidth=[1.2, 1.2, 1.1, 4.2, 1.8],
        header=dict(values=["<b>as written</b>", "<b>speaker</b>", "<b>cue</b>", "<b>quote</b>", "<b>document</b>"],
                    fill_color="#eeeeee", align="left"),
        cells=dict(values=[[html.escape(w) for w in written], [html.escape(s) for s in speakers], cues,
                           [html.escape(q) for q in short], documents], align="left", height=28),
    ))
    # plotly tables do not grow with wrapped text: size the figure from an estimate of the lines per row
    lines = [max(len(q) // 46 + 1, len(str(c)) // 10 + 1, (len(t) + len(d)) // 20 + 2, len(w) // 12 + 1, 2)
             for q, c, t, d, w in zip(short, quotes["cue"], titles, quotes["doc_id"], written)]
    fig.update_layout(title=title, template="plotly_white", height=min(4000, 160 + sum(22 * n + 16 for n in lines)))
    return fig
