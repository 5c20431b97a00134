"""Stance relations: the seed's edges, passives, nouns, the extendable verb-class table."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.relations import load_verb_classes


@pytest.fixture(scope="module")
def seed_relations(seed):
    return tk.relations(seed)


def _edges(table):
    return set(map(tuple, table[["source", "polarity", "target"]].values.tolist()))


def test_seed_stance_edges(seed_relations):
    tk.validate(seed_relations, "relations")
    edges = _edges(seed_relations)
    assert ("China", "support", "Cambodia") in edges
    assert ("China", "support", "Hun Sen") in edges
    assert ("Wang Jiarui", "support", "Hun Sen") in edges
    for country in ("United States", "European Union", "Australia", "Germany", "United Kingdom"):
        assert (country, "condemn", "Cambodia") in edges
    assert ("Hun Sen", "coerce", "Kem Sokha") in edges
    praised = seed_relations[seed_relations["verb"] == "praised"]
    assert praised["sentence"].iloc[0].startswith("Following a meeting")


def test_seed_has_no_edges_from_parser_confusions(seed_relations):
    edges = _edges(seed_relations)
    assert not any(target == "United States" for _, _, target in edges)
    assert all(source != target for source, _, target in edges)


def test_passive_agent_is_the_source(make_corpus):
    corpus = make_corpus("Kem Vanna was arrested by Thailand on Monday.")
    assert ("Thailand", "coerce", "Kem Vanna") in _edges(tk.relations(corpus))


def test_user_rows_extend_the_verb_classes(make_corpus):
    corpus = make_corpus("Germany lauded France for the deal.")
    assert tk.relations(corpus).empty
    extra = pd.DataFrame([{"lemma": "laud", "polarity": "support", "cameo": "051", "kind": "verb"}])
    table = tk.relations(corpus, verb_classes=load_verb_classes(extra))
    assert _edges(table) == {("Germany", "support", "France")}
    assert table["verb"].tolist() == ["lauded"]


def test_verb_classes_expand_forms_and_reject_bad_kinds():
    classes = load_verb_classes()
    forms = set(classes.loc[classes["lemma"] == "criticise", "form"])
    assert {"criticised", "criticizes", "criticizing"} <= forms
    assert {"support", "condemn", "coerce"} <= set(classes["polarity"])
    with pytest.raises(ValueError, match="verb, noun"):
        load_verb_classes(pd.DataFrame([{"lemma": "x", "polarity": "y", "kind": "adverb"}]))


def test_no_actors_no_relations(make_corpus):
    table = tk.relations(make_corpus("it rained all day."))
    assert table.empty
    tk.validate(table, "relations")
