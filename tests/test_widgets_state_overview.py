"""The overview's state (toolkit.widgets.state.overview) without widgets: sections, counts, figure, settings."""
from __future__ import annotations

import pytest

from toolkit.widgets.state.overview import OverviewState


def test_state_refuses_unknown_sections(corpus):
    state = OverviewState(corpus=corpus)
    state.sections = ("body", "headline")
    assert state.sections == ("headline", "body")
    with pytest.raises(Exception, match="unknown sections"):
        state.sections = ("footer",)


def test_counts_and_figure_follow_the_grouping_and_sections_and_the_settings_are_exported(corpus):
    state = OverviewState(corpus=corpus, by="month", sections=("body",))
    counts = state.counts()
    assert counts[["group", "section", "n_sentences"]].values.tolist() == [
        ["2020-03", "body", 2], ["2020-04", "body", 3], ["unknown", "body", 1]]
    (bars,) = state.figure().data
    assert (bars.name, list(bars.x), list(bars.y)) == ("body", ["2020-03", "2020-04", "unknown"], [2, 3, 1])
    params = state.params()
    assert params.pop("workspace")["filter"]["sections"] == ["body"]  # the shared filter goes into the sidecar
    assert params == {"by": "month", "measure": "n_sentences", "sections": ["body"]}


def test_documents_are_shown_by_title_on_the_axis(corpus):
    fig = OverviewState(corpus=corpus).figure()
    titles = dict(zip(corpus.documents["doc_id"], corpus.documents["title"]))
    assert list(fig.layout.xaxis.ticktext) == [titles[g] for g in fig.layout.xaxis.tickvals]
    assert not set(fig.layout.xaxis.ticktext) & set(corpus.documents["doc_id"])
