"""The rules: one regular expression per kind of expression, each with its normaliser, and the test that
tells a bare year from a count."""
from __future__ import annotations

import datetime as dt
import re

from toolkit.timex.normalisers import (Normaliser, _norm_ago, _norm_anaphoric_unit, _norm_century,
                                       _norm_day_word, _norm_decade, _norm_duration, _norm_earlier_later,
                                       _norm_event_relative, _norm_full_date, _norm_iso, _norm_month,
                                       _norm_month_year, _norm_plural_duration, _norm_quarter, _norm_relative_unit,
                                       _norm_season, _norm_set, _norm_shifted, _norm_slash, _norm_time, _norm_vague,
                                       _norm_weekday, _norm_year)
from toolkit.timex.vocabulary import (_DAY, _MONTH, _MONTH_ANY, _NOT_QUANTITY_AFTER, _NOT_QUANTITY_BEFORE, _NUM,
                                      _UNIT, _UNIT_PL, _VAGUE_NUM, _WEEKDAY, _WEEKDAY_ANY, _YEAR, _ci, _fmt_duration,
                                      _unit_name)

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
