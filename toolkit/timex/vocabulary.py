"""The vocabulary of temporal expressions: word lists, the regular-expression pieces the rules are
built from, and the calendar helpers the normalisers format and shift dates with."""
from __future__ import annotations

import calendar
import datetime as dt
import re

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
