"""Token index and term counts cached on disk: a hit gives what a fresh build gives; stale, damaged
or unwritable caches are rebuilt or skipped, never trusted; uncached corpora write nothing."""
from __future__ import annotations

import dataclasses
import importlib
import json
import os
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import scipy.sparse as sp

import toolkit as tk
from toolkit import config
from toolkit.corpus import arrays
from toolkit.index import SectionView, matrix, reuse, term_matrix, token_index
from toolkit.index import tokens as token_module

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


def test_tables_from_the_disk_cache_equal_a_fresh_build(folder, tmp_path, monkeypatch):
    fresh = tables(load(folder, cache=False))
    first = load(folder, cache_dir=tmp_path / "cache")
    assert first.derived_dir is not None
    assert_same_tables(tables(first), fresh)
    assert stored(first, "index") and stored(first, "terms") and stored(first, "derived")

    index_builds = Counter(monkeypatch, token_module, "_build_index")
    matrix_builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    english = Counter(monkeypatch, kw, "english_frequency")
    again = load(folder, cache_dir=tmp_path / "cache")
    assert_same_tables(tables(again), fresh)
    assert (index_builds.calls, matrix_builds.calls, english.calls) == (0, 0, 0)


def test_stored_arrays_equal_the_fresh_ones(folder, tmp_path):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    index = token_index(corpus)
    tm = term_matrix(corpus)
    again = load(folder, cache_dir=tmp_path / "cache")
    stored_index, stored_tm = token_index(again), term_matrix(again)
    fresh_index = token_module._build_index(again.tokens, again.documents)
    assert_same_fields(stored_index, fresh_index)
    assert_same_fields(stored_index, index)
    pd.testing.assert_frame_equal(stored_index.tokens, fresh_index.tokens)
    assert_same_fields(stored_tm, reuse._build_term_matrix(fresh_index, 1, 3, True))
    assert_same_fields(stored_tm, tm)
    assert stored_tm.words is stored_index.words and stored_tm.vocab is stored_index.vocab  # stored once
    stored_tm.counts.data[:1] += 0  # cached arrays are writable (copy-on-write, the file is untouched)


