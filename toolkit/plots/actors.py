"""Actor charts: mention bars, the co-occurrence network, mentions over time, who said what.

Example:
    >>> import toolkit as tk
    >>> corpus = tk.load_corpus()  # doctest: +SKIP
    >>> fig = tk.plot_actor_network(tk.cooccurrence(corpus), tk.actors(corpus), tk.relations(corpus))  # doctest: +SKIP
"""
from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from toolkit.labels import shorten, type_name
from toolkit.plots.theme import TEMPLATE
from toolkit.plots.time import date_axis
from toolkit.schemas import period_of

__all__ = ["plot_actors", "plot_actor_network", "plot_actor_timeline", "plot_quotes_table"]

TYPE_COLOURS = {
    "PERSON": "#1f77b4", "ORG": "#ff7f0e", "GPE": "#2ca02c", "LOC": "#8c564b", "NORP": "#9467bd",
    "FAC": "#7f7f7f", "EVENT": "#e377c2",
}
POLARITY_COLOURS = {"support": "#2ca02c", "condemn": "#d62728", "coerce": "#7b3294"}
_OTHER = "#bbbbbb"
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
FREQUENCIES = ("day", "week", "month", "year")  # the periods a mentions-over-time line can count by


def _require(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}; got {list(df.columns)}")


