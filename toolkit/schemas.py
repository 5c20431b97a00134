"""The column schemas of every table the toolkit returns, in one place.

Each table is tidy: one row per unit (document, sentence, token, temporal
expression, mention, ...). Every ``start``/``end`` pair is a character offset
into ``documents.text`` of the same ``doc_id``.

Kinds used below:
    ``str``: text (object or pandas string dtype); ``int``: integer;
    ``float``: floating point; ``bool``: boolean; ``datetime``: datetime64
    (NaT allowed); ``list``: a Python list per cell; ``any``: unchecked.

Tables may carry more columns than listed; the listed ones are the public
contract that users' notebooks and outside checks rely on. Columns listed
with ``_also`` are carried by the toolkit's own tables (and built by
:func:`empty` and :func:`frame`) but not required by :func:`validate`.

Example:
    >>> import toolkit as tk
    >>> tk.validate(tk.load_corpus().tokens, "tokens")  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from pandas.api import types as ptypes

SECTIONS = ("headline", "caption", "body")  # the parts of a story a sentence belongs to, in reading order
PERIODS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}  # calendar periods, as pandas names them


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = True  # False: the toolkit's tables carry it, :func:`validate` does not ask for it


def _cols(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


def _also(name: str, kind: str, description: str) -> tuple:
    """A column the toolkit's tables carry beyond the checked contract (see :func:`validate`)."""
    return (name, kind, description, False)


