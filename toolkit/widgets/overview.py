"""Overview explorer: pick a corpus, see its documents and how its sentences split by section."""
from __future__ import annotations

import ipywidgets as widgets

from toolkit.overview import GROUPINGS, MEASURES
from toolkit.schemas import SECTIONS
from toolkit.widgets.common import (
    CorpusPicker, ErrorOutput, ExportControl, figure_widget, fit_labels, replace_figure,
)
from toolkit.widgets.html import documents_html, summary_html
from toolkit.widgets.state.overview import OverviewState


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
        fit_labels(self)
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


def overview_explorer(src=None, *, cache: bool = True) -> OverviewExplorer:
    """The overview explorer for a corpus (default the seeds): display it in a notebook cell.

    Args:
        src: None (seeds), a known corpus name such as ``"samples/wikinews"``, a path, or a Corpus.
        cache: passed to :func:`toolkit.load_corpus`.
    """
    return OverviewExplorer(src, cache=cache)
