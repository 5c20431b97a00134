"""The timeline lens: temporal expressions resolved against the publication date, and dated events.

:func:`timeline` gives one row per temporal expression (see
:mod:`toolkit.timex` for the grammar and normaliser); :func:`events` turns the
dated ones into events with a main predicate and the actors of the sentence.

Example:
    >>> import toolkit as tk
    >>> corpus = tk.load_corpus()  # doctest: +SKIP
    >>> tk.timeline(corpus)[["text", "value"]].head(3)  # doctest: +SKIP
                       text       value
    0  Monday, May 15, 2017  2017-05-15
    1             next year        2018
    2             this week    2017-W36
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pandas as pd

from toolkit.frames import is_in
from toolkit.offsets import span_holding
from toolkit.schemas import SCHEMAS, empty
from toolkit.timex import as_date, find_timexes, interval, value_interval

__all__ = ["timeline", "events", "document_timeline", "reference_dates_of"]

_DATE_COLUMNS = ("date_start", "date_end", "reference")
# Verbs that report an event rather than being it: a nominal event in the same clause is preferred.
_REPORTING = frozenset("""say tell announce report add confirm state claim note explain write accuse warn
    praise call urge quote insist argue suggest""".split())
_EVENT_NOUNS = frozenset("""election elections meeting meetings raid arrest arrests protest protests strike strikes
    vote votes summit talks crackdown attack attacks war visit trip ceremony conference crisis deal agreement
    ruling trial hearing speech referendum coup demonstration demonstrations riot riots clash clashes
    launch release announcement investigation inquiry poll campaign rally march parade forum session
    debate negotiation negotiations ban sanction sanctions shooting bombing explosion earthquake flood
    storm fire crash collapse merger acquisition sale purchase bankruptcy closure expulsion""".split())
_EVENT_SUFFIX = re.compile(r"(?:tion|sion|ment|ance|ence|ure)s?$")


def _event_noun(token) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (lemma in _EVENT_NOUNS or token.lower_ in _EVENT_NOUNS
                                     or bool(_EVENT_SUFFIX.search(token.lower_)))


# ---------------------------------------------------------------- timeline


def reference_dates_of(corpus, reference_dates: Mapping | None = None) -> dict[str, dt.date | None]:
    """The date each document's relative expressions resolve against.

    Args:
        corpus: a :class:`toolkit.Corpus`.
        reference_dates: ``{doc_id: date}`` overrides; a date may be a
            ``datetime.date``, a ``Timestamp`` or an ISO string, and ``None``
            means "unknown" (relative expressions keep ``X`` placeholders).

    Returns:
        ``{doc_id: date or None}`` for every document, the published date unless overridden.

    Raises:
        ValueError: an override names a document that is not in the corpus,
            or a date that cannot be read.
    """
    docs = corpus.documents
    refs = {doc_id: as_date(published) for doc_id, published in zip(docs["doc_id"], docs["published"])}
    for doc_id, value in (reference_dates or {}).items():
        if doc_id not in refs:
            known = ", ".join(list(refs)[:5]) + (", ..." if len(refs) > 5 else "")
            raise ValueError(f"reference_dates names unknown document {doc_id!r}; documents are: {known}")
        try:
            refs[doc_id] = as_date(value)
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"reference date {value!r} for {doc_id!r} is not a date (use e.g. '2017-09-08')") from error
    return refs


def document_timeline(doc_id: str, text: str, sentences: pd.DataFrame, *, reference=None) -> list[dict]:
    """The timeline rows of one document: the per-document, pure step of :func:`timeline`.

    Args:
        doc_id: the document's id.
        text: the document's text (all offsets point into it).
        sentences: its rows of the ``sentences`` table (sent_id, section,
            start, end); expressions outside them (e.g. in a section left out
            by ``select``) are dropped.
        reference: the date relative expressions resolve against, or None.

    Returns:
        A list of row dicts with the ``timeline`` columns (plus ``reference``).
    """
    ordered = sentences.sort_values("start")
    return _rows_for(doc_id, text, ordered["start"].tolist(), ordered["end"].tolist(),
                     ordered["sent_id"].tolist(), ordered["section"].tolist(), as_date(reference))


def _rows_for(doc_id, text, starts, ends, sent_ids, sections, reference) -> list[dict]:
    if not starts:
        return []
    stamp = pd.Timestamp(reference) if reference else pd.NaT
    rows = []
    sentence_text: dict[int, str] = {}  # one string per sentence, shared by its rows (a sentence may be megabytes)
    for tx in find_timexes(text, reference=reference, sentence_spans=zip(starts, ends)):
        i = span_holding(starts, tx.start, ends=ends)
        if i < 0:
            continue
        if i not in sentence_text:
            sentence_text[i] = text[starts[i]:ends[i]]
        date_start, date_end = interval(tx.value)
        rows.append({
            "doc_id": doc_id, "sent_id": sent_ids[i], "section": sections[i], "start": tx.start,
            "end": tx.end, "text": tx.text, "value": tx.value, "type": tx.type, "anchor": tx.anchor,
            "date_start": date_start, "date_end": date_end, "sentence": sentence_text[i],
            "reference": stamp,
        })
    return rows


def _table(rows: list[dict], name: str) -> pd.DataFrame:
    if not rows:
        frame = empty(name)
        for column in _DATE_COLUMNS:
            frame[column] = pd.Series(dtype="datetime64[ns]")
        return frame
    frame = pd.DataFrame(rows)
    for column in _DATE_COLUMNS:
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    for column in ("sent_id", "start", "end"):
        frame[column] = frame[column].astype("int64")
    listed = [c.name for c in SCHEMAS[name] if c.name in frame]
    return frame[listed + [c for c in frame.columns if c not in listed]]


def timeline(corpus, *, reference_dates: Mapping | None = None, progress: bool | None = None) -> pd.DataFrame:
    """Every temporal expression in the corpus, resolved against its document's reference date.

    Relative expressions ("on Sunday", "next year", "in March") resolve against
    the document's ``published`` date with tense-aware rules; without a date
    they keep ``X`` placeholders (``XXXX-WXX-7``) and NaT dates. The rows come
    from the annotation store (:func:`toolkit.annotate`); documents whose
    reference date is overridden are resolved again here (no spaCy needed).

    Args:
        corpus: a :class:`toolkit.Corpus` (or a ``select`` view: expressions in
            sections it leaves out are dropped).
        reference_dates: ``{doc_id: date}`` to override a document's
            published date; ``None`` as a date means unknown.
        progress: show a progress bar while annotating; None shows one above 50 new documents.

    Returns:
        The ``timeline`` table: doc_id, sent_id, section, start, end, text,
        value, type, anchor, date_start, date_end, sentence, plus reference
        (the date used).

    Raises:
        ValueError: ``reference_dates`` names an unknown document or a bad date.

    Example:
        >>> t = timeline(tk.load_corpus())  # doctest: +SKIP
        >>> t.loc[t.text == "Sunday", "value"].item()  # doctest: +SKIP
        '2017-09-03'
    """
    from toolkit.annotate import ensure_annotated, stored_rows
    from toolkit.resolve import within

    refs = reference_dates_of(corpus, reference_dates)
    ensure_annotated(corpus, progress=progress)
    stored = within(stored_rows(corpus.whole, "timexes"), corpus)
    stored = stored[is_in(stored["doc_id"], corpus.documents["doc_id"])]
    redo = _overridden(corpus, refs, reference_dates)
    if redo:
        stored = stored[~stored["doc_id"].isin(redo)]
        rows = [{k: v for k, v in r.items() if k != "sentence"} for r in _recomputed(corpus, redo, refs)]
        fresh = _table(rows, "timeline").drop(columns="sentence", errors="ignore")
        stored = pd.concat([stored, fresh], ignore_index=True) if len(stored) else fresh
        stored = _in_document_order(stored, corpus)
    frame = _with_sentences(stored.drop(columns="doc_key", errors="ignore"), corpus)
    return _table(frame.to_dict("records"), "timeline") if frame.empty else _typed(frame, "timeline")


def _overridden(corpus, refs: dict, reference_dates: Mapping | None) -> set[str]:
    """Documents whose reference date differs from the one their stored rows were resolved against."""
    if not reference_dates:
        return set()
    own = reference_dates_of(corpus, None)
    return {d for d in reference_dates if refs.get(d) != own.get(d)}


def _recomputed(corpus, doc_ids: set[str], refs: dict) -> list[dict]:
    rows: list[dict] = []
    docs = corpus.documents[is_in(corpus.documents["doc_id"], doc_ids)]
    sentences = corpus.sentences[is_in(corpus.sentences["doc_id"], doc_ids)].sort_values(["doc_id", "start"])
    by_doc = dict(tuple(sentences.groupby("doc_id", sort=False)))
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        if doc_id in by_doc:
            g = by_doc[doc_id]
            rows += _rows_for(doc_id, text, g["start"].tolist(), g["end"].tolist(), g["sent_id"].tolist(),
                              g["section"].tolist(), refs[doc_id])
    return rows


def _in_document_order(frame: pd.DataFrame, corpus) -> pd.DataFrame:
    order = pd.Series(range(len(corpus.documents)), index=corpus.documents["doc_id"].to_numpy())
    return (frame.assign(_order=frame["doc_id"].map(order)).sort_values(["_order", "start"], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def _with_sentences(frame: pd.DataFrame, corpus) -> pd.DataFrame:
    """``frame`` with each row's sentence text, from the corpus's sentences.

    The column holds one Python string per sentence, shared by its rows (object
    dtype): copying a megabyte sentence into every row of its expressions would not fit in memory.
    """
    import numpy as np

    frame = frame.astype({"sent_id": "int64"})
    sentences = corpus.sentences
    where = pd.MultiIndex.from_arrays([sentences["doc_id"], sentences["sent_id"].astype("int64")]).get_indexer(
        pd.MultiIndex.from_arrays([frame["doc_id"], frame["sent_id"]]))
    needed, inverse = np.unique(where, return_inverse=True)
    found = needed >= 0
    texts = np.full(len(needed), None, dtype=object)
    texts[found] = sentences["text"].take(needed[found]).to_numpy(dtype=object)  # one string per sentence
    return frame.assign(sentence=pd.Series(texts[inverse.ravel()], index=frame.index, dtype=object))


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    for column in _DATE_COLUMNS:
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    for column in ("sent_id", "start", "end"):
        frame[column] = frame[column].astype("int64")
    listed = [c.name for c in SCHEMAS[name]]
    return frame[listed + [c for c in frame.columns if c not in listed]].reset_index(drop=True)


# ---------------------------------------------------------------- events


def _sentence_actors(rows: pd.DataFrame, mentions: pd.DataFrame) -> list[list[str]]:
    """For each row, the distinct actors named in its sentence, in the order ``mentions`` lists them."""
    import numpy as np

    missing = {"doc_id", "sent_id", "actor"} - set(mentions.columns)
    if missing:
        raise ValueError(f"mentions lacks columns {sorted(missing)}; pass the table from tk.mentions(corpus)")
    # Each sentence as one integer (document number << 32 | sentence number): the matching, the
    # de-duplication and the grouping then run in numpy (groupby or merge on the text keys cost 0.7 s
    # for 10^4 documents' events).
    codes, _ = pd.factorize(pd.concat([rows["doc_id"], mentions["doc_id"]], ignore_index=True))
    codes = codes.astype(np.int64)
    row_keys = codes[: len(rows)] << 32 | rows["sent_id"].to_numpy(np.int64)
    mention_keys = codes[len(rows):] << 32 | mentions["sent_id"].to_numpy(np.int64)
    actor = mentions["actor"].to_numpy(object)
    named = pd.notna(actor) & (actor != "") & np.isin(mention_keys, row_keys)
    keys, actor = mention_keys[named], actor[named]
    actor_codes, actor_names = pd.factorize(actor)
    first = ~pd.DataFrame({"key": keys, "actor": actor_codes}).duplicated().to_numpy()
    keys, actor_codes = keys[first], actor_codes[first]
    if not len(keys):
        return [[] for _ in range(len(rows))]
    order = np.argsort(keys, kind="stable")  # by sentence, each sentence's actors in mention order
    keys, names = keys[order], np.asarray(actor_names, dtype=object)[actor_codes[order]].tolist()
    bounds = np.r_[0, np.flatnonzero(keys[1:] != keys[:-1]) + 1, len(keys)]
    sentences = keys[bounds[:-1]]
    at = np.minimum(np.searchsorted(sentences, row_keys), len(sentences) - 1)
    hit = sentences[at] == row_keys
    low, high = np.where(hit, bounds[at], 0), np.where(hit, bounds[at + 1], 0)
    return [names[a:b] for a, b in zip(low.tolist(), high.tolist())]  # a new list per row


_MODIFIER_DEPS = frozenset({"compound", "nummod", "poss", "amod", "npadvmod", "nmod"})


def _predicate(doc, start: int, end: int) -> tuple[str, str, object]:
    """The main predicate governing the expression at ``start:end`` (sentence offsets).

    Walks up the dependency tree from the expression: the first verb is the
    predicate, unless it only reports (said, told) and an event noun
    (meeting, election) sits on the way. A passive verb gets its subject:
    "protests crushed".

    Returns:
        (predicate as written, its lemma, the spaCy token or None).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "", "", None
    token, noun = span.root, None
    if token.dep_ in _MODIFIER_DEPS and _event_noun(token.head):  # "Cambodia's 2013 election"
        return token.head.text, token.head.lemma_.lower(), token.head
    for _ in range(12):
        if token.i < span.start or token.i >= span.end:
            if _event_noun(token) and noun is None:
                noun = token
            if token.pos_ == "VERB" and token.tag_ != "VBG" or token.dep_ == "ROOT":
                break
        if token.head is token:
            break
        token = token.head
    verb = token if token.pos_ in ("VERB", "AUX") else None
    if noun is not None and (verb is None or verb.lemma_.lower() in _REPORTING):
        return noun.text, noun.lemma_.lower(), noun
    if verb is None:
        return (noun.text, noun.lemma_.lower(), noun) if noun is not None else ("", "", None)
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.pos_ != "PRON"]
    text = f"{subjects[0].text} {verb.text}" if subjects else verb.text
    return text, verb.lemma_.lower(), verb


