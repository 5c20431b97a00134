"""The actor lens over a corpus: mentions named across documents, actors, co-occurrence."""
from __future__ import annotations

from collections import Counter

import pandas as pd

from toolkit.actors.knowledge import knowledge
from toolkit.schemas import column_names, empty

UNITS = ("sentence", "paragraph", "document")
MEASURES = ("count", "pmi", "npmi", "jaccard")


def mentions(corpus, *, dictionary=None, cache: bool = True, progress: bool | None = None) -> pd.DataFrame:
    """Every actor mention in the corpus, one row each.

    Reads the mentions :func:`toolkit.annotate` stored for each document
    (annotating the missing ones first), then resolves names across the whole
    corpus (:func:`toolkit.resolve.resolve_mentions`): a view made with
    ``corpus.select`` names every mention as its corpus does.

    Args:
        corpus: a :class:`toolkit.Corpus` (or a view from ``corpus.select``;
            mentions in sections it leaves out, e.g. captions, are dropped).
        dictionary: an :class:`~toolkit.aliases.ActorDictionary`, a path to an
            ``actors.yml``, or None for the default dictionary.
        cache: kept for compatibility; annotations are always stored.
        progress: show a progress bar while annotating; None shows one above 50 new documents.

    Returns:
        The ``mentions`` table: doc_id, sent_id, section, start, end, text,
        actor, type; plus par_id, label (spaCy's label, or DICT), source
        (spacy, dictionary, consistency, dateline or table) and cues (the type
        cues around the mention, space-separated; see :data:`CUES`).

    Example:
        >>> m = mentions(tk.load_corpus())  # doctest: +SKIP
        >>> m.loc[m.actor == "Kem Sokha", "text"].unique()  # doctest: +SKIP
        array(['Kem Sokha', 'Sokha'], dtype=object)
    """
    from toolkit import resolve
    from toolkit.annotate import ensure_annotated, stored_rows

    ensure_annotated(corpus, progress=progress)
    whole, know = corpus.whole, knowledge(dictionary)
    # One reduce per corpus and dictionary, shared by every lens that names actors, and kept on
    # disk for the next session (about a second on 10^4 documents).
    resolved = whole.store.derived(
        _reduce_key("resolved mentions", whole, know),
        lambda: resolve.resolve_mentions(stored_rows(whole, "mentions"), know=know),
        on_disk=True,
    )
    return resolve.within(resolved, corpus)[column_names("mentions")].reset_index(drop=True)


def _reduce_key(name: str, whole, know) -> tuple:
    """What a reduce over ``whole``'s stored mentions depends on besides the store: the dictionary and
    the documents (their digest is remembered per corpus: it hashes every document's key)."""
    from toolkit.annotate.store import documents_digest
    from toolkit.corpus.derived import derived_of

    digest = derived_of(whole).value("documents digest", lambda: documents_digest(whole.doc_keys))
    return name, know.dictionary.fingerprint(), digest


