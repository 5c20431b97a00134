"""Loading (toolkit.corpus.loading): the seed, sources, metadata, clean-up, bad input, progress, parallel and
large loads. How one file or record is read is tested in test_corpus_readers."""
from __future__ import annotations

import json
import os

import pandas as pd
import pytest

import toolkit as tk
from toolkit.corpus import loading

SEED_TITLE = "China Announces Support for Cambodia’s Crackdown"


# ---------------------------------------------------------------- the seed


def test_seed_document_and_metadata(seed):
    docs = seed.documents
    assert len(docs) == 1
    row = docs.iloc[0]
    assert row.doc_id == "000_7f0e12e3122e4f90"
    assert row.title == SEED_TITLE
    assert row.published == pd.Timestamp("2017-09-08")
    assert row.source == "" and row.url == ""
    assert 20 <= row.n_sentences <= 28
    assert row.text.startswith(SEED_TITLE)  # boilerplate lines dropped
    assert "Accessibility links" not in row.text and "Breaking News" not in row.text


def test_seed_sections(seed):
    sents = seed.sentences
    assert sents.loc[sents.section == "headline", "text"].tolist() == [SEED_TITLE]
    captions = sents[sents.section == "caption"]
    assert captions["text"].str.contains("Xi Jinping").any()
    assert captions["text"].str.contains("AP Photo/Ng Han Guan").any()
    assert not captions["text"].str.contains("Kem Sokha").any()
    assert set(sents.section) == {"headline", "caption", "body"}


def test_seed_file_is_unchanged():
    shipped = tk.config.SEEDS_DIR / "000_7f0e12e3122e4f90.txt"
    original = tk.config.PROJECT_ROOT.parent / "shared" / "seeds" / "000_7f0e12e3122e4f90.txt"
    if not original.exists():
        pytest.skip("shared/seeds not beside the checkout")
    assert shipped.read_bytes() == original.read_bytes()


def test_default_corpus_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(tk.load_corpus(cache=False)) == 1


@pytest.mark.parametrize("table", ["documents", "sentences", "tokens", "skipped"])
def test_tables_match_schemas(seed, table):
    tk.validate(getattr(seed, table), table)


def test_offsets_point_into_document_text(seed):
    text = seed.documents.set_index("doc_id")["text"]
    for frame in (seed.sentences, seed.tokens):
        for row in frame.itertuples():
            assert text[row.doc_id][row.start:row.end] == row.text


# ---------------------------------------------------------------- sources


def test_records_keep_text_verbatim_and_extra_keys(make_corpus):
    text = "Breaking News\r\n\r\nCafe\u0301 owners met on Monday.  Extra  spaces stay."
    corpus = make_corpus({"id": 7, "text": text, "title": "T", "published": "2020-01-02", "topic": "food"})
    row = corpus.documents.iloc[0]
    assert row.doc_id == "7"
    assert row.text == "Breaking News\n\nCafé owners met on Monday.  Extra  spaces stay."
    assert row.topic == "food" and row.published == pd.Timestamp("2020-01-02")


def test_records_without_id_get_stable_content_hash(make_corpus):
    a = make_corpus({"text": "Same text."}).documents.doc_id[0]
    b = make_corpus({"text": "Same text."}).documents.doc_id[0]
    assert a == b and len(a) == 16


def test_records_clean_on_request(make_corpus):
    corpus = make_corpus({"id": "x", "text": "Skip to main content\n\nReal news here."}, clean=True)
    assert corpus.documents.text[0] == "Real news here."


def test_folder_of_every_format(tmp_path, load_quiet):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Headline One\n\nBody text of a. It is here.", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("---\ntitle: Bee\npublished: 2019-05-01\n---\n# Bee\n\nBody of b.\n")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": "Record c1."}) + "\n" + json.dumps({"id": "c2", "text": "Record c2."}) + "\n")
    (tmp_path / "d.json").write_text(json.dumps([{"id": "d1", "text": "Record d1.", "source": "Wire"}]))
    pd.DataFrame({"id": ["e1"], "text": ["Record e1."], "published": ["2018-02-03"]}).to_csv(tmp_path / "e.csv", index=False)
    (tmp_path / "f.html").write_text(
        "<html><head><title>Page F</title><script>var secret = 1;</script><style>p{color:red}</style></head>"
        "<body><nav>Home | World | Sport</nav><article><h1>Page F</h1><p>The main text of page f is long enough "
        "to be kept by the extractor, and it talks about elections in Cambodia.</p><p>A second paragraph follows "
        "with more words about the opposition and the government.</p></article></body></html>"
    )
    corpus, problems = load_quiet(tmp_path, cache=False)
    assert problems == []
    docs = corpus.documents.set_index("doc_id")
    assert set(docs.index) == {"a", "sub/b", "c1", "c2", "d1", "e1", "f"}
    assert docs.loc["a", "title"] == "Headline One"
    assert docs.loc["sub/b", "title"] == "Bee" and docs.loc["sub/b", "published"] == pd.Timestamp("2019-05-01")
    assert not docs.loc["sub/b", "text"].startswith("---") and "#" not in docs.loc["sub/b", "text"]
    assert docs.loc["d1", "source"] == "Wire"
    assert docs.loc["f", "title"] == "Page F"
    assert "secret" not in docs.loc["f", "text"] and "Sport" not in docs.loc["f", "text"]
    assert "Cambodia" in docs.loc["f", "text"]


