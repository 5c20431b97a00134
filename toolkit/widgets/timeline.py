"""Timeline explorer: dated events on a date axis, filtered by date, section, anchor, actor and words.

:class:`TimelineState` holds what is shown and computes it (no ipywidgets
import, so it can be tested and reused alone); :class:`TimelineExplorer` is the
view wired to it. Events are computed once per corpus; changing a document's
reference date recomputes that document only.

Example:
    >>> import toolkit as tk
    >>> tk.timeline_explorer()  # doctest: +SKIP
"""
from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit.plots.timeline import plot_timeline
from toolkit.schemas import SECTIONS
from toolkit.timeline import events, reference_dates_of
from toolkit.widgets.common import CorpusPicker, ErrorOutput, ExportControl, known_subset, figure_widget, replace_figure

ANCHORS = ("absolute", "relative", "vague")
COLORS = {"document": "doc_id", "actor": "actor", "anchor": "anchor", "section": "section"}
TABLE_COLUMNS = ["date", "value", "text", "predicate", "actors", "doc_id", "sentence"]
ALL_ACTORS = ""


def _overlaps(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Rows whose dates meet [start, end]; undated (vague) rows are placed at their reference date."""
    first = frame["date_start"].fillna(frame["reference"])
    last = frame["date_end"].fillna(frame["reference"])
    return (first <= end) & (last >= start) | first.isna()


class TimelineState(traitlets.HasTraits):
    """What the timeline explorer shows, and the computations behind it.

    Attributes:
        corpus: the corpus whose events are shown.
        sections, anchors: which sentence sections and anchor types to keep.
        date_range: ``(start, end)`` Timestamps, or ``(None, None)`` for all dates.
        actor: keep events naming this actor; ``""`` for all.
        search: keep events whose sentence, expression or predicate contains these words.
        color: colour marks by ``doc_id``, ``actor``, ``anchor`` or ``section``.
        reference_dates: ``{doc_id: date or None}`` overrides of the published dates.
        revision: bumped whenever the events table is recomputed.
    """

    corpus = traitlets.Instance("toolkit.corpus.Corpus")
    sections = traitlets.Tuple(default_value=SECTIONS)
    anchors = traitlets.Tuple(default_value=ANCHORS)
    date_range = traitlets.Tuple(default_value=(None, None))
    actor = traitlets.Unicode(ALL_ACTORS)
    search = traitlets.Unicode("")
    color = traitlets.Enum(tuple(COLORS.values()), default_value="doc_id")
    reference_dates = traitlets.Dict()
    revision = traitlets.Int(0)

    def __init__(self, *, actor_lens: bool = True, **kwargs):
        self._actor_lens = actor_lens
        self._events: pd.DataFrame | None = None
        self._mentions: pd.DataFrame | None = None
        super().__init__(**kwargs)

    @traitlets.validate("sections", "anchors")
    def _known_choices(self, proposal):
        allowed = SECTIONS if proposal.trait.name == "sections" else ANCHORS
        return known_subset(proposal.value, allowed, proposal.trait.name)

    @traitlets.observe("corpus")
    def _new_corpus(self, _change):
        self._events = self._mentions = None
        self.reference_dates = {}
        self.revision += 1

    # ---- computations

    def mentions(self) -> pd.DataFrame | None:
        """The actor lens's mentions for the corpus, or None when the lens is off or fails."""
        if self._actor_lens and self._mentions is None:
            from toolkit.actors import mentions

            self._mentions = mentions(self.corpus, progress=False)
        return self._mentions

    def all_events(self) -> pd.DataFrame:
        """Every dated event of the corpus with the current reference dates (computed once)."""
        if self._events is None:
            self._events = events(self.corpus, mentions=self.mentions(), reference_dates=self.reference_dates,
                                  progress=False)
        return self._events

    def reference_of(self, doc_id: str) -> dt.date | None:
        """The date ``doc_id``'s relative expressions resolve against now."""
        return reference_dates_of(self.corpus.select(doc_ids=[doc_id]), self.reference_dates)[doc_id]

    def set_reference(self, doc_id: str, date: dt.date | str | None, *, reset: bool = False) -> None:
        """Resolve ``doc_id`` against ``date`` (None: unknown), or its published date again with ``reset``.

        Only that document's events are recomputed.
        """
        overrides = {k: v for k, v in self.reference_dates.items() if k != doc_id}
        if not reset:
            overrides[doc_id] = date
        view = self.corpus.select(doc_ids=[doc_id])
        mentions = self.mentions()
        own = None if mentions is None else mentions[mentions["doc_id"] == doc_id]
        redone = events(view, mentions=own, reference_dates={k: v for k, v in overrides.items() if k == doc_id},
                        progress=False)
        table = self.all_events()
        self._events = (pd.concat([table[table["doc_id"] != doc_id], redone], ignore_index=True)
                        .sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
                        if not redone.empty else table[table["doc_id"] != doc_id].reset_index(drop=True))
        self.reference_dates = overrides
        self.revision += 1

    def selected(self) -> pd.DataFrame:
        """The events passing every filter."""
        table = self.all_events()
        keep = table["section"].isin(self.sections) & table["anchor"].isin(self.anchors)
        start, end = self.date_range
        if start is not None and end is not None:
            keep &= _overlaps(table, pd.Timestamp(start), pd.Timestamp(end))
        if self.actor:
            keep &= table["actors"].map(lambda names: self.actor in names)
        words = self.search.strip().lower()
        if words:
            haystack = table["sentence"].str.lower() + " " + table["text"].str.lower() + " " + table[
                "predicate"].str.lower()
            keep &= haystack.str.contains(words, regex=False)
        return table[keep].reset_index(drop=True)

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

    def params(self) -> dict:
        """The settings, for the export sidecar."""
        start, end = self.date_range
        return {
            "sections": list(self.sections), "anchors": list(self.anchors),
            "date_range": [None if d is None else str(pd.Timestamp(d).date()) for d in (start, end)],
            "actor": self.actor, "search": self.search, "color": self.color,
            "reference_dates": {k: None if v is None else str(v) for k, v in self.reference_dates.items()},
        }


def _slider_options(bounds) -> list[tuple[str, tuple[pd.Timestamp, pd.Timestamp]]]:
    """Steps for the date slider: days, months or years, whichever keeps it under ~400 steps."""
    if bounds is None:
        return [("no dates", (None, None))]
    first, last = bounds
    span = (last - first).days
    freq, label = ("D", "%Y-%m-%d") if span <= 400 else ("MS", "%Y-%m") if span <= 400 * 30 else ("YS", "%Y")
    starts = pd.date_range(first.to_period(freq[0]).start_time, last, freq=freq)
    ends = list(starts[1:] - pd.Timedelta(days=1)) + [last]
    return [(s.strftime(label), (s, e)) for s, e in zip(starts, ends)]


def events_html(table: pd.DataFrame, *, max_rows: int = 300) -> str:
    """The events table as scrollable HTML (text escaped)."""
    body = table.head(max_rows).to_html(index=False, escape=True, border=0, classes="newslens-events")
    more = f"<p>… and {len(table) - max_rows} more (export the CSV for all)</p>" if len(table) > max_rows else ""
    return f'<div style="max-height:320px;overflow:auto">{body}</div>{more}'


class TimelineExplorer(widgets.VBox):
    """Corpus picker, filters, per-document reference date, the timeline, the events table, export."""

    def __init__(self, src=None, *, cache: bool = True, actor_lens: bool = True, **kwargs):
        self.picker = CorpusPicker(src, cache=cache)
        self.state = TimelineState(corpus=self.picker.corpus, actor_lens=actor_lens)
        self.errors = ErrorOutput()
        self.dates = widgets.SelectionRangeSlider(
            options=[("no dates", (None, None))], description="Dates", continuous_update=False,
            layout=widgets.Layout(width="640px"),
        )
        self.section_boxes = {s: widgets.Checkbox(value=True, description=s, indent=False,
                                                  layout=widgets.Layout(width="90px")) for s in SECTIONS}
        self.anchor_boxes = {a: widgets.Checkbox(value=True, description=a, indent=False,
                                                 layout=widgets.Layout(width="90px")) for a in ANCHORS}
        self.actor = widgets.Dropdown(options=[("(all)", ALL_ACTORS)], description="Actor")
        self.search = widgets.Text(description="Search", placeholder="word in sentence or event",
                                   continuous_update=False)
        self.color = widgets.Dropdown(options=list(COLORS.items()), value=self.state.color, description="Colour by")
        self.document = widgets.Dropdown(description="Document", layout=widgets.Layout(width="420px"))
        self.reference = widgets.DatePicker(description="Reference date")
        self.reset_reference = widgets.Button(description="Use published date", icon="undo")
        self.summary = widgets.HTML()
        self.figure = figure_widget(self.state.figure())
        self.table = widgets.HTML()
        self.export = ExportControl(
            lambda: self.figure, get_data=self.state.selected, get_params=self.state.params,
            get_corpus=lambda: self.state.corpus, name="timeline", formats=("png", "svg", "html"),
        )
        filters = widgets.VBox([
            self.dates,
            widgets.HBox([widgets.Label("Sections:"), *self.section_boxes.values(),
                          widgets.Label("Anchors:"), *self.anchor_boxes.values()]),
            widgets.HBox([self.actor, self.search, self.color]),
            widgets.HBox([self.document, self.reference, self.reset_reference]),
        ])
        super().__init__([self.picker, filters, self.errors, self.summary, self.figure, self.table, self.export],
                         **kwargs)
        guard = self.errors.guard
        widgets.dlink((self.picker, "corpus"), (self.state, "corpus"))
        widgets.link((self.color, "value"), (self.state, "color"))
        widgets.link((self.search, "value"), (self.state, "search"))
        widgets.link((self.actor, "value"), (self.state, "actor"))
        for box in [*self.section_boxes.values(), *self.anchor_boxes.values()]:
            box.observe(guard(self._on_boxes), "value")
        self.dates.observe(guard(self._on_dates), "value")
        self.document.observe(guard(self._show_reference), "value")
        self.reference.observe(guard(self._on_reference), "value")
        self.reset_reference.on_click(guard(lambda _button: self._reset_reference()))
        self.state.observe(guard(self._on_corpus), "corpus")
        self.state.observe(guard(self._refresh), ["sections", "anchors", "date_range", "actor", "search", "color",
                                                  "revision"])
        self._on_corpus()

    # ---- callbacks

    def _on_boxes(self, _change=None) -> None:
        self.state.sections = tuple(s for s, box in self.section_boxes.items() if box.value)
        self.state.anchors = tuple(a for a, box in self.anchor_boxes.items() if box.value)

    def _on_dates(self, _change=None) -> None:
        (start, _), (_, end) = self.dates.value
        full = self.dates.index == (0, len(self.dates.options) - 1)
        self.state.date_range = (None, None) if full or start is None else (start, end)

    def _on_corpus(self, _change=None) -> None:
        """A new corpus: rebuild the choices that depend on it, then redraw."""
        with self.hold_trait_notifications():
            options = _slider_options(self.state.date_bounds())
            self.dates.options = options
            self.dates.index = (0, len(options) - 1)
            self.dates.disabled = len(options) < 2
            counts = self.state.actor_counts()
            self.actor.options = [("(all)", ALL_ACTORS)] + [(f"{name} ({n})", name) for name, n in counts.items()]
            self.actor.value = ALL_ACTORS
            docs = self.state.corpus.documents
            self.document.options = [(f"{str(title)[:48]} ({doc_id})", doc_id)
                                     for doc_id, title in zip(docs["doc_id"], docs["title"])]
        self.state.date_range = (None, None)
        self._show_reference()
        self._refresh()

    def _show_reference(self, _change=None) -> None:
        if self.document.value is not None:
            self._showing = True
            try:
                self.reference.value = self.state.reference_of(self.document.value)
            finally:
                self._showing = False

    def _on_reference(self, change) -> None:
        if getattr(self, "_showing", False) or self.document.value is None:
            return
        if change.new != self.state.reference_of(self.document.value):
            self.state.set_reference(self.document.value, change.new)

    def _reset_reference(self) -> None:
        if self.document.value is not None:
            self.state.set_reference(self.document.value, None, reset=True)
            self._show_reference()

    def _refresh(self, _change=None) -> None:
        replace_figure(self.figure, self.state.figure())
        table = self.state.table()
        total = len(self.state.all_events())
        docs = table["doc_id"].nunique()
        self.summary.value = (f"<b>{len(table)}</b> of {total} dated events shown, from {docs} "
                              f"document{'s' * (docs != 1)}")
        self.table.value = events_html(table)


def timeline_explorer(src=None, *, cache: bool = True, actor_lens: bool = True) -> TimelineExplorer:
    """The timeline explorer for a corpus (default the seeds): display it in a notebook cell.

    Args:
        src: None (seeds), a known corpus name such as ``"samples/wikinews"``, a path, or a Corpus.
        cache: passed to :func:`toolkit.load_corpus`.
        actor_lens: name actors with the actor lens (spaCy NER, cached); False uses
            proper-noun spans, which is faster on a first run.
    """
    return TimelineExplorer(src, cache=cache, actor_lens=actor_lens)