def actors(corpus, *, dictionary=None, mentions_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor, most mentioned first.

    Args:
        corpus: the corpus (for publication dates, and mentions when not given).
        dictionary: as in :func:`mentions`.
        mentions_table: a precomputed (possibly filtered) :func:`mentions` table.

    Returns:
        The ``actors`` table: actor, type, mentions, documents, aliases (list of
        surface forms, most frequent first), first_seen, last_seen, evidence
        (the top cues behind the type, e.g. "title ×3, spaCy PERSON ×8"; "dictionary"
        for the dictionary's and pycountry's names) and confidence (the share of the
        type evidence's weight for that type, 0-1), plus group and wikidata from the
        dictionary. :data:`TYPE_NAMES` gives the types' plain names for display.
    """
    table = mentions(corpus, dictionary=dictionary) if mentions_table is None else mentions_table
    if table.empty:
        return empty("actors")
    know = knowledge(dictionary)
    from toolkit.resolve import runs_as_lists, type_evidence

    if mentions_table is None and getattr(corpus, "whole", corpus) is corpus:
        # The whole corpus's evidence is kept with its reduce (on disk too): a later session reads it back.
        why = corpus.store.derived(_reduce_key("type evidence", corpus, know),
                                   lambda: type_evidence(table), on_disk=True)
    else:
        why = type_evidence(table)
    why = why.set_index("actor")
    dates = corpus.documents.set_index("doc_id")["published"]
    table = pd.DataFrame({
        "actor": table["actor"].to_numpy(dtype=object), "type": table["type"].to_numpy(dtype=object),
        "text": table["text"].to_numpy(dtype=object), "doc_id": table["doc_id"].to_numpy(dtype=object),
        "published": pd.to_datetime(table["doc_id"].map(dates)).to_numpy(),
    })
    table = table[table["actor"].notna()]
    by_actor = table.groupby("actor", sort=False)
    frame = by_actor.agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                         first_seen=("published", "min"), last_seen=("published", "max"))
    # The most frequent type, the alphabetically first on a tie (as Series.mode would give).
    types = table.groupby(["actor", "type"], sort=False).size().reset_index(name="n")
    types = types.sort_values(["actor", "n", "type"], ascending=[True, False, True], kind="stable")
    frame["type"] = types.drop_duplicates("actor").set_index("actor")["type"]
    # Surface forms, most frequent first, then in order of first appearance.
    forms = table.assign(_seen=range(len(table))).groupby(["actor", "text"], sort=False)["_seen"].agg(["size", "min"])
    forms = forms.reset_index().sort_values(["actor", "size", "min"], ascending=[True, False, True], kind="stable")
    frame["aliases"] = runs_as_lists(forms["actor"].to_numpy(object), forms["text"].to_numpy(object))
    frame = frame.reset_index()
    entries = {a: know.dictionary.get(a) for a in frame["actor"]}
    frame["group"] = [e.group if e else None for e in map(entries.get, frame["actor"])]
    frame["wikidata"] = [e.wikidata if e else None for e in map(entries.get, frame["actor"])]
    known = {a: know.lookup(a) is not None for a in frame["actor"]}
    in_dictionary = frame["actor"].map(known).astype(bool)
    frame["evidence"] = frame["actor"].map(why["evidence"]).where(~in_dictionary, "dictionary").fillna("")
    frame["confidence"] = frame["actor"].map(why["confidence"]).astype("float64").where(~in_dictionary, 1.0)
    frame = frame[["actor", "type", "mentions", "documents", "aliases", "first_seen", "last_seen", "evidence",
                   "confidence", "group", "wikidata"]]
    for col in ("first_seen", "last_seen"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    frame["mentions"] = frame["mentions"].astype("int64")
    frame["documents"] = frame["documents"].astype("int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    return frame.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def cooccurrence(
    corpus, *, unit: str = "sentence", measure: str = "count", dictionary=None,
    mentions_table: pd.DataFrame | None = None, min_count: int = 1,
) -> pd.DataFrame:
    """How often two actors appear in the same sentence, paragraph or document.

    Args:
        corpus: the corpus (mentions are computed unless ``mentions_table`` is given).
        unit: "sentence", "paragraph" or "document".
        measure: "count" (number of shared units), "pmi" (log2 of observed over
            expected), "npmi" (PMI scaled to [-1, 1]) or "jaccard" (shared units
            over units with either actor).
        dictionary: as in :func:`mentions`.
        mentions_table: a precomputed (possibly filtered) :func:`mentions` table.
        min_count: drop pairs sharing fewer units than this.

    Returns:
        The ``cooccurrence`` table: source, target (source < target
        alphabetically), weight, plus count (shared units), sorted by weight.

    Raises:
        ValueError: unknown ``unit`` or ``measure``.
    """
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    table = mentions(corpus, dictionary=dictionary) if mentions_table is None else mentions_table
    out = empty("cooccurrence")
    if table.empty:
        return out
    key = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "par_id"], "document": ["doc_id"]}[unit]
    members = table[key + ["actor"]].dropna(subset=["actor"]).drop_duplicates()
    members = members.assign(_unit=members.groupby(key, sort=False).ngroup())[["_unit", "actor"]]
    n_units = _count_units(corpus, unit, fallback=int(members["_unit"].nunique()))
    singles = Counter(members["actor"].value_counts().to_dict())
    pairs = members.merge(members, on="_unit", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    counted = pairs.groupby(["actor_a", "actor_b"], sort=False).size()
    counted = counted[counted >= min_count]
    if counted.empty:
        return out
    frame = pd.DataFrame({"source": counted.index.get_level_values(0).to_numpy(dtype=object),
                          "target": counted.index.get_level_values(1).to_numpy(dtype=object),
                          "count": counted.to_numpy()})
    frame["weight"] = _association(frame, singles, n_units, measure)
    frame["count"] = frame["count"].astype("int64")
    frame = frame[["source", "target", "weight", "count"]]
    return frame.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def _count_units(corpus, unit: str, *, fallback: int) -> int:
    sentences = getattr(corpus, "sentences", None)
    if sentences is None or sentences.empty:
        return max(fallback, 1)
    key = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "par_id"], "document": ["doc_id"]}[unit]
    return max(len(sentences.drop_duplicates(key)), fallback, 1)


def _association(frame: pd.DataFrame, singles: Counter, n: int, measure: str) -> pd.Series:
    import numpy as np

    both = frame["count"].astype(float)
    if measure == "count":
        return both
    left = frame["source"].map(singles).astype(float)
    right = frame["target"].map(singles).astype(float)
    if measure == "jaccard":
        return both / (left + right - both)
    pmi = np.log2(both * n / (left * right))
    if measure == "pmi":
        return pmi
    p_both = both / n
    return pd.Series(np.where(p_both >= 1, 1.0, pmi / -np.log2(p_both)), index=frame.index)
