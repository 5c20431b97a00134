"""Widgets every explorer shares: pick a corpus, show errors and progress, export, and draw figures right.

Each is a small ipywidgets box that can be driven headless: set ``.value`` on
its controls (or call its methods) and read its traits, no browser needed.

Example:
    >>> from toolkit.widgets.common import CorpusPicker, ErrorOutput
    >>> picker = CorpusPicker()                         # doctest: +SKIP
    >>> errors = ErrorOutput()
    >>> picker.observe(errors.guard(lambda change: print(change.new.name)), "corpus")  # doctest: +SKIP
"""
from __future__ import annotations

import copy
import datetime
import functools
import html
import json
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import traitlets

from toolkit import config
from toolkit.export import FIGURE_FORMATS, BrowserNotFoundError, save_figure

T = TypeVar("T")
CUSTOM = "custom"
_HIDDEN, _SHOWN = "none", ""


def widget_ready(fig) -> go.Figure:
    """``fig`` as a ``go.FigureWidget`` draws it correctly: dates become ISO text.

    FigureWidget sends numpy ``datetime64`` arrays to the browser as integer
    nanoseconds, which plotly.js reads as milliseconds, so a date axis shows the
    wrong years (static exports are not affected). A JSON round trip writes them as
    ISO dates, as ``fig.write_html`` does. A figure without dates is returned as
    it is: the round trip costs tens of ms, a lot of a widget change's budget.
    """
    if not any(_holds_dates(_plotly_props(trace)) for trace in fig.data) and not _layout_holds_dates(fig.layout):
        return fig
    return pio.from_json(pio.to_json(fig, validate=False), skip_invalid=True)


def _layout_holds_dates(layout) -> bool:
    """Whether a layout holds a date outside its template (whose hundreds of parts hold none)."""
    return _holds_dates({key: value for key, value in _plotly_props(layout).items() if key != "template"})