def test_a_changed_corpus_or_other_options_are_counted_again(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    tables(load(folder, cache_dir=cache))
    (folder / "b.txt").write_text(STORIES["b.txt"] + " Hun Sen won the election.", encoding="utf-8")
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    changed = load(folder, cache_dir=cache)
    got = tk.keywords(changed, top_n=50, min_count=1)
    assert builds.calls == 1
    pd.testing.assert_frame_equal(got, tk.keywords(load(folder, cache=False), top_n=50, min_count=1), check_exact=True)

    builds.calls = 0
    corpus = load(folder, cache_dir=cache)
    term_matrix(corpus)
    assert builds.calls == 0  # the changed corpus is on disk now
    term_matrix(corpus, ngram_range=(2, 4))
    term_matrix(corpus, stopwords=False)
    assert builds.calls == 2
    corpus = load(folder, cache_dir=cache)
    term_matrix(corpus, ngram_range=(2, 4))
    term_matrix(corpus, stopwords=False)
    assert builds.calls == 2


def damage_truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damage_flip(path: Path) -> None:
    """One bit of the largest array's middle byte flipped."""
    data = bytearray(path.read_bytes())
    _, length, _ = arrays._PREFIX.unpack_from(data, 0)
    header = json.loads(bytes(data[arrays._PREFIX.size : arrays._PREFIX.size + length]))
    block = max(header["blocks"].values(), key=lambda b: b["nbytes"])
    data[arrays._padded(arrays._PREFIX.size + length) + block["offset"] + block["nbytes"] // 2] ^= 0x01
    path.write_bytes(bytes(data))


def damage_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[40] ^= 0x01  # inside the JSON header
    path.write_bytes(bytes(data))


def damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


@pytest.mark.parametrize("damage", [damage_truncate, damage_flip, damage_header, damage_empty, damage_garbage])
@pytest.mark.parametrize("kind", ["index", "terms", "derived", "traits"])
def test_a_damaged_cache_file_is_rebuilt_not_trusted(folder, tmp_path, monkeypatch, damage, kind):
    fresh = tables(load(folder, cache=False))
    corpus = load(folder, cache_dir=tmp_path / "cache")
    tables(corpus)
    assert stored(corpus, kind)
    for path in stored(corpus, kind):
        damage(path)
    assert_same_tables(tables(load(folder, cache_dir=tmp_path / "cache")), fresh)
    index_builds = Counter(monkeypatch, token_module, "_build_index")
    matrix_builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    assert_same_tables(tables(load(folder, cache_dir=tmp_path / "cache")), fresh)
    assert index_builds.calls == matrix_builds.calls == 0


def written_anywhere(root: Path) -> list[Path]:
    return list(root.rglob("*.arrays")) + list(root.rglob("*.tmp")) if root.exists() else []


def test_records_uncached_and_selected_corpora_write_nothing(folder, tmp_path, make_corpus):
    before = written_anywhere(config.cache_dir())
    records = make_corpus(*(text for text in STORIES.values()))
    uncached = load(folder, cache=False)
    selected = load(folder, cache_dir=tmp_path / "cache").select(sources=["wire"])
    for corpus in (records, uncached, selected):
        assert corpus.derived_dir is None
        tk.keywords(corpus, min_count=1)
        tk.kwic(corpus, "Hun Sen")
    assert written_anywhere(config.cache_dir()) == before
    assert written_anywhere(tmp_path / "cache") == []


def test_an_unwritable_cache_falls_back_to_memory(folder, tmp_path, monkeypatch):
    fresh = tables(load(folder, cache=False))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should go")
    corpus = dataclasses.replace(load(folder, cache_dir=tmp_path / "cache"), derived_dir=blocker / "derived")
    assert_same_tables(tables(corpus), fresh)

    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")

    corpus = load(folder, cache_dir=tmp_path / "other")
    monkeypatch.setattr(arrays.os, "replace", refuse)  # after loading: the Parquet cache renames too
    assert_same_tables(tables(corpus), fresh)
    assert written_anywhere(tmp_path / "other") == []  # no temporary left behind


def test_tokens_out_of_document_order_are_stored_and_found(folder, tmp_path):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    tokens = corpus.tokens
    shuffled = pd.concat([tokens[tokens["doc_id"] == d] for d in ("c", "a", "d", "b")]).iloc[::-1]
    moved = dataclasses.replace(corpus, tokens=shuffled.reset_index(drop=True))
    fresh = token_module._build_index(moved.tokens, moved.documents)
    for _ in range(2):  # built and written, then read back by a new corpus object (a new session)
        index = token_index(dataclasses.replace(moved))
        assert_same_fields(index, fresh)
        pd.testing.assert_frame_equal(index.tokens, fresh.tokens)
    assert_same_fields(token_index(corpus), token_module._build_index(corpus.tokens, corpus.documents))


@dataclasses.dataclass(frozen=True)
class Sample:
    ints: np.ndarray
    flags: np.ndarray
    grid: np.ndarray
    reals: np.ndarray
    nothing: np.ndarray
    names: np.ndarray
    rows: sp.csr_matrix
    cols: sp.csc_array
    borrowed: np.ndarray
    given: object = None
    _private: dict = dataclasses.field(default_factory=dict)


def sample(given=None) -> Sample:
    return Sample(
        ints=np.array([5, -3, 2**40], np.int64), flags=np.array([True, False]),
        grid=np.arange(6, dtype=np.int32).reshape(3, 2),
        reals=np.array([0.5, np.nan, 1e-300]), nothing=np.zeros(0, np.int64),
        names=np.array(["sokha", "", "phnom penh", "Ünïcode ✓", "a\0b"], dtype=object),
        rows=sp.csr_matrix(np.array([[0, 2, 0], [1, 0, 3]])), cols=sp.csc_array(np.eye(3)),
        borrowed=np.arange(4), given=given,
    )


def test_every_public_field_round_trips(tmp_path):
    obj = sample(given="supplied by the reader")
    assert arrays.write(tmp_path, "sample", "key", obj, skip=("given",), shared={"borrowed": obj.borrowed})
    fields, notes = arrays.read(
        tmp_path, "sample", "key", Sample, skip=("given",), shared={"borrowed": obj.borrowed}
    )
    assert notes == {} and fields["borrowed"] is obj.borrowed
    back = Sample(**fields, given="supplied by the reader")
    for f in dataclasses.fields(Sample):
        if f.name.startswith("_") or f.name == "given":
            continue
        a, b = getattr(back, f.name), getattr(obj, f.name)
        if sp.issparse(b):
            assert type(a) is type(b) and a.dtype == b.dtype and (a != b).nnz == 0
        else:
            assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    assert arrays.read(tmp_path, "sample", "other key", Sample, skip=("given",)) is None
    assert arrays.read(tmp_path, "sample", "key", Sample, skip=("given",)) is None  # "borrowed" not supplied


def test_a_class_with_new_fields_does_not_read_old_files(tmp_path):
    assert arrays.write(tmp_path, "sample", "key", sample(), skip=("given",))

    @dataclasses.dataclass(frozen=True)
    class Sample(globals()["Sample"]):  # same name, one field more
        added: np.ndarray = None

    assert arrays.read(tmp_path, "sample", "key", Sample, skip=("given",)) is None


def test_fields_that_are_no_arrays_are_not_cached(tmp_path):
    assert not arrays.write(tmp_path, "sample", "key", sample(given=["a", "list"]))
    bad_text = dataclasses.replace(sample(), names=np.array(["ok", None], dtype=object))
    assert not arrays.write(tmp_path, "bad", "key", bad_text, skip=("given",))
    assert list(tmp_path.glob("bad-*")) == []


def test_only_the_most_recently_used_files_are_kept(tmp_path):
    for n in range(arrays.KEEP + 3):
        assert arrays.write(tmp_path, "sample", f"key {n}", sample(), skip=("given",))
        os.utime(arrays.path_of(tmp_path, "sample", f"key {n}"), (n, n))
    assert arrays.read(tmp_path, "sample", "key 0", Sample, skip=("given",)) is None  # pruned
    kept = {p.name for p in tmp_path.glob("sample-*.arrays")}
    assert len(kept) == arrays.KEEP
    assert arrays.path_of(tmp_path, "sample", f"key {arrays.KEEP + 2}").name in kept


@pytest.mark.parametrize("extra", [["said"], ["said", "kem", "bank"], ["penh", "rights"]])
@pytest.mark.parametrize("ngrams", [(1, 3), (2, 4), (1, 1)])
@pytest.mark.parametrize("sections", [None, ("headline", "body")])
def test_more_stop_words_cut_from_the_counts_equal_counting_again(
    folder, tmp_path, monkeypatch, extra, ngrams, sections
):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    view = corpus if sections is None else SectionView(corpus, sections)
    stop = tk.stopwords(extra)
    options = dict(ngram_range=ngrams, stopwords=stop, min_count=1, top_n=40)
    for method in kw.METHODS:  # the toolkit's matrix with its per-column values made
        tk.keywords(view, method=method, ngram_range=ngrams, min_count=1)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    narrowed = term_matrix(view, ngram_range=ngrams, stopwords=stop)
    got = [tk.keywords(view, method=m, **options) for m in kw.METHODS] + [tk.keywords(view, by="source", **options)]
    assert builds.calls == 0

    monkeypatch.setattr(reuse, "_narrowed_term_matrix", lambda *args: None)  # count again, as before
    assert_same_fields(narrowed, reuse._build_term_matrix(token_index(view), *ngrams, matrix._stop_key(stop)))
    fresh = load(folder, cache=False)
    fresh_view = fresh if sections is None else SectionView(fresh, sections)
    expected = [tk.keywords(fresh_view, method=m, **options) for m in kw.METHODS]
    expected += [tk.keywords(fresh_view, by="source", **options)]
    assert_same_tables(got, expected)


def test_stop_words_that_leave_out_a_flagged_one_are_counted_again(folder, tmp_path, monkeypatch):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    term_matrix(corpus)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    only = term_matrix(corpus, stopwords=["said"])  # "the" is flagged but no longer a stop word
    assert builds.calls == 1
    assert "the bank" in {only.term(c) for c in range(only.counts.shape[1])}


def test_more_stop_words_are_cut_only_from_counts_at_hand(folder, tmp_path, monkeypatch):
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    stop = tk.stopwords(["said"])
    term_matrix(load(folder, cache=False), stopwords=stop)
    assert builds.calls == 1  # nothing counted yet: one count with these stop words, not two

    term_matrix(load(folder, cache_dir=tmp_path / "cache"))  # the toolkit's counts, now on disk
    builds.calls = 0
    term_matrix(load(folder, cache_dir=tmp_path / "cache"), stopwords=stop)
    assert builds.calls == 0  # cut from the counts read back from disk


def test_files_of_an_older_generation_go_when_a_new_one_is_written(tmp_path):
    for key in ("one", "two"):
        assert arrays.write(tmp_path, "sample", key, sample(), skip=("given",), generation="old corpus")
    assert arrays.write(tmp_path, "other", "one", sample(), skip=("given",), generation="old corpus")
    assert arrays.write(tmp_path, "sample", "three", sample(), skip=("given",), generation="new corpus")
    newest = arrays.path_of(tmp_path, "sample", "three", "new corpus")
    assert [p.name for p in tmp_path.glob("sample-*")] == [newest.name]
    assert len(list(tmp_path.glob("other-*"))) == 1  # other kinds are left alone
    assert arrays.read(tmp_path, "sample", "three", Sample, skip=("given",), generation="new corpus") is not None
    assert arrays.read(tmp_path, "sample", "three", Sample, skip=("given",), generation="old corpus") is None


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


@pytest.mark.parametrize("wide", [(1, 3), (1, 4), (2, 4)])
def test_a_narrower_range_cut_from_counts_at_hand_equals_counting_it(make_corpus, monkeypatch, wide):
    corpus = captioned(make_corpus)
    term_matrix(corpus, ngram_range=wide)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    for lo in range(wide[0], wide[1] + 1):
        for hi in range(lo, wide[1] + 1):
            term_matrix(corpus, ngram_range=wide)  # the most recently used: kept in memory
            cut = term_matrix(corpus, ngram_range=(lo, hi))
            assert_same_fields(cut, reuse._build_term_matrix(token_index(corpus), lo, hi, True))
    assert builds.calls == (wide[1] - wide[0] + 1) * (wide[1] - wide[0] + 2) // 2  # only the direct builds above


def test_a_narrower_range_on_disk_is_cut_in_a_later_session(folder, tmp_path, monkeypatch):
    term_matrix(load(folder, cache_dir=tmp_path / "cache"), ngram_range=(1, 3))
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    corpus = load(folder, cache_dir=tmp_path / "cache")
    assert not tk.keywords(corpus, ngram_range=(1, 2), min_count=1).empty
    assert builds.calls == 0


def section_counts_equal_selecting_them(corpus, sections, **options) -> None:
    view, selected = SectionView(corpus, sections), corpus.select(sections=sections)
    got = tk.term_counts(view, **options)
    pd.testing.assert_frame_equal(got, tk.term_counts(selected, **options))
    table = tk.keywords(view, method="frequency", top_n=10**6, min_count=1, phrases="all", **options)
    totals = got.groupby("term")["count"].sum()
    documents = got.groupby("term")["doc_id"].nunique()
    assert table["count"].tolist() == totals[table["term"]].tolist()
    assert table["doc_count"].tolist() == documents[table["term"]].tolist()
    # TF-IDF reads every count of a document: the view's equal the selected sections' for every term of both.
    weights = {
        name: tk.keywords(part, method="tfidf", top_n=10**6, min_count=1, phrases="all", **options).set_index("term")
        for name, part in (("view", view), ("selected", selected))
    }
    common = weights["view"].index.intersection(weights["selected"].index)
    assert len(common) >= 0.8 * len(weights["selected"])
    np.testing.assert_allclose(weights["view"].loc[common, "score"], weights["selected"].loc[common, "score"])
    ngrams = options.get("ngram_range", (1, 3))
    stop = matrix._stop_key(options.get("stopwords", True))
    np.testing.assert_array_equal(
        term_matrix(view, ngram_range=ngrams, stopwords=stop).n_tokens,
        reuse._build_term_matrix(token_index(selected), *ngrams, stop).n_tokens,
    )


@pytest.mark.parametrize("sections", [("headline", "body"), ("body",), ("caption",), ("headline",)])
@pytest.mark.parametrize("stopwords", [True, False, ["said", "ahead"]])
@pytest.mark.parametrize("counted_first", [(), ((1, 3), True), ((1, 4), True)])
def test_section_counts_equal_counting_the_selected_sections(make_corpus, sections, stopwords, counted_first):
    corpus = captioned(make_corpus)
    if counted_first:  # then the view's counts come from counts cut to a narrower range or fewer stop words
        term_matrix(corpus, ngram_range=counted_first[0], stopwords=counted_first[1])
    section_counts_equal_selecting_them(corpus, sections, stopwords=stopwords)


SENTENCES = [
    "Kem Sokha was arrested.", "Hun Sen spoke ahead of the vote.", "The Bank of America said nothing.",
    "Human rights groups protested.", "China backed the crackdown.", "Prime Minister Hun Sen met Wang.",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.tuples(st.booleans(), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)),
                 min_size=1, max_size=4),
        min_size=1, max_size=4,
    ),
    st.sampled_from([("headline", "body"), ("body",), ("caption", "body")]),
)
def test_section_counts_equal_selecting_them_for_any_captions(make_corpus, stories, sections):
    texts = [
        "Headline Of Story\n\n" + "\n\n".join(("Photo: " if caption else "") + " ".join(p) for caption, p in paragraphs)
        for paragraphs in stories
    ]
    section_counts_equal_selecting_them(captioned(make_corpus, texts), sections, ngram_range=(1, 3))


