"""NER quality on MEANTIME English and CoNLL-2003 dev: spaCy alone vs spaCy + the actor layer.

The layer is scored the way the lens runs it: the per-document step
(``document_mentions(..., across_documents=False)``), then the corpus reduce
(:func:`toolkit.resolve.resolve_mentions`) over all documents of the set at once.

Each set is split into a tuning part (even-numbered documents, in file order)
and a held-out part (odd-numbered); figures are given for both, and the layer's
rules were only ever looked at against the tuning part.

CoNLL-2003 dev (``eng.testa``, 216 Reuters stories): tokens joined with single
spaces, one sentence per line, gold PER/ORG/LOC spans from the IOB1 tags; exact
typed character spans per document (the set's README measure). MISC is not scored.

MEANTIME:

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
    .venv/bin/python bench/ner_eval.py [--meantime PATH] [--conll PATH] [--json results.json]

Paths default to ../shared/eval/meantime_en and ../shared/eval/conll2003_dev next to the repository.
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
CONLL_PATH = ROOT.parent / "shared" / "eval" / "conll2003_dev"
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


def read_conll(path: Path) -> list[Document]:
    """CoNLL-2003 documents: tokens joined with single spaces, one sentence per line; gold from IOB1 tags."""
    documents, sentences, current = [], [], []

    def close_document():
        if not sentences:
            return
        lines, gold, offset = [], [], 0
        for tokens in sentences:
            words, line_spans = [], []
            for word, tag in tokens:
                start = offset + sum(len(w) + 1 for w in words)
                line_spans.append((start, start + len(word), tag))
                words.append(word)
            lines.append(" ".join(words))
            gold += _iob_spans(line_spans)
            offset += len(lines[-1]) + 1
        text = "\n".join(lines)
        name = f"conll-{len(documents):03d}"
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        frame = pd.DataFrame([
            {"doc_id": name, "sent_id": i, "par_id": i, "section": "headline" if i == 0 else "body",
             "start": s, "end": s + len(line), "text": line} for i, (s, line) in enumerate(zip(starts, lines))
        ])
        gold = [g for g in gold if g[2] in EVALUATED]
        documents.append(Document(name, text, frame, gold, [], len(text)))
        sentences.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            close_document()
            continue
        if not raw.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        parts = raw.split()
        current.append((parts[0], parts[-1]))
    if current:
        sentences.append(current)
    close_document()
    return documents


def _iob_spans(tokens) -> list[tuple[int, int, str]]:
    """Spans of IOB1 tags: I-X continues a span of X, B-X starts a new one."""
    spans, open_span = [], None
    for start, end, tag in tokens:
        kind = tag[2:] if tag != "O" else None
        if kind and open_span and open_span[2] == kind and not tag.startswith("B-"):
            open_span[1] = end
            continue
        if open_span:
            spans.append(tuple(open_span))
        open_span = [start, end, kind] if kind else None
    if open_span:
        spans.append(tuple(open_span))
    return spans


def score(documents, predictions) -> dict:
    """Typed precision, recall and F1, exact and overlap overall, and exact per type."""
    counts = {mode: [0, 0, 0] for mode in ("exact", "overlap", *EVALUATED)}  # tp, n_pred, n_gold
    for doc in documents:
        pred = [p for p in predictions[doc.name] if p[2] in EVALUATED]
        pred = [p for p in pred if p[1] <= doc.window and _evaluated(p, doc)]
        for mode in ("exact", "overlap"):
            tp = _matches(doc, doc.gold, pred, mode)
            counts[mode][0] += tp
            counts[mode][1] += len(pred)
            counts[mode][2] += len(doc.gold)
        for kind in EVALUATED:
            gold = [g for g in doc.gold if g[2] == kind]
            typed = [p for p in pred if p[2] == kind]
            counts[kind][0] += _matches(doc, gold, typed, "exact")
            counts[kind][1] += len(typed)
            counts[kind][2] += len(gold)
    result = {}
    for mode, (tp, n_pred, n_gold) in counts.items():
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


def predict(documents: list[Document], *, full_pipeline: bool) -> tuple[dict, dict]:
    """Each system's predictions ``{system: {doc: [(start, end, type)]}}`` and seconds."""
    from toolkit import resolve
    from toolkit.actors import document_mentions, knowledge, spacy_entities
    from toolkit.nlp import load_model

    systems = {"spacy-full": {}, "spacy-ner": {}, "layer": {}} if full_pipeline else {"spacy-ner": {}, "layer": {}}
    seconds = dict.fromkeys(systems, 0.0)
    full = load_model() if full_pipeline else None
    local = []
    for doc in documents:
        t0 = time.perf_counter()
        if full is not None:
            systems["spacy-full"][doc.name] = [
                (e.start_char, e.end_char, SPACY_TO_GOLD.get(e.label_, "")) for e in full(doc.text).ents
            ]
        t1 = time.perf_counter()
        entities = _cached_entities(doc.text, spacy_entities)
        systems["spacy-ner"][doc.name] = [(s, e, SPACY_TO_GOLD.get(label, "")) for s, e, label in entities]
        t2 = time.perf_counter()
        local.append(document_mentions(doc.text, doc.sentences, doc_id=doc.name, entities=entities,
                                       across_documents=False))
        t3 = time.perf_counter()
        if full is not None:
            seconds["spacy-full"] += t1 - t0
        seconds["spacy-ner"] += t2 - t1
        seconds["layer"] += t3 - t1
    t4 = time.perf_counter()
    rows = resolve.resolve_mentions(pd.concat(local, ignore_index=True), know=knowledge())
    seconds["layer"] += time.perf_counter() - t4
    rows = rows[rows["label"] != "NORP"]  # demonyms the layer links to countries are not names
    systems["layer"] = {doc.name: [] for doc in documents}
    for r in rows.itertuples(index=False):
        systems["layer"][r.doc_id].append((r.start, r.end, SPACY_TO_GOLD.get(r.type, "")))
    return systems, seconds