def _holds_dates(value) -> bool:
    """Whether a figure property holds a date or time anywhere."""
    if isinstance(value, dict):
        return any(_holds_dates(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_dates(v) for v in value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "mM":
            return True
        if value.dtype != object or pd.api.types.infer_dtype(value.ravel(), skipna=True) in _DATELESS:
            return False
        return any(_holds_dates(v) for v in value.ravel())  # mixed or dated: look at each
    return isinstance(value, (datetime.date, datetime.time, datetime.timedelta, np.datetime64, np.timedelta64))


_DATELESS = {"string", "integer", "floating", "mixed-integer-float", "boolean", "decimal", "empty", "bytes", "complex"}


def figure_widget(fig=None) -> go.FigureWidget:
    """A ``go.FigureWidget`` showing ``fig``, drawn right when it is first shown.

    Dates are sent as dates (see :func:`widget_ready`), and the figure is sent again
    when the first view of it appears in the browser (see :func:`replace_figure`).
    """
    widget = go.FigureWidget(widget_ready(fig if fig is not None else go.Figure()))
    _redraw_when_first_shown(widget)
    return widget


class FigureSlot(widgets.Box):
    """A place for one figure that is redrawn whole: each :meth:`show` puts a new ``go.FigureWidget`` there.

    Updating a FigureWidget in place sends the browser a chain of edits (delete the
    traces, add the new ones, relayout). A view created while its tab was hidden, or
    busy drawing when the edits arrive, can miss them and stay blank or stale
    (seen in Voilà on a loaded machine: the kernel had drawn 557 actors, the page
    showed an empty plot). A new widget carries the whole figure in its state, so
    its view draws it complete whenever it is created. Use it for figures in tabs
    and others that change with the data; ``figure`` is the widget shown now.
    """

    def __init__(self, fig=None, **kwargs):
        super().__init__(layout=widgets.Layout(width="100%"), **kwargs)
        self.figure = figure_widget(fig)
        self.children = (self.figure,)

    def show(self, fig) -> go.FigureWidget:
        """Show ``fig`` in a new widget (the old one is closed); returns the new widget."""
        old, self.figure = self.figure, figure_widget(fig)
        self.children = (self.figure,)
        old.close()
        return self.figure


def replace_figure(widget, fig) -> None:
    """Show ``fig`` in an existing ``go.FigureWidget``: traces and layout, in one batched update.

    Updating the widget in place (rather than displaying a new one) keeps its place
    in the layout and lets the front end redraw once. Dates are sent as dates
    (see :func:`widget_ready`). A widget filled before it is first shown (for example
    inside a VBox built in ``__init__``) still shows this figure: the browser may create
    the view before or after the update arrives, so the figure is sent again when the
    first view reports itself.
    """
    # Dates in traces are made text trace by trace in _show: the whole figure's round trip
    # (template included) took 25 ms of a widget change; dates in the layout still take it.
    _show(widget, widget_ready(fig) if _layout_holds_dates(fig.layout) else fig)
    _redraw_when_first_shown(widget)


def _show(widget, fig) -> None:
    new, old = _plotly_props(fig.layout), _plotly_props(widget.layout)
    with widget.batch_update():
        widget.data = ()
        widget.add_traces([_dates_as_text(trace) for trace in fig.data])
        if new.get("template") == old.get("template") and set(new) == set(old):
            # The same template and the same parts (a new table in the same chart): replace each
            # part in place. Assigning a whole layout copies the template again, about 25 ms.
            parts = copy.deepcopy({k: v for k, v in new.items() if k != "template"})
            widget.update_layout(parts, overwrite=True)
        else:
            widget.layout = fig.layout
    _sync_widget_state(widget)


# ---- third-party workarounds: the only places the toolkit reaches past a library's public API


def _plotly_props(part) -> dict:
    """A plotly figure part's properties as plotly holds them, read-only (never change the dict).

    The public ``to_plotly_json()`` deep-copies every array (plotly.py issue #2787),
    tens of ms for a figure of 70,000 events, only to ask whether it holds a date.
    """
    return part._props or {}


def _relayout_views(widget, changes: dict) -> None:
    """Send ``changes`` to the widget's views even when the figure already has them.

    A FigureWidget drawn before it is attached to the page (in a Tab or a Box) keeps
    plotly's 700 px width (ipywidgets issue #2738); the public ``plotly_relayout``
    sends nothing when the layout already says ``autosize``, so the view is never refit.
    """
    widget._send_relayout_msg(changes)


def _sync_widget_state(widget) -> None:
    """Copy the figure into the widget traits that views created later start from.

    Since plotly 6 (plotly.py PR #4956) those traits are refreshed only when the
    FigureWidget itself is displayed, not a box holding it: a figure shown inside
    a VBox stays blank or stale (plotly.py issue #4998). The display hook is the
    one public call that refreshes them; its bundle is not needed here.
    """
    widget._repr_mimebundle_()


def _dates_as_text(trace):
    """``trace``, or a copy of it with its dates as ISO text (see :func:`widget_ready`) when it holds any."""
    if not _holds_dates(_plotly_props(trace)):
        return trace
    return type(trace)(json.loads(pio.json.to_json_plotly(trace.to_plotly_json())))


def _redraw_when_first_shown(widget) -> None:
    if getattr(widget, "_redraws_when_shown", False):
        return

    def redraw(change):
        if not change.old and change.new:  # the first view exists now: send it the current figure
            _show(widget, go.Figure(widget))
            _fit_to_cell(widget)

    widget.observe(redraw, "_view_count")  # ipywidgets documents it (experimental): views shown in the page
    widget._redraws_when_shown = True


def _fit_to_cell(widget) -> None:
    """Size the figure to the cell it sits in, unless it has a width of its own.

    plotly.js sizes a figure when it is first drawn; a widget view is drawn before it
    is attached to the page, so it falls back to plotly's 700 px (about half a
    JupyterLab cell) and nothing resizes it later. Asking for ``autosize`` again once
    the view exists measures the cell it is in now.
    """
    if widget.layout.width is None:
        _relayout_views(widget, {"autosize": True})


LABEL_CHARS = 10  # characters a control's description shows in ipywidgets' default label width
BUTTON_CHARS = 14  # characters a button shows in its default width (an icon takes two)


def fit_labels(root: widgets.Widget) -> widgets.Widget:
    """Widen every label and button under ``root`` that its text would overflow, so none is cut with "…".

    ipywidgets gives a description a fixed width and a button a fixed width, and cuts
    longer text ("Reference…", "Use published …"). Long ones get the width of their text.
    Called by each explorer on itself, so controls added later are covered too.

    Returns:
        ``root``, for chaining.
    """
    for widget in _descendants(root):
        text = getattr(widget, "description", "") or ""
        if isinstance(widget, widgets.Button):
            if len(text) + 2 * bool(widget.icon) > BUTTON_CHARS and widget.layout.width is None:
                widget.layout.width = "auto"
        elif isinstance(widget, (widgets.Checkbox, widgets.ToggleButton)):
            continue  # their text sits beside the box, as wide as it needs
        elif len(text) > LABEL_CHARS and hasattr(widget.style, "description_width"):
            widget.style.description_width = "initial"
    return root


def _descendants(root) -> Iterator[widgets.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from _descendants(child)


class CheckboxGroup(widgets.HBox):
    """A label and one checkbox per option; ``value`` is the tuple of the checked options, in their order.

    Link ``value`` to a state's tuple trait (sections, anchors): a change on either side shows on the other.
    """

    value = traitlets.Tuple()

    def __init__(self, options: Iterable[str], *, label: str, value: Iterable[str] | None = None,
                 width: str = "90px", **kwargs):
        options = tuple(options)
        chosen = set(options if value is None else value)
        self.boxes = {o: widgets.Checkbox(value=o in chosen, description=o, indent=False,
                                          layout=widgets.Layout(width=width)) for o in options}
        self._setting = False
        super().__init__([widgets.Label(label), *self.boxes.values()], **kwargs)
        self.value = tuple(o for o in options if o in chosen)
        for box in self.boxes.values():
            box.observe(self._from_boxes, "value")

    def _from_boxes(self, _change) -> None:
        if not self._setting:
            self.value = tuple(o for o, box in self.boxes.items() if box.value)

    @traitlets.observe("value")
    def _to_boxes(self, change) -> None:
        self._setting = True  # one value, not one per box ticked
        try:
            for option, box in self.boxes.items():
                box.value = option in change.new
        finally:
            self._setting = False


class ErrorOutput(widgets.Output):
    """An Output area that shows exceptions raised in widget callbacks.

    JupyterLab silently drops exceptions raised inside ``observe``/``on_click``
    callbacks; wrap them with :meth:`guard` and the traceback appears here.

    Attributes:
        message: ``"ExceptionType: text"`` of the last error, ``""`` after a clean call.
        last_error: the last exception, or None.
    """

    message = traitlets.Unicode("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.last_error: BaseException | None = None

    def guard(self, fn: Callable[..., T]) -> Callable[..., T | None]:
        """Wrap a callback: its exceptions are shown here instead of being lost.

        A later successful call clears the shown error. Returns what ``fn`` returns,
        or None when it raised.
        """

        @functools.wraps(fn)
        def guarded(*args, **kwargs):
            try:
                result = fn(*args, **kwargs)
            except Exception as err:  # shown to the user, not re-raised into the comm handler
                self.show(err)
                return None
            if self.last_error is not None:
                self.clear()
            return result

        return guarded

    def show(self, err: BaseException) -> None:
        """Display an exception and its traceback."""
        self.last_error = err
        self.message = f"{type(err).__name__}: {err}"
        text = "".join(traceback.format_exception(err))
        self.outputs = ({"output_type": "stream", "name": "stderr", "text": text},)

    def clear(self) -> None:
        """Remove the shown error."""
        self.last_error = None
        self.message = ""
        self.outputs = ()


class Progress(widgets.HBox):
    """A progress bar with a message, hidden while idle.

    Example:
        >>> bar = Progress()
        >>> [x * 2 for x in bar.track(range(3), description="doubling")]
        [0, 2, 4]
        >>> bar.label.value
        'doubling: done'
    """

    def __init__(self, **kwargs):
        self.bar = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="240px"))
        self.label = widgets.Label("")
        super().__init__([self.bar, self.label], **kwargs)
        self.layout.display = _HIDDEN

    def start(self, description: str, *, total: int | None = None) -> None:
        """Show the bar; with no total it is shown full and striped ("working")."""
        self.bar.max = max(total or 1, 1)
        self.bar.value = 0 if total else self.bar.max
        self.bar.bar_style = "" if total else "info"
        self.label.value = f"{description}…"
        self.layout.display = _SHOWN

    def update(self, done: int, description: str = "") -> None:
        """Move the bar to ``done`` steps."""
        self.bar.value = min(done, self.bar.max)
        if description:
            self.label.value = f"{description} ({done}/{self.bar.max})"

    def finish(self, message: str = "", *, hide: bool = True) -> None:
        """Complete the bar; hide it unless asked to keep it."""
        self.bar.value = self.bar.max
        self.label.value = message
        if hide:
            self.layout.display = _HIDDEN

    def track(self, items: Iterable[T], *, total: int | None = None, description: str = "") -> Iterator[T]:
        """Yield ``items`` while advancing the bar (like ``tqdm``)."""
        if total is None and hasattr(items, "__len__"):
            total = len(items)
        self.start(description, total=total)
        for done, item in enumerate(items, start=1):
            yield item
            self.update(done, description)
        self.finish(f"{description}: done")


class CorpusPicker(widgets.VBox):
    """Choose a corpus: the bundled ones or any folder or file; the loaded one is in ``corpus``.

    The dropdown offers :func:`toolkit.config.known_corpora` (``seeds`` first,
    ``samples/wikinews`` when present) and "custom folder…", which shows a path
    box and a Load button. Loaded corpora are kept, so switching back is instant.

    Args:
        src: what to load first: None (the seeds), a known corpus name, a path, or a loaded Corpus.
        cache: passed to :func:`toolkit.load_corpus`.

    Attributes:
        corpus: the loaded :class:`~toolkit.corpus.Corpus` (observe it to react to a new pick).
        choice: the dropdown key or the path the current corpus came from.
    """

    corpus = traitlets.Instance("toolkit.corpus.Corpus")
    choice = traitlets.Unicode("")

    def __init__(self, src=None, *, cache: bool = True, **kwargs):
        self._cache = cache
        self._loaded: dict[str, Any] = {}
        self._known = {name: str(path) for name, path in config.known_corpora().items()}
        options = [(name, name) for name in self._known] + [("custom folder or file…", CUSTOM)]
        self.dropdown = widgets.Dropdown(options=options, description="Corpus")
        # Not on every keystroke: the value changes on Enter (or leaving the box), which loads it.
        self.path = widgets.Text(
            placeholder="/path/to/folder, file.txt or records.jsonl", continuous_update=False,
            layout=widgets.Layout(width="420px", display=_HIDDEN),
        )
        self.load_button = widgets.Button(description="Load", icon="folder-open", layout=widgets.Layout(display=_HIDDEN))
        self.status = widgets.HTML("")
        self.progress = Progress()
        super().__init__(
            [widgets.HBox([self.dropdown, self.path, self.load_button]), self.progress, self.status], **kwargs
        )
        fit_labels(self)
        self._start(src)
        self.dropdown.observe(self._on_dropdown, "value")
        self.path.observe(self._on_path, "value")
        self.load_button.on_click(lambda _button: self.load(self.path.value))

    def load(self, src) -> None:
        """Load a known corpus name or a path (folder, file) and make it current.

        A failure (missing folder, nothing readable) is shown in the status line and
        the current corpus stays.
        """
        from toolkit.corpus import CorpusWarning, load_corpus

        key = str(src).strip()
        if key in self._loaded:
            if key != self.choice:  # Enter then Load (or leaving the box) must not redo the current one
                self._set(key, self._loaded[key])
            return
        target = self._known.get(key, key)
        if not key or (key not in self._known and not Path(target).expanduser().exists()):
            self._say(f"No such folder or file: {html.escape(key or '(empty)')}", error=True)
            return
        self.progress.start(f"Loading {key}")
        try:
            with warnings.catch_warnings():  # the status line says what was skipped
                warnings.simplefilter("ignore", CorpusWarning)
                corpus = load_corpus(Path(target).expanduser(), cache=self._cache, progress=False)
        except Exception as err:  # a bad folder must not break the explorer
            self.progress.finish()
            self._say(f"Could not load {html.escape(key)}: {html.escape(str(err))}", error=True)
            return
        self.progress.finish()
        self._loaded[key] = corpus
        self._set(key, corpus)

    def _start(self, src) -> None:
        from toolkit.corpus import Corpus

        if isinstance(src, Corpus):
            key = f"given: {src.name}"
            self._loaded[key] = src
            self.dropdown.options = [(key, key), *self.dropdown.options]
            self.dropdown.value = key
            self._set(key, src)
            return
        key = "seeds" if src is None else str(src)
        if key not in self._known:
            self.dropdown.value = CUSTOM
            self.path.value = key
            self._show_path(True)
        else:
            self.dropdown.value = key
        self.load(key)
        if key not in self._loaded:
            raise ValueError(f"could not load corpus {key!r}; known corpora: {list(self._known)}")

    def _on_dropdown(self, change) -> None:
        custom = change.new == CUSTOM
        self._show_path(custom)
        if not custom:
            self.load(change.new)

    def _on_path(self, change) -> None:
        if self.dropdown.value == CUSTOM and change.new.strip():
            self.load(change.new)

    def _show_path(self, visible: bool) -> None:
        self.path.layout.display = self.load_button.layout.display = _SHOWN if visible else _HIDDEN

    def _set(self, key: str, corpus) -> None:
        self._annotate(key, corpus)
        # Observers of `corpus` (the lenses) recompute now; the bar tells the user to wait.
        self.progress.start(f"Analysing {key}")
        try:
            self.choice = key
            self.corpus = corpus
        finally:
            self.progress.finish()
        docs = corpus.documents
        skipped = len(corpus.skipped)
        note = f", {skipped} skipped (see <code>corpus.skipped</code>)" if skipped else ""
        self._say(
            f"<b>{html.escape(corpus.name)}</b>: {len(docs)} document{'s' * (len(docs) != 1)}, "
            f"{len(corpus.sentences)} sentences, {len(corpus.tokens)} tokens{note}"
        )

    def _annotate(self, key: str, corpus) -> None:
        """The one annotation pass of documents not stored yet, with its progress in the bar (not a console)."""
        from toolkit.annotate import annotate

        def step(done: int, total: int) -> None:
            if done == 0:
                self.progress.start(f"Annotating {key}", total=total)
            self.progress.update(done, f"Annotating {key}")

        try:
            annotate(corpus, progress=False, on_progress=step)
        finally:
            self.progress.finish()

    def _say(self, text: str, *, error: bool = False) -> None:
        colour = "#b00020" if error else "#555"
        self.status.value = f'<span style="color:{colour}">{text}</span>'


class ExportControl(widgets.VBox):
    """Format checkboxes, a name box, an Export button and a status line.

    Args:
        get_figure: returns the figure to save (called at click time).
        get_data: returns the DataFrame behind it, saved as CSV.
        get_params: returns the widget values, saved in the JSON sidecar.
        get_corpus: returns the Corpus, whose fingerprint goes into the sidecar.
        name: the initial file name.
        formats: the formats ticked at first.
        out_dir: where to write; default ``exports/``.

    Attributes:
        written: format -> Path of the last export (empty before the first).
    """

    def __init__(
        self,
        get_figure: Callable[[], Any],
        *,
        get_data: Callable[[], Any] | None = None,
        get_params: Callable[[], Mapping[str, Any]] | None = None,
        get_corpus: Callable[[], Any] | None = None,
        name: str = "figure",
        formats: Iterable[str] = ("png", "html"),
        out_dir: str | Path | None = None,
        **kwargs,
    ):
        ticked = set(formats)
        self._get_figure, self._get_data = get_figure, get_data
        self._get_params, self._get_corpus = get_params, get_corpus
        self._out_dir = out_dir
        self.checkboxes = {
            fmt: widgets.Checkbox(value=fmt in ticked, description=fmt.upper(), indent=False,
                                  layout=widgets.Layout(width="70px"))
            for fmt in FIGURE_FORMATS
        }
        self.name = widgets.Text(value=name, description="File name", layout=widgets.Layout(width="320px"))
        self.button = widgets.Button(description="Export", icon="download", button_style="primary")
        self.status = widgets.HTML("")
        self.written: dict[str, Path] = {}
        super().__init__([widgets.HBox([*self.checkboxes.values(), self.name, self.button]), self.status], **kwargs)
        fit_labels(self)
        self.button.on_click(lambda _button: self.export())

    @property
    def formats(self) -> list[str]:
        """The ticked formats."""
        return [fmt for fmt, box in self.checkboxes.items() if box.value]

    def export(self) -> dict[str, Path]:
        """Save now with the current settings; the outcome is shown in the status line.

        Returns:
            format -> Path of the files written (empty when nothing could be written).
        """
        self.status.value = "Exporting…"
        self.button.disabled = True
        try:
            self.written = save_figure(
                self._get_figure(),
                self.name.value,
                formats=self.formats,
                data=self._get_data() if self._get_data else None,
                params=self._get_params() if self._get_params else None,
                corpus=self._get_corpus() if self._get_corpus else None,
                out_dir=self._out_dir,
            )
            self._report(self.written)
        except BrowserNotFoundError as err:
            self.written = err.written
            self._report(err.written, warning=str(err))
        except Exception as err:  # bad name, no format, timeout: tell the user, keep the notebook alive
            self.written = {}
            self.status.value = f'<span style="color:#b00020">Export failed: {html.escape(str(err))}</span>'
        finally:
            self.button.disabled = False
        return self.written

    def _report(self, written: Mapping[str, Path], *, warning: str = "") -> None:
        folder = next(iter(written.values())).parent if written else ""
        files = ", ".join(sorted(path.name for path in written.values()))
        text = f"Saved {len(written)} files in <code>{html.escape(str(folder))}</code>: {html.escape(files)}"
        if warning:
            text += f'<br><span style="color:#a15c00">{html.escape(warning)}</span>'
        self.status.value = text
