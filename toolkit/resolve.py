"""The reduce step of the actor lens: corpus-wide decisions over the stored per-document mentions.

Everything here reads only stored tables, never text or spaCy, so it can re-run
at any time (about 2 s of CPU for 10,000 documents' mentions with 59,000 distinct
names, ``bench/resolve_speed.py``; the lenses of a session share one result, see
``AnnotationStore.derived``):

* names merge across documents (:func:`_resolve_across_documents`):
  case and spelling variants, "X" with "X Party", acronyms defined anywhere in the
  corpus (not one defined two ways), single person names with the one full name
  holding them;
* each actor gets one type from the evidence of all its mentions
  (:func:`vote_types`): spaCy's labels made consistent per document,
  weighed with the cues each mention carries (titles, appositions, speech verbs,
  organisation heads, gazetteers, datelines); a document whose own cues strongly
  say otherwise keeps its type;
* the user's actor dictionary has the last word: a mention whose text or
  document-level actor is one of its names or aliases takes that entry's
  canonical name and type. Editing ``actors.yml`` therefore takes effect here,
  without re-annotating anything.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from toolkit.actors.cues import CUES
from toolkit.actors.knowledge import Knowledge
from toolkit.actors.names import _TYPE_PRIORITY, _acronym_letters, _initials, _word_tuple, _words
from toolkit.frames import is_in

_KEY_DROP = re.compile(r"[.'’‘]")
_ACRONYM_CUE = re.compile(r"\bacronym\b")
_TEXT_COLUMNS = ("doc_id", "actor", "text", "type", "label", "cues")  # objects during the reduce
_RESOLVED = ("actor", "text", "type")  # returned as objects, as the lenses have always read them


def resolve_mentions(rows: pd.DataFrame, *, know) -> pd.DataFrame:
    """Resolve stored document-level mentions across the corpus.

    Args:
        rows: stored ``mentions`` rows with ``doc_id`` (from ``stored_rows``);
            changed in place and returned.
        know: the :class:`toolkit.actors.Knowledge` of the user's dictionary.

    Returns:
        ``rows`` with ``actor`` and ``type`` resolved (and ``cues`` filled with "" where missing).
    """
    if rows.empty:
        return rows
    # The steps below map, compare and group these columns a dozen times: as Arrow strings each
    # pass converted them to Python objects and back (0.5 s of 1.5 s on 10^4 documents), so they
    # are made objects once here and given their own dtypes back at the end.
    text_dtypes = {c: rows[c].dtype for c in _TEXT_COLUMNS if c in rows.columns and rows[c].dtype != object}
    for col in text_dtypes:
        rows[col] = rows[col].astype(object)
    rows = _resolve_across_documents(rows, know)
    rows = vote_types(rows, know)
    _name_by_entries(rows, per_value(rows["text"], know.lookup))
    for col, dtype in text_dtypes.items():
        if col not in _RESOLVED:  # the resolved names stay objects, as the lenses have always read them
            rows[col] = rows[col].astype(dtype)
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


def per_value(values: pd.Series, compute) -> np.ndarray:
    """``compute(v)`` for every row's value, called once per distinct value (an object array).

    Factorising once and taking from the distinct answers costs a fraction of
    ``Series.map`` with a dict, which builds and searches an index each time.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    answers = np.empty(len(uniques), dtype=object)
    answers[:] = [compute(v) for v in uniques]
    return answers[codes]


def within(frame: pd.DataFrame, corpus) -> pd.DataFrame:
    """The rows of ``frame`` inside ``corpus``: its documents and, for a section view, its sentences."""
    if frame.empty:
        return frame
    whole = getattr(corpus, "whole", corpus)
    if corpus is whole:
        return frame
    if "sent_id" not in frame.columns:
        return frame[is_in(frame["doc_id"], corpus.documents["doc_id"])]
    kept = pd.MultiIndex.from_arrays([corpus.sentences["doc_id"], corpus.sentences["sent_id"].astype("int64")])
    where = pd.MultiIndex.from_arrays([frame["doc_id"], frame["sent_id"].astype("int64")])
    return frame[where.isin(kept)]


def actor_at(mentions: pd.DataFrame) -> dict[tuple[str, int], str]:
    """``(doc_id, start) -> actor`` of a mentions table: how quotes and relations name their actors."""
    keys = zip(mentions["doc_id"].tolist(), mentions["start"].astype("int64").tolist())
    return dict(zip(keys, mentions["actor"].tolist()))


# ---- merging names across documents ----


