"""Corpus-wide tables straight from the annotation store, computed by DuckDB over its Parquet files.

The lenses (``tk.actors``, ``tk.cooccurrence``, ...) read every stored row of a
corpus into pandas: exact, but their memory grows with the corpus. The
functions here never load the rows: DuckDB reads only the columns it needs
from the store's Parquet files (``store.files(table)``), joins them with a
small table of documents (one row each: ``doc_key``, ``published``) and
returns the aggregate, which is small. They scale to millions of documents
in a bounded amount of memory (:data:`MEMORY_LIMIT`; DuckDB spills to a
temporary folder beyond it).

Actors are the lenses' actors. The reduce step (:mod:`toolkit.resolve`) needs
only one row per distinct stored ``actor, type, text`` with its number of
mentions (:func:`toolkit.resolve.mention_summary`): DuckDB computes that
summary, the reduce runs on it in pandas, and the few renamings it makes
(an acronym to its expansion, a surname to the full name, a dictionary alias
to its entry) are joined back onto the stored rows inside DuckDB. The names
resolve across the documents of ``docs``, as ``tk.actors`` resolves across its
corpus (a ``corpus.select`` view resolves over its whole corpus; pass the
whole corpus's documents for that).

Every function takes

* ``store``: anything with ``.files(table)`` listing Parquet files, normally
  ``corpus.store`` (:class:`toolkit.annotate.store.AnnotationStore`). When it also
  has ``.manifests()``, a document stored by two batches is counted once;
* ``docs``: a DataFrame with ``doc_key`` and ``published`` (and optionally
  ``doc_id``), e.g. :func:`documents_frame`. Stored rows whose key is not in
  ``docs`` are ignored: that is how removed documents, or documents outside a
  selection, stay out. Two documents with the same key (the same text) each
  count, as in the lenses.

The corpus must be annotated first (``toolkit.annotate.annotate(corpus)``):
these functions read what is stored and never run spaCy.

Example:
    >>> from toolkit.annotate import annotate  # doctest: +SKIP
    >>> from toolkit import aggregate  # doctest: +SKIP
    >>> annotate(corpus)  # doctest: +SKIP
    >>> docs = aggregate.documents_frame(corpus)  # doctest: +SKIP
    >>> aggregate.actor_counts(corpus.store, docs, top=20)  # doctest: +SKIP
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from toolkit.resolve import SUMMARY_KEYS

__all__ = [
    "documents_frame", "actor_counts", "actor_aliases", "cooccurrence_counts", "term_counts_by_period",
    "events_by_period",
    "FREQS", "UNITS", "MEMORY_LIMIT",
]

FREQS = ("day", "week", "month", "quarter", "year")
UNITS = {"sentence": "sent_id", "paragraph": "par_id", "document": None}
MEMORY_LIMIT = "2GB"  # DuckDB's own working memory; it spills to disk beyond this
THREADS = None  # None: os.cpu_count()


# ---------------------------------------------------------------- documents


def documents_frame(corpus) -> pd.DataFrame:
    """``doc_id, doc_key, published`` of every document of ``corpus`` (a corpus or a view).

    This is the ``docs`` argument of the other functions. Any DataFrame with
    ``doc_key`` and ``published`` works, e.g. one built for a synthetic store.
    """
    documents = corpus.documents
    keys = corpus.doc_keys
    return pd.DataFrame({
        "doc_id": documents["doc_id"].to_numpy(),
        "doc_key": documents["doc_id"].map(keys).to_numpy(),
        "published": pd.to_datetime(documents["published"]).to_numpy(),
    })


# ---------------------------------------------------------------- actors


def actor_counts(store, docs: pd.DataFrame, *, dictionary=None, top: int | None = None) -> pd.DataFrame:
    """One row per actor, most mentioned first: ``tk.actors`` computed without loading the mentions.

    Actors are named as the lenses name them: the stored document-level actors,
    then the reduce step of :mod:`toolkit.resolve` (acronyms and single person
    names resolved across the documents of ``docs``, then the user's
    dictionary). DuckDB summarises the mentions to one row per distinct
    ``actor, type, text`` (:func:`actor_aliases`); the reduce runs on that summary,
    and its few renamings are joined back onto the stored rows for the counts
    per document.

    Args:
        store: the annotation store (anything with ``.files(table)``).
        docs: ``doc_key`` and ``published`` of the documents to count.
        dictionary: as in ``tk.actors``: an actor dictionary, its path, or None for the default.
        top: keep only the ``top`` most mentioned actors; None keeps all.

    Returns:
        The ``actors`` table (``actor, type, mentions, documents, aliases,
        first_seen, last_seen``, plus ``group`` and ``wikidata`` from the
        dictionary), as ``tk.actors`` gives for a corpus of these documents:
        ``type`` is the most frequent type of the actor's mentions (the
        alphabetically first on a tie); ``aliases`` its surface forms, most
        frequent first; dates are publication dates (NaT when no document has one).
        Sorted by mentions (descending), then actor.
    """
    from toolkit.actors import knowledge
    from toolkit.resolve import type_evidence

    _check_top(top)
    know = knowledge(dictionary)
    columns = {"actor": "str", "type": "str", "mentions": "int64", "documents": "int64", "aliases": "object",
               "first_seen": "datetime64[ns]", "last_seen": "datetime64[ns]", "evidence": "object",
               "confidence": "float64", "group": "object", "wikidata": "object"}
    with _session(store, docs, {"mentions": ["doc_key", "start", *SUMMARY_KEYS]}) as session:
        if session is None:
            return _empty(columns)
        names = _resolve(session, know)
        if names.empty:
            return _empty(columns)
        sql = f"""
            SELECT actor, count(*)::BIGINT AS documents, min(published) AS first_seen, max(published) AS last_seen
            FROM (SELECT DISTINCT m.actor, d._doc, d.published
                  FROM {session.resolved_mentions()} m JOIN _docs d USING (doc_key))
            GROUP BY actor
        """
        per_actor = session.query(sql)
    by_type = names.groupby(["resolved_actor", "resolved_type"], sort=False)["n_mentions"].sum().reset_index()
    by_type = by_type.sort_values(["resolved_actor", "n_mentions", "resolved_type"], ascending=[True, False, True])
    typed = by_type.drop_duplicates("resolved_actor").set_index("resolved_actor")["resolved_type"]
    mentions = names.groupby("resolved_actor", sort=False)["n_mentions"].sum()
    # surface forms: most frequent first, then in order of first occurrence (``names`` is in that order)
    forms = names.groupby(["resolved_actor", "text"], sort=False)["n_mentions"].sum().reset_index()
    forms = forms.sort_values(["resolved_actor", "n_mentions"], ascending=[True, False], kind="stable")
    aliases = forms.groupby("resolved_actor", sort=False)["text"].agg(list)
    frame = per_actor.assign(
        type=per_actor["actor"].map(typed), mentions=per_actor["actor"].map(mentions),
        aliases=per_actor["actor"].map(aliases))
    # why each actor has its type: the lens's evidence, from the summary (each row weighs its n_mentions)
    why = type_evidence(names.assign(actor=names["resolved_actor"], type=names["resolved_type"])).set_index("actor")
    known = frame["actor"].map({a: know.lookup(a) is not None for a in frame["actor"]}).astype(bool)
    frame["evidence"] = frame["actor"].map(why["evidence"]).where(~known, "dictionary").fillna("")
    frame["confidence"] = frame["actor"].map(why["confidence"]).astype("float64").where(~known, 1.0)
    entries = {a: know.dictionary.get(a) for a in frame["actor"]}
    frame["group"] = frame["actor"].map(lambda a: entries[a].group if entries[a] else None)
    frame["wikidata"] = frame["actor"].map(lambda a: entries[a].wikidata if entries[a] else None)
    frame = frame.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable")
    return _frame(frame.head(top) if top is not None else frame, columns)


def actor_aliases(store, docs: pd.DataFrame, *, dictionary=None) -> pd.DataFrame:
    """The reduce step's naming of the stored mentions of ``docs``, one row per distinct ``actor, type, text``.

    Returns:
        ``actor, type, text`` (as stored, per document), ``n_mentions``, and
        ``resolved_actor, resolved_type``: what :func:`toolkit.resolve.resolve_mentions`
        names each such mention (see :func:`toolkit.resolve.alias_map`); rows in
        order of first occurrence. This is the alias map the other actor
        aggregates join to, and a measure of how far document-level actors differ
        from the lenses' (rows where ``actor != resolved_actor``).
    """
    from toolkit.actors import knowledge

    with _session(store, docs, {"mentions": ["doc_key", "start", *SUMMARY_KEYS]}) as session:
        if session is None:
            from toolkit.resolve import mention_summary

            empty = mention_summary(pd.DataFrame())
            return empty.assign(resolved_actor=empty["actor"], resolved_type=empty["type"])
        return _resolve(session, knowledge(dictionary))


def cooccurrence_counts(store, docs: pd.DataFrame, *, unit: str = "sentence", dictionary=None, min_count: int = 1,
                        top: int | None = None) -> pd.DataFrame:
    """How many sentences (paragraphs, documents) each pair of actors shares: ``tk.cooccurrence``'s count.

    Actors are named as in :func:`actor_counts` (the lenses' resolved actors).
    They are numbered first, so DuckDB joins and groups integers, not names:
    a unit with ``k`` distinct actors adds ``k(k-1)/2`` pairs.

    Args:
        store: the annotation store (anything with ``.files(table)``).
        docs: ``doc_key`` and ``published`` of the documents to count.
        unit: ``"sentence"``, ``"paragraph"`` or ``"document"``.
        dictionary: as in ``tk.actors``.
        min_count: drop pairs sharing fewer units than this.
        top: keep only the ``top`` pairs with the most shared units; None keeps all.

    Returns:
        ``source, target, count``: ``source < target`` (code-point order, as
        Python's), ``count`` the number of shared units; sorted by count
        (descending), then source and target.

    Raises:
        ValueError: unknown ``unit``.
    """
    from toolkit.actors import knowledge

    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    _check_top(top)
    column = UNITS[unit]
    columns = {"source": "str", "target": "str", "count": "int64"}
    wanted = ["doc_key", "start", *SUMMARY_KEYS] + ([column] if column else [])
    with _session(store, docs, {"mentions": wanted}) as session:
        if session is None or _resolve(session, knowledge(dictionary)).empty:
            return _empty(columns)
        where = f"m.{column}" if column else "0"
        sql = f"""
            WITH present AS MATERIALIZED (
                SELECT DISTINCT d._doc, {where} AS u, m.actor
                FROM {session.resolved_mentions()} m JOIN _docs d USING (doc_key)
            ),
            names AS MATERIALIZED (
                SELECT actor, (row_number() OVER (ORDER BY actor))::INTEGER AS aid
                FROM (SELECT DISTINCT actor FROM present)
            ),
            coded AS MATERIALIZED (SELECT p._doc, p.u, n.aid FROM present p JOIN names n USING (actor)),
            pairs AS (
                SELECT a.aid AS s, b.aid AS t, count(*)::BIGINT AS n
                FROM coded a JOIN coded b ON a._doc = b._doc AND a.u = b.u AND a.aid < b.aid
                GROUP BY a.aid, b.aid
                HAVING count(*) >= {int(min_count)}
            )
            SELECT ns.actor AS source, nt.actor AS target, p.n AS count
            FROM pairs p JOIN names ns ON ns.aid = p.s JOIN names nt ON nt.aid = p.t
            ORDER BY count DESC, source, target
            {_limit(top)}
        """
        return _frame(session.query(sql), columns)


def _resolve(session: "_Session", know) -> pd.DataFrame:
    """Summarise the stored mentions in DuckDB, run the reduce on the summary, register its renamings.

    Afterwards ``session.resolved_mentions()`` is the stored mentions with the
    lenses' ``actor`` (and ``type``). Returns the summary with its resolution
    (:func:`toolkit.resolve.alias_map`).
    """
    from toolkit.resolve import alias_map

    # order of first occurrence = document order in ``docs``, then offset: the order of ``stored_rows``
    keys = ", ".join(f"m.{k}" for k in SUMMARY_KEYS)
    summary = session.query(f"""
        SELECT {keys}, count(*)::BIGINT AS n_mentions,
               min(d._doc::BIGINT * 4294967296 + m.start) AS _first
        FROM {session.rows('mentions')} m JOIN _docs d USING (doc_key)
        WHERE m.actor IS NOT NULL
        GROUP BY {keys}
        ORDER BY _first
    """).drop(columns="_first")
    for c in SUMMARY_KEYS:
        summary[c] = summary[c].astype(object)
    names = alias_map(summary, know=know)
    renamed = names[(names["resolved_actor"] != names["actor"]) | (names["resolved_type"] != names["type"])]
    session.alias(renamed[[*SUMMARY_KEYS, "resolved_actor", "resolved_type"]])
    return names


# ---------------------------------------------------------------- over time


def term_counts_by_period(store, docs: pd.DataFrame, *, freq: str = "month", terms: Iterable[str] | None = None,
                          top: int | None = None) -> pd.DataFrame:
    """Occurrences of each stored term per publication period.

    Sums the ``term_counts`` table (lower-cased words, stop words and punctuation
    left out, one row per document and term) over the documents published in
    each period. Undated documents are left out.

    Args:
        store: the annotation store (anything with ``.files(table)``).
        docs: ``doc_key`` and ``published`` of the documents to count.
        freq: ``"day"``, ``"week"`` (starting Monday), ``"month"``, ``"quarter"`` or ``"year"``.
        terms: only these terms (matched lower-cased, as stored); None: every term.
        top: only the ``top`` terms with the most occurrences over all periods
            (among ``terms`` when given), every period of each; None: all.

    Returns:
        ``period, term, count``: ``period`` is the period's first day; only
        periods where the term occurs. Sorted by period, count (descending), term.

    Raises:
        ValueError: unknown ``freq``.
    """
    _check_freq(freq)
    _check_top(top)
    columns = {"period": "datetime64[ns]", "term": "str", "count": "int64"}
    wanted = None if terms is None else sorted({str(t).lower() for t in terms})
    with _session(store, docs, {"term_counts": ["doc_key", "term", "count"]}, terms=wanted) as session:
        if session is None or wanted == []:
            return _empty(columns)
        only = "AND t.term IN (SELECT term FROM _terms)" if wanted is not None else ""
        # the period is computed once per document, not once per stored row
        sql = f"""
            WITH dated AS (
                SELECT doc_key, date_trunc('{freq}', published) AS period FROM _docs WHERE published IS NOT NULL
            ),
            counted AS MATERIALIZED (
                SELECT d.period, t.term, sum(t.count)::BIGINT AS count
                FROM {session.rows('term_counts')} t JOIN dated d USING (doc_key)
                WHERE true {only}
                GROUP BY d.period, t.term
            )
        """
        if top is None:
            sql += "SELECT period, term, count FROM counted"
        else:
            sql += f"""
                , best AS (SELECT term FROM counted GROUP BY term
                           ORDER BY sum(count) DESC, term LIMIT {int(top)})
                SELECT period, term, count FROM counted SEMI JOIN best USING (term)
            """
        sql += ' ORDER BY period, count DESC, term'
        return _frame(session.query(sql), columns)


def events_by_period(store, docs: pd.DataFrame, *, freq: str = "month") -> pd.DataFrame:
    """How many stored events fall in each period, by the first day the event may fall on.

    Counts rows of the ``events`` table (dated predicates, before any filter a
    lens applies) by their ``date_start``, not by publication date; events
    without a calendar date are left out.

    Args:
        store: the annotation store (anything with ``.files(table)``).
        docs: ``doc_key`` and ``published`` of the documents whose events count.
        freq: ``"day"``, ``"week"`` (starting Monday), ``"month"``, ``"quarter"`` or ``"year"``.

    Returns:
        ``period, events``, sorted by period; only periods with events.

    Raises:
        ValueError: unknown ``freq``.
    """
    _check_freq(freq)
    columns = {"period": "datetime64[ns]", "events": "int64"}
    with _session(store, docs, {"events": ["doc_key", "date_start"]}) as session:
        if session is None:
            return _empty(columns)
        sql = f"""
            SELECT date_trunc('{freq}', e.date_start::TIMESTAMP) AS period, count(*)::BIGINT AS events
            FROM {session.rows('events')} e JOIN _docs d USING (doc_key)
            WHERE e.date_start IS NOT NULL
            GROUP BY ALL ORDER BY period
        """
        return _frame(session.query(sql), columns)


# ---------------------------------------------------------------- DuckDB plumbing


class _Session:
    """A DuckDB connection with ``_docs`` (and ``_terms``, ``_skip_<table>``) registered."""

    def __init__(self, con, files: dict[str, list[str]], skip: dict[str, bool], columns: dict[str, list[str]]):
        self.con, self.files, self.skip, self.columns = con, files, skip, columns

    def rows(self, table: str) -> str:
        """A SQL subquery of ``table``'s stored rows (only the columns asked for), each document once."""
        listed = ", ".join(_quote(f) for f in self.files[table])
        cols = ", ".join(f'"{c}"' for c in self.columns[table])
        if not self.skip[table]:
            return f"(SELECT {cols} FROM read_parquet([{listed}], union_by_name = true))"
        return (f"(SELECT {cols} FROM read_parquet([{listed}], union_by_name = true, filename = true) "
                f"ANTI JOIN _skip_{table} USING (doc_key, filename))")

    def alias(self, renamed: pd.DataFrame) -> None:
        """Register the reduce step's renamings (``actor, type, text -> resolved_actor, resolved_type``)."""
        self.renamed = not renamed.empty
        if self.renamed:
            self.con.register("_alias", renamed)

    def resolved_mentions(self) -> str:
        """A SQL subquery of the stored mentions (columns asked for) with the lenses' actor and type."""
        cols = [c for c in self.columns["mentions"] if c not in ("actor", "type")]
        plain = ", ".join(f'm."{c}"' for c in cols)
        if not getattr(self, "renamed", False):
            return f"(SELECT {plain}, m.actor, m.type FROM {self.rows('mentions')} m WHERE m.actor IS NOT NULL)"
        return f"""(SELECT {plain},
                        CASE WHEN a.actor IS NULL THEN m.actor ELSE a.resolved_actor END AS actor,
                        CASE WHEN a.actor IS NULL THEN m.type ELSE a.resolved_type END AS type
                    FROM {self.rows('mentions')} m
                    LEFT JOIN _alias a ON m.actor = a.actor AND {" AND ".join(
                        f"m.{k} IS NOT DISTINCT FROM a.{k}" for k in SUMMARY_KEYS if k != "actor")}
                    WHERE m.actor IS NOT NULL)"""

    def query(self, sql: str) -> pd.DataFrame:
        # through Arrow, freeing each column as it is converted: the peak stays near one copy of the result
        return self.con.sql(sql).to_arrow_table().to_pandas(self_destruct=True, split_blocks=True)


@contextlib.contextmanager
def _session(store, docs: pd.DataFrame, columns: dict[str, list[str]], *, terms: list[str] | None = None):
    """Yield a :class:`_Session`, or None when a table has no stored files or no document is given."""
    missing = [c for c in ("doc_key", "published") if c not in docs.columns]
    if missing:
        raise ValueError(f"docs needs the columns doc_key and published; missing {missing}")
    files = {t: [str(f) for f in store.files(t)] for t in columns}
    if docs.empty or any(not f for f in files.values()):
        yield None
        return
    import duckdb

    spill = tempfile.mkdtemp(prefix="newslens-duckdb-")
    con = duckdb.connect(config={
        "memory_limit": MEMORY_LIMIT,
        "threads": THREADS or os.cpu_count() or 1,
        "temp_directory": spill,
        "preserve_insertion_order": False,
    })
    try:
        con.register("_docs", _documents(docs))
        if terms is not None:
            con.register("_terms", pd.DataFrame({"term": pd.Series(terms, dtype=object)}))
        skip = {}
        for table in columns:
            duplicates = _duplicate_files(store, table)
            skip[table] = not duplicates.empty
            if skip[table]:
                con.register(f"_skip_{table}", duplicates)
        yield _Session(con, files, skip, columns)
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def _documents(docs: pd.DataFrame) -> pd.DataFrame:
    """``doc_key, _doc, published``: ``_doc`` numbers the documents (an integer is cheaper to group than an id)."""
    frame = docs[["doc_key", "published"] + (["doc_id"] if "doc_id" in docs.columns else [])]
    frame = frame[frame["doc_key"].notna()]
    if "doc_id" not in frame.columns:
        frame = frame.drop_duplicates("doc_key")
    published = pd.to_datetime(frame["published"]).astype("datetime64[us]")  # DuckDB's TIMESTAMP
    return pd.DataFrame({
        "doc_key": frame["doc_key"].astype("str").reset_index(drop=True),
        "_doc": range(len(frame)),
        "published": published.to_numpy(),
    })


def _duplicate_files(store, table: str) -> pd.DataFrame:
    """``doc_key, filename`` of rows to ignore: copies of a document in a batch other than its owner.

    Two processes annotating overlapping documents may both store them; the
    store reads each key from its first batch by name (``store.owners()``), and so
    do these functions. Usually empty, and then no file name is read at all.
    """
    manifests = getattr(store, "manifests", None)
    empty = pd.DataFrame({"doc_key": pd.Series(dtype=object), "filename": pd.Series(dtype=object)})
    if manifests is None:
        return empty
    owner: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for batch, keys in sorted(manifests().items()):
        for key in keys:
            if owner.setdefault(key, batch) != batch:
                extra.append((key, batch))
    if not extra:
        return empty
    folder = {Path(f).stem: str(f) for f in store.files(table)}
    return pd.DataFrame({"doc_key": [k for k, _ in extra], "filename": [folder.get(b, b) for _, b in extra]},
                        dtype=object)


def _quote(path: str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _limit(top: int | None) -> str:
    return "" if top is None else f"LIMIT {int(top)}"


def _check_top(top) -> None:
    if top is not None and int(top) < 0:
        raise ValueError(f"top must be a positive number or None, not {top}")


def _check_freq(freq: str) -> None:
    if freq not in FREQS:
        raise ValueError(f"freq={freq!r} is not one of {list(FREQS)}")


def _empty(columns: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def _frame(frame: pd.DataFrame, columns: dict[str, object]) -> pd.DataFrame:
    """The result with the toolkit's dtypes: pandas strings, int64 counts, datetime64[ns] dates.

    Strings stay in pandas' Arrow-backed string dtype: millions of ``(period, term)``
    rows then take a fraction of the memory of Python string objects.
    """
    out = {}
    for c, dtype in columns.items():
        values = frame[c]
        if dtype == "str":
            out[c] = values if isinstance(values.dtype, pd.StringDtype) else values.astype("str")
        elif str(dtype).startswith("datetime64"):
            out[c] = pd.to_datetime(values).astype(dtype)
        else:
            out[c] = values.astype(dtype)
    return pd.DataFrame(out).reset_index(drop=True)
