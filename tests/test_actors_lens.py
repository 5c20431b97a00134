"""The actor lens: mentions named across documents, the actors and co-occurrence tables."""
from __future__ import annotations

import sys

import pandas as pd
import pytest

import toolkit as tk
import toolkit.actors  # noqa: F401  (the package; ``tk.actors`` is the function of the same name)
import toolkit.annotate.document  # noqa: F401
from toolkit import aliases

A = sys.modules["toolkit.actors"]
ANNOTATE_DOCUMENT = sys.modules["toolkit.annotate.document"]


@pytest.fixture(scope="module")
def seed_mentions(seed):
    return tk.mentions(seed)


def _actor_of(mentions, text):
    return set(mentions.loc[mentions["text"] == text, "actor"])


def _types_of(mentions, actor):
    return set(mentions.loc[mentions["actor"] == actor, "type"])


def test_seed_people_and_their_aliases_resolve(seed_mentions):
    m = seed_mentions
    assert _actor_of(m, "Sokha") == {"Kem Sokha"}
    assert _actor_of(m, "Samrin") == {"Heng Samrin"}
    assert _actor_of(m, "Wang") == {"Wang Jiarui"}
    assert _actor_of(m, "Xi") == {"Xi Jinping"}
    # "Samdech Hun Sen" and "Prime Minister Hun Sen" lose their titles and are one actor
    hun_sen = m[m["actor"] == "Hun Sen"]
    assert len(hun_sen) >= 4 and set(hun_sen["text"]) == {"Hun Sen"}
    for person in ("Kem Sokha", "Heng Samrin", "Wang Jiarui", "Hun Sen", "San Sarana", "Prak Sokhon"):
        assert _types_of(m, person) == {"PERSON"}, person


def test_seed_titles_and_headline_words_are_not_people(seed_mentions):
    people = seed_mentions[seed_mentions["type"] == "PERSON"]
    assert not people["text"].str.contains("Samdech|Breaking|Minister|President").any()


def test_seed_countries_demonyms_and_metonyms(seed_mentions):
    m = seed_mentions
    assert _actor_of(m, "U.S.") == {"United States"}
    assert _actor_of(m, "Beijing") == {"China"}
    assert _actor_of(m, "Chinese") == {"China"}
    assert set(m.loc[m["text"] == "Chinese", "type"]) == {"GPE"}
    # the headline is Title Case: spaCy reads it as one ORG, the layer keeps the countries in it
    headline = m[m["section"] == "headline"]
    assert set(headline["actor"]) == {"China", "Cambodia"}


def test_seed_captions_are_marked_and_can_be_excluded(seed, seed_mentions):
    captions = seed_mentions[seed_mentions["section"] == "caption"]
    assert {"Vladimir Putin", "Mariano Rajoy"} <= set(captions["actor"])
    without = tk.mentions(seed.select(sections=("headline", "body")))
    assert "caption" not in set(without["section"])
    assert "Vladimir Putin" not in set(without["actor"])


def test_mentions_schema_and_offsets(seed, seed_mentions):
    tk.validate(seed_mentions, "mentions")
    text = seed.documents["text"].iloc[0]
    for row in seed_mentions.itertuples():
        assert text[row.start:row.end] == row.text


def test_role_cue_after_name_makes_a_person(make_corpus):
    corpus = make_corpus(
        "Zorvan Kelt, a spokesman for the ministry, denied the report.\n\nLater Zorvan Kelt left the city."
    )
    m = tk.mentions(corpus)
    assert _types_of(m, "Zorvan Kelt") == {"PERSON"}
    assert len(m[m["actor"] == "Zorvan Kelt"]) == 2


def test_acronym_resolves_to_spelled_out_name_in_same_document(make_corpus):
    corpus = make_corpus(
        "The National Democratic Institute opened an office in Lagos.\n\nOfficials said NDI staff would stay."
    )
    m = tk.mentions(corpus)
    assert _actor_of(m, "NDI") == {"National Democratic Institute"}


def test_acronym_and_single_name_resolve_across_documents(make_corpus):
    corpus = make_corpus(
        {"id": "a", "text": "Members of the Cambodian People's Party met in Phnom Penh on Monday."},
        {"id": "b", "text": "The CPP denied the claims on Tuesday."},
    )
    m = tk.mentions(corpus)
    assert _actor_of(m, "CPP") == {"Cambodian People's Party"}


def test_actors_table(seed, seed_mentions):
    table = tk.actors(seed, mentions_table=seed_mentions)
    tk.validate(table, "actors")
    row = table.set_index("actor").loc["Kem Sokha"]
    assert row["type"] == "PERSON" and row["documents"] == 1
    assert set(row["aliases"]) == {"Kem Sokha", "Sokha"}
    assert row["first_seen"] == pd.Timestamp("2017-09-08")
    assert table["mentions"].is_monotonic_decreasing


def test_dictionary_alias_renames_an_actor(seed, tmp_path):
    d = aliases.load_dictionary()
    d = aliases.rename(d, "Kem Sokha", "Kem Sokha (opposition)", type="PERSON")
    path = tmp_path / "actors.yml"
    aliases.save_dictionary(d, path)
    m = tk.mentions(seed, dictionary=path)
    assert _actor_of(m, "Sokha") == {"Kem Sokha (opposition)"}


