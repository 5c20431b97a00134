"""01-timeline in JupyterLab: Run All, change colour and date range, the plot follows, Export writes files."""
from __future__ import annotations

import pytest
from driver import (choose, export, nudge_slider, open_notebook, run_all, screenshot_output, wait_for_change,
                    wait_for_plot)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOTEBOOK = "01-timeline.ipynb"


def test_timeline_in_lab(lab, page, screenshots):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    state = wait_for_plot(page)
    assert state["title"].startswith("Timeline")
    assert state["x"][0][:4] > "1985"  # dates reach the page as dates (see toolkit.widgets.common.figure_widget)

    choose(page, "Colour by", "anchor")
    coloured = wait_for_change(page, state, key="traces")  # one trace per anchor type instead of per document
    assert coloured["x"][0][:4] > "1985"  # the seed's dates (1993-2018, plus padding), not 1970

    nudge_slider(page, "Dates", -12, handle="upper")  # a year off the end of the range
    narrowed = wait_for_change(page, coloured, key="title")  # fewer events counted

    choose(page, "Corpus", "samples/wikinews")
    expect(page.locator(".widget-html:visible", has_text="90 documents").first).to_be_visible()
    wikinews = wait_for_change(page, narrowed)
    assert wikinews["title"].startswith("Timeline")

    files = export(page, lab.exports, "lab-timeline")
    assert files == ["lab-timeline.csv", "lab-timeline.html", "lab-timeline.json"]
    screenshot_output(page, screenshots / "01-timeline.png")
    lab.shutdown_kernels()
