"""Speed of the timeline lens against tokenization, on the same generated corpus, in the same run.

Generates news-like documents (a headline, a caption, body paragraphs with
dates, relative expressions, amounts, counts and scores) from templates and a
fixed random seed, then times, best of ``--repeat`` runs:

  * ``tokenization``: ``tk.load_corpus(records, cache=False)``: cleaning,
    sentence splitting and NLTK tokenization of every document;
  * ``timeline``: finding and resolving every temporal expression, the
    per-document step the annotation pass runs (``document_timeline`` on each
    document and its sentences);
  * ``table from the store``: ``tk.timeline(corpus)`` once the corpus is annotated
    (the annotation pass itself, spaCy included, is timed by ``annotate_speed.py``).

Times are CPU seconds (steadier than wall time on a shared machine), the two interleaved.
The issue's target: the timeline costs less than the tokenization.

Usage:
    .venv/bin/python bench/timeline_speed.py [--documents 2000] [--repeat 3] [--dense] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PEOPLE = ["Ana Ruiz", "Tomas Berg", "Lena Novak", "Omar Haddad", "Mei Chen", "Kofi Mensah", "Sara Lind"]
PLACES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Perth", "Accra", "Hanoi"]
BODIES = ["the central bank", "the transport ministry", "the city council", "the workers' union",
          "the electoral commission", "the port authority"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

SENTENCES = [
    "{person} said on {weekday} that {body} would review the plan.",
    "The vote is expected {rel_future}, officials in {place} said.",
    "Protests were broken up in {month} {year}, leaving at least {small} injured.",
    "{body} has been criticised since {year} for its handling of the budget.",
    "About {thousands} people marched through {place} {rel_past}.",
    "The fund lost {pct} percent of its value in the third quarter of {year}.",
    "{person} was detained at {hour} a.m. on {weekday} and released two days later.",
    "Turnout reached {big} votes, up from {big2} {rel_past}.",
    "The talks, first held in the {decade}s, resume {rel_future}.",
    "Under Section {section}, {body} must publish its accounts every year.",
    "{place} beat {place2} {score} in a match played {rel_past}.",
    "A report published on {month} {day}, {year} found that {body} had ignored warnings for {small} years.",
    "Officials met {rel_past} to discuss the {year} election and the deadline of {month} {day}.",
    "The project will take three years and cost {thousands} million dollars.",
    "{person} told reporters the decision came a day after {body} warned of delays.",
    "Prices have risen by {pct} percent over the past several years.",
    "The new line opens in {month}, {person} said at a briefing in {place}.",
    "Nothing has changed in {place} for decades, residents say.",
]
# Most news sentences carry no date; these keep the density near the bundled Wikinews sample's
# (about 25 temporal expressions per 1,000 tokens), amounts and counts included.
UNDATED = [
    "{person}, a spokesperson for {body}, declined to comment on the figures.",
    "The proposal would cut spending by {thousands} dollars and close {small} offices in {place}.",
    "Critics say the plan favours large companies over small businesses and local residents.",
    "According to {body}, {thousands} households in {place} are affected by the changes.",
    "{person} said the agreement was a step forward but warned that much work remained.",
    "Shares in the company fell {pct} percent after the announcement, analysts in {place} noted.",
    "The opposition has called for an independent inquiry into the handling of the contract.",
    "{body} employs about {thousands} people, most of them in {place} and {place2}.",
    "Residents interviewed by reporters described long queues and confusion at the offices.",
    "The report lists {small} recommendations, including stricter rules on public procurement.",
]
REL_PAST = ["last week", "last month", "earlier this year", "two days ago", "several years ago", "yesterday",
            "this week", "in the 1990s"]
REL_FUTURE = ["next year", "next month", "later this month", "on Thursday", "in the coming weeks", "tomorrow"]


def generate(n_documents: int, *, seed: int = 7, dense: bool = False) -> list[dict]:
    """``n_documents`` news-like records (id, title, published, text), the same for the same seed.

    Two of three body sentences carry no date, as in real news; ``dense`` dates every sentence
    (about 3.5 times as many expressions: the worst case).
    """
    rng = random.Random(seed)

    def fill(template: str) -> str:
        return template.format(
            person=rng.choice(PEOPLE), place=rng.choice(PLACES), place2=rng.choice(PLACES),
            body=rng.choice(BODIES).capitalize() if template.startswith("{body}") else rng.choice(BODIES),
            weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS), day=rng.randint(1, 28),
            year=rng.randint(1990, 2020), decade=rng.choice([1970, 1980, 1990]), small=rng.randint(2, 40),
            thousands=f"{rng.randint(1, 90)},{rng.randint(100, 999)}", pct=f"{rng.randint(1, 30)}.{rng.randint(0, 9)}",
            hour=rng.randint(1, 11), big=f"{rng.randint(1, 9)},{rng.randint(100, 999)},{rng.randint(100, 999)}",
            big2=f"{rng.randint(1, 9)},{rng.randint(100, 999)},{rng.randint(100, 999)}",
            section=rng.randint(100, 400), score=f"{rng.randint(0, 5)}-{rng.randint(0, 5)}",
            rel_past=rng.choice(REL_PAST), rel_future=rng.choice(REL_FUTURE),
        )

    records = []
    for i in range(n_documents):
        pick = (lambda: rng.choice(SENTENCES)) if dense else (
            lambda: rng.choice(SENTENCES) if rng.random() < 0.34 else rng.choice(UNDATED))
        paragraphs = [" ".join(fill(pick()) for _ in range(rng.randint(2, 4)))
                      for _ in range(rng.randint(4, 7))]
        caption = f"{rng.choice(PEOPLE)} speaks in {rng.choice(PLACES)}, {rng.choice(WEEKDAYS)}, " \
                  f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2005, 2020)}. (Photo: Agency)"
        title = f"{rng.choice(BODIES).capitalize()} faces questions in {rng.choice(PLACES)}"
        published = (None if i % 10 == 9  # one in ten without a date: relative expressions keep X placeholders
                     else f"{rng.randint(2005, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        records.append({"id": f"gen{i:05d}", "title": title, "published": published,
                        "text": "\n\n".join([title, caption, *paragraphs])})
    return records


def _timed(work):
    """CPU seconds of ``work()`` (steadier than wall time on a shared machine) and its result."""
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def _timex_step(corpus) -> int:
    """Every document's timeline rows, as the annotation pass makes them; returns how many."""
    from toolkit.timeline import document_timeline

    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    dates = dict(zip(corpus.documents["doc_id"], corpus.documents["published"]))
    found = 0
    for doc_id, sentences in corpus.sentences.groupby("doc_id", sort=False):
        reference = dates[doc_id] if not pd.isna(dates[doc_id]) else None
        found += len(document_timeline(doc_id, texts[doc_id], sentences, reference=reference))
    return found


