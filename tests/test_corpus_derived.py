"""What a corpus derives from its tables (toolkit.corpus.derived) is kept by that corpus, and by nothing else."""
from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import weakref

import toolkit
from toolkit.index import section_view, term_matrix, token_index
from toolkit.corpus.derived import TERM_MATRICES_KEPT


def test_a_corpus_keeps_its_index_and_a_new_corpus_object_starts_empty(news):
    index = token_index(news)
    assert token_index(news) is index
    again = dataclasses.replace(news)  # the same tables, as a new session would load them
    assert token_index(again) is not index
    selected = news.select(sources=["daily"])
    assert token_index(selected) is not index and len(token_index(selected).doc_ids) == 2


def test_the_latest_term_matrices_and_section_views_are_kept(news):
    first = term_matrix(news, ngram_range=(1, 1))
    assert term_matrix(news, ngram_range=(1, 1)) is first
    for hi in range(2, 2 + TERM_MATRICES_KEPT):
        term_matrix(news, ngram_range=(1, hi))
    assert term_matrix(news, ngram_range=(1, 1)) is not first  # the oldest went
    view = section_view(news, ("body",))
    assert section_view(news, ("body",)) is view and section_view(news, ("headline",)) is not view


def test_no_module_holds_a_cache_of_corpora():
    found = []
    for info in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        if info.name.endswith("__main__"):  # runs the command line when imported
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            keyed = isinstance(value, (dict, weakref.WeakKeyDictionary, weakref.WeakValueDictionary))
            if keyed and "cache" in name.lower() or isinstance(value, weakref.WeakKeyDictionary):
                found.append(f"{info.name}.{name}")
    assert found == []
