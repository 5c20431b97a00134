"""Type cues around a mention: the per-document evidence the reduce step weighs."""
from __future__ import annotations

import pytest

from toolkit.actors.cues import CUES, _dateline, _span_cues, _split_at_numbers, cue_lexicon, org_head
from toolkit.actors.names import _Span


def _cues_of(text: str, name: str, label: str = "PERSON") -> list[str]:
    start = text.index(name)
    return _span_cues(_Span(start, start + len(name), name, label), text, cue_lexicon())


def test_every_cue_argues_for_an_actor_type_with_a_positive_weight():
    assert all(kind in {"PERSON", "ORG", "GPE", "LOC"} and weight > 0 for kind, weight in CUES.values())


def test_a_title_before_and_a_speech_verb_after_are_person_cues():
    cues = _cues_of("Foreign Minister Zorvan Kelt said the talks had failed.", "Zorvan Kelt")
    assert {"title", "speech"} <= set(cues)


def test_an_apposition_with_a_role_is_a_person_cue():
    assert "role" in _cues_of("Zorvan Kelt, a spokesman for the ministry, denied it.", "Zorvan Kelt")


@pytest.mark.parametrize("name, expected", [("Velmar Unity Party", True), ("Party", False), ("Zorvan Kelt", False)])
def test_org_head_needs_a_head_word_after_a_name(name, expected):
    assert org_head(name) is expected


def test_a_dateline_place_is_found_where_spacy_found_nothing():
    text = "VELDRIA, Jan 5 (Reuters) - Talks resumed on Monday."
    added = _dateline(text, [], [])
    assert [(s.text, s.label, s.cues) for s in added] == [("VELDRIA", "GPE", ["dateline"])]


def test_a_span_over_a_score_is_one_name_per_side():
    text = "Haitai 2 Samsung 0"
    pieces = _split_at_numbers(_Span(0, len(text), text, "ORG"))
    assert [(p.text, text[p.start:p.end]) for p in pieces] == [("Haitai", "Haitai"), ("Samsung", "Samsung")]


@pytest.mark.parametrize("text, name", [
    ("August 12 v Cornwall (two days)", "Cornwall"),
    ("Cornwall v Devon at the county ground", "Cornwall"),
    ("Devon beat Cornwall by six wickets on Friday.", "Cornwall"),
    ("Cornwall drew with Devon in the final round.", "Cornwall"),
    ("MADRID 21 14 .600 -", "MADRID"),
])
def test_a_town_or_county_where_a_side_of_a_match_stands_is_a_club(text, name):
    assert "team" in _cues_of(text, name, label="GPE")


@pytest.mark.parametrize("text, name, label", [
    ("Devon beat Cornwall by six wickets on Friday.", "Cornwall", "PERSON"),  # a player spaCy named: left alone
    ("France beat Germany in the final.", "Germany", "GPE"),                 # a country is written for its side
    ("Talks in Cornwall resumed on Monday.", "Cornwall", "GPE"),
])
def test_other_places_are_not_clubs(text, name, label):
    assert "team" not in _cues_of(text, name, label=label)


def test_big_cities_and_rare_subdivisions_are_places_though_their_names_are_frequent_words():
    places = cue_lexicon().places
    assert "paris" in places and places.get("chicago") == "city" and "essex" in places
    assert "reading" not in places and "bath" not in places and "nice" not in places


@pytest.mark.parametrize("text, name, is_place", [
    ("The delegation travelled to Da Nang on Friday.", "Da Nang", True),
    ("Flooding cut roads in Da Nang overnight.", "Da Nang", True),
    ("Aid workers visited Da Nang twice.", "Da Nang", True),
    ("Sydney said nothing about the talks.", "Sydney", False),            # where a person stands
    ("In Sydney's view the vote was lost.", "Sydney", False),             # a possessive: the person
    ("The minister read a letter from Sydney aloud.", "Sydney", False),   # "from" without a verb of moving
    ("The minister flew back from Sydney on Monday.", "Sydney", True),
])
def test_a_place_spacy_calls_a_person_is_a_place_where_places_stand(text, name, is_place):
    assert ("city" in _cues_of(text, name, label="PERSON")) is is_place


@pytest.mark.parametrize("text, name, is_org", [
    ("The royalist VELMAR party won 12 seats.", "VELMAR", True),
    ("The Velmar movement marched on Sunday.", "Velmar", True),
    ("The Velmar administration denied it.", "Velmar", False),  # a leader's administration: not the name's type
    ("Velmar partied until dawn.", "Velmar", False),
])
def test_a_party_noun_after_a_name_is_an_organisation_cue(text, name, is_org):
    assert ("org-head" in _cues_of(text, name)) is is_org


def test_the_place_gazetteer_read_back_from_the_cache_equals_the_one_built():
    from toolkit.actors.cues import _build_place_names, _place_names

    assert _place_names() == _build_place_names() == _place_names()


def test_fixtures_add_the_towns_spacy_left_out_as_clubs():
    from toolkit.actors.cues import _fixtures

    text = "May 18 v Cornwall\nMay 20 v Zorvania"
    added = _fixtures(text, [], [], cue_lexicon())
    assert [(s.text, s.label, s.cues) for s in added] == [("Cornwall", "ORG", ["team"])]
