"""The published-date and source part of the workspace's filter, as one row of controls every explorer shows.

:class:`PublishedFilter` is a view of a
:class:`~toolkit.widgets.state.workspace.WorkspaceState`: picking a date or a
source sets the state's filter, and a filter set elsewhere (code, another
view of the same state, a loaded state file) shows in the controls.
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from toolkit.widgets.common import CorpusPicker, ErrorOutput
from toolkit.widgets.state.lens import workspace_state

_LABEL = {"description_width": "initial"}


def lens_picker(src, workspace, *, cache: bool):
    """A lens explorer's corpus picker and the workspace state it shares (None: the lens builds its own).

    Without ``src``, a shared workspace's corpus is the one picked.
    """
    shared = workspace_state(workspace)
    return CorpusPicker(src if src is not None or shared is None else shared.corpus, cache=cache), shared


class PublishedFilter(widgets.HBox):
    """"Published from / to" date pickers and a sources list, wired to ``state.filter``."""

    def __init__(self, state, *, errors: ErrorOutput, labels: tuple[str, str] = ("Published from", "Published to"),
                 **kwargs):
        self.state = state
        self.start = widgets.DatePicker(description=labels[0], style=_LABEL)
        self.end = widgets.DatePicker(description=labels[1], style=_LABEL)
        self.sources = widgets.SelectMultiple(description="Sources", rows=3, style=_LABEL,
                                              layout=widgets.Layout(width="260px"))
        self._quiet = False  # set while the state's values are written into the controls
        super().__init__([self.start, self.end, self.sources],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center"), **kwargs)
        guard = errors.guard
        for control, field in ((self.start, "start"), (self.end, "end")):
            control.observe(guard(lambda change, field=field: self._set(**{field: change.new})), "value")
        self.sources.observe(guard(lambda change: self._set(sources=change.new or None)), "value")
        state.observe(guard(lambda _change: self.show()), ["filter", "corpus"])
        self.show()

    def _set(self, **fields) -> None:
        if not self._quiet:
            self.state.set_filter(**fields)

    def show(self) -> None:
        """Write the state's dates and sources (and the corpus's source names) into the controls."""
        f, corpus = self.state.filter, self.state.corpus
        self._quiet = True
        try:
            self.start.value = pd.Timestamp(f.start).date() if f.start else None
            self.end.value = pd.Timestamp(f.end).date() if f.end else None
            sources = sorted(corpus.documents["source"].dropna().astype(str).unique()) if corpus is not None else []
            if list(self.sources.options) != sources:
                self.sources.options = sources
            self.sources.value = tuple(s for s in (f.sources or ()) if s in sources)
            self.sources.disabled = not sources
        finally:
            self._quiet = False
