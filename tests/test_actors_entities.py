"""spaCy's entities for one-off texts."""
from __future__ import annotations

from toolkit.actors.entities import spacy_entities


def test_entities_carry_offsets_into_the_whole_text_and_never_span_a_line_break():
    text = "Angela Merkel met the press.\nEmmanuel Macron flew to Paris on Monday."
    found = spacy_entities(text)
    assert found, "the model found nothing"
    for start, end, label in found:
        assert "\n" not in text[start:end] and text[start:end].strip() == text[start:end] and label
    assert any(text[s:e] == "Paris" for s, e, _ in found)