@pytest.mark.parametrize("measure", A.MEASURES)
@pytest.mark.parametrize("unit", A.UNITS)
def test_cooccurrence_units_and_measures(seed, seed_mentions, unit, measure):
    table = tk.cooccurrence(seed, unit=unit, measure=measure, mentions_table=seed_mentions)
    tk.validate(table, "cooccurrence")
    assert (table["source"] < table["target"]).all()
    pair = table[(table["source"] == "Heng Samrin") & (table["target"] == "Wang Jiarui")]
    assert len(pair) == 1


def test_cooccurrence_counts_shared_units(make_corpus):
    corpus = make_corpus("Germany and France met.\n\nGermany and France spoke.\n\nGermany left.")
    m = tk.mentions(corpus)
    counts = tk.cooccurrence(corpus, unit="sentence", mentions_table=m)
    assert counts.set_index(["source", "target"]).loc[("France", "Germany"), "weight"] == 2
    assert tk.cooccurrence(corpus, unit="document", mentions_table=m)["weight"].tolist() == [1]
    npmi = tk.cooccurrence(corpus, unit="sentence", measure="npmi", mentions_table=m)["weight"].iloc[0]
    assert -1 <= npmi <= 1


def test_bad_unit_and_measure_name_the_allowed_values(seed):
    with pytest.raises(ValueError, match="sentence, paragraph, document"):
        tk.cooccurrence(seed, unit="chapter")
    with pytest.raises(ValueError, match="count, pmi, npmi, jaccard"):
        tk.cooccurrence(seed, measure="lift")


def test_empty_corpus_gives_empty_tables_with_columns(make_corpus):
    corpus = make_corpus("nothing here at all.")
    for name, table in (
        ("mentions", tk.mentions(corpus)),
        ("actors", tk.actors(corpus)),
        ("cooccurrence", tk.cooccurrence(corpus)),
    ):
        assert table.empty
        tk.validate(table, name)


def test_spacy_results_are_cached_per_document(make_corpus, monkeypatch):
    corpus = make_corpus({"id": "x", "text": "Angela Merkel visited Paris on Monday with Emmanuel Macron."})
    first = tk.mentions(corpus)
    monkeypatch.setattr(A.layer, "spacy_entities", lambda *a, **k: pytest.fail("spaCy ran again"))
    monkeypatch.setattr(ANNOTATE_DOCUMENT, "ner_model", lambda *a, **k: pytest.fail("spaCy ran again"))
    pd.testing.assert_frame_equal(first, tk.mentions(corpus))


# ---- the vectorised tables agree with a plain count over the mentions ----

from collections import Counter  # noqa: E402
from itertools import combinations  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_mention_rows = st.lists(
    st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.integers(0, 3), st.sampled_from(["Ann Lee", "Bo", "Cy", "Dee", "bo", "Ärzte"]),
              st.sampled_from(["PERSON", "ORG"]), st.sampled_from(["x", "y"])),
    min_size=1, max_size=40,
)


def _mention_table(rows) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [r[0] for r in rows], "sent_id": [r[1] for r in rows], "par_id": [r[1] // 2 for r in rows],
        "section": "body", "start": range(len(rows)), "end": range(1, len(rows) + 1),
        "text": [f"{r[2]} {r[4]}" for r in rows], "actor": [r[2] for r in rows], "type": [r[3] for r in rows],
    })


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_mention_rows)
def test_actors_counts_match_a_plain_count(seed, rows):
    table = _mention_table(rows)
    frame = tk.actors(seed, mentions_table=table).set_index("actor")
    for actor, group in table.groupby("actor"):
        assert frame.loc[actor, "mentions"] == len(group)
        assert frame.loc[actor, "documents"] == group["doc_id"].nunique()
        counts = Counter(group["type"])
        assert frame.loc[actor, "type"] == min(counts, key=lambda t: (-counts[t], t))
        forms = Counter(group["text"])
        assert frame.loc[actor, "aliases"] == sorted(forms, key=lambda f: (-forms[f], list(group["text"]).index(f)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_mention_rows, unit=st.sampled_from(["sentence", "paragraph", "document"]))
def test_cooccurrence_counts_match_a_plain_count(seed, rows, unit):
    table = _mention_table(rows)
    key = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "par_id"], "document": ["doc_id"]}[unit]
    expected = Counter(pair for _, g in table.groupby(key) for pair in combinations(sorted(set(g["actor"])), 2))
    got = tk.cooccurrence(seed, unit=unit, mentions_table=table)
    assert dict(zip(zip(got["source"], got["target"]), got["count"])) == dict(expected)
    units_of = {actor: len(g.drop_duplicates(key)) for actor, g in table.groupby("actor")}
    jaccard = tk.cooccurrence(seed, unit=unit, measure="jaccard", mentions_table=table)
    assert dict(zip(zip(jaccard["source"], jaccard["target"]), jaccard["weight"])) == pytest.approx(
        {(a, b): n / (units_of[a] + units_of[b] - n) for (a, b), n in expected.items()})


def test_cooccurrence_leaves_out_mentions_without_a_unit(seed):
    table = _mention_table([("d1", 0, "Ann Lee", "PERSON", "x"), ("d2", 1, "Bo", "PERSON", "x"),
                            ("d2", 1, "Cy", "ORG", "x")])
    table["par_id"] = pd.array([None, None, 0], dtype="Int64")  # two paragraphs unknown: they share nothing
    assert tk.cooccurrence(seed, unit="paragraph", mentions_table=table).empty
    assert tk.cooccurrence(seed, unit="sentence", mentions_table=table)[["source", "target"]].values.tolist() == [
        ["Bo", "Cy"]]
