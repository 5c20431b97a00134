"""How the explorers sit in a JupyterLab cell: figures as wide as the cell, no control label cut off."""
from __future__ import annotations

import json

import pytest
from driver import open_notebook, run_all, wait_for_plot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOTEBOOK = "layout-check.ipynb"

# Each drawn figure's width against the output area that holds it.
_WIDTHS = """
() => [...document.querySelectorAll('.jp-OutputArea-output .js-plotly-plot')].map(gd => {
  const area = gd.closest('.jp-OutputArea-output');
  return {figure: gd._fullLayout ? gd._fullLayout.width : 0, area: area.clientWidth};
})
"""
# Labels and buttons whose text overflows their box: the browser shows them cut with "…".
_CUT_LABELS = """
() => [...document.querySelectorAll('.jp-OutputArea-output .widget-label, .jp-OutputArea-output .jupyter-button')]
  .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.textContent.trim())
"""


def _write_notebook(root, cells: list[str]) -> None:
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
                  for source in cells],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    (root / NOTEBOOK).write_text(json.dumps(notebook))


def test_figures_fill_the_cell_and_labels_fit(lab, page):
    _write_notebook(lab.root, [
        "import toolkit as tk",
        "tk.timeline_explorer(actor_lens=False)",
        "tk.keywords_explorer()",
    ])
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    wait_for_plot(page)
    page.wait_for_timeout(1500)  # the figure is sent again once its view exists
    widths = page.evaluate(_WIDTHS)
    assert widths and all(w["figure"] >= 0.9 * w["area"] for w in widths), widths
    cut = page.evaluate(_CUT_LABELS)
    assert cut == [], cut
    lab.shutdown_kernels()
