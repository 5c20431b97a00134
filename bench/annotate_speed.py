"""Speed and memory of the annotation pass (toolkit.annotate) and the lenses that read its store.

Real news texts, read by path (default ``../shared/eval`` next to the project):
MEANTIME (CAT XML tokens joined back into text, with the creation date),
500N-KPCrowd (``docsutf8/*.txt``), PolNeAR dev (``text/*.txt``, dates from
``metadata.tsv``) and the project's Wikinews sample (``samples/wikinews``).
``--docs`` documents (default 1,000) are taken from them, shuffled with a fixed
seed; beyond the ~800 there are, copies get a unique closing sentence, so every
text differs. Every process reads the texts from their folders itself and loads
them with ``tk.load_corpus(records, cache_dir=...)``: no copy of the evaluation
data is written anywhere but the corpora's caches and annotation stores under
``--work``, which are deleted at the end (``--keep-stores`` keeps them).

Measures, all in ONE run (the machine is shared: baseline and ours in turns,
``--rounds`` times, best of each reported):

1. **baseline**: spaCy's full ``en_core_web_sm`` (``toolkit.nlp.load_model()``),
   ``nlp.pipe`` over the texts, one process, model loaded beforehand;
2. **floor**: spaCy NER only (``load_model(exclude=NER_EXCLUDE)``), likewise;
3. **ours**: ``annotate(corpus, n_jobs=1)`` on a fresh store, then every lens
   table (tk.timeline, events, mentions, actors, cooccurrence, quotes,
   relations, keyterms, and keywords, each called on its own as a user would),
   models loaded beforehand as for the baseline; loading the corpus (tokens) is
   timed apart and not counted. Targets: <= 0.5x baseline, <= 1.25x floor;
4. **n_jobs=2** on a fresh store in a fresh process vs **n_jobs=1** in a fresh
   process (both include loading the models and starting workers): >= 1.8x;
5. **Dask** ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``
   started under ``toolkit.annotate.DASK_WORKER_CONFIG`` (the worker settings README
   recommends; start-up included) on a fresh store vs n_jobs=2: <= 1.15x, and every
   stored table identical to the in-process ones; the same cluster with Dask's
   default settings is timed too, for reference;
6. **warm corpus** of ``--warm-docs`` documents (default 10,000): annotated once
   with n_jobs=2 (the cold time: annotation + every lens), then in a fresh process
   every lens table from the store (< 5 s), the peak RSS of each annotating
   process (< 2 GB), and, in another fresh process, 1% new documents annotated
   with n_jobs=2, as the cold run, plus every lens table (<= 3% of the cold time;
   with n_jobs=1 too, for reference), each on its own copy of the warm store;
7. **aggregates at scale**: ``bench/store_scale.py --docs --store-docs`` (default
   10^6; 0 leaves it out) in a subprocess: actors, co-occurrence and keyword counts
   by month over a synthetic store, DuckDB (time, peak < 4 GB) beside dask.dataframe.

Every annotating run is its own subprocess; the parent samples the RSS of it and
its children (psutil) every 0.1 s.

Usage:
    .venv/bin/python bench/annotate_speed.py [--docs 1000] [--warm-docs 10000] [--rounds 2]
        [--store-docs 1000000] [--eval ../shared/eval] [--work /tmp/newslens-annotate-speed] [--json out.json]
"""
from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_WIKINEWS = ROOT / "samples" / "wikinews"
LENSES = ("timeline", "events", "mentions", "actors", "cooccurrence", "quotes", "relations", "keyterms", "keywords")
GB = 2**30


# ---------------------------------------------------------------- the texts


def _meantime(folder: Path) -> list[dict]:
    import xml.etree.ElementTree as ET

    from cat_text import detokenize

    records = []
    for file in sorted(glob.glob(str(folder / "intra-doc_annotation" / "corpus_*" / "*.xml"))):
        root = ET.parse(file).getroot()
        tokens = [(t.get("t_id"), t.text or "", int(t.get("sentence"))) for t in root.iter("token")]
        text, _, _ = detokenize(tokens)
        dct = [x.get("value") for x in root.iter("TIMEX3") if x.get("functionInDocument") == "CREATION_TIME"]
        published = dct[0] if dct and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct[0] or "") else None
        records.append({"id": f"meantime/{Path(file).stem}", "text": text, "published": published})
    return records


