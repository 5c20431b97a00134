"""Per-document key terms: noun-phrase candidates, the stored graph scores and the corpus-wide reduce."""
from __future__ import annotations

import importlib

import pandas as pd
import pytest

import toolkit as tk
from toolkit.annotate import stored_rows
from toolkit.keyterms import document_candidates, noun_phrases, pos_tags, rank_candidates

kt = importlib.import_module("toolkit.keyterms")  # the module: toolkit.keyterms is also the function

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

FLOODS = ("Flood barriers failed in Venice. Engineers blamed the flood barriers for the damage. "
          "Tourists watched. The mayor promised new flood barriers. A gondola sank near a café.")


def _phrases(tags: pd.DataFrame) -> set[str]:
    return {
        "".join(tags["text"].iat[k].lower() + ("" if tags["joined"].iat[k] or k == last else " ")
                for k in range(first, last + 1))
        for first, last in noun_phrases(tags)
    }


def _holds(phrase: str, word: str) -> bool:
    return phrase != word and f" {word} " in f" {phrase} "


def test_seed_key_terms_read_as_phrases(seed):
    table = tk.validate(tk.keyterms(seed, top_n=10), "keyterms")
    assert table["rank"].tolist() == list(range(1, 11))
    assert table["score"].is_monotonic_decreasing
    terms = table["term"].tolist()
    assert {"crackdown", "kem sokha"} <= set(terms)
    assert any("hun sen" in t for t in terms)
    assert not set(terms) & {"the", "said", "he", "sokha", "thursday", "2014"}
    assert not [(a, b) for a in terms for b in terms if _holds(a, b)]  # no phrase beside its own words


def test_noun_phrases_keep_names_and_hyphenated_words(make_corpus):
    tags = pos_tags(make_corpus("Police held Kem Sokha after a pre-dawn raid on his quiet house."))
    phrases = _phrases(tags)
    assert {"kem sokha", "pre-dawn raid", "quiet house"} <= phrases
    assert not any(p.split()[0] in tk.stopwords() for p in phrases)


def test_numbers_and_dates_stand_only_inside_a_phrase(make_corpus, monkeypatch):
    monkeypatch.setenv("NEWSLENS_PARSE", "all")
    corpus = make_corpus("The 1990 census counted 250 people on Monday. Apollo 11 landed in 1969. "
                         "The census bureau reported on Monday.")
    phrases = _phrases(pos_tags(corpus))
    assert "1990 census" in phrases
    assert not phrases & {"250", "monday", "1969", "11"}
    terms = set(tk.keyterms(corpus, top_n=20)["term"])
    assert not terms & {"250", "monday", "1969", "11"}
    assert all(any(ch.isalpha() for ch in t) for t in terms)


def test_early_and_frequent_phrases_rank_first_and_hold_their_words(make_corpus, monkeypatch):
    monkeypatch.setenv("NEWSLENS_PARSE", "all")  # the ranking, with every sentence tagged
    terms = tk.keyterms(make_corpus(FLOODS), top_n=10)["term"].tolist()
    assert terms[0] == "flood barriers"
    assert not {"flood", "barriers"} & set(terms)  # as salient as its words: the phrase alone is listed
    assert terms.index("flood barriers") < terms.index("gondola")


def test_a_phrase_and_its_word_keep_the_more_salient_one():
    candidates = pd.DataFrame({
        "doc_id": "d", "phrase": ["raid", "pre-dawn raid", "court", "supreme court", "police", "sokha", "kem sokha"],
        "stem": ["raid", "pre-dawn raid", "court", "suprem court", "polic", "sokha", "kem sokha"],
        "count": [6, 1, 2, 2, 1, 3, 2], "first": [3, 3, 9, 8, 0, 20, 12],
        "score": [0.1, 0.1, 0.1, 0.1, 0.05, 0.01, 0.01], "name": [False] * 5 + [True, True],
        "id": range(7), "holds": [0, 1 << 0, 0, 1 << 2, 0, 0, 1 << 5],
    })
    terms = rank_candidates(candidates, top_n=7)["term"].tolist()
    # "raid" occurs outside its phrase (6 against 1 occurrence); "court" only inside "supreme court";
    # a name holds its last name when it occurs at least half as often.
    assert terms == ["raid", "supreme court", "police", "kem sokha"]
    assert "sokha" in rank_candidates(candidates, top_n=7, name_salience=1.0)["term"].tolist()


