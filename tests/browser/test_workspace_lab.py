"""00-workspace in JupyterLab, on samples/wikinews (issue 17, item 8): one filter and one selection drive every panel.

The tests are the steps of one session, in order, on one page (``step``): brush dates on
the histogram, click an actor, open an event's article in the reader, export. Each step
starts from where the one before left the workspace.
"""
from __future__ import annotations

import json
import re

import pytest
from driver import (choose, click_bar, control, drag_select, export, listing, open_notebook, open_tab,
                    plot_index, plot_values, run_all, screenshot_output, wait_for_change, wait_for_plot,
                    wait_for_values)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOTEBOOK = "00-workspace.ipynb"
HISTOGRAM, TIMELINE, KEYWORDS, ACTORS = "^Documents per", "^Timeline", "^Keywords of", "^Most mentioned actors"
BRUSH = ("2006-12-16", "2008-12-16")  # across the bars of January 2007 ... December 2008 (a bar sits at its month)
START, END = "2007-02-01", "2008-12-31"  # what the brush sets: the first bar's month (none in January) to the last's end
ACTOR = "Boeing"


@pytest.fixture(scope="module")
def workspace(lab, module_page):
    """The notebook run in Lab, samples/wikinews picked in the Corpus dropdown."""
    page = module_page
    page.set_viewport_size({"width": 1600, "height": 2600})  # the workspace is wide and tall: the shots take it whole
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    histogram = wait_for_plot(page, plot_index(page, HISTOGRAM))
    choose(page, "Corpus", "samples/wikinews")
    expect(page.locator(".widget-html:visible", has_text="90 documents").first).to_be_visible()
    wait_for_change(page, histogram, plot_index(page, HISTOGRAM), key="x")  # 2004-2013 now, not the seed's day
    yield page
    lab.shutdown_kernels()


def _bars(page, title: str) -> list:
    index = plot_index(page, title)
    wait_for_plot(page, index)
    return plot_values(page, index)


def test_brushing_dates_changes_keywords_and_actors(workspace, step, screenshots):
    page = step
    open_tab(page, "Keywords")
    keywords = _bars(page, KEYWORDS)
    open_tab(page, "Actors")
    actors = _bars(page, ACTORS)

    drag_select(page, plot_index(page, HISTOGRAM), *BRUSH)  # a real mouse drag: down, moves, up
    expect(control(page, "datepicker", "From").locator("input")).to_have_value(START)
    expect(control(page, "datepicker", "To").locator("input")).to_have_value(END)
    expect(page.get_by_text(f"Filter: end={END}, start={START}")).to_be_visible()

    narrowed_actors = wait_for_values(page, plot_index(page, ACTORS), actors)  # the panel on screen redraws now
    open_tab(page, "Keywords")  # the others when they are next shown
    narrowed_keywords = wait_for_values(page, plot_index(page, KEYWORDS), keywords)
    assert narrowed_actors and narrowed_keywords
    assert ACTOR in narrowed_actors
    open_tab(page, "Actors")
    wait_for_plot(page, plot_index(page, ACTORS))
    screenshot_output(page, screenshots / "00-workspace.png")


def test_clicking_an_actor_keeps_its_events_on_the_timeline(workspace, step):
    page = step
    open_tab(page, "Timeline")
    timeline_index = plot_index(page, TIMELINE)
    before = wait_for_plot(page, timeline_index)
    events_before = _events(before["title"])
    open_tab(page, "Actors")

    click_bar(page, plot_index(page, ACTORS), ACTOR)
    expect(page.locator(".widget-html", has_text=f"Selected: actor: {ACTOR}").first).to_be_visible()

    open_tab(page, "Timeline")
    after = wait_for_change(page, before, timeline_index, key="title")
    events_after = _events(after["title"])
    assert 0 < events_after < events_before
    events = listing(page, "Events")
    expect(events.locator("option")).to_have_count(events_after)
    expect(page.locator(".widget-select label", has_text=f"Events (open in reader, {events_after})")).to_be_visible()


def test_an_event_opens_in_the_reader_with_entities_and_dates_marked(workspace, step, screenshots):
    page = step
    events = listing(page, "Events")
    first = events.locator("option").first.inner_text().replace("\xa0", " ")  # the list shows spaces as nbsp
    events.select_option(index=0)

    reader = page.locator(".tk-reader[data-doc-id]")
    expect(reader.locator("h3.tk-reader-title")).to_be_visible()
    expect(reader.locator(".tk-focus").first).to_be_visible()  # the event's sentence, outlined at the top
    expect(reader.locator(".tk-reader-text span.tk-entity:visible").first).to_be_visible()
    expect(reader.locator(".tk-reader-text span.tk-date:visible").first).to_be_visible()
    sentence = "".join(reader.locator(".tk-focus").all_inner_texts())  # cut in pieces around the marks
    assert first.split(" · ")[1] in sentence, (first, sentence)
    expect(page.locator(".widget-html", has_text=re.compile(rf"actor: {ACTOR} · document: \S+")).first).to_be_visible()
    workspace_box = page.locator(".jp-OutputArea-output", has=reader).bounding_box()
    reader_box = reader.bounding_box()  # long URLs and words wrap: the reader stays inside the workspace
    assert reader_box["x"] + reader_box["width"] <= workspace_box["x"] + workspace_box["width"] + 1
    screenshot_output(page, screenshots / "00-workspace-reader.png")


def test_export_writes_the_filter_into_its_provenance(workspace, step, lab):
    page = step
    files = export(page, lab.exports, "lab-workspace")
    assert files == ["lab-workspace.csv", "lab-workspace.html", "lab-workspace.json"]
    params = json.loads((lab.exports / "lab-workspace.json").read_text())["params"]
    assert params["panel"] == "timeline" and params["source"] == "samples/wikinews"
    state = params["workspace"]
    assert state["filter"]["start"] == START and state["filter"]["end"] == END
    assert state["selection"]["actor"] == ACTOR and state["selection"]["doc_id"]


def _events(title: str) -> int:
    found = re.search(r"(\d+) events", title)
    assert found, f"no event count in the timeline title {title!r}"
    return int(found.group(1))