def _clause_after(doc, end: int):
    """The verb of the clause introduced by "after"/"before" right after ``end`` (sentence offsets)."""
    for token in doc:
        if token.idx >= end and token.lower_ in ("after", "before"):
            if token.dep_ == "mark" and token.head.pos_ in ("VERB", "AUX"):  # "after Cambodia warned"
                return token.lower_, token.head
            for child in token.subtree:
                if child.pos_ == "VERB" and child.i > token.i:
                    return token.lower_, child
            return token.lower_, None
        if token.idx >= end + 2:
            break
    return None, None


def _clause_head(verb):
    """The verb an adverbial clause ("after Cambodia warned") attaches to, or None."""
    if verb is None:
        return None
    token = verb
    while token.dep_ in ("advcl", "pcomp", "pobj", "prep") and token.head is not token:
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token is not verb:
            return token
    return None


def _subject_lemma(verb) -> str | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.lemma_.lower()
    return None


_EVENT_COLUMNS = ["predicate", "lemma", "actors", "relative_to"]


def is_dated(row: Mapping) -> bool:
    """Whether a timeline row dates an event: a date or time, or a relative expression."""
    return row["type"] in ("DATE", "TIME") or row["anchor"] == "relative"


def document_events(dated: list[dict], parsed: Mapping[int, object], sentence_start: Mapping[int, int]) -> list[dict]:
    """The events of one document: the per-document step of :func:`events`.

    Args:
        dated: the document's dated timeline rows (:func:`is_dated`).
        parsed: ``sent_id -> spaCy Doc`` of those rows' sentences; rows of
            sentences without a parse are left out.
        sentence_start: ``sent_id -> offset`` of each parsed sentence.

    Returns:
        Event rows (timeline columns plus predicate, lemma, relative_to), without actors.
    """
    rows: list[dict] = []
    dated_lemmas: dict[str, tuple[str, str]] = {}  # lemma -> (value, predicate), earlier in the document
    for row in sorted(dated, key=lambda r: r["start"]):
        doc = parsed.get(row["sent_id"])
        if doc is None:
            continue
        offset = sentence_start[row["sent_id"]]
        start, end = row["start"] - offset, row["end"] - offset
        predicate, lemma, head = _predicate(doc, start, end)
        record = {**row, "predicate": predicate, "lemma": lemma, "relative_to": ""}
        if row["type"] == "DURATION":
            direction, verb = _clause_after(doc, end)
            if direction is None:
                continue
            # The main event is the verb the "after" clause hangs on ("came"), else the expression's predicate.
            main = _clause_head(verb) or head
            record.update(_anchor_to_event(row, direction, verb, main, dated_lemmas))
        rows.append(record)
        if lemma and pd.notna(record["date_start"]):
            dated_lemmas.setdefault(lemma, (record["value"], predicate))
    return rows


