"""Finding quoted passages in text: straight and curly marks, multi-paragraph and unclosed quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "“"
_CLOSE = "”"
MIN_WORDS = 4  # shorter quoted bits without a cue ('"Jokowi"', scare quotes) are not quotes


@dataclass
class Quote:
    """A quote found in text: offsets include the marks; ``quote`` has them removed."""

    start: int
    end: int
    quote: str
    closed: bool = True


# Typewriter quotation marks (''…'' and ``…'', as in NYT and Penn Treebank texts), read as curly ones.
_TYPEWRITER_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))(?:''|``)(?=[^\s'])", re.M)
_TYPEWRITER_CLOSE = re.compile(r"(?<=[^\s'`\d])''(?=[\s,.;:!?)\]—–-]|$)", re.M)  # not 5'' (inches)


def typewriter_quotes(text: str) -> str:
    """``text`` with ''…'' and ``…'' marks as curly ones, same length and offsets: "''We" -> " “We"."""
    if "''" not in text and "``" not in text:
        return text
    text = _TYPEWRITER_OPEN.sub(" " + _OPEN, text)
    return _TYPEWRITER_CLOSE.sub(_CLOSE + " ", text)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_open(text: str, i: int) -> bool:
    if text[i] == _OPEN:
        return True
    return text[i] == '"' and (i == 0 or text[i - 1] in " \t\n([{—–-")


def _is_close(text: str, i: int) -> bool:
    if text[i] == _CLOSE:
        return True
    return text[i] == '"' and (i + 1 == len(text) or not text[i + 1].isalnum())


def find_quotes(text: str) -> list[Quote]:
    """Every quoted passage in ``text``, in order, including multi-paragraph and unclosed ones.

    Typewriter marks (''…'') count as quotation marks: see :func:`typewriter_quotes`.

    Args:
        text: a document's text; paragraphs are separated by line breaks.

    Returns:
        :class:`Quote` objects; ``closed`` is False for a quote whose closing mark is missing.
    """
    text = typewriter_quotes(text)
    quotes: list[Quote] = []
    paragraphs = _paragraphs(text)
    p = 0
    while p < len(paragraphs):
        start, end = paragraphs[p]
        i = start
        while i < end:
            if not _is_open(text, i):
                i += 1
                continue
            opened, pieces, j, q = i, [], i + 1, p
            while True:
                close = next((k for k in range(j, paragraphs[q][1]) if _is_close(text, k) and k > j - 1), None)
                if close is not None:
                    pieces.append(text[j:close])
                    quotes.append(Quote(opened, close + 1, "\n\n".join(s.strip() for s in pieces)))
                    i, p, end = close + 1, q, paragraphs[q][1]
                    break
                pieces.append(text[j:paragraphs[q][1]])
                nxt = q + 1
                if nxt < len(paragraphs) and _is_open(text, paragraphs[nxt][0]):
                    q, j = nxt, paragraphs[nxt][0] + 1  # the quote continues in the next paragraph
                    continue
                quotes.append(Quote(opened, paragraphs[q][1], "\n\n".join(s.strip() for s in pieces), closed=False))
                i, p, end = paragraphs[q][1], q, paragraphs[q][1]
                break
        p += 1
    return quotes