def test_words_common_to_the_corpus_go_down(make_corpus, monkeypatch):
    monkeypatch.setenv("NEWSLENS_PARSE", "all")
    boiler = "Weather report. "
    stories = [boiler + "Storm damage closed the harbour.", boiler + "Farmers praised the harvest festival.",
               boiler + "The museum reopened its gallery."]
    alone = tk.keyterms(make_corpus(stories[0]), top_n=10)
    many = tk.keyterms(make_corpus(*stories), top_n=10)
    first = many[many["doc_id"] == "d0"]
    assert alone["term"].iloc[0] == "weather report"
    assert first["term"].iloc[0] != "weather report"
    assert first["term"].tolist().index("weather report") > alone["term"].tolist().index("weather report")


def test_candidates_are_stored_by_the_annotation_pass_and_pure(make_corpus):
    corpus = tk.annotate(make_corpus(FLOODS, "Police held Kem Sokha after a pre-dawn raid."), progress=False)
    stored = stored_rows(corpus, "keyterm_candidates")
    assert set(stored["doc_id"]) == {"d0", "d1"}
    tags = pos_tags(corpus)
    again = kt.candidates_from_tags(tags)
    columns = ["doc_id", "id", "phrase", "stem", "n_words", "count", "first", "start", "score", "name", "holds"]
    def tidy(frame):
        return frame[columns].sort_values(["doc_id", "start", "stem"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(tidy(stored), tidy(again), check_dtype=False)
    row = stored.set_index("phrase").loc["kem sokha"]
    assert bool(row["name"]) and row["n_words"] == 2 and row["count"] == 1
    d1 = stored[stored["doc_id"] == "d1"].set_index("id")
    held = {d1.loc[k, "phrase"] for k in range(64) if int(d1.set_index("phrase").loc["pre-dawn raid", "holds"]) >> k & 1}
    assert held == {"raid"}
    text = corpus.documents.set_index("doc_id").loc["d1", "text"]
    assert text[row["start"]:row["start"] + 9] == "Kem Sokha"
    assert document_candidates({c: [] for c in tags.columns}) == {c: [] for c in columns[1:]}


def test_sections_are_respected(make_corpus):
    corpus = make_corpus({"id": "a", "text": "Harbour strike ends\n\nDock workers ended the harbour strike on Monday."})
    body_only = corpus.select(sections=("body",))
    assert "harbour strike" in set(tk.keyterms(body_only, top_n=5)["term"])
    assert "ends" not in set(tk.keyterms(body_only, top_n=5)["term"])
    tags = pos_tags(body_only)
    assert set(tags["sent_id"]) == set(body_only.sentences["sent_id"])


def test_empty_and_bad_input(make_corpus):
    empty_corpus = make_corpus("Hello.").select(doc_ids=[])
    tk.validate(tk.keyterms(empty_corpus), "keyterms")
    assert tk.keyterms(empty_corpus).empty
    with pytest.raises(ValueError, match="top_n"):
        tk.keyterms(empty_corpus, top_n=0)


def test_words_of_sentences_left_untagged_take_their_documents_tags(make_corpus):
    """By default only the sentences a lens reads are parsed (README): the lead among them."""
    tags = pos_tags(make_corpus(FLOODS))
    last = tags[tags["sent_id"] == tags["sent_id"].max()]
    assert set(last.loc[last["lower"] == "gondola", "pos"]) == {""}  # never seen tagged: no candidate
    promised = tags[tags["sent_id"] == 3]
    assert set(promised.loc[promised["lower"] == "barriers", "pos"]) == {"NOUN"}  # tagged in the lead
    assert tk.keyterms(make_corpus(FLOODS))["term"].iloc[0] == "flood barriers"
