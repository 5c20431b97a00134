"""Save figures and tables so that a figure in a report can be traced and regenerated.

Every export writes, under :func:`toolkit.config.exports_dir` (``exports/``):

- the figure in each requested format (``NAME.png``, ``.svg``, ``.pdf``, ``.html``);
- the data behind it as ``NAME.csv`` (when given);
- a ``NAME.json`` sidecar with the parameters, the corpus fingerprint, the
  toolkit version and the time.

HTML is written offline with plotly.js embedded and always works. PNG, SVG and
PDF are drawn by kaleido in a system Chromium (Debian's ``/usr/bin/chromium`` is
found automatically). One browser is started on the first image export and
reused for every later one (kaleido's sync server).

Example:
    >>> import plotly.graph_objects as go
    >>> import toolkit as tk
    >>> fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    >>> paths = tk.save_figure(fig, "demo", formats=("html",))  # doctest: +SKIP
    >>> sorted(paths)  # doctest: +SKIP
    ['html', 'json']
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import threading
import time
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from toolkit import config
from toolkit._version import __version__

IMAGE_FORMATS = ("png", "svg", "pdf")
FIGURE_FORMATS = (*IMAGE_FORMATS, "html")
INSTALL_CHROMIUM = "apt-get install --no-install-recommends chromium"
BROWSER_TIMEOUT = 90.0
"""Seconds an image export may take, browser start included."""

_MAX_NAME = 120
_kaleido_lock = threading.Lock()


class BrowserNotFoundError(RuntimeError):
    """No Chromium to draw PNG/SVG/PDF; the other files were still written.

    Attributes:
        written: format -> Path of the files that were written anyway.
    """

    def __init__(self, message: str, written: dict[str, Path]):
        super().__init__(message)
        self.written = written


def safe_name(name: str) -> str:
    """A file name stem made from free text: no folders, no hidden files, no odd characters.

    Letters, digits, ``.``, ``_`` and ``-`` are kept (accents are folded to ASCII);
    every other run of characters becomes one ``-``. Leading dots and dashes are
    dropped so that ``../x`` can never leave the export folder.

    Raises:
        ValueError: nothing usable is left (for example ``"../"``).

    Example:
        >>> safe_name("../../etc/passwd")
        'etc-passwd'
        >>> safe_name("Timeline: Cambodia (2017)")
        'Timeline-Cambodia-2017'
    """
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-_ ")[:_MAX_NAME].rstrip(".-_")
    if not stem:
        raise ValueError(f"export name {name!r} has no usable characters; use letters, digits, '.', '_' or '-'")
    return stem


def provenance(*, params: Mapping[str, Any] | None = None, corpus=None, files: Iterable[str] = ()) -> dict:
    """The sidecar content: what made a figure or table, and when.

    Args:
        params: widget values or function options; anything JSON cannot hold is written as text.
        corpus: the :class:`~toolkit.corpus.Corpus` the data came from (its name and fingerprint).
        files: names of the files exported together.
    """
    return {
        "toolkit_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "params": dict(params or {}),
        "corpus": None if corpus is None else {"name": getattr(corpus, "name", ""), **corpus.fingerprint()},
        "files": sorted(files),
    }


def save_table(
    df: pd.DataFrame,
    name: str,
    *,
    params: Mapping[str, Any] | None = None,
    corpus=None,
    out_dir: str | Path | None = None,
) -> dict[str, Path]:
    """Write a table as ``NAME.csv`` with its ``NAME.json`` provenance sidecar.

    Returns:
        ``{"csv": path, "json": path}``.
    """
    folder, stem = _target(name, out_dir)
    csv_path = folder / f"{stem}.csv"
    df.to_csv(csv_path, index=False)
    return {"csv": csv_path, "json": _write_sidecar(folder / f"{stem}.json", params, corpus, [csv_path])}


def save_figure(
    fig: go.Figure,
    name: str,
    *,
    formats: Iterable[str] = ("png", "svg", "pdf", "html"),
    data: pd.DataFrame | None = None,
    params: Mapping[str, Any] | None = None,
    corpus=None,
    out_dir: str | Path | None = None,
) -> dict[str, Path]:
    """Write a figure in several formats, with its data and a provenance sidecar.

    Args:
        fig: a ``go.Figure`` or ``go.FigureWidget``.
        name: file name stem; sanitised with :func:`safe_name`.
        formats: any of ``png``, ``svg``, ``pdf``, ``html``.
        data: the table behind the figure, written as ``NAME.csv``.
        params: the values that produced it (widget values), kept in ``NAME.json``.
        corpus: the Corpus it came from; its fingerprint goes into ``NAME.json``.
        out_dir: folder to write to; default :func:`toolkit.config.exports_dir`.

    Returns:
        format -> Path for every file written, including ``csv`` (with data) and ``json``.

    Raises:
        ValueError: an unknown format or an unusable name.
        BrowserNotFoundError: PNG/SVG/PDF asked for but no Chromium is installed; the
            HTML, CSV and JSON were written and are listed in the error's ``written``.
        TimeoutError: the browser took longer than :data:`BROWSER_TIMEOUT` seconds.
    """
    wanted = _check_formats(formats)
    folder, stem = _target(name, out_dir)
    figure = go.Figure(fig)  # a plain copy: FigureWidget state stays in the notebook
    written: dict[str, Path] = {}
    if "html" in wanted:
        written["html"] = folder / f"{stem}.html"
        figure.write_html(written["html"], include_plotlyjs=True, full_html=True)
    if data is not None:
        written["csv"] = folder / f"{stem}.csv"
        data.to_csv(written["csv"], index=False)
    images = {fmt: folder / f"{stem}.{fmt}" for fmt in IMAGE_FORMATS if fmt in wanted}
    missing_browser = None
    if images:
        try:
            write_images(figure, images)
            written.update(images)
        except BrowserNotFoundError as err:
            missing_browser = err
    written["json"] = _write_sidecar(folder / f"{stem}.json", params, corpus, written.values())
    if missing_browser is not None:
        raise BrowserNotFoundError(f"{missing_browser} Written anyway: {_names(written)}.", written)
    return written


def chromium_path() -> str | None:
    """The Chromium kaleido will use (``BROWSER_PATH`` first, then PATH and the usual places)."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return path if path and shutil.which(path) else None