def test_section_keywords_judge_terms_on_the_whole_corpus(make_corpus):
    corpus = captioned(make_corpus)
    view = SectionView(corpus, ("headline", "body"))
    full, part = term_matrix(corpus), term_matrix(view)
    assert part.counts.shape == full.counts.shape
    for name in ("n", "first", "subsumed", "phrase_like"):
        np.testing.assert_array_equal(getattr(part, name), getattr(full, name))
    # "heng samrin" occurs only in a caption: left out of the view's table, kept in the corpus's.
    assert "heng samrin" in set(tk.keywords(corpus, min_count=1, top_n=200)["term"])
    assert "heng samrin" not in set(tk.keywords(view, min_count=1, top_n=200)["term"])


def test_sections_are_counted_from_the_corpus_counts_not_again(make_corpus, monkeypatch):
    corpus = captioned(make_corpus)
    tk.keywords(corpus)
    builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    for sections in [("headline", "body"), ("caption",)]:
        tk.keywords(SectionView(corpus, sections), min_count=1)
        tk.keywords(SectionView(corpus, sections), min_count=1, stopwords=tk.stopwords(["said"]))
    assert builds.calls == 0


def test_each_left_out_section_is_counted_once_whatever_the_combination(make_corpus, monkeypatch):
    corpus = captioned(make_corpus)
    tk.keywords(corpus)
    counted = Counter(monkeypatch, reuse, "_counts_at")
    for sections in [("headline", "body"), ("body",), ("caption", "body"), ("headline", "body")]:
        section_counts_equal_selecting_them(corpus, sections)
    assert counted.calls == 2  # captions, then headlines: every later choice sums those


