"""The actors explorer's state (toolkit.widgets.state.actors) without widgets: figures, speaker corrections,
the choices it accepts and the edits it refuses."""
from __future__ import annotations

import pytest
import traitlets

from toolkit.widgets.state.actors import ActorsState


def test_state_without_widgets(seed, dictionary_path):
    state = ActorsState(corpus=seed, dictionary_path=dictionary_path)
    assert state.figure("timeline").layout.title.text == "Mentions per month: top actors"
    with pytest.raises(ValueError, match="actors, network, timeline, quotes"):
        state.figure("pie")
    state.selected = "Prak Sokhon"
    written, speaker = (list(v) for v in state.figure("quotes").data[0].cells.values[:2])
    assert speaker == ["Prak Sokhon", "Prak Sokhon"]  # a report ("called on") and a quote
    assert written == ["Foreign Minister Prak Sokhon", "Prak Sokhon"]


def test_correcting_an_unknown_quote_is_an_error(seed, dictionary_path):
    state = ActorsState(corpus=seed, dictionary_path=dictionary_path)
    with pytest.raises(ValueError, match="no quote starts at"):
        state.correct_speaker("nope", 0, "Kem Sokha")


def test_types_and_sections_are_kept_in_their_own_order_and_unknown_ones_refused(seed, dictionary_path):
    state = ActorsState(corpus=seed, dictionary_path=dictionary_path)
    state.types = ("GPE", "PERSON")
    state.sections = ("body", "caption")
    assert (state.types, state.sections) == (("PERSON", "GPE"), ("caption", "body"))
    with pytest.raises(traitlets.TraitError, match="unknown types"):
        state.types = ("ALIEN",)


def test_edits_without_a_name_are_refused_and_there_is_nothing_to_undo(seed, dictionary_path):
    state = ActorsState(corpus=seed, dictionary_path=dictionary_path)
    before = state.dictionary
    with pytest.raises(ValueError, match="give the name to merge into"):
        state.merge(["Kem Sokha", "Sokha"], into="  ")
    with pytest.raises(ValueError, match="give the new name"):
        state.rename("Kem Sokha", "")
    assert state.undo() is False
    assert state.dictionary is before and not state.unsaved
    assert state.params()["dictionary"] == str(dictionary_path)
