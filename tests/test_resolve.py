"""The reduce step: corpus-level types and merges over stored mention rows (no spaCy here)."""
from __future__ import annotations

import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit as tk
import toolkit.actors  # noqa: F401  (the module; ``tk.actors`` is the function of the same name)
from toolkit import resolve

A = sys.modules["toolkit.actors"]


def _rows(*mentions):
    """Mention rows from ``(doc_id, text, actor, type, cues)`` tuples, as the per-document step stores them."""
    records = []
    for i, (doc_id, text, actor, type_, cues) in enumerate(mentions):
        records.append({
            "doc_id": doc_id, "sent_id": 0, "section": "body", "par_id": 0, "start": 10 * i, "end": 10 * i + len(text),
            "text": text, "actor": actor, "type": type_, "label": type_, "source": "spacy", "cues": cues,
        })
    return pd.DataFrame(records)


def _resolved(rows):
    return resolve.resolve_mentions(rows, know=A.knowledge())


def _actor_types(rows):
    return rows.groupby("actor")["type"].agg(lambda t: set(t)).to_dict()


def test_a_name_typed_person_in_most_contexts_is_a_person_everywhere():
    rows = _rows(*[(f"d{i}", "Orlan Vesk", "Orlan Vesk", "PERSON", "") for i in range(8)],
                 ("d9", "Orlan Vesk", "Orlan Vesk", "GPE", ""))
    assert _actor_types(_resolved(rows)) == {"Orlan Vesk": {"PERSON"}}


def test_a_document_whose_own_cues_say_otherwise_keeps_its_type():
    rows = _rows(*[(f"d{i}", "Marrow", "Marrow", "PERSON", "speech") for i in range(5)],
                 ("d9", "MARROW", "MARROW", "GPE", "dateline"))
    out = _resolved(rows)
    assert set(out.loc[out["doc_id"] == "d9", "type"]) == {"GPE"}
    assert set(out.loc[out["doc_id"] != "d9", "type"]) == {"PERSON"}


def test_cues_outweigh_spacy_labels_across_the_corpus():
    # spaCy says PERSON twice; an organisation head and a title-less context say ORG
    rows = _rows(("d1", "Tellor", "Tellor", "PERSON", ""), ("d2", "Tellor", "Tellor", "PERSON", ""),
                 ("d3", "Tellor", "Tellor", "ORG", "team"))
    assert _actor_types(_resolved(rows))["Tellor"] == {"ORG"}


def test_case_variants_meet_at_one_key():
    rows = _rows(("d1", "UNITAK", "UNITAK", "ORG", ""), ("d2", "Unitak", "Unitak", "GPE", ""),
                 ("d3", "Unitak", "Unitak", "ORG", ""))
    out = _resolved(rows)
    assert set(out["actor"]) == {"Unitak"}
    assert set(out["type"]) == {"ORG"}
    assert resolve.merge_key("Cambodian Peoples' Party") == resolve.merge_key("Cambodian People's Party")


def test_x_and_x_party_are_one_actor_when_x_is_the_party():
    rows = _rows(("d1", "Velkan Unity Party", "Velkan Unity Party", "ORG", "org-head"),
                 ("d2", "Velkan Unity", "Velkan Unity", "ORG", ""))
    assert set(_resolved(rows)["actor"]) == {"Velkan Unity Party"}


def test_a_person_never_merges_with_the_party_named_after_them():
    rows = _rows(("d1", "Jane Dorrin Party", "Jane Dorrin Party", "ORG", "org-head"),
                 ("d2", "Jane Dorrin", "Jane Dorrin", "PERSON", "title"),
                 ("d3", "Jane Dorrin", "Jane Dorrin", "PERSON", ""))
    out = _resolved(rows)
    assert _actor_types(out) == {"Jane Dorrin Party": {"ORG"}, "Jane Dorrin": {"PERSON"}}


def test_relatives_sharing_a_family_name_stay_apart():
    rows = _rows(("d1", "Dara Velkov", "Dara Velkov", "PERSON", ""), ("d2", "Sina Velkov", "Sina Velkov", "PERSON", ""),
                 ("d3", "Velkov", "Velkov", "PERSON", ""))
    assert set(_resolved(rows)["actor"]) == {"Dara Velkov", "Sina Velkov", "Velkov"}


