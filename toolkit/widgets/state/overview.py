"""The overview's state: the grouping, measure and sections, and the section counts of them."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit.labels import document_labels
from toolkit.overview import GROUPINGS, MEASURES, plot_section_counts, section_counts
from toolkit.schemas import SECTIONS
from toolkit.widgets.state import known_subset

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
        # documents by title on the axis, not by raw id
        labels = document_labels(self.corpus.documents, max_chars=30) if self.by == "document" else None
        return plot_section_counts(self.counts(), measure=self.measure, by=self.by, labels=labels)

    def params(self) -> dict:
        """The settings, for the export sidecar."""
        return {"by": self.by, "measure": self.measure, "sections": list(self.sections)}
