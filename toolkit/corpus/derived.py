"""What a corpus derives from its tables and keeps in memory while it lives.

A corpus's tables never change (:class:`~toolkit.corpus.Corpus` is frozen), so
what is computed from them once (the identity of its disk cache, its token
index, its term matrices, its word lists' frequencies) is kept in one
:class:`DerivedData` held by the corpus (``corpus.derived``). A new corpus
object (a new session, a new selection) starts empty, and everything goes
with the corpus: no module-level cache, nothing keyed by ``id()``.
"""
from __future__ import annotations

import collections
import contextlib

TERM_MATRICES_KEPT = 4  # each is tens of MB on a large corpus; the explorer switches among a few
SECTION_VIEWS_KEPT = 4  # the explorer's section boxes: a few choices, each view with its own counts
QUERIES_KEPT = 8  # a selected term runs the same query for its lines, their count and its dispersion

_UNSET = object()


class DerivedData:
    """Values derived from one corpus's tables, each computed on first use (see the module docstring).

    Attributes:
        identity: ``(folder, key)`` of the corpus's disk cache, or None (see
            :func:`toolkit.corpus.arrays.corpus_identity`); unset until asked.
        token_index: the corpus's :class:`~toolkit.index.TokenIndex`, or None until built.
        word_traits: what every term matrix of that index needs (``toolkit.index.counting``).
        word_frequency: ``(vocab, frequencies)``: general-English frequency of each word of the index.
    """

    def __init__(self):
        self.identity = _UNSET
        self.token_index = None
        self.word_traits = None
        self.word_frequency = None
        self._term_matrices: collections.OrderedDict = collections.OrderedDict()
        self._query_rows: collections.OrderedDict = collections.OrderedDict()
        self._section_rows: dict = {}
        self._section_views: collections.OrderedDict = collections.OrderedDict()
        self._values: dict = {}

    def has_identity(self) -> bool:
        return self.identity is not _UNSET

    def term_matrix(self, key: tuple, make):
        """The term matrix for ``key`` (n-gram range and stop words), made by ``make()`` if not kept."""
        return _remembered(self._term_matrices, key, make, TERM_MATRICES_KEPT)

    def has_term_matrix(self, key: tuple) -> bool:
        return key in self._term_matrices

    def query_rows(self, key: tuple, make):
        """The index rows where a query's matches start (``make()`` if not among the latest queries)."""
        return _remembered(self._query_rows, key, make, QUERIES_KEPT)

    def section_view(self, sections: tuple, make):
        """The view of the corpus restricted to ``sections`` (``make()`` if not among the latest few)."""
        return _remembered(self._section_views, sections, make, SECTION_VIEWS_KEPT)

    def section_rows(self, name: str, make):
        """The index rows of section ``name``'s tokens (``make()`` once per section)."""
        if name not in self._section_rows:
            self._section_rows[name] = make()
        return self._section_rows[name]


    def value(self, name: str, make):
        """A value computed once per corpus (``make()`` on first use), such as the token rows of each sentence."""
        if name not in self._values:
            self._values[name] = make()
        return self._values[name]


def _remembered(kept: collections.OrderedDict, key, make, size: int):
    """``kept[key]``, made and added (the oldest dropped past ``size``) when missing; latest used last.

    Safe with a second thread (the workspace's warm-up) using the same dict: each step is one
    dict operation, and a key another thread has just dropped is simply made again.
    """
    found = kept.get(key, _UNSET)
    if found is not _UNSET:
        with contextlib.suppress(KeyError):
            kept.move_to_end(key)
        return found
    value = kept[key] = make()
    while len(kept) > size:
        try:
            kept.popitem(last=False)
        except KeyError:
            break
    return value


def derived_of(corpus) -> DerivedData:
    """The corpus's :class:`DerivedData`; a fresh, unkept one for an object that holds none."""
    held = getattr(corpus, "derived", None)
    return held if isinstance(held, DerivedData) else DerivedData()