def merge_key(name: str) -> str:
    """The key case and spelling variants meet at: "UNITA", "Unita" and "U.N.I.T.A." share one.

    Example:
        >>> merge_key("Cambodian Peoples' Party") == merge_key("Cambodian People's party")
        True
    """
    return _merge_keys(pd.Series([name], dtype=object)).iloc[0]


def _merge_keys(names: pd.Series) -> pd.Series:
    """:func:`merge_key` of many names at once (vectorised: the reduce keys every distinct name)."""
    return pd.Series([_one_key(n) for n in names.astype(object)], index=names.index, dtype=object)


@functools.lru_cache(maxsize=1 << 18)
def _one_key(name: str) -> str:
    key = " ".join(_KEY_DROP.sub("", name.casefold()).replace("-", " ").split())
    return key[4:] if key.startswith("the ") else key


def _cue_text(rows: pd.DataFrame) -> pd.Series:
    """The ``cues`` column as text ("" where missing: rows stored before cues were recorded, or all empty)."""
    if "cues" not in rows.columns:
        return pd.Series("", index=rows.index, dtype=object)
    cues = rows["cues"].astype(object)
    return cues.where(cues.notna(), "").astype(str)


def _person_evidence(rows: pd.DataFrame) -> pd.Series:
    """Per actor: how many of its mentions carry a person cue or a document-level PERSON type."""
    cued = _has_cue(rows["cues"], ("title", "role")) | (rows["type"] == "PERSON").to_numpy()
    return pd.Series(cued, index=rows.index).groupby(rows["actor"]).sum()


def _has_cue(cues: pd.Series, wanted: tuple[str, ...]):
    """A boolean array: which rows' cues hold one of ``wanted`` (worked out once per distinct cue text)."""

    codes, texts = pd.factorize(cues)
    hits = np.array([any(c in wanted for c in t.split()) for t in texts] + [False], dtype=bool)
    return hits[codes]  # code -1 (missing) reads the trailing False


def _mention_counts(rows: pd.DataFrame) -> pd.Series:
    """Mentions per actor, most first: rows are mentions, or a summary with ``n_mentions``."""
    if "n_mentions" in rows.columns:
        return rows.groupby("actor", sort=False)["n_mentions"].sum().sort_values(ascending=False, kind="stable")
    return rows["actor"].value_counts()


def _link_variants(rows: pd.DataFrame, know: Knowledge) -> dict[str, str]:
    """actor -> the variant it is merged into: same key ("UNITA"/"Unita"), or "X" into "X Party".

    The most mentioned variant names the actor. Persons never join a party named
    after them, and a variant the dictionary knows is left to the dictionary.
    """
    sizes = _mention_counts(rows)
    names = pd.DataFrame({"actor": sizes.index, "size": sizes.to_numpy()})
    names = names[[know.lookup(a) is None for a in names["actor"]]]
    if names.empty:
        return {}
    names["key"] = _merge_keys(names["actor"]).to_numpy()
    names["tight"] = names["key"].str.replace(" ", "", regex=False)  # "Candle Light" meets "Candlelight"
    person = _person_evidence(rows)
    names["person"] = names["actor"].map(person).fillna(0) > names["size"] / 2
    mapping: dict[str, str] = {}
    shared = names[names.duplicated(["tight", "person"], keep=False)]  # names.actor is most mentioned first
    for _, group in shared.groupby(["tight", "person"], sort=False):
        top = group["actor"].iloc[0]
        mapping.update({a: top for a in group["actor"].iloc[1:]})
    canonical = {k: a for k, a in zip(names["key"], names["actor"]) if a not in mapping}
    for actor, key, is_person in zip(names["actor"], names["key"], names["person"]):
        party = canonical.get(key + " party")
        if party and not is_person and actor not in mapping:
            mapping[actor] = party
    return mapping


def _acronym_expansions(rows: pd.DataFrame) -> dict[str, set[str]]:
    """Acronym -> the long names it was defined as ("National Unity Party (NUP)") anywhere in the corpus."""
    cued = per_value(rows["cues"], lambda cues: bool(_ACRONYM_CUE.search(cues))).astype(bool)
    defined = rows[cued & (rows["text"] != rows["actor"]).to_numpy()]
    return {a: set(group) for a, group in defined.groupby("text")["actor"]} if len(defined) else {}


def ambiguous_acronyms(mentions: pd.DataFrame) -> pd.DataFrame:
    """Acronyms defined with two or more long names in the corpus; their bare uses stay unlinked.

    Returns:
        One row per acronym: acronym, expansions (list, sorted).
    """
    found = _acronym_expansions(mentions.assign(cues=_cue_text(mentions)))
    rows = [{"acronym": a, "expansions": sorted(e)} for a, e in sorted(found.items()) if len(e) > 1]
    return pd.DataFrame(rows, columns=["acronym", "expansions"])


