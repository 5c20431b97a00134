"""Who supports, condemns or coerces whom: stance edges between actors.

Predicates come from a CAMEO-like table, ``toolkit/data/verb_classes.csv``
(lemma, polarity, cameo code, kind = verb or noun, extra inflected forms),
which users extend by passing their own rows. Only sentences that contain
one of those words and at least two actors are parsed, so the dependency
parser runs on a small share of the text.

For a verb, the source is its subject (through conjunctions, "to"-clauses and
gerunds) and the target its object or the object of a preposition; in the
passive, the agent is the source and the subject the target. For a noun
("its support for Cambodia", "Cambodia's crackdown"), the source is the
possessor or the subject of the governing verb, and the target the object of
its preposition.

Example:
    >>> tk.relations(tk.load_corpus())[["source", "polarity", "target"]]  # doctest: +SKIP
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from toolkit.config import DATA_DIR
from toolkit.frames import is_in
from toolkit.schemas import empty

VERB_CLASSES_PATH = DATA_DIR / "verb_classes.csv"
VERB_CLASS_COLUMNS = ("lemma", "polarity", "cameo", "kind", "forms")
KINDS = ("verb", "noun")
_SUBJECTS = ("nsubj", "csubj")
_OBJECTS = ("dobj", "dative", "attr", "oprd")
_TARGET_PREPOSITIONS = ("for", "to", "of", "against", "on", "with", "toward", "towards", "over")
_PARSE_EXCLUDE = ("ner", "lemmatizer")
_CLAUSES = ("relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp", "conj", "appos", "parataxis", "punct")
# verbs that only carry a stance noun: "announced its support for", "offered its backing to"
_LIGHT_VERBS = ("announc", "offer", "express", "give", "gave", "provid", "voic", "pledg", "extend", "show",
                "declar", "reiterat", "lend", "lent", "state", "want")


def load_verb_classes(extra: pd.DataFrame | str | Path | None = None, *, path: str | Path | None = None) -> pd.DataFrame:
    """The verb-class table, with every inflected form expanded.

    Args:
        extra: more rows (a DataFrame or CSV path with at least lemma and
            polarity columns); they override built-in rows for the same lemma and kind.
        path: replace the built-in table with this CSV.

    Returns:
        One row per (form, kind): form, lemma, polarity, cameo, kind.

    Raises:
        ValueError: missing columns or an unknown kind.
    """
    table = pd.read_csv(path or VERB_CLASSES_PATH, dtype=str, keep_default_na=False)
    if extra is not None:
        more = extra if isinstance(extra, pd.DataFrame) else pd.read_csv(extra, dtype=str, keep_default_na=False)
        table = pd.concat([table, more.astype(str)], ignore_index=True)
    missing = {"lemma", "polarity"} - set(table.columns)
    if missing:
        raise ValueError(f"verb classes need columns lemma and polarity; missing {sorted(missing)}")
    table = table.reindex(columns=VERB_CLASS_COLUMNS).fillna("")
    table["kind"] = table["kind"].replace("", "verb").str.lower()
    bad = sorted(set(table["kind"]) - set(KINDS))
    if bad:
        raise ValueError(f"verb class kind {bad} is not one of {', '.join(KINDS)}")
    table = table.drop_duplicates(["lemma", "kind"], keep="last")
    rows = []
    for row in table.itertuples(index=False):
        forms = set(_inflect(row.lemma.lower(), row.kind)) | {f.strip().lower() for f in row.forms.split("|") if f.strip()}
        rows += [(form, row.lemma, row.polarity, row.cameo, row.kind) for form in sorted(forms)]
    return pd.DataFrame(rows, columns=["form", "lemma", "polarity", "cameo", "kind"])


def _inflect(lemma: str, kind: str) -> list[str]:
    if kind == "noun":
        return [lemma, lemma + "s"]
    consonant_y = lemma.endswith("y") and lemma[-2:-1] not in "aeiou"
    third = lemma[:-1] + "ies" if consonant_y else lemma + ("es" if lemma.endswith(("s", "x", "z", "ch", "sh")) else "s")
    past = lemma + "d" if lemma.endswith("e") else (lemma[:-1] + "ied" if consonant_y else lemma + "ed")
    gerund = lemma[:-1] + "ing" if lemma.endswith("e") and not lemma.endswith("ee") else lemma + "ing"
    return [lemma, third, past, gerund]


@functools.lru_cache(maxsize=1)
def parser_model():
    """The spaCy pipeline without NER (its mentions come from :func:`toolkit.mentions`)."""
    from toolkit.nlp import load_model

    return load_model(exclude=_PARSE_EXCLUDE)


# ---- one parsed sentence in, edges out ----


class _Actors:
    """Which actor each token of a parsed sentence belongs to."""

    def __init__(self, doc, mentions: list[tuple[int, int, str]]):
        self.by_token = {}
        for start, end, actor in mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            for token in span or ():
                self.by_token[token.i] = actor

    def direct(self, token) -> str | None:
        """The token's own actor, or its possessor's or compound's ("Hun Sen's government")."""
        if token.i in self.by_token:
            return self.by_token[token.i]
        for child in token.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in self.by_token:
                if not (child.dep_ == "amod" and "-" in child.text):  # a "U.S.-funded group" is not the U.S.
                    return self.by_token[child.i]
        return None

    def of(self, token) -> str | None:
        """:meth:`direct`, else the first actor in the token's phrase, not looking into other clauses."""
        found = self.direct(token)
        if found:
            return found
        todo = sorted((c for c in token.children if c.dep_ not in _CLAUSES), key=lambda t: t.i)
        while todo:
            t = todo.pop(0)
            if t.i in self.by_token:
                return self.by_token[t.i]
            todo += sorted((c for c in t.children if c.dep_ not in _CLAUSES), key=lambda c: c.i)
        return None

    def all_of(self, tokens) -> list[str]:
        """Actors of ``tokens`` and of their conjuncts ("the US, the EU and Germany")."""
        found = []
        for token in tokens:
            listed = token.conjuncts if self.direct(token) else ()  # a list of actors, not of phrases
            for actor in (self.of(token), *(self.direct(t) for t in listed)):
                if actor and actor not in found:
                    found.append(actor)
        return found


