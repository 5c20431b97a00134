"""Key-term quality on 500N-KPCrowd: F1@5 and F1@10, ours against TF-IDF and TextRank.

500N-KPCrowd v1.1 (Marujo et al. 2012) holds 500 English news stories with
crowd-sourced key phrases. It states no licence, so it is read from outside the
repository and never copied in (the corpus is loaded without the cache).

Matching is exact after lower-casing, splitting into word characters and
Porter-stemming every word ("Elections results" == "election result").
Precision divides by the number of phrases returned (at most k), recall by the
number of distinct gold phrases; F1 is averaged over documents (macro).

Both baselines are implemented here and run on the same tokens and tags:

* TF-IDF: n-grams of 1-3 words that neither start nor end with a stop word or
  punctuation, scored by count x log(N / document frequency) over the 500 stories.
* TextRank (Mihalcea & Tarau 2004): nouns and adjectives, co-occurrence window
  of 2 over that filtered sequence, unweighted PageRank, the top third of the
  words, adjacent ones joined into phrases scored by the sum of their words.

It also scores ``tk.keywords`` used on one story at a time (keyness G² against
general English, the single-article case), with multi-word terms filtered to
names and expressions (``phrases="clean"``, the default) and unfiltered
(``phrases="all"``), at F1@5, @10 and @15.

Usage:
    .venv/bin/python bench/keyterms_eval.py [DATA] [--limit N] [--window W]

``DATA`` defaults to ``../shared/eval/kpcrowd500n`` next to the repository.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
from nltk.stem import PorterStemmer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import toolkit as tk  # noqa: E402
from toolkit.keyterms import PHRASE_POS, keyterms, pos_tags  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "eval" / "kpcrowd500n"
_STEMMER = PorterStemmer()
_WORD = re.compile(r"\w+")


def normalize(phrase: str) -> str:
    """Lower-case, keep word characters, Porter-stem each word."""
    return " ".join(_STEMMER.stem(w) for w in _WORD.findall(phrase.lower()))


def load_gold(data: Path) -> dict[str, set[str]]:
    gold = {}
    for path in sorted((data / "keys").glob("*.key")):
        keys = {normalize(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
        gold[path.stem] = keys - {""}
    return gold


def f1_at(predicted: dict[str, list[str]], gold: dict[str, set[str]], k: int) -> tuple[float, float, float]:
    """Macro precision, recall and F1 of the top ``k`` predictions per document."""
    ps, rs, fs = [], [], []
    for doc_id, keys in gold.items():
        top = []
        for phrase in predicted.get(doc_id, []):
            stem = normalize(phrase)
            if stem and stem not in top:
                top.append(stem)
            if len(top) == k:
                break
        hits = len(set(top) & keys)
        p = hits / len(top) if top else 0.0
        r = hits / len(keys) if keys else 0.0
        ps.append(p)
        rs.append(r)
        fs.append(2 * p * r / (p + r) if p + r else 0.0)
    n = len(gold)
    return sum(ps) / n, sum(rs) / n, sum(fs) / n


def tfidf_baseline(corpus, k: int) -> dict[str, list[str]]:
    counts = tk.term_counts(corpus, ngram_range=(1, 3))
    df = counts.groupby("term")["doc_id"].nunique()
    n_docs = len(corpus.documents)
    counts["score"] = counts["count"] * counts["term"].map(lambda t: math.log(n_docs / df[t]))
    top = counts.sort_values(["doc_id", "score", "term"], ascending=[True, False, True]).groupby("doc_id").head(k)
    return top.groupby("doc_id")["term"].apply(list).to_dict()


def textrank_baseline(tags: pd.DataFrame, k: int) -> dict[str, list[str]]:
    import networkx as nx

    out = {}
    for doc_id, doc in tags.groupby("doc_id", sort=False):
        lower, pos = doc["lower"].tolist(), doc["pos"].tolist()
        keep = [i for i, (w, p) in enumerate(zip(lower, pos)) if p in PHRASE_POS and w.isalpha() and not doc["is_stop"].iat[i]]
        graph = nx.Graph()
        graph.add_nodes_from(lower[i] for i in keep)
        for a, b in zip(keep, keep[1:]):  # window 2 over the filtered sequence
            if lower[a] != lower[b]:
                graph.add_edge(lower[a], lower[b])
        if not graph:
            out[doc_id] = []
            continue
        scores = nx.pagerank(graph)
        chosen = set(sorted(scores, key=scores.get, reverse=True)[: max(1, len(scores) // 3)])
        phrases: dict[str, float] = {}
        run: list[int] = []
        for i in range(len(lower) + 1):
            if i < len(lower) and lower[i] in chosen and i in set(keep):
                run.append(i)
                continue
            if run:
                name = " ".join(lower[j] for j in run)
                phrases[name] = max(phrases.get(name, 0.0), sum(scores[lower[j]] for j in run))
                run = []
        out[doc_id] = [p for p, _ in sorted(phrases.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="evaluate the first N stories only")
    parser.add_argument("--window", type=int, default=10, help="our graph's co-occurrence window")
    args = parser.parse_args(argv)
    if not (args.data / "docsutf8").is_dir():
        parser.error(f"{args.data} has no docsutf8/ folder; pass the 500N-KPCrowd folder")

    gold = load_gold(args.data)
    corpus = tk.load_corpus(args.data / "docsutf8", cache=False, progress=False)
    if args.limit:
        corpus = corpus.select(doc_ids=sorted(corpus.documents["doc_id"])[: args.limit])
    gold = {d: gold[d] for d in corpus.documents["doc_id"] if d in gold}
    t0 = time.perf_counter()
    tags = pos_tags(corpus, progress=False)
    tag_time = time.perf_counter() - t0

    results = {}
    t0 = time.perf_counter()
    ours = keyterms(corpus, top_n=10, window=args.window, tags=tags)
    results["toolkit keyterms (PositionRank + wordfreq prior)"] = (
        ours.groupby("doc_id")["term"].apply(list).to_dict(), time.perf_counter() - t0)
    t0 = time.perf_counter()
    results["TF-IDF baseline"] = (tfidf_baseline(corpus, 10), time.perf_counter() - t0)
    t0 = time.perf_counter()
    results["TextRank baseline"] = (textrank_baseline(tags, 10), time.perf_counter() - t0)

    print(f"500N-KPCrowd: {len(gold)} stories, {sum(map(len, gold.values())) / len(gold):.1f} distinct gold keys each;"
          f" spaCy tagging {tag_time:.1f} s")
    print(f"{'method':<52} {'P@5':>6} {'R@5':>6} {'F1@5':>6} {'P@10':>6} {'R@10':>6} {'F1@10':>6} {'time':>7}")
    for name, (predicted, seconds) in results.items():
        p5, r5, f5 = f1_at(predicted, gold, 5)
        p10, r10, f10 = f1_at(predicted, gold, 10)
        print(f"{name:<52} {p5:6.3f} {r5:6.3f} {f5:6.3f} {p10:6.3f} {r10:6.3f} {f10:6.3f} {seconds:6.1f}s")
    print_keyness(corpus, gold)
    return 0


def story_keywords(corpus, *, phrases: str, min_count: int, k: int = 15) -> dict[str, list[str]]:
    """Keyness of every story against general English (each story is its own group)."""
    stories = dict(zip(corpus.documents["doc_id"], corpus.documents["doc_id"]))
    table = tk.keywords(corpus, method="keyness", by=stories, reference="english", top_n=k,
                        phrases=phrases, min_count=min_count)
    return table.groupby("group")["term"].apply(list).to_dict()


def print_keyness(corpus, gold) -> None:
    print("tk.keywords per story (keyness G2 vs general English):")
    print(f"{'terms':<52} {'F1@5':>6} {'F1@10':>6} {'F1@15':>6}")
    for phrases in ("clean", "all"):
        for min_count in (2, 1):
            predicted = story_keywords(corpus, phrases=phrases, min_count=min_count)
            scores = [f1_at(predicted, gold, k)[2] for k in (5, 10, 15)]
            label = f'phrases="{phrases}", min_count={min_count}'
            print(f"{label:<52} " + " ".join(f"{v:6.3f}" for v in scores))


if __name__ == "__main__":
    sys.exit(main())
