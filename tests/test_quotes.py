"""Direct quotes: marks, multi-paragraph and unclosed quotes, speakers from cues."""
from __future__ import annotations

import re

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
    columns = ["speaker", "cue"]
    assert both[both["kind"] == "direct"][columns].values.tolist() == direct[columns].values.tolist()


def test_indirect_speech_needs_that_after_verbs_like_warned(make_corpus):
    corpus = make_corpus("Sovann Rith warned the embassies against making any statements on the case.")
    assert tk.quotes(corpus, indirect=True).empty
    corpus = make_corpus("Sovann Rith warned that the embassies would face consequences for their statements.")
    assert tk.quotes(corpus, indirect=True)["speaker"].tolist() == ["Sovann Rith"]


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


def test_partial_quote_inside_reported_speech(make_corpus):
    text = "Sovann Rith said the new law was “a betrayal of all our voters” and would be repealed."
    table = tk.quotes(make_corpus(text), indirect=True)
    partial = table[table["kind"] == "partial"]
    assert partial["quote"].tolist() == ["a betrayal of all our voters"]
    assert partial["speaker"].tolist() == ["Sovann Rith"]


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        ("Sovann Rith said that the dam would flood four villages next year.",
         "the dam would flood four villages next year", "said"),
        ("Sovann Rith said the dam would flood four villages next year.",
         "the dam would flood four villages next year", "said"),
        ("Sovann Rith told reporters the dam would flood four villages next year.",
         "the dam would flood four villages next year", "told reporters"),
        ("According to Sovann Rith, the dam would flood four villages next year.",
         "the dam would flood four villages next year", "according to"),
        ("The dam would flood four villages next year, Sovann Rith said.",
         "The dam would flood four villages next year", "said"),
        ("Sovann Rith Says the Dam Would Flood Four Villages", "the Dam Would Flood Four Villages", "Says"),
    ],
)
def test_reported_speech_patterns(make_corpus, text, content, cue):
    table = tk.quotes(make_corpus(text), indirect=True)
    tk.validate(table, "quotes")
    assert table[["kind", "quote", "speaker", "cue"]].values.tolist() == [["indirect", content, "Sovann Rith", cue]]


def test_reported_speech_from_plural_descriptors(make_corpus):
    text = "The minister had approved the deal in secret last month, officials said."
    (row,) = tk.quotes(make_corpus(text), indirect=True).itertuples()
    assert (row.kind, row.speaker_text, row.speaker_via, row.speaker) == ("indirect", "officials", "descriptor", None)


def test_he_in_a_paragraph_continuing_a_statement_is_not_the_man_quoted_earlier(make_corpus):
    text = ("“We will fight the ruling in every court,” said opposition leader Chea Vannak.\n\n"
            "Prince Norodom Vichet spoke after the meeting. "
            "“I must merge with another party soon,” he told reporters. "
            "“I am now the opposition in this country,” he said.")
    table = _direct(make_corpus, text)
    assert ["Vichet" in s for s in table["speaker"]] == [False, True, True]
    assert table["cue"].tolist() == ["said", "told reporters", "said"]


def test_speaker_corrections_in_the_dictionary_replace_the_speaker(make_corpus, tmp_path):
    from toolkit import aliases

    corpus = make_corpus("“The vote was rigged from the start,” said Sovann Rith.")
    (row,) = tk.quotes(corpus).itertuples()
    dictionary = aliases.correct_speaker(aliases.load_dictionary(), row.doc_id, row.start, "Dara Chan")
    path = tmp_path / "actors.yml"
    aliases.save_dictionary(dictionary, path)
    for given in (dictionary, path):
        fixed = tk.quotes(corpus, dictionary=given)
        assert fixed[["speaker", "speaker_via", "confidence"]].values.tolist() == [["Dara Chan", "corrected", 1.0]]
        assert fixed["speaker_text"].tolist() == ["Sovann Rith"]  # as written stays as written
    assert tk.quotes(corpus, dictionary=aliases.correct_speaker(dictionary, row.doc_id, row.start, None))[
        "speaker"].tolist() == ["Sovann Rith"]


def test_a_long_document_is_attributed_in_linear_time():
    import time

    import pandas as pd

    paragraph = ("Ms. Sophea Lim met Mr. Dara Chan on Monday. “We will not leave the square,” she said. "
                 "Officials said the talks would resume next week, according to Dara Chan.\n\n")
    text = paragraph * 2000  # about 340,000 characters, 6,000 quotes and reports
    names = [(m.start(), m.end(), m.group(0), "PERSON") for m in re.finditer(r"Sophea Lim|Dara Chan", text)]
    mentions = pd.DataFrame(names, columns=["start", "end", "actor", "type"])
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+?(?:[.!?](?=\s)|$)", text)]
    began = time.perf_counter()
    rows = document_quotes(text, mentions, sentences=sentences, indirect=True)
    assert time.perf_counter() - began < 20
    direct = [r for r in rows if r["kind"] == "direct"]
    assert len(direct) == 2000 and {r["speaker"] for r in direct} == {"Sophea Lim"}
