"""The reduce step of the actor lens: corpus-wide decisions over the stored per-document mentions.

Everything here reads only stored tables, never text or spaCy, so it can re-run
at any time (under 1 s of CPU for 10,000 documents' mentions with 59,000 distinct
names, ``bench/resolve_speed.py``: each decision is made once per distinct name and
spread over the rows by factorised codes; the lenses of a session share one result, see
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
        rows[col] = pd.Series(_objects(rows[col]), index=rows.index, dtype=object)
    rows = _resolve_across_documents(rows, know)
    rows = vote_types(rows, know)
    _name_by_entries(rows, "text", know)
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


def actors_at(mentions: pd.DataFrame, doc_ids, starts) -> np.ndarray:
    """The actor of the mention starting at each ``(doc_id, start)``, None where none starts there.

    How quotes and relations name their actors: by the stored offset of a speaker's or an
    argument's mention. Matched as integer keys in numpy (a dict of every mention of 10^4
    documents took 0.26 s to build); where two mentions share a start, the later row wins.
    """
    doc_ids = np.asarray(doc_ids, dtype=object)
    starts = np.asarray(starts, dtype=np.int64)
    found = np.full(len(doc_ids), None, dtype=object)
    if mentions.empty or not len(doc_ids):
        return found
    documents = pd.Index(pd.unique(mentions["doc_id"]))
    mention_key = (documents.get_indexer(mentions["doc_id"]).astype(np.int64) << 32
                   | mentions["start"].to_numpy(np.int64))
    rows = documents.get_indexer(doc_ids).astype(np.int64)
    wanted = rows << 32 | starts
    order = np.argsort(mention_key, kind="stable")
    keys = mention_key[order]
    at = np.searchsorted(keys, wanted, side="right") - 1  # the last of equal keys: the later row
    hit = (rows >= 0) & (starts >= 0) & (at >= 0)
    hit[hit] = keys[at[hit]] == wanted[hit]
    actors = mentions["actor"].to_numpy(dtype=object)[order]
    found[hit] = actors[at[hit]]
    return found


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


def _has_cues(cues: pd.Series, *wanted: tuple[str, ...]) -> list[np.ndarray]:
    """For each of ``wanted``, a boolean array: which rows' cues hold one of its cues (the cues are
    factorised once, and each distinct cue text is tested once)."""
    codes, texts = pd.factorize(cues)
    split = [set(t.split()) for t in texts]
    # code -1 (missing) reads the trailing False
    return [np.array([not words.isdisjoint(w) for words in split] + [False], dtype=bool)[codes] for w in wanted]


def _actor_sizes(codes: np.ndarray, n_actors: int, weight: np.ndarray | None) -> np.ndarray:
    """Mentions per actor code (a summary's rows stand for ``n_mentions`` mentions each)."""
    return np.bincount(codes, weights=weight, minlength=n_actors)


def _link_variants(rows: pd.DataFrame, know: Knowledge, codes: np.ndarray, actors: np.ndarray,
                   weight: np.ndarray | None, titled_rows: np.ndarray) -> dict[str, str]:
    """actor -> the variant it is merged into: same key ("UNITA"/"Unita"), or "X" into "X Party".

    ``codes`` and ``actors`` are ``rows["actor"]`` factorised (first appearance first);
    ``titled_rows`` marks the rows with a title or role cue.
    The most mentioned variant names the actor (ties: the first seen). Persons never join
    a party named after them, and a variant the dictionary knows is left to the dictionary.
    """
    sizes = _actor_sizes(codes, len(actors), weight)
    cued = titled_rows | (rows["type"] == "PERSON").to_numpy()
    person = np.bincount(codes, weights=cued if weight is None else cued * weight, minlength=len(actors))
    order = np.argsort(-sizes, kind="stable")
    ranked = [(a, p) for a, p in zip(actors[order].tolist(), (person[order] > sizes[order] / 2).tolist())
              if know.lookup(a) is None]
    keys = [_one_key(a) for a, _ in ranked]
    top_of: dict[tuple[str, bool], str] = {}  # "Candle Light" meets "Candlelight"
    tops = [top_of.setdefault((key.replace(" ", ""), p), a) for (a, p), key in zip(ranked, keys)]
    mapping = {a: top for (a, _), top in zip(ranked, tops) if top != a}
    canonical = {key: a for (a, _), key in zip(ranked, keys) if a not in mapping}
    parties = [canonical.get(key + " party") for key in keys]
    mapping.update({a: party for (a, is_person), party in zip(ranked, parties)
                    if party and not is_person and a not in mapping})
    # "Velmar" -> "VELMAR" -> "Velmar Party": every variant goes to the end of its chain
    return {a: mapping.get(top, top) for a, top in mapping.items()}


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
    # Every decision is per distinct name: work on the factorised actors, and spread the
    # answers over the rows once at the end (10^4 documents have 2x10^5 mentions, 6x10^4 names).
    codes, actors = pd.factorize(rows["actor"], use_na_sentinel=False)
    actors = np.asarray(actors, dtype=object)
    weight = rows["n_mentions"].to_numpy(dtype=float) if "n_mentions" in rows.columns else None
    titled_rows, cued_otherwise_rows = _has_cues(rows["cues"], ("title", "role"), _NOT_PERSON_CUES)
    variants = _link_variants(rows, know, codes, actors, weight, titled_rows)
    if variants:
        renamed, actors = pd.factorize(np.array([variants.get(a, a) for a in actors], dtype=object))
        codes, actors = renamed[codes], np.asarray(actors, dtype=object)  # still in order of first appearance
        rows["actor"] = pd.Series(actors[codes], index=rows.index, dtype=object)
    _, first_row = np.unique(codes, return_index=True)
    types = rows["type"].to_numpy(dtype=object)[first_row]  # each name's type at its first mention
    size_of = dict(zip(actors.tolist(), _actor_sizes(codes, len(actors), weight).tolist()))
    expansions = _acronym_expansions(rows)
    type_of = dict(zip(actors.tolist(), types.tolist()))
    long_by_initials = defaultdict(set)
    people_by_word = defaultdict(set)
    people_by_last_word = defaultdict(set)
    words_in_other_names = set()  # words of multi-word organisations and places: "Ford" of "Ford Motor Company"
    words_of = {a: _word_tuple(a) if " " in a else (a,) for a in actors.tolist()}
    for actor, type_ in type_of.items():
        if len(words_of[actor]) < 2:
            continue
        if type_ in ("ORG", "GPE", "LOC", "FAC"):
            long_by_initials[_initials(actor)].add((actor, type_))
            words_in_other_names.update(words_of[actor])
        elif type_ == "PERSON":
            for word in words_of[actor]:
                people_by_word[word].add(actor)
            people_by_last_word[words_of[actor][-1]].add(actor)
    # Names that only spaCy's label calls something else: no cue of an organisation or a place
    cued_otherwise = np.bincount(codes[cued_otherwise_rows], minlength=len(actors)) > 0
    labelled_only = dict(zip(actors.tolist(), (~cued_otherwise).tolist()))
    # and people the text calls people (a title or an apposition), not only spaCy ("Aston Villa")
    titled = np.bincount(codes[titled_rows], minlength=len(actors)) > 0
    untitled = {a for a, is_titled in zip(actors.tolist(), titled.tolist()) if not is_titled}
    titled_people_by_last_word = {word: people for word, people in people_by_last_word.items()
                                  if not people & untitled}  # any untitled bearer makes the word ambiguous
    mapping = {}
    for actor, type_ in type_of.items():
        if (len(words_of[actor]) > 1 and actor not in expansions) or know.lookup(actor):
            continue  # only acronyms and single names link further
        letters = _acronym_letters(actor)
        defined = expansions.get(actor, set())
        if len(defined) == 1:
            long = next(iter(defined))
            mapping[actor] = (long, type_of.get(long, "ORG"))
            continue
        expansion = _dominant(long_by_initials.get(letters, ()), size_of) if letters and not defined else None
        if expansion:
            mapping[actor] = expansion
        elif type_ == "PERSON" and len(_words(actor)) == 1 and len(people_by_word.get(actor, ())) == 1:
            mapping[actor] = (next(iter(people_by_word[actor])), "PERSON")
        elif _surname_of_one_person(actor, type_, titled_people_by_last_word, words_in_other_names, labelled_only,
                                    size_of):
            mapping[actor] = (next(iter(titled_people_by_last_word[actor])), "PERSON")
    # the dictionary has the last word: an NER-found name may be an alias of an entry
    linked_actor = np.array([mapping.get(a, (a, None))[0] for a in actors.tolist()], dtype=object)
    linked_type = np.array([mapping[a][1] if a in mapping else None for a in actors.tolist()], dtype=object)
    entry_actor, entry_type = _entry_names(linked_actor, know)
    known = pd.notna(entry_actor)
    final_actor = np.where(known, entry_actor, linked_actor)
    retyped = np.where(known, entry_type, linked_type)[codes]
    if mapping or known.any():
        rows["actor"] = pd.Series(final_actor[codes], index=rows.index, dtype=object)
        hit = pd.notna(retyped)
        if hit.any():
            rows.loc[hit, "type"] = retyped[hit]
    return rows


_NOT_PERSON_CUES = tuple(c for c, (kind, _) in CUES.items() if kind != "PERSON")


def _surname_of_one_person(actor: str, type_, people_by_last_word, words_in_other_names, labelled_only,
                           size_of) -> bool:
    """A single name spaCy typed as an organisation or a place that is the family name of one person of the
    corpus ("called Mnangagwa" beside "President Emmerson Mnangagwa"): that person, when the text itself
    calls them a person (a title or an apposition somewhere; not "Aston Villa", a PERSON to spaCy only),
    nothing but spaCy's label says otherwise of the name (no organisation or place cue), no organisation
    or place name holds the word ("Ford" of "Ford Motor Company"), and it is not mentioned more often than
    the person (a company named like a president)."""
    if type_ not in ("ORG", "GPE", "LOC", "FAC") or len(_words(actor)) != 1 or not labelled_only.get(actor):
        return False
    people = people_by_last_word.get(actor, ())
    if len(people) != 1 or actor in words_in_other_names:
        return False
    return size_of.get(actor, 0) <= size_of.get(next(iter(people)), 0)


def _entry_names(names: np.ndarray, know: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    """The dictionary entry's actor and type for each name or alias (object arrays, None where none)."""
    entries = [know.lookup(v) if isinstance(v, str) else None for v in names.tolist()]
    return (np.array([e.actor if e is not None else None for e in entries], dtype=object),
            np.array([e.type if e is not None else None for e in entries], dtype=object))


def _name_by_entries(rows: pd.DataFrame, column: str, know: Knowledge) -> None:
    """Give each row whose ``column`` is a dictionary name or alias that entry's actor and type."""
    codes, values = pd.factorize(rows[column], use_na_sentinel=False)
    entry_actor, entry_type = _entry_names(np.asarray(values, dtype=object), know)
    hit = pd.notna(entry_actor)[codes]
    if hit.any():
        rows.loc[hit, "actor"] = entry_actor[codes[hit]]
        rows.loc[hit, "type"] = entry_type[codes[hit]]


# ---- corpus-level typing ----

_VOTED = ("PERSON", "ORG", "GPE", "LOC", "FAC")
_VOTE_COLUMNS = ("actor", "doc_id", "type", "label", "cues", "n_mentions")  # what type_votes reads
DOCUMENT_OVERRIDE = 4.0  # a document's own cues this strong for another type keep its type there


def type_votes(rows: pd.DataFrame) -> pd.DataFrame:
    """Every piece of type evidence of every mention: actor, doc_id, type, weight, evidence.

    Each mention votes 1 for spaCy's label (for names spaCy did not tag, the
    document-level type), and each cue around it votes for its type with the
    cue's weight (:data:`CUES`). NORP mentions do not vote.
    """
    # Only the columns read here, as object arrays (each Arrow string converted once per distinct
    # value), filtered in numpy: a DataFrame filter of the stored table's strings cost twice as much.
    voting = rows["type"].isin(_VOTED).to_numpy()
    n_votes = int(voting.sum())
    actor = _objects(rows["actor"])[voting]
    doc_id = _objects(rows["doc_id"])[voting] if "doc_id" in rows.columns else np.full(n_votes, "", dtype=object)
    times = rows["n_mentions"].to_numpy(dtype=float)[voting] if "n_mentions" in rows.columns else np.ones(n_votes)
    said = _objects(rows["type"])[voting]
    if "label" in rows.columns:
        label = _objects(rows["label"])[voting]
        said = np.where(pd.Series(label, dtype=object).isin(_VOTED).to_numpy(), label, said)
    said_codes, said_types = pd.factorize(said)  # a handful of labels: "spaCy X" made once each
    base = _frame({
        "actor": actor, "doc_id": doc_id, "type": said, "weight": times,
        "evidence": np.array(["spaCy " + t for t in said_types], dtype=object)[said_codes],
        "cue": False, "n": times,
    }, n_votes)
    # One vote per cue: the distinct cue texts are split once, then spread over their rows.
    codes, texts = pd.factorize(_objects(rows["cues"])[voting])
    split = [[c for c in t.split() if c in CUES] for t in texts]
    counts = np.array([len(c) for c in split] + [0])[codes]
    rows_of = np.repeat(np.arange(n_votes), counts)
    flat = [c for cues in split for c in cues]
    first = np.concatenate([[0], np.cumsum([len(c) for c in split])])[:-1] if split else np.array([], dtype=int)
    rank = np.arange(len(rows_of)) - np.repeat(np.cumsum(counts) - counts, counts)  # k-th cue of its row
    which = first[codes[rows_of]] + rank if len(rows_of) else np.array([], dtype=int)
    cue_votes = _frame({
        "actor": actor[rows_of], "doc_id": doc_id[rows_of],
        "type": np.array([CUES[c][0] for c in flat], dtype=object)[which],
        "weight": np.array([CUES[c][1] for c in flat], dtype=float)[which] * times[rows_of],
        "evidence": np.array(flat, dtype=object)[which], "cue": True, "n": times[rows_of],
    }, len(rows_of))
    return pd.concat([base, cue_votes], ignore_index=True)


def _objects(column: pd.Series) -> np.ndarray:
    """A text column as an object array, each distinct value converted once (None where missing)."""
    if column.dtype == object:
        return column.to_numpy()
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return np.asarray(uniques, dtype=object)[codes]


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
    codes, _ = pd.factorize(combined)
    _, first = np.unique(codes, return_index=True)
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
    frame = _frame({key: uniques[key_codes[first]] for key, key_codes, uniques in levels}, len(first))
    kinds = pd.Categorical(votes["type"], categories=_PRIORITY_VOTED).codes
    ok = kinds >= 0
    width = len(_PRIORITY_VOTED)
    table = np.bincount(codes[ok] * width + kinds[ok], weights=votes["weight"].to_numpy(dtype=float)[ok],
                        minlength=len(frame) * width).astype(float, copy=False).reshape(len(frame), width)
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
    codes, actors = pd.factorize(rows["actor"], use_na_sentinel=False)
    known = np.array([know.lookup(a) is not None for a in actors], dtype=bool)[codes]
    votes = type_votes(rows.loc[~known, [c for c in _VOTE_COLUMNS if c in rows.columns]])
    if votes.empty:
        return rows
    corpus = _winners(votes, ["actor"])
    corpus_type = dict(zip(corpus["actor"].tolist(), corpus["type"].tolist()))
    voted = np.array([corpus_type.get(a) for a in actors], dtype=object)[codes]  # None: not voted on
    voting = rows["type"].isin(_VOTED).to_numpy() & pd.notna(voted)
    if "doc_id" in rows.columns:  # mentions, not a corpus summary: a document may keep its own type
        local = _winners(votes[votes["cue"].to_numpy()], ["actor", "doc_id"])
        local = local[(local["weight"] >= DOCUMENT_OVERRIDE).to_numpy()]
        local = local[local["type"].to_numpy() != np.array([corpus_type[a] for a in local["actor"]], dtype=object)]
        if len(local):
            # Overrides are rare: look up (actor, document) only for the mentions of an overridden actor.
            kept_type = dict(zip(zip(local["actor"], local["doc_id"]), local["type"]))
            overridden = set(local["actor"].tolist())
            maybe = np.flatnonzero(voting & np.array([a in overridden for a in actors], dtype=bool)[codes])
            pairs = zip(rows["actor"].to_numpy(dtype=object)[maybe].tolist(),
                        rows["doc_id"].to_numpy(dtype=object)[maybe].tolist())
            found = np.array([kept_type.get(pair) for pair in pairs], dtype=object)
            voted[maybe] = np.where(pd.notna(found), found, voted[maybe])
    rows.loc[voting, "type"] = voted[voting]
    return rows


def runs_as_lists(keys: np.ndarray, values: np.ndarray) -> pd.Series:
    """key -> list of its values, for rows whose equal keys are next to each other (a sorted table).

    The same as ``groupby(keys, sort=False).agg(list)`` there, without a Python call per group.
    """
    if len(keys) == 0:
        return pd.Series([], dtype=object)
    cuts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    bounds, listed = np.r_[0, cuts, len(keys)].tolist(), np.asarray(values).tolist()  # slices: no array per run
    return pd.Series([listed[a:b] for a, b in zip(bounds[:-1], bounds[1:])], index=keys[np.r_[0, cuts]], dtype=object)


def type_evidence(mentions: pd.DataFrame, *, top: int = 3) -> pd.DataFrame:
    """Why each actor has its type: actor, type, confidence (share of the evidence weight
    for that type, 0-1) and evidence (its top cues, as "title ×3, spaCy PERSON ×8")."""
    frame = mentions.assign(cues=_cue_text(mentions))
    votes = type_votes(frame)
    columns = ["actor", "type", "confidence", "evidence"]
    if votes.empty:
        return pd.DataFrame(columns=columns)
    winners = _winners(votes, ["actor"])
    # Sum each (actor, type, evidence) in numpy and keep the winning type's top cues per actor
    # (a groupby, a merge and a sort of the votes cost 0.4 s on 6x10^4 actors).
    actor_codes, actors = pd.factorize(votes["actor"], use_na_sentinel=False)
    type_codes, types = pd.factorize(votes["type"], use_na_sentinel=False)
    evidence_codes, evidences = pd.factorize(votes["evidence"], use_na_sentinel=False)
    keys, first = _group_codes((actor_codes * len(types) + type_codes) * len(evidences) + evidence_codes)
    n = np.bincount(keys, weights=votes["n"].to_numpy(dtype=float))
    w = np.bincount(keys, weights=votes["weight"].to_numpy(dtype=float))
    key_actor, key_type, key_evidence = actor_codes[first], type_codes[first], evidence_codes[first]
    winning = dict(zip(winners["actor"].tolist(), winners["type"].tolist()))
    winner_type = pd.Index(np.asarray(types, dtype=object)).get_indexer(
        [winning.get(a) for a in np.asarray(actors, dtype=object)])
    keep = np.flatnonzero(key_type == winner_type[key_actor])
    keep = keep[np.lexsort((-w[keep], key_actor[keep]))]  # by actor, heaviest first; ties stay in order seen
    starts = np.flatnonzero(np.r_[True, key_actor[keep][1:] != key_actor[keep][:-1]])
    rank = np.arange(len(keep)) - np.repeat(starts, np.diff(np.r_[starts, len(keep)]))
    keep = keep[rank < top]
    evidence_names = np.asarray(evidences, dtype=object)
    items = [f"{e} ×{c}" for e, c in zip(evidence_names[key_evidence[keep]].tolist(), n[keep].astype("int64").tolist())]
    listed = runs_as_lists(np.asarray(actors, dtype=object)[key_actor[keep]], np.array(items, dtype=object))
    joined = dict(zip(listed.index.tolist(), map(", ".join, listed.tolist())))
    winners["evidence"] = [joined.get(a, "") for a in winners["actor"].tolist()]
    return winners[columns].reset_index(drop=True).astype({"actor": "str", "type": "str", "evidence": "str"})


def _dominant(candidates, sizes: dict[str, float]):
    """The one candidate, or the one mentioned at least three times as often as any other ("General
    Motors" over a misspelt "General Motor"); None when the choice is unclear."""
    ranked = sorted(candidates, key=lambda c: -sizes.get(c[0], 0))
    if len(ranked) == 1 or (ranked and sizes.get(ranked[0][0], 0) >= 3 * sizes.get(ranked[1][0], 0)):
        return ranked[0]
    return None
