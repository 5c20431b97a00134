"""The annotation pass (toolkit.annotate): one pass per document, incremental, resumable, local or parallel.

The per-document step is tested in test_annotate_document, the store in test_annotate_store.
"""
from __future__ import annotations

import importlib
import warnings

import pandas as pd
import pytest

import toolkit as tk
from toolkit.annotate import run_annotation, stored_rows

annotate_module = importlib.import_module("toolkit.annotate")  # tk.annotate is the function


def test_a_second_call_annotates_nothing(tmp_path, annotation_corpus):
    corpus = annotation_corpus(tmp_path)
    assert sum(m["documents"] for m in run_annotation(corpus, n_jobs=1, client=None, progress=False,
                                                       on_progress=None)) == 3
    assert run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None) == []
    again = annotation_corpus(tmp_path)  # a new session on the same cache
    assert run_annotation(again, n_jobs=1, client=None, progress=False, on_progress=None) == []


def test_documents_with_the_same_text_share_one_annotation(tmp_path, annotation_stories):
    records = [{"id": i, "text": annotation_stories["a"], "published": "2017-09-08"} for i in ("copy-1", "copy-2")]
    records.append({"id": "other", "text": annotation_stories["b"], "published": "2017-09-08"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.corpus.CorpusWarning)
        corpus = tk.load_corpus(records, cache_dir=tmp_path)
    keys = corpus.doc_keys
    assert keys["copy-1"] == keys["copy-2"] != keys["other"]
    manifests = run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None)
    assert sum(m["documents"] for m in manifests) == 2
    mentions = stored_rows(corpus, "mentions")
    first, second = (mentions[mentions["doc_id"] == d].drop(columns="doc_id").reset_index(drop=True)
                     for d in ("copy-1", "copy-2"))
    assert not first.empty
    pd.testing.assert_frame_equal(first, second)


def test_adding_and_changing_documents_annotates_only_those(tmp_path, annotation_corpus, annotation_stories):
    corpus = annotation_corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    grown = annotation_corpus(tmp_path, ids=("a", "b", "c", "d"))
    written = run_annotation(grown, n_jobs=1, client=None, progress=False, on_progress=None)
    assert sum(m["documents"] for m in written) == 1
    changed = annotation_corpus(tmp_path, ids=("a", "b", "c", "d"),
                                texts={"b": annotation_stories["b"] + " Hun Sen smiled."})
    written = run_annotation(changed, n_jobs=1, client=None, progress=False, on_progress=None)
    assert sum(m["documents"] for m in written) == 1


def test_removed_documents_leave_every_lens(tmp_path, annotation_corpus):
    tk.annotate(annotation_corpus(tmp_path), progress=False)
    smaller = annotation_corpus(tmp_path, ids=("a", "b"))
    assert run_annotation(smaller, n_jobs=1, client=None, progress=False, on_progress=None) == []
    for lens in (tk.timeline, tk.events, tk.mentions, tk.quotes, tk.relations, tk.keyterms):
        assert set(lens(smaller)["doc_id"]) <= {"a", "b"}, lens.__name__
    assert "United Nations" not in set(tk.actors(smaller)["actor"])


def test_editing_the_dictionary_changes_names_without_annotating(tmp_path, annotation_corpus):
    corpus = annotation_corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    dictionary = tk.aliases.load_dictionary(None)
    edited = tk.aliases.merge(dictionary, ["Kem Sokha"], into="Sokha Kem", type="PERSON")
    assert run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None) == []
    names = set(tk.mentions(corpus, dictionary=edited)["actor"])
    assert "Sokha Kem" in names and "Kem Sokha" not in names


def test_a_later_session_reads_the_resolved_mentions_instead_of_resolving_again(tmp_path, annotation_corpus,
                                                                               monkeypatch):
    from toolkit import resolve

    first = tk.mentions(annotation_corpus(tmp_path))
    calls = []
    real = resolve.resolve_mentions
    monkeypatch.setattr(resolve, "resolve_mentions", lambda *a, **k: calls.append(1) or real(*a, **k))
    later = tk.mentions(annotation_corpus(tmp_path))  # a new corpus object: a new session's
    assert calls == []
    pd.testing.assert_frame_equal(later, first)
    tk.mentions(annotation_corpus(tmp_path, ids=("a", "b")))  # other documents: resolved for them
    assert calls == [1]


def test_a_view_names_mentions_as_its_corpus_does(tmp_path, annotation_corpus):
    texts = {"a": "Kem Sokha was arrested.\nSokha (pictured) in court, Sunday (AP Photo/Heng Sinith)\nSokha spoke."}
    corpus = annotation_corpus(tmp_path, texts=texts)
    whole = tk.mentions(corpus)
    view = tk.mentions(corpus.select(sections=("headline", "body")))
    merged = view.merge(whole, on=["doc_id", "start"], suffixes=("", "_whole"))
    assert len(merged) == len(view) and (merged["actor"] == merged["actor_whole"]).all()


def test_a_run_killed_halfway_leaves_a_readable_store_and_resumes(tmp_path, monkeypatch, annotation_corpus):
    corpus = annotation_corpus(tmp_path, ids=("a", "b", "c", "d"))
    monkeypatch.setattr(annotate_module, "BATCH_DOCS", 1)
    real = annotate_module.annotate_documents
    calls = []

    def dies_on_the_third(docs):
        calls.append(docs)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(docs)

    monkeypatch.setattr(annotate_module, "annotate_documents", dies_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        tk.annotate(corpus, progress=False)
    assert len(corpus.store.owners()) == 2  # two complete partitions, readable
    assert len(stored_rows(corpus, "mentions")["doc_id"].unique()) == 2
    monkeypatch.setattr(annotate_module, "annotate_documents", real)
    written = run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None)
    assert sum(m["documents"] for m in written) == 2


def test_two_local_processes_give_the_tables_of_one(tmp_path, annotation_corpus, annotation_stories, stored_tables,
                                                    assert_same_stored_tables):
    one = annotation_corpus(tmp_path / "one", ids=tuple(annotation_stories))
    two = annotation_corpus(tmp_path / "two", ids=tuple(annotation_stories))
    tk.annotate(one, progress=False)
    tk.annotate(two, n_jobs=2, progress=False)
    assert_same_stored_tables(stored_tables(one), stored_tables(two))


def test_bad_n_jobs(tmp_path, annotation_corpus):
    with pytest.raises(ValueError, match="n_jobs"):
        tk.annotate(annotation_corpus(tmp_path), n_jobs=0)


def test_progress_is_reported_per_partition(tmp_path, monkeypatch, annotation_corpus, annotation_stories):
    monkeypatch.setattr(annotate_module, "BATCH_DOCS", 2)
    seen = []
    tk.annotate(annotation_corpus(tmp_path, ids=tuple(annotation_stories)), progress=False,
                on_progress=lambda d, n: seen.append((d, n)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4) and len(seen) == 3  # the total first, then each partition


def test_the_command_line_annotates_a_folder(tmp_path, capsys, monkeypatch, annotation_stories):
    from toolkit.cli import main

    folder = tmp_path / "news"
    folder.mkdir()
    for i, text in enumerate(annotation_stories.values()):
        (folder / f"story{i}.txt").write_text(text)
    monkeypatch.setenv("NEWSLENS_CACHE", str(tmp_path / "cache"))
    assert main(["annotate", str(folder), "--quiet"]) == 0
    assert "annotated 4 new of 4 documents" in capsys.readouterr().err
    assert main(["annotate", str(folder), "--quiet", "--jobs", "0"]) == 2