def _kpcrowd(folder: Path) -> list[dict]:
    records = []
    for file in sorted((folder / "docsutf8").glob("*.txt")):
        text = file.read_text(encoding="utf-8", errors="replace").strip()
        if len(text) >= 20:
            records.append({"id": f"kpcrowd/{file.stem}", "text": text})
    return records


def _polnear(folder: Path) -> list[dict]:
    dates = {}
    meta = folder / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                dates[row["filename"]] = row.get("publication_date")
    records = []
    for file in sorted((folder / "text").glob("*.txt")):
        text = file.read_text(encoding="utf-8", errors="replace").strip()
        published = dates.get(file.stem)
        published = published if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None
        if text:
            records.append({"id": f"polnear/{file.stem}", "text": text, "published": published})
    return records


def _wikinews(folder: Path) -> list[dict]:
    import toolkit as tk

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = tk.load_corpus(folder, cache=False, progress=False)
    import pandas as pd

    return [{"id": f"wikinews/{r.doc_id}", "text": r.text,
             "published": None if pd.isna(r.published) else str(pd.Timestamp(r.published).date())}
            for r in corpus.documents.itertuples(index=False)]


def news_pool(eval_dir: Path, wikinews: Path) -> tuple[list[dict], dict[str, int]]:
    """Every usable text of the four sources, and how many each gave."""
    sources = {
        "meantime": lambda: _meantime(eval_dir / "meantime_en"),
        "kpcrowd": lambda: _kpcrowd(eval_dir / "kpcrowd500n"),
        "polnear": lambda: _polnear(eval_dir / "polnear_dev"),
        "wikinews": lambda: _wikinews(wikinews),
    }
    pool, counts = [], {}
    for name, read in sources.items():
        try:
            found = read()
        except (OSError, ValueError) as exc:
            print(f"  {name}: not read ({exc})", file=sys.stderr)
            found = []
        counts[name] = len(found)
        pool += found
    if not pool:
        raise SystemExit(f"no texts found under {eval_dir} and {wikinews}")
    return pool, counts


def make_records(pool: list[dict], n: int, *, tag: str, seed: int = 13) -> list[dict]:
    """``n`` records from the pool, shuffled; beyond the pool, copies with a unique closing sentence."""
    order = list(pool)
    random.Random(seed).shuffle(order)
    out = []
    for i in range(n):
        base = order[i % len(order)]
        if i < len(order) and tag == "base":
            out.append(dict(base))
            continue
        note = f"\n\nThis is {tag} report {i} in the archive, filed as item {tag}-{i:06d}."
        out.append({**base, "id": f"{tag}-{i:06d}/{base['id']}", "text": base["text"] + note})
    return out


CORPORA = ("base", "warm", "warm_plus")


