"""Sentences rebuilt from the stored parse (toolkit.annotate.parses): words, spaces, heads and lemmas as stored,
no model loaded, and only the sentences the annotation pass parsed."""
from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from toolkit.annotate.parses import doc_from_rows, parsed_sentences


def _rows(text: str, words: list[str], **columns) -> pd.DataFrame:
    """Parse rows of ``words`` found in ``text`` in order; one-word defaults for the other columns."""
    starts, at = [], 0
    for w in words:
        at = text.index(w, at)
        starts.append(at)
        at += len(w)
    n = len(words)
    ends = [s + len(w) for s, w in zip(starts, words)]
    defaults = {"i": range(n), "start": starts, "end": ends, "space": [e < len(text) and text[e] == " " for e in ends],
                "tag": ["NN"] * n, "pos": ["NOUN"] * n, "dep": ["ROOT"] + ["dep"] * (n - 1), "head": [0] * n,
                "lemma": [w.lower() for w in words]}
    return pd.DataFrame({**defaults, **columns})


def test_a_sentence_is_rebuilt_from_its_rows_in_token_order():
    text = "Police said: Storms closed roads."
    rows = _rows(text, ["Storms", "closed", "roads", "."], tag=["NNS", "VBD", "NNS", "."],
                 pos=["NOUN", "VERB", "NOUN", "PUNCT"], dep=["nsubj", "ROOT", "dobj", "punct"], head=[1, 1, 1, 1],
                 lemma=["storm", "close", "road", "."])
    doc = doc_from_rows(text, rows.iloc[[2, 0, 3, 1]])  # stored order is no token order
    assert doc.text == "Storms closed roads."
    assert [t.lemma_ for t in doc] == ["storm", "close", "road", "."]
    assert [(t.dep_, t.head.i) for t in doc] == [("nsubj", 1), ("ROOT", 1), ("dobj", 1), ("punct", 1)]
    assert [t.pos_ for t in doc] == ["NOUN", "VERB", "NOUN", "PUNCT"] and doc[0].tag_ == "NNS"


@given(st.lists(st.text(alphabet="abcXYZ", min_size=1, max_size=6), min_size=1, max_size=12))
def test_a_rebuilt_sentence_reads_as_its_words_joined_by_their_spaces(words):
    text = "Intro " + " ".join(words)
    doc = doc_from_rows(text, _rows(text, words))
    assert [t.text for t in doc] == words and doc.text == " ".join(words)


def test_only_the_sentences_parsed_when_annotated_come_back_with_their_text(stories):
    # In "vote", the headline and the first two body sentences are parsed (key-term candidates);
    # sentence 3 is neither dated nor a relation between two actors.
    found = parsed_sentences(stories, {("vote", 1), ("vote", 3), ("nowhere", 0)})
    assert list(found) == [("vote", 1)]
    sentence = found[("vote", 1)]
    assert sentence.text == "The parliament in Lisbon passed the budget on Monday."
    root = next(t for t in sentence if t.dep_ == "ROOT")
    assert (root.text, root.lemma_) == ("passed", "pass")
    assert parsed_sentences(stories, set()) == {}