def test_a_single_name_joins_the_one_person_holding_it():
    rows = _rows(("d1", "Dara Velkov", "Dara Velkov", "PERSON", ""), ("d3", "Velkov", "Velkov", "PERSON", ""))
    assert set(_resolved(rows)["actor"]) == {"Dara Velkov"}


def test_an_acronym_defined_in_one_document_links_the_bare_acronym_in_another():
    rows = _rows(("d1", "Velkan Unity Party", "Velkan Unity Party", "ORG", "org-head"),
                 ("d1", "VUP", "Velkan Unity Party", "ORG", "acronym"),
                 ("d2", "VUP", "VUP", "PERSON", ""))
    out = _resolved(rows)
    assert _actor_types(out) == {"Velkan Unity Party": {"ORG"}}


def test_an_acronym_with_two_expansions_stays_apart_and_is_reported():
    rows = _rows(("d1", "National Unity Front", "National Unity Front", "ORG", "org-head"),
                 ("d1", "NUF", "National Unity Front", "ORG", "acronym"),
                 ("d2", "National Union Federation", "National Union Federation", "ORG", "org-head"),
                 ("d2", "NUF", "National Union Federation", "ORG", "acronym"),
                 ("d3", "NUF", "NUF", "ORG", ""))
    out = _resolved(rows)
    assert set(out.loc[out["doc_id"] == "d3", "actor"]) == {"NUF"}
    reported = resolve.ambiguous_acronyms(out)
    assert reported.to_dict("records") == [
        {"acronym": "NUF", "expansions": ["National Union Federation", "National Unity Front"]}
    ]


def test_two_organisations_sharing_an_acronym_letter_pattern_never_merge():
    rows = _rows(("d1", "National Unity Front", "National Unity Front", "ORG", "org-head"),
                 ("d2", "National Union Federation", "National Union Federation", "ORG", "org-head"),
                 ("d3", "NUF", "NUF", "ORG", ""))
    out = _resolved(rows)
    assert {"National Unity Front", "National Union Federation"} <= set(out["actor"])
    assert set(out.loc[out["doc_id"] == "d3", "actor"]) == {"NUF"}  # which one is unclear: left alone


def test_type_evidence_explains_and_weighs_the_type():
    rows = _rows(*[(f"d{i}", "Orlan Vesk", "Orlan Vesk", "PERSON", "title") for i in range(3)],
                 ("d9", "Orlan Vesk", "Orlan Vesk", "GPE", ""))
    why = resolve.type_evidence(_resolved(rows)).set_index("actor")
    assert why.at["Orlan Vesk", "type"] == "PERSON"
    assert why.at["Orlan Vesk", "evidence"].startswith("title ×3")
    assert 0.9 < why.at["Orlan Vesk", "confidence"] < 1.0


def test_rows_stored_without_cues_still_resolve():
    rows = _rows(("d1", "Orlan Vesk", "Orlan Vesk", "PERSON", "")).drop(columns="cues")
    assert _resolved(rows)["cues"].tolist() == [""]


@pytest.mark.parametrize("code, name", [("PERSON", "Person"), ("ORG", "Organisation"), ("GPE", "Country or city"),
                                        ("LOC", "Place"), ("NORP", "Nationality or group")])
def test_plain_type_names(code, name):
    assert A.TYPE_NAMES[code] == name


def test_actors_table_has_evidence_and_confidence(make_corpus):
    corpus = make_corpus("Samdech Dovan Rettak met the press.\n\nRettak said the vote was fair.",
                         "Later Dovan Rettak left for Lyon.")
    table = tk.actors(corpus)
    tk.validate(table, "actors")
    row = table.set_index("actor").loc["Dovan Rettak"]
    assert row["type"] == "PERSON" and "title" in row["evidence"] and row["confidence"] > 0.5


