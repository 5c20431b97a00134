"""Placing an offset in its sentence: one helper for every step."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from toolkit.offsets import span_holding, spans_holding

STARTS, ENDS = [0, 10, 25], [8, 20, 30]  # gaps at 8-9 and 20-24


def test_an_offset_is_in_the_span_that_starts_at_or_before_it():
    assert [span_holding(STARTS, x) for x in (0, 7, 9, 10, 24, 99)] == [0, 0, 0, 1, 1, 2]


def test_with_ends_an_offset_in_a_gap_is_in_no_span():
    assert [span_holding(STARTS, x, ends=ENDS) for x in (0, 7, 8, 9, 19, 20, 29, 30)] == [0, 0, -1, -1, 1, -1, 2, -1]


def test_a_stretch_must_end_inside_its_span():
    assert span_holding(STARTS, 12, ends=ENDS, end=20) == 1
    assert span_holding(STARTS, 12, ends=ENDS, end=21) == -1


def test_before_the_first_span_there_is_none():
    assert span_holding([5], 2) == -1 and span_holding([5], 2, ends=[9]) == -1 and span_holding([], 3) == -1


@given(st.lists(st.integers(0, 500), min_size=1, max_size=30, unique=True), st.lists(st.integers(-5, 600), max_size=40))
def test_many_at_once_agrees_with_one_at_a_time(starts, offsets):
    starts = sorted(starts)
    assert spans_holding(starts, offsets).tolist() == [span_holding(starts, x) for x in offsets]
