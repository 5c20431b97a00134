"""The quotes of one document and the corpus lens: speakers carried on, corrections, speed."""
from __future__ import annotations

import re

import pandas as pd

import toolkit as tk
from toolkit.quotes.lens import document_quotes


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


def test_short_quoted_nicknames_are_not_quotes():
    assert document_quotes('President Joko "Jokowi" Widodo arrived.') == []


def test_no_quotes_gives_an_empty_table(make_corpus):
    table = tk.quotes(make_corpus("No quotes in this text at all."))
    assert table.empty
    tk.validate(table, "quotes")


def test_second_quote_in_a_paragraph_keeps_the_speaker(make_corpus):
    text = "“We will appeal the ruling,” said Sovann Rith. “The court was never independent of them.”"
    table = tk.quotes(make_corpus(text))
    assert table["speaker"].tolist() == ["Sovann Rith", "Sovann Rith"]
    assert table["cue"].iloc[1] == "(same speaker, same paragraph)"


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


def test_quotes_of_some_documents_are_those_rows_of_the_corpus_quotes(stories):
    whole = tk.quotes(stories, indirect=True)
    for doc_ids in (["deal"], ["vote", "talks"], "strike", []):
        wanted = [doc_ids] if isinstance(doc_ids, str) else doc_ids
        expected = whole[whole["doc_id"].isin(wanted)].reset_index(drop=True)
        got = tk.quotes(stories, indirect=True, doc_ids=doc_ids)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=not expected.empty)
