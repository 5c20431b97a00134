"""Turn files and records into raw documents: decoding, format parsing, web clean-up.

Everything here is pure: bytes or records in, :class:`RawDoc` values and
problems out. Nothing is printed and no input file is ever written.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl", ".csv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
METADATA_FILE = "metadata.csv"
STANDARD_FIELDS = ("title", "published", "source", "url")
MADE_FIELDS = ("title_from_text",)  # set by the reader, never taken from the input

# Whole lines that web scrapes carry before and after the article.
_BOILERPLATE = re.compile(
    r"""^\W*(?:
        accessibility\ links | breaking\ news | skip\ to\ (?:main\ )?(?:content|navigation|article)
      | jump\ to\ (?:main\ )?content | advertisement | advert | sponsored(?:\ content)? | menu | search
      | sign\ (?:in|up) | log\ ?in | subscribe(?:\ now)? | share(?:\ this(?:\ article)?)? | close | home
      | related(?:\ articles|\ stories)? | most\ (?:read|popular) | read\ more | more\ on\ this\ story
      | image\ (?:copyright|caption).* | copyright\ .* | ©.* | all\ rights\ reserved\.?
      | follow\ us.* | newsletter.* | print | email | comments?
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COOKIE = re.compile(r"\bcookies?\b.*\b(?:use|accept|consent|policy|settings|agree)\b", re.IGNORECASE)

# A paragraph that is a photo caption: credit at the end, or a caption marker at the start.
_CAPTION_END = re.compile(
    r"""\(\s*(?:[A-Z][\w.&'’\- ]*\s)?(?:photo(?:graph)?|image|picture|video|file\ photo)s?\b[^()]*\)\s*$
      | (?:photo|image|picture)s?\s*(?:credit)?\s*:\s*[^.]{0,80}$
      | /\s*(?:getty\ images|reuters|afp|ap|epa|shutterstock)\s*\)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION_START = re.compile(r"^(?:FILE\s*[-–—]|(?:photo|caption|image)\s*:)", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)


@dataclass
class RawDoc:
    """One document before tokenization. ``text`` is final: offsets will point into it."""

    doc_id: str
    text: str
    path: str = ""
    meta: dict = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)  # paragraph number -> section


class SkipFile(Exception):
    """A file that cannot be read; the message is the reason."""


def normalize(text: str) -> str:
    """Unicode NFC and ``\\n`` newlines; nothing else changes."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def decode(data: bytes) -> str:
    """Decode bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else a detected legacy encoding.

    Raises:
        SkipFile: the bytes look binary or no encoding fits.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SkipFile("undecodable bytes: no text encoding fits")
    text = str(best)
    controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise SkipFile("binary file (control characters)")
    return text


def _is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (bool(_BOILERPLATE.match(stripped)) or (len(stripped) < 300 and bool(_COOKIE.search(stripped))))


def strip_boilerplate(text: str) -> str:
    """Drop leading and trailing lines of page furniture; paragraphs are re-joined by one blank line."""
    lines = text.split("\n")
    while lines and (not lines[0].strip() or _is_boilerplate(lines[0])):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _is_boilerplate(lines[-1])):
        lines.pop()
    return "\n\n".join(p.strip() for p in _paragraphs("\n".join(lines)))


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _same_title(a: str, b: str) -> bool:
    squash = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return squash(a) == squash(b)


def find_sections(text: str, title: str | None) -> tuple[dict[int, str], str | None]:
    """Mark the headline and caption paragraphs; derive a title when none is given.

    The first paragraph is the headline when it is a single short line that equals the
    given title, or, with no title given, when it is a single line without a final period.

    Returns:
        ``(sections, title)``: paragraph number -> section for non-body paragraphs, and the title.
    """
    paragraphs = _paragraphs(text)
    sections: dict[int, str] = {}
    if paragraphs:
        first = paragraphs[0].strip()
        one_line = "\n" not in first and len(first) <= 250
        if one_line and ((title and _same_title(first, title)) or (not title and not first.endswith("."))):
            sections[0] = "headline"
            title = title or first
    for i, paragraph in enumerate(paragraphs):
        if i not in sections and (_CAPTION_END.search(paragraph.strip()) or _CAPTION_START.match(paragraph.strip())):
            sections[i] = "caption"
    return sections, title


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter at the top of a .md/.txt file, and the text after it.

    Raises:
        SkipFile: the front matter is not valid YAML or not a mapping.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise SkipFile(f"bad YAML front matter: {exc}".splitlines()[0]) from exc
    if not isinstance(meta, dict):
        raise SkipFile("front matter is not a mapping of keys to values")
    return meta, text[match.end():]


def clean_web_text(text: str, *, markdown: bool = False) -> str:
    """Web-scrape clean-up: boilerplate edges, Markdown heading marks, paragraph spacing."""
    if markdown:
        text = _MD_HEADING.sub("", text)
    return strip_boilerplate(text)


TITLE_WORDS = 10  # words of the text that stand in for a missing title
TITLE_CHARS = 80


def title_from_text(text: str, *, words: int = TITLE_WORDS, max_chars: int = TITLE_CHARS) -> str:
    """The first words of ``text``, cut at a word with "…", to name an article that has no title.

    Example:
        >>> title_from_text("Police raided the offices of the newspaper on Monday, witnesses said.", words=6)
        'Police raided the offices of the…'
    """
    from toolkit.labels import shorten

    found = next(iter(_paragraphs(text)), "").split()
    whole, first_words = " ".join(found), " ".join(found[:words])
    # the "…" counts within max_chars, as in every shortened name
    return shorten(whole, max_chars=min(max_chars, len(first_words) + 1) if len(found) > words else max_chars)


def make_doc(doc_id: str, text: str, meta: dict, *, path: str = "") -> RawDoc:
    """Finish a document: find its sections and fill in the title.

    A document with no title anywhere (metadata, page, first line) is named by its
    first words, and ``meta["title_from_text"]`` says so: a raw id is no name to show.
    """
    sections, title = find_sections(text, meta.get("title") or None)
    meta = dict(meta)
    meta["title_from_text"] = not title and bool(text.strip())
    if meta["title_from_text"]:
        title = title_from_text(text)
    if title:
        meta["title"] = title
    return RawDoc(doc_id=doc_id, text=text, path=path, meta=meta, sections=sections)


def read_text_file(text: str, doc_id: str, path: str, *, markdown: bool) -> RawDoc:
    meta, body = split_front_matter(normalize(text))
    return make_doc(doc_id, clean_web_text(body, markdown=markdown), meta, path=path)


def read_html(text: str, doc_id: str, path: str) -> RawDoc:
    """Main text of a web page via trafilatura; scripts, styles and navigation never become text."""
    import trafilatura

    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if extracted is None or not (extracted.text or "").strip():
        raise SkipFile("no main text found in the HTML page")
    body = "\n\n".join(line.strip() for line in normalize(extracted.text).split("\n") if line.strip())
    meta = {key: value for key, value in (("title", extracted.title), ("published", extracted.date), ("url", extracted.url)) if value}
    if extracted.sitename:
        meta["source"] = extracted.sitename
    if meta.get("title") and not _same_title(_paragraphs(body)[0], meta["title"]):
        body = f"{meta['title']}\n\n{body}"
    return make_doc(doc_id, body, meta, path=path)


def parse_records(text: str, suffix: str) -> tuple[list[dict], list[str]]:
    """Records from a .json, .jsonl or .csv file, and the problems found (one string each).

    A .json file holds one record, a list of records, or an object with a list under
    ``documents``, ``articles``, ``records`` or ``data``.
    """
    problems: list[str] = []
    if suffix == ".jsonl":
        records = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                problems.append(f"line {n}: broken JSON ({exc.msg})")
        return records, problems
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SkipFile(f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
        if isinstance(data, dict):
            for key in ("documents", "articles", "records", "data"):
                if isinstance(data.get(key), list):
                    return data[key], problems
            return [data], problems
        if isinstance(data, list):
            return data, problems
        raise SkipFile("JSON holds neither a record nor a list of records")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise SkipFile("CSV has no 'text' column")
    return list(reader), problems