def events(
    corpus,
    *,
    mentions: pd.DataFrame | None = None,
    expressions: pd.DataFrame | None = None,
    reference_dates: Mapping | None = None,
    progress: bool | None = None,
    doc_ids=None,
) -> pd.DataFrame:
    """One row per dated event: a sentence's main predicate with the date of its temporal expression.

    The predicate comes from spaCy's dependency parse, stored by
    :func:`toolkit.annotate`: the verb governing the expression, or a nominal
    event (meeting, election). "came a day after Cambodia warned ..." anchors
    "warned" to the event the sentence's subject names when that event was dated
    earlier in the document ("a meeting ... on Thursday" gives Wednesday);
    otherwise it stays relative. Actors are those of the actor lens
    (:func:`toolkit.mentions`), the one definition of an actor.

    Args:
        corpus: a :class:`toolkit.Corpus` or a ``select`` view.
        mentions: a ``mentions`` table whose ``actor`` names fill ``actors``;
            default ``tk.mentions(corpus)``.
        expressions: a precomputed (possibly filtered) :func:`timeline` table.
        reference_dates: as in :func:`timeline` (ignored when ``expressions`` is given).
        progress: show a progress bar while annotating; None shows one above 50 new documents.
        doc_ids: only these documents' events (ids not in ``corpus`` give none):
            their stored rows alone are read, so one article's events cost the
            same in a corpus of 10 or 10^6 documents.

    Returns:
        The ``events`` table: doc_id, sent_id, section, start, end, text,
        value, type, anchor, date_start, date_end, predicate, lemma, actors
        (list of names), relative_to (the anchoring event's predicate or ""), sentence.

    Example:
        >>> e = events(tk.load_corpus())  # doctest: +SKIP
        >>> e.loc[e.text == "January 2014", "predicate"].item()  # doctest: +SKIP
        'protests crushed'
    """
    from toolkit.actors import mentions as actor_mentions
    from toolkit.annotate import ensure_annotated, stored_rows
    from toolkit.resolve import within

    ensure_annotated(corpus, progress=progress)
    if doc_ids is not None:
        doc_ids = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
    refs = reference_dates_of(corpus, reference_dates) if expressions is None and reference_dates else None
    redo = _overridden(corpus, refs, reference_dates) if expressions is None else set()
    if expressions is None:
        stored = within(stored_rows(corpus.whole, "events", doc_ids=doc_ids), corpus)
        redo = redo if doc_ids is None else redo & set(doc_ids)
        stored = stored[is_in(stored["doc_id"], corpus.documents["doc_id"]) & ~is_in(stored["doc_id"], redo)]
        stored = stored.drop(columns="doc_key")
        table = timeline(corpus, reference_dates=reference_dates) if redo else None
        if redo:
            fresh = _events_from_parses(corpus, table[table["doc_id"].isin(redo)])
            stored = pd.concat([stored, fresh], ignore_index=True) if len(fresh) else stored
    else:
        stored = _events_from_parses(corpus, expressions)
        if doc_ids is not None and len(stored):
            stored = stored[is_in(stored["doc_id"], doc_ids)]
    if stored.empty:
        return _table([], "events").assign(lemma=pd.Series(dtype=object))  # the columns of a full table
    table = actor_mentions(corpus) if mentions is None else mentions
    if doc_ids is not None:
        table = table[is_in(table["doc_id"], stored["doc_id"].unique())]
    stored = stored.copy()
    stored["actors"] = _sentence_actors(stored, table)
    frame = _with_sentences(stored.drop(columns="sentence", errors="ignore"), corpus)
    frame = _typed(frame, "events")
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _events_from_parses(corpus, expressions: pd.DataFrame) -> pd.DataFrame:
    """Events of the given timeline rows, from the stored parses (no model runs)."""
    from toolkit.annotate.parses import parsed_sentences

    dated = expressions[expressions["type"].isin(["DATE", "TIME"]) | (expressions["anchor"] == "relative")]
    if dated.empty:
        return pd.DataFrame()
    parsed = parsed_sentences(corpus, set(zip(dated["doc_id"], dated["sent_id"].astype(int))))
    starts = _sentence_starts(corpus, dated)
    rows = []
    columns = [c for c in dated.columns if c != "sentence"]
    for doc_id, group in dated[columns].groupby("doc_id", sort=False):
        own = {s: d for (doc, s), d in parsed.items() if doc == doc_id}
        rows += document_events(group.to_dict("records"), own, {s: starts[(doc_id, s)] for s in own})
    return pd.DataFrame(rows)


