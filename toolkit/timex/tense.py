"""The tense around an expression (past, future, present), read from cheap cues in its sentence."""
from __future__ import annotations

import bisect

from toolkit.timex.vocabulary import _ci

_FUTURE_CUES = _ci(r"""\b(?:will|shall|won['’]t|going\s+to|plans?\s+to|planned\s+to|expected\s+to|is\s+to|are\s+to
    |scheduled|due\s+to|set\s+to|aims?\s+to|upcoming|intends?\s+to|would|may|might|could|should|must|to\s+be
    |wants?\s+to|hopes?\s+to|seeks?\s+to|next)\b|['’]ll\b""")
# After "be" (passive) or "has"/"have" (perfect) a participle is not a past tense: the auxiliary carries it.
_PAST_CUES = _ci(r"""(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bhas\s)(?<!\bhave\s)
    \b(?:was|were|had|did|said|told|took|gave|went|came|made|met|saw|won|lost|began|left
    |held|led|sent|spent|got|became|brought|thought|found|fell|rose|paid|sold|bought|built|knew|chose
    |wrote|spoke|struck|stood|broke|ran|fled|fought|flew|drew|grew|threw|shot|sought|caught|taught
    |ago|earlier|last|yesterday
    |[a-z]{2,}ed)\b""")
_PRESENT_CUES = _ci(r"\b(?:is|are|am|says|say|has|have)\b")
# Words in -ed that are not verbs in the past.
_NOT_PAST = frozenset("""need speed seed feed bed red shed indeed proceed exceed succeed hundred breed greed
    creed weed bleed steed embed naked sacred wicked kindred united related based""".split())


def sentence_tense(sentence: str, position: int | None = None) -> str | None:
    """The tense of the verb nearest to ``position`` in ``sentence``: past, future, present or None.

    A cheap, dictionary-based reading: future auxiliaries ("will", "plans to"),
    past forms (irregular list, words in -ed; not after "be" or "has") and
    present auxiliaries. The nearest cue before the expression wins (else the
    nearest after it), so "said the vote will be on Sunday" reads "Sunday" as future.
    """
    return _pick_tense(_tense_cues(sentence), position)


def _tense_cues(sentence: str) -> list[tuple[int, str]]:
    cues = []
    for tense, pattern in (("future", _FUTURE_CUES), ("past", _PAST_CUES), ("present", _PRESENT_CUES)):
        for m in pattern.finditer(sentence):
            if tense == "past" and m.group().lower() in _NOT_PAST:
                continue
            cues.append((m.start(), tense))
    return sorted(cues)  # sorted, so that picking one is a bisection, not a scan (long sentences)


def _pick_tense(cues: list[tuple[int, str]], position: int | None) -> str | None:
    if not cues:
        return None
    if position is None:
        return max((t for _, t in cues), key=[t for _, t in cues].count)
    # The verb governing an adjunct usually precedes it: take the nearest cue before, else the nearest after.
    n_before = bisect.bisect_left(cues, (position,))
    if n_before:
        return cues[n_before - 1][1]
    return cues[0][1]
