"""Finding the expressions in a text: trigger words and the windows around them, the rules' candidate
matches there, the longest of overlapping ones, and :func:`find_timexes` that puts them together."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from toolkit.timex.normalisers import _Context
from toolkit.timex.rules import _BARE_YEAR, RULES, _plausible_year
from toolkit.timex.vocabulary import _MODIFIER_BEFORE, MONTH_ABBR, MONTHS


@dataclass(frozen=True)
class Timex:
    """One temporal expression: where it is, what it says, and its TIMEX3 value."""

    start: int
    end: int
    text: str
    value: str
    type: str  # DATE, TIME, DURATION or SET
    anchor: str  # absolute, relative or vague


# Each rule needs one of these words (or a date-like number) in its match. One cheap pass over the
# words finds them; each rule then runs only near its own kind of word, which keeps the timeline
# cheaper than tokenization (the full rules are slow to try at every position).
_TRIGGER_WORDS = {
    **{w: "weekday" for w in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")},
    **{w: "unit" for w in """second seconds minute minutes hour hours day days week weeks weekend weekends month
        months quarter quarters year years decade decades century centuries""".split()},
    **{w: "dayword" for w in "today tonight yesterday tomorrow morning afternoon evening night".split()},
    **{w: "vague" for w in "now currently nowadays recent recently soon future past term time current".split()},
    **{w: "set" for w in "daily weekly monthly quarterly annually annual yearly hourly".split()},
    **{w: "season" for w in "spring summer autumn fall winter".split()},
    **{w: "noon" for w in ("noon", "midnight")},
    "ago": "ago",
    **{w: "shift" for w in ("later", "earlier", "before", "after")},
}
_MONTH_WORDS = frozenset(list(MONTHS) + list(MONTH_ABBR))  # capitalised only: "may" is a verb
_WORD = re.compile(r"[A-Za-z]{3,}|\d+|\bQ(?=[1-4])|\bFY")
_TIME_AFTER = re.compile(r"[:/]|\s?[ap]\.?m\b|s\b|\s+(?:UTC|GMT)", re.IGNORECASE)
# How far before its trigger an expression can start and how far after it the rule reads
# (lookaheads included), by trigger kind: "the past several more years", "Monday, May 15, 2017".
_WINDOW = {"digit": (8, 20), "month": (20, 24), "weekday": (12, 24), "unit": (32, 24), "shift": (32, 16),
           "ago": (32, 4), "vague": (16, 40), "dayword": (12, 24), "set": (8, 8), "season": (12, 16),
           "noon": (4, 4)}


# A unit word ("years") starts an expression only after one of these ("three", "the past", "every",
# "12-"), or before "-long"; elsewhere ("years of war") the unit rules need not run.
_UNIT_BEFORE = re.compile(
    r"(?:\d|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|[a-z]+ty|hundred"
    r"|half|few|couple\s+of|several|many|some|number\s+of|numerous|single|the|this|that|last|next|past|coming"
    r"|following|previous|same|current|every|each|for|over|in|more|straight|consecutive|full|long|trading"
    r"|business|working|first|second|third|fourth|final|[1-4](?:st|nd|rd|th)|recent|these))[-\s]+$",
    re.IGNORECASE)


def _trigger_kind(text: str, m: re.Match) -> str | None:
    word = m.group()
    if word[0].isdigit():
        # Years, "1990s", "14:48", "7/8/07", "4 a.m.": other numbers (amounts, counts) start nothing.
        if len(word) == 4 or (len(word) <= 3 and _TIME_AFTER.match(text, m.end())):
            return "digit"
        return None
    if word in _MONTH_WORDS:
        return "month"
    if word in ("FY", "Q"):
        return "digit"
    kind = _TRIGGER_WORDS.get(word.lower())
    if kind == "unit" and not (_UNIT_BEFORE.search(text, max(0, m.start() - 16), m.start())
                               or text.startswith("-long", m.end())):
        return None
    return kind


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each kind of trigger word, the merged stretches of text around its occurrences."""
    windows: dict[str, list[list[int]]] = {}
    for m in _WORD.finditer(text):
        kind = _trigger_kind(text, m)
        if kind is None:
            continue
        spans = windows.setdefault(kind, [])
        before, after = _WINDOW[kind]
        start, end = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return {kind: [tuple(span) for span in spans] for kind, spans in windows.items()}


