"""02-keywords in JupyterLab: Run All, change method and Top N, the chart follows, Export writes files."""
from __future__ import annotations

import pytest
from driver import (choose, export, nudge_slider, open_notebook, run_all, screenshot_output, wait_for_change,
                    wait_for_plot)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOTEBOOK = "02-keywords.ipynb"


def test_keywords_in_lab(lab, page, screenshots):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    state = wait_for_plot(page)
    assert state["title"].startswith("Keywords") and state["title"].endswith("seeds")

    choose(page, "Method", "TF-IDF")
    state = wait_for_change(page, state, key="title")
    assert "TF-IDF" in state["title"]

    nudge_slider(page, "Top N", -3)  # 25 -> 10 terms: fewer bars, a shorter axis
    state = wait_for_change(page, state, key="y")

    choose(page, "Corpus", "samples/wikinews")
    state = wait_for_change(page, state, key="title")
    assert state["title"].endswith("wikinews")

    files = export(page, lab.exports, "lab-keywords")
    assert files == ["lab-keywords.csv", "lab-keywords.html", "lab-keywords.json"]
    screenshot_output(page, screenshots / "02-keywords.png")
    lab.shutdown_kernels()