def _resolve_across_documents(rows: pd.DataFrame, know: Knowledge) -> pd.DataFrame:
    """Merge actors across documents: variants, acronyms, single-word person names.

    * case and spelling variants meet at :func:`merge_key`; "X" joins "X Party" (not a person);
    * an acronym defined anywhere links the bare acronym everywhere, unless it was
      defined as two different names (:func:`ambiguous_acronyms`); an undefined one
      links to the one long name with its initials;
    * a single name links to the one full person name containing it: two relatives
      sharing a family name leave the family name alone.

    ``rows`` are mentions, or a summary of them with an ``n_mentions`` column
    (one row standing for that many mentions; see :func:`toolkit.resolve.mention_summary`).
    """
    if rows.empty:
        return rows
    rows["cues"] = _cue_text(rows)
    for col in ("actor", "text", "type"):  # plain objects: the loops below iterate them
        rows[col] = rows[col].astype(object)
    variants = _link_variants(rows, know)
    if variants:
        hit = rows["actor"].isin(list(variants))
        rows.loc[hit, "actor"] = rows.loc[hit, "actor"].map(variants)
    names = rows.drop_duplicates("actor")[["actor", "type"]]
    sizes = _mention_counts(rows)
    expansions = _acronym_expansions(rows)
    type_of = dict(zip(names["actor"], names["type"]))
    long_by_initials = defaultdict(set)
    people_by_word = defaultdict(set)
    words_of = {a: _word_tuple(a) if " " in a else (a,) for a in names["actor"].tolist()}
    for actor, type_ in zip(names["actor"], names["type"]):
        if len(words_of[actor]) < 2:
            continue
        if type_ in ("ORG", "GPE", "LOC", "FAC"):
            long_by_initials[_initials(actor)].add((actor, type_))
        elif type_ == "PERSON":
            for word in words_of[actor]:
                people_by_word[word].add(actor)
    mapping = {}
    for actor, type_ in zip(names["actor"], names["type"]):
        if (len(words_of[actor]) > 1 and actor not in expansions) or know.lookup(actor):
            continue  # only acronyms and single names link further
        letters = _acronym_letters(actor)
        defined = expansions.get(actor, set())
        if len(defined) == 1:
            long = next(iter(defined))
            mapping[actor] = (long, type_of.get(long, "ORG"))
            continue
        expansion = _dominant(long_by_initials.get(letters, ()), sizes) if letters and not defined else None
        if expansion:
            mapping[actor] = expansion
        elif type_ == "PERSON" and len(_words(actor)) == 1 and len(people_by_word.get(actor, ())) == 1:
            mapping[actor] = (next(iter(people_by_word[actor])), "PERSON")
    if mapping:
        hit = rows["actor"].isin(list(mapping))
        rows.loc[hit, "type"] = rows.loc[hit, "actor"].map({a: m[1] for a, m in mapping.items()})
        rows.loc[hit, "actor"] = rows.loc[hit, "actor"].map({a: m[0] for a, m in mapping.items()})
    # the dictionary has the last word: an NER-found name may be an alias of an entry
    _name_by_entries(rows, per_value(rows["actor"], know.lookup))
    return rows


def _name_by_entries(rows: pd.DataFrame, entries: np.ndarray) -> None:
    """Give each row with a dictionary entry (``entries``: one Entry or None per row) that entry's actor and type."""
    has = np.array([e is not None for e in entries], dtype=bool)
    if has.any():
        rows.loc[has, "actor"] = [e.actor for e in entries[has]]
        rows.loc[has, "type"] = [e.type for e in entries[has]]


# ---- corpus-level typing ----

_VOTED = ("PERSON", "ORG", "GPE", "LOC", "FAC")
DOCUMENT_OVERRIDE = 4.0  # a document's own cues this strong for another type keep its type there


