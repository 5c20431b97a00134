"""NER quality on MEANTIME English: spaCy alone vs spaCy + the actor layer, side by side.

Gold: the NAM (named) ENTITY_MENTIONs of PER, ORG and LOC entities in the
intra-document annotation (120 Wikinews articles). Where a gold NAM mention
contains another NAM mention of the same entity ("United States automobile
company General Motors" around "General Motors"), only the inner one is kept.

MEANTIME annotates the title and the first sentences of each article only, so
predictions are scored in that window (up to the last sentence holding any
markable); the layer still reads the whole document.

Systems, all on the same text (tokens detokenized, one sentence per line):
  * ``spacy-full``: ``en_core_web_sm`` default pipeline, ``nlp(text)`` on the whole document;
  * ``spacy-ner``: only its ``ner`` component, line by line (exactly what the layer starts from);
  * ``layer``: ``toolkit.actors`` (spaCy NER + cues, dictionary, pycountry, document consistency).
Types map PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC; NORP (and demonyms the layer
links to countries) are not named mentions and are left out. Predictions that
overlap only gold mentions outside the evaluated categories (PRE.NAM
premodifiers, products, financial entities) are ignored rather than counted wrong.

Matching is one-to-one and typed, reported two ways:
  * ``exact``: same span once a leading "the" is removed from both;
  * ``overlap``: spans share at least one character (gold spans include
    descriptors such as "automaker Chrysler", which no NER tags).

Usage:
    .venv/bin/python bench/ner_eval.py [PATH] [--json results.json]

PATH defaults to ../shared/eval/meantime_en next to the repository.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from cat_text import detokenize  # bench/ is sys.path[0]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_PATH = ROOT.parent / "shared" / "eval" / "meantime_en"
EVALUATED = ("PER", "ORG", "LOC")
SPACY_TO_GOLD = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@dataclass
class Document:
    name: str
    text: str
    sentences: pd.DataFrame
    gold: list[tuple[int, int, str]]
    other: list[tuple[int, int]] = field(default_factory=list)  # annotated, but not evaluated
    window: int = 0  # annotation covers text[:window] (MEANTIME annotates the first sentences only)


def read_document(path: Path) -> Document:
    """Text (one sentence per line) and gold spans of one CAT XML file."""
    root = ET.parse(path).getroot()
    tokens = [(t.get("t_id"), t.text or "", int(t.get("sentence"))) for t in root.findall("token")]
    text, offsets, lines = detokenize(tokens)
    sentence_of = {t_id: sentence for t_id, _, sentence in tokens}
    sentences = pd.DataFrame(
        [{"doc_id": path.stem, "sent_id": i, "par_id": i, "section": "headline" if i == 0 else "body",
          "start": s, "end": e, "text": text[s:e]} for i, (s, e) in enumerate(lines)]
    )
    markables = root.find("Markables")
    entity_type = {e.get("m_id"): e.get("ent_type") for e in markables.findall("ENTITY")}
    refers = {}
    for rel in root.find("Relations").findall("REFERS_TO"):
        target = entity_type.get(rel.find("target").get("m_id"))
        for source in rel.findall("source"):
            refers[source.get("m_id")] = target
    entity_of = {}
    for rel in root.find("Relations").findall("REFERS_TO"):
        for source in rel.findall("source"):
            entity_of[source.get("m_id")] = rel.find("target").get("m_id")
    gold, other = [], []
    for mention in markables.findall("ENTITY_MENTION"):
        anchors = [a.get("t_id") for a in mention.findall("token_anchor")]
        if not anchors:
            continue
        span = (offsets[anchors[0]][0], offsets[anchors[-1]][1])
        kind, type_ = mention.get("syntactic_type"), refers.get(mention.get("m_id"))
        if kind == "NAM" and type_ in EVALUATED:
            gold.append((*span, type_, entity_of.get(mention.get("m_id"))))
        else:
            other.append(span)
    anchored = [a.get("t_id") for m in markables for a in m.findall("token_anchor")]
    last_sentence = max((sentence_of[t] for t in anchored if t in sentence_of), default=-1)
    window = int(sentences.loc[sentences["sent_id"] == last_sentence, "end"].max()) if last_sentence >= 0 else 0
    return Document(path.stem, text, sentences, _innermost(gold), other, window)


def _innermost(spans):
    """Drop a gold mention that contains another mention of the same entity (its name plus descriptors)."""
    inner = {
        s for s in spans
        if not any(o != s and o[3] == s[3] and o[3] is not None and s[0] <= o[0] and o[1] <= s[1] for o in spans)
    }
    return sorted(s[:3] for s in inner)


def _strip_the(text: str, start: int, end: int) -> tuple[int, int]:
    m = re.match(r"(?:the|The)\s+", text[start:end])
    return (start + m.end(), end) if m else (start, end)


def score(documents, predictions) -> dict:
    """Typed precision, recall and F1, exact and overlap, over all documents."""
    totals = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}  # tp, n_pred, n_gold
    for doc in documents:
        pred = [p for p in predictions[doc.name] if p[2] in EVALUATED]
        pred = [p for p in pred if p[1] <= doc.window and _evaluated(p, doc)]
        for mode in totals:
            tp = _matches(doc, doc.gold, pred, mode)
            totals[mode][0] += tp
            totals[mode][1] += len(pred)
            totals[mode][2] += len(doc.gold)
    result = {}
    for mode, (tp, n_pred, n_gold) in totals.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        result[mode] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                        "tp": tp, "predicted": n_pred, "gold": n_gold}
    return result


def _evaluated(pred, doc) -> bool:
    """False for a prediction that overlaps annotated mentions only outside the evaluated categories."""
    touches_gold = any(g[0] < pred[1] and pred[0] < g[1] for g in doc.gold)
    touches_other = any(o[0] < pred[1] and pred[0] < o[1] for o in doc.other)
    return touches_gold or not touches_other


def _matches(doc, gold, pred, mode) -> int:
    used, tp = set(), 0
    for g in gold:
        gs = _strip_the(doc.text, g[0], g[1])
        for i, p in enumerate(pred):
            if i in used or p[2] != g[2]:
                continue
            ps = _strip_the(doc.text, p[0], p[1])
            hit = ps == gs if mode == "exact" else (p[0] < g[1] and g[0] < p[1])
            if hit:
                used.add(i)
                tp += 1
                break
    return tp


def run(path: Path) -> dict:
    from toolkit.actors import document_mentions, spacy_entities
    from toolkit.nlp import load_model

    files = sorted((path / "intra-doc_annotation").glob("*/*.xml"))
    if not files:
        raise SystemExit(f"no MEANTIME files under {path / 'intra-doc_annotation'}")
    documents = [read_document(f) for f in files]
    full = load_model()
    systems = {"spacy-full": {}, "spacy-ner": {}, "layer": {}}
    seconds = dict.fromkeys(systems, 0.0)
    for doc in documents:
        t0 = time.perf_counter()
        systems["spacy-full"][doc.name] = [
            (e.start_char, e.end_char, SPACY_TO_GOLD.get(e.label_, "")) for e in full(doc.text).ents
        ]
        t1 = time.perf_counter()
        entities = spacy_entities(doc.text)
        systems["spacy-ner"][doc.name] = [(s, e, SPACY_TO_GOLD.get(label, "")) for s, e, label in entities]
        t2 = time.perf_counter()
        rows = document_mentions(doc.text, doc.sentences, doc_id=doc.name, entities=entities)
        rows = rows[rows["label"] != "NORP"]
        systems["layer"][doc.name] = [
            (r.start, r.end, SPACY_TO_GOLD.get(r.type, "")) for r in rows.itertuples(index=False)
        ]
        t3 = time.perf_counter()
        seconds["spacy-full"] += t1 - t0
        seconds["spacy-ner"] += t2 - t1
        seconds["layer"] += t3 - t1
    results = {name: score(documents, predictions) for name, predictions in systems.items()}
    for name in results:
        results[name]["seconds"] = round(seconds[name], 2)
    results["documents"] = len(documents)
    results["gold_mentions"] = sum(len(d.gold) for d in documents)
    return results


def format_table(results: dict) -> str:
    lines = [
        f"MEANTIME English, {results['documents']} documents, {results['gold_mentions']} gold NAM PER/ORG/LOC mentions",
        f"{'system':<12}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}{'seconds':>9}",
    ]
    for name in ("spacy-full", "spacy-ner", "layer"):
        for mode in ("exact", "overlap"):
            r = results[name][mode]
            lines.append(
                f"{name:<12}{mode:<9}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{results[name]['seconds']:>9}"
            )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    results = run(args.path)
    print(format_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
