"""The workspace's state: one filter and one selection that every panel reads, and the tables each panel shows.

:class:`Filter` and :class:`Selection` (:mod:`toolkit.widgets.state.selection`) are small frozen values that can be saved
as JSON, put into an export's provenance and turned back into ``tk`` calls
(:meth:`WorkspaceState.as_code`). :class:`WorkspaceState` (traitlets, no
ipywidgets) computes each lens's table once per corpus, from the annotation
store, and cuts it by the filter on every change: a change costs a few masks
over tables already in memory, not another pass over the corpus.

Example:
    >>> from toolkit.widgets.state.workspace import WorkspaceState
    >>> state = WorkspaceState(corpus=tk.load_corpus("samples/wikinews"))  # doctest: +SKIP
    >>> state.set_filter(start="2007-01-01", end="2007-06-30")              # doctest: +SKIP
    >>> state.tables()["actors"].head()                                     # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import traitlets

from toolkit.frames import is_in, sorted_unique
from toolkit.offsets import span_holding
from toolkit.schemas import empty, period_of
from toolkit.widgets.state.selection import FILTER_FIELDS, SELECTION_FIELDS, Filter, Selection, plain, state_code
from toolkit.widgets.state.corpus_tables import CorpusTables
from toolkit.widgets.state.selection import unset_fields

FREQUENCIES = ("day", "week", "month")  # the histogram's bins (keys of schemas.PERIODS)
STATE_VERSION = 1
KWIC_LINES = 500


class WorkspaceState(traitlets.HasTraits):
    """The workspace's corpus, filter and selection, and every panel's table (see the module docstring).

    Attributes:
        corpus: the corpus explored.
        filter: the :class:`Filter` every panel applies.
        selection: the :class:`Selection`.
        freq: bins of the documents histogram: "day", "week" or "month".
        reference_dates: ``{doc_id: date or None}``: documents resolved against another date than their
            published one (None: unknown), see :meth:`set_reference`.
        revision: bumped when anything shown changes; views observe it.

    ``actor_lens=False`` names the events' actors by proper-noun spans instead of the actor lens's mentions.
    :meth:`warm_up` computes the whole corpus's tables in a background thread, so the first visit of a
    panel does not wait for them.
    """

    corpus = traitlets.Instance("toolkit.corpus.Corpus")
    filter = traitlets.Instance(Filter, kw={})
    selection = traitlets.Instance(Selection, kw={})
    freq = traitlets.Enum(tuple(FREQUENCIES), default_value="month")
    reference_dates = traitlets.Dict()
    revision = traitlets.Int(0)

    def __init__(self, *, actor_lens: bool = True, **kwargs):
        self.actor_lens = actor_lens
        self._tables = CorpusTables(None)
        self._cut: dict[tuple, Any] = {}
        self._marks: dict[str, pd.DataFrame] = {}  # the reader's marks, per document shown
        super().__init__(**kwargs)

    @traitlets.observe("corpus")
    def _new_corpus(self, change):
        self._tables.drop()  # a warm-up still running fills the old tables, which go
        self._tables = CorpusTables(change.new, actor_lens=self.actor_lens,
                                    reference_dates=lambda: self.reference_dates)
        self._cut, self._marks = {}, {}
        # Sections are not about one corpus (a lens that leaves captions out keeps doing so); the rest is.
        self.filter, self.selection = Filter(sections=self.filter.sections), Selection()
        self.reference_dates = {}
        self.revision += 1

    @traitlets.observe("filter", "selection", "freq")
    def _changed(self, _change):
        self.revision += 1

    # ---- changing what is shown

    def set_filter(self, **fields) -> Filter:
        """Change the named filter fields (None clears one); the others stay. Returns the new filter."""
        unset_fields(fields, FILTER_FIELDS, "filter")
        self.filter = dataclasses.replace(self.filter, **fields)
        keep = self.selection
        if keep.doc_id and keep.doc_id not in set(self.documents()["doc_id"]):
            self.selection = dataclasses.replace(keep, doc_id=None, start=None)
        return self.filter

    def clear_filter(self) -> None:
        self.filter = Filter()

    def select(self, *, actor=..., term=..., doc_id=..., start=None) -> Selection:
        """Select an actor, a term, or a document (``start``: the offset the reader opens at).

        Only the fields given change; None clears one. Selecting a document keeps the actor
        and term, so the reader marks the selected term.
        """
        changes: dict[str, Any] = {}
        if actor is not ...:
            changes["actor"] = actor
        if term is not ...:
            changes["term"] = term
        if doc_id is not ...:
            if doc_id is not None and doc_id not in set(self.corpus.documents["doc_id"]):
                raise ValueError(f"no document {doc_id!r} in corpus {self.corpus.name!r}")
            changes.update(doc_id=doc_id, start=start)
        if not changes:
            raise TypeError("select() needs actor=, term= or doc_id=")
        self.selection = dataclasses.replace(self.selection, **changes)
        return self.selection

    def open_row(self, row) -> Selection:
        """Open the document of a table row (an event, a KWIC line, a quote or a relation) at its sentence."""
        row = dict(row)
        start = row.get("start")
        if start is None and row.get("sent_id") is not None:
            start = self.sentence_start(row["doc_id"], int(row["sent_id"]))
        return self.select(doc_id=row["doc_id"], start=None if start is None or pd.isna(start) else int(start))

    # ---- the whole corpus's tables, computed once per corpus from the store

    def _once(self, name: str, compute):
        return self._tables.once(name, compute)

    def warm_up(self) -> threading.Thread:
        """Compute the corpus's events, actors, quotes and relations in a background thread; returns it.

        See :meth:`CorpusTables.warm_up`: the first visit of the timeline or actors tab then
        does not wait for them, and the process's objects are frozen out of the garbage
        collector's full passes until the corpus changes. Called again for the same corpus,
        it returns the same thread.
        """
        return self._tables.warm_up()

    def all_documents(self) -> pd.DataFrame:
        """The documents (an untitled article's title is its first words, given at load)."""
        return self.corpus.documents

    def all_mentions(self) -> pd.DataFrame:
        return self._tables.mentions()

    def all_events(self) -> pd.DataFrame:
        """Every dated event, resolved against the published dates or the :attr:`reference_dates` overrides."""
        return self._tables.events()

    def reference_of(self, doc_id: str):
        """The date ``doc_id``'s relative expressions resolve against now (None: unknown)."""
        from toolkit.timeline import reference_dates_of

        return reference_dates_of(self.corpus.select(doc_ids=[doc_id]), self.reference_dates)[doc_id]

    def set_reference(self, doc_id: str, date, *, reset: bool = False) -> None:
        """Resolve ``doc_id`` against ``date`` (None: unknown), or its published date again with ``reset``.

        Only that document's events are recomputed; every panel follows.
        """
        from toolkit.timeline import events

        if doc_id not in set(self.corpus.documents["doc_id"]):
            raise ValueError(f"no document {doc_id!r} in corpus {self.corpus.name!r}")
        overrides = {k: v for k, v in self.reference_dates.items() if k != doc_id}
        if not reset:
            overrides[doc_id] = date
        table = self.all_events()
        own = None
        if self.actor_lens:
            m = self.all_mentions()
            own = m[m["doc_id"] == doc_id]
        redone = events(self.corpus.select(doc_ids=[doc_id]), mentions=own,
                        reference_dates={doc_id: overrides[doc_id]} if doc_id in overrides else {}, progress=False)
        kept = table[table["doc_id"] != doc_id]
        table = kept if redone.empty else pd.concat([kept, redone], ignore_index=True)
        self._tables.replace_events(table.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True))
        self._cut.clear()
        self._marks.pop(doc_id, None)
        with self.hold_trait_notifications():
            self.reference_dates = overrides
            self.revision += 1

    def all_actors(self) -> pd.DataFrame:
        return self._tables.actors()

    def actor_names(self, *, top: int = 500) -> list[str]:
        """The ``top`` most mentioned actors in :meth:`all_actors`'s order (mentions, then name), counted from the
        mentions while no panel has needed the actor table (the filter bar's list does not wait for it)."""
        if self._tables.has("actors"):
            return self.all_actors()["actor"].head(top).tolist()
        m = self.all_mentions()
        counts = m.loc[m["actor"].notna(), "actor"].astype(object).value_counts(sort=False)
        counts = pd.DataFrame({"actor": counts.index.to_numpy(object), "n": counts.to_numpy()})
        return counts.sort_values(["n", "actor"], ascending=[False, True], kind="stable")["actor"].head(top).tolist()

    def all_quotes(self) -> pd.DataFrame:
        return self._tables.quotes()

    def all_relations(self) -> pd.DataFrame:
        return self._tables.relations()

    def view(self):
        """The corpus cut to the filter's documents and sections: a :class:`~toolkit.Corpus` view that the lens
        explorers compute on (the term and text fields keep the documents that have such a sentence)."""
        def cut():
            mask = self.document_mask()
            corpus = self.corpus
            if not mask.all():
                corpus = corpus.select(doc_ids=corpus.documents["doc_id"][mask])
            return corpus.select(sections=self.filter.sections) if self.filter.sections else corpus

        return self._cached("view", cut)

    def _doc_rows(self, table_name: str, table: pd.DataFrame) -> np.ndarray:
        """Row in ``documents`` of each row of a base table (once per table)."""
        return self._tables.doc_rows(table_name, table)

    def _doc_index(self) -> pd.Index:
        return self._tables.doc_index()

    def sentence_start(self, doc_id: str, sent_id: int) -> int | None:
        sents = self._once("sentence_starts", lambda: self.corpus.sentences.set_index(["doc_id", "sent_id"])["start"])
        found = sents.get((doc_id, sent_id))
        return None if found is None else int(found)

    # ---- the filter, as masks

    def _cached(self, name: str, compute, *, selection: tuple[str, ...] = (), filter: Filter | None = None):
        """``compute()`` kept per filter and the ``selection`` fields it reads: selecting a term keeps
        the quotes, which depend on the actor only (the reader's document cuts no table)."""
        key = (name, filter or self.filter, tuple(getattr(self.selection, field) for field in selection))
        if key not in self._cut:
            if len(self._cut) > 64:
                self._cut.clear()
            self._cut[key] = compute()
        return self._cut[key]

    def document_mask(self, of: Filter | None = None) -> np.ndarray:
        """Per row of ``corpus.documents``: does the document pass the filter (``of``, else the current one)?"""
        f = of or self.filter
        return self._cached("document_mask", lambda: self._document_mask(f), filter=f)

    def _document_mask(self, f: Filter) -> np.ndarray:
        docs = self.corpus.documents
        keep = np.ones(len(docs), bool)
        if f.start or f.end:
            published = pd.to_datetime(docs["published"])
            if published.dt.tz is not None:
                published = published.dt.tz_localize(None)
            day = published.dt.normalize()
            if f.start:
                keep &= (day >= pd.Timestamp(f.start)).to_numpy(bool)
            if f.end:
                keep &= (day <= pd.Timestamp(f.end)).to_numpy(bool)
        if f.sources:
            keep &= is_in(docs["source"], f.sources)
        if f.doc_ids:
            keep &= is_in(docs["doc_id"], f.doc_ids)
        if f.actor:
            m = self.all_mentions()
            named = m.loc[m["actor"] == f.actor, "doc_id"].unique()
            keep &= is_in(docs["doc_id"], named)
        if f.term or f.text:
            passing = self.sentence_keys(f)
            keep &= np.isin(np.arange(len(docs)), sorted_unique(passing >> 32))
        return keep

    def sentence_keys(self, of: Filter | None = None) -> np.ndarray:
        """Keys (document row << 32 | sent_id) of the sentences that pass the term and text filters (sorted)."""
        f = of or self.filter
        words = Filter(term=f.term, text=f.text)  # the same sentences whatever the other fields
        return self._cached("sentence_keys", lambda: self._sentence_keys(words), filter=words)

    def _sentence_keys(self, f: Filter) -> np.ndarray:
        from toolkit.index import occurrences

        keys = None
        if f.term:
            index, first = occurrences(self.corpus, f.term)
            keys = sorted_unique(index.rows[first].astype(np.int64) << 32 | index.sent[first].astype(np.int64))
        if f.text:
            sents = self.corpus.sentences
            hit = sents["text"].str.contains(f.text, case=False, regex=False).to_numpy(bool)
            rows = self._doc_index().get_indexer(sents["doc_id"][hit])
            found = sorted_unique(rows.astype(np.int64) << 32 | sents["sent_id"][hit].to_numpy(np.int64))
            keys = found if keys is None else np.intersect1d(keys, found)
        return np.zeros(0, np.int64) if keys is None else keys

    def _rows_passing(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        """Rows of a base table whose document, section and sentence pass the filter."""
        return self._cached(f"rows:{name}", lambda: table[self._passing(name, table)])

    def _passing(self, name: str, table: pd.DataFrame) -> np.ndarray:
        """Which rows of a base table pass the filter (see :meth:`_rows_passing`), as a bool array."""
        def cut():
            f = self.filter
            rows = self._doc_rows(name, table)
            keep = self.document_mask()[rows] if len(table) else np.zeros(0, bool)
            if f.sections and "section" in table.columns:
                keep &= table["section"].isin(f.sections).to_numpy(bool)
            if f.narrows_sentences and "sent_id" in table.columns:
                keys = rows.astype(np.int64) << 32 | table["sent_id"].to_numpy(np.int64)
                keep &= np.isin(keys, self.sentence_keys())
            return keep

        return self._cached(f"passing:{name}", cut)

    # ---- what each panel shows

    def documents(self) -> pd.DataFrame:
        """The documents passing the filter, oldest first: doc_id, title, published, source, url."""
        def cut():
            docs = self.all_documents()[self.document_mask()]
            order = docs.sort_values(["published", "doc_id"], na_position="last", kind="stable")
            return order[["doc_id", "title", "published", "source", "url"]].reset_index(drop=True)

        return self._cached("documents", cut)

    def mentions(self) -> pd.DataFrame:
        return self._rows_passing("mentions", self.all_mentions())

    def timeline(self) -> pd.DataFrame:
        """The dated events passing the filter; with an actor selected, those naming the actor.

        ``marked`` says whether the event's sentence holds the selected term.
        """
        def cut():
            table = self._rows_passing("events", self.all_events())
            actor, term = self.selection.actor, self.selection.term
            if actor:
                table = table[table["actors"].map(lambda names: actor in names).astype(bool)]
            marked = np.zeros(len(table), bool)
            if term:  # the term index's sentences: the same matches as KWIC, no regex over every sentence
                rows = self._doc_index().get_indexer(table["doc_id"]).astype(np.int64)
                marked = np.isin(rows << 32 | table["sent_id"].to_numpy(np.int64), self.sentence_keys(Filter(term=term)))
            return table.assign(marked=marked).reset_index(drop=True)

        return self._cached("timeline", cut, selection=("actor", "term"))

    def actors(self) -> pd.DataFrame:
        """The actors mentioned within the filter, counted there (mentions, documents, first and last seen)."""
        def cut():
            whole, everything = self.all_actors(), self.all_mentions()
            actor_rows = self._tables.mention_actor_rows()
            keep = self._passing("mentions", everything) & (actor_rows >= 0)
            actor, doc = actor_rows[keep].astype(np.int64), self._doc_rows("mentions", everything)[keep]
            if not len(actor):
                return whole.iloc[0:0]
            n, n_docs = len(whole), len(self.corpus.documents)
            mentioned = np.bincount(actor, minlength=n)
            documents = np.bincount(sorted_unique(actor * n_docs + doc) // n_docs, minlength=n)
            published = self.corpus.documents["published"].to_numpy()[doc]
            dated = ~np.isnat(published)
            seen = pd.DataFrame({"actor": actor[dated], "published": published[dated]}).groupby("actor")["published"]
            first, last = seen.min(), seen.max()
            shown = np.flatnonzero(mentioned)
            table = whole.iloc[shown].assign(
                mentions=mentioned[shown], documents=documents[shown],
                first_seen=first.reindex(shown).to_numpy(), last_seen=last.reindex(shown).to_numpy())
            return table.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(
                drop=True)

        return self._cached("actors", cut)

    def cooccurrence(self, *, top: int = 40) -> pd.DataFrame:
        """Who appears with whom in a sentence, among the ``top`` actors of :meth:`actors` (the network's edges)."""
        def cut():
            from toolkit.actors.lens import pair_counts

            whole, everything = self.all_actors(), self.all_mentions()
            chosen = self.actors()["actor"].head(top)
            # the chosen actors numbered 0..top-1, every other actor (and none: row -1) -1
            local = np.full(len(whole) + 1, -1, np.int64)
            rows = self._tables.actor_index().get_indexer(chosen)
            local[rows[rows >= 0]] = np.flatnonzero(rows >= 0)
            actor = local[self._tables.mention_actor_rows()]
            keep = self._passing("mentions", everything) & (actor >= 0)
            sentences = self._once("mention_sentences", lambda: self._doc_rows("mentions", everything).astype(
                np.int64) << 32 | everything["sent_id"].to_numpy(np.int64))
            return pair_counts(sentences[keep], actor[keep], chosen.to_numpy(object))[0]

        return self._cached(f"cooccurrence:{top}", cut)

    def quotes(self) -> pd.DataFrame:
        """Quotes and reported speech within the filter; with an actor selected, the actor's; with titles."""
        def cut():
            table = self._rows_passing("quotes", self.all_quotes())
            if self.selection.actor:
                table = table[table["speaker"] == self.selection.actor]
            titles = self.all_documents().set_index("doc_id")["title"]
            return table.assign(title=table["doc_id"].map(titles)).reset_index(drop=True)

        return self._cached("quotes", cut, selection=("actor",))

    def relations(self) -> pd.DataFrame:
        """Who supports or condemns whom within the filter; with an actor selected, the actor's relations."""
        def cut():
            table = self._rows_passing("relations", self.all_relations())
            actor = self.selection.actor
            if actor:
                table = table[(table["source"] == actor) | (table["target"] == actor)]
            return table.reset_index(drop=True)

        return self._cached("relations", cut, selection=("actor",))

    def keywords(self, *, top_n: int = 25) -> pd.DataFrame:
        """The terms that characterise what is shown.

        - An actor selected: the filter's sentences that mention the actor, against the filter's other sentences.
        - Sentences filtered by term or text: those sentences against the other sentences of the filtered documents.
        - Documents filtered: those documents against the rest of the corpus.
        - No filter: the corpus against general English.

        A sections filter counts those sections only.
        """
        return self._cached(f"keywords:{top_n}", lambda: self._keywords(top_n), selection=("actor",))

    def _keywords(self, top_n: int) -> pd.DataFrame:
        from toolkit.keywords import keywords, sentence_keywords

        f, actor = self.filter, self.selection.actor
        docs = self.corpus.documents["doc_id"]
        kept = docs[self.document_mask()]
        if actor or f.narrows_sentences or (f.sections and (f.narrows_documents or actor)):
            if actor:
                m = self.mentions()
                chosen = m.loc[m["actor"] == actor, ["doc_id", "sent_id"]].drop_duplicates()
            else:
                chosen = self._passing_sentences()
            if chosen.empty:
                return empty("keywords")
            return sentence_keywords(self.corpus, chosen, within=kept, top_n=top_n)
        view = self.corpus.select(sections=f.sections) if f.sections else self.corpus
        if not f.narrows_documents or len(kept) == len(docs):
            return keywords(view, top_n=top_n)
        if kept.empty:
            return empty("keywords")
        inside = pd.Series(np.where(self.document_mask(), "filter", "rest"), index=docs.to_numpy())
        table = keywords(view, top_n=top_n, by=inside)
        return table[table["group"] == "filter"].drop(columns="group").reset_index(drop=True)

    def _passing_sentences(self) -> pd.DataFrame:
        sents = self._rows_passing("sentences", self.corpus.sentences)
        return sents[["doc_id", "sent_id"]]

    def term(self) -> str | None:
        """The term KWIC and the trend show: the selected one, else the filter's."""
        return self.selection.term or self.filter.term

    def kwic(self) -> pd.DataFrame:
        """KWIC lines of the term within the filter (the first :data:`KWIC_LINES`), with titles."""
        def cut():
            from toolkit.concordance import kwic

            term = self.term()
            if not term:
                return empty("kwic").assign(title=pd.Series(dtype=object))
            shown = kwic(self.corpus, term, where=self._sentences_passing, limit=KWIC_LINES)  # lines built: 500 at most
            titles = self.all_documents().set_index("doc_id")["title"]
            return shown.assign(title=shown["doc_id"].map(titles)).reset_index(drop=True)

        return self._cached("kwic", cut, selection=("term",))

    def _sentences_passing(self, doc_rows: np.ndarray, sent_ids: np.ndarray) -> np.ndarray:
        """Whether each sentence (its document's row and sent_id) passes the filter's documents, sections and text."""
        keep = self.document_mask()[doc_rows]
        keys = doc_rows.astype(np.int64) << 32 | np.asarray(sent_ids, np.int64)
        if self.filter.sections:
            sentences, sections = self._once("sentence_sections", self._sentence_sections)
            at = np.minimum(np.searchsorted(sentences, keys), max(len(sentences) - 1, 0))
            known = (sentences[at] == keys) if len(sentences) else np.zeros(len(keys), bool)
            keep &= known & np.isin(sections[at], list(self.filter.sections))
        if self.filter.text:
            keep &= np.isin(keys, self.sentence_keys())
        return keep

    def _sentence_sections(self) -> tuple[np.ndarray, np.ndarray]:
        """Every sentence's key (document row << 32 | sent_id), sorted, and its section."""
        sents = self.corpus.sentences
        keys = self._doc_index().get_indexer(sents["doc_id"]).astype(np.int64) << 32 | sents["sent_id"].to_numpy(np.int64)
        order = np.argsort(keys, kind="stable")
        return keys[order], sents["section"].to_numpy(object)[order]

    def trend(self, *, freq: str = "month") -> pd.DataFrame:
        """How often the term occurs per period in the filtered documents (the ``trends`` table)."""
        from toolkit.dispersion import term_trends

        term = self.term()
        if not term:
            return empty("trends")

        def cut():
            mask = self.document_mask()
            if mask.all():
                return term_trends(self.corpus, [term], freq=freq)
            view = self.corpus.select(doc_ids=self.corpus.documents["doc_id"][mask])
            return term_trends(view, [term], freq=freq)

        return self._cached(f"trend:{freq}", cut, selection=("term",))

    def histogram(self) -> pd.DataFrame:
        """Documents per day, week or month (``period``, ``documents``, ``in_filter``): all of them, and those
        passing the filter (the brush sets the date fields, so the other fields are shown here)."""
        def cut():
            published = pd.to_datetime(self.corpus.documents["published"])
            if published.dt.tz is not None:
                published = published.dt.tz_localize(None)
            dated = published.notna().to_numpy()
            if not dated.any():
                return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"),
                                     "documents": pd.Series(dtype=np.int64), "in_filter": pd.Series(dtype=np.int64)})
            period = period_of(published[dated], self.freq).dt.start_time
            others = self.document_mask(dataclasses.replace(self.filter, start=None, end=None))[dated]
            frame = pd.DataFrame({"period": period.to_numpy(), "in_filter": others})
            counts = frame.groupby("period").agg(documents=("in_filter", "size"), in_filter=("in_filter", "sum"))
            return counts.reset_index()

        return self._cached(f"histogram:{self.freq}", cut)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every panel's table as shown now: timeline (events), keywords, actors, quotes, relations,
        documents and kwic."""
        return {
            "timeline": self.timeline(), "keywords": self.keywords(), "actors": self.actors(),
            "quotes": self.quotes(), "relations": self.relations(), "documents": self.documents(),
            "kwic": self.kwic(),
        }

    # ---- the reader

    def reader_document(self) -> str | None:
        """The document the reader shows: the selected one, else the first passing the filter."""
        chosen = self.selection.doc_id
        if chosen:
            return chosen
        docs = self.documents()
        return None if docs.empty else docs["doc_id"].iloc[0]

    def neighbour(self, step: int) -> str | None:
        """The document ``step`` places after (negative: before) the reader's within the filter, or None."""
        ids = self.documents()["doc_id"].tolist()
        current = self.reader_document()
        if not ids or current is None:
            return None
        at = ids.index(current) if current in ids else -1
        target = at + step
        return ids[target] if 0 <= target < len(ids) else None

    def step_reader(self, step: int) -> str | None:
        """Open the next (``step=1``) or previous (``-1``) document within the filter; returns it, or None."""
        target = self.neighbour(step)
        if target is not None:
            self.select(doc_id=target)
        return target

    def reader_html(self) -> str:
        """The reader's HTML: title, date, source, URL, citation, and the text with its annotations marked."""
        from toolkit.widgets.html import reader_html

        doc_id = self.reader_document()
        if doc_id is None:
            return reader_html(None)
        doc = self.all_documents().set_index("doc_id").loc[doc_id]
        marks = self.reader_marks(doc_id)
        ids = self.documents()["doc_id"].tolist()
        position = (ids.index(doc_id) + 1, len(ids)) if doc_id in ids else None
        offset = self.selection.start if self.selection.doc_id == doc_id else None
        return reader_html(doc.to_dict() | {"doc_id": doc_id}, marks=marks, term=self.term(),
                           focus=None if offset is None else self.sentence_around(doc_id, offset),
                           position=position, citation=self.citation(doc_id))

    def sentence_around(self, doc_id: str, offset: int) -> tuple[int, int] | None:
        """``(start, end)`` of the sentence of ``doc_id`` that holds character ``offset``, or None."""
        sents = self.corpus.sentences
        own = sents[sents["doc_id"] == doc_id]
        at = span_holding(own["start"].to_numpy(), offset)
        if at < 0:
            return None
        return int(own["start"].iloc[at]), int(own["end"].iloc[at])

    def reader_marks(self, doc_id: str) -> pd.DataFrame:
        """What the reader marks in ``doc_id``: ``start, end, kind (entity, date, quote), label, note``."""
        if doc_id not in self._marks:
            if len(self._marks) >= 256:
                self._marks.clear()
            self._marks[doc_id] = self._reader_marks(doc_id)
        return self._marks[doc_id]

    def _reader_marks(self, doc_id: str) -> pd.DataFrame:
        frames = []
        m = self.all_mentions()
        m = m[m["doc_id"] == doc_id]
        frames.append(pd.DataFrame({"start": m["start"], "end": m["end"], "kind": "entity", "label": m["type"],
                                    "note": m["actor"].astype(str) + " (" + m["type"].astype(str) + ")"}))
        e = self._document_events(doc_id).drop_duplicates(["start", "end"])
        frames.append(pd.DataFrame({"start": e["start"], "end": e["end"], "kind": "date", "label": e["type"],
                                    "note": e["value"].astype(str)}))
        q = self._document_quotes(doc_id)
        speaker = q["speaker"].fillna(q["speaker_text"]).fillna("").replace("", "unknown speaker")
        frames.append(pd.DataFrame({"start": q["start"], "end": q["end"], "kind": "quote", "label": q["kind"],
                                    "note": "said by " + speaker.astype(str)}))
        marks = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else None
        if marks is None:
            return pd.DataFrame(columns=["start", "end", "kind", "label", "note"])
        return marks.astype({"start": np.int64, "end": np.int64}).sort_values(["start", "end"]).reset_index(drop=True)

    # The reader shows one article: until a panel has computed the corpus's events or quotes, it reads that
    # document's stored rows alone (the same rows), so opening the workspace waits for neither.

    def _document_events(self, doc_id: str) -> pd.DataFrame:
        from toolkit.timeline import events

        if self._tables.has("events") or doc_id in self.reference_dates:
            table = self.all_events()
            return table[table["doc_id"] == doc_id]
        return events(self.corpus, mentions=self.all_mentions() if self.actor_lens else None, doc_ids=[doc_id],
                      progress=False)

    def _document_quotes(self, doc_id: str) -> pd.DataFrame:
        from toolkit.quotes import quotes

        if self._tables.has("quotes"):
            table = self.all_quotes()
            return table[table["doc_id"] == doc_id]
        return quotes(self.corpus, mentions_table=self.all_mentions(), indirect=True, doc_ids=[doc_id])

    def citation(self, doc_id: str) -> str:
        """One line to cite a document: title, source, date, URL."""
        doc = self.all_documents().set_index("doc_id").loc[doc_id]
        published = pd.Timestamp(doc["published"]) if pd.notna(doc["published"]) else None
        parts = [f"\u201c{doc['title']}\u201d", doc.get("source") or "", f"{published:%Y-%m-%d}" if published else
                 "undated", doc.get("url") or ""]
        return ", ".join(str(p) for p in parts if p)

    # ---- state as data

    def to_dict(self) -> dict:
        """The corpus (name, where it came from, fingerprint hash), the filter and the selection, as plain data."""
        fingerprint = self.corpus.fingerprint() if self.corpus is not None else {}
        return {
            "version": STATE_VERSION,
            "corpus": {"name": fingerprint.get("name"), "n_documents": fingerprint.get("n_documents"),
                       "content_hash": fingerprint.get("content_hash")},
            "filter": plain(dataclasses.asdict(self.filter)),
            "selection": plain(dataclasses.asdict(self.selection)),
            "freq": self.freq,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def load_dict(self, data: dict) -> None:
        """Apply a saved state (its filter, selection and bins) to this corpus.

        Raises:
            ValueError: the data is not a saved workspace state, or a field is invalid.
        """
        if not isinstance(data, dict) or "filter" not in data:
            raise ValueError("not a saved workspace state (no 'filter')")
        version = data.get("version", STATE_VERSION)
        if version > STATE_VERSION:
            raise ValueError(f"saved by a newer toolkit (state version {version}; this one reads {STATE_VERSION})")
        filter_fields = dict(data.get("filter") or {})
        selection_fields = dict(data.get("selection") or {})
        unset_fields(filter_fields, FILTER_FIELDS, "filter")
        unset_fields(selection_fields, SELECTION_FIELDS, "selection")
        with self.hold_trait_notifications():
            self.filter = Filter(**filter_fields)
            self.selection = Selection(**selection_fields)
            self.freq = data.get("freq", self.freq)

    def save(self, path) -> Path:
        """Write the state as JSON; returns the path."""
        path = Path(path).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json() + "\n", encoding="utf-8")
        return path

    def load(self, path) -> None:
        """Read a state saved by :meth:`save` (see :meth:`load_dict`)."""
        try:
            data = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ValueError(f"{path} is not JSON: {err}") from None
        self.load_dict(data)

    def as_code(self, *, source: str | None = None) -> str:
        """The ``tk`` calls that give the panels' tables for this filter and selection."""
        return state_code(self.filter, self.selection, source=source or (self.corpus.name if self.corpus else None))
