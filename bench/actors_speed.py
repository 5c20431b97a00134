"""Speed of the whole actor lens vs spaCy's default pipeline, on the same text, in the same run.

Both sides start warm (models loaded, corpus tokenized) and count the same
tokens (the corpus's own token count), so the figures are tokens per second
of the lens's work, not of loading:

  * ``spacy-default``: ``en_core_web_sm`` with every component, ``nlp.pipe`` over
    the documents (what a user would run to get entities and a parse);
  * ``actor-lens``: ``tk.mentions`` on a corpus not annotated yet (the annotation
    pass: NER on every sentence, tagger and parser where a lens reads them, the
    layer), then ``tk.quotes`` and ``tk.relations``.

Usage:
    .venv/bin/python bench/actors_speed.py [CORPUS] [--repeat 3] [--json out.json]

CORPUS defaults to the bundled ``samples/wikinews`` (90 Wikinews articles).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best_of(repeat: int, work) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def run(corpus_path: Path, repeat: int) -> dict:
    import toolkit as tk
    from toolkit.actors import ner_model
    from toolkit.nlp import load_model
    from toolkit.relations import parser_model

    corpus = tk.load_corpus(corpus_path, cache=False)
    texts = corpus.documents["text"].tolist()
    n_tokens = int(corpus.documents["n_tokens"].sum())
    full, _, _ = load_model(), ner_model(), parser_model()  # warm every model first

    def spacy_default():
        for _ in full.pipe(texts):
            pass

    # A fresh corpus per run: each has its own empty annotation store, so the run pays the
    # annotation pass (spaCy NER, the parse of the sentences a lens reads, the layer), as
    # a first look at a folder does; a store already filled would time the reads alone.
    fresh = iter([tk.load_corpus(corpus_path, cache=False) for _ in range(repeat)])

    def actor_lens():
        new = next(fresh)
        m = tk.mentions(new, progress=False)
        tk.quotes(new, mentions_table=m)
        tk.relations(new, mentions_table=m)

    seconds = {"spacy-default": _best_of(repeat, spacy_default), "actor-lens": _best_of(repeat, actor_lens)}
    return {
        "documents": len(texts),
        "tokens": n_tokens,
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "tokens_per_second": {k: round(n_tokens / v) for k, v in seconds.items()},
        "speedup": round(seconds["spacy-default"] / seconds["actor-lens"], 2),
    }


def main(argv=None) -> None:
    from toolkit.config import SAMPLES_DIR

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=SAMPLES_DIR / "wikinews")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    result = run(args.corpus, args.repeat)
    print(f"{result['documents']} documents, {result['tokens']} tokens (best of {args.repeat})")
    for name in ("spacy-default", "actor-lens"):
        print(f"{name:<14}{result['seconds'][name]:>8.2f} s {result['tokens_per_second'][name]:>9,} tokens/s")
    print(f"actor lens is {result['speedup']}x the speed of spaCy's default pipeline")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
