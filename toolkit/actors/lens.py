"""The actor lens over a corpus: mentions named across documents, actors, co-occurrence."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from toolkit.actors.knowledge import knowledge
from toolkit.frames import sorted_unique
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
    units, actors, names = _unit_codes(table, unit)
    frame, singles, seen_units = pair_counts(units, actors, names, min_count=min_count)
    if frame.empty or measure == "count":
        return frame
    frame["weight"] = _association(frame, singles, _count_units(corpus, unit, fallback=seen_units), measure)
    return frame.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def pair_counts(units: np.ndarray, actors: np.ndarray, names, *, min_count: int = 1
                ) -> tuple[pd.DataFrame, Counter, int]:
    """Co-occurrence counts from integer codes: each mention's unit and its actor (a position in ``names``).

    Returns ``(table, singles, seen_units)``: the ``cooccurrence`` table by count (source <
    target in code-point order, as Python compares names; sorted by count, then names), the
    number of units each actor is in, and the number of distinct units. The workspace calls
    it with the codes it keeps, so a filter change never factorises names again.
    """
    out = empty("cooccurrence")
    names = np.asarray(names, dtype=object)
    if not len(units):
        return out, Counter(), 0
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    n_names, names = len(names), names[order]
    present = sorted_unique(np.asarray(units, np.int64) * n_names + rank[actors])
    members = {"unit": present // n_names, "actor": present % n_names}  # sorted by unit, then name
    seen_units = int(np.count_nonzero(np.diff(members["unit"]))) + 1
    singles = Counter(dict(zip(names, np.bincount(members["actor"], minlength=n_names).tolist())))
    left, right = _pairs_within_units(members)
    pair_keys, counts = np.unique(members["actor"][left] * n_names + members["actor"][right], return_counts=True)
    kept = counts >= min_count
    if not kept.any():
        return out, singles, seen_units
    pair_keys, counts = pair_keys[kept], counts[kept].astype("int64")
    frame = pd.DataFrame({"source": names[pair_keys // n_names], "target": names[pair_keys % n_names],
                          "weight": counts.astype(float), "count": counts})
    frame = frame.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)
    return frame, singles, seen_units


def _unit_codes(table: pd.DataFrame, unit: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each mention's unit and actor as integer codes, and the actor names the codes index.

    Mentions without an actor, or without the unit's number (a missing paragraph), belong to no unit.
    """
    column = {"sentence": "sent_id", "paragraph": "par_id", "document": None}[unit]
    codes, found = pd.factorize(table["actor"])  # missing actors are -1
    keep = codes >= 0
    if column is not None:
        keep &= table[column].notna().to_numpy(bool)
    found = np.asarray(found, dtype=object)
    if not keep.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64), found
    docs = pd.factorize(table["doc_id"])[0].astype(np.int64)[keep]
    if column is None:
        return docs, codes[keep], found
    within = table[column].to_numpy()[keep].astype(np.int64)
    within = within - within.min()
    return docs * (int(within.max()) + 1) + within, codes[keep], found


def _pairs_within_units(members: dict) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers ``(i, j)``, ``i < j``, of every two members of one unit (members sorted by unit)."""
    units = members["unit"]
    n = len(units)
    after = np.searchsorted(units, units, side="right") - np.arange(n) - 1  # members after row i in its unit
    left = np.repeat(np.arange(n), after)
    first = np.cumsum(after) - after  # where row i's pairs begin
    right = left + 1 + (np.arange(len(left)) - np.repeat(first, after))
    return left, right


def _count_units(corpus, unit: str, *, fallback: int) -> int:
    sentences = getattr(corpus, "sentences", None)
    if sentences is None or sentences.empty:
        return max(fallback, 1)
    key = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "par_id"], "document": ["doc_id"]}[unit]
    return max(len(sentences.drop_duplicates(key)), fallback, 1)


def _association(frame: pd.DataFrame, singles: Counter, n: int, measure: str) -> pd.Series:
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