def test_type_cues_on_small_texts(make_corpus):
    corpus = make_corpus(
        "KORVASTA, March 3 (Reuters) - Coordinator for Medair International Tovan Relk said aid had arrived.",
        "Venerable Sok Pheary blessed the crowd. Lok Chumteav Mealy Sarin thanked him.",
        "The Korvish Federation said it would appeal. Bernama reported the vote.",
        "Stoke 2 Barnsley 0",
    )
    m = tk.mentions(corpus)
    tk.validate(m, "mentions")
    cues = dict(zip(m["text"], m["cues"]))
    types = dict(zip(m["text"], m["type"]))
    assert "dateline" in cues["KORVASTA"] and types["KORVASTA"] == "GPE"
    assert types["Tovan Relk"] == "PERSON" and "title" in cues["Tovan Relk"]
    assert types["Medair International"] == "ORG"
    assert types["Sok Pheary"] == "PERSON" and types["Mealy Sarin"] == "PERSON"  # titles stripped
    assert "org-head" in cues["Korvish Federation"] and types["Korvish Federation"] == "ORG"
    assert types["Bernama"] == "ORG"  # a news agency, never a person
    assert types["Stoke"] == "ORG" and "team" in cues["Barnsley"]


def test_a_documents_own_strong_cues_keep_its_type_there():
    # A person in most documents; in d9 a dateline names the place of the same spelling.
    rows = _rows(*[(f"d{i}", "Varno", "Varno", "PERSON", "title") for i in range(6)],
                 ("d9", "Varno", "Varno", "GPE", "dateline"), ("d9", "Varno", "Varno", "GPE", ""))
    resolved = _resolved(rows)
    assert set(resolved.loc[resolved["doc_id"] != "d9", "type"]) == {"PERSON"}
    assert set(resolved.loc[resolved["doc_id"] == "d9", "type"]) == {"GPE"}


def test_a_weak_cue_does_not_override_the_corpus_type():
    rows = _rows(*[(f"d{i}", "Varno", "Varno", "PERSON", "title") for i in range(6)],
                 ("d9", "Varno", "Varno", "GPE", "city"))
    assert _actor_types(_resolved(rows)) == {"Varno": {"PERSON"}}


@given(st.lists(st.one_of(st.none(), st.sampled_from(["Hun Sen", "CNRP", "Sokha", ""])), max_size=40))
def test_per_value_is_a_map_computed_once_per_distinct_value(values):
    from toolkit.resolve import per_value

    series = pd.Series(values, dtype=object)
    calls = []

    def upper(value):
        calls.append(value)
        return None if pd.isna(value) else value.upper()  # a missing value comes as NaN, as from unique()

    got = per_value(series, upper)
    assert list(got) == [None if v is None else v.upper() for v in values]
    assert len(calls) == len(set(values))  # once each, missing values included


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.text(max_size=3)), max_size=30))
def test_runs_as_lists_is_groupby_list_on_sorted_rows(rows):
    frame = pd.DataFrame(rows, columns=["key", "value"]).sort_values("key", kind="stable")
    expected = frame.groupby("key", sort=False)["value"].agg(list)
    got = resolve.runs_as_lists(frame["key"].to_numpy(object), frame["value"].to_numpy(object))
    assert got.to_dict() == expected.to_dict() and list(got.index) == list(expected.index)


def _plain_type_evidence(mentions, top=3):
    """type_evidence written plainly with pandas groupbys: the reference the vectorised one must match."""
    votes = resolve.type_votes(mentions.assign(cues=resolve._cue_text(mentions)))
    winners = resolve._winners(votes, ["actor"])
    counted = votes.groupby(["actor", "type", "evidence"], sort=False).agg(n=("n", "sum"), w=("weight", "sum"))
    counted = counted.reset_index().merge(winners[["actor", "type"]], on=["actor", "type"])
    counted = counted.sort_values(["actor", "w"], ascending=[True, False], kind="stable")
    counted = counted[counted.groupby("actor", sort=False).cumcount() < top]
    items = counted["evidence"] + " ×" + counted["n"].astype("int64").astype(str)
    joined = items.groupby(counted["actor"], sort=False).agg(", ".join)
    return dict(zip(winners["actor"], zip(winners["type"], winners["confidence"], winners["actor"].map(joined))))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.sampled_from(["Orlan Vesk", "Vesk", "Mira Tal", "Kell"]),
                          st.sampled_from(["PERSON", "ORG", "GPE", "NORP"]),
                          st.sampled_from(["", "title", "org-head", "title role", "speech city", "speech speech"])),
                min_size=1, max_size=30))
