"""Dashboard mode: a notebook served by Voilà shows the same controls, and they drive the plot."""
from __future__ import annotations

import pytest
from driver import choose, wait_for_change, wait_for_plot
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VOILA_NOTEBOOK = "04-overview.ipynb"


def test_overview_as_voila_app(voila_app, page, screenshots):
    page.goto(f"{voila_app.url}/?token={voila_app.token}", timeout=180_000)
    state = wait_for_plot(page)
    assert state["title"] == "Sentences per document, by section"
    expect(page.get_by_text("import toolkit as tk")).to_have_count(0)  # no code, only the app

    choose(page, "Corpus", "samples/wikinews")
    state = wait_for_change(page, state)
    choose(page, "Group by", "month")
    state = wait_for_change(page, state)
    choose(page, "Count", "Documents")
    state = wait_for_change(page, state)
    assert state["title"] == "Documents per month, by section" and state["traces"] == 2
    page.screenshot(path=str(screenshots / "04-overview-voila.png"), full_page=True)
