"""Reported speech outside quotation marks, and partial quotes inside it."""
from __future__ import annotations

import pytest

import toolkit as tk


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
        ("Sovann Rith told the provincial council the dam would flood four villages next year.",
         "the dam would flood four villages next year", "told the provincial council"),
        ("Sovann Rith noted that, like the old one, the dam would flood four villages.",
         "like the old one, the dam would flood four villages", "noted"),
        ("Sovann Rith told Cambodian-Americans this week the dam would flood four villages next year.",
         "the dam would flood four villages next year", "told Cambodian-Americans"),
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


@pytest.mark.parametrize(
    ("text", "speaker_word", "content_start"),
    [
        ("Delk Varro, 61, who has served on the budget panel for a decade, told reporters the fund had been misused.",
         "Varro", "the fund had been misused"),
        ("Senator Mara Quill, Democrat of Oregon, said the program had sent a terrible message to applicants.",
         "Quill", "the program had sent"),
        ("Peru, Chile's main partner and its largest buyer of copper, said it was firmly opposed to the tariff.",
         "Peru", "it was firmly opposed"),
        ("A lawyer for the newspapers, Dana Veil, said no decision had been made about whether to appeal.",
         "Veil", "no decision had been made"),
        ("Ilse Marnow, the head of Tarvo Mining -- a firm that owns four pits, which it leases -- said the pits "
         "would close next spring.", "Marnow", "the pits would close"),
        ("The mayor Odile Brun is telling residents that the water is safe to drink again.", "Brun",
         "the water is safe"),
        ("Tomas Ekberg said Friday that the talks would resume next week in Lima.", "Ekberg", "the talks would resume"),
        # a clause after "that" is the report, even when it opens like an adjunct ("this", "at", "in")
        ("Tomas Ekberg argues that this plan will fail because the miners were never asked.", "Ekberg",
         "this plan will fail"),
        ("Tomas Ekberg noted that at one of his first meetings, in 1982, he had opposed the mine.", "Ekberg",
         "at one of his first meetings"),
        ("Tomas Ekberg notes that the mine has been losing money for three years.", "Ekberg", "the mine has been"),
        # an adjunct between the verb and the report: the report starts at "that", "how" or a pronoun clause
        ("Tomas Ekberg announced in a statement this month that he had reached a settlement.", "Ekberg",
         "he had reached a settlement"),
        ("Tomas Ekberg said after the meeting he would not accept the offer of the mining firm.", "Ekberg",
         "he would not accept the offer"),
        ("Tomas Ekberg said on Monday the plan would fail because the miners were never asked.", "Ekberg",
         "the plan would fail"),
        ("Tomas Ekberg told reporters in an interview the plan would fail because nobody asked.", "Ekberg",
         "the plan would fail"),
        # Punkt ends a sentence after an initialism; a lowercase word continues it
        ("The Tarvo M.C.A. said it would increase its oversight of the three mines.", "M.C.A.",
         "it would increase its oversight"),
        ("Tomas Ekberg led the union for years, and said the new contract was the best one in a decade.",
         "Ekberg", "the new contract was"),
        ("Last month, Tomas Ekberg announced it had reached its goal of hiring two hundred nurses.", "Ekberg",
         "it had reached its goal"),
        ("“We do not see a link to the storm,” Tomas Ekberg said, adding that the repairs would take three "
         "more days.",
         "Ekberg", "the repairs would take"),
    ],
)
def test_reported_speech_finds_the_subject_past_appositions_and_auxiliaries(make_corpus, text, speaker_word,
                                                                            content_start):
    table = tk.quotes(make_corpus(text), indirect=True)
    reported = table[table["kind"] == "indirect"]
    assert len(reported) == 1, table[["kind", "quote", "speaker_text"]]
    row = reported.iloc[0]
    assert row["quote"].startswith(content_start)
    assert speaker_word in f"{row['speaker']} {row['speaker_text']}"


def test_an_adjunct_after_a_verb_is_not_taken_for_the_report(make_corpus):
    text = "Tomas Ekberg has responded with attacks on the union, including two letters to its members."
    assert tk.quotes(make_corpus(text), indirect=True).empty


def test_reported_speech_does_not_take_a_relative_clause_verb_or_an_inverted_reading(make_corpus):
    text = "Neighbours who knew the family have argued that the eviction was unfair to the children."
    (row,) = tk.quotes(make_corpus(text), indirect=True).itertuples()
    assert (row.cue, row.quote) == ("argued", "the eviction was unfair to the children")
    text = "Senator Mara Quill, Democrat of Oregon, said the program had sent a terrible message to applicants."
    (row,) = tk.quotes(make_corpus(text), indirect=True).itertuples()
    assert "Quill" in row.speaker_text


def test_reported_speech_from_collective_nouns(make_corpus):
    text = "According to police, the driver had left the scene before the ambulance arrived."
    (row,) = tk.quotes(make_corpus(text), indirect=True).itertuples()
    assert (row.speaker_text, row.speaker_via) == ("police", "descriptor")