def corpus_records(args, name: str) -> list[dict]:
    """The records of corpus ``name``, read from the source folders (the same in every process)."""
    pool, _ = news_pool(args.eval.resolve(), args.wikinews.resolve())
    if name == "base":
        return make_records(pool, args.docs, tag="base")
    warm = make_records(pool, args.warm_docs, tag="warm")
    if name == "warm":
        return warm
    return warm + make_records(pool, max(1, args.warm_docs // 100), tag="new", seed=99)


def load(records: list[dict], cache_dir: Path):
    import toolkit as tk

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tk.load_corpus(records, cache_dir=cache_dir, progress=False, n_jobs=1)


def fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


# ---------------------------------------------------------------- what the children do


def lens_calls():
    import toolkit as tk

    return {
        "timeline": lambda c: tk.timeline(c, progress=False),
        "events": lambda c: tk.events(c, progress=False),
        "mentions": lambda c: tk.mentions(c, progress=False),
        "actors": lambda c: tk.actors(c),
        "cooccurrence": lambda c: tk.cooccurrence(c),
        "quotes": lambda c: tk.quotes(c),
        "relations": lambda c: tk.relations(c),
        "keyterms": lambda c: tk.keyterms(c),
        "keywords": lambda c: tk.keywords(c),  # reads the corpus's tokens, not the store: counted all the same
    }


def time_lenses(corpus) -> dict[str, float]:
    calls, seconds = lens_calls(), {}
    for name in LENSES:
        started = time.perf_counter()
        calls[name](corpus)
        seconds[name] = time.perf_counter() - started
    return seconds


def child_speed(work: Path, rounds: int, records: list[dict]) -> dict:
    """Baseline, floor and ours in one process, in turns; the models are loaded first for all three."""
    from toolkit.annotate import annotate
    from toolkit.annotate.document import NER_EXCLUDE, parse_model
    from toolkit.nlp import load_model

    corpus = load(records, fresh(work / "stores" / "speed-load"))
    texts = corpus.documents["text"].tolist()
    full, ner = load_model(), load_model(exclude=NER_EXCLUDE)
    parse_model()
    list(full.pipe(texts[:5]))
    list(ner.pipe(texts[:5]))

    def baseline():
        for _ in full.pipe(texts):
            pass

    def floor():
        for _ in ner.pipe(texts):
            pass

    out = {"baseline": [], "floor": [], "annotate": [], "lenses": [], "load": [], "n_docs": len(texts),
           "n_tokens": int(corpus.documents["n_tokens"].sum()), "n_chars": sum(map(len, texts))}

    def ours(r: int):
        t = time.perf_counter()
        mine = load(records, fresh(work / "stores" / f"speed-{r}"))
        out["load"].append(time.perf_counter() - t)
        started = time.perf_counter()
        annotate(mine, n_jobs=1, progress=False)
        out["annotate"].append(time.perf_counter() - started)
        out["lenses"].append(time_lenses(mine))
        out["store"] = str(mine.store.dir)

    for r in range(rounds):
        steps = [("baseline", baseline), ("floor", floor), ("ours", lambda: ours(r))]
        for name, step in (steps if r % 2 == 0 else steps[::-1]):
            started = time.perf_counter()
            step()
            if name != "ours":
                out[name].append(time.perf_counter() - started)
            print(f"    round {r + 1}: {name} {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return out


def child_annotate(work: Path, name: str, records: list[dict], store: str, mode: str) -> dict:
    """Annotate a corpus on a fresh store: ``j1``/``j2`` (n_jobs), ``dask`` (a 2-process LocalCluster with
    ``DASK_WORKER_CONFIG``) or ``dask-defaults`` (the same cluster with Dask's default settings)."""
    from toolkit.annotate import annotate

    corpus = load(records, fresh(work / "stores" / store))
    started = time.perf_counter()
    out = {"store": str(corpus.store.dir), "n_docs": len(corpus.documents)}
    if mode.startswith("dask"):
        import dask
        from dask.distributed import Client, LocalCluster

        from toolkit.annotate import DASK_WORKER_CONFIG

        settings = DASK_WORKER_CONFIG if mode == "dask" else {}  # "dask-defaults": Dask's own settings
        with dask.config.set(settings):
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                   memory_limit="3GiB")
        client = Client(cluster)
        out["cluster_start"] = time.perf_counter() - started
        try:
            annotate(corpus, client=client, progress=False)
        finally:
            out["annotate_only"] = time.perf_counter() - started - out["cluster_start"]
            client.close()
            cluster.close()
        out["seconds"] = out["cluster_start"] + out["annotate_only"]
    else:
        annotate(corpus, n_jobs=int(mode[1:]), progress=False)
        out["seconds"] = time.perf_counter() - started
    out["main_annotating_mb"] = _own_peak_mb()  # before any lens runs here
    if mode == "j2" and name == "warm":
        out["lenses"] = time_lenses(corpus)  # the cold lens time, right after annotating
    return out


def child_warm_lenses(work: Path, records: list[dict]) -> dict:
    """Every lens table of the annotated warm corpus, in this fresh process."""
    corpus = load(records, work / "stores" / "warm")
    missing = len(corpus.store.missing(corpus.doc_keys.tolist()))
    return {"lenses": time_lenses(corpus), "missing_before": missing, "store": str(corpus.store.dir)}


def child_warm_add(work: Path, records: list[dict], mode: str) -> dict:
    """The warm corpus plus 1% new documents: annotate the new ones (``mode`` j1/j2: n_jobs), then every lens
    table; on a copy of the warm store (copied before the clock starts), so each mode adds to the same store."""
    from toolkit.annotate import annotate

    copy = fresh(work / "stores" / f"warm-add-{mode}")
    shutil.copytree(work / "stores" / "warm", copy, dirs_exist_ok=True)
    corpus = load(records, copy)
    missing = len(corpus.store.missing(corpus.doc_keys.tolist()))
    started = time.perf_counter()
    annotate(corpus, n_jobs=int(mode[1:]), progress=False)
    annotated = time.perf_counter() - started
    peak = _own_peak_mb()
    return {"annotate": annotated, "main_annotating_mb": peak, "lenses": time_lenses(corpus),
            "missing_before": missing, "store": str(corpus.store.dir)}


def _own_peak_mb() -> float:
    """This process's peak RSS so far (loading the corpus included), in MB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


CHILDREN = {
    "speed": lambda a: child_speed(a.work, a.rounds, corpus_records(a, "base")),
    "annotate": lambda a: child_annotate(a.work, a.records, corpus_records(a, a.records), a.store, a.mode),
    "warm-lenses": lambda a: child_warm_lenses(a.work, corpus_records(a, "warm")),
    "warm-add": lambda a: child_warm_add(a.work, corpus_records(a, "warm_plus"), a.mode),
}


# ---------------------------------------------------------------- running children


def run_child(args: list[str], timeout: float = 7200) -> dict:
    """Run this script with ``--child ...`` and sample its process tree's RSS; the result plus memory peaks."""
    import psutil

    cmd = [sys.executable, __file__, *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=None, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    root = psutil.Process(proc.pid)
    per_process: dict[int, int] = {}
    unique: dict[int, int] = {}  # USS: pages of the process's own (forked workers share their parent's)
    total_peak = 0
    tick = 0
    while proc.poll() is None:
        try:
            tree = [root] + root.children(recursive=True)
        except psutil.Error:
            tree = []
        total = 0
        for p in tree:
            try:
                rss = p.memory_info().rss
                if tick % 5 == 0:
                    unique[p.pid] = max(unique.get(p.pid, 0), p.memory_full_info().uss)
            except psutil.Error:
                continue
            total += rss
            per_process[p.pid] = max(per_process.get(p.pid, 0), rss)
        total_peak = max(total_peak, total)
        tick += 1
        if time.perf_counter() - started > timeout:
            for p in tree[::-1]:
                try:
                    p.kill()
                except psutil.Error:
                    pass
        time.sleep(0.1)
    out = proc.stdout.read()
    proc.wait()
    lines = [x for x in out.splitlines() if x.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"child {' '.join(args)} failed with exit code {proc.returncode}")
    result = json.loads(lines[-1])
    main_rss = per_process.pop(proc.pid, 0)
    unique.pop(proc.pid, None)
    result["memory"] = {"main_mb": main_rss / 2**20, "max_worker_mb": max(per_process.values(), default=0) / 2**20,
                        "max_worker_uss_mb": max(unique.values(), default=0) / 2**20,
                        "total_mb": total_peak / 2**20, "processes": 1 + len(per_process)}
    result["wall"] = time.perf_counter() - started
    return result


def child_args(args, name: str, **extra) -> list[str]:
    """The command line of a child: the same sources and sizes, so it reads the same texts."""
    args = ["--work", str(args.work), "--eval", str(args.eval), "--wikinews", str(args.wikinews),
            "--docs", str(args.docs), "--warm-docs", str(args.warm_docs), "--child", name]
    for key, value in extra.items():
        args += [f"--{key}", str(value)]
    return args


# ---------------------------------------------------------------- comparing stores


def compare_stores(records: list[dict], folders: list[Path]) -> dict[str, bool]:
    """For each stored table: are the rows of every store identical (sorted by doc_key, start, then all)?"""
    import pandas as pd

    from toolkit.annotate import stored_rows
    from toolkit.annotate.document import STORED_TABLES

    corpora = [load(records, folder) for folder in folders]
    same = {}
    for table in STORED_TABLES:
        frames = []
        for corpus in corpora:
            frame = stored_rows(corpus, table)
            by = ["doc_key"] + (["start"] if "start" in frame.columns else [])
            rest = [c for c in frame.columns if c not in by]
            frame = frame.sort_values(by + rest, kind="stable", na_position="last").reset_index(drop=True)
            frames.append(frame)
        ok = all(len(f) > 0 or table in ("relations", "quotes") for f in frames)
        for other in frames[1:]:
            try:
                pd.testing.assert_frame_equal(frames[0], other)
            except AssertionError:
                ok = False
        same[table] = ok
    return same


# ---------------------------------------------------------------- main


def _fmt(x, unit="s"):
    if x is None:
        return "-"
    if unit == "s":
        return f"{x:.1f} s" if x >= 1 else f"{x * 1000:.0f} ms"
    if unit == "MB":
        return f"{x:,.0f} MB"
    if unit == "x":
        return f"{x:.2f}x"
    return str(x)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--warm-docs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2, help="baseline/floor/ours repeated in turns; best kept")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the shared evaluation data folder")
    parser.add_argument("--wikinews", type=Path, default=DEFAULT_WIKINEWS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newslens-annotate-speed"))
    parser.add_argument("--json", type=Path, help="write every figure here too")
    parser.add_argument("--keep-stores", action="store_true",
                        help="keep the corpora's caches and annotation stores under --work (deleted by default)")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--store-docs", type=int, default=1_000_000,
                        help="documents of the synthetic store of bench/store_scale.py; 0 leaves it out")
    parser.add_argument("--records", default="base", choices=CORPORA, help=argparse.SUPPRESS)
    parser.add_argument("--store", default="", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="j1", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    work = args.work.resolve()
    args.work = work
    os.environ.setdefault("NEWSLENS_CACHE", str(work / "cache"))

    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return 0

    began = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    fresh(work / "stores")
    pool, counts = news_pool(args.eval.resolve(), args.wikinews.resolve())
    base = make_records(pool, args.docs, tag="base")
    warm = make_records(pool, args.warm_docs, tag="warm")
    new = make_records(pool, max(1, args.warm_docs // 100), tag="new", seed=99)
    print(f"texts: {', '.join(f'{k} {v}' for k, v in counts.items())} = {len(pool)} distinct; "
          f"corpus {len(base)} documents (copies with a closing sentence beyond {len(pool)}); "
          f"warm corpus {len(warm)} (+{len(new)} new); cpu {os.cpu_count()}", flush=True)

    res: dict = {"counts": counts}
    print("1-3. baseline, floor and annotate(n_jobs=1) + lenses, in turns ...", flush=True)
    res["speed"] = run_child(child_args(args, "speed", rounds=args.rounds))
    s = res["speed"]
    print(f"  {s['n_docs']} docs, {s['n_tokens']:,} tokens, {s['n_chars']:,} characters", flush=True)

    print("4-5. fresh processes: n_jobs=1, n_jobs=2, Dask (our worker settings, then its defaults), in turns ...",
          flush=True)
    order = [("j1", "jobs1"), ("j2", "jobs2"), ("dask", "dask"), ("dask-defaults", "dask-defaults")]
    runs: dict[str, list[dict]] = {m: [] for m, _ in order}
    for r in range(args.rounds):
        for mode, store in (order if r % 2 == 0 else order[::-1]):
            got = run_child(child_args(args, "annotate", records="base", store=f"{store}-{r}", mode=mode))
            runs[mode].append(got)
            print(f"    round {r + 1}: {mode} {got['seconds']:.1f} s (peak {got['memory']['main_mb']:.0f} MB main, "
                  f"{got['memory']['max_worker_mb']:.0f} MB worker)", flush=True)
    res["runs"] = runs
    identical = compare_stores(base,
                               [work / "stores" / "jobs1-0", work / "stores" / "jobs2-0", work / "stores" / "dask-0"])
    res["identical"] = identical
    print(f"  identical tables (n_jobs=1, n_jobs=2, Dask): {identical}", flush=True)

    print(f"6. warm corpus of {args.warm_docs} documents: annotate with n_jobs=2 (cold) ...", flush=True)
    res["warm_setup"] = run_child(child_args(args, "annotate", records="warm", store="warm", mode="j2"))
    w = res["warm_setup"]
    print(f"  cold: annotate {w['seconds']:.1f} s + lenses {sum(w['lenses'].values()):.1f} s; peak "
          f"{w['memory']['main_mb']:.0f} MB main, {w['memory']['max_worker_mb']:.0f} MB per worker", flush=True)
    res["warm_lenses"] = run_child(child_args(args, "warm-lenses"))
    print(f"  warm lenses in a fresh process: {sum(res['warm_lenses']['lenses'].values()):.1f} s "
          f"({res['warm_lenses']['missing_before']} documents missing before)", flush=True)
    for mode in ("j2", "j1"):  # j2 as the cold run; j1 for reference
        res[f"warm_add_{mode}"] = run_child(child_args(args, "warm-add", mode=mode))
        a = res[f"warm_add_{mode}"]
        print(f"  +{a['missing_before']} new documents, n_jobs={mode[1:]}: annotate {a['annotate']:.1f} s + lenses "
              f"{sum(a['lenses'].values()):.1f} s", flush=True)
    res["warm_add"] = a = res["warm_add_j2"]
    stores = {x["store"].rsplit("/", 1)[-1] for x in [s, w, res["warm_lenses"], a, *sum(runs.values(), [])]}
    if len(stores) > 1:
        print(f"  WARNING: the store identity changed during the run ({sorted(stores)}): a toolkit file changed?")

    if args.store_docs:
        print(f"7. aggregates over a synthetic store of {args.store_docs:,} documents (bench/store_scale.py) ...",
              flush=True)
        res["store_scale"] = store_scale(args)

    summary(res, args)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str))
    if not args.keep_stores:  # they hold the loaded texts' caches: nothing of the evaluation data stays behind
        shutil.rmtree(work / "stores", ignore_errors=True)
        shutil.rmtree(work / "cache", ignore_errors=True)
    print(f"\n(total bench time {time.perf_counter() - began:.0f} s)")
    return 0


def store_scale(args) -> dict:
    """Run bench/store_scale.py at ``--store-docs`` (its store is deleted afterwards); its figures."""
    out = args.work / "store_scale.json"
    cmd = [sys.executable, str(ROOT / "bench" / "store_scale.py"), "--docs", str(args.store_docs),
           "--dir", str(args.work / "store-scale"), "--skip", "events", "--json", str(out)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"bench/store_scale.py failed:\n{done.stdout[-2000:]}")
    return json.loads(out.read_text())


def _store_rows(res: dict) -> list[tuple]:
    """Rows of the summary for the aggregates at scale: DuckDB's time and peak beside dask.dataframe's."""
    scale = res.get("store_scale")
    if not scale:
        return []
    rows, r = [], scale["results"]
    for mine, theirs, label in [("actors", "dask-actors", "actor counts"),
                                ("cooccurrence", "dask-cooccurrence", "co-occurrence counts (document)"),
                                ("terms", "dask-threads", "keyword counts by month")]:
        duck, dask_ = r.get(mine, {}), r.get(theirs, {})
        if "seconds" not in duck:
            rows.append((f"{label}, synthetic {scale['docs']:,}-doc store", "failed", "-", "-", "peak < 4,096 MB",
                         "no"))
            continue
        base = f"dask {_fmt(dask_['seconds'])}, {_fmt(dask_['peak_mb'], 'MB')}" if "seconds" in dask_ else "dask failed"
        ratio = f"dask {dask_['seconds'] / duck['seconds']:.2f}x" if "seconds" in dask_ else "-"
        rows.append((f"{label}, synthetic {scale['docs']:,}-doc store ({scale['gib']:.1f} GiB), DuckDB",
                     f"{_fmt(duck['seconds'])}, {_fmt(duck['peak_mb'], 'MB')}", base, ratio, "peak < 4,096 MB",
                     _met(duck["peak_mb"] < 4096)))
    return rows


def summary(res: dict, args) -> None:
    s = res["speed"]
    best = min
    baseline, floor = best(s["baseline"]), best(s["floor"])
    totals = [a + sum(lens.values()) for a, lens in zip(s["annotate"], s["lenses"])]
    k = totals.index(min(totals))
    ours, annotate_time, lenses = totals[k], s["annotate"][k], s["lenses"][k]
    runs = res["runs"]
    j1 = best(r["seconds"] for r in runs["j1"])
    j2 = best(r["seconds"] for r in runs["j2"])
    dk = best(r["seconds"] for r in runs["dask"])
    dk_run = min(runs["dask"], key=lambda r: r["seconds"])
    dk_up = best(r["annotate_only"] for r in runs["dask"])
    dk_default = best(r["seconds"] for r in runs["dask-defaults"])
    w, wl, wa = res["warm_setup"], res["warm_lenses"], res["warm_add"]
    cold = w["seconds"] + sum(w["lenses"].values())
    warm_lens = sum(wl["lenses"].values())
    add = wa["annotate"] + sum(wa["lenses"].values())
    wa1 = res["warm_add_j1"]
    add1 = wa1["annotate"] + sum(wa1["lenses"].values())
    worker_peak = max(x["memory"]["max_worker_mb"] for x in [w, *runs["j2"]])
    worker_uss = max(x["memory"]["max_worker_uss_mb"] for x in [w, *runs["j2"]])
    main_peak = max(x["main_annotating_mb"] for x in [w, wa, wa1, *runs["j1"]])  # up to the end of annotate()
    lens_peak = max(x["memory"]["main_mb"] for x in [w, wa, wl])
    dask_worker_peak = max(x["memory"]["max_worker_mb"] for x in runs["dask"])
    identical = all(res["identical"].values())

    rows = [
        ("spaCy full pipeline (baseline)", _fmt(baseline), "-", "-", "-", "-"),
        ("spaCy NER only (floor)", _fmt(floor), _fmt(baseline), _fmt(floor / baseline, "x"), "-", "-"),
        ("annotate(n_jobs=1) + every lens vs baseline", _fmt(ours), _fmt(baseline), _fmt(ours / baseline, "x"),
         "<= 0.50x", _met(ours / baseline <= 0.5)),
        ("annotate(n_jobs=1) + every lens vs floor", _fmt(ours), _fmt(floor), _fmt(ours / floor, "x"),
         "<= 1.25x", _met(ours / floor <= 1.25)),
        ("  of which annotate(n_jobs=1)", _fmt(annotate_time), _fmt(floor), _fmt(annotate_time / floor, "x"), "-", "-"),
        ("  of which every lens table", _fmt(sum(lenses.values())), "-", "-", "-", "-"),
        ("n_jobs=2 vs n_jobs=1, fresh processes (speed-up)", _fmt(j2), _fmt(j1), f"{j1 / j2:.2f}x faster",
         ">= 1.80x", _met(j1 / j2 >= 1.8)),
        ("Dask LocalCluster(2) vs n_jobs=2, start-up included", _fmt(dk), _fmt(j2), _fmt(dk / j2, "x"), "<= 1.15x",
         _met(dk / j2 <= 1.15)),
        ("  of which cluster start-up", _fmt(dk_run["cluster_start"]), "-", "-", "-", "-"),
        ("  the same cluster with Dask's default settings (for reference)", _fmt(dk_default), _fmt(j2),
         _fmt(dk_default / j2, "x"), "-", "-"),
        ("Dask vs n_jobs=2, cluster already running", _fmt(dk_up), _fmt(j2), _fmt(dk_up / j2, "x"), "<= 1.15x",
         _met(dk_up / j2 <= 1.15)),
        ("Dask and in-process tables identical", "yes" if identical else "no", "-", "-", "yes", _met(identical)),
        (f"warm: every lens table, fresh process ({args.warm_docs:,} docs)", _fmt(warm_lens), "-", "-", "< 5 s",
         _met(warm_lens < 5)),
        (f"peak RSS per annotating worker (n_jobs=2; USS {worker_uss:,.0f} MB)", _fmt(worker_peak, "MB"), "-", "-",
         "< 2,048 MB", _met(worker_peak < 2048)),
        ("peak RSS of the annotating main process (corpus loaded, until annotate returns)", _fmt(main_peak, "MB"),
         "-", "-", "< 2,048 MB", _met(main_peak < 2048)),
        (f"  peak RSS of a process running every lens ({args.warm_docs:,} docs; no target)", _fmt(lens_peak, "MB"),
         "-", "-", "-", "-"),
        ("peak RSS per Dask worker", _fmt(dask_worker_peak, "MB"), "-", "-", "< 2,048 MB", _met(dask_worker_peak < 2048)),
        (f"+1% new documents ({wa['missing_before']}, n_jobs=2 as the cold run), then every lens table", _fmt(add),
         f"{_fmt(cold)} cold", f"{add / cold:.1%}", "<= 3%", _met(add / cold <= 0.03)),
        ("  the same with n_jobs=1 (for reference)", _fmt(add1), f"{_fmt(cold)} cold", f"{add1 / cold:.1%}", "-",
         "-"),
        *_store_rows(res),
    ]
    print()
    print(f"## annotate speed: {s['n_docs']:,} news documents ({s['n_tokens']:,} tokens), "
          f"best of {args.rounds} rounds, {os.cpu_count()} cores")
    print()
    print("| measure | value | baseline | ratio | target | met |")
    print("|---|---:|---:|---:|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(f"loading the corpus before annotate (not counted): {', '.join(_fmt(x) for x in s['load'])}")
    print("lens tables after annotate(n_jobs=1) (cold, best round): "
          + ", ".join(f"{k} {_fmt(v)}" for k, v in lenses.items()))
    print(f"warm lens tables ({args.warm_docs:,} docs, fresh process): "
          + ", ".join(f"{k} {_fmt(v)}" for k, v in wl["lenses"].items()))
    print(f"+1%: annotate {wa['missing_before']} new documents {_fmt(wa['annotate'])}, lenses "
          + ", ".join(f"{k} {_fmt(v)}" for k, v in wa["lenses"].items()))
    print(f"cold {args.warm_docs:,}: annotate(n_jobs=2) {_fmt(w['seconds'])} + lenses {_fmt(sum(w['lenses'].values()))}"
          f"; main process peak {_fmt(w['memory']['main_mb'], 'MB')}, workers {_fmt(w['memory']['max_worker_mb'], 'MB')}")
    print("every round (s): baseline " + ", ".join(f"{x:.1f}" for x in s["baseline"])
          + "; floor " + ", ".join(f"{x:.1f}" for x in s["floor"])
          + "; ours " + ", ".join(f"{x:.1f}" for x in totals)
          + "; n_jobs=1 " + ", ".join(f"{r['seconds']:.1f}" for r in runs["j1"])
          + "; n_jobs=2 " + ", ".join(f"{r['seconds']:.1f}" for r in runs["j2"])
          + "; dask " + ", ".join(f"{r['seconds']:.1f}" for r in runs["dask"])
          + "; dask defaults " + ", ".join(f"{r['seconds']:.1f}" for r in runs["dask-defaults"]))
    print("identical per table: " + ", ".join(f"{t} {'yes' if ok else 'NO'}" for t, ok in res["identical"].items()))


def _met(ok: bool) -> str:
    return "yes" if ok else "no"


if __name__ == "__main__":
    raise SystemExit(main())
