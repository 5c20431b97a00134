"""The overview's state: the grouping, measure and sections, and the section counts of them."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit.labels import document_labels
from toolkit.overview import GROUPINGS, MEASURES, plot_section_counts, section_counts
from toolkit.widgets.state.lens import LensState

class OverviewState(LensState):
    """What the overview shows; no widgets here, so it can be tested and reused on its own.

    The corpus, the sections and the document filter are the workspace's (see
    :class:`~toolkit.widgets.state.lens.LensState`).
    """

    by = traitlets.Enum(GROUPINGS, default_value="document")
    measure = traitlets.Enum(tuple(MEASURES), default_value="n_sentences")

    def counts(self) -> pd.DataFrame:
        """The :func:`~toolkit.overview.section_counts` table for the filtered documents, sections and grouping."""
        return section_counts(self.view(), by=self.by)

    def figure(self) -> go.Figure:
        # documents by title on the axis, not by raw id
        labels = document_labels(self.corpus.documents, max_chars=30) if self.by == "document" else None
        return plot_section_counts(self.counts(), measure=self.measure, by=self.by, labels=labels)

    def settings(self) -> dict:
        """The lens's own settings (:meth:`params` adds the workspace's filter and selection)."""
        return {"by": self.by, "measure": self.measure, "sections": list(self.sections)}
