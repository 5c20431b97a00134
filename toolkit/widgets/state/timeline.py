"""The timeline explorer's state: which events are shown, and the table and figure of them."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit.plots.timeline import plot_timeline
from toolkit.labels import document_labels
from toolkit.widgets.state import known_subset
from toolkit.widgets.state.lens import LensState

ANCHORS = ("absolute", "relative", "vague")


COLORS = {"document": "doc_id", "actor": "actor", "anchor": "anchor", "section": "section"}


TABLE_COLUMNS = ["date", "value", "text", "predicate", "actors", "title", "sentence", "doc_id"]


ALL_ACTORS = ""


def _overlaps(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Rows whose dates meet [start, end]; undated (vague) rows are placed at their reference date."""
    first = frame["date_start"].fillna(frame["reference"])
    last = frame["date_end"].fillna(frame["reference"])
    return (first <= end) & (last >= start) | first.isna()


class TimelineState(LensState):
    """What the timeline explorer shows, and the computations behind it.

    The corpus, the sections, the published-date and source filter, the actor (the workspace's selected actor)
    and the reference dates are the :class:`~toolkit.widgets.state.workspace.WorkspaceState`'s (see
    :class:`~toolkit.widgets.state.lens.LensState`); the rest is the timeline's own.

    Attributes:
        corpus: the corpus whose events are shown.
        sections, anchors: which sentence sections and anchor types to keep.
        date_range: ``(start, end)`` Timestamps of the events (not of publication), or ``(None, None)`` for all.
        actor: keep events naming this actor; ``""`` for all.
        search: keep events whose sentence, expression or predicate contains these words.
        color: colour marks by ``doc_id``, ``actor``, ``anchor`` or ``section``.
        reference_dates: ``{doc_id: date or None}`` overrides of the published dates (set with
            :meth:`set_reference`).
        revision: bumped whenever the events shown may change.

    ``actor_lens=False`` (for a workspace state it builds) names the events' actors by proper-noun spans.
    """

    ACTOR_TRAIT = "actor"
    anchors = traitlets.Tuple(default_value=ANCHORS)
    date_range = traitlets.Tuple(default_value=(None, None))
    actor = traitlets.Unicode(ALL_ACTORS)
    search = traitlets.Unicode("")
    color = traitlets.Enum(tuple(COLORS.values()), default_value="doc_id")
    reference_dates = traitlets.Dict()

    @traitlets.validate("anchors")
    def _known_anchors(self, proposal):
        return known_subset(proposal.value, ANCHORS, "anchors")

    def _on_workspace(self) -> None:
        super()._on_workspace()
        self.reference_dates = dict(self.workspace.reference_dates)

    # ---- computations

    def mentions(self) -> pd.DataFrame | None:
        """The actor lens's mentions for the corpus, or None when events name actors by proper-noun spans."""
        return self.workspace.all_mentions() if self.workspace.actor_lens else None

    def all_events(self) -> pd.DataFrame:
        """Every dated event of the corpus with the current reference dates (computed once)."""
        return self.workspace.all_events()

    def reference_of(self, doc_id: str) -> dt.date | None:
        """The date ``doc_id``'s relative expressions resolve against now."""
        return self.workspace.reference_of(doc_id)

    def set_reference(self, doc_id: str, date: dt.date | str | None, *, reset: bool = False) -> None:
        """Resolve ``doc_id`` against ``date`` (None: unknown), or its published date again with ``reset``.

        Only that document's events are recomputed.
        """
        self.workspace.set_reference(doc_id, date, reset=reset)

    def selected(self) -> pd.DataFrame:
        """The events passing every filter: the workspace's (documents, sections, actor), then the timeline's."""
        table = self.workspace.timeline().drop(columns="marked")
        keep = table["section"].isin(self.sections) & table["anchor"].isin(self.anchors)
        start, end = self.date_range
        if start is not None and end is not None:
            keep &= _overlaps(table, pd.Timestamp(start), pd.Timestamp(end))
        words = self.search.strip().lower()
        if words:
            haystack = table["sentence"].str.lower() + " " + table["text"].str.lower() + " " + table[
                "predicate"].str.lower()
            keep &= haystack.str.contains(words, regex=False)
        chosen = table[keep].reset_index(drop=True)
        # Documents are shown by title (legend, hover, table), never by their raw id.
        return chosen.assign(title=chosen["doc_id"].map(self.document_labels()).fillna(chosen["doc_id"]))

    def document_labels(self) -> pd.Series:
        """doc_id -> the title shown for it (see :func:`toolkit.labels.document_labels`)."""
        if getattr(self, "_labels_of", None) is not self.corpus:
            self._labels, self._labels_of = document_labels(self.corpus.documents), self.corpus
        return self._labels

    def actor_counts(self) -> pd.Series:
        """How many events name each actor, most first."""
        table = self.all_events()
        return table["actors"].explode().dropna().value_counts()

    def date_bounds(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last day any event covers (vague ones at their reference date), or None."""
        table = self.all_events()
        first = table["date_start"].fillna(table["reference"]).dropna()
        last = table["date_end"].fillna(table["reference"]).dropna()
        return (first.min().normalize(), last.max().normalize()) if len(first) else None

    def figure(self) -> go.Figure:
        return plot_timeline(self.selected(), color=self.color)

    def table(self) -> pd.DataFrame:
        """The selected events as shown in the table: one line each, dates first."""
        chosen = self.selected().sort_values(["date_start", "doc_id", "start"], na_position="last")
        shown = chosen.assign(
            date=chosen["date_start"].dt.strftime("%Y-%m-%d").fillna(""),
            actors=chosen["actors"].map(", ".join),
        )
        return shown[TABLE_COLUMNS].reset_index(drop=True)

    def settings(self) -> dict:
        """The lens's own settings (:meth:`params` adds the workspace's filter and selection)."""
        start, end = self.date_range
        return {
            "sections": list(self.sections), "anchors": list(self.anchors),
            "date_range": [None if d is None else str(pd.Timestamp(d).date()) for d in (start, end)],
            "actor": self.actor, "search": self.search, "color": self.color,
            "reference_dates": {k: None if v is None else str(v) for k, v in self.reference_dates.items()},
        }
