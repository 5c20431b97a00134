"""Helpers shared by the tests of the derived arrays: a small cached news folder, comparisons, call counters.

Not a test module: imported by ``test_corpus_arrays`` and ``test_index_*``.
"""
from __future__ import annotations

import dataclasses
import importlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import toolkit as tk


# The package re-exports functions named like this module: fetch the module itself.
kw = importlib.import_module("toolkit.keywords")


STORIES = {
    "a.txt": "Kem Sokha Arrested\n\nKem Sokha was arrested in Phnom Penh. The opposition condemned the arrest "
             "of Kem Sokha. Hun Sen said the Bank of America had nothing to do with it.",
    "b.txt": "Hun Sen Praises Court\n\nHun Sen praised the court. Hun Sen said the opposition plotted with the "
             "U.S. government. The Cambodia Daily closed. Kem Sokha stays in prison.",
    "c.txt": "Bank Profits Rise\n\nThe Bank of America reported profits. Bank of America shares rose, the bank "
             "said. Analysts said human rights groups were not consulted. Human rights matter.",
    "d.txt": "Talks In Phnom Penh\n\nDiplomats met in Phnom Penh. They said Kem Sokha should be freed. "
             "The Cambodia Daily reported the talks. Hun Sen's party refused.",
}


METADATA = (
    "file,published,source\n"
    "a.txt,2017-09-03,wire\nb.txt,2017-09-04,daily\nc.txt,2017-10-01,wire\nd.txt,2017-10-02,daily\n"
)


@pytest.fixture
def folder(tmp_path) -> Path:
    src = tmp_path / "news"
    src.mkdir()
    for name, text in STORIES.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "metadata.csv").write_text(METADATA, encoding="utf-8")
    return src


def load(src, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.corpus.CorpusWarning)
        return tk.load_corpus(src, progress=False, **options)


def tables(corpus) -> list[pd.DataFrame]:
    """Every kind of table that reads the index or the counts."""
    split = tk.split_by_date(corpus, "2017-09-15")
    out = [tk.keywords(corpus, method=m, top_n=30, min_count=1) for m in kw.METHODS]
    out += [
        tk.keywords(corpus, by="source", top_n=10, min_count=1),
        tk.keywords(corpus, method="log_ratio", by=split, min_count=1),
        tk.keywords(corpus, ngram_range=(1, 2), stopwords=False, min_count=1),
        tk.term_counts(corpus),
        tk.kwic(corpus, "Kem Sokha"),
        tk.dispersion(corpus, ["hun sen", "bank"]),
        tk.term_trends(corpus, ["opposition"]),
        tk.collocations(corpus, min_count=1),
    ]
    return out


def assert_same_tables(got, expected) -> None:
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        pd.testing.assert_frame_equal(g, e, check_exact=True)


def assert_same_fields(got, expected) -> None:
    """Every public field equal in value and type (sparse matrices entry by entry)."""
    for f in dataclasses.fields(expected):
        if f.name.startswith("_") or f.name == "tokens":
            continue
        a, b = getattr(got, f.name), getattr(expected, f.name)
        if sp.issparse(b):
            assert type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype, f.name
            assert (a != b).nnz == 0, f.name
        else:
            assert a.dtype == b.dtype and a.shape == b.shape, f.name
            assert np.array_equal(a, b), f.name


def stored(corpus, kind: str) -> list[Path]:
    return sorted(Path(corpus.derived_dir).glob(f"{kind}-*.arrays"))


class Counter:
    """Wraps a builder and counts its calls."""

    def __init__(self, monkeypatch, module, name):
        self.calls, real = 0, getattr(module, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


# --- counts reused: a narrower n-gram range, and sections counted on the corpus's terms ---

CAPTIONED = [
    "Kem Sokha Arrested\n\nPhoto: Kem Sokha in Phnom Penh, before the arrest.\n\nKem Sokha was arrested in "
    "Phnom Penh. The opposition condemned the arrest of Kem Sokha. Hun Sen spoke ahead of the vote.",
    "Court Rules\n\nHun Sen praised the court. The Bank of America said nothing. Hun Sen said the "
    "opposition plotted.\n\nFILE - Hun Sen and Heng Samrin at the Bank of America meeting ahead of talks.",
    "Talks\n\nDiplomats met ahead of the talks. Human rights groups said Kem Sokha should be freed.",
]


def captioned(make_corpus, texts=CAPTIONED):
    return make_corpus(*[{"id": f"d{i}", "text": t, "published": f"2017-09-0{i + 1}"} for i, t in enumerate(texts)])
