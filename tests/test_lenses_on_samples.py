"""Every lens on both bundled corpora: the seed and the 90-article Wikinews sample."""
from __future__ import annotations

import pytest

import toolkit as tk
from toolkit import config

CORPORA = list(config.known_corpora())


@pytest.fixture(scope="module", params=CORPORA)
def corpus(request):
    return tk.load_corpus(config.known_corpora()[request.param], cache=False)


def test_both_corpora_are_offered():
    assert CORPORA == ["seeds", "samples/wikinews"]


def _offsets_hold(table, corpus):
    text = corpus.documents.set_index("doc_id")["text"]
    for row in table.itertuples():
        assert text[row.doc_id][row.start:row.end] == row.text


def test_timeline_lens(corpus):
    timexes = tk.validate(tk.timeline(corpus), "timeline")
    events = tk.validate(tk.events(corpus), "events")
    assert len(timexes) >= len(corpus) and len(events) > 0
    _offsets_hold(timexes, corpus)
    assert timexes["date_start"].dropna().between("1900-01-01", "2100-01-01").all()
    assert len(tk.plot_timeline(events).data) > 0


def test_keyword_lens(corpus):
    table = tk.validate(tk.keywords(corpus, method="keyness", top_n=20), "keywords")
    assert len(table) == 20 and not set(table["term"]) & {"the", "said", "of"}
    tk.validate(tk.keyterms(corpus, top_n=5), "keyterms")
    tk.validate(tk.collocations(corpus), "collocations")
    word = table["term"].iloc[0].split()[0]
    hits = tk.validate(tk.kwic(corpus, word), "kwic")
    assert len(hits) >= 1 and hits["match"].str.lower().eq(word).all()
    tk.plot_keywords(table)


def test_actor_lens(corpus):
    mentions = tk.validate(tk.mentions(corpus), "mentions")
    _offsets_hold(mentions, corpus)
    actors = tk.validate(tk.actors(corpus, mentions_table=mentions), "actors")
    assert len(actors) >= 5
    tk.validate(tk.cooccurrence(corpus, mentions_table=mentions), "cooccurrence")
    quotes = tk.validate(tk.quotes(corpus, mentions_table=mentions), "quotes")
    assert quotes["speaker"].notna().mean() > 0.5
    tk.validate(tk.relations(corpus, mentions_table=mentions), "relations")
    tk.plot_actor_network(tk.cooccurrence(corpus, mentions_table=mentions), actors)
