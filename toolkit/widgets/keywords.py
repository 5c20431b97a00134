"""Keywords explorer: a keyword chart with its controls, a KWIC table, and a dispersion or trend plot.

:class:`KeywordsState` (:mod:`toolkit.widgets.state.keywords`) holds the settings and computes tables and figures
without any widget; :class:`KeywordsExplorer` is the view wired to it.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from toolkit.keywords import METHODS
from toolkit.schemas import SECTIONS
from toolkit.widgets.common import CheckboxGroup, ErrorOutput, ExportControl, fit_labels, replace_figure
from toolkit.widgets.filters import PublishedFilter, lens_picker
from toolkit.widgets.html import kwic_html
from toolkit.widgets.state.keywords import (
    DATE_SPLIT, METHOD_LABELS, NO_COMPARISON, KeywordsState, comparison_columns,
)


class KeywordsExplorer(widgets.VBox):
    """Corpus picker, keyword controls and chart, term picker, KWIC search, detail plot, export."""

    def __init__(self, src=None, *, cache: bool = True, workspace=None, **kwargs):
        self.picker, shared = lens_picker(src, workspace, cache=cache)
        self.state = KeywordsState(corpus=self.picker.corpus, workspace=shared)
        self.errors = ErrorOutput()
        self.published = PublishedFilter(self.state.workspace, errors=self.errors)  # the workspace's filter
        self._table = pd.DataFrame()
        self._resetting_terms = False
        short = widgets.Layout(width="300px")
        self.method = widgets.Dropdown(options=[(METHOD_LABELS[m], m) for m in METHODS], value=self.state.method,
                                       description="Method", layout=short)
        self.ngrams = widgets.IntRangeSlider(value=self.state.ngram_range, min=1, max=4, description="N-grams",
                                             continuous_update=False, layout=short)
        self.top_n = widgets.IntSlider(value=self.state.top_n, min=5, max=100, step=5, description="Top N",
                                       continuous_update=False, layout=short)
        self.stopwords = widgets.Checkbox(value=True, description="Remove stop words", indent=False)
        self.every_ngram = widgets.Checkbox(value=self.state.phrases == "all", indent=False,
                                            description="Every n-gram (not only names and expressions)")
        self.status = widgets.HTML("")
        self.extra_stopwords = widgets.Text(description="More stop words", placeholder="e.g. said, told",
                                            continuous_update=False, layout=widgets.Layout(width="360px"))
        self.compare = widgets.Dropdown(description="Compare", layout=short)
        self.split_date = widgets.Text(value=self.state.split_date, description="Split at",
                                       placeholder="YYYY-MM-DD", continuous_update=False, layout=short)
        self.sections = CheckboxGroup(SECTIONS, label="Sections:", value=self.state.sections, width="100px")
        self.section_boxes = self.sections.boxes
        self.figure = go.FigureWidget()
        self.terms = widgets.SelectMultiple(description="Terms", rows=6, layout=widgets.Layout(width="360px"))
        self.detail = widgets.ToggleButtons(options=[("Dispersion", "dispersion"), ("Trend", "trend")],
                                            value=self.state.detail, description="Plot")
        self.search = widgets.Text(description="Search", placeholder='word, "hun sen", arrest*',
                                   continuous_update=False, layout=widgets.Layout(width="360px"))
        self.regex = widgets.Checkbox(value=False, description="Regex", indent=False)
        self.kwic = widgets.HTML()
        self.detail_figure = go.FigureWidget()
        self.export = ExportControl(
            lambda: self.figure, get_data=lambda: self._table, get_params=self.state.params,
            get_corpus=lambda: self.state.corpus, name="keywords",
        )
        self._fill_compare_options()
        rows = [
            self.picker,
            self.published,
            widgets.HBox([self.method, self.ngrams, self.top_n]),
            widgets.HBox([self.stopwords, self.extra_stopwords, self.every_ngram]),
            widgets.HBox([self.compare, self.split_date, self.sections]),
            self.status, self.errors, self.figure,
            widgets.HBox([self.terms, self.detail]), self.detail_figure,
            widgets.HBox([self.search, self.regex]), self.kwic,
            self.export,
        ]
        super().__init__(rows, **kwargs)
        fit_labels(self)
        self._wire()
        self._refresh_keywords()
        self._refresh_kwic()
        self._refresh_detail()

    def _wire(self) -> None:
        guard = self.errors.guard
        for control, name in ((self.method, "method"), (self.ngrams, "ngram_range"), (self.top_n, "top_n"),
                              (self.stopwords, "remove_stopwords"), (self.extra_stopwords, "extra_stopwords"),
                              (self.split_date, "split_date"), (self.regex, "regex"), (self.detail, "detail")):
            widgets.link((control, "value"), (self.state, name))
        widgets.link((self.search, "value"), (self.state, "query"))
        widgets.dlink((self.every_ngram, "value"), (self.state, "phrases"), lambda every: "all" if every else "clean")
        # Forwarders stay unguarded: the refreshers they trigger are guarded, and a
        # guard around them would clear the error those refreshers report.
        self.compare.observe(lambda change: setattr(self.state, "compare", change.new), "value")
        widgets.link((self.sections, "value"), (self.state, "sections"))
        self.terms.observe(self._on_terms, "value")
        self.picker.observe(self._on_corpus, "corpus")
        self.state.observe(self._show_selected, "selected")
        self.state.observe(guard(self._refresh_keywords),
                           ["method", "ngram_range", "top_n", "remove_stopwords", "extra_stopwords", "compare",
                            "split_date", "min_count", "phrases", "revision"])
        # the corpus, sections and document filter are the workspace's: a change there bumps revision
        self.state.observe(guard(self._refresh_kwic), ["query", "regex", "revision"])
        self.state.observe(guard(self._refresh_detail), ["selected", "detail", "revision"])

    def _fill_compare_options(self) -> None:
        options = [("no comparison", NO_COMPARISON), ("before / after a date", DATE_SPLIT)]
        options += [(f"by {c}", c) for c in comparison_columns(self.state.corpus)]
        self.compare.options = options
        self.compare.value = self.state.compare
        self.split_date.value = self.state.split_date

    def _on_corpus(self, change) -> None:
        self.state.selected = []
        self.state.corpus = change.new
        self._fill_compare_options()

    def _on_terms(self, change) -> None:
        if self._resetting_terms:
            return
        self.state.selected = list(change.new)
        if change.new:
            self.state.query = change.new[-1]

    def _on_bar_click(self, trace, points, _state) -> None:
        for k in points.point_inds:
            self.state.select_term(str(trace.y[k]))

    def _show_selected(self, change) -> None:
        self.terms.value = tuple(t for t in change.new if t in self.terms.options)

    def _refresh_keywords(self, _change=None) -> None:
        # An n-gram length never counted before counts terms again: seconds on a large corpus.
        self.status.value = "<i>Computing keywords…</i>"
        try:
            self._table = self.state.table()
        finally:
            self.status.value = ""
        replace_figure(self.figure, self.state.figure(self._table))
        for trace in self.figure.data:
            trace.on_click(self._on_bar_click)
        self._resetting_terms = True  # new options clear the value; keep the selection
        try:
            self.terms.options = list(pd.unique(self._table["term"]))
            self.terms.value = tuple(t for t in self.state.selected if t in self.terms.options)
        finally:
            self._resetting_terms = False

    def _refresh_kwic(self, _change=None) -> None:
        if not self.state.query.strip():
            self.kwic.value = "<p><i>Search for a word, a phrase or a wildcard, or select a term.</i></p>"
            return
        lines, total = self.state.kwic_table(), self.state.kwic_count()
        shown = f" (the first {len(lines)} shown)" if total > len(lines) else ""
        self.kwic.value = (
            f"<p><b>{total}</b> lines for <code>{html.escape(self.state.query)}</code>{shown}</p>"
            + kwic_html(lines, max_rows=None)
        )

    def _refresh_detail(self, _change=None) -> None:
        replace_figure(self.detail_figure, self.state.detail_figure())


def keywords_explorer(src=None, *, cache: bool = True, workspace=None) -> KeywordsExplorer:
    """The keywords explorer for a corpus (default the seeds): display it in a notebook cell.

    Args:
        src: None (seeds), a known corpus name such as ``"samples/wikinews"``, a path, or a Corpus.
        cache: passed to :func:`toolkit.load_corpus`.
        workspace: a :class:`~toolkit.widgets.workspace.Workspace` (or its state) to share the corpus, filter and
            selection with: the two views then follow each other.
    """
    return KeywordsExplorer(src, cache=cache, workspace=workspace)
