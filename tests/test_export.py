"""Figure and table export: files, provenance sidecar, safe names, missing browser."""
from __future__ import annotations

import datetime as dt
import json
import re
import os
import time

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit import export

HAS_CHROMIUM = export.chromium_path() is not None
needs_chromium = pytest.mark.skipif(
    not HAS_CHROMIUM and os.environ.get("CI") != "true",
    reason=f"PNG/SVG/PDF export needs Chromium: {export.INSTALL_CHROMIUM}",
)


class FakeCorpus:
    """Only what export reads: a name and a fingerprint."""

    name = "tiny"

    def fingerprint(self):
        return {"doc_ids": ["a", "b"], "content_hash": "0123abcd"}


@pytest.fixture
def fig():
    return go.Figure(go.Bar(x=["Cambodia", "China"], y=[3, 5]), layout_title_text="Mentions")


def test_html_is_offline_with_plotlyjs_embedded(fig, tmp_path):
    paths = tk.save_figure(fig, "mentions", formats=("html",), out_dir=tmp_path)
    assert set(paths) == {"html", "json"}
    page = paths["html"].read_text(encoding="utf-8")
    assert "Mentions" in page
    assert not re.search(r"<script[^>]*src=", page)  # nothing fetched from a CDN
    assert len(page) > 1_000_000  # plotly.js itself is inside


def test_data_csv_and_sidecar(fig, tmp_path):
    data = pd.DataFrame({"actor": ["Cambodia", "China"], "n": [3, 5]})
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    paths = tk.save_figure(
        fig, "mentions", formats=("html",), data=data, params={"top": 2, "lens": "actors"},
        corpus=FakeCorpus(), out_dir=tmp_path,
    )
    pd.testing.assert_frame_equal(pd.read_csv(paths["csv"]), data)
    sidecar = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert sidecar["params"] == {"top": 2, "lens": "actors"}
    assert sidecar["corpus"] == {"name": "tiny", "doc_ids": ["a", "b"], "content_hash": "0123abcd"}
    assert sidecar["toolkit_version"] == tk.__version__
    assert dt.datetime.fromisoformat(sidecar["created"]) >= before
    assert sidecar["files"] == ["mentions.csv", "mentions.html"]


def test_sidecar_keeps_values_json_cannot_hold(tmp_path):
    day = pd.Timestamp("2017-09-08")
    paths = tk.save_table(pd.DataFrame({"x": [1]}), "t", params={"start": day, "ids": ("a",)}, out_dir=tmp_path)
    sidecar = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert sidecar["params"] == {"start": str(day), "ids": ["a"]}
    assert sidecar["corpus"] is None


def test_save_table_with_real_corpus(tmp_path):
    corpus = tk.load_corpus([{"id": "a", "text": "Hun Sen spoke in Phnom Penh."}], cache=False)
    paths = tk.save_table(corpus.sentences, "sentences", corpus=corpus, out_dir=tmp_path)
    assert pd.read_csv(paths["csv"])["text"].tolist() == corpus.sentences["text"].tolist()
    sidecar = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert sidecar["corpus"]["doc_ids"] == corpus.fingerprint()["doc_ids"] == ["a"]


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("/abs/path", "abs-path"),
        ("..\\..\\win", "win"),
        (".hidden", "hidden"),
        ("Timeline: Cambodia (2017)", "Timeline-Cambodia-2017"),
        ("Ünïcode café", "Unicode-cafe"),
        ("a..b", "a.b"),
    ],
)
def test_safe_name(name, stem):
    assert export.safe_name(name) == stem


@pytest.mark.parametrize("name", ["", "../", "///", "..", "…"])
def test_unusable_name_is_refused(name):
    with pytest.raises(ValueError, match="no usable characters"):
        export.safe_name(name)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_name_stays_inside_the_folder(tmp_path_factory, name):
    folder = tmp_path_factory.getbasetemp() / "exports"
    try:
        stem = export.safe_name(name)
    except ValueError:
        return
    target = (folder / f"{stem}.csv").resolve()
    assert target.parent == folder.resolve()
    assert not stem.startswith(".") and "/" not in stem and "\\" not in stem


def test_unknown_format_names_allowed_ones(fig, tmp_path):
    with pytest.raises(ValueError, match=r"'jpeg'.*allowed: \['png', 'svg', 'pdf', 'html'\]"):
        tk.save_figure(fig, "x", formats=("html", "jpeg"), out_dir=tmp_path)
    with pytest.raises(ValueError, match="no export format"):
        tk.save_figure(fig, "x", formats=(), out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_missing_browser_says_how_to_install_and_still_writes_html(fig, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert export.chromium_path() is None
    with pytest.raises(export.BrowserNotFoundError, match="apt-get install --no-install-recommends chromium") as info:
        tk.save_figure(fig, "mentions", formats=("png", "html"), data=pd.DataFrame({"n": [1]}), out_dir=tmp_path)
    assert sorted(info.value.written) == ["csv", "html", "json"]
    assert (tmp_path / "mentions.html").stat().st_size > 1_000_000
    assert not (tmp_path / "mentions.png").exists()


def test_timeout_is_raised_and_does_not_hang():
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="more than 0 s"):
        export._run_with_timeout(lambda: time.sleep(3), 0.3)
    assert time.monotonic() - started < 2


@needs_chromium
def test_png_svg_pdf_through_one_browser(fig, tmp_path):
    import kaleido

    paths = tk.save_figure(fig, "mentions", formats=("png", "svg", "pdf"), out_dir=tmp_path)
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in paths["svg"].read_bytes()[:500]
    assert paths["pdf"].read_bytes()[:4] == b"%PDF"
    server = kaleido._global_server
    assert server.is_running()  # the browser stays up for the next export
    browser_thread = server._thread
    again = tk.save_figure(go.FigureWidget(fig), "again", formats=("png",), out_dir=tmp_path)
    assert again["png"].stat().st_size > 1000
    assert server._thread is browser_thread  # the same browser drew it
