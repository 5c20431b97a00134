"""The column schemas of every table the toolkit returns, in one place.

Each table is tidy: one row per unit (document, sentence, token, temporal
expression, mention, ...). Every ``start``/``end`` pair is a character offset
into ``documents.text`` of the same ``doc_id``.

Kinds used below:
    ``str``: text (object or pandas string dtype); ``int``: integer;
    ``float``: floating point; ``bool``: boolean; ``datetime``: datetime64
    (NaT allowed); ``list``: a Python list per cell; ``any``: unchecked.

Tables may carry more columns than listed; the listed ones are the public
contract that users' notebooks and outside checks rely on.

Example:
    >>> import toolkit as tk
    >>> tk.validate(tk.load_corpus().tokens, "tokens")  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pandas.api import types as ptypes


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_WHERE = (
    ("doc_id", "str", "document identifier"),
    ("sent_id", "int", "sentence number within the document, from 0"),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    # ---- foundation (corpus.py, tokenize.py) ----
    "documents": _cols(
        ("doc_id", "str", "stable id: relative path without extension, record id, or content hash"),
        ("title", "str", "headline; from metadata, page metadata, or the first line"),
        ("published", "datetime", "publication date; NaT when unknown"),
        ("source", "str", "publisher; empty when unknown"),
        ("url", "str", "address; empty when unknown"),
        ("path", "str", "file the document came from; empty for records"),
        ("text", "str", "cleaned text the lenses read; every offset points into it"),
        ("n_sentences", "int", "number of sentences"),
        ("n_tokens", "int", "number of tokens"),
    ),
    "sentences": _cols(
        *_WHERE,
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
    ),
    "cooccurrence": _cols(
        ("source", "str", "actor (alphabetically first of the pair)"),
        ("target", "str", "the other actor"),
        ("weight", "float", "shared units, or PMI / normalised PMI / Jaccard of the pair"),
    ),
    "quotes": _cols(
        ("doc_id", "str", "document identifier"),
        ("start", "int", "offset of the opening quotation mark"),
        ("end", "int", "offset after the closing mark (or the end of the quote's last paragraph when unclosed)"),
        ("quote", "str", "the quoted words, without the marks; paragraphs joined by a blank line"),
        ("speaker", "any", "canonical actor who said it, or None when unknown"),
        ("cue", "str", "the attribution that named the speaker, e.g. 'he said'; empty when none"),
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
    missing = [c.name for c in SCHEMAS[table] if c.name not in df.columns]
    if missing:
        raise ValueError(f"{table}: missing columns {missing}")
    wrong = [
        f"{c.name} (expected {c.kind}, got {df[c.name].dtype})"
        for c in SCHEMAS[table]
        if not _kind_ok(df[c.name], c.kind)
    ]
    if wrong:
        raise ValueError(f"{table}: wrong column kinds: {', '.join(wrong)}")
    return df


def empty(table: str) -> pd.DataFrame:
    """An empty DataFrame with ``table``'s columns, for functions that find nothing."""
    return pd.DataFrame({c.name: pd.Series(dtype=_EMPTY_DTYPES[c.kind]) for c in SCHEMAS[table]})


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
    return pd.DataFrame([c.__dict__ for c in SCHEMAS[table]])


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
        ("speaker", "str", "the document-level speaker name, or None"),
        ("speaker_start", "int", "offset of the speaker's mention, -1 when not a mention"),
        ("speaker_text", "str", "the words that name the speaker as written"),
        ("cue", "str", "attribution"), ("closed", "bool", "closing mark found"), ("kind", "str", "direct or indirect"),
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
}

_STORE_DTYPES = {"str": "object", "int": "int64", "bool": "bool", "datetime": "datetime64[ns]", "float": "float64"}


def store_arrow_schema(table: str):
    """The Arrow schema a stored table is written with: every batch file alike, whatever its values."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "datetime": pa.timestamp("ns"),
             "float": pa.float64()}
    return pa.schema([(c.name, types[c.kind]) for c in STORE_SCHEMAS[table]])


def store_frame(frames, table: str) -> pd.DataFrame:
    """One stored table from per-document frames (or an empty one), with exactly its columns and types."""
    columns = STORE_SCHEMAS[table]
    frames = [f for f in frames if len(f)]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    out = {}
    for c in columns:
        values = frame[c.name] if c.name in frame else pd.Series([], dtype=object)
        dtype = _STORE_DTYPES[c.kind]
        if c.kind == "datetime":
            out[c.name] = pd.to_datetime(values, errors="coerce").astype(dtype)
        elif c.kind == "str":
            out[c.name] = values.astype(object).where(values.notna(), None)
        else:
            out[c.name] = values.astype(dtype)
    return pd.DataFrame(out)
