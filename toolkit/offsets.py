"""Which sentence (or any span, sorted by start and not overlapping) holds a character offset.

One answer for every step that places a timex, a mention, a quote or a token in its sentence.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np


def span_holding(starts: Sequence[int], offset: int, *, ends: Sequence[int] | None = None,
                 end: int | None = None) -> int:
    """Index of the span that holds ``offset``, or -1.

    Args:
        starts: the spans' starts, sorted.
        offset: a character offset.
        ends: the spans' ends; when given, ``offset`` must fall before its span's end
            (between two spans it is in neither). Without them, an offset belongs to the
            last span that starts at or before it.
        end: the end of a stretch (a mention) that starts at ``offset``: then the whole
            stretch must lie within the span, ``end <= ends[i]``. Needs ``ends``.
    """
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0 or ends is None:
        return i
    inside = end <= ends[i] if end is not None else offset < ends[i]
    return i if inside else -1


def spans_holding(starts, offsets) -> np.ndarray:
    """:func:`span_holding` without ends for many offsets at once: an int64 array, -1 before the first span."""
    starts = np.asarray(starts, dtype=np.int64)
    offsets = np.asarray(offsets, dtype=np.int64)
    return np.searchsorted(starts, offsets, side="right").astype(np.int64) - 1
