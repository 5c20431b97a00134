"""Small steps for driving notebooks in JupyterLab or Voilà with Playwright: open, run, set widgets, read plots."""
from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

# What the test compares before and after a widget change: title, trace count and axis ranges.
_FIGURE_STATE = """
(index) => {
  const plots = document.querySelectorAll('.js-plotly-plot');
  const gd = plots[index];
  if (!gd || !gd._fullLayout) return null;
  const layout = gd._fullLayout;
  return {
    title: (layout.title && layout.title.text) || '',
    traces: (gd.data || []).length,
    x: layout.xaxis ? layout.xaxis.range : null,
    y: layout.yaxis ? layout.yaxis.range : null,
  };
}
"""
_KERNEL_IDLE = """
() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.status === 'idle';
}
"""
_ALL_CELLS_RUN = """
() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
  return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p));
}
"""


KERNEL_TIMEOUT_MS = 180_000  # a kernel importing pandas, NLTK, scipy and plotly on a busy 2-core machine


def open_notebook(page: Page, lab, name: str) -> None:
    """Open a notebook (fresh workspace) and wait until its kernel is idle."""
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}")
    page.wait_for_function(_KERNEL_IDLE, timeout=KERNEL_TIMEOUT_MS)


def run_all(page: Page) -> None:
    """Run ▸ Run All Cells from the menu bar, then wait until every code cell has run and the kernel is idle."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('li.lm-Menu-item[data-command="runmenu:run-all"]').click()
    page.wait_for_function(_ALL_CELLS_RUN, timeout=KERNEL_TIMEOUT_MS)
    page.wait_for_function(_KERNEL_IDLE)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").filter(
        has_text="Traceback").count() == 0, "a cell raised an error"


def wait_for_plot(page: Page, index: int = 0, *, min_traces: int = 1) -> dict:
    """The state of the index-th plotly figure once it is drawn with at least ``min_traces`` traces.

    A figure inside an explorer may first be drawn empty and filled a moment later,
    when the kernel learns that the view exists (see ``toolkit.widgets.common.replace_figure``).
    """
    handle = page.wait_for_function(
        f"([index, least]) => {{ const now = ({_FIGURE_STATE})(index); return now && now.traces >= least && now; }}",
        arg=[index, min_traces],
    )
    return handle.json_value()


def figure_state(page: Page, index: int = 0) -> dict:
    return page.evaluate(_FIGURE_STATE, index)


def wait_for_change(page: Page, before: dict, index: int = 0, *, key: str | None = None,
                    settle_ms: int = 600) -> dict:
    """Wait until the index-th figure differs from ``before`` and stops changing; return its state.

    Args:
        key: wait for this part to change (``title``, ``traces``, ``x`` or ``y``); default any part.
        settle_ms: traces and layout reach the page in separate messages, and a slider moved
            step by step redraws several times, so the state is read again until two reads
            this far apart agree.
    """
    page.wait_for_function(
        f"([index, before, key]) => {{ const now = ({_FIGURE_STATE})(index); if (now === null) return false; "
        "const old = JSON.parse(before); "
        "return key ? JSON.stringify(now[key]) !== JSON.stringify(old[key]) "
        ": JSON.stringify(now) !== JSON.stringify(old); }",
        arg=[index, json.dumps(before), key],
    )
    state = figure_state(page, index)
    while True:
        page.wait_for_timeout(settle_ms)
        again = figure_state(page, index)
        if again == state:
            return state
        state = again


def control(page: Page, kind: str, label: str) -> Locator:
    """The ipywidgets control of a kind (``dropdown``, ``text``, ``slider``, ...) whose description is ``label``."""
    described = page.locator(f".widget-{kind}", has=page.locator("label.widget-label", has_text=re.compile(
        rf"^\s*{re.escape(label)}\s*$")))
    expect(described.first).to_be_visible()
    return described.first


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` (its visible text) in the dropdown described by ``label``."""
    control(page, "dropdown", label).locator("select").select_option(label=option)


def toggle(page: Page, label: str) -> None:
    """Click the checkbox whose text is ``label``."""
    page.locator(".widget-checkbox").get_by_role("checkbox", name=label, exact=True).first.click()


def type_text(page: Page, label: str, text: str) -> None:
    field = control(page, "text", label).locator("input")
    field.fill(text)
    field.press("Enter")


def nudge_slider(page: Page, label: str, steps: int, *, handle: str = "lower") -> None:
    """Move a slider handle by ``steps`` (negative: left) with the arrow keys, one step per press."""
    knob = control(page, "slider", label).locator(f".noUi-handle-{handle}")
    knob.focus()
    key = "ArrowRight" if steps > 0 else "ArrowLeft"
    for _ in range(abs(steps)):
        knob.press(key)


def export(page: Page, exports: Path, name: str, *, formats=("html",), timeout_ms: int = 120_000) -> list[str]:
    """Tick exactly ``formats``, type a file name, click Export, wait for the status line.

    Returns the names of the files written under ``exports``. PNG/SVG/PDF start a Chromium
    inside the kernel (3-10 s), so one test covers them and the others export HTML only.
    """
    for fmt in ("png", "svg", "pdf", "html"):
        box = page.locator(".widget-checkbox").get_by_role("checkbox", name=fmt.upper(), exact=True).first
        if box.is_checked() != (fmt in formats):
            box.click()
    type_text(page, "File name", name)
    page.locator("button.jupyter-button", has_text=re.compile(r"^\s*Export\s*$")).first.click()
    status = page.locator(".widget-html", has_text=re.compile(r"Saved \d+ files|Export failed")).first
    expect(status).to_contain_text("Saved", timeout=timeout_ms)
    return sorted(path.name for path in exports.glob(f"{name}.*"))


