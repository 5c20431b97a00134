"""The keywords explorer's state (toolkit.widgets.state.keywords) without widgets: the table for the settings,
the comparisons a corpus offers, its middle date, the stop words and the title."""
from __future__ import annotations

import pytest

from toolkit.widgets.state.keywords import KeywordsState, comparison_columns, middle_date


def test_state_computes_without_widgets(dated):
    state = KeywordsState(corpus=dated)
    assert state.split_date == "2017-08-25"  # the median date
    assert "kem sokha" in set(state.table()["term"])
    state.method = "frequency"
    state.ngram_range = (1, 1)
    assert set(state.table()["n"]) == {1}
    state.compare = "source"
    assert set(state.table()["source"]) == {"wire", "daily"}
    with pytest.raises(Exception, match="colour"):
        state.compare = "colour"
    state.extra_stopwords = "opposition, jail"
    state.compare = "none"
    assert "opposition" not in set(state.table()["term"])


def test_a_corpus_is_compared_by_metadata_that_varies_and_split_at_its_middle_date(dated, make_corpus):
    assert comparison_columns(dated) == ["source"]  # ids, dates and texts differ everywhere: no groups
    assert middle_date(dated) == "2017-08-25"
    undated = make_corpus("No date here.", "Nor here.")
    assert middle_date(undated) == "" and comparison_columns(undated) == []
    state = KeywordsState(corpus=undated, compare="date")
    with pytest.raises(ValueError, match="no dated documents"):
        state.by()


def test_stop_words_are_the_toolkits_plus_the_users_or_none(dated):
    state = KeywordsState(corpus=dated)
    assert state.stopword_setting() is True  # the toolkit's list, as the keyword tables take it
    state.extra_stopwords = "Jail, court"
    words = state.stopword_setting()
    assert {"jail", "court", "the"} <= words
    state.remove_stopwords = False
    assert state.stopword_setting() is False


def test_the_title_names_the_method_and_the_comparison(dated):
    state = KeywordsState(corpus=dated)
    assert state.title() == "Keywords by keyness (G²): records"
    state.method, state.compare = "tfidf", "date"
    assert state.title() == "Keywords by TF-IDF: records, before vs after 2017-08-25"
    state.compare = "source"
    assert state.title().endswith(", by source")
