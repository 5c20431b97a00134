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
