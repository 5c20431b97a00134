"""Name words, initials and acronyms: the pieces the layer and the reduce share."""
from __future__ import annotations

from toolkit.actors.names import _acronym_letters, _initials, _overlaps, _Span, _words


def test_initials_skip_function_words_and_lower_case_words():
    assert _initials("National Unity Party") == "NUP"
    assert _initials("Bank of the Republic") == "BR"


def test_acronym_letters_drop_full_stops_and_refuse_ordinary_words():
    assert _acronym_letters("U.S.") == "US"
    assert _acronym_letters("NDI") == "NDI"
    assert _acronym_letters("Nato") is None
    assert _acronym_letters("ABCDEFGH") is None  # longer than an acronym


def test_words_keep_abbreviations_and_possessives_whole():
    assert _words("Dr. Kem Sokha's party") == ["Dr.", "Kem", "Sokha's", "party"]


def test_overlaps_is_about_shared_characters_not_touching_ends():
    spans = [_Span(10, 20, "x" * 10, "ORG")]
    assert _overlaps(spans, 15, 25) and _overlaps(spans, 5, 11)
    assert not _overlaps(spans, 20, 30) and not _overlaps(spans, 0, 10)