def type_votes(rows: pd.DataFrame) -> pd.DataFrame:
    """Every piece of type evidence of every mention: actor, doc_id, type, weight, evidence.

    Each mention votes 1 for spaCy's label (for names spaCy did not tag, the
    document-level type), and each cue around it votes for its type with the
    cue's weight (:data:`CUES`). NORP mentions do not vote.
    """
    voting = rows[rows["type"].isin(_VOTED)]
    if "doc_id" not in voting.columns:  # a summary of the whole corpus (toolkit.resolve.mention_summary)
        voting = voting.assign(doc_id="")
    times = voting["n_mentions"].to_numpy(dtype=float) if "n_mentions" in voting.columns else 1.0
    said = voting["label"].where(voting["label"].isin(_VOTED), voting["type"]) if "label" in voting else voting["type"]
    base = _frame({
        "actor": voting["actor"].to_numpy(), "doc_id": voting["doc_id"].to_numpy(),
        "type": said.to_numpy(), "weight": times, "evidence": ("spaCy " + said).to_numpy().astype(object),
        "cue": False, "n": times,
    }, len(voting))
    # one vote per cue: the distinct cue texts are split once, then spread over their rows

    codes, texts = pd.factorize(voting["cues"])
    split = [[c for c in t.split() if c in CUES] for t in texts]
    counts = np.array([len(c) for c in split] + [0])[codes]
    rows_of = np.repeat(np.arange(len(voting)), counts)
    flat = np.array([c for cues in split for c in cues], dtype=object)
    first = np.concatenate([[0], np.cumsum([len(c) for c in split])])[:-1] if split else np.array([], dtype=int)
    rank = np.arange(len(rows_of)) - np.repeat(np.cumsum(counts) - counts, counts)  # k-th cue of its row
    evidence = flat[first[codes[rows_of]] + rank] if len(rows_of) else np.array([], dtype=object)
    cue_votes = _frame({
        "actor": voting["actor"].to_numpy()[rows_of], "doc_id": voting["doc_id"].to_numpy()[rows_of],
        "type": pd.Series(evidence, dtype=object).map({c: t for c, (t, _) in CUES.items()}).to_numpy(),
        "weight": pd.Series(evidence, dtype=object).map({c: w for c, (_, w) in CUES.items()}).to_numpy(dtype=float)
        * (times[rows_of] if isinstance(times, np.ndarray) else times),
        "evidence": evidence, "cue": True,
        "n": times[rows_of] if isinstance(times, np.ndarray) else times,
    }, len(rows_of))
    return pd.concat([base, cue_votes], ignore_index=True)


def _frame(columns: dict, length: int) -> pd.DataFrame:
    """A DataFrame whose text columns stay Python objects: the reduce only groups and maps them, and
    pandas' inference would turn each into Arrow strings first (0.3 s for 10^4 documents' votes)."""
    def column(value):
        if isinstance(value, np.ndarray):
            return pd.Series(value, dtype=object if value.dtype == object else value.dtype, copy=False)
        return pd.Series(np.full(length, value, dtype=object if isinstance(value, str) else None))
    return pd.DataFrame({name: column(value) for name, value in columns.items()})


_PRIORITY_VOTED = tuple(t for t in _TYPE_PRIORITY if t in _VOTED)  # argmax ties go to the first


