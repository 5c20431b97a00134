"""The tense read around an expression."""
from __future__ import annotations

from toolkit.timex import sentence_tense


def test_sentence_tense_reads_the_nearest_verb_before():
    assert sentence_tense("He said the vote will be held on Sunday.", 35) == "future"
    assert sentence_tense("He was arrested on Sunday.", 20) == "past"
    assert sentence_tense("The deal is expected to close on Friday.", 33) == "future"
    assert sentence_tense("No verbs here", 3) is None
