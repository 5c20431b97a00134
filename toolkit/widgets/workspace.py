"""The workspace: every lens in one place, one filter and one selection, and a reader for the articles behind them.

:class:`Workspace` is the view; what it shows is computed by
:class:`~toolkit.widgets.state.workspace.WorkspaceState` (no ipywidgets). A
change of the filter or selection redraws the panel on screen and the reader;
the other panels redraw when they are next shown.

Example:
    >>> import toolkit as tk
    >>> ws = tk.explore("samples/wikinews")                      # doctest: +SKIP
    >>> ws.set_filter(start="2007-01-01", end="2007-06-30")     # doctest: +SKIP
    >>> ws.select(actor="Airbus")                               # doctest: +SKIP
    >>> ws.tables()["timeline"]                                 # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
import html
import json

import ipywidgets as widgets
import pandas as pd

from toolkit.schemas import SECTIONS, period_of
from toolkit.widgets.common import CheckboxGroup, CorpusPicker, ErrorOutput, ExportControl, FigureSlot
from toolkit.widgets.filters import PublishedFilter
from toolkit.widgets.html import kwic_html, summary_html
from toolkit.widgets.state.workspace import FREQUENCIES, WorkspaceState

PANELS = ("overview", "timeline", "keywords", "actors")
ROWS_LISTED = 300  # rows a panel's "open in reader" list offers; the table export has them all
_WIDE = widgets.Layout(width="100%")
_LABEL = {"description_width": "initial"}


def explore(corpus=None, *, cache: bool = True, warm_up: bool = True) -> Workspace:
    """Open the workspace on a corpus: a loaded :class:`~toolkit.Corpus`, a known name or path, or None (the seeds).

    ``warm_up``: once the first panel is drawn, compute the corpus's events, actors, quotes and
    relations in the background (:meth:`WorkspaceState.warm_up`), so the other tabs open at once.
    """
    return Workspace(corpus, cache=cache, warm_up=warm_up)


class Workspace(widgets.VBox):
    """The corpus picker, the filter bar and date histogram, one tab per lens, and the document reader.

    The headless API (what a notebook or a check calls): :meth:`set_filter`, :meth:`select`,
    :meth:`tables`, :meth:`reader_html`, and ``state`` for the rest.
    """

    def __init__(self, src=None, *, cache: bool = True, warm_up: bool = True, **kwargs):
        self.errors = ErrorOutput()
        self.warms_up = warm_up
        self.picker = CorpusPicker(src, cache=cache)
        self.state = WorkspaceState(corpus=self.picker.corpus)
        self._stale = set(PANELS)
        self._quiet = False  # set while the view writes the state's values back into its controls
        self._histogram_of = None  # (corpus, filter, bins) drawn: a selection does not change the histogram
        self._drawn: dict[str, tuple] = {}  # part of a panel -> (corpus, (filter, ...)) it was drawn for
        self._build()
        super().__init__(
            [self.picker, self.filter_bar, self.histogram_slot, self.selection_line,
             widgets.HBox([self.tabs, self.reader_box], layout=_WIDE), self.state_bar, self.export, self.errors],
            layout=widgets.Layout(width="100%"), **kwargs,
        )
        self._wire()
        self._refresh()

    # ---- the headless API

    def set_filter(self, **fields):
        """Change filter fields (see :meth:`WorkspaceState.set_filter`); every panel follows."""
        return self.state.set_filter(**fields)

    def select(self, **fields):
        """Select an actor, a term or a document (see :meth:`WorkspaceState.select`)."""
        return self.state.select(**fields)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The DataFrames the panels show now (keys timeline, keywords, actors, quotes, relations, documents, kwic)."""
        return self.state.tables()

    def reader_html(self) -> str:
        """The reader's HTML as shown now."""
        return self.state.reader_html()

    # ---- the figures shown now (each redraw puts a new widget in its slot)

    histogram = property(lambda self: self.histogram_slot.figure)
    timeline_figure = property(lambda self: self.timeline_figure_slot.figure)
    keywords_figure = property(lambda self: self.keywords_figure_slot.figure)
    trend_figure = property(lambda self: self.trend_figure_slot.figure)
    actors_figure = property(lambda self: self.actors_figure_slot.figure)
    network_figure = property(lambda self: self.network_figure_slot.figure)

    # ---- building

    def _build(self) -> None:
        self.published = PublishedFilter(self.state, errors=self.errors, labels=("From", "To"))
        self.start, self.end, self.sources = self.published.start, self.published.end, self.published.sources
        self.sections = CheckboxGroup(SECTIONS, label="Sections:", width="auto")
        self.section_boxes = self.sections.boxes
        self.actor = widgets.Combobox(description="Actor", placeholder="any actor", ensure_option=False,
                                      continuous_update=False, style=_LABEL)
        self.term = widgets.Text(description="Term", placeholder="word or phrase", continuous_update=False,
                                 style=_LABEL)
        self.text = widgets.Text(description="Text", placeholder="words in sentences", continuous_update=False,
                                 style=_LABEL)
        # documents by their titles (labels are unique: see toolkit.labels.document_labels)
        self.documents = widgets.TagsInput(allowed_tags=[], allow_duplicates=False,
                                           placeholder="documents: type a title", layout=_WIDE)
        self._titles: tuple = (None, {}, {})  # (corpus, label -> doc_id, doc_id -> label)
        self.clear = widgets.Button(description="Clear filter", icon="times")
        self.freq = widgets.ToggleButtons(options=list(FREQUENCIES), value=self.state.freq, style={"button_width": "72px"})
        self.filter_bar = widgets.VBox([
            widgets.HBox([self.published, self.actor, self.term, self.text, self.clear],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            widgets.HBox([self.sections,
                          widgets.Label("Bins:"), self.freq], layout=widgets.Layout(flex_flow="row wrap",
                                                                                    align_items="center")),
            self.documents,
        ], layout=_WIDE)
        self.histogram_slot = FigureSlot()
        self.selection_line = widgets.HTML()
        # the panels
        self.summary = widgets.HTML()
        self.documents_list = self._row_list("Documents")
        self.timeline_figure_slot = FigureSlot()
        self.events_list = self._row_list("Events")
        self.keywords_figure_slot = FigureSlot()
        self.kwic = widgets.HTML()
        self.kwic_list = self._row_list("KWIC lines")
        self.trend_figure_slot = FigureSlot()
        self.actors_figure_slot = FigureSlot()
        self.network_figure_slot = FigureSlot()
        self.quotes_list = self._row_list("Quotes")
        self.relations_list = self._row_list("Relations")
        self.tabs = widgets.Tab(children=[
            widgets.VBox([self.summary, self.documents_list]),
            widgets.VBox([self.timeline_figure_slot, self.events_list]),
            widgets.VBox([self.keywords_figure_slot, self.kwic, self.kwic_list, self.trend_figure_slot]),
            widgets.VBox([self.actors_figure_slot, self.network_figure_slot, self.quotes_list, self.relations_list]),
        ], layout=widgets.Layout(width="62%"))
        for i, name in enumerate(PANELS):
            self.tabs.set_title(i, name.capitalize())
        # the reader
        self.previous = widgets.Button(description="Previous", icon="arrow-left")
        self.next = widgets.Button(description="Next", icon="arrow-right")
        self.citation = widgets.Text(description="Citation", style=_LABEL, layout=_WIDE,
                                     placeholder="select it and copy")
        self.reader = widgets.HTML(layout=widgets.Layout(max_height="900px", overflow="auto"))
        self.reader_box = widgets.VBox([widgets.HBox([self.previous, self.next]), self.citation, self.reader],
                                       layout=widgets.Layout(width="38%", padding="0 0 0 12px"))
        # state as data
        self.state_path = widgets.Text(value="exports/workspace-state.json", description="State file", style=_LABEL,
                                       layout=widgets.Layout(width="380px"))
        self.save_state = widgets.Button(description="Save state", icon="save")
        self.load_state = widgets.Button(description="Load state", icon="folder-open")
        self.show_code = widgets.ToggleButton(description="Copy as code", icon="code")
        self.code = widgets.Textarea(layout=widgets.Layout(width="100%", height="220px", display="none"))
        self.state_status = widgets.HTML()
        self.state_bar = widgets.VBox([
            widgets.HBox([self.state_path, self.save_state, self.load_state, self.show_code, self.state_status]),
            self.code], layout=_WIDE)
        self.export = ExportControl(self._current_figure, get_data=self._current_table, get_params=self._params,
                                    get_corpus=lambda: self.state.corpus, name="workspace")

    def _row_list(self, label: str) -> widgets.Select:
        """A list of a panel's rows; picking one opens its document in the reader."""
        return widgets.Select(options=[], rows=8, description=f"{label} (open in reader)", style=_LABEL,
                              layout=_WIDE)

    # ---- wiring

    def _wire(self) -> None:
        guard = self.errors.guard
        self.picker.observe(guard(lambda change: setattr(self.state, "corpus", change.new)), "corpus")
        self.state.observe(guard(self._on_state), "revision")
        self.sections.observe(guard(self._on_sections), "value")
        for control, field in ((self.actor, "actor"), (self.term, "term"), (self.text, "text")):
            control.observe(guard(lambda change, field=field: self._from_control(**{field: change.new or None})),
                            "value")
        self.documents.observe(guard(self._on_documents), "value")
        self.clear.on_click(guard(lambda _b: self.state.clear_filter()))
        self.freq.observe(guard(lambda change: setattr(self.state, "freq", change.new)), "value")
        self.tabs.observe(guard(lambda _change: self._draw_shown_panel()), "selected_index")  # the rest is current
        for listing in (self.documents_list, self.events_list, self.kwic_list, self.quotes_list, self.relations_list):
            listing.observe(guard(self._on_row), "value")
        self.previous.on_click(guard(lambda _b: self.state.step_reader(-1)))
        self.next.on_click(guard(lambda _b: self.state.step_reader(1)))
        self.save_state.on_click(guard(self._save_state))
        self.load_state.on_click(guard(self._load_state))
        self.show_code.observe(guard(self._on_show_code), "value")

    def _from_control(self, **fields) -> None:
        if not self._quiet:
            self.state.set_filter(**fields)

    def _on_sections(self, change) -> None:
        self._from_control(sections=None if len(change.new) == len(SECTIONS) else change.new)

    def _on_documents(self, change) -> None:
        by_label = self._document_titles()[0]
        self._from_control(doc_ids=tuple(by_label[label] for label in change.new if label in by_label) or None)

    def _document_titles(self) -> tuple[dict, dict]:
        """``(label -> doc_id, doc_id -> label)`` for the corpus shown, made once per corpus."""
        corpus = self.state.corpus
        if self._titles[0] is not corpus:
            from toolkit.labels import document_labels

            labels = document_labels(corpus.documents) if corpus is not None else pd.Series(dtype=object)
            self._titles = (corpus, dict(zip(labels.to_numpy(), labels.index)), labels.to_dict())
        return self._titles[1], self._titles[2]

    def _on_row(self, change) -> None:
        if self._quiet or change.new is None:
            return
        self.state.open_row(dict(change.new))

    def _on_state(self, _change) -> None:
        state = self.state
        seen = (state.corpus, state.filter, state.freq, dataclasses.replace(state.selection, doc_id=None, start=None),
                dict(state.reference_dates))  # a document resolved against another date changes its events
        if seen == getattr(self, "_seen", None):  # only the reader's document moved: redraw the reader alone
            self._refresh_reader()
            return
        self._seen = seen
        self._stale = set(PANELS)
        self._refresh()

    # ---- figure clicks and brushes

    def _hook_figures(self) -> None:
        """Attach click and brush handlers to the traces shown now (plotly handlers belong to traces)."""
        guard = self.errors.guard
        for trace in self.histogram.data:
            trace.on_selection(guard(self._on_brush))
        for trace in self.timeline_figure.data:
            trace.on_click(guard(self._on_event_click))
            trace.on_selection(guard(self._on_brush))
        for trace in self.actors_figure.data:
            trace.on_click(guard(lambda trace, points, _state: self._pick_actor(points.ys)))
        for trace in self.network_figure.data:
            trace.on_click(guard(self._on_node_click))
        for trace in self.keywords_figure.data:
            trace.on_click(guard(self._on_term_click))

    def _on_brush(self, _trace, points, _selector) -> None:
        dates = pd.to_datetime(pd.Series(points.xs), errors="coerce").dropna()
        if dates.empty:
            return
        last = period_of([dates.max()], self.state.freq).iloc[0].end_time.normalize()  # the whole last bar
        self.state.set_filter(start=dates.min(), end=last)

    def _on_event_click(self, trace, points, _state) -> None:
        if not points.point_inds or trace.customdata is None:
            return
        label = trace.customdata[points.point_inds[0]]
        table = self.state.timeline()
        if label in table.index:
            self.state.open_row(table.loc[label])

    def _pick_actor(self, names) -> None:
        if names:
            chosen = str(names[0])
            self.state.select(actor=None if chosen == self.state.selection.actor else chosen)

    def _on_node_click(self, trace, points, _state) -> None:
        if not points.point_inds:
            return
        i = points.point_inds[0]
        names = trace.customdata if trace.customdata is not None else trace.text
        if names is not None and i < len(names):
            self._pick_actor([names[i] if not isinstance(names[i], (list, tuple)) else names[i][0]])

    def _on_term_click(self, _trace, points, _state) -> None:
        if points.ys:
            self.state.select(term=str(points.ys[0]))

    # ---- drawing

    def _refresh(self) -> None:
        """Redraw the filter bar, histogram, reader and the panel on screen; the others when next shown."""
        self._show_filter()
        shown = self._histogram_of
        if shown is None or shown[0] is not self.state.corpus or shown[1:] != (self.state.filter, self.state.freq):
            self.histogram_slot.show(_histogram_figure(self.state))
            self._histogram_of = (self.state.corpus, self.state.filter, self.state.freq)
        self._draw_shown_panel()
        self._refresh_reader()
        if self.warms_up:
            self.state.warm_up()  # the other panels' tables, in the background (once per corpus)

    def _draw_shown_panel(self) -> None:
        """Draw the panel on screen if the filter or selection changed since it was last drawn."""
        panel = PANELS[self.tabs.selected_index or 0]
        if panel in self._stale:
            getattr(self, f"_draw_{panel}")()
            self._stale.discard(panel)
        self._hook_figures()

    def _refresh_reader(self) -> None:
        state = self.state
        self.reader.value = state.reader_html()
        doc_id = state.reader_document()
        self.citation.value = state.citation(doc_id) if doc_id else ""
        self.previous.disabled = state.neighbour(-1) is None
        self.next.disabled = state.neighbour(1) is None
        self.selection_line.value = _selection_html(state)
        if self.show_code.value:
            self.code.value = state.as_code(source=self.picker.choice)

    def _show_filter(self) -> None:
        f = self.state.filter
        self._quiet = True
        try:
            self.sections.value = f.sections or SECTIONS
            actors = self.state.actor_names(top=500)
            if list(self.actor.options) != actors:
                self.actor.options = actors
            self.actor.value = f.actor or ""
            self.term.value = f.term or ""
            self.text.value = f.text or ""
            by_label, by_id = self._document_titles()
            if list(self.documents.allowed_tags) != list(by_label):
                self.documents.allowed_tags = list(by_label)
            self.documents.value = [by_id[d] for d in (f.doc_ids or ()) if d in by_id]
            self.freq.value = self.state.freq
        finally:
            self._quiet = False

    def _draw_overview(self) -> None:
        state = self.state
        docs = state.documents()
        self.summary.value = (summary_html(state.corpus) + f"<br><b>{len(docs)}</b> documents pass the filter.")
        self._fill(self.documents_list, docs, lambda r: f"{_day(r.published)} · {r.title} · {r.source or ''}")

    def _draw_timeline(self) -> None:
        from toolkit.plots.timeline import plot_timeline

        table = self.state.timeline()
        fig = plot_timeline(table, color="doc_id" if table["doc_id"].nunique() <= 10 else None)
        if table["marked"].any():  # the selected term: its events stay bright, the others fade
            marked = set(table.index[table["marked"]])
            for trace in fig.data:
                if trace.customdata is not None:
                    trace.selectedpoints = [i for i, label in enumerate(trace.customdata) if label in marked]
        fig.update_layout(dragmode="select", selectdirection="h")
        self.timeline_figure_slot.show(fig)
        self._fill(self.events_list, table, lambda r: f"{_day(r.date_start)} · {r.text} · {_cut(r.sentence)}")

    def _draw_part(self, part: str, draw, *depends) -> None:
        """``draw()`` unless ``part`` of a panel shows what it showed when last drawn: the same corpus,
        filter and ``depends``. A figure is not rebuilt for a selection it does not show (selecting
        a term leaves the actor charts as they are); a draw that fails is tried again next time."""
        corpus, shown = self.state.corpus, (self.state.filter, *depends)
        drawn = self._drawn.get(part)
        if drawn is not None and drawn[0] is corpus and drawn[1] == shown:
            return
        self._drawn.pop(part, None)
        draw()
        self._drawn[part] = (corpus, shown)

    def _draw_keywords(self) -> None:
        from toolkit.plots.keywords import plot_keywords, plot_trends

        state = self.state
        actor, term = state.selection.actor, state.term()

        def keywords():
            against = ("sentences naming " + actor) if actor else "the filter"
            self.keywords_figure_slot.show(plot_keywords(state.keywords(), title=f"Keywords of {against}"))

        def in_context():
            lines = state.kwic()
            self.kwic.value = (kwic_html(lines) if term else
                               "<i>Click a keyword, or type a term, to see it in context.</i>")
            self._fill(self.kwic_list, lines, lambda r: f"{r.title}: …{r.left[-40:]} [{r.match}] {r.right[:40]}…")
            self.trend_figure_slot.show(plot_trends(state.trend(), title=f"Trend of {term}" if term else
                                                          "Trend (select a term)"))

        self._draw_part("keywords", keywords, actor)
        self._draw_part("kwic", in_context, term)

    def _draw_actors(self) -> None:
        from toolkit.plots.actors import plot_actor_network, plot_actors

        state = self.state

        def lists():
            self._fill(self.quotes_list, state.quotes(),
                       lambda r: f"{r.speaker or r.speaker_text or '?'}: “{_cut(r.quote, 90)}” ({r.title})")
            self._fill(self.relations_list, state.relations(),
                       lambda r: f"{r.source} —{r.polarity}→ {r.target}: {_cut(r.sentence, 90)}")

        self._draw_part("actors", lambda: self.actors_figure_slot.show(
            plot_actors(state.actors(), top=25, title="Most mentioned actors in the filter")))
        self._draw_part("network", lambda: self.network_figure_slot.show(plot_actor_network(  # stance edges: the actor's
            state.cooccurrence(), state.actors(), state.relations(), top=25,
            title="Who appears with whom (same sentence)")), state.selection.actor)
        self._draw_part("actor lists", lists, state.selection.actor)

    def _fill(self, listing: widgets.Select, table: pd.DataFrame, label) -> None:
        """Offer a table's rows in a list; each option's value is the row (doc_id, and start or sent_id)."""
        self._quiet = True
        try:
            rows = table.head(ROWS_LISTED)
            listing.options = [(label(r), tuple((k, getattr(r, k)) for k in ("doc_id", "start", "sent_id")
                                                if hasattr(r, k))) for r in rows.itertuples(index=False)]
            listing.value = None
        finally:
            self._quiet = False
        more = f", first {ROWS_LISTED} of {len(table)}" if len(table) > ROWS_LISTED else f", {len(table)}"
        listing.description = listing.description.split(" (")[0] + f" (open in reader{more})"

    # ---- export, state file, code

    def _current_panel(self) -> str:
        return PANELS[self.tabs.selected_index or 0]

    def _current_figure(self):
        panel = self._current_panel()
        widget = {"overview": self.histogram, "timeline": self.timeline_figure, "keywords": self.keywords_figure,
                  "actors": self.actors_figure}[panel]
        import plotly.graph_objects as go

        return go.Figure(widget)

    def _current_table(self) -> pd.DataFrame:
        panel = self._current_panel()
        tables = self.state.tables()
        return {"overview": tables["documents"], "timeline": tables["timeline"], "keywords": tables["keywords"],
                "actors": tables["actors"]}[panel]

    def _params(self) -> dict:
        return {"panel": self._current_panel(), "workspace": self.state.to_dict(), "source": self.picker.choice}

    def _save_state(self, _button=None) -> None:
        path = self.state.save(self.state_path.value)
        self.state_status.value = f"Saved <code>{html.escape(str(path))}</code>"

    def _load_state(self, _button=None) -> None:
        try:
            self.state.load(self.state_path.value)
        except (OSError, ValueError, TypeError) as err:
            self.state_status.value = f'<span style="color:#b00020">{html.escape(str(err))}</span>'
            return
        self.state_status.value = f"Loaded <code>{html.escape(self.state_path.value)}</code>"

    def _on_show_code(self, change) -> None:
        self.code.layout.display = "" if change.new else "none"
        if change.new:
            self.code.value = self.state.as_code(source=self.picker.choice)


def _histogram_figure(state: WorkspaceState):
    from toolkit.plots.workspace import plot_histogram

    return plot_histogram(state.histogram(), freq=state.freq, start=state.filter.start, end=state.filter.end)


def _selection_html(state: WorkspaceState) -> str:
    s = state.selection
    parts = [f"{name}: <b>{html.escape(str(value))}</b>" for name, value in
             (("actor", s.actor), ("term", s.term), ("document", s.doc_id)) if value]
    fields = {k: v for k, v in json.loads(state.to_json())["filter"].items() if v}
    shown = ", ".join(f"{k}={html.escape(str(v))}" for k, v in fields.items()) or "none"
    chosen = " · ".join(parts) or "nothing selected (click an actor, a keyword, an event or a row)"
    return f'<div style="color:#444">Filter: {shown} &nbsp;|&nbsp; Selected: {chosen}</div>'


def _day(value) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}" if value is not None and pd.notna(value) else "undated"


def _cut(text, width: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
