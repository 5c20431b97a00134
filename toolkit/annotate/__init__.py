"""One annotation pass per document, stored, read by every lens.

:func:`annotate` finds the documents of a corpus that have no stored rows yet,
sends them out in partitions (by a hash of ``doc_id``) to this process, to local
worker processes (``n_jobs``) or to a Dask cluster (``client``), and each worker
runs :func:`toolkit.annotate.document.annotate_documents` on its partition and
writes the tables to the store (:mod:`toolkit.annotate.store`). Only a small
manifest comes back. Every lens calls :func:`ensure_annotated` first, so a lens
never runs spaCy of its own.
"""
from __future__ import annotations

import math
import os
import time
from collections.abc import Callable

import pandas as pd

from toolkit.annotate.document import DocumentInput, annotate_documents
from toolkit.annotate.store import AnnotationStore, batch_name, partition_of
from toolkit.frames import is_in

__all__ = ["annotate", "ensure_annotated", "AnnotationStore", "annotate_batch", "DASK_WORKER_CONFIG"]

BATCH_DOCS = 256  # documents per partition: few files, yet a progress step every few seconds
PROGRESS_THRESHOLD = 50

# Dask settings for workers that annotate, applied where the workers start (`dask.config.set` around
# `LocalCluster(...)`, or the cluster's YAML / DASK_* variables). With Dask's defaults a task ran 10-20%
# slower than the same task in a local process: the worker's sampling profiler takes the GIL every 10 ms,
# and the nanny's MALLOC_TRIM_THRESHOLD_=65536 makes glibc give memory back at nearly every free, so
# spaCy's short-lived arrays are mapped and zeroed again and again (README, Scaling out).
DASK_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None: not set, glibc's default
}


def annotate(corpus, *, n_jobs: int = 1, client=None, progress: bool | None = True,
             on_progress: Callable[[int, int], None] | None = None):
    """Annotate every document of ``corpus`` that the store does not hold yet.

    Args:
        corpus: a :class:`toolkit.Corpus` (or a view: its whole corpus is annotated).
        n_jobs: local worker processes; 1 runs here, -1 uses every core. spaCy loads
            once per process; no spaCy object crosses a process boundary.
        client: a ``dask.distributed.Client``; annotation then runs on its workers,
            which must see the store's folder (a shared filesystem). Start them with
            :data:`DASK_WORKER_CONFIG` for 10-20% more speed (README, Scaling out).
        progress: a tqdm bar; None shows one above 50 documents.
        on_progress: called as ``on_progress(done, total)`` in documents: once with
            ``done=0`` before the work starts, then after each partition (the
            explorers show it in the widget).

    Returns:
        ``corpus`` itself: its annotations are in ``corpus.store``.

    Raises:
        ValueError: ``n_jobs`` is 0 or below -1.
    """
    run_annotation(corpus, n_jobs=n_jobs, client=client, progress=progress, on_progress=on_progress)
    return corpus


def ensure_annotated(corpus, *, progress: bool | None = None) -> None:
    """Annotate what is missing, in this process: what every lens calls before reading the store."""
    run_annotation(corpus, n_jobs=1, client=None, progress=progress, on_progress=None)


def run_annotation(corpus, *, n_jobs: int, client, progress, on_progress) -> list[dict]:
    """Annotate the missing documents; returns one manifest per partition written."""
    if n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive number of processes or -1, not {n_jobs}")
    whole = corpus.whole
    store: AnnotationStore = whole.store
    keys = whole.doc_keys
    missing = set(store.missing(keys.tolist()))
    if not missing:
        return []
    docs = whole.documents
    doc_key = docs["doc_id"].map(keys)
    todo = docs[doc_key.isin(missing) & ~doc_key.duplicated()]  # documents with the same key share rows
    workers = _workers(n_jobs, client)
    batches = _partitions(todo, keys, whole.sentences, workers)
    show = len(todo) > PROGRESS_THRESHOLD if progress is None else bool(progress)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(todo), desc="annotating", unit="doc", disable=not show)
    done, manifests = 0, []
    if on_progress is not None:
        on_progress(0, len(todo))  # the total, before the first partition is done
    try:
        for manifest in _execute(batches, store, n_jobs=workers, client=client):
            manifests.append(manifest)
            done += manifest["documents"]
            bar.update(manifest["documents"])
            if on_progress is not None:
                on_progress(done, len(todo))
    finally:
        bar.close()
    return manifests


