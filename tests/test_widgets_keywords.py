"""Keyword plots and the keywords explorer (toolkit.widgets.keywords), headless: set widget values, check state
and figures. The state alone is tested in test_widgets_state_keywords."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import toolkit as tk
from toolkit.plots import keywords as keyword_plots
from toolkit.widgets.keywords import KeywordsExplorer


@pytest.fixture
def explorer(dated):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return KeywordsExplorer(dated, cache=False)


def test_plot_keywords_bars_best_on_top(seed):
    fig = tk.plot_keywords(tk.keywords(seed, top_n=10), method="keyness")
    assert isinstance(fig, go.Figure) and len(fig.data) == 1
    assert fig.data[0].y[-1] == "cambodia"  # horizontal bars draw the last row on top
    assert "G²" in fig.layout.xaxis.title.text


def test_plot_keywords_diverges_for_two_groups(dated):
    table = tk.keywords(dated, method="keyness", by=tk.split_by_date(dated, "2017-09-01"), min_count=2)
    fig = tk.plot_keywords(table)
    assert [t.name for t in fig.data] == ["before", "after"]
    assert (pd.Series(fig.data[0].x) < 0).all() and (pd.Series(fig.data[1].x) > 0).all()
    assert "kem sokha" in fig.data[0].y and "hun sen" in fig.data[1].y


def test_plot_keywords_panels_for_many_groups(dated):
    table = tk.keywords(dated, method="frequency", by="day", min_count=1, top_n=3)
    fig = tk.plot_keywords(table)
    assert len(fig.data) == 3
    with pytest.raises(ValueError, match="score"):
        tk.plot_keywords(pd.DataFrame({"term": ["x"]}))


def test_plot_dispersion_and_trends(dated):
    hits = tk.dispersion(dated, ["kem sokha", "hun sen"])
    fig = tk.plot_dispersion(hits)
    assert [t.name for t in fig.data] == ["kem sokha", "hun sen"]
    assert len(fig.data[1].x) == 3
    assert list(fig.layout.yaxis.ticktext) == ["hun sen", "kem sokha"]  # the first term on top
    assert set(fig.data[0].y) == {1.0} and set(fig.data[1].y) == {0.0}
    by_date = tk.plot_dispersion(hits, by="date")
    assert pd.Timestamp(by_date.data[1].x[0]) == pd.Timestamp("2017-09-10")
    with pytest.raises(ValueError, match="by='page'"):
        tk.plot_dispersion(hits, by="page")
    trend = tk.plot_trends(tk.term_trends(dated, ["opposition"], freq="month"))
    assert list(trend.data[0].y) == pytest.approx([2 / 24 * 10_000, 1 / 14 * 10_000], rel=0.2)


@pytest.mark.parametrize("by", ["offset", "position", "date"])
def test_frequent_terms_keep_one_mark_per_slot_of_the_axis(by):
    rng = np.random.default_rng(0)
    n = 30_000
    hits = pd.DataFrame({
        "term": ["said"] * n + ["rare"] * 3,
        "doc_id": [f"d{i % 50}" for i in range(n + 3)],
        "offset": np.r_[rng.integers(0, 10**6, n), [5, 500_000, 999_999]],
        "position": np.r_[rng.random(n), [0.0, 0.5, 1.0]],
        "published": pd.to_datetime("2017-01-01") + pd.to_timedelta(np.r_[rng.integers(0, 365, n), [0, 100, 364]], "D"),
    })
    hits.loc[7, "published"] = pd.NaT  # an undated document
    fig = tk.plot_dispersion(hits, by=by)
    column = {"offset": "offset", "position": "position", "date": "published"}[by]
    frequent, rare = fig.data
    assert len(frequent.x) <= keyword_plots.MARK_SLOTS < n and "30,000 occurrences" in frequent.hovertemplate
    assert len(rare.x) == 3 and list(rare.customdata) == ["d0", "d1", "d2"]
    assert "occurrences" not in rare.hovertemplate
    middle = tk.plot_dispersion(hits.iloc[: keyword_plots.HOVER_LIMIT - 1], by=by).data[0]  # thinned, with documents
    assert len(middle.x) <= keyword_plots.MARK_SLOTS and len(middle.customdata) == len(middle.x)
    assert f"{keyword_plots.HOVER_LIMIT - 1:,} occurrences" in middle.hovertemplate
    # Every slot of the axis that held a mark still holds one, so the picture is the same.
    numbers = keyword_plots._axis_numbers(hits[column], dates=by == "date")
    finite = numbers[np.isfinite(numbers)]
    slots = keyword_plots._slots(numbers[:n], finite.min(), finite.max())
    shown = keyword_plots._axis_numbers(pd.Series(frequent.x), dates=by == "date")
    assert set(keyword_plots._slots(shown, finite.min(), finite.max())) == set(slots)


def test_controls_update_state_and_figure(explorer):
    assert explorer.figure.layout.title.text.startswith("Keywords by keyness")
    explorer.method.value = "frequency"
    assert explorer.state.method == "frequency"
    assert explorer.figure.layout.title.text.startswith("Keywords by frequency")
    explorer.state.min_count = 1
    explorer.top_n.value = 5
    assert len(explorer.figure.data[0].y) == 5
    explorer.ngrams.value = (2, 3)
    assert all(" " in term for term in explorer.figure.data[0].y)
    explorer.stopwords.value = False
    assert explorer.state.stopword_setting() is False


def test_comparison_by_date_and_by_metadata(explorer):
    explorer.split_date.value = "2017-09-01"
    explorer.compare.value = "date"
    assert [t.name for t in explorer.figure.data] == ["before", "after"]
    assert "before vs after 2017-09-01" in explorer.figure.layout.title.text
    explorer.compare.value = "source"
    assert {t.name for t in explorer.figure.data} == {"wire", "daily"}
    assert explorer.errors.message == ""


def test_errors_are_shown_not_lost(explorer):
    explorer.split_date.value = "2030-01-01"  # everything falls before: one group only
    explorer.compare.value = "date"
    assert "two groups" in explorer.errors.message


def test_section_filter(make_corpus):
    corpus = make_corpus({"id": "a", "text": "Harbour strike ends\n\nDock workers ended the strike."})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explorer = KeywordsExplorer(corpus, cache=False)
    explorer.method.value = "frequency"
    explorer.state.min_count = 1
    assert any("harbour" in term for term in explorer.figure.data[0].y)
    explorer.section_boxes["headline"].value = False
    assert explorer.state.sections == ("caption", "body")
    assert not any("harbour" in term for term in explorer.figure.data[0].y)


def test_sections_toggled_back_and_forth_keep_search_and_trend(make_corpus):
    corpus = make_corpus(
        {"id": "a", "text": "Strike Ends\n\nPhoto: the strike at the docks.\n\nDock workers ended the strike.",
         "published": "2017-09-01"},
        {"id": "b", "text": "Port Calm\n\nThe strike is over, the port said.", "published": "2017-10-01"},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explorer = KeywordsExplorer(corpus, cache=False)
    explorer.search.value = "strike"
    explorer.state.selected = ["strike"]
    explorer.detail.value = "trend"
    lines = {True: "<b>4</b> lines", False: "<b>3</b> lines"}
    for shown in (False, True, False, True):
        explorer.section_boxes["caption"].value = shown
        assert explorer.errors.message == ""
        assert lines[shown] in explorer.kwic.value
        assert [t.name for t in explorer.detail_figure.data] == ["strike"]
        assert explorer.detail_figure.data[0].x[0].startswith("2017-09-01")
        trend = tk.term_trends(explorer.state.view(), ["strike"])
        assert trend["count"].tolist() == ([2, 1] if not shown else [3, 1])


def test_search_box_and_term_selection_fill_kwic_and_detail(explorer):
    explorer.search.value = "kem sokha"
    assert "<b>4</b> lines" in explorer.kwic.value
    explorer.terms.value = ("hun sen",)
    assert explorer.state.query == "hun sen"
    assert "<b>3</b> lines" in explorer.kwic.value
    assert [t.name for t in explorer.detail_figure.data] == ["hun sen"]
    explorer.detail.value = "trend"
    assert explorer.detail_figure.layout.title.text == "Trend of hun sen"
    explorer.state.select_term("opposition")
    assert explorer.terms.value == ("hun sen", "opposition")
    assert explorer.detail_figure.layout.title.text == "Trend of hun sen, opposition"
    explorer.method.value = "tfidf"  # a new table keeps the selection
    assert explorer.state.selected == ["hun sen", "opposition"]


def test_kwic_in_explorer_is_escaped(make_corpus):
    corpus = make_corpus("A <script>alert(1)</script> tag.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explorer = KeywordsExplorer(corpus, cache=False)
    explorer.search.value = "alert"
    assert "<script>" not in explorer.kwic.value and "&lt;script&gt;" in explorer.kwic.value


def test_export_writes_figure_data_and_params(explorer, tmp_path):
    explorer.export._out_dir = tmp_path
    for fmt, box in explorer.export.checkboxes.items():
        box.value = fmt == "html"
    written = explorer.export.export()
    assert written["html"].exists()
    assert any(p.suffix == ".csv" for p in tmp_path.iterdir())


def test_every_ngram_toggle_shows_the_ngrams_that_are_no_phrase(explorer):
    explorer.method.value = "frequency"
    explorer.state.min_count = 1
    explorer.ngrams.value = (2, 2)
    explorer.top_n.value = 100
    clean = set(explorer.figure.data[0].y)
    assert {"kem sokha", "hun sen"} <= clean and "sen praised" not in clean
    explorer.every_ngram.value = True
    assert explorer.state.phrases == "all" and explorer.state.params()["phrases"] == "all"
    assert "sen praised" in set(explorer.figure.data[0].y)
    assert explorer.status.value == ""  # the "Computing…" note is gone once the chart is drawn


def test_no_control_label_is_cut(explorer):
    from widget_helpers import cut_labels

    assert cut_labels(explorer) == []
