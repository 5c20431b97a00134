"""The context a text's expressions are resolved in, and the normalisers that turn one match into a
TIMEX3 value."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from toolkit.offsets import span_holding
from toolkit.timex.tense import _pick_tense, _tense_cues
from toolkit.timex.vocabulary import (MONTH_ABBR, MONTHS, ORDINALS, PARTS_OF_DAY, SEASON_MONTH, SEASONS,
                                      TIME_UNITS, WEEKDAYS, _fmt_day, _fmt_duration, _fmt_unit, _nearest_year,
                                      _number, _shift, _unit_name, _X_UNIT)

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
        i = span_holding(self.sentence_starts, position)
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