def _subjects(verb, depth: int = 0) -> list:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects or depth > 3:
        return subjects
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        return _subjects(verb.head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head is not verb:
        return [verb.head]
    return []


def _prep_objects(head) -> list:
    return [
        grand for child in head.children if child.dep_ in ("prep", "dative") and child.lower_ in _TARGET_PREPOSITIONS
        for grand in child.children if grand.dep_ == "pobj"
    ]


def _verb_edges(verb, actors: _Actors) -> list[tuple[str, str]]:
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive:
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        sources, targets = actors.all_of(agents), actors.all_of(passive)
    else:
        sources = actors.all_of(_subjects(verb))
        # one object only: a second "dobj" is a parser error on long lists
        objects = [c for c in verb.children if c.dep_ in _OBJECTS][:1] or _prep_objects(verb)
        targets = actors.all_of(objects)
        if not sources and targets and verb.dep_ in ("pcomp", "xcomp", "advcl"):
            # a gerund or infinitive without a subject: its doer is the nearest actor before it
            before = [actors.by_token[i] for i in sorted(actors.by_token) if i < verb.i]
            sources = [a for a in before[-1:] if a not in targets]
    return [(s, t) for s in sources for t in targets if s != t]


def _noun_edges(noun, actors: _Actors) -> list[tuple[str, str]]:
    owners = [c for c in noun.children if c.dep_ == "poss"]
    sources = [actors.by_token[o.i] for o in owners if o.i in actors.by_token]
    light = noun.dep_ == "dobj" and noun.head.lower_.startswith(_LIGHT_VERBS)
    if not sources and light:
        sources = actors.all_of(_subjects(noun.head))
    targets = actors.all_of(_prep_objects(noun) or (_prep_objects(noun.head) if light else []))
    return [(s, t) for s in sources for t in targets if s != t]


def sentence_relations(doc, mentions: list[tuple[int, int, str]], classes: pd.DataFrame) -> list[dict]:
    """Edges in one parsed sentence.

    Args:
        doc: a spaCy ``Doc`` of the sentence.
        mentions: ``(start, end, actor)`` with offsets into the sentence.
        classes: :func:`load_verb_classes`.

    Returns:
        One dict per edge: source, target, polarity, verb, lemma, cameo.
    """
    actors = _Actors(doc, mentions)
    lookup = {(r.form, r.kind): r for r in classes.itertuples(index=False)}
    edges = []
    for token in doc:
        kind = "verb" if token.pos_ in ("VERB", "AUX") else "noun"
        row = lookup.get((token.lower_, kind))
        if row is None:
            continue
        pairs = _verb_edges(token, actors) if kind == "verb" else _noun_edges(token, actors)
        edges += [
            {"source": s, "target": t, "polarity": row.polarity, "verb": token.text, "lemma": row.lemma,
             "cameo": row.cameo}
            for s, t in pairs
        ]
    return edges


@functools.lru_cache(maxsize=1)
def builtin_verb_classes() -> pd.DataFrame:
    """The built-in verb table, read once per process (the annotation step uses it per document)."""
    return load_verb_classes()


@functools.lru_cache(maxsize=1)
def verb_forms() -> frozenset[str]:
    """Every word form of the built-in verb table: a sentence without one is never parsed for relations."""
    return frozenset(builtin_verb_classes()["form"])


def relations(
    corpus, *, mentions_table: pd.DataFrame | None = None, verb_classes: pd.DataFrame | None = None,
    dictionary=None,
) -> pd.DataFrame:
    """Stance edges between actors, one row per (sentence, source, target, predicate).

    Edges between mentions are found per document when annotating
    (:func:`toolkit.annotate`), from the stored parse of the sentences where two
    actors meet around a verb of the table; they are named here by the actor lens.
    Another ``verb_classes`` table is applied to the same stored parse (no model
    runs), so it sees only those sentences: forms of the built-in table decide
    which sentences are parsed.

    Args:
        corpus: a :class:`toolkit.Corpus` or a ``select`` view.
        mentions_table: a precomputed :func:`toolkit.mentions` table.
        verb_classes: :func:`load_verb_classes` output (e.g. with extra rows); the built-in table when None.
        dictionary: actor dictionary for the mentions, as in :func:`toolkit.mentions`.

    Returns:
        The ``relations`` table: doc_id, sent_id, source, target, polarity,
        verb, sentence; plus lemma and cameo.
    """
    from toolkit.actors import mentions
    from toolkit.annotate import ensure_annotated, stored_rows
    from toolkit.resolve import actors_at, within

    ensure_annotated(corpus)
    columns = ["doc_id", "sent_id", "source", "target", "polarity", "verb", "sentence", "lemma", "cameo"]
    table = mentions(corpus.whole, dictionary=dictionary) if mentions_table is None else mentions_table
    if verb_classes is None:
        edges = within(stored_rows(corpus.whole, "relations"), corpus)
        edges = edges[is_in(edges["doc_id"], corpus.documents["doc_id"])]
    else:
        edges = _edges_from_parses(corpus, table, verb_classes)
    if edges.empty or table.empty:
        return _empty(columns)
    doc_ids = edges["doc_id"].to_numpy(dtype=object)
    edges = edges.assign(
        source=actors_at(table, doc_ids, edges["source_start"]).tolist(),
        target=actors_at(table, doc_ids, edges["target_start"]).tolist(),
    )
    edges = edges[edges["source"].notna() & edges["target"].notna() & (edges["source"] != edges["target"])]
    if edges.empty:
        return _empty(columns)
    from toolkit.timeline import _with_sentences

    frame = _with_sentences(edges, corpus)
    frame = frame[columns].drop_duplicates(subset=[c for c in columns if c != "sentence"], ignore_index=True)
    frame["sent_id"] = frame["sent_id"].astype("int64")
    return frame


def _edges_from_parses(corpus, table: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """Edges of another verb table, between the mentions of ``table``, on the stored parse."""
    from toolkit.annotate.parses import parsed_sentences
    from toolkit.resolve import within

    table = within(table[is_in(table["doc_id"], corpus.documents["doc_id"])], corpus)
    pairs = table.groupby(["doc_id", "sent_id"])["actor"].nunique()
    wanted = {(d, int(s)) for (d, s), n in pairs.items() if n >= 2}
    parsed = parsed_sentences(corpus, wanted)
    starts = dict(zip(zip(corpus.sentences["doc_id"], corpus.sentences["sent_id"].astype(int)),
                      corpus.sentences["start"].astype(int)))
    rows = []
    for (doc_id, sent_id), group in table.groupby(["doc_id", "sent_id"]):
        key = (doc_id, int(sent_id))
        if key not in parsed:
            continue
        offset = starts[key]
        spans = [(int(r.start) - offset, int(r.end) - offset, str(int(r.start))) for r in group.itertuples(index=False)]
        for edge in sentence_relations(parsed[key], spans, classes):
            rows.append({"doc_id": doc_id, "sent_id": int(sent_id), "source_start": int(edge["source"]),
                         "target_start": int(edge["target"]), **{c: edge[c] for c in ("polarity", "verb", "lemma", "cameo")}})
    return pd.DataFrame(rows)


def _empty(columns) -> pd.DataFrame:
    frame = empty("relations")
    for col in columns:
        if col not in frame:
            frame[col] = pd.Series(dtype=object)
    return frame[columns]
