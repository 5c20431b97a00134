"""Corpus-wide aggregates (toolkit.aggregate) over a synthetic annotation store of 10^6 documents.

No spaCy here: the store's tables are generated directly, with the real store's
layout (``<dir>/annotations/<identity>/<table>/part-PPPP-<hash>.parquet`` plus
``manifests/part-….json`` holding ``{"doc_keys": [...]}``; every table of
``STORED_TABLES`` has a file per batch, most of them empty) and the sizes of
``samples/wikinews`` (per document: 22.7 mentions, 121 term rows of 164 words, 7 events):

* mentions: about 22 per document, of 1 + Poisson(5) distinct actors per document
  drawn from a Zipf(1.05) vocabulary of 50,000 actors (each with a fixed type); in
  15% of (document, actor) pairs the document names a person by the surname
  alone or an organisation by its initials ("Brask Party" -> "BP"), as the
  per-document layer leaves them, so the cross-document reduce has work to do;
* term_counts: about 120 rows per document (about 165 Zipf(1.0) draws from a
  vocabulary of 200,000 words, counted);
* events: Poisson(7) per document, dated up to 60 days before publication;
* published: uniform over ten years (2015-2024).

Generation streams: one batch of ``--batch`` documents (default 5,000) at a time.

Then each measure runs in its own subprocess and the parent samples the summed
RSS of that process and its children (psutil), so the peak covers everything:
reading the document table, DuckDB, and the pandas result.

* ``actor_counts``: every actor, resolved as the lenses resolve (the reduce step
  on DuckDB's summary of the mentions, its renamings joined back);
* ``cooccurrence(document)``: pairs of resolved actors sharing a document, ``min_count`` ``--min-pairs``;
* ``terms by month``: ``term_counts_by_period(freq="month")``, every term;
* ``events by month``: ``events_by_period(freq="month")``;
* the same actors, pairs and terms by month computed with dask.dataframe (threaded
  scheduler, 2 threads; with ``--dask-cluster`` terms also on a LocalCluster of 2
  processes), each checked equal to DuckDB's (rows and a checksum).

Usage:
    .venv/bin/python bench/store_scale.py [--docs 1000000] [--dir /tmp/newslens-store-scale-<docs>] [--keep]
        [--json out.json]

The store is deleted at the end unless ``--keep`` is given.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IDENTITY = {"synthetic": "bench/store_scale.py", "format": 1}
N_ACTORS = 50_000
N_TERMS = 200_000
START = np.datetime64("2015-01-01")
DAYS = 3653
PEAK_TARGET_MB = 4096
SHORT_SHARE = 0.15
TYPES = np.array(["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"])
TYPE_P = [0.45, 0.27, 0.18, 0.05, 0.03, 0.02]
VERBS = ["said", "met", "announced", "arrested", "visited", "signed", "rejected", "warned", "protested",
         "elected", "resigned", "attacked", "agreed", "launched", "voted", "released", "killed", "won",
         "appointed", "condemned", "praised", "sued", "fined", "closed", "opened", "cut", "raised", "denied"]


# ---------------------------------------------------------------- vocabularies


def _words(rng: np.random.Generator, n: int, lo: int, hi: int) -> list[str]:
    """``n`` distinct pronounceable lower-case words of ``lo``..``hi`` syllables."""
    onsets = list("bcdfghjklmnprstvwz") + ["br", "ch", "cr", "dr", "gr", "kh", "pl", "sh", "st", "th", "tr"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y"]
    codas = ["", "", "", "n", "r", "s", "l", "m", "k", "t", "nd", "rk", "st"]
    seen: dict[str, None] = {}
    while len(seen) < n:
        k = int(rng.integers(lo, hi + 1))
        word = "".join(onsets[rng.integers(len(onsets))] + vowels[rng.integers(len(vowels))] +
                       codas[rng.integers(len(codas))] for _ in range(k))
        seen.setdefault(word, None)
    return list(seen)


def vocabularies(seed: int = 7):
    """Actor names with their types, and the term vocabulary, in Zipf rank order."""
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    first = [w.capitalize() for w in _words(rng, 3000, 2, 3)]
    last = [w.capitalize() for w in _words(rng, 20000, 2, 4)]
    types = rng.choice(TYPES, size=N_ACTORS, p=TYPE_P)
    names: dict[str, None] = {}

    while len(names) < N_ACTORS:
        if types[len(names)] == "PERSON":
            name = f"{first[rng.integers(len(first))]} {last[rng.integers(len(last))]}"
        elif types[len(names)] == "ORG":
            name = f"{last[rng.integers(len(last))]} {rng.choice(['Party', 'Bank', 'Group', 'Council', 'Ministry'])}"
        else:
            name = last[rng.integers(len(last))]
        names.setdefault(name, None)
    terms = _words(rng, N_TERMS, 1, 4)
    # what a document calls an actor it names only in short: a person's surname, an organisation's initials
    short = [name.split()[-1] if kind == "PERSON" else "".join(w[0] for w in name.split()) if kind == "ORG" else name
             for name, kind in zip(names, types)]
    return (pa.array(list(names) + short, pa.string()), pa.array(types.tolist() * 2, pa.string()),
            pa.array(terms, pa.string()))


def _zipf_cdf(n: int, s: float) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** s
    return np.cumsum(p / p.sum())


def _draw(rng, cdf: np.ndarray, size: int) -> np.ndarray:
    return np.minimum(np.searchsorted(cdf, rng.random(size)), len(cdf) - 1)


# ---------------------------------------------------------------- one batch


def _schema(table: str):
    import pyarrow as pa

    from toolkit.schemas import STORE_SCHEMAS

    kinds = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "datetime": pa.timestamp("ns"),
             "float": pa.float64()}
    return pa.schema([(c.name, kinds[c.kind]) for c in STORE_SCHEMAS[table]])


def doc_keys(first: int, n: int) -> list[str]:
    return [hashlib.sha1(f"synthetic-{i}".encode()).hexdigest()[:24] for i in range(first, first + n)]


def make_batch(b: int, first: int, n: int, vocab) -> tuple[dict, list[str], np.ndarray]:
    """The tables of documents ``first .. first+n-1`` (rows as pyarrow tables), their keys and dates."""
    import pyarrow as pa
    import pyarrow.compute as pc

    actor_names, actor_types, terms, actor_cdf, term_cdf = vocab
    rng = np.random.default_rng(1000 + b)
    keys = doc_keys(first, n)
    key_arr = pa.array(keys, pa.string())
    published = START + rng.integers(0, DAYS, n).astype("timedelta64[D]")
    n_sent = 10 + rng.poisson(15, n)

    # mentions: k distinct actors per document, each mentioned once, then more mentions skewed to the first
    k = 1 + rng.poisson(5, n)
    m = np.maximum(k, rng.poisson(22, n))
    slots = _draw(rng, actor_cdf, int(k.sum()))  # the document's actors (rank numbers)
    slot_base = np.concatenate([[0], np.cumsum(k)[:-1]])
    doc = np.repeat(np.arange(n), m)
    within = np.arange(len(doc)) - np.repeat(np.concatenate([[0], np.cumsum(m)[:-1]]), m)
    kk = k[doc]
    pick = np.where(within < kk, within, np.floor(kk * rng.random(len(doc)) ** 2).astype(np.int64))
    actor = slots[slot_base[doc] + pick]
    # 15% of a document's actors go by their short name in that document (names 0..N-1 full, N..2N-1 short)
    in_short = rng.random(int(k.sum())) < SHORT_SHARE
    actor = actor + N_ACTORS * in_short[slot_base[doc] + pick]
    sent = (rng.random(len(doc)) * n_sent[doc]).astype(np.int64)
    start = sent * 140 + rng.integers(0, 100, len(doc))
    order = np.lexsort((start, doc))  # a document's mentions by offset, as the store keeps them
    doc, actor, sent, start = doc[order], actor[order], sent[order], start[order]
    name = pc.take(actor_names, pa.array(actor))
    end = start + pc.utf8_length(name).to_numpy(zero_copy_only=False)
    mention_type = pc.take(actor_types, pa.array(actor))
    mentions = pa.table({
        "doc_key": pc.take(key_arr, pa.array(doc)), "sent_id": sent, "section": pa.array(
            np.where(sent == 0, "headline", "body")), "par_id": sent // 3, "start": start, "end": end,
        "text": name, "actor": name, "type": mention_type, "label": mention_type,
        "source": pa.array(np.full(len(doc), "spacy")),
        "cues": pa.nulls(len(doc), pa.string()),  # no type cues: every name keeps its one synthetic type
    }, schema=_schema("mentions"))

    # term_counts: ~165 Zipf draws per document, counted (about 120 distinct terms)
    draws = 60 + rng.poisson(105, n)
    tdoc = np.repeat(np.arange(n, dtype=np.int64), draws)
    code, count = np.unique(tdoc * N_TERMS + _draw(rng, term_cdf, len(tdoc)), return_counts=True)
    term_counts = pa.table({"doc_key": pc.take(key_arr, pa.array(code // N_TERMS)),
                            "term": pc.take(terms, pa.array(code % N_TERMS)), "count": count.astype(np.int64)},
                           schema=_schema("term_counts"))

    # events: Poisson(7) per document, up to 60 days before publication
    e = rng.poisson(7, n)
    edoc = np.repeat(np.arange(n), e)
    day = published[edoc] - rng.integers(0, 61, len(edoc)).astype("timedelta64[D]")
    esent = (rng.random(len(edoc)) * n_sent[edoc]).astype(np.int64)
    estart = esent * 140 + rng.integers(0, 100, len(edoc))
    verb = rng.integers(0, len(VERBS), len(edoc))
    verbs = pa.array(VERBS)
    events = pa.table({
        "doc_key": pc.take(key_arr, pa.array(edoc)), "sent_id": esent,
        "section": pa.array(np.where(esent == 0, "headline", "body")), "start": estart, "end": estart + 10,
        "text": pa.array(np.datetime_as_string(day, unit="D")), "value": pa.array(np.datetime_as_string(day, unit="D")),
        "type": pa.array(np.full(len(edoc), "DATE")), "anchor": pa.array(np.full(len(edoc), "relative")),
        "date_start": day.astype("datetime64[ns]"), "date_end": day.astype("datetime64[ns]"),
        "reference": published[edoc].astype("datetime64[ns]"),
        "predicate": pc.take(verbs, pa.array(verb)), "lemma": pc.take(verbs, pa.array(verb)),
        "relative_to": pa.array(np.full(len(edoc), "")),
    }, schema=_schema("events"))
    return {"mentions": mentions, "term_counts": term_counts, "events": events}, keys, published


def generate(root: Path, n_docs: int, batch_docs: int) -> dict:
    """Write the synthetic store under ``root``; returns what was written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from toolkit.annotate.document import STORED_TABLES
    from toolkit.annotate.store import AnnotationStore, batch_name

    store = AnnotationStore(root, identity=IDENTITY)
    started = time.perf_counter()
    names, types, terms = vocabularies()
    vocab = (names, types, terms, _zipf_cdf(N_ACTORS, 1.05), _zipf_cdf(N_TERMS, 1.0))
    all_keys, all_dates, rows = [], [], dict.fromkeys(STORED_TABLES, 0)
    for b, first in enumerate(range(0, n_docs, batch_docs)):
        n = min(batch_docs, n_docs - first)
        tables, keys, published = make_batch(b, first, n, vocab)
        batch = batch_name(b, keys)
        for table in STORED_TABLES:
            data = tables[table] if table in tables else _schema(table).empty_table()
            _atomic(store.dir / table / f"{batch}.parquet", lambda tmp, d=data: pq.write_table(d, tmp, compression="zstd"))
            rows[table] += data.num_rows
        manifest = json.dumps({"doc_keys": sorted(keys), "rows": {t: tables[t].num_rows for t in tables},
                               "identity": IDENTITY})
        _atomic(store.dir / "manifests" / f"{batch}.json", lambda tmp: Path(tmp).write_text(manifest))
        all_keys += keys
        all_dates.append(published)
        if b % 20 == 0:
            print(f"  batch {b}: {first + n:,} documents, {time.perf_counter() - started:.0f} s", flush=True)
    docs = pa.table({"doc_id": [f"doc{i:07d}" for i in range(n_docs)], "doc_key": all_keys,
                     "published": np.concatenate(all_dates).astype("datetime64[ns]")})
    pq.write_table(docs, root / "documents.parquet")
    info = {"docs": n_docs, "batch_docs": batch_docs, "rows": rows, "seconds": time.perf_counter() - started,
            "store": str(store.dir)}
    (root / "synthetic.json").write_text(json.dumps(info))
    return info


