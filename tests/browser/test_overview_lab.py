"""04-overview in JupyterLab: Run All, change widgets, the plot follows, Export writes files."""
from __future__ import annotations

import pytest
from driver import choose, export, open_notebook, run_all, screenshot_output, toggle, wait_for_change, wait_for_plot
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_overview_in_lab(lab, page, screenshots):
    open_notebook(page, lab, "04-overview.ipynb")
    run_all(page)
    state = wait_for_plot(page)
    assert state["title"] == "Sentences per document, by section" and state["traces"] == 3

    choose(page, "Group by", "year")
    state = wait_for_change(page, state)
    assert state["title"] == "Sentences per year, by section"

    toggle(page, "caption")
    state = wait_for_change(page, state)
    assert state["traces"] == 2

    choose(page, "Corpus", "samples/wikinews")
    expect(page.locator(".widget-html:visible", has_text="90 documents").first).to_be_visible()
    state = wait_for_change(page, state)
    choose(page, "Count", "Tokens")
    state = wait_for_change(page, state)
    assert state["title"] == "Tokens per year, by section" and state["traces"] == 2
    assert state["x"][1] - state["x"][0] > 5  # one bar per year, 2004 to 2013

    files = export(page, lab.exports, "lab-overview", formats=("png", "html"))
    assert files == ["lab-overview.csv", "lab-overview.html", "lab-overview.json", "lab-overview.png"]
    screenshot_output(page, screenshots / "04-overview.png")
    lab.shutdown_kernels()
