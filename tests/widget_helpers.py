"""Helpers shared by the explorers' headless tests. Not a test module."""
from __future__ import annotations

import ipywidgets as widgets

from toolkit.widgets.common import BUTTON_CHARS, LABEL_CHARS


def cut_labels(root) -> list[str]:
    """Descriptions and button texts under ``root`` that ipywidgets' default widths would cut with "…"."""
    cut = []
    stack = [root]
    while stack:
        widget = stack.pop()
        stack.extend(getattr(widget, "children", ()))
        text = getattr(widget, "description", "") or ""
        if isinstance(widget, widgets.Button):
            if len(text) + 2 * bool(widget.icon) > BUTTON_CHARS and widget.layout.width is None:
                cut.append(text)
        elif isinstance(widget, (widgets.Checkbox, widgets.ToggleButton)):
            continue
        elif len(text) > LABEL_CHARS and getattr(widget.style, "description_width", "initial") != "initial":
            cut.append(text)
    return cut
