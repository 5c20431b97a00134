"""Readable text from the tokens of a CAT XML file (MEANTIME, SemEval-2015 Task 4), with token spans.

Shared by the benches that score against CAT annotations, so both read the same text.
"""
from __future__ import annotations

import re

_QUOTES = {"``": '"', "''": '"'}
_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|['’](?:s|re|ve|ll|d)|n['’]t|''|['’])$")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "“", "``"}


def detokenize(tokens: list[tuple[str, str, int]]) -> tuple[str, dict[str, tuple[int, int]], list[tuple[int, int]]]:
    """Join ``(t_id, word, sentence)`` tokens into text, one sentence per line.

    Returns:
        ``(text, spans, sentence_spans)``: the text, each token id's character span,
        and each sentence's span, in order.
    """
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    sentence_spans: list[list[int]] = []
    length, prev_sentence, prev_word = 0, None, None
    for t_id, word, sentence in tokens:
        if sentence != prev_sentence:
            sep = "\n" if prev_sentence is not None else ""
            sentence_spans.append([length + len(sep), length + len(sep)])
        elif _NO_SPACE_BEFORE.match(word) or prev_word in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        shown = _QUOTES.get(word, word)
        spans[t_id] = (length + len(sep), length + len(sep) + len(shown))
        parts += [sep, shown]
        length += len(sep) + len(shown)
        sentence_spans[-1][1] = length
        prev_sentence, prev_word = sentence, word
    return "".join(parts), spans, [tuple(s) for s in sentence_spans]