def test_single_file(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Title\n\nOne sentence. Two sentences.")
    corpus = tk.load_corpus(path, cache=False)
    assert corpus.documents.doc_id.tolist() == ["one"] and corpus.documents.n_sentences[0] == 3


def test_metadata_csv_overrides_and_reports_missing_files(tmp_path, load_quiet):
    (tmp_path / "a.txt").write_text("Some headline\n\nBody.")
    (tmp_path / "metadata.csv").write_text("file,title,published,source,url,desk\na.txt,Real Title,2017-09-08,Wire,http://x,world\nghost.txt,Ghost,2017-01-01,,,\n")
    corpus, problems = load_quiet(tmp_path, cache=False)
    row = corpus.documents.iloc[0]
    assert (row.title, row.source, row.url, row.desk) == ("Real Title", "Wire", "http://x", "world")
    assert corpus.skipped.path.tolist() == ["ghost.txt"]
    assert len(problems) == 1


def test_bad_inputs_are_listed_and_good_documents_still_load(tmp_path, load_quiet):
    (tmp_path / "good.txt").write_text("Good headline\n\nGood body. Still good.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.md").write_text("   \n\n \t\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "broken.jsonl").write_text('{"id": "j1", "text": "Fine."}\n{not json}\n{"id": "j2"}\n')
    (tmp_path / "dup.json").write_text(json.dumps([{"id": "j1", "text": "Duplicate id."}]))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    (tmp_path / "metadata.csv").write_text("file,title,published\ngood.txt,Good,not a date\nmissing.txt,Missing,2017-01-01\n")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    corpus, problems = load_quiet(tmp_path, cache=False)

    assert sorted(corpus.documents.doc_id) == ["good", "j1"]
    assert corpus.documents.set_index("doc_id").loc["good", "published"] is pd.NaT
    reasons = dict(zip(corpus.skipped.path, corpus.skipped.reason))
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "binary" in reasons["binary.txt"]
    assert "line 2" in reasons["broken.jsonl"] or any("broken" in r for r in corpus.skipped.reason)
    assert any("no 'text'" in r for r in corpus.skipped.reason)
    assert "duplicate" in reasons["dup.json"]
    assert "unsupported" in reasons["notes.pdf"]
    assert "dangling" in reasons["dangling.txt"]
    assert "does not exist" in reasons["missing.txt"]
    assert "bad published date" in reasons["good.txt"]
    assert len(problems) == 1  # one summary warning, not one per problem
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_five_megabyte_single_line(tmp_path):
    line = ("Hun Sen spoke in Phnom Penh on Sunday while Kem Sokha stayed in jail " * 75_000)[: 5_000_000]
    (tmp_path / "big.txt").write_text(line)
    corpus = tk.load_corpus(tmp_path, cache=False)
    assert corpus.documents.n_tokens[0] > 900_000


def test_missing_folder_raises_naming_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        tk.load_corpus(tmp_path / "no-such-folder")


def test_bad_src_type():
    with pytest.raises(TypeError):
        tk.load_corpus(42)


def test_empty_corpus_has_all_columns(tmp_path):
    corpus = tk.load_corpus(tmp_path, cache=False)
    for table in ("documents", "sentences", "tokens", "skipped"):
        tk.validate(getattr(corpus, table), table)
    assert len(corpus) == 0


# ---------------------------------------------------------------- progress


def test_progress_bar_only_for_large_corpora(make_corpus, capsys):
    make_corpus(*[f"Doc {i}." for i in range(5)])
    assert "tokenizing" not in capsys.readouterr().err
    make_corpus(*[f"Doc {i}." for i in range(5)], progress=True)
    assert "tokenizing" in capsys.readouterr().err


def test_parallel_load_matches_serial(make_corpus):
    texts = [f"Story {i}. Hun Sen met officials on Sunday." for i in range(40)]
    serial = make_corpus(*texts)
    parallel = make_corpus(*texts, n_jobs=2)
    pd.testing.assert_frame_equal(serial.tokens, parallel.tokens)


def test_large_loads_merge_chunks_in_order(make_corpus):
    texts = [f"Story number {i}. It mentions Phnom Penh." for i in range(loading._MERGE_EVERY + 30)]
    corpus = make_corpus(*texts)
    assert corpus.documents.doc_id.tolist() == [f"d{i}" for i in range(len(texts))]
    assert corpus.tokens.groupby("doc_id", sort=False).size().index.tolist() == corpus.documents.doc_id.tolist()
    last = corpus.tokens[corpus.tokens.doc_id == f"d{len(texts) - 1}"]
    assert last.text.tolist()[:3] == ["Story", "number", str(len(texts) - 1)]
