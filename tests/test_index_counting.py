"""Counting terms (toolkit.index.counting): what the counted columns say about their occurrences."""
from __future__ import annotations

from toolkit.index import term_matrix

from corpus_helpers import captioned


def test_the_word_after_every_occurrence_matches_a_plain_scan(make_corpus):
    corpus = captioned(make_corpus)
    tm = term_matrix(corpus, ngram_range=(1, 3), stopwords=False)
    sentences = [
        (part["lower"].tolist(), part["is_punct"].tolist())
        for _, part in corpus.tokens.sort_values(["doc_id", "tok_id"]).groupby(["doc_id", "sent_id"], sort=False)
    ]
    for column in range(tm.counts.shape[1]):
        words = tm.term(column).split(" ")
        after = set()
        for lower, punct in sentences:
            for i in range(len(lower) - len(words) + 1):
                if lower[i : i + len(words)] == words:
                    j = i + len(words)
                    word_follows = j < len(lower) and not punct[j] and not lower[j].startswith(("'", "\u2019"))
                    after.add(lower[j] if word_follows else None)
        expected = after.pop() if len(after) == 1 else None
        got = tm.vocab[tm.follows[column]] if tm.follows[column] >= 0 else None
        assert got == expected, tm.term(column)
