"""Per-document key terms: noun-phrase candidates and the position-biased graph ranking."""
from __future__ import annotations

import pytest

import toolkit as tk
from toolkit.keyterms import keyterms, noun_phrases, pos_tags

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def seed_tags(seed):
    return pos_tags(seed)


def test_seed_key_terms(seed, seed_tags):
    table = tk.validate(keyterms(seed, top_n=10, tags=seed_tags), "keyterms")
    assert table["rank"].tolist() == list(range(1, 11))
    assert table["score"].is_monotonic_decreasing
    terms = set(table["term"])
    assert {"cambodia", "china", "crackdown", "kem sokha"} <= terms
    assert not terms & {"the", "said", "he"}


def test_noun_phrases_keep_names_and_hyphenated_words(make_corpus):
    corpus = make_corpus("Police held Kem Sokha after a pre-dawn raid on his quiet house.")
    tags = pos_tags(corpus)
    phrases = {
        "".join(tags["text"].iat[k].lower() + ("" if tags["joined"].iat[k] or k == last else " ")
                for k in range(first, last + 1))
        for first, last in noun_phrases(tags)
    }
    assert {"kem sokha", "pre-dawn raid", "quiet house"} <= phrases
    assert not any(p.split()[0] in tk.stopwords() for p in phrases)


def test_early_and_frequent_phrases_rank_first(make_corpus, monkeypatch):
    monkeypatch.setenv("NEWSLENS_PARSE", "all")  # the ranking, with every sentence tagged
    text = (
        "Flood barriers failed in Venice. Engineers blamed the flood barriers for the damage. "
        "Tourists watched. The mayor promised new flood barriers. A gondola sank near a café."
    )
    terms = keyterms(make_corpus(text), top_n=10)["term"].tolist()
    # The repeated, early phrase and its nouns lead; a word seen once at the end trails.
    assert set(terms[:3]) == {"flood barriers", "flood", "barriers"}
    assert terms.index("flood barriers") < terms.index("gondola")


def test_sections_are_respected(make_corpus):
    corpus = make_corpus({"id": "a", "text": "Harbour strike ends\n\nDock workers ended the harbour strike on Monday."})
    body_only = corpus.select(sections=("body",))
    assert "harbour strike" in set(keyterms(body_only, top_n=5)["term"])
    tags = pos_tags(body_only)
    assert set(tags["sent_id"]) == set(body_only.sentences["sent_id"])


def test_empty_and_bad_input(make_corpus):
    empty_corpus = make_corpus("Hello.").select(doc_ids=[])
    tk.validate(keyterms(empty_corpus), "keyterms")
    assert keyterms(empty_corpus).empty
    with pytest.raises(ValueError, match="top_n"):
        keyterms(empty_corpus, top_n=0)
    with pytest.raises(ValueError, match="window"):
        keyterms(empty_corpus, window=1)


def test_words_of_sentences_left_untagged_take_their_documents_tags(make_corpus):
    """By default only the sentences a lens reads are parsed (README): the lead among them."""
    text = ("Flood barriers failed in Venice. Engineers blamed the flood barriers for the damage. "
            "Tourists watched. The mayor promised new flood barriers. A gondola sank near a café.")
    tags = pos_tags(make_corpus(text))
    last = tags[tags["sent_id"] == tags["sent_id"].max()]
    assert set(last.loc[last["lower"] == "gondola", "pos"]) == {""}  # never seen tagged: no candidate
    promised = tags[tags["sent_id"] == 3]
    assert set(promised.loc[promised["lower"] == "barriers", "pos"]) == {"NOUN"}  # tagged in the lead
    assert tk.keyterms(make_corpus(text))["term"].iloc[0] == "flood barriers"