_WHERE = (
    ("doc_id", "str", "document identifier"),
    ("sent_id", "int", "sentence number within the document, from 0"),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    # ---- foundation (corpus.py, tokenize.py) ----
    "documents": _cols(
        ("doc_id", "str", "stable id: relative path without extension, record id, or content hash"),
        ("title", "str", "headline; from metadata, page metadata, the first line, or else the first words"),
        ("published", "datetime", "publication date; NaT when unknown"),
        ("source", "str", "publisher; empty when unknown"),
        ("url", "str", "address; empty when unknown"),
        ("path", "str", "file the document came from; empty for records"),
        ("text", "str", "cleaned text the lenses read; every offset points into it"),
        ("n_sentences", "int", "number of sentences"),
        ("n_tokens", "int", "number of tokens"),
        _also("content_hash", "str", "SHA-1 of the text: the document's identity in caches and exports"),
        _also("title_from_text", "bool", "True when the article had no title and `title` is its first words"),
    ),
    "sentences": _cols(
        *_WHERE,
        _also("par_id", "int", "paragraph number within the document, from 0"),
        ("section", "str", "headline, caption or body"),
        ("start", "int", "offset of the first character"),
        ("end", "int", "offset after the last character"),
        ("text", "str", "the sentence as written"),
    ),
    "tokens": _cols(
        *_WHERE,
        ("tok_id", "int", "token number within the document, from 0"),
        ("start", "int", "offset of the first character"),
        ("end", "int", "offset after the last character"),
        ("text", "str", "the token as written"),
        ("lower", "str", "lower-cased text"),
        ("is_stop", "bool", "in the stop-word list"),
        ("is_punct", "bool", "punctuation only"),
        ("is_alpha", "bool", "letters only"),
        _also("section", "str", "headline, caption or body of the token's sentence"),
    ),
    "skipped": _cols(
        ("path", "str", "file, record or metadata row with a problem"),
        ("reason", "str", "what was wrong and what was done about it"),
    ),
    # ---- overview (overview.py) ----
    "section_counts": _cols(
        ("group", "str", "document id, month, year or source"),
        ("section", "str", "headline, caption or body"),
        ("n_documents", "int", "documents of the group with sentences in this section"),
        ("n_sentences", "int", "sentences"),
        ("n_tokens", "int", "tokens"),
    ),
    # ---- timeline lens (timeline.py) ----
    "timeline": _cols(
        *_WHERE,
        ("section", "str", "headline, caption or body of the sentence"),
        ("start", "int", "offset of the expression's first character"),
        ("end", "int", "offset after its last character"),
        ("text", "str", "the expression as written"),
        ("value", "str", "TIMEX3 value: 2017-09-03, 2014-01, 2017-W36, 199 (decade), P3Y, PAST_REF, XXXX-WXX-7, ..."),
        ("type", "str", "DATE, TIME, DURATION or SET"),
        ("anchor", "str", "absolute (fixed by the text), relative (needs the reference date or another "
                          "date) or vague"),
        ("date_start", "datetime", "first day (or moment) the value covers; NaT when not on the calendar"),
        ("date_end", "datetime", "last day (or moment) it covers; NaT when not on the calendar"),
        ("sentence", "str", "the sentence it occurs in"),
    ),
    "events": _cols(
        *_WHERE,
        ("section", "str", "headline, caption or body of the sentence"),
        ("start", "int", "offset of the dating expression's first character"),
        ("end", "int", "offset after its last character"),
        ("text", "str", "the dating expression as written"),
        ("predicate", "str", "main predicate as written: a verb ('arrested', 'protests crushed') or an "
                             "event noun ('meeting'); empty when none was found"),
        ("value", "str", "TIMEX3 value of the event's date"),
        ("type", "str", "DATE or TIME"),
        ("anchor", "str", "absolute, relative or vague"),
        ("date_start", "datetime", "first day the event may fall on; NaT when unknown"),
        ("date_end", "datetime", "last day it may fall on; NaT when unknown"),
        ("actors", "list", "names in the sentence: actor-lens actors when given, else proper-noun spans"),
        ("relative_to", "str", "predicate of the event this one is dated from ('a day after ...'), or ''"),
        ("sentence", "str", "the sentence it occurs in"),
    ),
    # ---- keyword lens (keywords.py) ----
    "keywords": _cols(
        ("term", "str", "lower-cased n-gram that neither starts nor ends with a stop word or punctuation"),
        ("score", "float", "count, summed TF-IDF, signed log-likelihood G² or log ratio, per `method`"),
        ("count", "int", "occurrences of the term (in its group when `by` is given)"),
        ("doc_count", "int", "documents containing the term (in its group)"),
        ("n", "int", "number of words in the term"),
    ),
    "keyterms": _cols(
        ("doc_id", "str", "document identifier"),
        ("rank", "int", "1 for the document's best key term"),
        ("term", "str", "lower-cased noun phrase"),
        ("score", "float", "graph-ranking score; higher is more central"),
    ),
    "kwic": _cols(
        *_WHERE,
        ("start", "int", "offset of the match's first character"),
        ("end", "int", "offset after the match's last character"),
        ("left", "str", "context before the match, whitespace collapsed"),
        ("match", "str", "the matched tokens as written"),
        ("right", "str", "context after the match, whitespace collapsed"),
        _also("tok_id", "int", "token number of the match's first token"),
    ),
    "collocations": _cols(
        ("w1", "str", "first word (lower-cased)"),
        ("w2", "str", "second word, within `window` tokens after w1"),
        ("score", "float", "association measure named by `measure`"),
        ("count", "int", "co-occurrences of w1 then w2 within the window"),
    ),
    "dispersion": _cols(
        ("term", "str", "the query term as given"),
        *_WHERE,
        ("start", "int", "offset of the occurrence's first character"),
        ("end", "int", "offset after its last character"),
        ("position", "float", "relative position in the document, 0 (start) to 1 (end)"),
        ("published", "datetime", "the document's publication date; NaT when unknown"),
        _also("tok_id", "int", "token number of the occurrence's first token"),
        _also("offset", "int", "token number counted over the whole corpus, in documents order"),
    ),
    "trends": _cols(
        ("term", "str", "the query term as given"),
        ("period", "datetime", "start of the period (day, week, month, quarter or year)"),
        ("count", "int", "occurrences of the term in the period's documents"),
        ("n_tokens", "int", "word tokens of the period's documents"),
        ("per_10k", "float", "occurrences per 10,000 word tokens"),
    ),
    # ---- actor lens (actors.py) ----
    "mentions": _cols(
        *_WHERE,
        ("section", "str", "headline, caption or body of the sentence"),
        ("start", "int", "offset of the first character"),
        ("end", "int", "offset after the last character"),
        ("text", "str", "the mention as written (titles and a leading 'the' stripped)"),
        ("actor", "str", "canonical actor name after alias resolution"),
        ("type", "str", "PERSON, ORG, GPE, LOC, FAC or NORP (demonyms of known countries become GPE)"),
        _also("par_id", "int", "paragraph number within the document"),
        _also("label", "str", "spaCy's NER label, or DICT for a dictionary match"),
        _also("source", "str", "what found it: spacy, dictionary or consistency"),
        _also("cues", "str", "the type cues around the mention, space-separated (toolkit.actors.CUES)"),
    ),
    "actors": _cols(
        ("actor", "str", "canonical actor name"),
        ("type", "str", "most frequent type of its mentions"),
        ("mentions", "int", "number of mentions"),
        ("documents", "int", "number of documents mentioning it"),
        ("aliases", "list", "surface forms seen, most frequent first"),
        ("first_seen", "datetime", "earliest publication date of a document mentioning it; NaT if unknown"),
        ("last_seen", "datetime", "latest publication date of a document mentioning it; NaT if unknown"),
        ("evidence", "str", "top cues behind the type, e.g. 'title ×3, spaCy PERSON ×8'; 'dictionary' for known names"),
        ("confidence", "float", "share of the type evidence's weight for the chosen type (0-1); 1 for dictionary names"),
        _also("group", "str", "the actor's group in the dictionary, if any"),
        _also("wikidata", "str", "the actor's Wikidata id in the dictionary, if any"),
    ),
    "cooccurrence": _cols(
        ("source", "str", "actor (alphabetically first of the pair)"),
        ("target", "str", "the other actor"),
        ("weight", "float", "shared units, or PMI / normalised PMI / Jaccard of the pair"),
        _also("count", "int", "units the two actors share"),
    ),
    "quotes": _cols(
        *_WHERE,
        ("start", "int", "offset of the opening quotation mark (of the reported words for kind indirect)"),
        ("end", "int", "offset after the closing mark (or the end of the quote's last paragraph when unclosed)"),
        ("quote", "str", "the quoted words, without the marks; paragraphs joined by a blank line"),
        ("kind", "str", "direct, partial (a quoted phrase inside a sentence) or indirect (reported speech)"),
        ("speaker_text", "str", "the words naming the speaker as written: 'Ms. Lee', 'a spokesman for X', 'he'"),
        ("speaker_start", "int", "offset of speaker_text; -1 when no speaker was found"),
        ("speaker_end", "int", "offset after speaker_text; -1 when no speaker was found"),
        ("speaker", "any", "canonical actor who said it (a descriptor's organisation), or None when unknown"),
        ("speaker_via", "str", "named, pronoun, descriptor, context (the quote before's speaker), corrected (by the"
                               " user, in the actor dictionary) or '' when none"),
        ("cue", "str", "the attribution: 'said', 'told reporters', 'was quoted by X as saying', 'according to'"),
        ("confidence", "float", "how sure the speaker is, 0 to 1 (0 when none was found)"),
        ("section", "str", "headline, caption or body"),
        ("closed", "bool", "False when the closing mark was missing"),
    ),
    "relations": _cols(
        *_WHERE,
        ("source", "str", "actor doing it"),
        ("target", "str", "actor it is done to"),
        ("polarity", "str", "support, condemn, coerce, ... (toolkit/data/verb_classes.csv)"),
        ("verb", "str", "the predicate as written, e.g. 'praised' or 'support'"),
        ("sentence", "str", "the sentence"),
    ),
}


