"""One corpus's whole-corpus tables for the workspace, each computed once, from the view or a background thread.

:class:`~toolkit.widgets.state.workspace.WorkspaceState` cuts these tables by its filter
on every change; this class only computes and keeps them. The state makes a new one for
every corpus it shows, so a warm-up still running for the previous corpus fills its own
tables, which are dropped, never the new corpus's.
"""
from __future__ import annotations

import gc
import threading
from typing import Any, Callable

import numpy as np
import pandas as pd


class CorpusTables:
    """The documents, mentions, events, actors, quotes and relations of ``corpus``, and integer codes over them.

    Args:
        corpus: the corpus.
        actor_lens: name the events' actors by the actor lens's mentions (else by proper-noun spans).
        reference_dates: gives the ``{doc_id: date}`` overrides the events resolve against.
    """

    def __init__(self, corpus, *, actor_lens: bool = True, reference_dates: Callable[[], dict] = dict):
        self.corpus = corpus
        self.actor_lens = actor_lens
        self._reference_dates = reference_dates
        self._kept: dict[str, Any] = {}
        self._computing = threading.RLock()  # held while a table is computed: the view and the warm-up share it
        self._warming: threading.Thread | None = None
        self._dropped = False
        self._freezing = threading.Lock()  # guards froze: drop() never waits for a table being computed
        self.froze = False  # whether the warm-up moved the process's objects out of the collector's passes

    def once(self, name: str, compute):
        """``compute()``, kept under ``name`` (never computed twice, whichever thread asks first)."""
        if name not in self._kept:
            with self._computing:
                if name not in self._kept:
                    self._kept[name] = compute()
        return self._kept[name]

    def has(self, name: str) -> bool:
        return name in self._kept

    # ---- the tables

    def documents(self) -> pd.DataFrame:
        return self.corpus.documents

    def mentions(self) -> pd.DataFrame:
        from toolkit.actors import mentions

        return self.once("mentions", lambda: mentions(self.corpus, progress=False))

    def events(self) -> pd.DataFrame:
        from toolkit.timeline import events

        return self.once("events", lambda: events(
            self.corpus, mentions=self.mentions() if self.actor_lens else None,
            reference_dates=self._reference_dates(), progress=False))

    def replace_events(self, table: pd.DataFrame) -> None:
        """Keep ``table`` as the events (one document resolved again); their row numbers are made again."""
        with self._computing:  # not while the warm-up numbers the old table's rows
            self._kept["events"] = table
            self._kept.pop("rows:events", None)

    def actors(self) -> pd.DataFrame:
        from toolkit.actors import actors

        # Not given mentions(): for the whole corpus tk.actors reads the type evidence kept with the reduce.
        return self.once("actors", lambda: actors(self.corpus))

    def quotes(self) -> pd.DataFrame:
        from toolkit.quotes import quotes

        return self.once("quotes", lambda: quotes(self.corpus, mentions_table=self.mentions(), indirect=True))

    def relations(self) -> pd.DataFrame:
        from toolkit.relations import relations

        return self.once("relations", lambda: relations(self.corpus, mentions_table=self.mentions()))

    # ---- integer codes the filter cuts read

    def doc_index(self) -> pd.Index:
        return self.once("doc_index", lambda: pd.Index(self.corpus.documents["doc_id"]))

    def doc_rows(self, name: str, table: pd.DataFrame) -> np.ndarray:
        """Row in ``documents`` of each row of the table kept as ``name`` (once per table)."""
        def number():
            return table, self.doc_index().get_indexer(table["doc_id"])

        numbered, rows = self.once(f"rows:{name}", number)
        if numbered is not table:  # numbered for a table since replaced (replace_events, during the warm-up)
            with self._computing:
                numbered, rows = self._kept[f"rows:{name}"] = number()
        return rows

    def actor_index(self) -> pd.Index:
        return self.once("actor_index", lambda: pd.Index(self.actors()["actor"]))

    def mention_actor_rows(self) -> np.ndarray:
        """Each mention's actor as its row in :meth:`actors` (-1: none)."""
        return self.once("mention_actor_rows", lambda: self.actor_index().get_indexer(self.mentions()["actor"]))

    # ---- in the background

    def warm_up(self) -> threading.Thread:
        """Compute the tables the other panels cut, in a background thread; returns it (the same one if called again).

        The events, actor table, quotes and relations, their documents' row numbers, the
        token index's sentence slices (the keywords of an actor's sentences) and networkx
        (the network's layout): 1.5-2 s on 10^4 documents, which the first visit of the
        timeline or actors tab no longer waits for. A table asked for while the thread
        computes it is waited for. An error ends the thread and is left for the panel that
        needs the table: it computes it again and shows the error. When done, the thread
        runs the garbage collector once and freezes what the process holds (``gc.freeze``):
        the collector's full passes, 190 ms over the 4.4e5 objects of a 10^4-document
        workspace, fell inside linked updates. :meth:`drop` unfreezes.
        """
        with self._computing:
            if self._warming is None:
                self._warming = threading.Thread(target=self._warm, name="workspace warm-up", daemon=True)
                self._warming.start()
            return self._warming

    def _warm(self) -> None:
        steps = (self.events, self.actors, self.mention_actor_rows, self.quotes, self.relations,
                 self._sentence_index, self._row_numbers)
        for step in steps:
            if self._dropped:
                return
            try:
                step()
            except Exception:  # noqa: BLE001 - the panel computes it again and shows the error
                return
        gc.collect()
        with self._freezing:
            if not self._dropped:
                gc.freeze()
                self.froze = True

    def _sentence_index(self) -> None:
        from toolkit.index.tokens import sentence_rows

        sentence_rows(self.corpus, [], [])  # builds the token index and its sentence slices, kept by the corpus

    def _row_numbers(self) -> None:
        import networkx  # noqa: F401  (0.1 s on its first import, in the network's layout)

        for name, table in (("events", self.events), ("mentions", self.mentions), ("quotes", self.quotes),
                            ("relations", self.relations)):
            self.doc_rows(name, table())

    def drop(self) -> None:
        """The workspace shows another corpus: stop the warm-up, and give frozen objects back to the collector."""
        with self._freezing:
            self._dropped = True
            if self.froze:
                gc.unfreeze()
                self.froze = False
