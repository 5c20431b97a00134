"""Keyword tables (toolkit.keywords): terms, scores, groups and references."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

import toolkit as tk
from toolkit.index import term_matrix
from toolkit.keywords import log_likelihood, log_ratio

kw = importlib.import_module("toolkit.keywords")  # the module: toolkit.keywords is also a function


def test_seed_keyness_top15_has_the_story(seed):
    table = tk.validate(tk.keywords(seed, method="keyness", top_n=15), "keywords")
    terms = set(table["term"])
    assert {"crackdown", "hun sen", "cambodia", "china"} <= terms
    assert terms & {"sokha", "kem sokha"}
    assert not terms & {"the", "said"}


@pytest.mark.parametrize("sections, at_least", [(None, 21), (("headline", "body"), 17)])
def test_seed_terms_that_outrank_opposition_under_any_keyness_score(seed, sections, at_least):
    """Why 'opposition' cannot reach the seed's keyness top 15: the terms that beat it on both inputs.

    A term with at least its count and at most its English frequency (one of them strictly)
    scores at least as high under G2, log ratio, simple maths or any score rising with the
    count and falling with the reference frequency; 21 such terms (17 without captions) put it
    22nd (18th) at best. The old criterion ("opposition" in the top 15) was dropped (issue 16).
    """
    corpus = seed if sections is None else seed.select(sections=sections)
    tm = term_matrix(corpus)
    shown = ~kw.hidden_columns(tm)
    count = np.asarray(tm.counts.sum(axis=0)).ravel()
    english = kw.english_frequency(tm)
    at = tm.column_of(["opposition"])["opposition"]
    dominating = (
        shown & (count >= 2) & (count >= count[at]) & (english <= english[at])
        & ((count > count[at]) | (english < english[at]))
    )
    names = {tm.term(c) for c in np.flatnonzero(dominating)}
    assert len(names) == at_least and {"strikes", "demonstrations", "obstacles", "closure", "regime"} <= names
    table = tk.keywords(corpus, method="keyness", top_n=len(count))
    assert table["term"].tolist().index("opposition") >= at_least  # and so it ranks, G2 included


SEED_NON_PHRASES = {"cambodia ahead", "crackdown in cambodia", "condemned the crackdown",
                    "support for cambodia", "meeting between wang"}


def test_seed_keyness_leaves_out_ngrams_that_are_no_phrase(seed):
    clean = set(tk.keywords(seed, method="keyness", top_n=40)["term"])
    everything = set(tk.keywords(seed, method="keyness", top_n=40, phrases="all")["term"])
    assert not clean & SEED_NON_PHRASES
    assert SEED_NON_PHRASES <= everything
    assert {"kem sokha", "hun sen", "prak sokhon", "united states"} <= clean
    # "condemned" only occurred inside "condemned the crackdown"; it comes back as a word.
    assert "condemned" in clean and "condemned" not in everything


def test_phrases_are_names_or_lower_case_expressions(make_corpus):
    corpus = make_corpus(
        "Human rights groups met. They said human rights matter. The Bank of America said human rights matter.",
        "Police said the Bank of America was closed. The police said human rights were ignored.",
        "The Bank of America said.",
    )
    terms = set(tk.keywords(corpus, method="frequency", top_n=50, min_count=1)["term"])
    everything = set(tk.keywords(corpus, method="frequency", top_n=50, min_count=1, phrases="all")["term"])
    # Sentence-initial "Human" does not make "human" part of a name.
    assert {"human rights", "bank of america"} <= terms
    # A name running into a common word is no term.
    assert "america said" in everything and "america said" not in terms


def test_names_cut_short_by_the_ngram_range_are_left_out(make_corpus, seed):
    corpus = make_corpus(
        "Prime Minister Hun Sen spoke. The Prime Minister left. Prime Minister Hun Sen returned.",
        "Reporters waited for Prime Minister Hun Sen. Hun Sen smiled.",
    )
    terms = set(tk.keywords(corpus, method="frequency", top_n=50, min_count=1)["term"])
    # Always followed by "sen": no name of its own. Names end with their head, so the tail stays.
    assert "prime minister hun" not in terms and "hun" not in terms
    assert {"minister hun sen", "hun sen", "prime minister"} <= terms
    longer = set(tk.keywords(corpus, method="frequency", top_n=50, min_count=1, ngram_range=(1, 4))["term"])
    assert "prime minister hun sen" in longer and "prime minister hun" not in longer
    assert "prime minister hun" not in set(tk.keywords(seed, top_n=40)["term"])
    assert "prime minister hun" in set(tk.keywords(seed, top_n=40, phrases="all")["term"])


@pytest.mark.parametrize("method", ["frequency", "tfidf", "keyness", "log_ratio"])
def test_a_corpus_without_terms_gives_an_empty_table(make_corpus, method):
    table = tk.keywords(make_corpus("The.", "It is."), method=method)
    assert table.empty and list(table.columns) == ["term", "score", "count", "doc_count", "n"]


def test_phrases_option_is_checked(seed):
    with pytest.raises(ValueError, match="phrases"):
        tk.keywords(seed, phrases="some")


def test_terms_neither_start_nor_end_with_stop_words_or_punctuation(news):
    counts = tk.term_counts(news, ngram_range=(1, 3), min_count=1)
    stops = tk.stopwords()
    for term in counts["term"]:
        words = term.split()
        assert words[0] not in stops and words[-1] not in stops, term
        assert all(any(ch.isalnum() for ch in w) for w in words), term
    assert "bank of america" in set(counts["term"])  # stop words may sit inside
    assert not any(t.startswith("the ") for t in counts["term"])


def test_ngrams_stay_inside_sentences(make_corpus):
    counts = tk.term_counts(make_corpus("Rain fell. Sun rose."), ngram_range=(2, 2), min_count=1)
    assert "fell sun" not in set(counts["term"])
    assert {"rain fell", "sun rose"} == set(counts["term"])


def test_names_stay_joined_and_their_parts_are_not_repeated(news):
    terms = tk.keywords(news, method="frequency", top_n=50)["term"].tolist()
    assert "kem sokha" in terms and "hun sen" in terms
    # "kem", "sen" and "hun" occur only inside the names, so they are left out.
    assert not {"kem", "hun", "sen"} & set(terms)
    # "america" occurs only in "bank of america"; "bank" also stands alone once.
    assert "america" not in terms
    assert "bank" in terms and "bank of america" in terms


def test_frequency_counts_and_doc_counts(news):
    table = tk.keywords(news, method="frequency", top_n=50, min_count=1).set_index("term")
    assert table.loc["opposition", "count"] == 2
    assert table.loc["opposition", "doc_count"] == 2
    assert table.loc["bank of america", "count"] == 2
    assert table["score"].is_monotonic_decreasing


def test_stopword_options(news):
    no_stops = tk.keywords(news, method="frequency", stopwords=False, top_n=5, ngram_range=(1, 1))
    assert no_stops["term"].iloc[0] == "the"
    custom = tk.keywords(news, method="frequency", stopwords=tk.stopwords(["opposition"]), top_n=50)
    assert "opposition" not in set(custom["term"])


def test_tfidf_prefers_terms_of_few_documents(news):
    table = tk.keywords(news, method="tfidf", top_n=50, min_count=1).set_index("term")
    assert table.loc["bank of america", "score"] > table.loc["opposition", "score"]


def test_by_month_and_by_column(news):
    by_month = tk.validate(tk.keywords(news, method="frequency", by="month", min_count=1), "keywords")
    assert list(by_month.columns[:2]) == ["month", "term"]
    assert set(by_month["month"]) == {"2017-08", "2017-09"}
    by_source = tk.keywords(news, method="frequency", by="source", min_count=1)
    assert set(by_source["source"]) == {"wire", "daily"}


def test_two_way_split_keyness_against_the_rest(news):
    split = tk.split_by_date(news, "2017-09-01")
    table = tk.keywords(news, method="keyness", by=split, min_count=1)
    assert set(table["group"]) == {"before", "after"}
    before = set(table.loc[table["group"] == "before", "term"])
    after = set(table.loc[table["group"] == "after", "term"])
    assert "kem sokha" in before and "kem sokha" not in after
    assert "bank of america" in after
    assert (table["score"] > 0).all()


def test_log_ratio_method(make_corpus):
    fruit = make_corpus(
        {"id": "x", "source": "x", "text": "Apples grow here. " * 20 + "Pears grow too."},
        {"id": "y", "source": "y", "text": "Pears grow here. " * 20 + "Apples grow too."},
    )
    table = tk.keywords(fruit, method="log_ratio", by="source", top_n=1, ngram_range=(1, 1))
    assert table.set_index("source")["term"].to_dict() == {"x": "apples", "y": "pears"}
    # 20 against 1 in groups of equal size: log2(20) by Hardie's formula.
    assert table["score"].tolist() == pytest.approx([np.log2(20)] * 2)


def test_keyness_needs_two_groups_for_rest(seed):
    with pytest.raises(ValueError, match="two groups"):
        tk.keywords(seed, method="keyness", by="month")


@pytest.mark.parametrize(
    "options, message",
    [
        ({"method": "magic"}, "method='magic'"),
        ({"by": "colour"}, "by='colour'"),
        ({"ngram_range": (3, 1)}, "ngram_range"),
        ({"reference": "french"}, "reference='french'"),
        ({"reference": "rest"}, "needs by="),
        ({"top_n": 0}, "top_n"),
        ({"stopwords": "the"}, "stopwords"),
    ],
)
def test_bad_options_name_the_bad_value(news, options, message):
    with pytest.raises(ValueError, match=message):
        tk.keywords(news, **options)


def test_empty_corpus_gives_empty_tables(make_corpus):
    corpus = make_corpus("Hello world.").select(doc_ids=[])
    tk.validate(tk.keywords(corpus), "keywords")
    assert tk.keywords(corpus).empty
    assert tk.collocations(corpus).empty
    tk.validate(tk.dispersion(corpus, ["hello"]), "dispersion")


def test_g2_and_log_ratio_match_hand_computed_values():
    # 10 of 1,000 tokens against 10 of 10,000: G² from Rayson & Garside's formula.
    a, b, c, d = 10, 10, 1_000, 10_000
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    expected = 2 * (a * np.log(a / e1) + b * np.log(b / e2))
    assert log_likelihood([a], [b], c, d)[0] == pytest.approx(expected)
    assert log_likelihood([b], [a], d, c)[0] == pytest.approx(-expected)
    assert log_ratio([a], [b], c, d)[0] == pytest.approx(np.log2(10))
    assert log_ratio([a], [0], c, d)[0] == pytest.approx(np.log2((10 / 1_000) / (0.5 / 10_000)))


def test_sentence_keywords_count_only_the_chosen_sentences(news):
    sents = news.sentences
    chosen = sents[sents["text"].str.contains("Hun Sen")][["doc_id", "sent_id"]]
    table = tk.sentence_keywords(news, chosen, min_count=1)
    assert table.iloc[0]["term"] == "hun sen"
    assert table.set_index("term").loc["hun sen", "count"] == 2
    assert "bank of america" not in set(table["term"])  # in other sentences only
    frequency = tk.sentence_keywords(news, chosen, method="frequency", min_count=1)
    assert frequency.set_index("term").loc["hun sen", "doc_count"] == 1


def test_sentence_keywords_against_the_rest_of_some_documents(news):
    sents = news.sentences
    chosen = sents[sents["doc_id"] == "b"][["doc_id", "sent_id"]].head(1)
    whole = tk.sentence_keywords(news, chosen, min_count=1)
    within = tk.sentence_keywords(news, chosen, within=["b"], min_count=1)
    assert set(within["term"]) <= set(whole["term"]) | set(within["term"])
    assert within.set_index("term").loc["hun sen", "score"] != whole.set_index("term").loc["hun sen", "score"]


def test_sentence_keywords_refuse_bad_input(news):
    with pytest.raises(ValueError, match="doc_id and sent_id"):
        tk.sentence_keywords(news, news.documents)
    with pytest.raises(ValueError, match="method"):
        tk.sentence_keywords(news, news.sentences, method="tfidf")
    assert tk.sentence_keywords(news, news.sentences.iloc[0:0]).empty
