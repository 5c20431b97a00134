"""The corpus's token index and term matrix: what every keyword-lens table reads.

``tokens`` (the index of a corpus's tokens as integer arrays, and the queries
that search it), ``counting`` (n-gram terms counted into a matrix), ``matrix``
(the :class:`TermMatrix` and values derived from it) and ``reuse`` (matrices
read from disk or cut from counts at hand). Each corpus keeps what is built
for it (``corpus.derived``); this module only re-exports.
"""
from toolkit.corpus.views import SectionView, section_view
from toolkit.index.matrix import TermMatrix
from toolkit.index.tokens import (
    TokenIndex, match_tokens, occurrences, ordered_tokens, query_patterns, query_rows, section_rows, sentence_rows,
    token_index, word_counts,
)
from toolkit.index.counting import phrase_like
from toolkit.index.reuse import counts_at, term_matrix

__all__ = [
    "SectionView", "TermMatrix", "TokenIndex", "counts_at", "match_tokens", "occurrences", "ordered_tokens",
    "phrase_like", "query_patterns", "query_rows", "section_rows", "section_view", "sentence_rows", "term_matrix",
    "token_index", "word_counts",
]