def _sentence_starts(corpus, dated: pd.DataFrame) -> dict[tuple[str, int], int]:
    sentences = corpus.sentences
    wanted = set(zip(dated["doc_id"], dated["sent_id"]))
    return {(d, s): int(start) for d, s, start in zip(sentences["doc_id"], sentences["sent_id"], sentences["start"])
            if (d, s) in wanted}


def _anchor_to_event(row: dict, direction: str, verb, head, dated: dict[str, tuple[str, str]]) -> dict:
    """Date the event after "a day after"/"two weeks before" from the sentence's main event, when known.

    "The meeting came a day after Cambodia warned": if "meeting" was dated
    earlier in the document, "warned" is dated one day before it.
    """
    update = {"predicate": verb.text if verb is not None else row["text"],
              "lemma": verb.lemma_.lower() if verb is not None else "", "type": "DATE"}
    main_lemmas = [lemma for lemma in (_subject_lemma(head) if head is not None else None,
                                       head.lemma_.lower() if head is not None else None) if lemma]
    known = next(((lemma, dated[lemma]) for lemma in main_lemmas if lemma in dated), None)
    amount = re.fullmatch(r"PT?(\d+(?:\.\d+)?)([DWMY])", row["value"])
    if known is None or amount is None:
        # Not placeable: a date we cannot fill in, still tied to the event it is relative to.
        update.update({"relative_to": main_lemmas[0] if main_lemmas else "", "value": "XXXX-XX-XX"})
        return update
    lemma, (value, predicate) = known
    base, _ = value_interval(value)
    n, unit = float(amount.group(1)), amount.group(2)
    sign = -1 if direction == "after" else 1  # X came a day AFTER Y: Y is a day before X
    delta = {"D": pd.DateOffset(days=int(n)), "W": pd.DateOffset(weeks=int(n)),
             "M": pd.DateOffset(months=int(n)), "Y": pd.DateOffset(years=int(n))}[unit]
    when = base + delta if sign > 0 else base - delta
    new_value = when.strftime("%Y-%m-%d") if len(value) >= 10 else when.strftime("%Y-%m" if len(value) == 7 else "%Y")
    date_start, date_end = value_interval(new_value)
    update.update({"value": new_value, "date_start": date_start, "date_end": date_end, "relative_to": predicate})
    return update
