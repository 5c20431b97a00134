"""Build ``samples/wikinews/``: Wikinews articles as plain prose, with metadata and attribution.

The SemEval-2015 Task 4 "TimeLine" data (CC BY 3.0) holds 90 English Wikinews
articles about aviation, car makers and the 2008 financial crisis, each
tokenized one sentence per ``<s>`` in TimeML and with its Wikinews address in the
CAT files. This script turns the tokens back into natural prose and writes one
``.txt`` file per article (headline, dateline, body), a ``metadata.csv`` with
``file,title,published,source,url`` and a README with the attribution.

Usage:
    .venv/bin/python bench/build_wikinews_sample.py [SRC] [--out samples/wikinews]

``SRC`` defaults to ``../shared/eval/semeval2015_task4_timeline`` next to the repository.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from nltk.tokenize.treebank import TreebankWordDetokenizer

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SRC = REPO.parent / "shared" / "eval" / "semeval2015_task4_timeline"
DEFAULT_OUT = REPO / "samples" / "wikinews"

_DETOKENIZER = TreebankWordDetokenizer()
# Token-level repairs, applied before detokenizing (the data lost some characters).
_TOKEN_FIXES = {
    "--": "–",  # dash written as two hyphens
    "`": "‘",  # single opening quote
}
# Text-level repairs, applied after detokenizing.
_TEXT_FIXES = (
    (re.compile(r"(?<![\w£])# ?(?=\d)"), "£"),  # the pound sign became '#' in the source data
    (re.compile(r"£ (?=\d)"), "£"),
    (re.compile(r"\bGB £"), "GB£"),
    (re.compile(r"\b((?:US|CA|AU|NZ|HK)?\$) (?=\d)"), r"\1"),  # US$ 40 -> US$40
    (re.compile(r"(\d) %"), r"\1%"),
    (re.compile(r"(\d) – (\d)"), r"\1–\2"),  # 30 – 40 days -> 30–40 days
    (re.compile(r"\bI' ([dm]|ll|ve)\b"), r"I'\1"),  # I' d -> I'd
    (re.compile(r"(\w)s ' "), r"\1s' "),  # Airbus ' best -> Airbus' best
    (re.compile(r"‘ "), "‘"),
    (re.compile(r"‘([^’'\n]*?) ?'(?!\w)"), r"‘\1’"),  # ‘ pingers ' -> ‘pingers’
    (re.compile(r" ?\](?=[^\[]*$)"), ""),  # closing brackets whose opening ones were lost
    (re.compile(r"\( "), "("),
    (re.compile(r" \)"), ")"),
    (re.compile(r" ([,.;:?!])(?=\s|$)"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
)


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    published: str  # ISO date: the document creation time
    url: str
    sentences: tuple[str, ...]  # detokenized; the first is the headline, the second the dateline

    @property
    def file(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:60].rstrip("-")
        return f"{self.doc_id}-{slug}.txt"

    @property
    def text(self) -> str:
        """Headline, dateline and body as paragraphs separated by a blank line."""
        headline, *rest = self.sentences
        front = [headline, rest.pop(0)] if rest and _is_dateline(rest[0]) else [headline]
        return "\n\n".join([*front, _repair(" ".join(rest))]) + "\n"


def detokenize(tokens: list[str]) -> str:
    """Tokens of one sentence back to prose.

    Example:
        >>> detokenize("It cost US$ 40 billion ( GB # 20.1 billion ) , a 60 % rise .".split())
        'It cost US$40 billion (GB£20.1 billion), a 60% rise.'
        >>> detokenize("`` We wo n't fly , '' he said .".split())
        '"We won\\'t fly," he said.'
    """
    return _repair(_DETOKENIZER.detokenize([_TOKEN_FIXES.get(tok, tok) for tok in tokens]))


def _repair(text: str) -> str:
    # Also run over joined sentences: a quote may open in one sentence and close in the next.
    for pattern, replacement in _TEXT_FIXES:
        text = pattern.sub(replacement, text)
    return text.strip()


def read_article(timeml: Path, cat: Path | None) -> Article:
    """One TimeML file (text, title, creation date) plus its CAT twin (Wikinews address)."""
    root = ET.parse(timeml).getroot()
    sentences = tuple(detokenize((s.text or "").split()) for s in root.find("TEXT").iter("s"))
    dct = iso_date(root.find("DCT/TIMEX3").get("value"), dateline=sentences[1] if len(sentences) > 1 else "")
    title = detokenize((root.findtext("EXTRAINFO") or sentences[0]).split())
    url = ET.parse(cat).getroot().get("src_url", "") if cat is not None and cat.exists() else ""
    return Article(root.findtext("DOCID").strip(), title, dct, url, sentences)


def read_all(src: Path) -> list[Article]:
    """Every Track A article of the three SemEval corpora, by document id."""
    articles = {}
    for timeml in sorted(src.glob("corpus_*/corpus_trackA_TimeML/*.tml")):
        cat = timeml.parent.parent / "corpus_trackA_CAT" / f"{timeml.stem}.txt.xml"
        article = read_article(timeml, cat)
        articles[article.doc_id] = article
    return sorted(articles.values(), key=lambda a: (a.published, int(a.doc_id)))


def iso_date(value: str, *, dateline: str = "") -> str:
    """The creation date as YYYY-MM-DD; a few files write it DD-MM-YYYY (the dateline confirms).

    Example:
        >>> iso_date("03-02-2009", dateline="February 03, 2009")
        '2009-02-03'
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    for fmt in ("%B %d, %Y", "%A, %B %d, %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(dateline, fmt).date().isoformat()
        except ValueError:
            continue
    match = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value)
    if not match:
        raise ValueError(f"creation date {value!r} is neither YYYY-MM-DD nor DD-MM-YYYY")
    day, month, year = match.groups()
    return f"{year}-{month}-{day}"


