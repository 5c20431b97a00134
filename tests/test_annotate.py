"""The annotation pass and its store: one pass per document, pure, incremental, safe, parallel."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings

import pandas as pd
import pytest

import importlib

import toolkit as tk
from toolkit.annotate import run_annotation, stored_rows
from toolkit.annotate.document import STORED_TABLES, ner_chunks
from toolkit.annotate.store import AnnotationStore
from toolkit.schemas import STORE_SCHEMAS

annotate_module = importlib.import_module("toolkit.annotate")  # tk.annotate is the function

STORIES = {
    "a": "Kem Sokha was arrested in Phnom Penh on Sunday. “We will fight on,” Kem Sokha said.",
    "b": "Prime Minister Hun Sen praised China on Monday. Hun Sen said Beijing supports Cambodia.",
    "c": "The United Nations condemned the arrest of Kem Sokha. The UN met in Geneva last week.",
    "d": "Angela Merkel visited Paris. “Europe stands together,” Merkel told reporters in France.",
}


def _corpus(tmp_path, ids=("a", "b", "c"), texts=None, **options):
    texts = {**STORIES, **(texts or {})}
    records = [{"id": i, "text": texts[i], "published": "2017-09-08"} for i in ids]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.corpus.CorpusWarning)
        return tk.load_corpus(records, cache_dir=tmp_path, **options)


_ORDER = {"term_counts": ["term"], "relations": ["source_start", "target_start", "verb"],
          "quotes": ["start", "kind"], "events": ["start", "predicate"]}


def _stored(corpus) -> dict[str, pd.DataFrame]:
    tk.annotate(corpus, progress=False)
    tables = {t: stored_rows(corpus, t).sort_values(["doc_id", *_ORDER.get(t, ["start"])], kind="stable")
            .reset_index(drop=True) for t in STORED_TABLES}
    assert not tables["entities"].empty and not tables["tags"].empty
    return tables


def _same_tables(left: dict, right: dict) -> None:
    for name in STORED_TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False, obj=name)


def test_stored_tables_follow_their_schemas(tmp_path):
    corpus = _corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    for name in STORED_TABLES:
        frame = corpus.store.read(name, corpus.doc_keys.tolist())
        assert list(frame.columns) == [c.name for c in STORE_SCHEMAS[name]], name
    assert not stored_rows(corpus, "entities").empty and not stored_rows(corpus, "tags").empty


def test_a_second_call_annotates_nothing(tmp_path):
    corpus = _corpus(tmp_path)
    assert sum(m["documents"] for m in run_annotation(corpus, n_jobs=1, client=None, progress=False,
                                                       on_progress=None)) == 3
    assert run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None) == []
    again = _corpus(tmp_path)  # a new session on the same cache
    assert run_annotation(again, n_jobs=1, client=None, progress=False, on_progress=None) == []


def test_documents_with_the_same_text_share_one_annotation(tmp_path):
    records = [{"id": i, "text": STORIES["a"], "published": "2017-09-08"} for i in ("copy-1", "copy-2")]
    records.append({"id": "other", "text": STORIES["b"], "published": "2017-09-08"})
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


def test_a_documents_rows_do_not_depend_on_the_other_documents(tmp_path):
    alone = _corpus(tmp_path / "alone", ids=("a",))
    together = _corpus(tmp_path / "together", ids=("b", "a", "c"))
    mine = {k: v[v["doc_id"] == "a"].reset_index(drop=True) for k, v in _stored(together).items()}
    _same_tables(_stored(alone), mine)


def test_adding_and_changing_documents_annotates_only_those(tmp_path):
    corpus = _corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    grown = _corpus(tmp_path, ids=("a", "b", "c", "d"))
    written = run_annotation(grown, n_jobs=1, client=None, progress=False, on_progress=None)
    assert sum(m["documents"] for m in written) == 1
    changed = _corpus(tmp_path, ids=("a", "b", "c", "d"), texts={"b": STORIES["b"] + " Hun Sen smiled."})
    written = run_annotation(changed, n_jobs=1, client=None, progress=False, on_progress=None)
    assert sum(m["documents"] for m in written) == 1


def test_removed_documents_leave_every_lens(tmp_path):
    tk.annotate(_corpus(tmp_path), progress=False)
    smaller = _corpus(tmp_path, ids=("a", "b"))
    assert run_annotation(smaller, n_jobs=1, client=None, progress=False, on_progress=None) == []
    for lens in (tk.timeline, tk.events, tk.mentions, tk.quotes, tk.relations, tk.keyterms):
        assert set(lens(smaller)["doc_id"]) <= {"a", "b"}, lens.__name__
    assert "United Nations" not in set(tk.actors(smaller)["actor"])


def test_editing_the_dictionary_changes_names_without_annotating(tmp_path):
    corpus = _corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    dictionary = tk.aliases.load_dictionary(None)
    edited = tk.aliases.merge(dictionary, ["Kem Sokha"], into="Sokha Kem", type="PERSON")
    assert run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None) == []
    names = set(tk.mentions(corpus, dictionary=edited)["actor"])
    assert "Sokha Kem" in names and "Kem Sokha" not in names


def test_a_view_names_mentions_as_its_corpus_does(tmp_path):
    texts = {"a": "Kem Sokha was arrested.\nSokha (pictured) in court, Sunday (AP Photo/Heng Sinith)\nSokha spoke."}
    corpus = _corpus(tmp_path, texts=texts)
    whole = tk.mentions(corpus)
    view = tk.mentions(corpus.select(sections=("headline", "body")))
    merged = view.merge(whole, on=["doc_id", "start"], suffixes=("", "_whole"))
    assert len(merged) == len(view) and (merged["actor"] == merged["actor_whole"]).all()


def test_a_run_killed_halfway_leaves_a_readable_store_and_resumes(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, ids=("a", "b", "c", "d"))
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


def test_a_partial_batch_without_manifest_is_ignored_and_redone(tmp_path):
    corpus = _corpus(tmp_path)
    tk.annotate(corpus, progress=False)
    manifest = next((corpus.store.dir / "manifests").glob("*.json"))
    manifest.unlink()  # as if the process died before its last write
    fresh = AnnotationStore(tmp_path)
    assert fresh.owners() == {}
    assert sum(m["documents"] for m in run_annotation(_corpus(tmp_path), n_jobs=1, client=None, progress=False,
                                                       on_progress=None)) == 3


def test_two_processes_annotating_at_once_lose_nothing(tmp_path):
    script = textwrap.dedent(f"""
        import warnings, toolkit as tk
        warnings.simplefilter("ignore")
        texts = {STORIES!r}
        records = [{{"id": i, "text": t, "published": "2017-09-08"}} for i, t in texts.items()]
        tk.annotate(tk.load_corpus(records, cache_dir={str(tmp_path)!r}), progress=False)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    corpus = _corpus(tmp_path, ids=tuple(STORIES))
    assert run_annotation(corpus, n_jobs=1, client=None, progress=False, on_progress=None) == []
    reference = _corpus(tmp_path / "alone", ids=tuple(STORIES))
    _same_tables(_stored(corpus), _stored(reference))
    assert not list(corpus.store.dir.rglob("*.tmp"))


