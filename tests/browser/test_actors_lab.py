"""03-actors in JupyterLab: Run All, change colour, Top N and network unit, the plots follow, Export writes files."""
from __future__ import annotations

import pytest
from driver import (choose, export, nudge_slider, open_notebook, run_all, screenshot_output, wait_for_change,
                    wait_for_plot)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOTEBOOK = "03-actors.ipynb"
BARS, NETWORK = 0, 1  # the explorer's first and second plotly figures


def test_actors_in_lab(lab, page, screenshots):
    page.set_viewport_size({"width": 1400, "height": 3200})  # the explorer is tall; the screenshot takes it whole
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    bars = wait_for_plot(page, BARS)
    network = wait_for_plot(page, NETWORK)
    assert bars["title"].startswith("Most mentioned actors") and bars["traces"] >= 1

    choose(page, "Colour by", "group")
    bars = wait_for_change(page, bars, BARS, key="traces")

    nudge_slider(page, "Top N", -3)  # 25 -> 10 actors: fewer bars, a shorter axis
    bars = wait_for_change(page, bars, BARS, key="y")

    choose(page, "Unit", "document")
    network = wait_for_change(page, network, NETWORK, key="title")
    assert "document" in network["title"]

    files = export(page, lab.exports, "lab-actors")
    assert files == ["lab-actors.csv", "lab-actors.html", "lab-actors.json"]
    screenshot_output(page, screenshots / "03-actors.png")
    lab.shutdown_kernels()
