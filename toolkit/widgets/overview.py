"""Overview explorer: pick a corpus, see its documents and how its sentences split by section."""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit.overview import GROUPINGS, MEASURES, plot_section_counts, section_counts
from toolkit.schemas import SECTIONS
from toolkit.widgets.common import CorpusPicker, ErrorOutput, ExportControl, known_subset, figure_widget, replace_figure

TABLE_COLUMNS = ["title", "published", "source", "n_sentences", "n_tokens", "doc_id"]


class OverviewState(traitlets.HasTraits):
    """What the overview shows; no widgets here, so it can be tested and reused on its own."""

    corpus = traitlets.Instance("toolkit.corpus.Corpus")
    by = traitlets.Enum(GROUPINGS, default_value="document")
    measure = traitlets.Enum(tuple(MEASURES), default_value="n_sentences")
    sections = traitlets.Tuple(default_value=SECTIONS)

    @traitlets.validate("sections")
    def _known_sections(self, proposal):
        return known_subset(proposal.value, SECTIONS, "sections")

    def counts(self) -> pd.DataFrame:
        """The :func:`~toolkit.overview.section_counts` table for the chosen sections and grouping."""
        return section_counts(self.corpus.select(sections=self.sections), by=self.by)

    def figure(self) -> go.Figure:
        return plot_section_counts(self.counts(), measure=self.measure, by=self.by)

    def params(self) -> dict:
        """The settings, for the export sidecar."""
        return {"by": self.by, "measure": self.measure, "sections": list(self.sections)}


class OverviewExplorer(widgets.VBox):
    """Corpus picker, a summary line, section counts as stacked bars, the documents table, export."""

    def __init__(self, src=None, *, cache: bool = True, **kwargs):
        self.picker = CorpusPicker(src, cache=cache)
        self.picker.status.layout.display = "none"  # the summary below says more
        self.state = OverviewState(corpus=self.picker.corpus)
        self.errors = ErrorOutput()
        self.by = widgets.Dropdown(options=GROUPINGS, value=self.state.by, description="Group by")
        self.measure = widgets.Dropdown(
            options=[(label, key) for key, label in MEASURES.items()], value=self.state.measure, description="Count"
        )
        self.section_boxes = {
            section: widgets.Checkbox(value=True, description=section, indent=False, layout=widgets.Layout(width="100px"))
            for section in SECTIONS
        }
        self.summary = widgets.HTML()
        self.figure = figure_widget(self.state.figure())
        self.table = widgets.HTML()
        self.export = ExportControl(
            lambda: self.figure, get_data=self.state.counts, get_params=self.state.params,
            get_corpus=lambda: self.state.corpus, name="overview",
        )
        controls = widgets.HBox([self.by, self.measure, widgets.Label("Sections:"), *self.section_boxes.values()])
        super().__init__(
            [self.picker, self.summary, controls, self.errors, self.figure, self.table, self.export], **kwargs
        )
        widgets.link((self.by, "value"), (self.state, "by"))
        widgets.link((self.measure, "value"), (self.state, "measure"))
        for box in self.section_boxes.values():
            box.observe(self.errors.guard(self._on_section_box), "value")
        widgets.dlink((self.picker, "corpus"), (self.state, "corpus"))
        self.state.observe(self.errors.guard(self._refresh_figure), ["by", "measure", "sections", "corpus"])
        self.state.observe(self.errors.guard(self._refresh_tables), "corpus")
        self._refresh_tables()

    def _on_section_box(self, _change) -> None:
        self.state.sections = tuple(section for section, box in self.section_boxes.items() if box.value)

    def _refresh_figure(self, _change=None) -> None:
        replace_figure(self.figure, self.state.figure())

    def _refresh_tables(self, _change=None) -> None:
        self.summary.value = summary_html(self.state.corpus)
        self.table.value = documents_html(self.state.corpus.documents)


def summary_html(corpus) -> str:
    """One line: documents, date range, sentences by section, tokens."""
    docs = corpus.documents
    by_section = corpus.sentences["section"].value_counts()
    sections = ", ".join(f"{by_section[s]} {s}" for s in SECTIONS if s in by_section)
    dates = docs["published"].dropna()
    span = f", published {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
    return (
        f"<b>{len(docs)}</b> documents{span}; <b>{len(corpus.sentences)}</b> sentences ({sections}); "
        f"<b>{len(corpus.tokens)}</b> tokens"
    )


def documents_html(documents: pd.DataFrame, *, max_rows: int = 500) -> str:
    """The documents table as scrollable HTML (text escaped, dates as YYYY-MM-DD)."""
    table = documents[TABLE_COLUMNS].head(max_rows).copy()
    table["published"] = table["published"].dt.strftime("%Y-%m-%d").fillna("")
    more = f"<p>… and {len(documents) - max_rows} more</p>" if len(documents) > max_rows else ""
    body = table.to_html(index=False, escape=True, border=0, classes="newslens-documents", justify="left")
    style = "<style>.newslens-documents th, .newslens-documents td {text-align: left; padding: 2px 8px}</style>"
    return f'{style}<div style="max-height:320px;overflow:auto">{body}</div>{more}'


def overview_explorer(src=None, *, cache: bool = True) -> OverviewExplorer:
    """The overview explorer for a corpus (default the seeds): display it in a notebook cell.

    Args:
        src: None (seeds), a known corpus name such as ``"samples/wikinews"``, a path, or a Corpus.
        cache: passed to :func:`toolkit.load_corpus`.
    """
    return OverviewExplorer(src, cache=cache)