def _candidates(text: str, ref: dt.date | None) -> list[tuple[int, int, int, re.Match]]:
    found: dict[tuple[int, int, int], re.Match] = {}
    windows = _windows(text)
    for rule_id, (kinds, pattern, _) in enumerate(RULES):
        for kind in kinds.split():
            for window_start, window_end in windows.get(kind, ()):
                for m in pattern.finditer(text, window_start, window_end):
                    start, end = m.span("x") if "x" in pattern.groupindex else m.span()
                    if start == end or (start, end, rule_id) in found:
                        continue
                    if pattern is _BARE_YEAR:
                        if not _plausible_year(text, start, end, ref):
                            continue
                    found[(start, end, rule_id)] = m
    return [(start, end, rule_id, m) for (start, end, rule_id), m in found.items()]


def _select(candidates: list[tuple[int, int, int, re.Match]]) -> list[tuple[int, int, int, re.Match]]:
    """Keep the longest match where candidates overlap (earliest first on ties)."""
    if not candidates:
        return []
    taken = bytearray(max(c[1] for c in candidates))  # 1 where a chosen match already sits
    chosen = []
    for cand in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        start, end = cand[0], cand[1]
        if taken.find(1, start, end) == -1:
            chosen.append(cand)
            taken[start:end] = b"\x01" * (end - start)
    return sorted(chosen, key=lambda c: c[0])


def _sentence_bounds(text: str, sentence_spans: Iterable[tuple[int, int]] | None) -> tuple[list[int], list[int]]:
    if sentence_spans is None:
        starts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])|\n\s*\n", text)]
        ends = [s for s in starts[1:]] + [len(text)]
        return starts, ends
    spans = sorted(sentence_spans)
    return [s for s, _ in spans], [e for _, e in spans]


def _merge_time_with_day(timexes: list[Timex], text: str) -> list[Timex]:
    """Join "4 a.m. on Sunday" / "Sunday at 4 a.m." into one TIME with the day's date."""
    merged: list[Timex] = []
    for tx in timexes:
        prev = merged[-1] if merged else None
        if prev is not None and {prev.type, tx.type} == {"DATE", "TIME"}:
            gap = text[prev.end:tx.start]
            date, time = (prev, tx) if prev.type == "DATE" else (tx, prev)
            if (re.fullmatch(r"\s+(?:(?:at|on)\s+)?", gap) and re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", date.value)
                    and "T" in time.value and time.value[11:13].isdigit()):
                value = date.value + time.value[10:]
                anchor = date.anchor
                merged[-1] = Timex(prev.start, tx.end, text[prev.start:tx.end], value, "TIME", anchor)
                continue
        merged.append(tx)
    return merged


def find_timexes(
    text: str,
    *,
    reference: dt.date | dt.datetime | str | None = None,
    sentence_spans: Iterable[tuple[int, int]] | None = None,
) -> list[Timex]:
    """Find the temporal expressions in ``text`` and normalise them.

    Args:
        text: plain text.
        reference: the date relative expressions resolve against (usually the
            publication date). ``None`` or ``NaT`` keeps ``X`` placeholders.
        sentence_spans: ``(start, end)`` offsets of the sentences, used to read
            the tense around each expression; a naive split is used when omitted.

    Returns:
        A list of :class:`Timex` in text order, without overlaps.

    Example:
        >>> [t.value for t in find_timexes("in January 2014, since 1993", reference="2017-09-08")]
        ['2014-01', '1993']
    """
    ref = as_date(reference)
    starts, ends = _sentence_bounds(text, sentence_spans)
    ctx = _Context(text=text, ref=ref, sentence_starts=starts, sentence_ends=ends)
    timexes: list[Timex] = []
    for start, end, rule_id, m in _select(_candidates(text, ref)):
        value, kind, anchor = RULES[rule_id][2](m, ctx)
        if kind == "DATE" and value[:1].isdigit():
            modifier = _MODIFIER_BEFORE.search(text, max(0, start - 40), start)
            if modifier and (not timexes or timexes[-1].end <= modifier.start()):
                start = modifier.start()
        timexes.append(Timex(start, end, text[start:end], value, kind, anchor))
    return _merge_time_with_day(timexes, text)


def as_date(value) -> dt.date | None:
    """``value`` (a date, datetime, string or timestamp) as a plain date; ``None`` when missing or ``NaT``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.date()
