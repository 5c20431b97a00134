"""spaCy ``Doc`` objects rebuilt from the stored parse, for lenses that re-read it with other options.

A lens asked for something the stored rows were not made for (another reference
date, another verb table, another mentions table) works on the stored parse of
the sentences :mod:`toolkit.annotate.document` parsed. Rebuilding a ``Doc`` from
its words, spaces, tags, heads, dependencies and lemmas needs only a blank
vocabulary: no model is loaded and nothing is run again.
"""
from __future__ import annotations

import functools

import pandas as pd


@functools.lru_cache(maxsize=1)
def _vocab():
    import spacy

    return spacy.blank("en").vocab


def parsed_sentences(corpus, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], object]:
    """``(doc_id, sent_id) -> Doc`` for the wanted sentences that were parsed when annotated."""
    from toolkit.annotate import stored_rows

    if not wanted:
        return {}
    parses = stored_rows(corpus.whole, "parses")
    if parses.empty:
        return {}
    where = pd.MultiIndex.from_arrays([parses["doc_id"], parses["sent_id"].astype("int64")])
    parses = parses[where.isin(list(wanted))]
    texts = dict(zip(corpus.whole.documents["doc_id"], corpus.whole.documents["text"]))
    return {
        (doc_id, int(sent_id)): doc_from_rows(texts[doc_id], group)
        for (doc_id, sent_id), group in parses.groupby(["doc_id", "sent_id"], sort=False)
    }


def doc_from_rows(text: str, rows: pd.DataFrame):
    """One sentence's ``Doc`` from its stored parse rows; offsets become sentence offsets again."""
    from spacy.tokens import Doc

    rows = rows.sort_values("i")
    words = [text[s:e] for s, e in zip(rows["start"], rows["end"])]
    return Doc(
        _vocab(), words=words, spaces=rows["space"].tolist(), tags=rows["tag"].tolist(),
        pos=rows["pos"].tolist(), deps=rows["dep"].tolist(), heads=rows["head"].astype(int).tolist(),
        lemmas=rows["lemma"].tolist(),
    )
