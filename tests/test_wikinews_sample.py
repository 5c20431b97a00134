"""The bundled Wikinews sample: well-formed metadata, attribution, loads cleanly; the detokenizer."""
from __future__ import annotations

import importlib.util
import sys

import pandas as pd
import pytest

import toolkit as tk
from toolkit import config

SAMPLE = config.SAMPLES_DIR / "wikinews"
BUILD = config.PROJECT_ROOT / "bench" / "build_wikinews_sample.py"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_wikinews_sample", BUILD)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("tokens", "prose"),
    [
        ("Shares fell 12 % to US$ 3.5 billion ( # 2 billion ) .", "Shares fell 12% to US$3.5 billion (£2 billion)."),
        ("`` We wo n't sell , '' she said .", '"We won\'t sell," she said.'),
        ("The bank 's chief said it was -- and is -- urgent .", "The bank's chief said it was – and is – urgent."),
        ("Flights took 30 -- 40 minutes over the lake ] .", "Flights took 30–40 minutes over the lake."),
        ("Staff call it ` the box ' .", "Staff call it ‘the box’."),
        ("It won a £ 13 billion deal .", "It won a £13 billion deal."),
        ("I' m sure the unions ' plan works .", "I'm sure the unions' plan works."),
    ],
)
def test_detokenize(build, tokens, prose):
    assert build.detokenize(tokens.split()) == prose


@pytest.mark.parametrize(
    ("value", "dateline", "iso"),
    [("2008-03-01", "March 01, 2008", "2008-03-01"), ("03-02-2009", "February 03, 2009", "2009-02-03"),
     ("03-02-2009", "", "2009-02-03")],
)
def test_iso_date(build, value, dateline, iso):
    assert build.iso_date(value, dateline=dateline) == iso


def test_iso_date_refuses_other_shapes(build):
    with pytest.raises(ValueError, match="'2009/02/03'"):
        build.iso_date("2009/02/03")


def test_metadata_and_files_agree():
    meta = pd.read_csv(SAMPLE / "metadata.csv", keep_default_na=False)
    assert list(meta.columns) == ["file", "title", "published", "source", "url"]
    assert sorted(meta["file"]) == sorted(p.name for p in SAMPLE.glob("*.txt"))
    assert pd.to_datetime(meta["published"], format="%Y-%m-%d").notna().all()
    assert (meta["source"] == "Wikinews").all() and meta["url"].str.startswith("http://en.wikinews.org/wiki/").all()
    for row in meta.itertuples():
        assert (SAMPLE / row.file).read_text(encoding="utf-8").split("\n\n")[0] == row.title


def test_readme_carries_the_attribution():
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "CC BY 3.0" in readme and "creativecommons.org/licenses/by/3.0" in readme and "Wikinews" in readme


def test_sample_loads_without_problems():
    corpus = tk.load_corpus(SAMPLE, cache=False)
    docs = corpus.documents
    assert len(docs) == 90 and corpus.skipped.empty
    assert docs["published"].notna().all() and (docs["source"] == "Wikinews").all()
    assert (corpus.sentences.groupby("doc_id")["section"].first() == "headline").all()
    tk.validate(docs, "documents")
