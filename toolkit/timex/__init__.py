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

The modules, each using only those above it:

- :mod:`~toolkit.timex.vocabulary`: word lists, pattern pieces, date helpers;
- :mod:`~toolkit.timex.tense`: :func:`sentence_tense` and its cues;
- :mod:`~toolkit.timex.normalisers`: the resolution context and one normaliser per kind of expression;
- :mod:`~toolkit.timex.rules`: the rules (pattern and normaliser) and the bare-year test;
- :mod:`~toolkit.timex.finder`: :class:`Timex`, trigger windows, overlap selection, :func:`find_timexes`;
- :mod:`~toolkit.timex.intervals`: :func:`value_interval` and :func:`interval`, the calendar span of a value.

Example:
    >>> import datetime as dt
    >>> [(t.text, t.value) for t in find_timexes("He was arrested on Sunday.",
    ...                                           reference=dt.date(2017, 9, 8))]
    [('Sunday', '2017-09-03')]
"""
from __future__ import annotations

from toolkit.timex.finder import Timex, as_date, find_timexes
from toolkit.timex.intervals import interval, value_interval
from toolkit.timex.tense import sentence_tense

__all__ = ["Timex", "find_timexes", "value_interval", "interval", "sentence_tense", "as_date"]
