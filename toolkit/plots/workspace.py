"""The workspace's own figure: documents per day, week or month, the filtered ones darker, to brush dates on."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.plots.theme import TEMPLATE

PERIOD_NAMES = {"day": "day", "week": "week", "month": "month"}
_WIDTHS_MS = {"day": 86_400_000 * 0.9, "week": 7 * 86_400_000 * 0.9, "month": 28 * 86_400_000 * 0.9}


def plot_histogram(counts: pd.DataFrame, *, freq: str = "month", start: str | None = None,
                   end: str | None = None, height: int = 190) -> go.Figure:
    """Bars of documents per period (all, and those passing the filter's other fields); the date range shaded.

    Args:
        counts: ``period, documents, in_filter`` (see ``WorkspaceState.histogram``).
        freq: the period: "day", "week" or "month" (sets the bar width and the hover).
        start, end: the filter's date range, shaded; None leaves that side open.
        height: figure height in pixels.

    Returns:
        A figure whose drag mode brushes along x (``FigureWidget.on_selection`` reads the range).
    """
    if freq not in PERIOD_NAMES:
        raise ValueError(f"freq={freq!r} is not one of {list(PERIOD_NAMES)}")
    missing = {"period", "documents", "in_filter"} - set(counts.columns)
    if missing:
        raise ValueError(f"plot_histogram needs columns {sorted(missing)}")
    fig = go.Figure()
    if counts.empty:
        fig.add_annotation(text="No dated documents", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    else:
        hover = f"%{{x|%Y-%m-%d}} ({PERIOD_NAMES[freq]})<br>%{{y}} documents<extra>%{{fullData.name}}</extra>"
        fig.add_bar(x=counts["period"], y=counts["documents"], name="all documents", marker_color="#cbd5e1",
                    width=_WIDTHS_MS[freq], hovertemplate=hover)
        fig.add_bar(x=counts["period"], y=counts["in_filter"], name="in the filter", marker_color="#2563eb",
                    width=_WIDTHS_MS[freq], hovertemplate=hover)
        if start or end:
            first = pd.Timestamp(start) if start else counts["period"].min()
            last = pd.Timestamp(end) + pd.Timedelta(days=1) if end else counts["period"].max() + pd.Timedelta(days=28)
            fig.add_vrect(x0=first, x1=last, fillcolor="#fde68a", opacity=0.35, line_width=0, layer="below")
    fig.update_layout(
        barmode="overlay", dragmode="select", selectdirection="h", height=height, template=TEMPLATE,
        margin=dict(l=50, r=20, t=30, b=30), title=dict(text="Documents per " + PERIOD_NAMES[freq]
                                                        + " (drag to choose dates)", font=dict(size=13)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="right", x=1), xaxis=dict(type="date"),
        yaxis=dict(title=None, fixedrange=True), autosize=True,
    )
    return fig