def run(n_documents: int, repeat: int, *, dense: bool = False) -> dict:
    import warnings

    import toolkit as tk

    records = generate(n_documents, dense=dense)
    tokenize_s = timeline_s = float("inf")
    for _ in range(repeat):  # interleaved, so both see the same machine load
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seconds, corpus = _timed(lambda: tk.load_corpus(records, cache=False, progress=False))
        tokenize_s = min(tokenize_s, seconds)
        seconds, rows = _timed(lambda: _timex_step(corpus))
        timeline_s = min(timeline_s, seconds)
    tk.annotate(corpus, progress=False)
    table_s = min(_timed(lambda: tk.timeline(corpus, progress=False))[0] for _ in range(repeat))
    n_docs = len(corpus.documents)
    return {
        "corpus": "dense (every sentence dated)" if dense else "news-like",
        "documents": n_docs,
        "tokens": int(corpus.documents["n_tokens"].sum()),
        "expressions": rows,
        "tokenization_s": round(tokenize_s, 3),
        "timeline_s": round(timeline_s, 3),
        "timeline_ms_per_doc": round(1000 * timeline_s / n_docs, 3),
        "tokenization_ms_per_doc": round(1000 * tokenize_s / n_docs, 3),
        "expressions_per_s": round(rows / timeline_s),
        "table_from_store_s": round(table_s, 3),
        "timeline_vs_tokenization": round(timeline_s / tokenize_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--dense", action="store_true", help="date every sentence (the worst case)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    result = run(args.documents, args.repeat, dense=args.dense)
    print(f"{result['documents']} generated {result['corpus']} documents, {result['tokens']} tokens, "
          f"{result['expressions']} temporal expressions (CPU seconds, best of {args.repeat})")
    print(f"tokenization  {result['tokenization_s']:7.3f} s  {result['tokenization_ms_per_doc']:6.3f} ms/doc")
    print(f"timeline      {result['timeline_s']:7.3f} s  {result['timeline_ms_per_doc']:6.3f} ms/doc  "
          f"{result['expressions_per_s']} expressions/s")
    print(f"table from the store (tk.timeline, annotated corpus)  {result['table_from_store_s']:7.3f} s")
    verdict = "cheaper" if result["timeline_vs_tokenization"] < 1 else "NOT cheaper"
    print(f"timeline / tokenization = {result['timeline_vs_tokenization']:.2f} ({verdict} than tokenization)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
