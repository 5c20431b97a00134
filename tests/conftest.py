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