def _group_codes(combined: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group numbers 0..k-1 in order of first appearance, and the row where each group first appears."""
    codes, uniques = pd.factorize(combined)
    first = np.full(len(uniques), len(combined), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(combined)))
    return codes, first


def _winners(votes: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The highest-weighted type per ``keys`` group (ties: PERSON, ORG, GPE, LOC, FAC), with its
    weight and its share of the group's weight (confidence). Summed in one numpy pass."""

    # Each key factorised alone, then the codes combined: a MultiIndex of 10^5 string pairs cost 0.2 s.
    codes, levels = np.zeros(len(votes), dtype=np.int64), []
    for key in keys:
        key_codes, uniques = pd.factorize(votes[key], use_na_sentinel=False)
        codes = codes * len(uniques) + key_codes
        levels.append((key, key_codes, np.asarray(uniques, dtype=object)))
    codes, first = _group_codes(codes)
    frame = pd.DataFrame({key: uniques[key_codes[first]] for key, key_codes, uniques in levels})
    kinds = pd.Categorical(votes["type"], categories=_PRIORITY_VOTED).codes
    ok = kinds >= 0
    table = np.zeros((len(frame), len(_PRIORITY_VOTED)))
    np.add.at(table, (codes[ok], kinds[ok]), votes["weight"].to_numpy(dtype=float)[ok])
    best = table.argmax(axis=1)
    weight = table[np.arange(len(frame)), best]
    total = table.sum(axis=1)
    frame["type"] = np.asarray(_PRIORITY_VOTED, dtype=object)[best]
    frame["weight"] = weight
    frame["confidence"] = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    return frame[total > 0].reset_index(drop=True)


def vote_types(rows: pd.DataFrame, know: Knowledge) -> pd.DataFrame:
    """One type per actor across the corpus, unless a document's own cues say otherwise there.

    A name typed PERSON in 8 mentions and GPE in 1 is a PERSON everywhere; a
    document whose own cues for another type weigh at least :data:`DOCUMENT_OVERRIDE`
    (a title, a dateline, an organisation head) keeps that type in that document.
    Dictionary actors keep the dictionary's type.
    """
    if rows.empty:
        return rows
    known = per_value(rows["actor"], lambda a: know.lookup(a) is not None).astype(bool)
    votes = type_votes(rows[~known])
    if votes.empty:
        return rows
    corpus = _winners(votes, ["actor"]).set_index("actor")["type"]
    if "doc_id" not in rows.columns:  # a corpus summary: no document to keep its own type
        voting = rows["type"].isin(_VOTED).to_numpy() & rows["actor"].isin(corpus.index).to_numpy()
        rows.loc[voting, "type"] = rows.loc[voting, "actor"].map(corpus).to_numpy()
        return rows
    local = _winners(votes[votes["cue"].to_numpy()], ["actor", "doc_id"])
    local = local[(local["weight"] >= DOCUMENT_OVERRIDE) & (local["type"] != local["actor"].map(corpus))]
    voting = rows["type"].isin(_VOTED).to_numpy() & rows["actor"].isin(corpus.index).to_numpy()
    corpus_type = dict(zip(corpus.index.tolist(), corpus.tolist()))  # plain lists: iterating Arrow strings is slow
    chosen = pd.Series(per_value(rows.loc[voting, "actor"], corpus_type.get), index=rows.index[voting], dtype=object)
    if len(local):
        # Overrides are rare: look up (actor, document) only for the mentions of an overridden actor.
        kept_type = dict(zip(zip(local["actor"], local["doc_id"]), local["type"]))
        maybe = rows.loc[voting, "actor"].isin(local["actor"]).to_numpy()
        if maybe.any():
            where = chosen.index[maybe]
            pairs = zip(rows.loc[where, "actor"].tolist(), rows.loc[where, "doc_id"].tolist())
            found = pd.Series([kept_type.get(pair) for pair in pairs], index=where, dtype=object)
            chosen.loc[where] = found.fillna(chosen.loc[where])
    rows.loc[voting, "type"] = chosen.to_numpy()
    return rows


def runs_as_lists(keys: np.ndarray, values: np.ndarray) -> pd.Series:
    """key -> list of its values, for rows whose equal keys are next to each other (a sorted table).

    The same as ``groupby(keys, sort=False).agg(list)`` there, without a Python call per group.
    """
    if len(keys) == 0:
        return pd.Series([], dtype=object)
    cuts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    return pd.Series([piece.tolist() for piece in np.split(values, cuts)], index=keys[np.r_[0, cuts]], dtype=object)


def type_evidence(mentions: pd.DataFrame, *, top: int = 3) -> pd.DataFrame:
    """Why each actor has its type: actor, type, confidence (share of the evidence weight
    for that type, 0-1) and evidence (its top cues, as "title ×3, spaCy PERSON ×8")."""
    frame = mentions.assign(cues=_cue_text(mentions))
    votes = type_votes(frame)
    columns = ["actor", "type", "confidence", "evidence"]
    if votes.empty:
        return pd.DataFrame(columns=columns)
    winners = _winners(votes, ["actor"])
    counted = votes.groupby(["actor", "type", "evidence"], sort=False).agg(n=("n", "sum"), w=("weight", "sum"))
    counted = counted.reset_index().merge(winners[["actor", "type"]], on=["actor", "type"])
    counted = counted.sort_values(["actor", "w"], ascending=[True, False], kind="stable")
    counted = counted[counted.groupby("actor", sort=False).cumcount().to_numpy() < top]
    items = counted["evidence"].astype(object) + " ×" + counted["n"].astype("int64").astype(str).astype(object)
    evidence = runs_as_lists(counted["actor"].to_numpy(object), items.to_numpy(object)).map(", ".join)
    winners["evidence"] = winners["actor"].map(evidence).fillna("")
    return winners[columns].reset_index(drop=True)


def _dominant(candidates, sizes: pd.Series):
    """The one candidate, or the one mentioned at least three times as often as any other ("General
    Motors" over a misspelt "General Motor"); None when the choice is unclear."""
    ranked = sorted(candidates, key=lambda c: -sizes.get(c[0], 0))
    if len(ranked) == 1 or (ranked and sizes.get(ranked[0][0], 0) >= 3 * sizes.get(ranked[1][0], 0)):
        return ranked[0]
    return None