def test_type_evidence_matches_a_plain_groupby(mentions):
    rows = _rows(*[(doc_id, name, name, type_, cues) for doc_id, name, type_, cues in mentions])
    got = resolve.type_evidence(rows)
    expected = _plain_type_evidence(rows)
    assert {a: (t, pytest.approx(c), e) for a, t, c, e in got.itertuples(index=False)} == expected


def test_a_later_session_reads_the_type_evidence_back(tmp_path, annotation_corpus, monkeypatch):
    first = tk.actors(annotation_corpus(tmp_path))
    monkeypatch.setattr(resolve, "type_evidence", lambda *a, **k: pytest.fail("evidence computed again"))
    pd.testing.assert_frame_equal(tk.actors(annotation_corpus(tmp_path)), first)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.integers(0, 6), st.sampled_from(["Ann", "Bo", "Cy"])),
                max_size=25),
       st.lists(st.tuples(st.sampled_from(["d1", "d2", "d4"]), st.integers(-1, 6)), max_size=15))
def test_actors_at_is_a_lookup_by_document_and_start(mentions, wanted):
    table = pd.DataFrame(mentions, columns=["doc_id", "start", "actor"])
    by_place = dict(zip(zip(table["doc_id"], table["start"]), table["actor"]))  # a later row wins
    got = resolve.actors_at(table, [d for d, _ in wanted], [s for _, s in wanted])
    assert list(got) == [by_place.get((d, s)) for d, s in wanted]


def test_a_family_name_spacy_typed_as_an_organisation_is_the_one_person_of_that_name():
    rows = _rows(("d1", "Orlan Vesketh", "Orlan Vesketh", "PERSON", "title"),
                 ("d1", "Orlan Vesketh", "Orlan Vesketh", "PERSON", ""),
                 ("d2", "Vesketh", "Vesketh", "ORG", ""))
    assert _actor_types(_resolved(rows)) == {"Orlan Vesketh": {"PERSON"}}


@pytest.mark.parametrize("others", [
    [("d3", "Vesketh Motor Company", "Vesketh Motor Company", "ORG", "org-head")],  # the word names a firm too
    [("d3", "Dara Vesketh", "Dara Vesketh", "PERSON", "")],                         # two people of that name
    [("d2", "Vesketh", "Vesketh", "ORG", ""), ("d4", "Vesketh", "Vesketh", "ORG", "")],  # more often than the man
])
def test_a_family_name_typed_otherwise_stays_apart_when_it_may_be_something_else(others):
    rows = _rows(("d1", "Orlan Vesketh", "Orlan Vesketh", "PERSON", "title"),
                 ("d2", "Vesketh", "Vesketh", "ORG", ""), *others)
    assert "Vesketh" in set(_resolved(rows)["actor"])


def test_a_family_name_with_an_organisation_cue_stays_an_organisation():
    rows = _rows(("d1", "Orlan Vesketh", "Orlan Vesketh", "PERSON", "title"),
                 ("d1", "Orlan Vesketh", "Orlan Vesketh", "PERSON", ""),
                 ("d2", "Vesketh", "Vesketh", "ORG", "team"))
    assert _actor_types(_resolved(rows))["Vesketh"] == {"ORG"}


def test_a_family_name_never_joins_a_person_only_spacy_calls_one():
    rows = _rows(("d1", "Aston Velka", "Aston Velka", "PERSON", ""), ("d1", "Aston Velka", "Aston Velka", "PERSON", ""),
                 ("d2", "Velka", "Velka", "ORG", ""))  # a club spaCy read as a man: no title, no apposition
    assert _actor_types(_resolved(rows)) == {"Aston Velka": {"PERSON"}, "Velka": {"ORG"}}