def test_the_word_after_every_occurrence_matches_a_plain_scan(make_corpus):
    corpus = captioned(make_corpus)
    tm = term_matrix(corpus, ngram_range=(1, 3), stopwords=False)
    sentences = [
        (part["lower"].tolist(), part["is_punct"].tolist())
        for _, part in corpus.tokens.sort_values(["doc_id", "tok_id"]).groupby(["doc_id", "sent_id"], sort=False)
    ]
    for column in range(tm.counts.shape[1]):
        words = tm.term(column).split(" ")
        after = set()
        for lower, punct in sentences:
            for i in range(len(lower) - len(words) + 1):
                if lower[i : i + len(words)] == words:
                    j = i + len(words)
                    word_follows = j < len(lower) and not punct[j] and not lower[j].startswith(("'", "\u2019"))
                    after.add(lower[j] if word_follows else None)
        expected = after.pop() if len(after) == 1 else None
        got = tm.vocab[tm.follows[column]] if tm.follows[column] >= 0 else None
        assert got == expected, tm.term(column)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.integers(1, 30), st.integers(0, 3))
def test_subtracting_a_few_documents_counts_equals_scipys_subtraction(seed, n_docs, n_terms, touched_docs):
    rng = np.random.default_rng(seed)
    counts = sp.random(n_docs, n_terms, density=0.3, format="csr", random_state=rng, dtype=np.float64)
    counts.data = rng.integers(1, 5, counts.nnz).astype(np.int32)
    counts = sp.csr_matrix(counts, dtype=np.int32)
    counts.sum_duplicates()
    removed = counts.tocoo()
    take = np.isin(removed.row, rng.choice(n_docs, size=min(touched_docs, n_docs), replace=False))
    take &= rng.random(removed.nnz) < 0.7
    part = sp.csr_matrix(
        (rng.integers(1, removed.data[take] + 1).astype(np.int32), (removed.row[take], removed.col[take])),
        shape=counts.shape,
    )
    (got, emptied), expected = reuse._minus(counts, part), counts - part
    assert (got != expected).nnz == 0 and got.dtype == counts.dtype
    assert matrix._without_zeros(got).nnz == expected.nnz
    documents = np.bincount(expected.indices, minlength=n_terms)  # SciPy stores no zeros
    np.testing.assert_array_equal(matrix._doc_frequency(SimpleNamespace(counts=got)), documents)
    if emptied is not None:  # what a section view's document counts are taken from
        before = np.bincount(counts.indices, minlength=n_terms)
        np.testing.assert_array_equal(before - np.bincount(emptied, minlength=n_terms), documents)


def test_a_corpus_identity_is_hashed_once(folder, tmp_path, monkeypatch):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    hashed = Counter(monkeypatch, type(corpus), "fingerprint")
    first = arrays.corpus_identity(corpus)
    assert arrays.corpus_identity(corpus) == first and hashed.calls == 1
    assert arrays.corpus_identity(load(folder, cache_dir=tmp_path / "cache")) == first  # a new object, same data


def test_a_views_document_counts_come_from_the_removed_counts_when_scipy_subtracted(make_corpus):
    tm = term_matrix(SectionView(captioned(make_corpus), ("body",)))
    assert "removed" in tm._derived and "doc_freq" not in tm._derived  # every headline went: SciPy subtracted
    every = np.arange(tm.counts.shape[1])
    some = np.random.default_rng(0).permutation(every)[: max(len(every) // 3, 1)]
    for cols in (every, some, every[:0]):
        np.testing.assert_array_equal(matrix._doc_frequency_of(tm, cols), matrix._doc_frequency(tm)[cols])