def _workers(n_jobs: int, client) -> int:
    if client is not None:
        return max(1, len(client.scheduler_info().get("workers", {})))
    return (os.cpu_count() or 1) if n_jobs == -1 else max(1, int(n_jobs))


def _partitions(todo: pd.DataFrame, keys: pd.Series, sentences: pd.DataFrame, workers: int) -> list[tuple[str, list]]:
    """``(batch name, [DocumentInput])`` per partition of the documents to annotate."""
    n = len(todo)
    if n == 0:
        return []
    n_parts = max(math.ceil(n / BATCH_DOCS), min(n, 2 * workers if workers > 1 else 1))
    wanted = sentences[is_in(sentences["doc_id"], todo["doc_id"])].sort_values(["doc_id", "start"], kind="stable")
    by_doc = {d: g for d, g in wanted.groupby("doc_id", sort=False)}
    groups: dict[int, list[DocumentInput]] = {}
    for row in todo.itertuples(index=False):
        sents = by_doc.get(row.doc_id)
        cols = {c: tuple(sents[c].tolist()) if sents is not None else () for c in ("sent_id", "start", "end", "section", "par_id")}
        published = None if pd.isna(row.published) else pd.Timestamp(row.published)
        doc = DocumentInput(keys[row.doc_id], row.text, published, **cols)
        groups.setdefault(partition_of(row.doc_id, n_parts), []).append(doc)
    return [(batch_name(p, [d.doc_key for d in docs]), docs) for p, docs in sorted(groups.items())]


def annotate_batch(batch: str, docs: list[DocumentInput], store_dir: str, identity: dict) -> dict:
    """Annotate one partition and write it to the store at ``store_dir``: the task a worker runs.

    Returns a small manifest: batch, documents, rows per table, the worker's pid,
    how many times this process has loaded a spaCy model, and seconds taken.
    """
    from toolkit import nlp

    started = time.perf_counter()
    store = AnnotationStore(store_dir, identity=identity)
    tables = annotate_documents(docs)
    rows = store.write_batch(batch, tables, [d.doc_key for d in docs])
    return {"batch": batch, "documents": len(docs), "rows": rows, "pid": os.getpid(),
            "model_loads": nlp.load_count(), "seconds": time.perf_counter() - started}


def _execute(batches, store: AnnotationStore, *, n_jobs: int, client):
    root = str(store.dir.parent.parent)
    tasks = [(name, docs, root, store.identity) for name, docs in batches]
    if client is not None:
        from dask.distributed import as_completed

        futures = [client.submit(annotate_batch, *task, key=f"annotate-{task[0]}", pure=False) for task in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel([f for f in futures if not f.done()])
        return
    if n_jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            yield annotate_batch(*task)
        return
    import concurrent.futures

    with concurrent.futures.ProcessPoolExecutor(min(n_jobs, len(tasks))) as pool:
        futures = [pool.submit(annotate_batch, *task) for task in tasks]
        try:
            for future in concurrent.futures.as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def stored_rows(corpus, table: str, *, doc_ids=None) -> pd.DataFrame:
    """The stored ``table`` rows of every document of ``corpus``, with ``doc_id``, in document order.

    Two documents with the same key (the same text, date and sentences) each get
    their own copy of the rows. The frame is new: callers may change it.

    Args:
        doc_ids: only these documents' rows (only the batches holding them are read).
    """
    keys = corpus.doc_keys
    if doc_ids is not None:
        keys = keys[is_in(keys.index, [doc_ids] if isinstance(doc_ids, str) else list(doc_ids))]
    stored = corpus.whole.store.read(table, keys.dropna().unique().tolist())
    ids = pd.DataFrame({"doc_id": keys.index.to_numpy(), "doc_key": keys.to_numpy(), "_order": range(len(keys))})
    frame = ids.merge(stored, on="doc_key", how="inner", sort=False)
    by = ["_order"] + (["start"] if "start" in frame.columns else [])
    frame = frame.sort_values(by, kind="stable").drop(columns="_order").reset_index(drop=True)
    return frame
