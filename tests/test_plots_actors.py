"""Actor-lens figures (toolkit.plots.actors): bars, network, mentions over time, the quotes table."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk

ACTORS = pd.DataFrame({"actor": ["Hun Sen", "Kem Sokha", "Cambodia"], "type": ["PERSON", "PERSON", "GPE"],
                       "mentions": [9, 5, 3], "documents": [3, 2, 2]})


def test_actor_bars_hold_the_mention_counts_most_mentioned_on_top():
    fig = tk.plot_actors(ACTORS)
    counts = {actor: x for trace in fig.data for actor, x in zip(trace.y, trace.x)}
    assert counts == {"Hun Sen": 9, "Kem Sokha": 5, "Cambodia": 3}
    assert sorted(trace.name for trace in fig.data) == ["Country or city", "Person"]  # plain words in the UI
    assert list(fig.layout.yaxis.categoryarray) == ["Cambodia", "Kem Sokha", "Hun Sen"]
    with pytest.raises(ValueError, match="color 'size'"):
        tk.plot_actors(ACTORS, color="size")


def test_network_draws_every_actor_and_pair():
    pairs = pd.DataFrame({"source": ["Hun Sen", "Hun Sen"], "target": ["Kem Sokha", "Cambodia"], "weight": [2.0, 1.0]})
    fig = tk.plot_actor_network(pairs, ACTORS)
    nodes = [trace for trace in fig.data if trace.mode == "markers+text"]
    assert {name for trace in nodes for name in trace.text} == {"Hun Sen", "Kem Sokha", "Cambodia"}
    edges = [trace for trace in fig.data if trace.mode == "lines"]
    assert sum(x is None for trace in edges for x in trace.x) == 2  # one line (ended by None) per pair


def test_mentions_over_time_count_per_month():
    mentions = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "actor": ["Hun Sen"] * 3 + ["Kem Sokha"]})
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"],
                              "published": pd.to_datetime(["2017-08-02", "2017-09-05", "2017-09-20"])})
    fig = tk.plot_actor_timeline(mentions, documents, freq="month")
    lines = {trace.name: dict(zip(pd.to_datetime(trace.x), trace.y)) for trace in fig.data}
    assert lines["Hun Sen"] == {pd.Timestamp("2017-08-01"): 2, pd.Timestamp("2017-09-01"): 1}
    assert lines["Kem Sokha"] == {pd.Timestamp("2017-09-01"): 1}
    with pytest.raises(ValueError, match="freq 'decade'"):
        tk.plot_actor_timeline(mentions, documents, freq="decade")


def test_quotes_table_shortens_long_quotes_and_names_unknown_speakers():
    quotes = pd.DataFrame({"doc_id": ["a", "b"], "quote": ["We will win.", "x" * 300],
                           "speaker": ["Hun Sen", None], "cue": ["he said", ""]})
    (table,) = tk.plot_quotes_table(quotes, max_chars=50).data
    written, speakers, cues, shown, docs = table.cells.values
    assert list(written) == ["", ""] and list(cues) == ["he said", ""]
    assert list(speakers) == ["Hun Sen", "(unknown)"]
    assert shown[0] == "We will win." and len(shown[1]) == 50 and shown[1].endswith("…")
    assert list(docs) == ["a", "b"]


def test_actor_lines_break_over_periods_without_documents():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"],
                              "published": pd.to_datetime(["2005-01-10", "2005-02-10", "2008-06-10"])})
    mentions = pd.DataFrame({"doc_id": ["a", "b", "c", "c"], "actor": ["Boeing"] * 4})
    (line,) = tk.plot_actor_timeline(mentions, documents, freq="month").data
    values = pd.Series(list(line.y), index=pd.to_datetime(list(line.x)))
    assert values["2005-01-01"] == 1 and values["2008-06-01"] == 2
    assert values["2005-03-01":"2008-05-01"].isna().all()  # no documents: no value, the line breaks
    assert line.connectgaps is False


def test_network_labels_are_short_full_on_hover_and_fit_in_the_figure():
    long = ACTORS.assign(actor=["Cambodia National Rescue Party", "Kem Sokha", "Cambodia"])
    pairs = pd.DataFrame({"source": ["Cambodia National Rescue Party"], "target": ["Kem Sokha"], "weight": [2.0]})
    fig = tk.plot_actor_network(pairs, long)
    labels = {text for trace in fig.data if trace.mode == "markers+text" for text in trace.text}
    assert labels == {"Cambodia National…", "Kem Sokha"}
    hover = " ".join(text for trace in fig.data if trace.mode == "markers+text" for text in trace.hovertext)
    assert "Cambodia National Rescue Party" in hover
    nodes_x = [x for trace in fig.data if trace.mode == "markers+text" for x in trace.x]
    low, high = fig.layout.xaxis.range
    assert low < min(nodes_x) - 0.1 and high > max(nodes_x) + 0.1  # room for labels at the edges


def test_stances_are_arrows_from_source_to_target_with_a_legend():
    pairs = pd.DataFrame({"source": ["Hun Sen"], "target": ["Kem Sokha"], "weight": [2.0]})
    relations = pd.DataFrame({"source": ["Hun Sen", "Hun Sen"], "target": ["Kem Sokha", "Kem Sokha"],
                              "polarity": ["condemn", "condemn"], "verb": ["condemned", "accused"]})
    fig = tk.plot_actor_network(pairs, ACTORS, relations)
    (arrow,) = [a for a in fig.layout.annotations if a.showarrow]
    nodes = {name: (x, y) for trace in fig.data if trace.mode == "markers+text"
             for name, x, y in zip(trace.hovertext, trace.x, trace.y)}
    source = next(xy for name, xy in nodes.items() if "Hun Sen" in name)
    target = next(xy for name, xy in nodes.items() if "Kem Sokha" in name)
    assert (arrow.ax, arrow.ay) == source and (arrow.x, arrow.y) == target and arrow.arrowhead
    assert "Hun Sen condemns Kem Sokha ×2" in arrow.hovertext and "accused" in arrow.hovertext
    legend = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert "named together" in legend and "→ condemns (source → target)" in legend


def test_colour_by_group_without_groups_says_how_to_set_them():
    for fig in (tk.plot_actors(ACTORS, color="group"),
                tk.plot_actor_network(pd.DataFrame({"source": ["Hun Sen"], "target": ["Kem Sokha"], "weight": [1.0]}),
                                      ACTORS, color="group")):
        hint = " ".join(a.text for a in fig.layout.annotations)
        assert "No groups yet" in hint and "Set group" in hint and "group:" in hint and "actors.yml" in hint
    grouped = tk.plot_actors(ACTORS.assign(group=["government", "opposition", None]), color="group")
    assert not any("No groups yet" in a.text for a in grouped.layout.annotations)


def test_types_read_as_plain_words_in_legends_and_hover():
    table = ACTORS.assign(evidence=["title ×3, spaCy PERSON ×8", "dictionary", "spaCy GPE ×2, dateline ×1"],
                          confidence=[0.9, 1.0, 0.8])
    pairs = pd.DataFrame({"source": ["Hun Sen", "Hun Sen"], "target": ["Kem Sokha", "Cambodia"], "weight": [2.0, 1.0]})
    for fig in (tk.plot_actors(table), tk.plot_actor_network(pairs, table)):
        shown = " ".join([str(t.name) for t in fig.data]
                         + [h for t in fig.data for h in (t.hovertext or ()) if isinstance(h, str)])
        assert "Country or city" in shown and "Person" in shown
        assert not any(code in shown.split() or f"({code})" in shown for code in ("GPE", "PERSON", "ORG"))
    assert "spaCy Country or city ×2" in " ".join(h for t in tk.plot_actors(table).data for h in t.hovertext)