def _is_dateline(sentence: str) -> bool:
    return bool(re.fullmatch(r"(?:\w+day, )?\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4}", sentence))


def write_sample(articles: list[Article], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for article in articles:
        (out / article.file).write_text(article.text, encoding="utf-8")
    with open(out / "metadata.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "published", "source", "url"])
        for article in articles:
            writer.writerow([article.file, article.title, article.published, "Wikinews", article.url])
    (out / "README.md").write_text(readme(articles), encoding="utf-8")


def readme(articles: list[Article]) -> str:
    first, last = articles[0].published, articles[-1].published
    rows = "\n".join(
        f"| {a.published} | [{a.title.replace('|', '/')}]({a.url}) | `{a.file}` |" if a.url
        else f"| {a.published} | {a.title.replace('|', '/')} | `{a.file}` |"
        for a in articles
    )
    return f"""# Wikinews sample

{len(articles)} English news articles from [Wikinews](https://en.wikinews.org/), published
{first} to {last}: airliner makers (Airbus, Boeing), the car industry and the 2008
financial crisis. The seed is a single article; this sample lets the lenses show
coverage over time, across documents.

## Attribution and licence

The articles are from Wikinews (https://en.wikinews.org/), by Wikinews contributors,
released under the [Creative Commons Attribution 3.0 licence (CC BY 3.0)](https://creativecommons.org/licenses/by/3.0/).
They were taken from the SemEval-2015 Task 4 "TimeLine: Cross-Document Event Ordering"
data, © 2015 FBK (Fondazione Bruno Kessler), VUA (VU University Amsterdam) and EHU
(Universidad del País Vasco), also CC BY 3.0 (http://alt.qcri.org/semeval2015/task4/).
This sample is likewise CC BY 3.0.

**Changes made:** the task's tokenized sentences were joined back into prose by
`bench/build_wikinews_sample.py` (NLTK's Treebank detokenizer plus small repairs:
`#` before a number restored to `£`, `--` to `–`, stray `]` removed, currency and
percent signs re-attached). Paragraph breaks are not in the source data, so each
article is a headline, its dateline, and the body as one paragraph. Wording is
unchanged.

## Files

- one `.txt` per article: headline, blank line, dateline, blank line, body;
- `metadata.csv`: `file,title,published,source,url`; `published` is the article's
  creation date from the data, `url` its Wikinews address.

Rebuild with `.venv/bin/python bench/build_wikinews_sample.py [path/to/semeval2015_task4_timeline]`.

## Articles

| Published | Title (original on Wikinews) | File |
|---|---|---|
{rows}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", nargs="?", type=Path, default=DEFAULT_SRC, help="the SemEval-2015 Task 4 folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write (default samples/wikinews)")
    args = parser.parse_args(argv)
    if not args.src.is_dir():
        parser.error(f"no such folder: {args.src}")
    articles = read_all(args.src)
    if not articles:
        parser.error(f"no corpus_*/corpus_trackA_TimeML/*.tml files under {args.src}")
    write_sample(articles, args.out)
    print(f"wrote {len(articles)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
