"""The reduce step of the actor lens: corpus-wide decisions over the stored per-document mentions.

Everything here reads only stored tables, never text or spaCy, so it re-runs
on every call (well under a second for 10,000 documents' mentions):

* names merge across documents (:func:`toolkit.actors._resolve_across_documents`):
  case and spelling variants, "X" with "X Party", acronyms defined anywhere in the
  corpus (not one defined two ways), single person names with the one full name
  holding them;
* each actor gets one type from the evidence of all its mentions
  (:func:`toolkit.actors.vote_types`): spaCy's labels made consistent per document,
  weighed with the cues each mention carries (titles, appositions, speech verbs,
  organisation heads, gazetteers, datelines); a document whose own cues strongly
  say otherwise keeps its type;
* the user's actor dictionary has the last word: a mention whose text or
  document-level actor is one of its names or aliases takes that entry's
  canonical name and type. Editing ``actors.yml`` therefore takes effect here,
  without re-annotating anything.
"""
from __future__ import annotations

import pandas as pd


def resolve_mentions(rows: pd.DataFrame, *, know) -> pd.DataFrame:
    """Resolve stored document-level mentions across the corpus.

    Args:
        rows: stored ``mentions`` rows with ``doc_id`` (from ``stored_rows``);
            changed in place and returned.
        know: the :class:`toolkit.actors.Knowledge` of the user's dictionary.

    Returns:
        ``rows`` with ``actor`` and ``type`` resolved (and ``cues`` filled with "" where missing).
    """
    from toolkit.actors import _resolve_across_documents, vote_types

    if rows.empty:
        return rows
    rows = _resolve_across_documents(rows, know)
    rows = vote_types(rows, know)
    by_text = _lookup_each(rows["text"], know)
    has = by_text.notna()
    if has.any():
        rows.loc[has, "actor"] = by_text[has].map(lambda e: e.actor)
        rows.loc[has, "type"] = by_text[has].map(lambda e: e.type)
    return rows


SUMMARY_KEYS = ["actor", "type", "text", "label", "cues"]


def mention_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """What the reduce step reads of the mentions: each distinct ``actor, type, text, label, cues``, with ``n_mentions``.

    Without ``doc_id`` the reduce makes one type decision for the whole corpus: a
    document's own strong cues for another type (which :func:`resolve_mentions`
    honours there) are not seen in a summary. That is the one way the two differ.

    Rows come in order of first occurrence (``rows`` in document order, as
    ``stored_rows`` gives them): the reduce takes an actor's type from its first
    mention. A corpus has far fewer such rows than mentions, so the reduce of a
    store too big to load runs on this (:mod:`toolkit.aggregate` computes it with DuckDB).
    """
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_KEYS}).assign(
            n_mentions=pd.Series(dtype="int64"))
    counted = rows.groupby(SUMMARY_KEYS, sort=False, dropna=False).size()
    return counted.rename("n_mentions").reset_index()


def alias_map(summary: pd.DataFrame, *, know) -> pd.DataFrame:
    """How :func:`resolve_mentions` names each row of a :func:`mention_summary`.

    Returns:
        ``summary`` with ``resolved_actor`` and ``resolved_type``: the actor and
        type :func:`resolve_mentions` gives every mention with that document-level
        actor, type and text, when the corpus's mentions are those summarised.
    """
    resolved = resolve_mentions(summary.copy(), know=know)
    return summary.assign(resolved_actor=resolved["actor"], resolved_type=resolved["type"])


def _lookup_each(values: pd.Series, know) -> pd.Series:
    """``know.lookup`` of each value, computed once per distinct value."""
    found = {v: know.lookup(v) for v in values.unique()}
    return values.map(found)


def within(frame: pd.DataFrame, corpus) -> pd.DataFrame:
    """The rows of ``frame`` inside ``corpus``: its documents and, for a section view, its sentences."""
    if frame.empty:
        return frame
    whole = getattr(corpus, "whole", corpus)
    if corpus is whole:
        return frame
    if "sent_id" not in frame.columns:
        return frame[frame["doc_id"].isin(corpus.documents["doc_id"])]
    kept = pd.MultiIndex.from_arrays([corpus.sentences["doc_id"], corpus.sentences["sent_id"].astype("int64")])
    where = pd.MultiIndex.from_arrays([frame["doc_id"], frame["sent_id"].astype("int64")])
    return frame[where.isin(kept)]


def actor_at(mentions: pd.DataFrame) -> dict[tuple[str, int], str]:
    """``(doc_id, start) -> actor`` of a mentions table: how quotes and relations name their actors."""
    keys = zip(mentions["doc_id"].tolist(), mentions["start"].astype("int64").tolist())
    return dict(zip(keys, mentions["actor"].tolist()))