_SPACY_CACHE: dict | None = None  # set by --reuse-spacy: spaCy's entities by text, for fast reruns


def _cached_entities(text: str, spacy_entities):
    if _SPACY_CACHE is None:
        return spacy_entities(text)
    if text not in _SPACY_CACHE:
        _SPACY_CACHE[text] = spacy_entities(text)
    return _SPACY_CACHE[text]


def evaluate(documents: list[Document], *, full_pipeline: bool) -> dict:
    """Scores of every system on the whole set and on its tuning and held-out parts."""
    systems, seconds = predict(documents, full_pipeline=full_pipeline)
    parts = {"all": documents, "tune": documents[0::2], "held-out": documents[1::2]}
    results = {"documents": len(documents), "gold_mentions": sum(len(d.gold) for d in documents)}
    for name, predictions in systems.items():
        results[name] = {part: score(docs, predictions) for part, docs in parts.items()}
        results[name]["seconds"] = round(seconds[name], 2)
    return results


def run(path: Path) -> dict:
    """MEANTIME figures (kept for callers of the older interface)."""
    files = sorted((path / "intra-doc_annotation").glob("*/*.xml"))
    if not files:
        raise SystemExit(f"no MEANTIME files under {path / 'intra-doc_annotation'}")
    return evaluate([read_document(f) for f in files], full_pipeline=True)


def run_conll(path: Path) -> dict:
    files = path / "eng.testa"
    if not files.exists():
        raise SystemExit(f"no eng.testa under {path}")
    return evaluate(read_conll(files), full_pipeline=False)


def format_table(title: str, results: dict) -> str:
    lines = [
        f"{title}: {results['documents']} documents, {results['gold_mentions']} gold PER/ORG/LOC mentions",
        f"{'system':<12}{'part':<10}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}   "
        + "  ".join(f"{k} P/R/F1 exact" for k in EVALUATED),
    ]
    systems = [s for s in ("spacy-full", "spacy-ner", "layer") if s in results]
    for part in ("all", "tune", "held-out"):
        for name in systems:
            r = results[name][part]
            for mode in ("exact", "overlap"):
                typed = "  ".join(
                    f"{r[k]['precision']:.3f}/{r[k]['recall']:.3f}/{r[k]['f1']:.3f}" for k in EVALUATED
                ) if mode == "exact" else ""
                lines.append(
                    f"{name:<12}{part:<10}{mode:<9}{r[mode]['precision']:>7.3f}{r[mode]['recall']:>7.3f}"
                    f"{r[mode]['f1']:>7.3f}   {typed}"
                )
    lines.append("seconds: " + ", ".join(f"{s} {results[s]['seconds']}" for s in systems))
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meantime", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--conll", type=Path, default=CONLL_PATH)
    parser.add_argument("--only", choices=("meantime", "conll"), help="run one set")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--reuse-spacy", type=Path, help="pickle of spaCy's entities to reuse (seconds then exclude spaCy)")
    args = parser.parse_args(argv)
    global _SPACY_CACHE
    if args.reuse_spacy:
        import pickle

        _SPACY_CACHE = pickle.loads(args.reuse_spacy.read_bytes()) if args.reuse_spacy.exists() else {}
    results = {}
    if args.only in (None, "meantime"):
        results["meantime"] = run(args.meantime)
        print(format_table("MEANTIME English", results["meantime"]))
    if args.only in (None, "conll"):
        results["conll"] = run_conll(args.conll)
        print(format_table("CoNLL-2003 dev", results["conll"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.reuse_spacy:
        args.reuse_spacy.write_bytes(pickle.dumps(_SPACY_CACHE))


if __name__ == "__main__":
    main()