def _empty_figure(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, template=TEMPLATE, xaxis_visible=False, yaxis_visible=False,
                      annotations=[dict(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")])
    return fig


def _type_name(code) -> str:
    return type_name(code)


def _plain_codes(text: str) -> str:
    """``text`` with spaCy's type codes in plain words: "spaCy GPE ×3" -> "spaCy Country or city ×3"."""
    from toolkit.actors import TYPE_NAMES

    return re.sub(r"\b(" + "|".join(TYPE_NAMES) + r")\b", lambda m: TYPE_NAMES[m.group(1)], text)


def _why(row) -> str:
    """The hover line saying why an actor has its type (actors tables with evidence and confidence)."""
    evidence, confidence = getattr(row, "evidence", None), getattr(row, "confidence", None)
    if not evidence or not isinstance(evidence, str):
        return ""
    sure = f" (confidence {confidence:.2f})" if isinstance(confidence, float) and confidence == confidence else ""
    return f"<br>type from: {html.escape(_plain_codes(evidence))}{sure}"


def _colour_key(frame: pd.DataFrame, color: str) -> pd.Series:
    """Each actor's type, or its group ("(no group)" when it has none, or the table has no groups)."""
    if color == "type":
        return frame["type"]
    if "group" not in frame:
        return pd.Series("(no group)", index=frame.index)
    return frame["group"].fillna("(no group)").replace("", "(no group)")


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
    frame["colour_key"] = _colour_key(frame, color)
    colours = _colour_map(frame["colour_key"].unique(), by=color)
    # traces and layout as plain dicts, validated once by go.Figure (each add_trace validates and copies again)
    traces = [dict(
        type="bar", x=part["mentions"].to_numpy(), y=part["actor"].tolist(), orientation="h",
        marker=dict(color=colours[key]), name=_type_name(key) if color == "type" else str(key),
        hovertext=[f"<b>{html.escape(r.actor)}</b> ({_type_name(r.type)})<br>{r.mentions} mentions in "
                   f"{r.documents} documents{_why(r)}" for r in part.itertuples(index=False)],
        hoverinfo="text",
    ) for key, part in frame.groupby("colour_key", sort=False)]
    fig = go.Figure(traces, layout=dict(
        title=dict(text=title), template=TEMPLATE, barmode="overlay", legend=dict(title=dict(text=color)),
        xaxis=dict(title=dict(text="mentions")), height=max(300, 24 * len(frame) + 120),
        yaxis=dict(categoryorder="array", categoryarray=frame["actor"].tolist()[::-1]),
    ))
    if color == "group":
        _say_how_to_set_groups(fig, frame["colour_key"])
    return fig


def network_layout(nodes, edges: pd.DataFrame, *, seed: int = 7) -> dict:
    """Positions from networkx's spring layout (edge weight pulls nodes together), reproducible."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for row in edges.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=max(float(row.weight), 1e-3))
    return nx.spring_layout(graph, seed=seed, weight="weight", k=2.0 / max(len(graph), 1) ** 0.5)


NODE_LABEL_CHARS = 18  # longer names are cut at a word on the node; hover shows them whole
STANCE_NAMES = {"support": "supports", "condemn": "condemns", "coerce": "coerces"}
NO_GROUPS_HINT = ("No groups yet: in the alias editor select actors, type a Group, press Set group, then Save;"
                  "<br>or give their entries in actors.yml a 'group:' line")


def plot_actor_network(
    cooccurrence: pd.DataFrame, actors: pd.DataFrame, relations: pd.DataFrame | None = None, *,
    color: str = "type", top: int = 40, title: str | None = None,
) -> go.Figure:
    """The co-occurrence network: node size = mentions, colour = type or group; stances as arrows.

    Grey lines join actors named together (thicker: more often). A stance relation
    (:func:`toolkit.relations`: who supports, condemns or coerces whom) is an arrow
    from the source to the target in its polarity's colour; the legend explains
    both. Nodes carry a short name, the full one on hover, and the axes leave room
    so no label is cut at the edge.

    Args:
        cooccurrence: a :func:`toolkit.cooccurrence` table (source, target, weight).
        actors: a :func:`toolkit.actors` table (actor, type, mentions; group for color="group").
        relations: an optional :func:`toolkit.relations` table (source, target, polarity).
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
    stances = _stances(relations, keep.index)
    pos = network_layout(keep.index.tolist(), pd.concat([edges, stances.assign(weight=1.0)[["source", "target", "weight"]]]))
    biggest = max(float(keep["mentions"].max()), 1.0)
    size = {n: 12 + 38 * (keep.loc[n, "mentions"] / biggest) ** 0.5 for n in keep.index}
    # traces, arrows and layout as plain dicts, validated once by go.Figure
    traces: list[dict] = []
    if not edges.empty:
        xs, ys = [], []
        for row in edges.itertuples(index=False):
            (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", name="named together",
                           line=dict(color=_OTHER, width=1), legendgroup="edges",
                           legendgrouptitle=dict(text="lines and arrows")))
        mids = [((pos[r.source][0] + pos[r.target][0]) / 2, (pos[r.source][1] + pos[r.target][1]) / 2,
                 f"{html.escape(r.source)} – {html.escape(r.target)}: {r.weight:.3g}") for r in edges.itertuples(index=False)]
        traces.append(dict(type="scatter", x=[m[0] for m in mids], y=[m[1] for m in mids], mode="markers",
                           marker=dict(size=6, opacity=0), hovertext=[m[2] for m in mids],
                           hoverinfo="text", showlegend=False))
    arrows, arrow_legend = _stance_arrows(stances, pos, size)
    traces += arrow_legend
    key = _colour_key(keep, color)
    colours = _colour_map(key.unique(), by=color)
    for value in key.unique():
        names = key.index[key == value]
        traces.append(dict(
            type="scatter", x=[pos[n][0] for n in names], y=[pos[n][1] for n in names], mode="markers+text",
            name=_type_name(value) if color == "type" else str(value), legendgroup="nodes",
            legendgrouptitle=dict(text=f"actors by {color}"),
            text=[shorten(n, max_chars=NODE_LABEL_CHARS) for n in names], textposition="top center",
            marker=dict(size=[size[n] for n in names], color=colours[value], line=dict(color="white", width=1)),
            hovertext=[f"<b>{html.escape(n)}</b> ({_type_name(keep.loc[n, 'type'])})<br>{keep.loc[n, 'mentions']} mentions"
                       for n in names],
            hoverinfo="text",
        ))
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    fig = go.Figure(traces, layout=dict(
        title=dict(text=title), template=TEMPLATE, height=620, legend=dict(groupclick="toggleitem"),
        # room around the nodes: labels sit above them and run half their width to each side
        xaxis=dict(visible=False, range=_padded(xs, 0.18)), yaxis=dict(visible=False, range=_padded(ys, 0.12)),
        margin=dict(l=20, r=20, t=60, b=20), annotations=arrows,
    ))
    if color == "group":
        _say_how_to_set_groups(fig, key)
    return fig


def _padded(values, share: float) -> list[float]:
    low, high = min(values), max(values)
    pad = max((high - low) * share, 0.3)
    return [low - pad, high + pad]


def _stances(relations: pd.DataFrame | None, shown) -> pd.DataFrame:
    """One row per (source, target, polarity) among the shown actors, with how often and the verbs."""
    columns = ["source", "target", "polarity", "count", "verbs"]
    if relations is None or relations.empty:
        return pd.DataFrame(columns=columns)
    inside = relations[relations["source"].isin(shown) & relations["target"].isin(shown)
                       & (relations["source"] != relations["target"])]
    if inside.empty:
        return pd.DataFrame(columns=columns)
    verbs = inside["verb"] if "verb" in inside else inside["polarity"]
    return (inside.assign(verb=verbs).groupby(["source", "target", "polarity"], sort=False)
            .agg(count=("verb", "size"), verbs=("verb", lambda v: ", ".join(dict.fromkeys(map(str, v)))))
            .reset_index())


def _stance_arrows(stances: pd.DataFrame, pos: dict, size: dict) -> tuple[list[dict], list[dict]]:
    """An arrow (annotation) per stance, from source to target, stopping at the nodes' rims; and a legend
    entry (an empty trace) per polarity, as annotations have none."""
    arrows = []
    for row in stances.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
        arrows.append(dict(
            x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
            arrowhead=3, arrowsize=1.2, arrowwidth=1.5 + min(row.count, 4) * 0.5,
            arrowcolor=POLARITY_COLOURS.get(row.polarity, "#444444"),
            standoff=size[row.target] / 2 + 2, startstandoff=size[row.source] / 2,
            hovertext=f"{html.escape(row.source)} {STANCE_NAMES.get(row.polarity, row.polarity)} "
                      f"{html.escape(row.target)} ×{row.count}<br>{html.escape(row.verbs)}",
        ))
    legend = [dict(type="scatter", x=[None], y=[None], mode="lines+markers", legendgroup="edges",
                   legendgrouptitle=dict(text="lines and arrows"),
                   name=f"→ {STANCE_NAMES.get(polarity, polarity)} (source → target)",
                   line=dict(color=POLARITY_COLOURS.get(polarity, "#444444"), width=2.5),
                   marker=dict(symbol="triangle-right", size=9)) for polarity in dict.fromkeys(stances["polarity"])]
    return arrows, legend


def _say_how_to_set_groups(fig: go.Figure, key: pd.Series) -> None:
    """Colour by group with no group set anywhere: say where groups come from, not only "(no group)"."""
    if set(key) == {"(no group)"}:
        fig.add_annotation(text=NO_GROUPS_HINT, xref="paper", yref="paper", x=0, y=1.0, xanchor="left",
                           yanchor="bottom", showarrow=False, align="left", font=dict(size=12, color="#a15c00"))
        fig.update_layout(margin=dict(t=90))


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
    counts = _per_period(dated, documents["published"], freq)
    fig = go.Figure()
    for i, actor in enumerate(chosen):
        part = counts[counts["actor"] == actor]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(x=part["published"], y=part["mentions"], name=actor, connectgaps=False,
                                 mode="lines+markers", line=dict(color=_PALETTE[i % len(_PALETTE)])))
    axis = date_axis(counts["published"].min(), counts["published"].max())
    fig.update_layout(title=title, template=TEMPLATE, yaxis_title="mentions", xaxis_title="published",
                      xaxis=dict(axis, tickformat=axis.get("tickformat", "%Y-%m-%d")), yaxis_rangemode="tozero")
    if counts["published"].nunique() == 1:  # one period: a month either side, not a week of day ticks
        only = counts["published"].iloc[0]
        fig.update_xaxes(range=[str(only - pd.Timedelta(days=20)), str(only + pd.Timedelta(days=20))], dtick=None)
    return fig


def _per_period(dated: pd.DataFrame, published: pd.Series, freq: str) -> pd.DataFrame:
    """``actor, published (period start), mentions`` from each actor's first period to its last.

    A period with documents but no mention of the actor counts 0; a period with no
    documents at all has no count (NaN), so the line breaks there instead of running
    straight across years without data.
    """
    period = period_of(dated["published"], freq).to_numpy()
    with_documents = set(period_of(published.dropna(), freq))
    parts = []
    for actor, counted in dated.assign(period=period).groupby("actor", sort=True)["period"].value_counts().groupby(level=0):
        counted = counted.droplevel(0)
        span = pd.period_range(counted.index.min(), counted.index.max(), freq=counted.index.min().freq)
        mentions = counted.reindex(span, fill_value=0).astype(float)
        mentions[[p not in with_documents for p in span]] = float("nan")
        parts.append(pd.DataFrame({"actor": actor, "published": span.start_time, "mentions": mentions.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


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
    fig.update_layout(title=title, template=TEMPLATE, height=min(4000, 160 + sum(22 * n + 16 for n in lines)))
    return fig
