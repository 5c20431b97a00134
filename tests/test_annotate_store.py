"""The annotation store (toolkit.annotate.store): document keys, partitions, batches written and read back,
tables that follow their schemas, and batches that are safe when a run dies or two run at once."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit as tk
from toolkit.annotate import run_annotation, stored_rows
from toolkit.annotate.document import STORED_TABLES
from toolkit.annotate.store import AnnotationStore, batch_name, document_keys, partition_of
from toolkit.schemas import STORE_SCHEMAS, store_frame


def _layout(*docs):
    """``documents`` and ``sentences`` frames for ``(doc_id, text, published, [(start, end, section)])``."""
    documents = pd.DataFrame({"doc_id": [d[0] for d in docs], "content_hash": [f"hash of {d[1]}" for d in docs],
                              "published": pd.to_datetime([d[2] for d in docs])})
    sentences = pd.DataFrame([(d[0], *s) for d in docs for s in d[3]], columns=["doc_id", "start", "end", "section"])
    return documents, sentences


def _batch(keys_and_terms: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
    """Every stored table empty but term_counts, which holds one row per (key, term)."""
    tables = {name: store_frame({}, name) for name in STORED_TABLES}
    rows = [(key, term) for key, terms in keys_and_terms.items() for term in terms]
    tables["term_counts"] = store_frame({"doc_key": [k for k, _ in rows], "term": [t for _, t in rows],
                                         "count": [1] * len(rows)}, "term_counts")
    return tables


def test_a_document_key_follows_its_text_date_and_sentences_not_its_id():
    one = [(0, 9, "headline"), (11, 30, "body")]
    documents, sentences = _layout(("x", "Storm", "2020-03-02", one), ("y", "Storm", "2020-03-02", one),
                                   ("later", "Storm", "2020-03-03", one),
                                   ("recut", "Storm", "2020-03-02", [(0, 9, "body"), (11, 30, "body")]),
                                   ("other", "Calm", "2020-03-02", one))
    keys = document_keys(documents, sentences)
    assert keys.index.tolist() == ["x", "y", "later", "recut", "other"]
    assert keys["x"] == keys["y"]  # the same text, date and sentences: one key, whatever the id
    assert len({keys["x"], keys["later"], keys["recut"], keys["other"]}) == 4
    assert document_keys(documents.iloc[:0], sentences.iloc[:0]).empty


@given(st.text(min_size=1, max_size=30), st.integers(1, 64))
def test_a_document_always_goes_to_the_same_partition_of_those_there_are(doc_id, n_partitions):
    assert 0 <= partition_of(doc_id, n_partitions) < n_partitions
    assert partition_of(doc_id, n_partitions) == partition_of(doc_id, n_partitions)


def test_partitions_and_batch_names_do_not_change_between_processes():
    # CRC-32 and SHA-1, not Python's hash(), which is salted per process; a batch name ignores the keys' order
    assert (partition_of("a", 4), partition_of("story-1", 8)) == (3, 6)
    assert batch_name(3, ["k2", "k1"]) == batch_name(3, ["k1", "k2"]) == "part-0003-934512ba3b29"
    assert batch_name(3, ["k1"]) != batch_name(3, ["k1", "k2"])


def test_a_written_batch_is_read_back_by_key_and_its_keys_are_no_longer_missing(tmp_path):
    store = AnnotationStore(tmp_path, identity={"test": "store"})
    assert store.missing(["k1", "k2", "k3"]) == ["k1", "k2", "k3"]
    rows = store.write_batch("part-0000-test", _batch({"k1": ["storm", "coast"], "k2": ["calm"]}), ["k1", "k2"])
    assert rows["term_counts"] == 3 and rows["entities"] == 0
    assert store.missing(["k3", "k1", "k2"]) == ["k3"]
    assert store.read("term_counts", ["k2"])[["doc_key", "term"]].values.tolist() == [["k2", "calm"]]
    assert sorted(store.read("term_counts", ["k1", "k3"])["term"]) == ["coast", "storm"]
    assert list(store.read("mentions", ["k1"]).columns) == [c.name for c in STORE_SCHEMAS["mentions"]]
    assert store.files("term_counts") == [store.dir / "term_counts" / "part-0000-test.parquet"]
    assert not list(store.dir.rglob("*.tmp"))
    again = AnnotationStore(tmp_path, identity={"test": "store"})  # another session sees the batch
    assert again.owners() == {"k1": "part-0000-test", "k2": "part-0000-test"}
    assert AnnotationStore(tmp_path, identity={"test": "other"}).owners() == {}
    with pytest.raises(KeyError, match="no stored table 'words'; known: entities, mentions"):
        store.read("words", ["k1"])


def test_a_derived_value_is_kept_until_a_batch_is_added(tmp_path):
    store = AnnotationStore(tmp_path, identity={"test": "store"})
    calls = []
    compute = lambda: calls.append(1) or len(store.owners())  # noqa: E731
    store.write_batch("part-0000-a", _batch({"k1": ["storm"]}), ["k1"])
    assert store.derived(("owners",), compute) == 1 and store.derived(("owners",), compute) == 1
    store.write_batch("part-0001-b", _batch({"k2": ["calm"]}), ["k2"])
    assert store.derived(("owners",), compute) == 2 and len(calls) == 2


def test_a_reduce_kept_on_disk_is_read_back_as_computed_and_only_the_latest_files_stay(tmp_path, monkeypatch):
    from toolkit.annotate import store as store_module

    frame = pd.DataFrame({"actor": pd.Series(["Hun Sen", None, "ASEAN"], dtype=object), "start": [0, 5, 9],
                          "label": pd.array(["PERSON", "ORG", None], dtype="str")})
    calls = []
    compute = lambda: calls.append(1) or frame  # noqa: E731
    first = AnnotationStore(tmp_path, identity={"test": "store"})
    first.write_batch("part-0000-a", _batch({"k1": ["storm"]}), ["k1"])
    assert first.derived(("names", "digest-1"), compute, on_disk=True) is frame
    later = AnnotationStore(tmp_path, identity={"test": "store"})  # a new session
    back = later.derived(("names", "digest-1"), compute, on_disk=True)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(back, frame)
    assert back["actor"].tolist() == ["Hun Sen", None, "ASEAN"]  # Python objects, None kept
    assert later.derived(("names", "digest-2"), compute, on_disk=True) is frame and len(calls) == 2

    folder = later.dir / "reduced"
    assert len(list(folder.glob("*.parquet"))) == 2
    for path in folder.glob("*.parquet"):
        path.write_bytes(b"not parquet")  # a damaged file is computed again, never trusted
    assert AnnotationStore(tmp_path, identity={"test": "store"}).derived(
        ("names", "digest-1"), compute, on_disk=True) is frame and len(calls) == 3

    monkeypatch.setattr(store_module, "KEEP_REDUCED", 2)
    for n in range(4):
        AnnotationStore(tmp_path, identity={"test": "store"}).derived(("names", f"more-{n}"), compute, on_disk=True)
    assert len(list(folder.glob("*.parquet"))) == 2


def test_stored_tables_follow_their_schemas(tmp_path, annotation_corpus):
    corpus = annotation_corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    for name in STORED_TABLES:
        frame = corpus.store.read(name, corpus.doc_keys.tolist())
        assert list(frame.columns) == [c.name for c in STORE_SCHEMAS[name]], name
    assert not stored_rows(corpus, "entities").empty and not stored_rows(corpus, "tags").empty


def _in_document_then_text_order(rows, ids):
    order = rows["doc_id"].map({doc_id: i for i, doc_id in enumerate(ids)})
    return bool(((order.diff().fillna(1) > 0) | ((order.diff() == 0) & (rows["start"].diff() >= 0))).all())


@pytest.mark.parametrize("ids", [("a", "b", "c"), ("c", "a", "b")])
def test_stored_rows_come_in_document_then_text_order_and_are_the_callers_to_change(tmp_path, annotation_corpus,
                                                                                      ids):
    tk.annotate(annotation_corpus(tmp_path, ids=("a", "b", "c")), progress=False)
    corpus = annotation_corpus(tmp_path, ids=ids)  # the same store, written in another document order
    tk.annotate(corpus, progress=False)
    for table in ("mentions", "tags", "quotes"):
        rows = stored_rows(corpus, table)
        assert _in_document_then_text_order(rows, ids), table
        for doc_id, key in corpus.doc_keys.items():
            own = rows[rows["doc_id"] == doc_id].drop(columns="doc_id")
            assert len(own) == len(corpus.store.read(table, [key])), (table, doc_id)
    mine = stored_rows(corpus, "mentions")
    mine.loc[:, "text"] = "changed"
    assert "changed" not in set(stored_rows(corpus, "mentions")["text"])


def test_a_text_loaded_twice_gives_each_document_its_rows(tmp_path, annotation_corpus):
    same = "Kem Sokha was arrested in Phnom Penh on Sunday."
    corpus = annotation_corpus(tmp_path, ids=("a", "x"), texts={"a": same, "x": same})
    tk.annotate(corpus, progress=False)
    rows = stored_rows(corpus, "mentions")
    counts = rows.groupby("doc_id").size().to_dict()
    assert counts == {"a": 2, "x": 2}
    a, x = (rows[rows["doc_id"] == d].drop(columns="doc_id").reset_index(drop=True) for d in ("a", "x"))
    pd.testing.assert_frame_equal(a, x)


def test_a_partial_batch_without_manifest_is_ignored_and_redone(tmp_path, annotation_corpus):
    corpus = annotation_corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    manifest = next((corpus.store.dir / "manifests").glob("*.json"))
    manifest.unlink()  # as if the process died before its last write
    fresh = AnnotationStore(tmp_path)
    assert fresh.owners() == {}
    assert sum(m["documents"] for m in run_annotation(annotation_corpus(tmp_path), n_jobs=1, client=None,
                                                       progress=False, on_progress=None)) == 3


def test_two_processes_annotating_at_once_lose_nothing(tmp_path, annotation_corpus, annotation_stories, stored_tables,
                                                       assert_same_stored_tables):
    script = textwrap.dedent(f"""
        import warnings, toolkit as tk
        warnings.simplefilter("ignore")
        texts = {annotation_stories!r}
        records = [{{"id": i, "text": t, "published": "2017-09-08"}} for i, t in texts.items()]
        tk.annotate(tk.load_corpus(records, cache_dir={str(tmp_path)!r}), progress=False)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    corpus = annotation_corpus(tmp_path, ids=tuple(annotation_stories))
    assert run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None) == []
    reference = annotation_corpus(tmp_path / "alone", ids=tuple(annotation_stories))
    assert_same_stored_tables(stored_tables(corpus), stored_tables(reference))
    assert not list(corpus.store.dir.rglob("*.tmp"))
