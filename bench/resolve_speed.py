"""Speed of the actor reduce step (toolkit.resolve.resolve_mentions) on 10,000 documents' mentions.

The per-document mentions of the bundled Wikinews sample (92 articles) are
made once, then replicated to N documents (default 10,000). So that the
corpus has many distinct names, as a real one does, the names not in the
dictionary get one of 500 suffixes per replica ("Mary Barra 17"), which also
multiplies the acronyms, variants and single names the merges look at.

Figures, in the same run, best of ``--repeat``:
  * ``merges only``: the cross-document merges (variants, acronyms, single
    names, the dictionary) without the corpus-level type vote;
  * ``reduce``: the whole reduce step, type vote included (what every lens call pays);
  * ``type_evidence``: the evidence and confidence behind each type (``tk.actors``).

Usage:
    .venv/bin/python bench/resolve_speed.py [--documents 10000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sample_mentions() -> pd.DataFrame:
    """Per-document mention rows of the bundled sample, as the annotation step stores them."""
    import toolkit as tk
    from toolkit.actors import base_dictionary, document_mentions, spacy_entities

    corpus = tk.load_corpus(ROOT / "samples" / "wikinews", cache=False)
    parts = []
    for doc in corpus.documents.itertuples(index=False):
        sentences = corpus.sentences[corpus.sentences["doc_id"] == doc.doc_id]
        parts.append(document_mentions(doc.text, sentences, doc_id=doc.doc_id, entities=spacy_entities(doc.text),
                                       dictionary=base_dictionary(), across_documents=False))
    return pd.concat(parts, ignore_index=True)


def replicate(rows: pd.DataFrame, n_documents: int, know) -> pd.DataFrame:
    docs = rows["doc_id"].unique()
    copies = -(-n_documents // len(docs))
    known = rows["actor"].map({a: know.lookup(a) is not None for a in rows["actor"].unique()}).astype(bool)
    parts = []
    for k in range(copies):
        part = rows.copy()
        part["doc_id"] = part["doc_id"] + f"#{k}"
        suffix = f" {k % 500}"
        part.loc[~known, "actor"] = part.loc[~known, "actor"] + suffix
        part.loc[~known, "text"] = part.loc[~known, "text"] + suffix
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    keep = out["doc_id"].isin(out["doc_id"].drop_duplicates().iloc[:n_documents])
    return out[keep].reset_index(drop=True)


def _best_of(repeat: int, work) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (the machine may be shared: CPU time is the steadier figure)."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def main(argv=None) -> None:
    from toolkit import resolve
    from toolkit.actors import knowledge
    from toolkit.resolve import _resolve_across_documents, type_evidence

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    know = knowledge()
    rows = replicate(sample_mentions(), args.documents, know)
    resolve.resolve_mentions(rows.copy(), know=know)  # warm the lookups
    merges = _best_of(args.repeat, lambda: _resolve_across_documents(rows.copy(), know))
    reduce = _best_of(args.repeat, lambda: resolve.resolve_mentions(rows.copy(), know=know))
    resolved = resolve.resolve_mentions(rows.copy(), know=know)
    evidence = _best_of(args.repeat, lambda: type_evidence(resolved))
    print(f"{rows['doc_id'].nunique()} documents, {len(rows)} mentions, {rows['actor'].nunique()} distinct names")
    print(f"{'step':<16}{'wall s':>9}{'CPU s':>9}")
    print(f"{'merges only':<16}{merges[0]:>9.3f}{merges[1]:>9.3f}")
    print(f"{'reduce':<16}{reduce[0]:>9.3f}{reduce[1]:>9.3f}   (target < 1 s)")
    print(f"{'type_evidence':<16}{evidence[0]:>9.3f}{evidence[1]:>9.3f}")


if __name__ == "__main__":
    main()
