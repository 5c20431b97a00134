"""Overview explorer: pick a corpus, see its documents and how its sentences split by section."""
from __future__ import annotations

import ipywidgets as widgets

from toolkit.overview import GROUPINGS, MEASURES
from toolkit.schemas import SECTIONS
from toolkit.widgets.common import (
    CheckboxGroup, ErrorOutput, ExportControl, figure_widget, fit_labels, replace_figure,
)
from toolkit.widgets.filters import PublishedFilter, lens_picker
from toolkit.widgets.html import documents_html, summary_html
from toolkit.widgets.state.overview import OverviewState


class OverviewExplorer(widgets.VBox):
    """Corpus picker, a summary line, section counts as stacked bars, the documents table, export."""

    def __init__(self, src=None, *, cache: bool = True, workspace=None, **kwargs):
        self.picker, shared = lens_picker(src, workspace, cache=cache)
        self.picker.status.layout.display = "none"  # the summary below says more
        self.state = OverviewState(corpus=self.picker.corpus, workspace=shared)
        self.errors = ErrorOutput()
        self._tables_of = None  # (corpus, filter) the summary and documents table show
        self.published = PublishedFilter(self.state.workspace, errors=self.errors)  # the workspace's filter
        self.by = widgets.Dropdown(options=GROUPINGS, value=self.state.by, description="Group by")
        self.measure = widgets.Dropdown(
            options=[(label, key) for key, label in MEASURES.items()], value=self.state.measure, description="Count"
        )
        self.sections = CheckboxGroup(SECTIONS, label="Sections:", value=self.state.sections, width="100px")
        self.section_boxes = self.sections.boxes
        self.summary = widgets.HTML()
        self.figure = figure_widget(self.state.figure())
        self.table = widgets.HTML()
        self.export = ExportControl(
            lambda: self.figure, get_data=self.state.counts, get_params=self.state.params,
            get_corpus=lambda: self.state.corpus, name="overview",
        )
        controls = widgets.HBox([self.by, self.measure, self.sections])
        super().__init__(
            [self.picker, self.summary, self.published, controls, self.errors, self.figure, self.table, self.export], **kwargs
        )
        fit_labels(self)
        widgets.link((self.by, "value"), (self.state, "by"))
        widgets.link((self.measure, "value"), (self.state, "measure"))
        widgets.link((self.sections, "value"), (self.state, "sections"))
        widgets.dlink((self.picker, "corpus"), (self.state, "corpus"))
        # the corpus, sections and document filter are the workspace's: a change there bumps revision
        self.state.observe(self.errors.guard(self._refresh_figure), ["by", "measure", "revision"])
        self.state.observe(self.errors.guard(self._refresh_tables), "revision")
        self._refresh_tables()

    def _refresh_figure(self, _change=None) -> None:
        replace_figure(self.figure, self.state.figure())

    def _refresh_tables(self, _change=None) -> None:
        workspace = self.state.workspace
        if self._tables_of is not None and self._tables_of[0] is workspace.corpus \
                and self._tables_of[1] == workspace.filter:
            return  # a selection bumps revision too, but lists no other documents
        self._tables_of = (workspace.corpus, workspace.filter)
        shown = self.state.view().documents
        self.summary.value = summary_html(self.state.corpus)
        if len(shown) < len(self.state.corpus.documents):
            self.summary.value += f"<br><b>{len(shown)}</b> documents pass the filter."
        self.table.value = documents_html(shown)


def overview_explorer(src=None, *, cache: bool = True, workspace=None) -> OverviewExplorer:
    """The overview explorer for a corpus (default the seeds): display it in a notebook cell.

    Args:
        src: None (seeds), a known corpus name such as ``"samples/wikinews"``, a path, or a Corpus.
        cache: passed to :func:`toolkit.load_corpus`.
        workspace: a :class:`~toolkit.widgets.workspace.Workspace` (or its state) to share the corpus, filter and
            selection with: the two views then follow each other.
    """
    return OverviewExplorer(src, cache=cache, workspace=workspace)
