"""The workspace's filter and selection values: checked and normalised when made, turned into code."""
from __future__ import annotations

import dataclasses

import pytest

from toolkit.widgets.state.selection import FILTER_FIELDS, SELECTION_FIELDS, Filter, Selection, state_code, unset_fields


def test_the_field_lists_name_every_field():
    assert FILTER_FIELDS == tuple(f.name for f in dataclasses.fields(Filter))
    assert SELECTION_FIELDS == tuple(f.name for f in dataclasses.fields(Selection))


def test_a_filter_normalises_dates_lists_sections_and_blank_words():
    f = Filter(start="2021-1-5", end="2021-02-01 13:00", sources="wire", sections=["body", "headline"], actor="  ",
               term=" vote ")
    assert (f.start, f.end, f.sources, f.sections, f.actor, f.term) == (
        "2021-01-05", "2021-02-01", ("wire",), ("headline", "body"), None, "vote")
    assert f.narrows_documents and f.narrows_sentences
    assert not Filter(sections=()).narrows_documents and Filter(sections=()).sections is None


@pytest.mark.parametrize("fields, message", [
    ({"start": "not a day"}, "is not a date"),
    ({"start": "2021-03-01", "end": "2021-02-01"}, "is after end"),
    ({"sections": ("footnote",)}, "unknown sections"),
])
def test_a_bad_filter_says_what_is_wrong(fields, message):
    with pytest.raises(ValueError, match=message):
        Filter(**fields)


def test_a_selection_strips_names_and_reads_the_offset_as_a_number():
    assert Selection(actor=" Mira Osk ", doc_id="", start="12") == Selection(actor="Mira Osk", start=12)


def test_unknown_saved_fields_are_named():
    with pytest.raises(TypeError, match=r"unknown filter fields \['colour'\]"):
        unset_fields({"start": None, "colour": "red"}, FILTER_FIELDS, "filter")


def test_code_selects_what_the_filter_keeps():
    code = state_code(Filter(start="2021-01-01", sources=("wire",)), Selection(term="vote"), source="news/")
    assert "tk.load_corpus('news/')" in code
    assert "corpus = corpus.select(start='2021-01-01', sources=['wire'])" in code
    assert "tk.kwic(corpus, 'vote')" in code
    compile(code, "<state>", "exec")