def _kind_ok(series: pd.Series, kind: str) -> bool:
    if kind == "any" or series.empty:
        return True
    if kind == "str":
        return ptypes.is_string_dtype(series) or ptypes.is_object_dtype(series) or isinstance(
            series.dtype, pd.CategoricalDtype
        )
    if kind == "int":
        return ptypes.is_integer_dtype(series)
    if kind == "float":
        return ptypes.is_float_dtype(series) or ptypes.is_integer_dtype(series)
    if kind == "bool":
        return ptypes.is_bool_dtype(series)
    if kind == "datetime":
        return ptypes.is_datetime64_any_dtype(series)
    if kind == "list":
        return series.map(lambda v: isinstance(v, list)).all()
    raise ValueError(f"unknown column kind {kind!r}")


def validate(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Check that ``df`` has the columns and kinds of ``table``'s schema.

    Args:
        df: the table to check.
        table: a key of :data:`SCHEMAS`, e.g. ``"tokens"``.

    Returns:
        ``df`` itself, so the call can be chained.

    Raises:
        KeyError: ``table`` has no schema.
        ValueError: a column is missing or of the wrong kind.
    """
    if table not in SCHEMAS:
        raise KeyError(f"no schema named {table!r}; known: {', '.join(SCHEMAS)}")
    missing = [c.name for c in SCHEMAS[table] if c.required and c.name not in df.columns]
    if missing:
        raise ValueError(f"{table}: missing columns {missing}")
    wrong = [
        f"{c.name} (expected {c.kind}, got {df[c.name].dtype})"
        for c in SCHEMAS[table]
        if c.name in df.columns and not _kind_ok(df[c.name], c.kind)
    ]
    if wrong:
        raise ValueError(f"{table}: wrong column kinds: {', '.join(wrong)}")
    return df


def column_names(table: str) -> list[str]:
    """The names of ``table``'s columns, in order."""
    return [c.name for c in SCHEMAS[table]]


def empty(table: str) -> pd.DataFrame:
    """An empty DataFrame with ``table``'s columns, for functions that find nothing."""
    return pd.DataFrame({c.name: pd.Series(dtype=_EMPTY_DTYPES[c.kind]) for c in SCHEMAS[table]})


def frame(rows, table: str) -> pd.DataFrame:
    """``rows`` as a ``table``: its columns in schema order, typed as :func:`empty` types them when there are no rows.

    Args:
        rows: a DataFrame, a mapping of column name to values, or an iterable of rows,
            each a mapping or a tuple in the schema's column order.
        table: a key of :data:`SCHEMAS`.

    Returns:
        A DataFrame with exactly ``table``'s columns.

    Raises:
        ValueError: rows miss one of the columns.
    """
    names = column_names(table)
    if isinstance(rows, pd.DataFrame):
        data = rows
    elif isinstance(rows, Mapping):
        data = pd.DataFrame(rows)
    else:
        rows = list(rows)
        if rows and not isinstance(rows[0], Mapping):
            data = pd.DataFrame(rows, columns=names)
        else:
            data = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    if data.empty and not len(data):
        return empty(table)
    missing = [c for c in names if c not in data.columns]
    if missing:
        raise ValueError(f"{table}: rows miss columns {missing}")
    return data[names]


def period_of(dates, period: str) -> pd.Series:
    """The calendar ``period`` each date falls in, as pandas Periods (NaT where the date is unknown).

    Every grouping of documents by date goes through here: ``.dt.start_time``
    gives the period's first moment, ``.astype(str)`` its label ("2017-09").

    Args:
        dates: anything ``pd.to_datetime`` reads, e.g. ``documents["published"]``.
        period: a key of :data:`PERIODS`.

    Raises:
        ValueError: an unknown period.
    """
    if period not in PERIODS:
        raise ValueError(f"period {period!r} is not one of {list(PERIODS)}")
    return pd.Series(pd.to_datetime(dates)).dt.to_period(PERIODS[period])


_EMPTY_DTYPES = {
    "str": "object",
    "int": "int64",
    "float": "float64",
    "bool": "bool",
    "datetime": "datetime64[ns]",
    "list": "object",
    "any": "object",
}


def describe(table: str) -> pd.DataFrame:
    """The schema of ``table`` as a DataFrame (column, kind, description), for docs and notebooks."""
    return pd.DataFrame([{"name": c.name, "kind": c.kind, "description": c.description} for c in SCHEMAS[table]])


# ---- the annotation store (toolkit/annotate): one Parquet table per kind of row ----
# Keyed by ``doc_key`` (content, date and sentence layout), never by doc_id, so that the
# rows of a document are the same whatever corpus it is loaded in. Kinds are stored types.

_KEY = (("doc_key", "str", "the document's annotation key (toolkit.annotate.store.document_keys)"),)
_SPAN = (("start", "int", "offset of the first character"), ("end", "int", "offset after the last character"))

STORE_SCHEMAS: dict[str, tuple[Column, ...]] = {
    "entities": _cols(*_KEY, *_SPAN, ("label", "str", "spaCy's NER label (all labels, not only actors)")),
    "mentions": _cols(
        *_KEY, ("sent_id", "int", "sentence"), ("section", "str", "section"), ("par_id", "int", "paragraph"), *_SPAN,
        ("text", "str", "the mention as written"),
        ("actor", "str", "the document-level actor: before resolution across documents"),
        ("type", "str", "the document-level type"),
        ("label", "str", "spaCy's label, or DICT"),
        ("source", "str", "spacy, dictionary, consistency or dateline"),
        ("cues", "str", "space-separated type cues around the mention (toolkit.actors.CUES), weighed in the reduce"),
    ),
    "timexes": _cols(
        *_KEY, ("sent_id", "int", "sentence"), ("section", "str", "section"), *_SPAN,
        ("text", "str", "as written"), ("value", "str", "TIMEX3 value against the document's own date"),
        ("type", "str", "DATE, TIME, DURATION or SET"), ("anchor", "str", "absolute, relative or vague"),
        ("date_start", "datetime", "first day"), ("date_end", "datetime", "last day"),
        ("reference", "datetime", "the date used"),
    ),
    "events": _cols(
        *_KEY, ("sent_id", "int", "sentence"), ("section", "str", "section"), *_SPAN,
        ("text", "str", "the dating expression"), ("value", "str", "TIMEX3 value"), ("type", "str", "DATE or TIME"),
        ("anchor", "str", "anchor"), ("date_start", "datetime", "first day"), ("date_end", "datetime", "last day"),
        ("reference", "datetime", "the date used"),
        ("predicate", "str", "main predicate"), ("lemma", "str", "its lemma"),
        ("relative_to", "str", "predicate this event is dated from, or ''"),
    ),
    "quotes": _cols(
        *_KEY, ("sent_id", "int", "sentence the quote starts in"), ("section", "str", "its section"), *_SPAN,
        ("quote", "str", "the quoted words"),
        ("kind", "str", "direct, partial or indirect"),
        ("speaker", "str", "the document-level speaker name, or None"),
        ("speaker_mention", "int", "offset of the mention naming the speaker (a pronoun's antecedent), -1 if none"),
        ("speaker_text", "str", "the words that name the speaker as written"),
        ("speaker_start", "int", "offset of speaker_text, -1 when none"),
        ("speaker_end", "int", "offset after speaker_text, -1 when none"),
        ("speaker_via", "str", "named, pronoun, descriptor, context or ''"),
        ("cue", "str", "attribution"), ("confidence", "float", "0 to 1"), ("closed", "bool", "closing mark found"),
    ),
    "relations": _cols(
        *_KEY, ("sent_id", "int", "sentence"),
        ("source_start", "int", "offset of the source actor's mention"),
        ("target_start", "int", "offset of the target actor's mention"),
        ("polarity", "str", "verb class"), ("verb", "str", "as written"), ("lemma", "str", "verb table lemma"),
        ("cameo", "str", "CAMEO-like code"),
    ),
    "parses": _cols(
        *_KEY, ("sent_id", "int", "sentence"), ("i", "int", "token number within the sentence"), *_SPAN,
        ("tag", "str", "fine tag"), ("pos", "str", "coarse POS"), ("dep", "str", "dependency label"),
        ("head", "int", "head token number within the sentence"), ("lemma", "str", "lemma"),
        ("space", "bool", "white space follows"),
    ),
    "tags": _cols(
        *_KEY, ("sent_id", "int", "sentence"), ("i", "int", "token number within the document's kept tokens"), *_SPAN,
        ("text", "str", "as written"), ("lower", "str", "lower case"),
        ("pos", "str", "coarse POS: from the parse, else the document's lexicon, else PROPN in a name, else ''"),
        ("is_stop", "bool", "spaCy stop word"), ("joined", "bool", "no white space before the next token"),
    ),
    "term_counts": _cols(*_KEY, ("term", "str", "lower-cased word"), ("count", "int", "occurrences in the document")),
    "keyterm_candidates": _cols(
        *_KEY, ("id", "int", "the candidate's number in its document, 0 for the best by graph score x count"),
        ("phrase", "str", "lower-cased noun phrase, in its commonest written form"),
        ("stem", "str", "its Porter-stemmed words: inflected forms share it"),
        ("n_words", "int", "words in the stem"), ("count", "int", "occurrences in the document"),
        ("first", "int", "token number (the tags table's i) of its first occurrence"),
        ("start", "int", "offset of its first occurrence"),
        ("score", "float", "mean PositionRank score of its words in the document's word graph"),
        ("name", "bool", "all its words are proper nouns"),
        ("holds", "int", "bit k set when candidate k of the document is made of consecutive words of this one"),
    ),
}

_STORE_DTYPES = {"str": "object", "int": "int64", "bool": "bool", "datetime": "datetime64[ns]", "float": "float64"}


def store_arrow_schema(table: str):
    """The Arrow schema a stored table is written with: every batch file alike, whatever its values."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "datetime": pa.timestamp("ns"),
             "float": pa.float64()}
    return pa.schema([(c.name, types[c.kind]) for c in STORE_SCHEMAS[table]])


def store_frame(data, table: str) -> pd.DataFrame:
    """One stored table, with exactly its columns and types.

    ``data`` is a mapping of column name to values (what the annotation step
    gathers for a batch) or a list of frames; absent columns are empty (None).
    """
    columns = STORE_SCHEMAS[table]
    if isinstance(data, Mapping):
        n = max((len(v) for v in data.values()), default=0)
        get = lambda name: pd.Series(data[name] if name in data else [None] * n, dtype=object)  # noqa: E731
    else:
        frames = [f for f in data if len(f)]
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        get = lambda name: frame[name] if name in frame else pd.Series([None] * len(frame), dtype=object)  # noqa: E731
    out = {}
    for c in columns:
        values = get(c.name)
        dtype = _STORE_DTYPES[c.kind]
        if c.kind == "datetime":
            out[c.name] = pd.to_datetime(values, errors="coerce").astype(dtype)
        elif c.kind == "str":
            out[c.name] = values.astype(object).where(values.notna(), None)
        else:
            out[c.name] = values.astype(dtype)
    return pd.DataFrame(out)
