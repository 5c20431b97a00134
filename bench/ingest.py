"""Ingest benchmark: a plain NLTK loop vs ``tk.load_corpus`` cold and warm, on the same files.

Builds N news-like documents from paragraphs of real news text (default: the
500N-KPCrowd stories in ../shared/eval, read by path, never copied into the
project), writes them to a temporary folder, then runs each measure in its own
process so that peak memory (ru_maxrss) belongs to that measure alone.

    python bench/ingest.py                  # 2,000 documents
    python bench/ingest.py --docs 10000     # the memory target
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "eval" / "kpcrowd500n" / "docsutf8"


def build_corpus(source: Path, folder: Path, n_docs: int, seed: int = 0) -> int:
    """Write ``n_docs`` articles of 6–12 paragraphs (2–4 sentences each, about 4 KB, like a
    wire story) drawn from the sentences of ``source``; returns total bytes."""
    sentences = []
    for path in sorted(source.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text) if len(s.strip()) > 30]
    if not sentences:
        raise SystemExit(f"no text found under {source}")
    rng = random.Random(seed)
    paragraphs = [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))) for _ in range(20_000)]
    folder.mkdir(parents=True, exist_ok=True)
    rows, total = [], 0
    for i in range(n_docs):
        title = rng.choice(sentences)[:80]
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(6, 12)))
        text = f"{title}\n\n{body}\n"
        name = f"doc{i:05d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        total += len(text.encode())
        rows.append({"file": name, "title": title, "published": f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}", "source": "bench", "url": ""})
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return total


def measure(kind: str, folder: Path, cache: Path) -> dict:
    """Run one measure in this process; returns seconds, tokens and peak RSS."""
    start = time.perf_counter()
    if kind == "nltk":
        from nltk.tokenize import NLTKWordTokenizer

        from toolkit.tokenize import punkt_tokenizer

        punkt, words = punkt_tokenizer(), NLTKWordTokenizer()
        start = time.perf_counter()
        tokens = 0
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            for sentence in punkt.tokenize(text):
                tokens += len(list(words.span_tokenize(sentence)))
    else:
        import toolkit as tk

        start = time.perf_counter()
        corpus = tk.load_corpus(folder, cache_dir=cache, progress=False, n_jobs=int(kind.split(":")[1]) if ":" in kind else 1)
        tokens = len(corpus.tokens)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "tokens": tokens, "peak_mb": peak_mb}


def run_child(kind: str, folder: Path, cache: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--folder", str(folder), "--cache", str(cache)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of .txt news stories")
    parser.add_argument("--jobs", type=int, default=2, help="also measure a cold load with this many processes (0: skip)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.folder, args.cache)))
        return

    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        size = build_corpus(args.source, folder, args.docs)
        mb = size / 1e6
        print(f"corpus: {args.docs} documents, {mb:.1f} MB, from {args.source}")
        runs = [("plain NLTK loop (Punkt + NLTKWordTokenizer)", "nltk", Path(tmp) / "unused")]
        runs.append(("tk.load_corpus cold", "tk", Path(tmp) / "cache1"))
        runs.append(("tk.load_corpus warm (cache)", "tk", Path(tmp) / "cache1"))
        if args.jobs > 1:
            runs.append((f"tk.load_corpus cold, n_jobs={args.jobs}", f"tk:{args.jobs}", Path(tmp) / "cache2"))
        results = {}
        print(f"{'measure':48} {'seconds':>8} {'MB/s':>7} {'tokens/s':>10} {'peak MB':>8}")
        for label, kind, cache in runs:
            r = results[label] = run_child(kind, folder, cache)
            print(f"{label:48} {r['seconds']:8.2f} {mb / r['seconds']:7.2f} {r['tokens'] / r['seconds']:10.0f} {r['peak_mb']:8.0f}")
        base = results[runs[0][0]]["seconds"]
        cold = results["tk.load_corpus cold"]["seconds"]
        warm = results["tk.load_corpus warm (cache)"]["seconds"]
        print(f"cold / plain NLTK loop: {cold / base:.2f}x  (target <= 1.0x)")
        if args.jobs > 1:
            par = results[runs[3][0]]["seconds"]
            print(f"cold n_jobs={args.jobs} / plain NLTK loop: {par / base:.2f}x")
        print(f"warm speed-up over cold: {cold / warm:.1f}x  (target >= 20x)")


if __name__ == "__main__":
    main()
