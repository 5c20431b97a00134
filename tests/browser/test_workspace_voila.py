"""00-workspace as a Voilà app (what ``make app`` serves): the workspace renders, and its controls drive it."""
from __future__ import annotations

import pytest
from driver import choose, open_tab, plot_index, wait_for_change, wait_for_plot
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VOILA_NOTEBOOK = "00-workspace.ipynb"


def test_workspace_as_voila_app(voila_app, page, screenshots):
    page.set_viewport_size({"width": 1600, "height": 1300})
    page.goto(f"{voila_app.url}/?token={voila_app.token}", timeout=180_000)
    histogram = wait_for_plot(page, plot_index(page, "^Documents per"))
    expect(page.get_by_text("import toolkit as tk")).to_have_count(0)  # no code, only the app

    choose(page, "Corpus", "samples/wikinews")
    expect(page.locator(".widget-html:visible", has_text="90 documents").first).to_be_visible()
    wait_for_change(page, histogram, plot_index(page, "^Documents per"), key="x")
    open_tab(page, "Actors")
    # On a cold cache the panel's first draw takes a while: find its figure only once it is there.
    expect(page.locator(".gtitle", has_text="Most mentioned actors").first).to_be_visible(timeout=180_000)
    actors = wait_for_plot(page, plot_index(page, "^Most mentioned actors"))
    assert actors["traces"] >= 1
    expect(page.locator(".tk-reader h3.tk-reader-title")).to_be_visible()  # the reader opens the first document
    page.screenshot(path=str(screenshots / "00-workspace-voila.png"), full_page=True)
