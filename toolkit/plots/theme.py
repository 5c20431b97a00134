"""The template of the timeline, actor and histogram figures: plotly_white, kept to the trace types drawn.

plotly copies a figure's whole template when the figure gets it and again when a
``go.FigureWidget`` is made from the figure. plotly_white styles 24 trace types
(7 KB of JSON); kept to bar, scatter and table (3 KB), a figure costs about 6 ms
less to make and its widget 5-8 ms less (measured 2026-12-08), which a workspace
redraw of two or three figures pays every time. The layout part, and so the look
of those figures, is plotly_white's own.
"""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = "toolkit_white"
TRACE_TYPES = ("bar", "scatter", "table")  # the trace types the toolkit's plot functions draw


def _register() -> None:
    if TEMPLATE in pio.templates:
        return
    white = pio.templates["plotly_white"].to_plotly_json()
    data = {kind: styles for kind, styles in white.get("data", {}).items() if kind in TRACE_TYPES}
    pio.templates[TEMPLATE] = go.layout.Template(layout=white.get("layout", {}), data=data)


_register()
