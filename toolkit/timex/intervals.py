"""The stretch of calendar a TIMEX3 value covers, as timestamps or plain datetimes."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

import pandas as pd

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
