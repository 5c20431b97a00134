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


# ---- the annotation pass and its store (test_annotate, test_annotate_store, test_annotate_document)

# Four short stories by id: names, places, dates and quotes.
ANNOTATION_STORIES = {
    "a": "Kem Sokha was arrested in Phnom Penh on Sunday. “We will fight on,” Kem Sokha said.",
    "b": "Prime Minister Hun Sen praised China on Monday. Hun Sen said Beijing supports Cambodia.",
    "c": "The United Nations condemned the arrest of Kem Sokha. The UN met in Geneva last week.",
    "d": "Angela Merkel visited Paris. “Europe stands together,” Merkel told reporters in France.",
}

# How each stored table is sorted within a document before two stores are compared.
_STORED_ORDER = {"term_counts": ["term"], "relations": ["source_start", "target_start", "verb"],
                 "quotes": ["start", "kind"], "events": ["start", "predicate"]}


@pytest.fixture
def annotation_stories():
    """ANNOTATION_STORIES, ``{doc_id: text}`` (a copy: tests may change it)."""
    return dict(ANNOTATION_STORIES)


@pytest.fixture
def annotation_corpus():
    """Build a corpus of some ANNOTATION_STORIES cached in ``folder``: ``annotation_corpus(tmp_path, ids=("a",))``.

    ``texts`` replaces or adds stories by id; other options go to ``tk.load_corpus``.
    """

    def build(folder, ids=("a", "b", "c"), texts=None, **options):
        texts = {**ANNOTATION_STORIES, **(texts or {})}
        records = [{"id": i, "text": texts[i], "published": "2017-09-08"} for i in ids]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", tk.corpus.CorpusWarning)
            return tk.load_corpus(records, cache_dir=folder, **options)

    return build


@pytest.fixture
def stored_tables():
    """Annotate a corpus and read back every stored table, sorted: ``stored_tables(corpus) -> {table: frame}``."""
    from toolkit.annotate import stored_rows
    from toolkit.annotate.document import STORED_TABLES

    def read(corpus) -> dict:
        tk.annotate(corpus, progress=False)
        tables = {t: stored_rows(corpus, t).sort_values(["doc_id", *_STORED_ORDER.get(t, ["start"])], kind="stable")
                  .reset_index(drop=True) for t in STORED_TABLES}
        assert not tables["entities"].empty and not tables["tags"].empty
        return tables

    return read


@pytest.fixture
def assert_same_stored_tables():
    """Assert that two ``stored_tables`` results hold the same rows, table by table."""
    import pandas as pd

    from toolkit.annotate.document import STORED_TABLES

    def compare(left: dict, right: dict) -> None:
        for name in STORED_TABLES:
            pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False, obj=name)

    return compare


# ---- loading (test_corpus_loading, test_corpus_readers)


@pytest.fixture
def load_quiet():
    """``load_quiet(src, **options) -> (corpus, CorpusWarnings raised)``, nothing shown."""

    def load(src, **kw):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = tk.load_corpus(src, **kw)
        return corpus, [w for w in caught if issubclass(w.category, tk.corpus.CorpusWarning)]

    return load


# ---- the explorers and their states (test_widgets_<name>, test_widgets_state_<name>)


@pytest.fixture
def dictionary_path(tmp_path):
    """A copy of the bundled actor dictionary that a test may edit and save."""
    import shutil

    path = tmp_path / "actors.yml"
    shutil.copy(tk.aliases.DEFAULT_PATH, path)
    return path


# Three dated stories from two sources, for the keywords explorer and its state.
DATED = [
    {"id": "a", "published": "2017-08-20", "source": "wire",
     "text": "Kem Sokha was arrested. The opposition condemned the arrest of Kem Sokha."},
    {"id": "b", "published": "2017-08-25", "source": "wire",
     "text": "Kem Sokha stayed in jail. The opposition protested for Kem Sokha."},
    {"id": "c", "published": "2017-09-10", "source": "daily",
     "text": "Hun Sen praised the court. Hun Sen said the opposition plotted. Hun Sen spoke."},
]


@pytest.fixture
def dated(make_corpus):
    return make_corpus(*DATED)


# Two stories with absolute, relative and vague expressions, for the timeline explorer and its state.
TIMELINE_RECORDS = [
    {"id": "raid", "published": "2017-09-08", "title": "Raid",
     "text": "Police raid\n\nOpposition leader Kem Sokha was arrested on Sunday. Protests were crushed in "
             "January 2014. Officials met several years ago."},
    {"id": "vote", "published": "2018-03-01", "title": "Vote",
     "text": "Vote ahead\n\nVoters in Phnom Penh will go to the polls next year. Hun Sen spoke on Thursday."},
]


@pytest.fixture(scope="module")
def timeline_corpus():
    """TIMELINE_RECORDS, loaded once per test module."""
    return tk.load_corpus(TIMELINE_RECORDS, cache=False)