def _atomic(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


def disk_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


# ---------------------------------------------------------------- the measures (each runs in a child process)


def _load(root: Path):
    import pandas as pd

    from toolkit.annotate.store import AnnotationStore

    return AnnotationStore(root, identity=IDENTITY), pd.read_parquet(root / "documents.parquet")


def measure(name: str, root: Path, min_pairs: int) -> dict:
    """Run one measure here; returns seconds (reading the documents included, imports not), rows and a checksum."""
    began = time.perf_counter()
    if name.startswith("dask"):
        import dask.dataframe  # noqa: F401

        from toolkit import resolve  # noqa: F401  (the reduce step, as for DuckDB)
        if name == "dask-cluster":
            import distributed  # noqa: F401
        started = time.perf_counter()
        if name == "dask-actors":
            return {**_dask_actors(root, started), "imports": started - began}
        if name == "dask-cooccurrence":
            return {**_dask_cooccurrence(root, started, min_pairs), "imports": started - began}
        return {**_dask_terms(root, started, cluster=name == "dask-cluster"), "imports": started - began}
    from toolkit import aggregate
    import duckdb  # noqa: F401

    started = time.perf_counter()

    store, docs = _load(root)
    if name == "actors":
        out = aggregate.actor_counts(store, docs)
        check = _actors_check(out)
    elif name == "cooccurrence":
        out = aggregate.cooccurrence_counts(store, docs, unit="document", min_count=min_pairs)
        check = int(out["count"].sum())
    elif name == "terms":
        out = aggregate.term_counts_by_period(store, docs, freq="month")
        check = int(out["count"].sum())
    elif name == "events":
        out = aggregate.events_by_period(store, docs, freq="month")
        check = int(out["events"].sum())
    else:
        raise SystemExit(f"unknown measure {name}")
    return {"seconds": time.perf_counter() - started, "rows": len(out), "check": check, "imports": started - began}


def _actors_check(table) -> int:
    """A checksum of an actor table: mentions and documents, weighted by each actor's rank in name order."""
    table = table.sort_values("actor")
    rank = np.arange(1, len(table) + 1)
    return int((table["mentions"].to_numpy() * rank).sum() + 7 * (table["documents"].to_numpy() * rank).sum())


def _dask_mentions(root: Path):
    """The stored mentions as a dask frame, with each document's number (``_doc``) and date, and the alias map."""
    import dask.dataframe as dd

    from toolkit.actors import knowledge
    from toolkit.resolve import alias_map

    store, docs = _load(root)
    docs = docs.assign(_doc=np.arange(len(docs), dtype=np.int64))[["doc_key", "_doc", "published"]]
    m = dd.read_parquet([str(f) for f in store.files("mentions")],
                        columns=["doc_key", "start", "actor", "type", "text"])
    m = m.merge(docs, on="doc_key", how="inner")
    m = m.assign(_first=m["_doc"] * 4294967296 + m["start"])
    summary = m.groupby(["actor", "type", "text"]).agg(n_mentions=("start", "size"), _first=("_first", "min"))
    summary = summary.compute().reset_index().sort_values("_first").drop(columns="_first").reset_index(drop=True)
    for c in ("actor", "type", "text"):
        summary[c] = summary[c].astype(object)
    names = alias_map(summary, know=knowledge(None))
    renamed = names.loc[(names["resolved_actor"] != names["actor"]) | (names["resolved_type"] != names["type"]),
                        ["actor", "type", "text", "resolved_actor"]]

    def rename(part, renamed=renamed):
        part = part.merge(renamed, on=["actor", "type", "text"], how="left")
        part["actor"] = part["resolved_actor"].where(part["resolved_actor"].notna(), part["actor"])
        return part.drop(columns="resolved_actor")

    meta = m._meta.assign(actor=m._meta["actor"].astype(object))
    return m.map_partitions(rename, meta=meta), names


def _dask_actors(root: Path, started: float) -> dict:
    """actor_counts with dask.dataframe: summary and reduce, renamings merged per partition, documents per actor."""
    import dask

    with dask.config.set(scheduler="threads", num_workers=2):
        m, names = _dask_mentions(root)
        # a document's rows are all in one file (partition): its distinct actors are found there
        present = m[["actor", "_doc", "published"]].map_partitions(lambda p: p.drop_duplicates(["actor", "_doc"]))
        per_actor = present.groupby("actor").agg(documents=("_doc", "size"), first_seen=("published", "min"),
                                                 last_seen=("published", "max")).compute()
    mentions = names.groupby("resolved_actor")["n_mentions"].sum()
    out = per_actor.assign(mentions=mentions.reindex(per_actor.index).to_numpy()).reset_index()
    return {"seconds": time.perf_counter() - started, "rows": len(out), "check": _actors_check(out)}


def _dask_cooccurrence(root: Path, started: float, min_pairs: int) -> dict:
    """Pairs of resolved actors sharing a document, with dask.dataframe: pairs counted per partition, then summed."""
    import dask
    import pandas as pd

    with dask.config.set(scheduler="threads", num_workers=2):
        m, names = _dask_mentions(root)
        codes = pd.Index(sorted(set(names["resolved_actor"])))

        def pairs(part):
            coded = pd.DataFrame({"_doc": part["_doc"].to_numpy(), "a": codes.get_indexer(part["actor"])})
            coded = coded.drop_duplicates()
            both = coded.merge(coded, on="_doc")
            both = both[both["a_x"] < both["a_y"]]
            return both.groupby(["a_x", "a_y"]).size().rename("n").reset_index()

        meta = pd.DataFrame({"a_x": pd.Series(dtype="int64"), "a_y": pd.Series(dtype="int64"),
                             "n": pd.Series(dtype="int64")})
        counted = m[["_doc", "actor"]].map_partitions(pairs, meta=meta)
        out = counted.groupby(["a_x", "a_y"])["n"].sum(split_out=8)
        out = out[out >= min_pairs].compute()
    return {"seconds": time.perf_counter() - started, "rows": len(out), "check": int(out.sum())}


def _dask_terms(root: Path, started: float, *, cluster: bool) -> dict:
    """Terms by month with dask.dataframe: read the term_counts parts, join the document dates, group, sum."""
    import dask
    import dask.dataframe as dd
    import pandas as pd

    store, docs = _load(root)
    docs = docs.assign(period=docs["published"].dt.to_period("M").dt.start_time)[["doc_key", "period"]]
    client = None
    if cluster:
        from dask.distributed import Client, LocalCluster

        client = Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                     memory_limit="2GiB"))
    try:
        with dask.config.set(scheduler="threads", num_workers=2) if client is None else _nothing():
            parts = dd.read_parquet([str(f) for f in store.files("term_counts")], columns=["doc_key", "term", "count"])
            joined = parts.merge(docs, on="doc_key", how="inner")
            out = joined.groupby(["period", "term"])["count"].sum(split_out=True).compute().reset_index()
            out = out.sort_values(["period", "count", "term"], ascending=[True, False, True])
    finally:
        if client is not None:
            cluster_ = client.cluster
            client.close()
            cluster_.close()
    return {"seconds": time.perf_counter() - started, "rows": len(out), "check": int(out["count"].sum()),
            "dtype": str(pd.Series(out["count"]).dtype)}


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def run_child(name: str, root: Path, min_pairs: int, timeout: float) -> dict:
    """Run ``name`` in a fresh interpreter, sampling the RSS of it and its children; the peak in MB."""
    import psutil

    cmd = [sys.executable, __file__, "--dir", str(root), "--child", name, "--min-pairs", str(min_pairs)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [parent] + parent.children(recursive=True)
            rss = 0
            for p in tree:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, rss)
        except psutil.Error:
            pass
        if time.perf_counter() - started > timeout:
            for p in [parent] + parent.children(recursive=True):
                try:
                    p.kill()
                except psutil.Error:
                    pass
            break
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    line = [x for x in out.splitlines() if x.startswith("{")]
    if wall > timeout:
        return {"error": f"did not finish in {timeout:.0f} s (killed)", "peak_mb": peak / 2**20, "wall": wall,
                "stderr": err[-1500:]}
    if proc.returncode != 0 or not line:
        last = ((err or out).strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        return {"error": last[:200], "peak_mb": peak / 2**20, "wall": wall, "stderr": err[-1500:]}
    result = json.loads(line[-1])
    result.update(peak_mb=peak / 2**20, wall=wall)
    return result


# ---------------------------------------------------------------- main


LABELS = {
    "actors": "actor_counts, DuckDB",
    "dask-actors": "actor counts, dask (threads x2)",
    "cooccurrence": "cooccurrence_counts(document), DuckDB",
    "dask-cooccurrence": "co-occurrence (document), dask (threads x2)",
    "terms": "term_counts_by_period(month), DuckDB",
    "dask-threads": "terms by month, dask (threads x2)",
    "events": "events_by_period(month), DuckDB",
    "dask-cluster": "terms by month, dask (LocalCluster 2 procs)",
}
PAIRS = {"actors": "dask-actors", "cooccurrence": "dask-cooccurrence", "terms": "dask-threads"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="default: /tmp/newslens-store-scale-<docs>")
    parser.add_argument("--keep", action="store_true",
                        help="reuse a store generated before with the same --docs, and keep it afterwards")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--batch", type=int, default=5000, help="documents per batch (partition)")
    parser.add_argument("--min-pairs", type=int, default=5, help="min_count of the co-occurrence measure")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per measure")
    parser.add_argument("--skip", nargs="*", default=[], help="measures to leave out: " + " ".join(LABELS))
    parser.add_argument("--dask-cluster", action="store_true",
                        help="also time dask.dataframe on a 2-process LocalCluster (2 GiB per worker); "
                             "heavy at 10^6 documents")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.dir or Path(f"/tmp/newslens-store-scale-{args.docs}")

    if args.child:
        print(json.dumps(measure(args.child, root, args.min_pairs)))
        return 0

    import duckdb
    import dask
    import pandas

    info_file = root / "synthetic.json"
    info = json.loads(info_file.read_text()) if info_file.exists() else None
    if args.keep and info and info["docs"] == args.docs:
        print(f"reusing the store in {root}")
    else:
        if root.exists():
            import shutil

            shutil.rmtree(root)
        root.mkdir(parents=True)
        print(f"generating {args.docs:,} documents in {root} ...", flush=True)
        info = generate(root, args.docs, args.batch)
    size = disk_bytes(root)
    rows = info["rows"]
    print(f"store: {args.docs:,} documents, {len(list((Path(info['store']) / 'manifests').glob('*.json')))} batches; "
          f"rows: mentions {rows['mentions']:,} ({rows['mentions'] / args.docs:.1f}/doc), term_counts "
          f"{rows['term_counts']:,} ({rows['term_counts'] / args.docs:.1f}/doc), events {rows['events']:,} "
          f"({rows['events'] / args.docs:.1f}/doc); generated in {info['seconds']:.0f} s; on disk {size / 2**30:.2f} GiB")
    print(f"duckdb {duckdb.__version__}, dask {dask.__version__}, pandas {pandas.__version__}, "
          f"{os.cpu_count()} cores; DuckDB memory_limit {__import__('toolkit.aggregate').aggregate.MEMORY_LIMIT}",
          flush=True)

    order = [n for n in LABELS if n != "dask-cluster"] + (["dask-cluster"] if args.dask_cluster else [])
    results = {}
    for name in order:
        if name in args.skip:
            continue
        print(f"  {LABELS[name]} ...", flush=True)
        results[name] = run_child(name, root, args.min_pairs, args.timeout)
        r = results[name]
        print(f"    {r.get('seconds', float('nan')):.1f} s, peak {r['peak_mb']:.0f} MB, rows {r.get('rows', '-')}"
              + (f"  ERROR {r['error']}" if "error" in r else ""), flush=True)

    print()
    print(f"## toolkit.aggregate over a synthetic store of {args.docs:,} documents "
          f"({size / 2**30:.2f} GiB of Parquet)")
    print()
    print("seconds: reading the document table + the query + the pandas result, in a fresh process "
          "(its imports not counted: shown apart); peak MB: summed RSS of the process and its children")
    print()
    print("| measure | seconds | imports s | peak MB | rows out | target | met |")
    print("|---|---:|---:|---:|---:|---|---|")
    for name, r in results.items():
        if "error" in r:
            print(f"| {LABELS[name]} | failed | - | {r['peak_mb']:.0f} | - | peak < {PEAK_TARGET_MB} MB | no: {r['error']} |")
            continue
        met = "yes" if r["peak_mb"] < PEAK_TARGET_MB else "no"
        label = LABELS[name] + (f", min_count={args.min_pairs}" if "cooccurrence" in name else "")
        print(f"| {label} | {r['seconds']:.1f} | {r['imports']:.1f} | {r['peak_mb']:.0f} | {r['rows']:,} "
              f"| peak < {PEAK_TARGET_MB} MB | {met} |")
    print()
    for mine, name in [*PAIRS.items(), ("terms", "dask-cluster")]:
        duck, other = results.get(mine), results.get(name)
        if duck and other and "error" not in duck and "error" not in other:
            same = duck["rows"] == other["rows"] and duck["check"] == other["check"]
            print(f"DuckDB vs {LABELS[name]}: {duck['seconds']:.1f} s vs {other['seconds']:.1f} s "
                  f"(dask/DuckDB {other['seconds'] / duck['seconds']:.2f}x), peak {duck['peak_mb']:.0f} vs "
                  f"{other['peak_mb']:.0f} MB; same result (rows, checksum): {'yes' if same else 'NO'}")
    for r in results.values():
        if "error" in r and r.get("stderr"):
            print("\n" + r["stderr"])
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "gib": size / 2**30, "results": results}, default=str))
    if not args.keep:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
        print(f"\n(deleted the synthetic store {root})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
