"""Shared fixtures. Tests never write into the project's own cache or exports folders."""
from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="newslens-tests-"))
os.environ.setdefault("NEWSLENS_CACHE", str(_TMP / "cache"))
os.environ.setdefault("NEWSLENS_EXPORTS", str(_TMP / "exports"))

import toolkit as tk  # noqa: E402  (after the environment above)

SEED_ID = "000_7f0e12e3122e4f90"


@pytest.fixture(scope="session")
def seed():
    """The bundled seed corpus (one article), loaded once without the cache."""
    return tk.load_corpus(cache=False)


@pytest.fixture
def make_corpus():
    """Build a small corpus from records: ``make_corpus("text one", {"id": "b", "text": ...})``."""

    def build(*records, **options):
        rows = [{"id": f"d{i}", "text": r} if isinstance(r, str) else r for i, r in enumerate(records)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", tk.corpus.CorpusWarning)
            return tk.load_corpus(rows, cache=False, **options)

    return build


# Three short stories in two sources and two months, for the keyword-lens tests.
NEWS = [
    {"id": "a", "published": "2017-08-20", "source": "wire",
     "text": "Kem Sokha was arrested. The opposition condemned the arrest of Kem Sokha."},
    {"id": "b", "published": "2017-09-03", "source": "daily",
     "text": "Hun Sen praised the court. Hun Sen said the opposition plotted with the U.S. government."},
    {"id": "c", "published": "2017-09-10", "source": "daily",
     "text": "The Bank of America reported profits. Bank of America shares rose, the bank said."},
]


@pytest.fixture
def news(make_corpus):
    return make_corpus(*NEWS)


# Two dated stories from one source and another without one, and an undated note: for the overview tests.
RECORDS = [
    {"id": "b", "title": "Storm hits coast", "published": "2020-03-02", "source": "Daily",
     "text": "Storm hits coast\n\nThe storm hit the coast on Monday. Roads closed."},
    {"id": "a", "title": "Storm passes", "published": "2020-04-10", "source": "",
     "text": "Storm passes\n\nThe storm passed. Schools reopened. Power is back."},
    {"id": "c", "title": "Undated note", "text": "Undated note\n\nA short note."},
]


@pytest.fixture(scope="module")
def corpus():
    """The overview's three RECORDS, loaded once per test module."""
    return tk.load_corpus(RECORDS, cache=False)


# Four short stories, two sources, three months; quotes, dates and named people in each.
STORIES = [
    {"id": "vote", "title": "Parliament passes budget", "published": "2021-01-12", "source": "wire",
     "text": "Parliament passes budget\n\nThe parliament in Lisbon passed the budget on Monday. "
             "\"This budget protects families,\" said Maria Costa, the finance minister. "
             "The opposition leader Jorge Silva condemned the vote."},
    {"id": "strike", "title": "Dockers strike in Porto", "published": "2021-02-03", "source": "daily",
     "text": "Dockers strike in Porto\n\nDockers in Porto went on strike on Tuesday. "
             "Jorge Silva said the government had ignored the workers. "
             "The strike will last until March 1, the union said."},
    {"id": "talks", "title": "", "published": "2021-02-20", "source": "wire",
     "text": "Talks resumed in Lisbon between the union and the government on Friday. "
             "\"We want a fair deal,\" said Ana Reis, who leads the union. Maria Costa joined the talks."},
    {"id": "deal", "title": "Deal ends strike", "published": "2021-03-15", "source": "daily",
     "text": "Deal ends strike\n\nThe union and the government signed a deal in Lisbon on Sunday. "
             "Maria Costa praised the union. \"It is a good day for Porto,\" Ana Reis said. <script>alert(1)</script>"},
]


@pytest.fixture(scope="session")
def stories():
    """STORIES loaded and annotated once, for the workspace tests."""
    corpus = tk.load_corpus(STORIES, cache=False)
    tk.annotate(corpus, progress=False)
    return corpus
