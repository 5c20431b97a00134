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
