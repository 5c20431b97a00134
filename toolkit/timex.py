"""Find temporal expressions in text and normalise them to TIMEX3 values.

This is the timeline lens's own rule grammar: regular expressions find the
expressions, small normalisers turn each into a TIMEX3 ``value`` resolved
against a reference date (the publication date) with tense-aware rules.
Everything here works on plain text and is pure: text in, expressions out.

Values follow TimeML: ``2017-09-03`` (day), ``2014-01`` (month), ``2013``
(year), ``199`` (decade), ``2017-W36`` (week), ``2017-Q3`` (quarter),
``2017-SU`` (season), ``2017-09-03T04:00`` / ``2017-09-03TMO`` (times),
``P3Y`` (durations), ``PAST_REF`` / ``PRESENT_REF`` / ``FUTURE_REF`` (vague).
Without a reference date a relative expression keeps ``X`` placeholders
(``XXXX-WXX-7`` for "on Sunday"), never a guess.

Example:
    >>> import datetime as dt
    >>> [(t.text, t.value) for t in find_timexes("He was arrested on Sunday.",
    ...                                           reference=dt.date(2017, 9, 8))]
    [('Sunday', '2017-09-03')]
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pandas as pd

__all__ = ["Timex", "find_timexes", "value_interval", "interval", "sentence_tense"]


@dataclass(frozen=True)
class Timex:
    """One temporal expression: where it is, what it says, and its TIMEX3 value."""

    start: int
    end: int
    text: str
    value: str
    type: str  # DATE, TIME, DURATION or SET
    anchor: str  # absolute, relative or vague


# ---------------------------------------------------------------- vocabulary

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBR = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
              "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAYS = {name: i + 1 for i, name in enumerate(calendar.day_name)}  # ISO: Monday = 1
NUMBER_WORDS = {
    "a": 1, "an": 1, "single": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a couple of": 2, "a half": 0.5, "half a": 0.5,
}
VAGUE_COUNTS = ("several", "a few", "few", "many", "some", "a number of", "numerous", "the past few",
                "the last few", "the next few", "a couple of")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "1": 1, "2": 2, "3": 3, "4": 4}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
# TIMEX3 duration letters; weeks, months, years and bigger go before the "T".
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}
TIME_UNITS = {"second", "minute", "hour"}

_MONTH = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ANY = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
              r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_ANY = (r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
                r"|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?")
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_NUM = (r"(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+and\s+a\s+half|\d+(?:\.\d+)?|single"
        r"|a\s+couple\s+of|a\s+half|half\s+a|an?|one|two|three|four|five|six|seven|eight|nine|ten"
        r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
        r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)")
_VAGUE_NUM = r"(?:several|a\s+few|few|many|some|a\s+number\s+of|numerous)"
_UNIT = r"(?:second|minute|hour|day|week|month|quarter|year|decade|centur(?:y|ie))"
_UNIT_PL = _UNIT + r"s?"
# "early 2009", "mid-May", "the end of this year": the modifier joins the span, the value stays.
_MODIFIER_BEFORE = re.compile(
    r"(?:\b(?:early|mid|late)[-\s]+|\b(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of\s+)$",
    re.IGNORECASE)
_REL = r"(?:this|last|next|coming|past|previous|following|current)"
# A number glued to other digits, a currency or a decimal point is a quantity, not a date.
_NOT_QUANTITY_BEFORE = r"(?<![\d,.$€£¥#/:-])"
_NOT_QUANTITY_AFTER = r"(?![\d%]|,\d|\.\d|\s*(?:%|percent|per\s+cent))"


def _ci(pattern: str) -> re.Pattern:
    # Expressions start at the start of a word; saying so first lets the engine skip other positions fast.
    return re.compile(r"(?<![\w])(?=[\w'’])(?:" + pattern + ")", re.IGNORECASE | re.VERBOSE)


# ---------------------------------------------------------------- date helpers

def _fmt_day(d: dt.date) -> str:
    return d.isoformat()


def _fmt_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _add_months(d: dt.date, n: int) -> dt.date:
    month0 = d.month - 1 + n
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _shift(d: dt.date, unit: str, n: float) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    if unit in ("month", "quarter", "year", "decade", "century"):
        factor = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
        return _add_months(d, int(round(n * factor)))
    return d


def _fmt_unit(d: dt.date, unit: str) -> str:
    """The calendar value of ``unit`` containing ``d``: a day, week, month, ..."""
    if unit == "day":
        return _fmt_day(d)
    if unit == "week":
        return _fmt_week(d)
    if unit == "weekend":
        return _fmt_week(d) + "-WE"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(f"unknown calendar unit {unit!r}")


_X_UNIT = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
           "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX"}


def _unit_name(word: str) -> str:
    word = word.lower().rstrip("s")
    return "century" if word.startswith("centur") else word


def _number(word: str) -> float | None:
    word = re.sub(r"\s+", " ", word.lower())
    if word.endswith(" and a half"):
        whole = _number(word[: -len(" and a half")])
        return None if whole is None else whole + 0.5
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        return float(word)
    except ValueError:
        return None


def _fmt_duration(n: float | None, unit: str) -> str:
    letter = UNITS[unit]
    if unit == "decade":
        n, letter = (n * 10 if n is not None else None), "Y"
    elif unit == "century":
        n, letter = (n * 100 if n is not None else None), "Y"
    amount = "X" if n is None else (f"{n:g}")
    return f"PT{amount}{letter}" if unit in TIME_UNITS else f"P{amount}{letter}"


def _nearest_year(ref: dt.date, month: int, day: int | None, tense: str | None) -> int:
    """The year that puts ``month`` (and ``day``) closest to ``ref`` in the direction of the tense."""
    def when(year: int) -> dt.date:
        return dt.date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))

    same = when(ref.year)
    this_month = (month == ref.month) and day is None
    if tense == "past":
        return ref.year if (same <= ref or this_month) else ref.year - 1
    if tense == "future":
        return ref.year if (same >= ref or this_month) else ref.year + 1
    candidates = (ref.year - 1, ref.year, ref.year + 1)
    return min(candidates, key=lambda y: (abs((when(y) - ref).days), y > ref.year))


# ---------------------------------------------------------------- tense

_FUTURE_CUES = _ci(r"""\b(?:will|shall|won['’]t|going\s+to|plans?\s+to|planned\s+to|expected\s+to|is\s+to|are\s+to
    |scheduled|due\s+to|set\s+to|aims?\s+to|upcoming|intends?\s+to|would|may|might|could|should|must|to\s+be
    |wants?\s+to|hopes?\s+to|seeks?\s+to|next)\b|['’]ll\b""")
# After "be" (passive) or "has"/"have" (perfect) a participle is not a past tense: the auxiliary carries it.
_PAST_CUES = _ci(r"""(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bhas\s)(?<!\bhave\s)
    \b(?:was|were|had|did|said|told|took|gave|went|came|made|met|saw|won|lost|began|left
    |held|led|sent|spent|got|became|brought|thought|found|fell|rose|paid|sold|bought|built|knew|chose
    |wrote|spoke|struck|stood|broke|ran|fled|fought|flew|drew|grew|threw|shot|sought|caught|taught
    |ago|earlier|last|yesterday
    |[a-z]{2,}ed)\b""")
_PRESENT_CUES = _ci(r"\b(?:is|are|am|says|say|has|have)\b")
# Words in -ed that are not verbs in the past.
_NOT_PAST = frozenset("""need speed seed feed bed red shed indeed proceed exceed succeed hundred breed greed
    creed weed bleed steed embed naked sacred wicked kindred united related based""".split())


def sentence_tense(sentence: str, position: int | None = None) -> str | None:
    """The tense of the verb nearest to ``position`` in ``sentence``: past, future, present or None.

    A cheap, dictionary-based reading: future auxiliaries ("will", "plans to"),
    past forms (irregular list, words in -ed; not after "be" or "has") and
    present auxiliaries. The nearest cue before the expression wins (else the
    nearest after it), so "said the vote will be on Sunday" reads "Sunday" as future.
    """
    return _pick_tense(_tense_cues(sentence), position)


def _tense_cues(sentence: str) -> list[tuple[int, str]]:
    cues = []
    for tense, pattern in (("future", _FUTURE_CUES), ("past", _PAST_CUES), ("present", _PRESENT_CUES)):
        for m in pattern.finditer(sentence):
            if tense == "past" and m.group().lower() in _NOT_PAST:
                continue
            cues.append((m.start(), tense))
    return sorted(cues)  # sorted, so that picking one is a bisection, not a scan (long sentences)


def _pick_tense(cues: list[tuple[int, str]], position: int | None) -> str | None:
    if not cues:
        return None
    if position is None:
        return max((t for _, t in cues), key=[t for _, t in cues].count)
    # The verb governing an adjunct usually precedes it: take the nearest cue before, else the nearest after.
    n_before = bisect.bisect_left(cues, (position,))
    if n_before:
        return cues[n_before - 1][1]
    return cues[0][1]


# ---------------------------------------------------------------- context


@dataclass
class _Context:
    text: str
    ref: dt.date | None
    sentence_starts: list[int]
    sentence_ends: list[int]
    last_day: dt.date | None = None  # for anaphora: "the following day", "that day"
    cues: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # tense cues by sentence start

    def tense(self, position: int) -> str | None:
        i = bisect.bisect_right(self.sentence_starts, position) - 1
        start = self.sentence_starts[i] if i >= 0 else 0
        end = self.sentence_ends[i] if i >= 0 else len(self.text)
        if start not in self.cues:
            self.cues[start] = _tense_cues(self.text[start:end])
        tense = _pick_tense(self.cues[start], position - start)
        return None if tense == "present" else tense

    def anchor_date(self) -> dt.date | None:
        return self.last_day or self.ref


# A normaliser returns (value, type, anchor); it may read and update the context.
Normaliser = Callable[[re.Match, _Context], tuple[str, str, str]]


def _g(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _month_of(word: str) -> int:
    word = word.rstrip(".")
    return MONTHS.get(word) or MONTH_ABBR[word]


def _day_of(word: str) -> int:
    return int(re.match(r"\d+", word).group())


# ---------------------------------------------------------------- normalisers


def _norm_full_date(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    month, day, year = _month_of(m.group("month")), _day_of(m.group("day")), _g(m, "year")
    if year:
        try:
            d = dt.date(int(year), month, day)
        except ValueError:
            return f"{int(year):04d}-{month:02d}", "DATE", "absolute"
        ctx.last_day = d
        return _fmt_day(d), "DATE", "absolute"
    if ctx.ref is None:
        return f"XXXX-{month:02d}-{day:02d}", "DATE", "relative"
    y = _nearest_year(ctx.ref, month, day, ctx.tense(m.start()))
    try:
        d = dt.date(y, month, day)
    except ValueError:
        return f"{y:04d}-{month:02d}", "DATE", "relative"
    ctx.last_day = d
    return _fmt_day(d), "DATE", "relative"


def _norm_month_year(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    return f"{int(m.group('year')):04d}-{_month_of(m.group('month')):02d}", "DATE", "absolute"


def _norm_month(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    month = _month_of(m.group("month"))
    rel = (_g(m, "rel") or "").lower()
    if ctx.ref is None:
        return f"XXXX-{month:02d}", "DATE", "relative"
    if _g(m, "yrel"):  # "October of next year"
        return f"{ctx.ref.year + _REL_OFFSET[m.group('yrel').lower()]:04d}-{month:02d}", "DATE", "relative"
    tense = {"last": "past", "next": "future", "this": None}.get(rel, ctx.tense(m.start()))
    year = _nearest_year(ctx.ref, month, None, tense)
    if rel == "last" and year == ctx.ref.year and month >= ctx.ref.month:
        year -= 1
    if rel == "next" and year == ctx.ref.year and month <= ctx.ref.month:
        year += 1
    return f"{year:04d}-{month:02d}", "DATE", "relative"


def _norm_year(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    return f"{int(m.group('year')):04d}", "DATE", "absolute"


def _norm_fiscal_year(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    return f"{int(m.group('year')):04d}", "DATE", "absolute"


def _norm_decade(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    if m.group("century4"):
        return m.group("century4"), "DATE", "absolute"
    two = int(m.group("decade2"))
    century = "19" if two >= 20 else "20"
    return f"{century}{two // 10}", "DATE", "absolute"


def _norm_century(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    return f"{int(m.group('n')) - 1:02d}", "DATE", "absolute"


def _norm_iso(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    try:
        d = dt.date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    except ValueError:
        return "XXXX-XX-XX", "DATE", "vague"
    ctx.last_day = d
    return _fmt_day(d), "DATE", "absolute"


def _norm_slash(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    year = int(m.group("y"))
    year = year + (2000 if year < 50 else 1900) if year < 100 else year
    try:  # news style is month/day/year
        d = dt.date(year, int(m.group("mo")), int(m.group("d")))
    except ValueError:
        try:
            d = dt.date(year, int(m.group("d")), int(m.group("mo")))
        except ValueError:
            return "XXXX-XX-XX", "DATE", "vague"
    ctx.last_day = d
    return _fmt_day(d), "DATE", "absolute"


_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _with_part_of_day(value: str, part: str | None) -> tuple[str, str]:
    if not part:
        return value, "DATE"
    return f"{value}T{PARTS_OF_DAY[part.lower()]}", "TIME"


def _norm_day_word(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    word = m.group("word").lower()
    part = _g(m, "part") or ("night" if word == "tonight" else None)
    if word == "last" or word == "this":  # "last night", "this morning"
        offset = -1 if word == "last" else 0
    else:
        offset = _DAY_WORDS[word]
    if ctx.ref is None:
        value, kind = _with_part_of_day("XXXX-XX-XX", part)
        return value, kind, "relative"
    d = ctx.ref + dt.timedelta(days=offset)
    ctx.last_day = d
    value, kind = _with_part_of_day(_fmt_day(d), part)
    return value, kind, "relative"


_UNTIL_BEFORE = re.compile(r"\b(?:until|till|through)\s+$", re.IGNORECASE)


def _norm_weekday(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    weekday = WEEKDAYS[m.group("weekday")]
    rel = (_g(m, "rel") or "").lower()
    part = _g(m, "part")
    if ctx.ref is None:
        value, kind = _with_part_of_day(f"XXXX-WXX-{weekday}", part)
        return value, kind, "relative"
    tense = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(rel) or ctx.tense(m.start())
    if tense is None and _UNTIL_BEFORE.search(ctx.text, max(0, m.start() - 8), m.start()):
        tense = "future"  # "closed until Friday"
    delta = weekday - ctx.ref.isoweekday()
    if tense == "future":
        days = delta % 7
        if rel == "next" and days == 0:
            days = 7
    elif rel == "this" and tense is None:
        days = delta
    else:  # news reports mostly look back: past unless the verb says otherwise
        days = -((-delta) % 7)
        if rel == "last" and days == 0:
            days = -7
    d = ctx.ref + dt.timedelta(days=days)
    ctx.last_day = d
    value, kind = _with_part_of_day(_fmt_day(d), part)
    return value, kind, "relative"


_REL_OFFSET = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1,
               "following": 1}


def _norm_relative_unit(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    """"this week", "last month", "next year('s)", "the following day", "the same day", "that day"."""
    rel = m.group("rel").lower()
    unit = _unit_name(m.group("unit"))
    anaphoric = bool(_g(m, "the")) or rel in ("same", "that")
    if rel in ("same", "that"):
        offset = 0
    else:
        offset = _REL_OFFSET[rel]
    base = ctx.anchor_date() if anaphoric else ctx.ref
    if base is None:
        return _X_UNIT[unit], "DATE", "relative"
    shift_unit = "week" if unit == "weekend" else unit
    d = _shift(base, shift_unit, offset)
    if unit == "day":
        ctx.last_day = d
    return _fmt_unit(d, unit), "DATE", "relative"


def _norm_anaphoric_unit(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    unit = _unit_name(m.group("unit"))
    base = ctx.anchor_date()
    if base is None:
        return _X_UNIT[unit], "DATE", "relative"
    return _fmt_unit(base, unit), "DATE", "relative"


def _norm_earlier_later(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    """"earlier this year", "later this month", "earlier today"."""
    unit = _unit_name(m.group("unit") or "day")
    if ctx.ref is None:
        return _X_UNIT[unit], "DATE", "relative"
    if unit == "day":
        ctx.last_day = ctx.ref
    return _fmt_unit(ctx.ref, unit), "DATE", "relative"


def _norm_ago(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    n = _number(m.group("n"))
    unit = _unit_name(m.group("unit"))
    if n is None or unit in TIME_UNITS:
        return "PAST_REF", "DATE", "vague"
    if ctx.ref is None:
        return _X_UNIT[unit], "DATE", "relative"
    d = _shift(ctx.ref, unit, -n)
    if unit in ("day", "week"):  # "a week ago" names a day
        ctx.last_day = d
        return _fmt_day(d), "DATE", "relative"
    return _fmt_unit(d, unit), "DATE", "relative"


def _norm_shifted(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    """"two days later", "a year earlier", "the day before": relative to the last date mentioned."""
    n = _number(m.group("n") or "one") or 1
    unit = _unit_name(m.group("unit"))
    sign = -1 if m.group("dir").lower() in ("earlier", "before", "prior") else 1
    base = ctx.anchor_date()
    if base is None or unit in TIME_UNITS:
        return _X_UNIT.get(unit, "XXXX-XX-XX"), "DATE", "relative"
    d = _shift(base, unit, sign * n)
    if unit == "day":
        ctx.last_day = d
    return _fmt_unit(d, unit), "DATE", "relative"


def _norm_event_relative(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    """"a day" in "a day after <event>": a distance from another event, resolved by the events table."""
    return _fmt_duration(_number(m.group("n")), _unit_name(m.group("unit"))), "DURATION", "relative"


def _norm_duration(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    unit = _unit_name(m.group("unit"))
    n = _number(m.group("n")) if _g(m, "n") else None
    anchor = "vague" if n is None else "absolute"
    return _fmt_duration(n, unit), "DURATION", anchor


def _norm_plural_duration(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    return _fmt_duration(None, _unit_name(m.group("unit"))), "DURATION", "vague"


_SET_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
              "annually": "year", "annual": "year", "yearly": "year", "hourly": "hour"}


def _norm_set(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    if _g(m, "weekday"):
        return f"XXXX-WXX-{WEEKDAYS[m.group('weekday')]}", "SET", "absolute"
    unit = _SET_WORDS.get((_g(m, "word") or "").lower()) or _unit_name(m.group("unit"))
    return _fmt_duration(1, unit), "SET", "absolute"


def _norm_quarter(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    ordinal = m.group("ord").lower()
    year = _g(m, "year")
    rel = (_g(m, "yrel") or "").lower()
    if year:
        q = 4 if ordinal in ("final", "last", "fourth", "4th") else ORDINALS[ordinal]
        return f"{int(year):04d}-Q{q}", "DATE", "absolute"
    if ctx.ref is None:
        q = 4 if ordinal in ("final", "fourth", "4th") else ORDINALS.get(ordinal, "X")
        return f"XXXX-Q{q}", "DATE", "relative"
    ref_q = (ctx.ref.month - 1) // 3 + 1
    if ordinal == "last" and not rel:  # "the last quarter": the one before the current
        d = _shift(ctx.ref, "quarter", -1)
        return _fmt_unit(d, "quarter"), "DATE", "relative"
    q = 4 if ordinal in ("final", "last") else ORDINALS[ordinal]
    if rel:
        y = ctx.ref.year + _REL_OFFSET[rel]
    else:
        tense = ctx.tense(m.start())
        if tense == "past":
            y = ctx.ref.year if q <= ref_q else ctx.ref.year - 1
        elif tense == "future":
            y = ctx.ref.year if q >= ref_q else ctx.ref.year + 1
        else:
            y = ctx.ref.year
    return f"{y:04d}-Q{q}", "DATE", "relative"


def _norm_season(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    season = SEASONS[m.group("season").lower()]
    if _g(m, "year"):
        return f"{int(m.group('year')):04d}-{season}", "DATE", "absolute"
    if ctx.ref is None:
        return f"XXXX-{season}", "DATE", "relative"
    rel = (_g(m, "rel") or "").lower()
    tense = {"last": "past", "next": "future", "this": None}.get(rel, ctx.tense(m.start()))
    year = _nearest_year(ctx.ref, SEASON_MONTH[season], None, tense)
    return f"{year:04d}-{season}", "DATE", "relative"


_VAGUE_VALUES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "present": "PRESENT_REF", "current": "PRESENT_REF", "ongoing": "PRESENT_REF", "the moment": "PRESENT_REF",
    "the time being": "PRESENT_REF",
    "recently": "PAST_REF", "the past": "PAST_REF",
    "the future": "FUTURE_REF", "soon": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the long term": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the coming years": "FUTURE_REF", "the coming months": "FUTURE_REF", "the coming weeks": "FUTURE_REF",
    "the coming days": "FUTURE_REF",
}


def _norm_vague(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    word = re.sub(r"\s+", " ", m.group("word").lower())
    if word.startswith("recent"):  # "recently", "recent years", "recent"
        return "PAST_REF", "DATE", "vague"
    return _VAGUE_VALUES.get(word, "PRESENT_REF"), "DATE", "vague"


def _norm_time(m: re.Match, ctx: _Context) -> tuple[str, str, str]:
    hour = int(_g(m, "h") or 0)
    minute = int(_g(m, "mi") or 0)
    ampm = (_g(m, "ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    word = (_g(m, "word") or "").lower()
    if word == "noon":
        hour, minute = 12, 0
    elif word == "midnight":
        hour, minute = 0, 0
    zone = "Z" if (_g(m, "zone") or "").upper() in ("UTC", "GMT") else ""
    day = ctx.last_day if ctx.last_day is not None else ctx.ref
    prefix = "XXXX-XX-XX" if day is None else _fmt_day(day)
    return f"{prefix}T{hour:02d}:{minute:02d}{zone}", "TIME", "relative"


# ---------------------------------------------------------------- rules

_B = _NOT_QUANTITY_BEFORE
_A = _NOT_QUANTITY_AFTER

_AFTER_UNIT = r"(?!\s+(?:ago|later|earlier|before|after)\b)"

_BARE_YEAR = _ci(rf"{_B}\b(?P<year>{_YEAR})\b{_A}(?![-–]\d)")

# Overlaps are resolved afterwards by keeping the longest match, so the order here is for reading only.
RULES: list[tuple[str, re.Pattern, Normaliser]] = [
    # "Monday, May 15, 2017", "May 15", "March 01 , 2008", "Sept. 4"
    ("month", _ci(rf"""(?:{_WEEKDAY_ANY}\s*,?\s+)?(?P<month>{_MONTH_ANY})\s+(?P<day>{_DAY})\b(?!\s*[:.]\d)
        (?:\s*,?\s*(?P<year>{_YEAR})\b)?{_A}"""), _norm_full_date),
    # "15 May 2017", "the 15th of May", "Monday 15 May"
    ("month", _ci(rf"""(?:{_WEEKDAY_ANY}\s*,?\s+)?(?:the\s+)?{_B}\b(?P<day>{_DAY})(?:\s+of)?
        \s+(?P<month>{_MONTH_ANY})(?!\w)
        (?:\s*,?\s*(?P<year>{_YEAR})\b)?{_A}"""), _norm_full_date),
    # "January 2014", "early June 2009", "mid-May 2008"
    ("month", _ci(rf"(?P<month>{_MONTH_ANY})\s*,?\s+(?:of\s+)?(?P<year>{_YEAR})\b{_A}"), _norm_month_year),
    # "October of next year"
    ("month", _ci(rf"(?P<month>{_MONTH})\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b"), _norm_month),
    # "March", "last September", "early June"
    ("month", _ci(rf"(?:(?P<rel>this|last|next)\s+)?(?P<month>{_MONTH})\b(?!\s*\d)"), _norm_month),
    # "2013", "early 2009", "2013’s election"; quantities are excluded by the guards
    ("digit", _BARE_YEAR, _norm_year),
    ("digit", _ci(rf"\b(?:fiscal(?:\s+year)?|FY)\s*(?P<year>{_YEAR})\b"), _norm_year),
    # "the 1990s", "the '90s", "70s"
    # not after a hyphen or a letter: "KC-30s" and "A-10s" are aircraft, not decades
    ("digit", _ci(r"(?:the\s+)?(?<![-‐\w])(?:(?P<century4>1[0-9]{2}|20[0-9])0s|['’]?(?P<decade2>[0-9]0)s)\b"), _norm_decade),
    ("unit", _ci(r"the\s+(?P<n>1[0-9]|2[0-9]|[1-9])(?:st|nd|rd|th)\s+century\b"), _norm_century),
    ("digit", _ci(rf"{_B}\b(?P<y>{_YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<d>[0-3][0-9])\b"), _norm_iso),
    ("digit", _ci(rf"{_B}\b(?P<mo>1[0-2]|0?[1-9])/(?P<d>[12][0-9]|3[01]|0?[1-9])/(?P<y>{_YEAR}|[0-9]{{2}})\b(?!/)"),
     _norm_slash),
    # "today", "yesterday", "tonight", "yesterday afternoon"; "this morning", "last night"
    ("dayword", _ci(r"""\b(?P<word>today|yesterday|(?<!\bof\s)tomorrow|tonight)\b
        (?:\s+(?P<part>morning|afternoon|evening|night)\b)?"""),
     _norm_day_word),
    ("dayword", _ci(r"\b(?P<word>this|last)\s+(?P<part>morning|afternoon|evening|night)\b"), _norm_day_word),
    # "Sunday", "last Monday", "Friday morning"
    ("weekday", _ci(rf"""(?:\b(?P<rel>last|next|this|coming|past)\s+)?\b(?P<weekday>{_WEEKDAY})\b
        (?!\s*,?\s*(?:{_MONTH_ANY}|\d))
        (?:\s+(?P<part>morning|afternoon|evening|night)\b)?"""), _norm_weekday),
    # "this week", "last month", "next year", "the following day", "the same day", "that day"
    ("unit", _ci(rf"""(?:\b(?P<the>the)\s+)?\b(?P<rel>following|next|previous|same|this|last|coming|current|that)
        \s+(?P<unit>day|weekend|week|month|year|quarter|decade|century)\b{_AFTER_UNIT}"""), _norm_relative_unit),
    # "the day", "the weekend": the story's day (or the last day mentioned)
    ("unit", _ci(r"\bthe\s+(?P<unit>day|weekend)\b(?!\s+(?:after|before|of|when|that|which|ago|earlier|later)\b)"),
     _norm_anaphoric_unit),
    ("shift", _ci(r"\b(?:earlier|later)\s+(?:this\s+(?P<unit>week|month|year)|today)\b"), _norm_earlier_later),
    ("ago", _ci(rf"\b(?P<n>{_NUM}|{_VAGUE_NUM})\s+(?P<unit>{_UNIT_PL})\s+ago\b"), _norm_ago),
    # "two days later", "a year earlier", "the day before": shifted from the last date mentioned
    ("shift", _ci(rf"""\b(?:(?P<n>{_NUM})\s+|the\s+)(?P<unit>{_UNIT_PL})\s+(?P<dir>later|earlier|before|after)\b
        (?!\s+(?:[A-Za-z]))"""), _norm_shifted),
    ("shift", _ci(rf"\b(?:(?P<n>{_NUM})\s+)(?P<unit>{_UNIT_PL})\s+(?P<dir>later|earlier)\b"), _norm_shifted),
    # "a day after Cambodia warned": relative to another event
    ("shift", _ci(rf"\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT_PL})(?=\s+(?:after|before)\s+[A-Za-z])"),
     _norm_event_relative),
    # durations: "three years", "12-year", "six straight days", "several years"
    ("unit", _ci(rf"""(?:\bthe\s+(?:past|last|next|coming|first|previous)\s+)?{_B}\b(?!an?\s+(?:second|quarter)\b)
        (?P<n>{_NUM}|{_VAGUE_NUM})
        (?:\s+(?:more|straight|consecutive|full|long|trading|business|working))?[-\s]+
        (?P<unit>{_UNIT_PL})(?:[-\s]long)?\b{_AFTER_UNIT}"""), _norm_duration),
    ("unit", _ci(rf"\bthe\s+(?:past|last|next|coming)\s+(?P<unit>{_UNIT})\b{_AFTER_UNIT}(?!\s+of\b)"),
     lambda m, ctx: (_fmt_duration(1, _unit_name(m.group("unit"))), "DURATION", "absolute")),
    ("unit", _ci(r"""\b(?:for|over|in)\s+(?P<x>(?:the\s+(?:past|last)\s+)?
        (?P<unit>years|decades|months|weeks|centuries))\b"""), _norm_plural_duration),
    ("unit", _ci(r"\b(?P<unit>years|decades|months|weeks|centuries)-long\b"), _norm_plural_duration),
    # sets: "every Monday", "each year", "annual", "weekly"
    ("unit weekday", _ci(rf"\b(?:every|each)\s+(?:(?P<weekday>{_WEEKDAY})|(?P<unit>{_UNIT}))\b"), _norm_set),
    ("set", re.compile(r"\b(?P<word>daily|weekly|monthly|quarterly|annually|annual|yearly|hourly)\b"), _norm_set),
    # quarters: "the third quarter of 2009", "the fourth quarter", "Q3 2009", "third-quarter"
    ("unit", _ci(rf"""(?:\bthe\s+)?\b(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[-\s]quarter\b
        (?:\s+(?:of\s+)?(?:(?P<year>{_YEAR})\b|(?P<yrel>this|last|next)\s+year\b))?"""), _norm_quarter),
    ("digit", _ci(rf"\bQ(?P<ord>[1-4])\s*(?P<year>{_YEAR})\b"), _norm_quarter),
    # seasons: "this spring", "the summer of 2016", "in autumn"
    ("season", _ci(rf"""(?:\b(?P<rel>this|last|next)\s+|\bthe\s+|(?<=\bin\s))
        (?P<season>spring|summer|autumn|fall|winter)\b
        (?:\s+(?:of\s+)?(?P<year>{_YEAR})\b)?"""), _norm_season),
    ("season", _ci(rf"\b(?P<season>spring|summer|autumn|winter)\s+(?:of\s+)?(?P<year>{_YEAR})\b"), _norm_season),
    # vague: "now", "recently", "the future", "the past", "recent years"
    ("vague unit", _ci(r"""\b(?P<word>now|currently|nowadays|these\s+days|recently|soon
        |recent\s+(?:years|months|weeks|days|times|history)|recent|current
        |the\s+(?:near\s+)?future
        |the\s+past(?!\s+(?:\w+\s+){0,2}(?:years?|months?|weeks?|days?|decades?|centur|quarters?))
        |the\s+(?:long|near|short)\s+term|the\s+time\s+being
        |the\s+coming\s+(?:years|months|weeks|days))\b"""), _norm_vague),
    # times: "4 a.m.", "6:40 p.m. GMT", "14:48 UTC", "0800 GMT", "noon"
    ("digit", _ci(r"""\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5][0-9]))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)
        (?:\s+(?P<zone>UTC|GMT|local\s+time)\b)?"""), _norm_time),
    ("digit", _ci(r"""\b(?P<h>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9])\b(?!:?\d)
        (?:\s+(?P<zone>UTC|GMT|local\s+time)\b)?"""),
     _norm_time),
    ("digit", _ci(r"\b(?P<h>[01][0-9]|2[0-3])(?P<mi>[0-5][0-9])\s+(?P<zone>UTC|GMT)\b"), _norm_time),
    ("noon", _ci(r"\b(?P<word>noon|midnight)\b"), _norm_time),
]

# Words around a bare four-digit number that make it a quantity rather than a year.
_COUNT_BEFORE = re.compile(
    r"(?:about|around|nearly|almost|some|over|than|least|approximately|roughly|only|just|another|additional"
    r"|extra|to|and|or|No\.?|number|Section|Article|Rule|Resolution|Route|Flight|model|page|pages|room|#)\s*$",
    re.IGNORECASE)
_COUNT_AFTER = re.compile(
    r"^\s*(?:people|persons|men|women|children|troops|soldiers|workers|employees|jobs|staff|members|votes"
    r"|units|cars|vehicles|homes|houses|shares|points|km|kilometres|kilometers|miles|metres|meters|feet|tons"
    r"|tonnes|barrels|dollars|euros|yuan|won|pounds|rupees|deaths|dead|cases|students|pupils|residents"
    r"|[a-z]+(?:ers|ees|ists|ians)\b|to\s+\d|-\s*\d|x\b|by\b|\)\s*[a-z]|votes|seats|hectares|acres|MW|GW)",
)
_YEAR_CONTEXT = re.compile(r"(?:in|since|by|until|till|of|from|during|before|after|between|early|late|mid|the|to|and"
                           r"|around|circa|c\.|through|throughout)\s*$", re.IGNORECASE)


def _plausible_year(text: str, start: int, end: int, ref: dt.date | None) -> bool:
    """A bare number such as 2013 is a year unless its neighbours say it counts something."""
    before = text[max(0, start - 25):start]
    after = text[end:end + 25]
    if _YEAR_CONTEXT.search(before) and not re.search(r"(?:than|least|about|some|nearly)\s+\S*\s*$", before):
        return not _COUNT_AFTER.match(after) or bool(re.search(r"(?:in|since|of|during)\s*$", before))
    if _COUNT_BEFORE.search(before) or _COUNT_AFTER.match(after):
        return False
    year = int(text[start:end])
    # Without a preposition, keep years close to the reference date (or recent history).
    return 1900 <= year <= (ref.year + 10 if ref else 2100)


# ---------------------------------------------------------------- finder


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
    ref = _as_date(reference)
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


def _as_date(value) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.date()


# ---------------------------------------------------------------- intervals

_VALUE_FORMS = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?"), "day"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})T(MO|AF|EV|NI)"), "day"),
    (re.compile(r"(\d{4})-W(\d{2})(-WE)?"), "week"),
    (re.compile(r"(\d{4})-(\d{2})"), "month"),
    (re.compile(r"(\d{4})-Q([1-4])"), "quarter"),
    (re.compile(r"(\d{4})-(SP|SU|FA|WI)"), "season"),
    (re.compile(r"(\d{4})"), "year"),
    (re.compile(r"(\d{3})"), "decade"),
    (re.compile(r"(\d{2})"), "century"),
]
_SEASON_SPAN = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def value_interval(value: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last moment a TIMEX3 value covers; ``(NaT, NaT)`` when it is not on the calendar.

    ``date_end`` is the start of the last day covered (a month ends on its last day).

    Example:
        >>> value_interval("2014-01")
        (Timestamp('2014-01-01 00:00:00'), Timestamp('2014-01-31 00:00:00'))
    """
    start, end = interval(value)
    return (pd.NaT, pd.NaT) if start is None else (pd.Timestamp(start), pd.Timestamp(end))


def _last_day(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, calendar.monthrange(year, month)[1])


@functools.lru_cache(maxsize=8192)  # values repeat a lot across a corpus ("2018", "2017-W36")
def interval(value: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """:func:`value_interval` as plain datetimes, ``(None, None)`` off the calendar (fast, for tables)."""
    for pattern, form in _VALUE_FORMS:
        m = pattern.fullmatch(value)
        if not m:
            continue
        g = m.groups()
        year = int(g[0]) * {"decade": 10, "century": 100}.get(form, 1)
        if not 1678 <= year <= 2261:  # what a pandas datetime64[ns] column can hold
            break
        try:
            if form == "day":
                start = dt.datetime(year, int(g[1]), int(g[2]))
                if g[3] and g[3].isdigit():
                    start = start.replace(hour=int(g[3]), minute=int(g[4]))
                return start, start
            if form == "week":
                monday = dt.datetime.combine(dt.date.fromisocalendar(year, int(g[1]), 1), dt.time())
                first = monday + dt.timedelta(days=5) if g[2] else monday
                return first, monday + dt.timedelta(days=6)
            if form == "month":
                return dt.datetime(year, int(g[1]), 1), _last_day(year, int(g[1]))
            if form == "quarter":
                quarter = int(g[1])
                return dt.datetime(year, 3 * quarter - 2, 1), _last_day(year, 3 * quarter)
            if form == "season":
                first, last = _SEASON_SPAN[g[1]]
                start = dt.datetime(year + (first - 1) // 12, (first - 1) % 12 + 1, 1)
                return start, _last_day(year + (last - 1) // 12, (last - 1) % 12 + 1)
            span = {"year": 1, "decade": 10, "century": 100}[form]
            return dt.datetime(year, 1, 1), dt.datetime(year + span - 1, 12, 31)
        except ValueError:
            break
    return None, None
