"""Direct quotes: marks, multi-paragraph and unclosed quotes, speakers from cues."""
from __future__ import annotations

import pytest

import toolkit as tk
from toolkit.quotes import document_quotes, find_quotes


def test_seed_quotes_have_the_right_speakers(seed):
    table = tk.quotes(seed)
    tk.validate(table, "quotes")
    assert table["speaker"].tolist() == ["San Sarana", "Prak Sokhon", "San Sarana"]
    assert table["cue"].tolist() == ["said", "said in the letter", "said"]
    assert table["speaker_text"].tolist() == ["he", "Prak Sokhon", "he"]
    assert table["speaker_via"].tolist() == ["pronoun", "named", "pronoun"]
    assert table["quote"].iloc[0].startswith("China wanted to offer its support")
    text = seed.documents["text"].iloc[0]
    for row in table.itertuples():
        assert text[row.start] == "“" and text[row.end - 1] == "”"


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


def test_short_quoted_nicknames_are_not_quotes():
    assert document_quotes('President Joko "Jokowi" Widodo arrived.') == []


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“The vote was rigged from the start,” Sovann Rith said.", "Sovann Rith", "said"),
        ("“The vote was rigged from the start,” said Sovann Rith.", "Sovann Rith", "said"),
        ("Sovann Rith told reporters: “The vote was rigged from the start.”", "Sovann Rith", "told reporters"),
        ("According to Sovann Rith, “the vote was rigged from the start.”", "Sovann Rith", "According to"),
        ("“The vote was rigged,” Sovann Rith said in the letter.", "Sovann Rith", "said in the letter"),
    ],
)
def test_speaker_cues(make_corpus, text, speaker, cue):
    table = tk.quotes(make_corpus(text))
    assert table[["speaker", "cue"]].values.tolist() == [[speaker, cue]]


def test_he_said_resolves_to_the_person_introduced_as_speaker(make_corpus):
    text = (
        "Mora Lin, an adviser to Governor Pich Dara, told reporters that Pich Dara had approved the plan.\n\n"
        "“We will build the road next year,” he said."
    )
    table = tk.quotes(make_corpus(text))
    assert table["speaker"].tolist() == ["Mora Lin"]


def test_he_said_without_a_speaker_falls_back_to_the_nearest_person(make_corpus):
    text = "Police arrested opposition leader Chea Vannak on Monday.\n\n“I did nothing wrong at all,” he said."
    assert tk.quotes(make_corpus(text))["speaker"].tolist() == ["Chea Vannak"]


def test_no_quotes_gives_an_empty_table(make_corpus):
    table = tk.quotes(make_corpus("No quotes in this text at all."))
    assert table.empty
    tk.validate(table, "quotes")


def test_apposition_between_speaker_and_verb(make_corpus):
    text = "Sovann Rith, a senior adviser to the party, said “the vote was rigged from the start.”"
    assert tk.quotes(make_corpus(text))["speaker"].tolist() == ["Sovann Rith"]


def test_second_quote_in_a_paragraph_keeps_the_speaker(make_corpus):
    text = "“We will appeal the ruling,” said Sovann Rith. “The court was never independent of them.”"
    table = tk.quotes(make_corpus(text))
    assert table["speaker"].tolist() == ["Sovann Rith", "Sovann Rith"]
    assert table["cue"].iloc[1] == "(same speaker, same paragraph)"


def test_indirect_speech_is_optional_and_marked(seed):
    direct = tk.quotes(seed)
    assert set(direct["kind"]) == {"direct"}
    both = tk.quotes(seed, indirect=True)
    tk.validate(both, "quotes")
    reported = both[both["kind"] == "indirect"]
    claimed = reported[reported["cue"] == "claimed"]
    assert claimed["speaker"].tolist() == ["Kem Sokha"]
    assert claimed["quote"].iloc[0].startswith("to have received advice")
    assert both[both["kind"] == "direct"][["speaker", "cue"]].values.tolist() == direct[["speaker", "cue"]].values.tolist()


def test_indirect_speech_needs_that_after_verbs_like_warned(make_corpus):
    corpus = make_corpus("Sovann Rith warned the embassies against making any statements on the case.")
    assert tk.quotes(corpus, indirect=True).empty
    corpus = make_corpus("Sovann Rith warned that the embassies would face consequences for their statements.")
    assert tk.quotes(corpus, indirect=True)["speaker"].tolist() == ["Sovann Rith"]
