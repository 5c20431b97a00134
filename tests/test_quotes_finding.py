"""Finding quotes: straight and curly marks, multi-paragraph and unclosed quotes."""
from __future__ import annotations

import pytest

from toolkit.quotes.finding import find_quotes, typewriter_quotes


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ('"We will not back down from this," she said.', "We will not back down from this,"),
        ("“We will not back down from this,” she said.", "We will not back down from this,"),
        ("He said: “the talks failed because of them.” Then he left.", "the talks failed because of them."),
    ],
)
def test_straight_and_curly_marks(text, quote):
    assert [q.quote for q in find_quotes(text)] == [quote]


def test_multi_paragraph_quote_is_one_quote():
    text = "“The first paragraph ends without a mark.\n\n“The second one closes it,” said Dara Chan."
    (quote,) = find_quotes(text)
    assert quote.quote == "The first paragraph ends without a mark.\n\nThe second one closes it,"
    assert quote.closed and text[quote.end - 1] == "”"


def test_unclosed_quote_stops_at_its_paragraph():
    text = "“This quote never closes and runs on\n\nThe next paragraph is reporting. “A new quote here,” he said."
    quotes = find_quotes(text)
    assert [q.closed for q in quotes] == [False, True]
    assert quotes[0].quote == "This quote never closes and runs on"
    assert quotes[1].quote == "A new quote here,"


def test_typewriter_quotation_marks_are_quotes():
    text = "''We are a small shop,'' said Ana Ruiz. She added, ''We do business with people who like us.''"
    assert [q.quote for q in find_quotes(text)] == ["We are a small shop,", "We do business with people who like us."]
    assert typewriter_quotes(text) != text and len(typewriter_quotes(text)) == len(text)
    assert typewriter_quotes("The 5'' pipe and rock 'n' roll") == "The 5'' pipe and rock 'n' roll"
