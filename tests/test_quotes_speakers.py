"""Speakers of direct quotes: cues, titles, appositions, descriptors, passive cues, pronouns."""
from __future__ import annotations

import pytest

import toolkit as tk


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


def test_apposition_between_speaker_and_verb(make_corpus):
    text = "Sovann Rith, a senior adviser to the party, said “the vote was rigged from the start.”"
    assert tk.quotes(make_corpus(text))["speaker"].tolist() == ["Sovann Rith"]


# ---- speakers: titles, appositions, descriptors, passive cues, pronouns, sequences (issue 15) ----


def _direct(make_corpus, text):
    table = tk.quotes(make_corpus(text))
    tk.validate(table, "quotes")
    return table


@pytest.mark.parametrize(
    ("text", "speaker_text", "cue"),
    [
        ("“If you decide not to vote, nothing will change,” Ms. Sophea Lim said, pointing at the hall.",
         "Ms. Sophea Lim", "said"),
        ("“It is not over for the union,” Mr. Dara Chan, a retired pilot, said on Monday.", "Mr. Dara Chan",
         "said on Monday"),
        ("“He is a recurring nightmare for us,” said the Rev. Mony Rath.", "the Rev. Mony Rath", "said"),
        ("Ms. Sophea Lim told AFP: “We will not leave the square this week.”", "Ms. Sophea Lim", "told AFP"),
        ("“Give back my husband to our family,” screamed Ms. Sophea Lim, widow of the late Dara Chan.",
         "Ms. Sophea Lim", "screamed"),
        ("“The vote was rigged from the start.” ― Sophea Lim", "Sophea Lim", "―"),
    ],
)
def test_titles_honorifics_and_appositions_name_the_speaker(make_corpus, text, speaker_text, cue):
    table = _direct(make_corpus, text)
    assert table[["speaker_text", "cue", "speaker_via"]].values.tolist() == [[speaker_text, cue, "named"]]
    row = table.iloc[0]
    assert make_corpus(text).documents["text"].iloc[0][row.speaker_start:row.speaker_end] == speaker_text
    assert "Sophea" in row.speaker or "Dara" in row.speaker or "Mony" in row.speaker
    assert 0 < row.confidence <= 1


def test_passive_cue_names_the_speaker(make_corpus):
    text = ("Prince Norodom Vichet returned to Phnom Penh on Friday.\n\n"
            "“We have arranged enough seats for all the delegates,” he was quoted by the Daily as saying.")
    (row,) = _direct(make_corpus, text).itertuples()
    assert row.cue == "was quoted by the Daily as saying"
    assert (row.speaker_text, row.speaker_via) == ("he", "pronoun")
    assert "Vichet" in row.speaker


def test_descriptor_fills_speaker_text_and_names_its_organisation(make_corpus):
    text = "“A deal of this size needs the board's approval,” a spokesman for Angkor Airways said."
    (row,) = _direct(make_corpus, text).itertuples()
    assert (row.speaker_text, row.speaker_via) == ("a spokesman for Angkor Airways", "descriptor")
    assert row.speaker == "Angkor Airways"


def test_descriptor_without_an_organisation_has_no_actor(make_corpus):
    text = "“We are checking every engine tonight,” a spokesman for the airline said."
    (row,) = _direct(make_corpus, text).itertuples()
    assert (row.speaker_text, row.speaker_via, row.speaker) == ("a spokesman for the airline", "descriptor", None)


def test_pronoun_agrees_in_gender_with_a_titled_name(make_corpus):
    text = ("Ms. Sophea Lim spoke after Mr. Dara Chan had left the hall.\n\n"
            "“The committee ignored every warning we gave it,” she said.")
    (row,) = _direct(make_corpus, text).itertuples()
    assert "Sophea Lim" in row.speaker and row.speaker_via == "pronoun"


def test_he_added_continues_the_previous_speaker_not_the_first_name(make_corpus):
    text = ("Prime Minister Borey Tep opened the new national stadium on Sunday.\n\n"
            "“We need a bigger league for our young players,” said Vuthy Heng, "
            "president of the football federation.\n\n"
            "“When there are more players, there are more clubs,” he added.")
    table = _direct(make_corpus, text)
    assert ["Heng" in s for s in table["speaker"]] == [True, True]
    assert table["cue"].tolist() == ["said", "added"]


def test_a_paragraph_of_quote_continues_the_speaker_before_it(make_corpus):
    text = ("“We will appeal the ruling next week,” said Sovann Rith.\n\n"
            "“The court was never independent of the ruling party.”")
    table = _direct(make_corpus, text)
    assert table["speaker_via"].tolist() == ["named", "context"]
    assert table["speaker"].iloc[1] == table["speaker"].iloc[0]


def test_colon_paragraph_introduces_the_next_quote(make_corpus):
    text = "Sovann Rith continued:\n\n“Nobody asked the farmers what they wanted from this dam.”"
    (row,) = _direct(make_corpus, text).itertuples()
    assert (row.speaker_text, row.cue) == ("Sovann Rith", "continued")


def test_he_in_a_paragraph_continuing_a_statement_is_not_the_man_quoted_earlier(make_corpus):
    text = ("“We will fight the ruling in every court,” said opposition leader Chea Vannak.\n\n"
            "Prince Norodom Vichet spoke after the meeting. "
            "“I must merge with another party soon,” he told reporters. "
            "“I am now the opposition in this country,” he said.")
    table = _direct(make_corpus, text)
    assert ["Vichet" in s for s in table["speaker"]] == [False, True, True]
    assert table["cue"].tolist() == ["said", "told reporters", "said"]
