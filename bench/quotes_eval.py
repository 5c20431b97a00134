"""Measure ``tk.quotes`` (direct quotes and reported speech) against PolNeAR's attributions.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates every attribution of
84 US political news articles (its dev split) as Source, Cue and Content spans.
The measure is the one the set's README defines:

* a gold **direct quote** is an attribution whose Content starts with a
  quotation mark; every other attribution is **reported speech**;
* **recall**: the share of gold contents that one of our rows overlaps;
* **precision**: the share of our rows that overlap some gold Content;
* **named-speaker accuracy**: over the gold contents found whose Source holds a
  proper name, the share where our speaker (canonical or as written) shares a
  name word with that Source.

Reported speech is scored whole and split by the gold Cue: a verb of saying
(``SPEECH_CUE``: the issue's "X said (that) …", "X told reporters …",
"according to X") or any other (nominal, judging, showing, bare colons).
Contents opening with typewriter marks (''…'', the NYT texts) are direct.

Our direct rows are ``kind`` direct and partial; reported rows are ``kind``
indirect. The baseline in the same run is textacy's ``direct_quotations`` on
our pinned spaCy model (direct quotes only: it has no reported speech).

An article annotated twice (``NAME_xxxx.ann``) is scored against its first
annotator's file in name order. **Split**: the articles in name order; every
third one (positions 2, 5, 8, ...) is held out, the rest is the tuning part.
The quote rules were tuned on the tuning part only.

Usage:
    python bench/quotes_eval.py [PATH] [--errors N] [--part tuning|held-out|both] [--no-baseline]

PATH defaults to ../shared/eval/polnear_dev relative to the repository root.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_PATH = ROOT.parent / "shared" / "eval" / "polnear_dev"
QUOTE_MARKS = ('"', "“", "''", "``")  # '' and `` are the NYT texts' typewriter opening marks
# Reported speech in the sense ("X said (that) …", "X told reporters …", "according to X"): the
# attributions whose Cue is a verb of saying. The rest are nominal ("Clinton's claim that …"), verbs
# of judging or showing ("called", "found", "shows") and bare colons; the bench scores both.
SPEECH_CUE = re.compile(
    r"^(?:(?:has|have|had|also|later|then|previously|once|repeatedly|would|will|is|are|was|were)\s+)*"
    r"(?:said|says|say|told|tells|tell|according\s+to|saying|adding|added|adds|noted|notes|wrote|writes|"
    r"tweeted|argued|argues|arguing|claimed|claims|claiming|warned|warns|announced|stated|explained|insisted|"
    r"suggested|suggests|acknowledged|reported|reports|declared|responded|asked|emphasized|believes|believe|"
    r"contended|predicted|telling)\b", re.I)
# Capitalised words of a Source that are not names: determiners, pronouns, titles.
NOT_NAME = {
    "the", "a", "an", "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "our", "my",
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "rev", "president", "this", "that", "these", "those",
    "one", "some", "many", "most", "both", "all", "other", "another", "who", "which", "former",
}


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: str
    direct: bool
    cue: str = ""

    @property
    def speech_cue(self) -> bool:
        return bool(SPEECH_CUE.match(self.cue.strip()))


@dataclass
class Article:
    name: str
    text: str
    gold: list[Attribution] = field(default_factory=list)


def _spans(field_text: str) -> list[tuple[int, int]]:
    return [tuple(int(x) for x in part.split()) for part in field_text.split(";")]


def read_article(path: Path, name: str) -> Article:
    text = (path / "text" / f"{name}.txt").read_text(encoding="utf-8")
    ann = sorted((path / "attributions").glob(f"{name}_*.ann"))[0]
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    links = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(where), parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E") and len(parts) >= 2:
            links.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    article = Article(name, text)
    for link in links:
        if "Content" not in link or link["Content"] not in spans:
            continue
        _, content, content_text = spans[link["Content"]]
        source = spans[link["Source"]][2] if link.get("Source") in spans else ""
        cue = spans[link["Cue"]][2] if link.get("Cue") in spans else ""
        article.gold.append(Attribution(content, source, content_text.lstrip().startswith(QUOTE_MARKS), cue))
    return article


def read_set(path: Path) -> list[Article]:
    names = sorted(p.stem for p in (path / "text").glob("*.txt"))
    return [read_article(path, n) for n in names]


def split(articles: list[Article]) -> dict[str, list[Article]]:
    return {"tuning": [a for i, a in enumerate(articles) if i % 3 != 2],
            "held-out": [a for i, a in enumerate(articles) if i % 3 == 2]}


def _name_words(text: str) -> set[str]:
    words = re.findall(r"[A-Z][\w’'-]*", text or "")
    return {re.sub(r"[’']s$", "", w).lower() for w in words} - NOT_NAME


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


@dataclass
class Found:
    """One row of a system: its span and the words naming its speaker."""

    start: int
    end: int
    speaker_words: str


def score(articles: list[Article], found: dict[str, list[Found]], *, direct: bool, errors: list | None = None,
          speech_cue: bool | None = None) -> dict:
    """Recall, precision and named-speaker accuracy.

    ``speech_cue`` keeps only the gold with (True) or without (False) a verb of saying for cue.
    """
    gold_n = hit = named = right = 0
    ours_n = ours_hit = 0
    for article in articles:
        rows = found.get(article.name, [])
        gold = [g for g in article.gold if g.direct == direct and speech_cue in (None, g.speech_cue)]
        all_content = [s for g in article.gold for s in g.content]
        for g in gold:
            gold_n += 1
            matched = [r for r in rows if _overlaps((r.start, r.end), g.content)]
            if not matched:
                if errors is not None:
                    quoted = article.text[g.content[0][0]:g.content[-1][1]][:120]
                    errors.append(("missed", article.name, quoted, g.source, ""))
                continue
            hit += 1
            wanted = _name_words(g.source)
            if wanted:
                named += 1
                said = set().union(*(_name_words(r.speaker_words) for r in matched))
                said |= {w.lower() for r in matched for w in re.findall(r"\w+", r.speaker_words)}
                if wanted & said:
                    right += 1
                elif errors is not None:
                    errors.append(("speaker", article.name, article.text[g.content[0][0]:g.content[-1][1]][:120],
                                   g.source, " | ".join(r.speaker_words for r in matched)))
        for r in rows:
            ours_n += 1
            if _overlaps((r.start, r.end), all_content):
                ours_hit += 1
            elif errors is not None:
                errors.append(("extra", article.name, article.text[r.start:r.end][:120], "", r.speaker_words))
    return {"gold": gold_n, "recall": hit / gold_n if gold_n else float("nan"),
            "precision": ours_hit / ours_n if ours_n else float("nan"), "found": ours_n,
            "named": named, "speaker_accuracy": right / named if named else float("nan")}


def _aligner(ours: str, raw: str):
    """Map an offset in the corpus text back to the raw file (the loader may normalise a character)."""
    if ours == raw:
        return lambda i: i
    blocks = difflib.SequenceMatcher(None, ours, raw, autojunk=False).get_matching_blocks()

    def to_raw(i: int) -> int:
        for a, b, size in blocks:
            if a <= i <= a + size:
                return b + (i - a)
        return i
    return to_raw


def toolkit_rows(articles: list[Article]) -> tuple[dict[str, list[Found]], dict[str, list[Found]], float]:
    import toolkit as tk

    records = [{"id": a.name, "text": a.text} for a in articles]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = tk.load_corpus(records, cache=False)
    began = time.perf_counter()
    table = tk.quotes(corpus, indirect=True)
    seconds = time.perf_counter() - began
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    raw = {a.name: a.text for a in articles}
    align = {name: _aligner(texts[name], raw[name]) for name in raw}
    direct: dict[str, list[Found]] = {}
    reported: dict[str, list[Found]] = {}
    for row in table.itertuples(index=False):
        to_raw = align[row.doc_id]
        words = " ".join(str(x) for x in (row.speaker, row.speaker_text) if x)
        target = reported if row.kind == "indirect" else direct
        target.setdefault(row.doc_id, []).append(Found(to_raw(row.start), to_raw(row.end), words))
    return direct, reported, seconds


def textacy_rows(articles: list[Article]) -> tuple[dict[str, list[Found]], float]:
    from textacy.extract import direct_quotations

    from toolkit.nlp import load_model

    nlp = load_model()
    began = time.perf_counter()
    out: dict[str, list[Found]] = {}
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy bails out of a document with an odd number of quotation marks
            triples = []
        for triple in triples:
            content = triple.content
            out.setdefault(article.name, []).append(
                Found(content.start_char, content.end_char, " ".join(t.text for t in triple.speaker)))
    return out, time.perf_counter() - began


def _line(label: str, ours: dict, base: dict | None, *, subset: bool = False) -> str:
    def fmt(key):
        return f"{ours[key]:.3f}" + (f" (textacy {base[key]:.3f})" if base else "")
    precision = "  —  " if subset else fmt("precision")  # precision is over all our rows, not a subset of gold
    return (f"  {label:<9} gold {ours['gold']:>4}  recall {fmt('recall')}  precision {precision}  "
            f"named-speaker accuracy {fmt('speaker_accuracy')} over {ours['named']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind (tuning part)")
    parser.add_argument("--part", choices=("tuning", "held-out", "both"), default="both")
    parser.add_argument("--no-baseline", action="store_true", help="skip textacy (faster while tuning)")
    args = parser.parse_args()
    os.environ.setdefault("NEWSLENS_CACHE", str(Path("/tmp") / "newslens-quotes-eval"))
    articles = read_set(Path(args.path))
    parts = split(articles)
    wanted = [p for p in parts if args.part in (p, "both")]
    chosen = [a for p in wanted for a in parts[p]]
    direct, reported, seconds = toolkit_rows(chosen)
    baseline, base_seconds = (None, 0.0) if args.no_baseline else textacy_rows(chosen)
    print(f"PolNeAR dev, {len(articles)} articles; toolkit {seconds:.1f} s (annotation included)"
          + ("" if baseline is None else f", textacy {base_seconds:.1f} s (spaCy parse included)"))
    for part in wanted:
        docs = parts[part]
        errors: list | None = [] if args.errors and part == "tuning" else None
        print(f"{part} ({len(docs)} articles)")
        ours_direct = score(docs, direct, direct=True, errors=errors)
        base_direct = None if baseline is None else score(docs, baseline, direct=True)
        print(_line("direct", ours_direct, base_direct))
        reported_errors: list | None = [] if errors is not None else None
        print(_line("reported", score(docs, reported, direct=False, errors=reported_errors), None))
        print(_line("  speech", score(docs, reported, direct=False, speech_cue=True), None, subset=True)
              + "   (gold with a verb of saying for cue)")
        print(_line("  other", score(docs, reported, direct=False, speech_cue=False), None, subset=True)
              + "   (nominal, judging and other cues)")
        if errors:
            for kind in ("missed", "speaker", "extra"):
                shown = [e for e in errors if e[0] == kind][: args.errors]
                print(f"-- direct {kind} ({sum(e[0] == kind for e in errors)})")
                for e in shown:
                    print("   ", e[1][:30], "|", repr(e[2]), "| gold:", repr(e[3]), "| ours:", repr(e[4]))
            for kind in ("missed", "speaker", "extra"):
                shown = [e for e in reported_errors if e[0] == kind][: args.errors]
                print(f"-- reported {kind} ({sum(e[0] == kind for e in reported_errors)})")
                for e in shown:
                    print("   ", e[1][:30], "|", repr(e[2]), "| gold:", repr(e[3]), "| ours:", repr(e[4]))


if __name__ == "__main__":
    main()
