"""Derived arrays on disk (toolkit.corpus.arrays): a hit gives what a fresh build gives; stale, damaged
or unwritable files are rebuilt or skipped, never trusted; uncached corpora write nothing."""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import toolkit as tk
from toolkit import config
from toolkit.corpus import arrays
from toolkit.index import reuse, term_matrix, token_index
from toolkit.index import tokens as token_module

from corpus_helpers import METADATA, STORIES, Counter, assert_same_fields, assert_same_tables, folder, kw, load, stored, tables


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


def test_records_keep_their_arrays_in_the_cache_and_the_latest_set_replaces_others(tmp_path, monkeypatch):
    meta = [line.split(",") for line in METADATA.splitlines()[1:]]
    records = [{"id": name, "text": STORIES[name], "published": date, "source": source} for name, date, source in meta]
    others = [{"id": "other", "text": "An entirely different story about a harbour strike."}]
    cache = tmp_path / "cache"
    fresh = tables(tk.load_corpus(records, cache=False))
    first = tk.load_corpus(records, cache_dir=cache)
    assert first.derived_dir is not None and first.derived_dir.is_relative_to(cache)
    assert_same_tables(tables(first), fresh)
    written = stored(first, "terms")
    assert written

    matrix_builds = Counter(monkeypatch, reuse, "_build_term_matrix")
    again = tk.load_corpus(records, cache_dir=cache)
    assert_same_tables(tables(again), fresh)
    assert matrix_builds.calls == 0  # the counts are read back in a later session

    other = tk.load_corpus(others, cache_dir=cache)
    assert other.derived_dir == first.derived_dir
    tk.keywords(other, min_count=1)
    assert matrix_builds.calls == 1
    assert not any(p.exists() for p in written)  # one record corpus at a time: the folder stays bounded


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


def test_a_corpus_identity_is_hashed_once(folder, tmp_path, monkeypatch):
    corpus = load(folder, cache_dir=tmp_path / "cache")
    hashed = Counter(monkeypatch, type(corpus), "fingerprint")
    first = arrays.corpus_identity(corpus)
    assert arrays.corpus_identity(corpus) == first and hashed.calls == 1
    assert arrays.corpus_identity(load(folder, cache_dir=tmp_path / "cache")) == first  # a new object, same data
