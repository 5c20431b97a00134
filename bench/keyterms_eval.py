"""Key-term quality on 500N-KPCrowd, tuning and held-out parts: F1@5 and F1@10 against baselines.

500N-KPCrowd v1.1 (Marujo et al. 2012) holds 500 English news stories, 50 in
each of 10 categories, with crowd-sourced key phrases. It states no licence, so
it is read from outside the repository and never copied in (the corpus is
loaded without the cache, into a temporary annotation store).

**Parts.** Within each category, in the order of the stories' ids, the 1st,
3rd, 5th, ... story is in the *tuning* part and the 2nd, 4th, ... in the
*held-out* part (250 each). The toolkit's weights (``COUNT_EXPONENT``,
``IDF_EXPONENT``, ``PHRASE_SALIENCE``, ``NAME_SALIENCE`` in :mod:`toolkit.keyterms`) were chosen
with ``--grid``, which scores the tuning part only. Document frequencies come
from all 500 stories' texts (no keys): the user's corpus, as in use.

**Matching** is exact after lower-casing, splitting into word characters and
Porter-stemming every word ("Elections results" == "election result").
Precision divides by the number of phrases returned (at most k), recall by the
number of distinct gold phrases; F1 is averaged over documents (macro).

Methods, all in the same run:

* ``tk.keyterms``: this toolkit (stored per-document candidates, corpus reduce).
* The previous ``tk.keyterms`` (commit 0c69be4, ``bench/keyterms_previous.py``).
* TF-IDF: n-grams of 1-3 words that neither start nor end with a stop word or
  punctuation, scored by count x log(N / document frequency) over the 500 stories.
* TextRank (Mihalcea & Tarau 2004): nouns and adjectives, co-occurrence window
  of 2 over that filtered sequence, unweighted PageRank, the top third of the
  words, adjacent ones joined into phrases scored by the sum of their words.
* pke-tool 1.8.1's PositionRank and MultipartiteRank with their published
  defaults, when pke is installed (``pip install --no-deps pke_tool==1.8.1``; its
  declared ``sklearn`` dependency no longer installs). pke tags the whole text
  with the toolkit's spaCy model (every sentence tagged) and takes its stop
  words from NLTK's data, which the toolkit never downloads: it is given the
  toolkit's stop words instead. networkx 3 renamed ``pagerank_scipy`` to
  ``pagerank``; the bench maps the old name.

The toolkit and the previous method read the stored tags, so their figures
depend on ``NEWSLENS_PARSE`` (``lens``: some sentences tagged, the default;
``all``: every sentence); run the bench under both.

Usage:
    .venv/bin/python bench/keyterms_eval.py [DATA] [--limit N] [--grid] [--no-pke] [--keyness]

``DATA`` defaults to ``../shared/eval/kpcrowd500n`` next to the repository.
"""
from __future__ import annotations

import argparse
import importlib
import itertools
import math
import os
import re
import sys
import time
from pathlib import Path

import pandas as pd
from nltk.stem import PorterStemmer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import toolkit as tk  # noqa: E402
from keyterms_previous import previous_keyterms  # noqa: E402
from toolkit.keyterms import PHRASE_POS, pos_tags  # noqa: E402

kt = importlib.import_module("toolkit.keyterms")  # the module: toolkit.keyterms is also the function

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


def split_parts(doc_ids) -> tuple[list[str], list[str]]:
    """(tuning, held-out): alternate stories of each category, in id order."""
    by_category: dict[str, list[str]] = {}
    for doc_id in sorted(doc_ids):
        by_category.setdefault(doc_id.split("-")[0], []).append(doc_id)
    tuning = [d for ids in by_category.values() for d in ids[0::2]]
    held_out = [d for ids in by_category.values() for d in ids[1::2]]
    return tuning, held_out


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
    n = len(gold) or 1
    return sum(ps) / n, sum(rs) / n, sum(fs) / n