def write_images(fig: go.Figure, paths: Mapping[str, Path], *, timeout: float = BROWSER_TIMEOUT) -> None:
    """Draw one figure into several image files in a single browser round trip.

    The first call starts kaleido's sync server (one headless Chromium); later
    calls reuse it, so a batch of exports pays the browser start once.

    Args:
        fig: the figure.
        paths: format (``png``, ``svg``, ``pdf``) -> file to write.
        timeout: seconds to wait before giving up with ``TimeoutError``.

    Raises:
        BrowserNotFoundError: no Chromium installed.
        TimeoutError: the browser did not answer in time; it is stopped so that
            the next call starts afresh.
    """
    if chromium_path() is None:
        raise BrowserNotFoundError(
            f"PNG, SVG and PDF need Chromium, which is not installed. Install it with `{INSTALL_CHROMIUM}` "
            "(as root), or set BROWSER_PATH to a Chrome/Chromium executable.",
            {},
        )
    import kaleido

    layout = fig.layout
    specs = [
        {
            "fig": fig.to_dict(),
            "path": path,
            "opts": {"format": fmt, "width": layout.width or 900, "height": layout.height or 500, "scale": 1},
        }
        for fmt, path in paths.items()
    ]
    with _kaleido_lock:
        kaleido.start_sync_server(timeout=timeout, silence_warnings=True)
        _run_with_timeout(lambda: kaleido.write_fig_from_object_sync(specs), timeout)


def stop_browser() -> None:
    """Stop the export browser (it also stops by itself when Python exits)."""
    import kaleido

    with _kaleido_lock:
        kaleido.stop_sync_server(silence_warnings=True)


def _run_with_timeout(call, timeout: float) -> None:
    # kaleido's sync server waits forever if its browser dies, so wait in a side thread and watch it.
    outcome: list[BaseException | None] = []

    def run():
        try:
            call()
            outcome.append(None)
        except BaseException as err:  # handed to the caller below
            outcome.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    deadline = time.monotonic() + timeout
    while worker.is_alive():
        worker.join(0.2)
        if worker.is_alive() and _forget_broken_kaleido_server(hung=False):
            raise RuntimeError(f"Chromium ({chromium_path()}) stopped or failed to start; see the log above")
        if time.monotonic() > deadline:
            _forget_broken_kaleido_server(hung=True)
            raise TimeoutError(f"image export took more than {timeout:.0f} s; the browser was dropped, try again")
    if outcome[0] is not None:
        raise outcome[0]


def _forget_broken_kaleido_server(*, hung: bool) -> bool:
    """Whether kaleido's sync server is broken (its browser thread died, or a render ``hung``); if so,
    make kaleido forget it, so that the next export starts a new browser.

    The toolkit's one use of a third-party library's private attributes, kept here alone.
    kaleido 1.5 has no public way: renders have no timeout (plotly/Kaleido issue #197),
    ``stop_sync_server`` joins the server's thread, which never returns while a render
    hangs, and whether that thread still runs is not public (plotly/Kaleido PR #425).
    """
    import kaleido

    server = kaleido._global_server
    broken = hung or (server.is_running() and not server._thread.is_alive())
    if broken:
        server._initialized = False
    return broken


def _check_formats(formats: Iterable[str]) -> list[str]:
    wanted = [str(fmt).lower().lstrip(".") for fmt in ([formats] if isinstance(formats, str) else formats)]
    unknown = [fmt for fmt in wanted if fmt not in FIGURE_FORMATS]
    if unknown:
        raise ValueError(f"unknown export format(s) {unknown}; allowed: {list(FIGURE_FORMATS)}")
    if not wanted:
        raise ValueError(f"no export format given; allowed: {list(FIGURE_FORMATS)}")
    return wanted


def _target(name: str, out_dir: str | Path | None) -> tuple[Path, str]:
    folder = Path(out_dir) if out_dir is not None else config.exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder, safe_name(name)


def _write_sidecar(path: Path, params, corpus, files: Iterable[Path]) -> Path:
    record = provenance(params=params, corpus=corpus, files=[Path(f).name for f in files])
    path.write_text(json.dumps(record, indent=2, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _names(written: Mapping[str, Path]) -> str:
    return ", ".join(sorted(path.name for path in written.values()))
