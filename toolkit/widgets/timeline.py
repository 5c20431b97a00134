"""Timeline explorer: dated events on a date axis, filtered by date, section, anchor, actor and words.

:class:`TimelineState` (:mod:`toolkit.widgets.state.timeline`) holds what is shown and computes it (no ipywidgets
import, so it can be tested and reused alone); :class:`TimelineExplorer` is the
view wired to it. Events are computed once per corpus; changing a document's
reference date recomputes that document only.

Example:
    >>> import toolkit as tk
    >>> tk.timeline_explorer()  # doctest: +SKIP
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from toolkit.schemas import SECTIONS
from toolkit.widgets.common import (
    CheckboxGroup, ErrorOutput, ExportControl, figure_widget, fit_labels, replace_figure,
)
from toolkit.widgets.filters import PublishedFilter, lens_picker
from toolkit.widgets.html import events_html
from toolkit.widgets.state.timeline import ALL_ACTORS, ANCHORS, COLORS, TimelineState


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


class TimelineExplorer(widgets.VBox):
    """Corpus picker, filters, per-document reference date, the timeline, the events table, export."""

    def __init__(self, src=None, *, cache: bool = True, actor_lens: bool = True, workspace=None, **kwargs):
        self.picker, shared = lens_picker(src, workspace, cache=cache)
        self.state = TimelineState(corpus=self.picker.corpus, actor_lens=actor_lens, workspace=shared)
        self.errors = ErrorOutput()
        self.published = PublishedFilter(self.state.workspace, errors=self.errors)  # the workspace's filter
        self.dates = widgets.SelectionRangeSlider(
            options=[("no dates", (None, None))], description="Dates", continuous_update=False,
            layout=widgets.Layout(width="640px"),
        )
        self.sections = CheckboxGroup(SECTIONS, label="Sections:", value=self.state.sections)
        self.anchors = CheckboxGroup(ANCHORS, label="Anchors:", value=self.state.anchors)
        self.section_boxes, self.anchor_boxes = self.sections.boxes, self.anchors.boxes
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
            widgets.HBox([self.sections, self.anchors]),
            widgets.HBox([self.actor, self.search, self.color]),
            widgets.HBox([self.document, self.reference, self.reset_reference]),
        ])
        super().__init__([self.picker, self.published, filters, self.errors, self.summary, self.figure, self.table, self.export],
                         **kwargs)
        fit_labels(self)
        guard = self.errors.guard
        widgets.dlink((self.picker, "corpus"), (self.state, "corpus"))
        widgets.link((self.color, "value"), (self.state, "color"))
        widgets.link((self.search, "value"), (self.state, "search"))
        widgets.link((self.sections, "value"), (self.state, "sections"))
        widgets.link((self.anchors, "value"), (self.state, "anchors"))
        self.actor.observe(guard(lambda change: setattr(self.state, "actor", change.new)), "value")
        self.state.observe(guard(self._show_actor), "actor")
        self.dates.observe(guard(self._on_dates), "value")
        self.document.observe(guard(self._show_reference), "value")
        self.reference.observe(guard(self._on_reference), "value")
        self.reset_reference.on_click(guard(lambda _button: self._reset_reference()))
        self.state.observe(guard(self._on_corpus), "corpus")
        # sections and the corpus reach the state through its workspace, which bumps revision
        self.state.observe(guard(self._refresh), ["anchors", "date_range", "actor", "search", "color", "revision"])
        self._on_corpus()

    # ---- callbacks

    def _show_actor(self, change) -> None:
        """The actor chosen here or in another view of the workspace; one named by no event is offered too."""
        if change.new not in {value for _label, value in self.actor.options}:
            self.actor.options = [*self.actor.options, (f"{change.new} (0)", change.new)]
        self.actor.value = change.new

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
            labels = self.state.document_labels()
            self.document.options = [(label, doc_id) for doc_id, label in labels.items()]
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


def timeline_explorer(src=None, *, cache: bool = True, actor_lens: bool = True, workspace=None) -> TimelineExplorer:
    """The timeline explorer for a corpus (default the seeds): display it in a notebook cell.

    Args:
        src: None (seeds), a known corpus name such as ``"samples/wikinews"``, a path, or a Corpus.
        cache: passed to :func:`toolkit.load_corpus`.
        actor_lens: name actors with the actor lens (spaCy NER, cached); False uses
            proper-noun spans, which is faster on a first run.
        workspace: a :class:`~toolkit.widgets.workspace.Workspace` (or its state) to share the corpus, filter and
            selection with: the two views then follow each other.
    """
    return TimelineExplorer(src, cache=cache, actor_lens=actor_lens, workspace=workspace)