def as_lists(table: pd.DataFrame) -> dict[str, list[str]]:
    return table.groupby("doc_id", sort=False)["term"].apply(list).to_dict()


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
        kept = set(keep)
        phrases: dict[str, float] = {}
        run: list[int] = []
        for i in range(len(lower) + 1):
            if i < len(lower) and lower[i] in chosen and i in kept:
                run.append(i)
                continue
            if run:
                name = " ".join(lower[j] for j in run)
                phrases[name] = max(phrases.get(name, 0.0), sum(scores[lower[j]] for j in run))
                run = []
        out[doc_id] = [p for p, _ in sorted(phrases.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
    return out


def pke_baselines(corpus, k: int) -> dict[str, dict[str, list[str]]] | str:
    """pke's PositionRank and MultipartiteRank, or why they cannot run."""
    try:
        import networkx as nx
        import nltk.corpus

        stop = sorted(tk.stopwords())

        class ToolkitStopwords:  # what pke reads of nltk.corpus.stopwords, without NLTK's data
            _fileids = ["english"]

            def words(self, language="english"):
                return list(stop)

        nltk.corpus.stopwords = ToolkitStopwords()
        if not hasattr(nx, "pagerank_scipy"):
            nx.pagerank_scipy = nx.pagerank
        import pke
    except ImportError as error:
        return f"pke not installed ({error}); pip install --no-deps pke_tool==1.8.1"
    import spacy

    from toolkit.nlp import model_package

    nlp = spacy.load(model_package(), exclude=["ner", "parser", "senter"])  # its own copy: pke adds a pipe
    nlp.add_pipe("sentencizer")
    out: dict[str, dict[str, list[str]]] = {"pke PositionRank": {}, "pke MultipartiteRank": {}}
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
        ranker = pke.unsupervised.PositionRank()
        ranker.load_document(input=text, language="en", spacy_model=nlp, stoplist=stop)
        ranker.candidate_selection()
        ranker.candidate_weighting()
        out["pke PositionRank"][doc_id] = [p for p, _ in ranker.get_n_best(n=k)]
        ranker = pke.unsupervised.MultipartiteRank()
        ranker.load_document(input=text, language="en", spacy_model=nlp, stoplist=stop)
        ranker.candidate_selection()
        ranker.candidate_weighting(alpha=1.1, threshold=0.74, method="average")
        out["pke MultipartiteRank"][doc_id] = [p for p, _ in ranker.get_n_best(n=k)]
    return out


def timed(function, *args, **kwargs):
    t0 = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - t0


def print_table(results: dict, parts: dict[str, dict[str, set[str]]]) -> None:
    names = list(parts)
    head = " ".join(f"{f'{p} F1@5':>15} {f'{p} F1@10':>16}" for p in names)
    print(f"{'method':<44} {head} {'ms/doc':>8}")
    for name, (predicted, seconds, n_docs) in results.items():
        cells = " ".join(f"{f1_at(predicted, g, 5)[2]:15.3f} {f1_at(predicted, g, 10)[2]:16.3f}" for g in parts.values())
        print(f"{name:<44} {cells} {1000 * seconds / max(n_docs, 1):8.2f}")


def speed(corpus, tags: pd.DataFrame, candidates: pd.DataFrame, *, scale: int = 10_000) -> None:
    """Per-document cost of both steps, and of the reduce over ``scale`` documents."""
    docs = [{c: doc[c].to_numpy() for c in ("lower", "text", "pos", "is_stop", "joined", "sent_id", "start")}
            for _, doc in tags.groupby("doc_id", sort=False)]
    kt.document_candidates(docs[0])
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for doc in docs:
            kt.document_candidates(doc)
        runs.append((time.perf_counter() - t0) / len(docs))
    print(f"per-document candidates (in the annotation pass): {1000 * min(runs):.2f} ms/doc (best of 3, "
          f"{len(docs)} docs; spaCy NER alone is ~30 ms/doc)")
    copies = math.ceil(scale / max(len(docs), 1))
    big = pd.concat([candidates.assign(doc_id=candidates["doc_id"] + f"#{c}") for c in range(copies)],
                    ignore_index=True)
    big = big[big["doc_id"].isin(big["doc_id"].drop_duplicates()[:scale])]
    n_big = big["doc_id"].nunique()
    runs = [timed(kt.rank_candidates, big, top_n=10)[1] for _ in range(3)]
    print(f"reduce (rank_candidates) over {n_big:,} documents ({len(big):,} candidate rows): "
          f"{min(runs):.3f} s, {1000 * min(runs) / n_big:.3f} ms/doc (best of 3)")
    runs = [timed(tk.keyterms, corpus, top_n=10)[1] for _ in range(3)]
    print(f"tk.keyterms warm over {len(corpus.documents)} stored documents (store read + reduce): "
          f"{1000 * min(runs):.0f} ms (best of 3)")


def grid(candidates: pd.DataFrame, gold: dict[str, set[str]], n_documents: int) -> None:
    """The weights on the tuning part: the bench's ``--grid``."""
    print("grid on the tuning part (F1@5, F1@10):")
    for count_exponent, idf_exponent, salience, name_salience in itertools.product(
            (1.0, 1.5, 2.0), (0.0, 0.5, 1.0), (0.67, 1.0), (0.5, 1.0)):
        table = kt.rank_candidates(candidates, top_n=10, n_documents=n_documents, count_exponent=count_exponent,
                                   idf_exponent=idf_exponent, phrase_salience=salience, name_salience=name_salience)
        predicted = as_lists(table)
        print(f"  count^{count_exponent:<4} idf^{idf_exponent:<4} phrase salience {salience:<5}"
              f" name salience {name_salience:<4} {f1_at(predicted, gold, 5)[2]:.3f} {f1_at(predicted, gold, 10)[2]:.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="evaluate the first N stories only")
    parser.add_argument("--grid", action="store_true", help="print the weights' grid on the tuning part")
    parser.add_argument("--no-pke", action="store_true", help="leave pke's rankers out")
    parser.add_argument("--keyness", action="store_true", help="also score tk.keywords per story")
    args = parser.parse_args(argv)
    if not (args.data / "docsutf8").is_dir():
        parser.error(f"{args.data} has no docsutf8/ folder; pass the 500N-KPCrowd folder")

    gold = load_gold(args.data)
    corpus = tk.load_corpus(args.data / "docsutf8", cache=False, progress=False)
    if args.limit:
        corpus = corpus.select(doc_ids=sorted(corpus.documents["doc_id"])[: args.limit])
    n_docs = len(corpus.documents)
    gold = {d: gold[d] for d in corpus.documents["doc_id"] if d in gold}
    tuning, held_out = split_parts(gold)
    parts = {"tuning": {d: gold[d] for d in tuning}, "held-out": {d: gold[d] for d in held_out}}
    _, annotate_time = timed(tk.annotate, corpus, progress=False)
    tags, tag_time = timed(pos_tags, corpus, progress=False)

    results = {}
    table, seconds = timed(tk.keyterms, corpus, top_n=10)
    results["toolkit keyterms (stored candidates + reduce)"] = (as_lists(table), seconds, n_docs)
    results["previous keyterms (0c69be4)"] = (*timed(previous_keyterms, tags, top_n=10), n_docs)
    results["TF-IDF baseline"] = (*timed(tfidf_baseline, corpus, 10), n_docs)
    results["TextRank baseline"] = (*timed(textrank_baseline, tags, 10), n_docs)
    if not args.no_pke:
        found, seconds = timed(pke_baselines, corpus, 10)
        if isinstance(found, str):
            print(f"pke left out: {found}")
        else:
            for name, predicted in found.items():
                results[name] = (predicted, seconds / 2, n_docs)

    scope = os.environ.get("NEWSLENS_PARSE", "lens")
    print(f"500N-KPCrowd: {len(gold)} stories ({len(tuning)} tuning, {len(held_out)} held-out), "
          f"{sum(map(len, gold.values())) / max(len(gold), 1):.1f} distinct gold keys each; "
          f"NEWSLENS_PARSE={scope}; annotation {annotate_time:.1f} s, tags read {tag_time:.1f} s")
    print_table(results, parts)
    candidates = kt.candidates_from_tags(tags)
    speed(corpus, tags, candidates)
    if args.grid:
        grid(candidates, parts["tuning"], n_docs)
    if args.keyness:
        print_keyness(corpus, parts)
    return 0


def story_keywords(corpus, *, phrases: str, min_count: int, k: int = 15) -> dict[str, list[str]]:
    """Keyness of every story against general English (each story is its own group)."""
    stories = dict(zip(corpus.documents["doc_id"], corpus.documents["doc_id"]))
    table = tk.keywords(corpus, method="keyness", by=stories, reference="english", top_n=k,
                        phrases=phrases, min_count=min_count)
    return table.groupby("group")["term"].apply(list).to_dict()


def print_keyness(corpus, parts) -> None:
    print("tk.keywords per story (keyness G2 vs general English), F1@5 / F1@10 / F1@15 per part:")
    for phrases in ("clean", "all"):
        for min_count in (2, 1):
            predicted = story_keywords(corpus, phrases=phrases, min_count=min_count)
            cells = "  ".join(" ".join(f"{f1_at(predicted, g, k)[2]:.3f}" for k in (5, 10, 15)) for g in parts.values())
            print(f'  phrases="{phrases}", min_count={min_count}: {cells}')


if __name__ == "__main__":
    sys.exit(main())
