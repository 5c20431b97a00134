"""Date axes that fit the span shown, and lines over time that break where there is no data.

Shared by every chart with a date axis (timeline, trends, actor mentions).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["date_axis", "break_gaps"]

DAY_MS = 86_400_000
_SHORT = pd.Timedelta(days=7)  # a span shorter than this is widened to it: no ticks in hours
_DAILY = pd.Timedelta(days=21)  # up to this span, one tick a day
_DATED = pd.Timedelta(days=120)  # up to this span, ticks read as days


def date_axis(first, last) -> dict:
    """Layout of a date x axis from ``first`` to ``last``, its ticks in days, months or years, never in hours.

    When every date falls on one day (or a few), plotly zooms to milliseconds and
    reads "23:59:59.999"; a span under a week is widened to a week around its middle,
    with one tick a day. Range ends are ISO text, so a FigureWidget need not convert them.
    """
    axis: dict = {"type": "date"}
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    if pd.isna(first) or pd.isna(last):
        return axis
    span = last - first
    if span < _SHORT:
        middle = first + span / 2
        axis["range"] = [str(middle - _SHORT / 2), str(middle + _SHORT / 2)]
    if span < _DAILY:
        axis["dtick"] = DAY_MS
    if span < _DATED:
        axis["tickformat"] = "%d %b %Y"
    return axis


_PERIOD_DAYS = (("Y", 365), ("Q", 90), ("M", 28), ("W", 7), ("D", 1))  # coarsest first


def _period_code(x: pd.Series) -> str:
    """The calendar period of a series of period starts: the coarsest one they all start and no step is shorter than.

    The smallest step alone is not enough: months every other month step by about
    60 days, like quarters, but March and May do not start a quarter.
    """
    stamps = pd.Series(pd.unique(x.dropna())).sort_values()
    steps = np.diff(stamps.to_numpy())
    days = pd.to_timedelta(steps[steps > np.timedelta64(0)]).days if len(steps) else []
    least = min(days) if len(days) else 1
    for code, length in _PERIOD_DAYS:
        if length <= least and (stamps.dt.to_period(code).dt.start_time == stamps).all():
            return code
    return "D" if least <= 1 else "W" if least <= 7 else "M" if least <= 31 else "Q" if least <= 92 else "Y"


def break_gaps(frame: pd.DataFrame, *, x: str, y: str, freq: str | None = None) -> pd.DataFrame:
    """``frame`` sorted by ``x``, with a row of missing ``y`` wherever a whole period has no row.

    plotly draws a line straight across missing periods (years, in a sparse corpus),
    as if the values in between were known; a missing value breaks the line there.

    Args:
        frame: one line's points; ``x`` holds period starts (datetimes).
        x, y: the columns.
        freq: a pandas period code ("D", "W", "M", "Q", "Y"); default: inferred from the smallest step.
    """
    frame = frame.sort_values(x)
    stamps = pd.to_datetime(frame[x])
    if len(frame) < 2:
        return frame
    code = freq or _period_code(stamps)
    ordinal = stamps.dt.to_period(code).map(lambda p: p.ordinal).to_numpy()
    after = np.flatnonzero(np.diff(ordinal) > 1)
    if not len(after):
        return frame
    when = stamps.to_numpy()
    holes = pd.DataFrame({x: when[after] + (when[after + 1] - when[after]) / 2, y: np.nan})
    return pd.concat([frame, holes], ignore_index=True).sort_values(x, kind="stable").reset_index(drop=True)
