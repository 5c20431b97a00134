"""Keywords explorer: a keyword chart with its controls, a KWIC table, and a dispersion or trend plot.

:class:`KeywordsState` holds the settings and computes tables and figures
without any widget; :class:`KeywordsExplorer` is the view wired to it.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit.concordance import count_matches, kwic, kwic_html
from toolkit.dispersion import dispersion, term_trends
from toolkit.index import section_view
from toolkit.keywords import METHODS, PHRASES, keywords, split_by_date
from toolkit.schemas import SECTIONS, empty
from toolkit.plots.keywords import plot_dispersion, plot_keywords, plot_trends
from toolkit.tokenize import stopwords as toolkit_stopwords
from toolkit.widgets.common import CorpusPicker, ErrorOutput, ExportControl, known_subset, replace_figure

NO_COMPARISON, DATE_SPLIT = "none", "date"
DETAIL_PLOTS = ("dispersion", "trend")
KWIC_LINES = 500  # lines shown; more would only slow the page down
METHOD_LABELS = {
    "keyness": "keyness (G²)",
    "log_ratio": "log ratio",
    "tfidf": "TF-IDF",
    "frequency": "frequency",
}
_NOT_COMPARABLE = {"doc_id", "title", "published", "url", "path", "text", "n_sentences", "n_tokens", "content_hash"}


def comparison_columns(corpus) -> list[str]:
    """Documents columns that can split a corpus into sub-corpora (source and metadata)."""
    docs = corpus.documents
    return [c for c in docs.columns if c not in _NOT_COMPARABLE and 1 < docs[c].astype(str).nunique() <= 50]


def middle_date(corpus) -> str:
    """The median publication date (YYYY-MM-DD), a sensible first split; "" if nothing is dated."""
    dates = pd.to_datetime(corpus.documents["published"]).dropna()
    return "" if dates.empty else f"{dates.sort_values().iloc[len(dates) // 2]:%Y-%m-%d}"


class KeywordsState(traitlets.HasTraits):
    """What the keywords explorer shows; no widgets here, so it can be tested and reused on its own."""

    corpus = traitlets.Instance("toolkit.corpus.Corpus")
    method = traitlets.Enum(METHODS, default_value="keyness")
    ngram_range = traitlets.Tuple(traitlets.Int(), traitlets.Int(), default_value=(1, 3))
    remove_stopwords = traitlets.Bool(True)
    extra_stopwords = traitlets.Unicode("")
    compare = traitlets.Unicode(NO_COMPARISON)
    split_date = traitlets.Unicode("")
    sections = traitlets.Tuple(default_value=SECTIONS)
    top_n = traitlets.Int(25, min=1, max=500)
    min_count = traitlets.Int(2, min=1)
    phrases = traitlets.Enum(PHRASES, default_value="clean")
    query = traitlets.Unicode("")
    regex = traitlets.Bool(False)
    selected = traitlets.List(traitlets.Unicode(), default_value=[])
    detail = traitlets.Enum(DETAIL_PLOTS, default_value="dispersion")

    @traitlets.validate("sections")
    def _known_sections(self, proposal):
        return known_subset(proposal.value, SECTIONS, "sections")

    @traitlets.validate("compare")
    def _known_comparison(self, proposal):
        allowed = [NO_COMPARISON, DATE_SPLIT, *comparison_columns(self.corpus)] if self.corpus else None
        if allowed and proposal.value not in allowed:
            raise traitlets.TraitError(f"compare={proposal.value!r} is not one of {allowed}")
        return proposal.value

    @traitlets.observe("corpus")
    def _new_corpus(self, change):
        self.split_date = middle_date(change.new)
        if self.compare not in (NO_COMPARISON, DATE_SPLIT, *comparison_columns(change.new)):
            self.compare = NO_COMPARISON

    def view(self):
        """The corpus restricted to the chosen sections (a :class:`~toolkit.index.SectionView`, kept by the
        corpus so its counts stay cached)."""
        if self.sections == SECTIONS:  # everything: no copy, so counts made for the corpus are reused
            return self.corpus
        return section_view(self.corpus, self.sections)

    def stopword_setting(self):
        """``False`` or the set of stop words, the toolkit's list plus the user's."""
        if not self.remove_stopwords:
            return False
        extra = [w for w in self.extra_stopwords.replace(",", " ").split() if w]
        return toolkit_stopwords(extra) if extra else True

    def by(self):
        """The ``by=`` argument of :func:`toolkit.keywords` for the chosen comparison."""
        if self.compare == NO_COMPARISON:
            return None
        if self.compare == DATE_SPLIT:
            if not self.split_date:
                raise ValueError("the corpus has no dated documents to split; choose another comparison")
            return split_by_date(self.view(), self.split_date)
        return self.compare

    def table(self) -> pd.DataFrame:
        """The keyword table for the current settings."""
        return keywords(
            self.view(), method=self.method, top_n=self.top_n, ngram_range=self.ngram_range,
            by=self.by(), stopwords=self.stopword_setting(), min_count=self.min_count, phrases=self.phrases,
        )

    def figure(self, table: pd.DataFrame | None = None) -> go.Figure:
        table = self.table() if table is None else table
        return plot_keywords(table, method=self.method, title=self.title())

    def title(self) -> str:
        where = self.corpus.name if self.corpus is not None else ""
        versus = {NO_COMPARISON: "", DATE_SPLIT: f", before vs after {self.split_date}"}.get(
            self.compare, f", by {self.compare}")
        return f"Keywords by {METHOD_LABELS[self.method]}: {where}{versus}"

    def kwic_table(self) -> pd.DataFrame:
        """KWIC lines of the search query (empty when there is none)."""
        if not self.query.strip():
            return empty("kwic")
        return kwic(self.view(), self.query, regex=self.regex, limit=KWIC_LINES)

    def kwic_count(self) -> int:
        """All occurrences of the search query (the table shows the first :data:`KWIC_LINES`)."""
        return count_matches(self.view(), self.query, regex=self.regex) if self.query.strip() else 0

    def detail_figure(self) -> go.Figure:
        """Dispersion (by corpus offset) or monthly trend of the selected terms."""
        terms = list(self.selected)
        if self.detail == "trend":
            return plot_trends(term_trends(self.view(), terms, freq="month"),
                               title="Trend of " + (", ".join(terms) or "(select terms)"))
        return plot_dispersion(dispersion(self.view(), terms),
                               title="Dispersion of " + (", ".join(terms) or "(select terms)"))

    def select_term(self, term: str) -> None:
        """Select a term: add it to the plotted terms and search for it."""
        if term not in self.selected:
            self.selected = [*self.selected, term]
        self.regex = False
        self.query = term

    def params(self) -> dict:
        """The settings, for the export sidecar."""
        return {
            "method": self.method, "ngram_range": list(self.ngram_range), "remove_stopwords": self.remove_stopwords,
            "extra_stopwords": self.extra_stopwords, "compare": self.compare, "split_date": self.split_date,
            "sections": list(self.sections), "top_n": self.top_n, "min_count": self.min_count, "phrases": self.phrases,
            "query": self.query, "selected": list(self.selected), "detail": self.detail,
        }


class KeywordsExplorer(widgets.VBox):
    """Corpus picker, keyword controls and chart, term picker, KWIC search, detail plot, export."""

    def __init__(self, src=None, *, cache: bool = True, **kwargs):
        self.picker = CorpusPicker(src, cache=cache)
        self.state = KeywordsState(corpus=self.picker.corpus)
        self.errors = ErrorOutput()
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
        self.section_boxes = {
            s: widgets.Checkbox(value=True, description=s, indent=False, layout=widgets.Layout(width="100px"))
            for s in SECTIONS
        }
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
            widgets.HBox([self.method, self.ngrams, self.top_n]),
            widgets.HBox([self.stopwords, self.extra_stopwords, self.every_ngram]),
            widgets.HBox([self.compare, self.split_date, widgets.Label("Sections:"), *self.section_boxes.values()]),
            self.status, self.errors, self.figure,
            widgets.HBox([self.terms, self.detail]), self.detail_figure,
            widgets.HBox([self.search, self.regex]), self.kwic,
            self.export,
        ]
        super().__init__(rows, **kwargs)
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
        for box in self.section_boxes.values():
            box.observe(self._on_section_box, "value")
        self.terms.observe(self._on_terms, "value")
        self.picker.observe(self._on_corpus, "corpus")
        self.state.observe(self._show_selected, "selected")
        self.state.observe(guard(self._refresh_keywords),
                           ["method", "ngram_range", "top_n", "remove_stopwords", "extra_stopwords", "compare",
                            "split_date", "sections", "min_count", "phrases", "corpus"])
        self.state.observe(guard(self._refresh_kwic), ["query", "regex", "sections", "corpus"])
        self.state.observe(guard(self._refresh_detail), ["selected", "detail", "sections", "corpus"])

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

    def _on_section_box(self, _change) -> None:
        self.state.sections = tuple(s for s, box in self.section_boxes.items() if box.value)

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


def keywords_explorer(src=None, *, cache: bool = True) -> KeywordsExplorer:
    """The keywords explorer for a corpus (default the seeds): display it in a notebook cell.

    Args:
        src: None (seeds), a known corpus name such as ``"samples/wikinews"``, a path, or a Corpus.
        cache: passed to :func:`toolkit.load_corpus`.
    """
    return KeywordsExplorer(src, cache=cache)