def screenshot_output(page: Page, path: Path) -> None:
    """Save the output area that holds the (first) plotly figure: the explorer as a user sees it."""
    output = page.locator(".jp-OutputArea-output", has=page.locator(".js-plotly-plot")).first
    output.scroll_into_view_if_needed()
    output.screenshot(path=str(path))


# ---- figures inside a layout of several (the workspace): find one by title, read its bars, drag and click on it

_PLOT_BY_TITLE = """
(pattern) => {
  const re = new RegExp(pattern);
  return [...document.querySelectorAll('.js-plotly-plot')].findIndex(
    gd => gd._fullLayout && re.test((gd._fullLayout.title && gd._fullLayout.title.text) || ''));
}
"""
# Page coordinates of data values on a figure's axes (plotly's own conversion, so dates work too).
_DATA_TO_PAGE = """
([index, xs, y]) => {
  const gd = document.querySelectorAll('.js-plotly-plot')[index];
  const box = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const top = box.top + ya._offset;
  return {
    xs: xs.map(x => box.left + xa._offset + xa.l2p(xa.d2l(x))),
    y: y === null ? top + ya._length / 2 : top + ya.l2p(ya.d2l(y)),
  };
}
"""


def plot_index(page: Page, title: str) -> int:
    """The index (as ``wait_for_plot`` counts) of the first drawn figure whose title matches the regex ``title``."""
    handle = page.wait_for_function(f"(pattern) => {{ const i = ({_PLOT_BY_TITLE})(pattern); return i >= 0 && "
                                    "{index: i}; }", arg=title)
    return handle.json_value()["index"]


def plot_values(page: Page, index: int, axis: str = "y") -> list:
    """The ``axis`` values ("x" or "y") of every trace of the index-th figure, in order: a bar chart's labels, say."""
    return page.evaluate(
        "([index, axis]) => { const gd = document.querySelectorAll('.js-plotly-plot')[index]; "
        "return (gd && gd.data || []).flatMap(t => t[axis] ? Array.from(t[axis]) : []); }", [index, axis])


def drag_select(page: Page, index: int, x0, x1, *, steps: int = 12) -> None:
    """Drag the mouse from x value ``x0`` to ``x1`` across the middle of a figure: a brush when dragmode is select.

    A real drag, as a user makes it: mouse down, several moves, mouse up; plotly turns it into
    a ``plotly_selected`` event, which a ``FigureWidget`` sends to its ``on_selection`` handlers.
    """
    page.locator(".js-plotly-plot").nth(index).scroll_into_view_if_needed()
    points = page.evaluate(_DATA_TO_PAGE, [index, [str(x0), str(x1)], None])
    (start, end), y = points["xs"], points["y"]
    page.mouse.move(start, y)
    page.mouse.down()
    for i in range(1, steps + 1):
        page.mouse.move(start + (end - start) * i / steps, y)
    page.mouse.up()


def click_bar(page: Page, index: int, label: str) -> None:
    """Click the bar named ``label`` on the y axis of a horizontal bar chart (any trace), halfway along it."""
    length = page.evaluate(
        "([index, label]) => { for (const t of document.querySelectorAll('.js-plotly-plot')[index].data) { "
        "const i = Array.from(t.y || []).indexOf(label); if (i >= 0) return Number(t.x[i]); } return null; }",
        [index, label])
    assert length is not None, f"no bar {label!r} in figure {index}"
    page.locator(".js-plotly-plot").nth(index).scroll_into_view_if_needed()
    points = page.evaluate(_DATA_TO_PAGE, [index, [length / 2], label])
    page.mouse.click(points["xs"][0], points["y"])


def open_tab(page: Page, title: str) -> None:
    """Click the ipywidgets Tab whose title is ``title``."""
    page.locator(".widget-tab .lm-TabBar-tab", has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")).first.click()


def listing(page: Page, label: str) -> Locator:
    """The ``<select>`` of the ipywidgets Select list whose description starts with ``label``."""
    described = page.locator(".widget-select", has=page.locator("label.widget-label", has_text=re.compile(
        rf"^\s*{re.escape(label)}")))
    expect(described.first).to_be_visible()
    return described.first.locator("select")


def wait_for_values(page: Page, index: int, before: list, axis: str = "y", *, settle_ms: int = 600) -> list:
    """Wait until the index-th figure's ``axis`` values (see ``plot_values``) differ from ``before`` and settle."""
    page.wait_for_function(
        "([index, axis, before]) => { const gd = document.querySelectorAll('.js-plotly-plot')[index]; "
        "const now = (gd && gd.data || []).flatMap(t => t[axis] ? Array.from(t[axis]) : []); "
        "return now.length > 0 && JSON.stringify(now) !== JSON.stringify(before); }",
        arg=[index, axis, before],
    )
    values = plot_values(page, index, axis)
    while True:
        page.wait_for_timeout(settle_ms)
        again = plot_values(page, index, axis)
        if again == values:
            return values
        values = again
