"""Names on screen (toolkit.labels): long names shortened at a word, documents named by their titles (dated or
numbered when two are alike), actor types in plain words."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.labels import document_labels, shorten, type_name


def test_a_long_name_is_cut_at_the_last_word_that_fits():
    assert shorten("Cambodia National Rescue Party", max_chars=20) == "Cambodia National…"
    assert shorten("  Hun   Sen ", max_chars=20) == "Hun Sen"  # white space folded, nothing cut
    assert shorten("Supercalifragilistic", max_chars=8) == "Superca…"  # one long word is cut inside
    assert shorten("Phnom Penh, Cambodia", max_chars=12) == "Phnom Penh…"  # no comma before the ellipsis


@given(st.text(alphabet="ab ,-", max_size=60), st.integers(2, 40))
def test_a_shortened_name_fits_and_begins_the_name(text, max_chars):
    short = shorten(text, max_chars=max_chars)
    assert len(short) <= max_chars
    assert " ".join(text.split()).startswith(short.removesuffix("…"))


def test_documents_are_named_by_title_dated_when_alike_and_numbered_when_still_alike():
    documents = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"],
        "title": ["Storm hits coast", "Storm hits coast", "Storm hits coast", None, "Calm"],
        "published": pd.to_datetime(["2020-03-02", "2020-03-03", "2020-03-03", None, None]),
    })
    assert document_labels(documents).to_dict() == {
        "a": "Storm hits coast · 2020-03-02", "b": "Storm hits coast · 2020-03-03",
        "c": "Storm hits coast · 2020-03-03 (2)", "d": "d", "e": "Calm"}
    assert document_labels(documents, max_chars=10)["e"] == "Calm"
    assert document_labels(documents.drop(columns="published"), max_chars=10)["a"] == "Storm…"


def test_type_codes_read_as_plain_words_and_unknown_ones_stay():
    assert [type_name(c) for c in ("GPE", "PERSON", "ORG")] == ["Country or city", "Person", "Organisation"]
    assert type_name("WORK_OF_ART") == "WORK_OF_ART" and type_name(None) == "None"


def test_a_shortened_name_never_exceeds_its_length_and_too_short_a_length_is_refused():
    assert [len(shorten("Cambodia National Rescue Party", max_chars=n)) <= n for n in range(2, 40)] == [True] * 38
    with pytest.raises(ValueError, match="at least 2"):
        shorten("Cambodia", max_chars=1)
