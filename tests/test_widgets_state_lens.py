"""The lens states on the workspace's state (toolkit.widgets.state.lens): one corpus, filter and selection,
whether a lens builds its own workspace state or shares one."""
from __future__ import annotations

import pytest

from toolkit.schemas import SECTIONS
from toolkit.widgets.state.actors import ActorsState
from toolkit.widgets.state.keywords import KeywordsState
from toolkit.widgets.state.lens import workspace_state
from toolkit.widgets.state.overview import OverviewState
from toolkit.widgets.state.timeline import TimelineState
from toolkit.widgets.state.workspace import WorkspaceState


@pytest.fixture
def shared(stories):
    return WorkspaceState(corpus=stories)


def test_every_lens_builds_its_own_workspace_state_with_its_sections(stories, dictionary_path):
    actors = ActorsState(corpus=stories, dictionary_path=dictionary_path)
    assert isinstance(actors.workspace, WorkspaceState) and actors.workspace.corpus is stories
    assert actors.workspace.filter.sections == ("headline", "body")  # the actor lens leaves captions out
    timeline = TimelineState(corpus=stories)
    assert timeline.workspace is not actors.workspace and timeline.workspace.filter.sections is None


def test_a_published_date_filter_cuts_every_lens(shared, dictionary_path):
    timeline, keywords = TimelineState(workspace=shared), KeywordsState(workspace=shared)
    actors, overview = ActorsState(workspace=shared, dictionary_path=dictionary_path), OverviewState(workspace=shared)
    revisions = [lens.revision for lens in (timeline, keywords, actors, overview)]
    everything = keywords.table()
    shared.set_filter(start="2021-02-01", end="2021-02-28")
    assert [lens.revision for lens in (timeline, keywords, actors, overview)] == [r + 1 for r in revisions]
    assert set(timeline.selected()["doc_id"]) == {"strike", "talks"}
    assert set(actors.all_mentions()["doc_id"]) <= {"strike", "talks"}
    assert set(overview.counts()["group"]) == {"strike", "talks"}
    assert set(keywords.view().documents["doc_id"]) == {"strike", "talks"}
    assert not keywords.table().equals(everything)
    shared.clear_filter()
    assert set(timeline.selected()["doc_id"]) == {"vote", "strike", "talks", "deal"}


def test_sections_are_the_filters_both_ways(shared, dictionary_path):
    timeline, actors = TimelineState(workspace=shared), ActorsState(workspace=shared, dictionary_path=dictionary_path)
    assert actors.sections == SECTIONS  # a shared filter wins over the lens's default
    timeline.sections = ("headline",)
    assert shared.filter.sections == ("headline",) and actors.sections == ("headline",)
    assert set(timeline.selected()["section"]) <= {"headline"}
    shared.set_filter(sections=None)
    assert timeline.sections == SECTIONS and actors.sections == SECTIONS


def test_no_section_left_shows_nothing_and_still_redraws(shared):
    timeline = TimelineState(workspace=shared)
    revision = timeline.revision
    timeline.sections = ()
    assert shared.filter.sections is None  # the filter cannot say "none"; the lens can
    assert timeline.revision == revision + 1
    assert timeline.selected().empty and timeline.view().sentences.empty


def test_the_selected_actor_is_the_workspaces(shared, dictionary_path):
    timeline, actors = TimelineState(workspace=shared), ActorsState(workspace=shared, dictionary_path=dictionary_path)
    revision = timeline.revision
    actors.selected = "Ana Reis"
    assert shared.selection.actor == "Ana Reis" and timeline.actor == "Ana Reis"
    assert timeline.revision == revision  # the tables are the same; the actor trait tells the view
    assert set(timeline.selected()["doc_id"]) <= {"talks", "deal"}
    timeline.actor = ""
    assert shared.selection.actor is None and actors.selected == ""
    shared.select(doc_id="vote")  # the reader's document changes no lens
    assert timeline.revision == revision


def test_reference_dates_live_with_the_workspace(shared):
    timeline = TimelineState(workspace=shared)
    shared.set_reference("strike", "2022-06-01")
    assert timeline.reference_dates == {"strike": "2022-06-01"}
    assert timeline.reference_of("strike") == shared.reference_of("strike")
    tuesday = shared.all_events().query("doc_id == 'strike' and text == 'Tuesday'")["value"].item()
    assert tuesday.startswith("2022-05")
    with pytest.raises(ValueError, match="no document 'nope'"):
        shared.set_reference("nope", None)


def test_a_new_corpus_reaches_every_lens_and_keeps_the_sections(shared, make_corpus, dictionary_path):
    actors = ActorsState(workspace=shared, dictionary_path=dictionary_path)
    actors.sections = ("body",)
    shared.set_filter(start="2021-02-01")
    other = make_corpus("Ana Reis spoke in Porto on Monday.")
    actors.corpus = other
    assert shared.corpus is other and shared.filter.start is None
    assert actors.sections == ("body",) and shared.filter.sections == ("body",)


def test_workspace_state_takes_a_state_or_a_view_holding_one(shared):
    class View:
        state = shared

    assert workspace_state(None) is None
    assert workspace_state(shared) is shared and workspace_state(View()) is shared
    with pytest.raises(TypeError, match="takes a Workspace"):
        workspace_state("samples/wikinews")