def test_two_local_processes_give_the_tables_of_one(tmp_path):
    one = _corpus(tmp_path / "one", ids=tuple(STORIES))
    two = _corpus(tmp_path / "two", ids=tuple(STORIES))
    tk.annotate(one, progress=False)
    tk.annotate(two, n_jobs=2, progress=False)
    _same_tables(_stored(one), _stored(two))


def test_bad_n_jobs(tmp_path):
    with pytest.raises(ValueError, match="n_jobs"):
        tk.annotate(_corpus(tmp_path), n_jobs=0)


def test_progress_is_reported_per_partition(tmp_path, monkeypatch):
    monkeypatch.setattr(annotate_module, "BATCH_DOCS", 2)
    seen = []
    tk.annotate(_corpus(tmp_path, ids=tuple(STORIES)), progress=False, on_progress=lambda d, n: seen.append((d, n)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4) and len(seen) == 3  # the total first, then each partition


def test_ner_pieces_keep_offsets_and_stay_short():
    from toolkit.annotate.document import CHUNK_CHARS, DocumentInput

    sentence = "Hun Sen met Kem Sokha in Phnom Penh. "
    text = sentence * 4000  # one paragraph of 148,000 characters
    starts = list(range(0, len(text), len(sentence)))
    doc = DocumentInput("k", text, None, tuple(range(len(starts))), tuple(starts),
                        tuple(s + len(sentence) - 1 for s in starts), ("body",) * len(starts), (0,) * len(starts))
    pieces = ner_chunks(doc)
    assert all(b - a <= CHUNK_CHARS for a, b in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text) - 1
    assert all(text[a:a + 3] == "Hun" for a, _ in pieces)  # cut at sentence starts


@pytest.mark.slow
def test_a_text_longer_than_spacys_limit_goes_through_every_lens(tmp_path, monkeypatch):
    """Over spaCy's max_length: processed in sentence-aligned pieces, offsets kept.

    spaCy's limit is lowered to 120,000 characters on the pipelines the pass loads, so a
    130,000-character text is over it (as a 1 MB text is over the real limit) at a
    ninth of the cost; spaCy raises E088 for any text past the limit it is given.
    """
    from toolkit.annotate.document import CHUNK_CHARS, ner_model, parse_model

    limit = 120_000
    assert CHUNK_CHARS < limit
    for nlp in (ner_model(), parse_model().nlp):
        monkeypatch.setattr(nlp, "max_length", limit)
    with pytest.raises(ValueError, match="E088"):
        ner_model()("x" * (limit + 1))  # the lowered limit is the one spaCy enforces
    sentence = "Hun Sen spoke in Phnom Penh on Sunday while Kem Sokha stayed in jail. "
    text = sentence * (130_000 // len(sentence))
    corpus = _corpus(tmp_path, ids=("big",), texts={"big": text})
    for lens in (tk.timeline, tk.events, tk.mentions, tk.actors, tk.cooccurrence, tk.quotes, tk.relations,
                 tk.keyterms):
        lens(corpus)
    m = tk.mentions(corpus)
    last = m.iloc[-1]
    assert text[last.start:last.end] == last.text and last.start > limit
    assert {"Hun Sen", "Kem Sokha"} <= set(m["actor"])


@pytest.mark.slow
def test_the_five_megabyte_single_line_file_goes_through_every_lens(tmp_path):
    """The bad-input file of test_corpus: one 5 MB line without sentence punctuation (not prose)."""
    line = ("Hun Sen spoke in Phnom Penh on Sunday while Kem Sokha stayed in jail " * 75_000)[: 5_000_000]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "big.txt").write_text(line)
    corpus = tk.load_corpus(tmp_path / "docs", cache_dir=tmp_path / "cache")
    assert len(tk.timeline(corpus)) > 70_000  # every "Sunday"
    for lens in (tk.events, tk.mentions, tk.actors, tk.cooccurrence, tk.quotes, tk.relations, tk.keyterms,
                 tk.keywords):
        tk.validate(lens(corpus), lens.__name__) if lens.__name__ in tk.SCHEMAS else lens(corpus)


def test_the_command_line_annotates_a_folder(tmp_path, capsys, monkeypatch):
    from toolkit.cli import main

    folder = tmp_path / "news"
    folder.mkdir()
    for i, text in enumerate(STORIES.values()):
        (folder / f"story{i}.txt").write_text(text)
    monkeypatch.setenv("NEWSLENS_CACHE", str(tmp_path / "cache"))
    assert main(["annotate", str(folder), "--quiet"]) == 0
    assert "annotated 4 new of 4 documents" in capsys.readouterr().err
    assert main(["annotate", str(folder), "--quiet", "--jobs", "0"]) == 2
