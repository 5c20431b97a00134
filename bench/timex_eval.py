"""Measure the timeline lens's temporal expressions against MEANTIME (English).

MEANTIME (NewsReader, CC BY 4.0) has 120 Wikinews articles in CAT XML with
gold TIMEX3 spans and values for the title and first sentences of each
article, and a creation time (DCT) per document. The DCT is the reference
date; the DCT mention itself is not scored. Only the annotated sentences are
scored (title, date line and the first body sentences).

Reports the TempEval-3 measures: strict span F1 (same tokens), relaxed span
F1 (overlapping tokens) and value F1 (relaxed match with the same value), plus
type accuracy on matched expressions.

With ``--semeval`` it also dates the events of the SemEval-2015 Task 4
TimeLine gold standard (Wikinews, CC BY 3.0) with ``tk.events``: for each gold
event (document, sentence, word) the date of our event on that word, else of a
dated event in the same sentence, else undated; compared with the gold date as
a calendar interval. This is a simplified proxy for event dating, not the
task's official timeline-ordering F1.

Usage:
    python bench/timex_eval.py [PATH] [--errors N] [--semeval [PATH]]

PATH defaults to ../shared/eval/meantime_en relative to the repository root.
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cat_text import detokenize  # noqa: E402  (bench/ is sys.path[0])
from toolkit.timex import find_timexes  # noqa: E402

DEFAULT_PATH = ROOT.parent / "shared" / "eval" / "meantime_en"
SEMEVAL_PATH = ROOT.parent / "shared" / "eval" / "semeval2015_task4_timeline"


@dataclass
class GoldDoc:
    name: str
    text: str
    token_spans: dict[str, tuple[int, int]]
    sentence_spans: list[tuple[int, int]]
    dct: str | None
    dct_tokens: set[str]
    scored_sentences: int
    token_sentence: dict[str, int]
    gold: list[tuple[frozenset[str], str, str, str]] = field(default_factory=list)  # tokens, value, type, text


def read_document(path: str) -> GoldDoc:
    root = ET.parse(path).getroot()
    tokens = [(t.get("t_id"), t.text or "", int(t.get("sentence"))) for t in root.iter("token")]
    text, spans, sentence_spans = detokenize(tokens)
    token_sentence = {t_id: s for t_id, _, s in tokens}
    markables = root.find("Markables")
    anchored = [token_sentence[a.get("t_id")] for el in markables for a in el.findall("token_anchor")]
    doc = GoldDoc(Path(path).stem, text, spans, sentence_spans, None, set(), max([5, *anchored]), token_sentence)
    for tx in root.iter("TIMEX3"):
        ids = [a.get("t_id") for a in tx.findall("token_anchor")]
        if not ids:
            continue  # empty (implicit) timexes have no text to find
        if tx.get("functionInDocument") == "CREATION_TIME":
            doc.dct_tokens = set(ids)
            doc.dct = tx.get("value")
            continue
        surface = text[spans[ids[0]][0]:spans[ids[-1]][1]]
        doc.gold.append((frozenset(ids), tx.get("value"), tx.get("type"), surface))
    if not doc.dct or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.dct):
        # A missing or malformed DCT: read it from the date line under the headline.
        start, end = sentence_spans[1]
        found = [t for t in find_timexes(text[start:end]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value)]
        doc.dct = found[0].value if found else None
    return doc


def _tokens_in(doc: GoldDoc, start: int, end: int) -> frozenset[str]:
    return frozenset(t for t, (s, e) in doc.token_spans.items() if s < end and start < e)


def evaluate(docs: list[GoldDoc], *, show_errors: int = 0) -> dict[str, float]:
    n_gold = n_pred = strict = relaxed = value_ok = type_ok = 0
    errors: list[str] = []
    for doc in docs:
        predicted = []
        for tx in find_timexes(doc.text, reference=doc.dct, sentence_spans=doc.sentence_spans):
            toks = _tokens_in(doc, tx.start, tx.end)
            if not toks or toks & doc.dct_tokens:
                continue
            if min(doc.token_sentence[t] for t in toks) > doc.scored_sentences:
                continue
            predicted.append((toks, tx))
        gold = list(doc.gold)
        n_gold += len(gold)
        n_pred += len(predicted)
        unmatched_gold = set(range(len(gold)))
        for toks, tx in predicted:
            match = next((i for i in sorted(unmatched_gold) if gold[i][0] & toks), None)
            if match is None:
                errors.append(f"FP  {doc.dct}  {tx.text!r:40} {tx.value}")
                continue
            unmatched_gold.discard(match)
            g_toks, g_value, g_type, g_text = gold[match]
            relaxed += 1
            strict += g_toks == toks
            type_ok += g_type == tx.type
            if g_value == tx.value:
                value_ok += 1
            else:
                errors.append(f"VAL {doc.dct}  {tx.text!r:40} {tx.value:14} gold {g_value} ({g_text!r})")
        for i in unmatched_gold:
            errors.append(f"FN  {doc.dct}  {gold[i][3]!r:40} gold {gold[i][1]}")

    def f1(correct: int) -> tuple[float, float, float]:
        p = correct / n_pred if n_pred else 0.0
        r = correct / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    for line in sorted(errors)[:show_errors]:
        print(line)
    result = {"documents": len(docs), "gold": n_gold, "predicted": n_pred}
    for name, correct in (("strict", strict), ("relaxed", relaxed), ("value", value_ok)):
        p, r, f = f1(correct)
        result.update({f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f})
    result["type_accuracy"] = type_ok / relaxed if relaxed else 0.0
    return result


def semeval_event_dating(path: str) -> dict[str, float]:
    """Date the SemEval-2015 Task 4 gold events with ``tk.events`` (see the module docstring)."""
    import warnings

    import toolkit as tk
    from toolkit.timex import interval

    records, token_start, dct_of = [], {}, {}
    for file in sorted(glob.glob(os.path.join(path, "corpus_*", "corpus_trackA_CAT", "*.xml"))):
        root = ET.parse(file).getroot()
        doc_id = root.get("doc_id")
        tokens = [(t.get("t_id"), t.text or "", int(t.get("sentence"))) for t in root.iter("token")]
        text, spans, _ = detokenize(tokens)
        for t_id, word, sentence in tokens:
            token_start.setdefault((doc_id, sentence, word), spans[t_id][0])
        dct = [x.get("value") for x in root.iter("TIMEX3") if x.get("functionInDocument") == "CREATION_TIME"]
        dct_of[doc_id] = dct[0] if dct else None
        records.append({"id": doc_id, "text": text, "published": dct_of[doc_id]})
    if not records:
        raise SystemExit(f"no SemEval-2015 Task 4 CAT files under {path}/corpus_*/corpus_trackA_CAT/")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = tk.load_corpus(records, cache=False, progress=False)
    found = tk.events(corpus, progress=False)
    sentences = corpus.sentences
    gold = []
    for file in sorted(glob.glob(os.path.join(path, "corpus_*", "TimeLines_Gold_Standard", "*.txt"))):
        for line in Path(file).read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            for event in parts[2:]:
                doc_id, sentence, word = event.split("-", 2)
                gold.append((doc_id, int(sentence), word, re.sub(r"(?:-XX)+$", "", parts[1])))  # 2003-XX-XX: 2003
    correct = dated_correct = dated_compatible = dated_gold = predicted_dates = located = 0
    for doc_id, sentence, word, gold_value in gold:
        offset = token_start.get((doc_id, sentence, word))
        if offset is None:
            continue
        located += 1
        ours = found[found["doc_id"] == doc_id]
        row = ours[(ours["start"] <= offset) & (ours["end"] > offset)]  # the expression itself, rarely
        if row.empty:
            own = sentences[(sentences["doc_id"] == doc_id) & (sentences["start"] <= offset)
                            & (sentences["end"] > offset)]
            same = ours[ours["sent_id"].isin(own["sent_id"])] if not own.empty else ours.iloc[:0]
            on_word = same[same["predicate"].str.split().str[-1] == word]
            row = on_word if not on_word.empty else same[same["date_start"].notna()]
        value = row["value"].iloc[0] if not row.empty and row["date_start"].notna().iloc[0] else "XXXX-XX-XX"
        gold_dated = gold_value[:1].isdigit()
        ok = interval(value) == interval(gold_value) if gold_dated else value == "XXXX-XX-XX"
        correct += ok
        dated_gold += gold_dated
        dated_correct += ok and gold_dated
        dated_compatible += gold_dated and value != "XXXX-XX-XX" and _nested(interval(value), interval(gold_value))
        predicted_dates += value != "XXXX-XX-XX"
    return {"gold_events": len(gold), "located": located, "gold_dated": dated_gold,
            "predicted_dated": predicted_dates, "accuracy": correct / located if located else 0.0,
            "dated_recall": dated_correct / dated_gold if dated_gold else 0.0,
            "dated_precision": dated_correct / predicted_dates if predicted_dates else 0.0,
            "compatible_precision": dated_compatible / predicted_dates if predicted_dates else 0.0}


def _nested(ours, gold) -> bool:
    """One interval holds the other (2009-Q3 and the gold's 2009-07-01, 2003 and 2003-05)."""
    if None in ours or None in gold:
        return False
    return (ours[0] <= gold[0] and gold[1] <= ours[1]) or (gold[0] <= ours[0] and ours[1] <= gold[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="MEANTIME English folder")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors (FP, FN, VAL)")
    parser.add_argument("--semeval", nargs="?", const=str(SEMEVAL_PATH), default=None,
                        help="also date SemEval-2015 Task 4 gold events (default path ../shared/eval/...)")
    args = parser.parse_args(argv)
    files = sorted(glob.glob(os.path.join(args.path, "intra-doc_annotation", "*", "*.xml")))
    if not files:
        parser.error(f"no CAT XML files under {args.path}/intra-doc_annotation/")
    docs = [read_document(f) for f in files]
    started = time.perf_counter()
    result = evaluate(docs, show_errors=args.errors)
    elapsed = time.perf_counter() - started
    print(f"MEANTIME English: {result['documents']} documents, {result['gold']} gold TIMEX3 "
          f"(DCT excluded), {result['predicted']} predicted")
    for name in ("strict", "relaxed", "value"):
        print(f"{name:8} P {result[f'{name}_precision']:.3f}  R {result[f'{name}_recall']:.3f}  "
              f"F1 {result[f'{name}_f1']:.3f}")
    print(f"type accuracy on matches {result['type_accuracy']:.3f}; {elapsed:.2f} s")
    print("reference (TempEval-3 news test set, value F1): HeidelTime 0.776, SUTime 0.674")
    if args.semeval:
        sem = semeval_event_dating(args.semeval)
        print(f"SemEval-2015 Task 4 gold events: {sem['gold_events']} ({sem['located']} located, "
              f"{sem['gold_dated']} with a gold date); we date {sem['predicted_dated']}")
        print(f"event dating: accuracy {sem['accuracy']:.3f} (undated counts when gold is undated), "
              f"dated precision {sem['dated_precision']:.3f}, dated recall {sem['dated_recall']:.3f}; "
              f"precision when a date holding the other counts {sem['compatible_precision']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
