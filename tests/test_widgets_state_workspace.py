"""The workspace's state headless: one filter and one selection, every panel's table cut by them, the reader."""
from __future__ import annotations

import gc
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.widgets.state.selection import Filter, Selection, state_code
from toolkit.widgets.state.workspace import WorkspaceState


@pytest.fixture
def state(stories):
    return WorkspaceState(corpus=stories)


def test_tables_hold_every_panel(state):
    tables = state.tables()
    assert {"timeline", "keywords", "actors", "quotes"} <= set(tables)
    assert set(tk.schemas.column_names("events")) <= set(tables["timeline"].columns)
    assert set(tk.schemas.column_names("actors")) == set(tables["actors"].columns)
    assert len(tables["documents"]) == 4 and len(tables["timeline"]) > 0


def test_a_date_range_cuts_every_panel(state):
    everything = state.tables()
    state.set_filter(start="2021-02-01", end="2021-02-28")
    cut = state.tables()
    assert set(cut["documents"]["doc_id"]) == {"strike", "talks"}
    for name in ("timeline", "quotes"):
        assert set(cut[name]["doc_id"]) <= {"strike", "talks"}
        assert len(cut[name]) < len(everything[name])
    assert cut["actors"]["mentions"].sum() < everything["actors"]["mentions"].sum()
    assert not cut["keywords"].equals(everything["keywords"])


def test_none_clears_one_field_and_leaves_the_others(state):
    state.set_filter(start="2021-02-01", sources=["wire"])
    state.set_filter(start=None)
    assert state.filter == Filter(sources=("wire",))
    assert set(state.documents()["doc_id"]) == {"vote", "talks"}


def test_sections_text_and_term_filters(state):
    state.set_filter(sections=["headline"])
    assert set(state.mentions()["section"]) <= {"headline"}
    state.set_filter(sections=None, text="union")
    assert all("union" in s.lower() for s in state.timeline()["sentence"])
    state.set_filter(text=None, term="strike")
    assert set(state.documents()["doc_id"]) == {"strike", "deal"}


def test_bad_filter_values_are_refused_with_the_reason(state):
    with pytest.raises(ValueError, match="after end"):
        state.set_filter(start="2021-03-01", end="2021-01-01")
    with pytest.raises(ValueError, match="unknown sections"):
        state.set_filter(sections=["footer"])
    with pytest.raises(ValueError, match="not a date"):
        state.set_filter(start="someday")
    with pytest.raises(TypeError, match="unknown filter fields"):
        state.set_filter(author="x")
    with pytest.raises(ValueError, match="no document"):
        state.select(doc_id="missing")


def test_selecting_an_actor_restricts_the_timeline_and_keywords_compare_its_sentences(state):
    actor = state.actors()["actor"].iloc[0]
    before = state.keywords()
    state.select(actor=actor)
    timeline = state.timeline()
    assert len(timeline) and all(actor in names for names in timeline["actors"])
    assert not state.keywords().equals(before)
    assert set(state.quotes()["speaker"]) <= {actor}
    state.select(actor=None)
    assert state.keywords().equals(before)


def test_selecting_a_term_fills_kwic_and_trend_and_marks_events(state):
    state.select(term="strike")
    lines = state.kwic()
    assert len(lines) >= 2 and lines["match"].str.lower().eq("strike").all()
    assert "title" in lines.columns
    assert state.trend()["count"].sum() == len(lines)
    marked = state.timeline()
    assert marked["marked"].any() and not marked["marked"].all()
    assert marked.loc[marked["marked"], "sentence"].str.lower().str.contains("strike").all()


def test_opening_a_row_shows_its_document_at_its_sentence(state):
    event = state.timeline().iloc[-1]
    state.open_row(event)
    assert state.selection.doc_id == event["doc_id"]
    page = state.reader_html()
    assert 'class="tk-focus"' in page and 'class="tk-entity"' in page and 'class="tk-date"' in page


def test_reader_escapes_text_and_shows_title_date_source_url_and_citation(state):
    state.select(doc_id="deal")
    page = state.reader_html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Deal ends strike" in page and "2021-03-15" in page and "daily" in page
    assert "tk-citation" in page and state.citation("deal").startswith("\u201cDeal ends strike\u201d")
    assert 'class="tk-quote"' in page and "said by" in page


def test_the_reader_marks_the_same_before_and_after_the_corpus_tables_exist(stories):
    fresh, computed = WorkspaceState(corpus=stories), WorkspaceState(corpus=stories)
    before = {d: fresh.reader_marks(d) for d in stories.documents["doc_id"]}
    assert not fresh._tables.has("events") and not fresh._tables.has("quotes")  # the reader read one document's rows
    computed.all_events(), computed.all_quotes()
    for doc_id, marks in before.items():
        pd.testing.assert_frame_equal(marks, computed.reader_marks(doc_id))
    assert set(before["deal"]["kind"]) == {"entity", "date", "quote"}


def test_the_actor_list_is_the_actor_table_order_before_and_after_it_exists(stories):
    fresh = WorkspaceState(corpus=stories)
    counted = fresh.actor_names(top=3)
    assert counted == fresh.all_actors()["actor"].head(3).tolist() == fresh.actor_names(top=3)
    assert len(fresh.actor_names(top=100)) == len(fresh.all_actors())


def test_an_untitled_article_is_named_by_its_first_words(state):
    title = state.documents().set_index("doc_id").loc["talks", "title"]
    assert title.startswith("Talks resumed in Lisbon") and title != "talks"


def test_next_and_previous_stay_within_the_filter(state):
    state.set_filter(sources=["daily"])
    state.select(doc_id="strike")
    assert state.step_reader(1) == "deal"
    assert state.step_reader(1) is None and state.selection.doc_id == "deal"
    assert state.step_reader(-1) == "strike"


def test_a_document_left_out_by_the_filter_leaves_the_reader(state):
    state.select(doc_id="vote")
    state.set_filter(sources=["daily"])
    assert state.selection.doc_id is None and state.reader_document() == "strike"


def test_state_saves_and_loads_as_json(state, tmp_path, stories):
    state.set_filter(start="2021-02-01", sources=["wire"], term="union")
    state.select(actor="Ana Reis")
    path = state.save(tmp_path / "state.json")
    data = json.loads(path.read_text())
    assert data["filter"]["start"] == "2021-02-01" and data["selection"]["actor"] == "Ana Reis"
    again = WorkspaceState(corpus=stories)
    again.load(path)
    assert again.filter == state.filter and again.selection == state.selection
    pd.testing.assert_frame_equal(again.timeline(), state.timeline())
    with pytest.raises(ValueError, match="not a saved workspace state"):
        (tmp_path / "other.json").write_text("[1, 2]")
        again.load(tmp_path / "other.json")


def test_copy_as_code_runs_and_gives_the_same_documents_and_events(state, stories, monkeypatch):
    state.set_filter(start="2021-02-01", end="2021-03-31", sources=["daily"])
    code = state_code(state.filter, state.selection, source=None)
    monkeypatch.setattr(tk, "load_corpus", lambda *args, **kwargs: stories)
    scope: dict = {}
    exec(code, scope)  # noqa: S102  (the code the user would paste)
    assert set(scope["corpus"].documents["doc_id"]) == set(state.documents()["doc_id"])
    assert len(scope["events"]) == len(state.timeline())


def test_histogram_counts_documents_and_those_in_the_filter(state):
    state.freq = "month"
    counts = state.histogram()
    assert counts["documents"].sum() == 4
    state.set_filter(sources=["wire"], start="2021-02-01")
    counts = state.histogram()  # the date fields are what the brush sets: the others are shown
    assert counts["documents"].sum() == 4 and counts["in_filter"].sum() == 2


def test_a_new_corpus_starts_with_an_open_filter(state, make_corpus):
    state.set_filter(sources=["wire"])
    state.select(actor="Maria Costa")
    state.corpus = make_corpus("Another story about Lisbon.")
    assert state.filter == Filter() and state.selection == Selection()


@settings(max_examples=25, deadline=None)
@given(start=st.dates(min_value=pd.Timestamp("2020-12-01").date(), max_value=pd.Timestamp("2021-04-01").date()),
       days=st.integers(0, 90), sources=st.sampled_from([None, ("wire",), ("daily",), ("wire", "daily")]))
def test_filtered_tables_are_subsets_of_the_whole(stories, start, days, sources):
    state = WorkspaceState(corpus=stories)
    whole = state.tables()
    end = start + pd.Timedelta(days=days)
    state.set_filter(start=start, end=end, sources=sources)
    docs = state.documents()
    assert docs["published"].dt.date.between(start, end.date() if hasattr(end, "date") else end).all()
    kept = set(docs["doc_id"])
    for name in ("timeline", "quotes", "relations"):
        assert set(state.tables()[name]["doc_id"]) <= kept
        assert len(state.tables()[name]) <= len(whole[name])
    assert state.actors()["mentions"].sum() == len(state.mentions())


def _actors_by_groupby(state) -> pd.DataFrame:
    """The filter's actor table counted plainly: the mentions passing the filter, grouped by actor."""
    m = state.mentions().dropna(subset=["actor"])
    seen = m.assign(published=m["doc_id"].map(state.all_documents().set_index("doc_id")["published"]))
    counts = seen.groupby("actor").agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                                       first_seen=("published", "min"), last_seen=("published", "max"))
    whole = state.all_actors()
    table = whole.set_index("actor").drop(columns=list(counts.columns)).join(counts, how="inner").reset_index()
    return table[whole.columns].sort_values(["mentions", "actor"], ascending=[False, True]).reset_index(drop=True)


@pytest.mark.parametrize("fields", [{}, {"start": "2021-02-01", "end": "2021-02-28"}, {"sources": ["wire"]},
                                    {"sections": ["headline"]}, {"text": "the"}, {"start": "2031-01-01"}])
def test_the_filter_actor_table_and_network_count_as_the_lens(state, fields):
    state.set_filter(**fields)
    expected = _actors_by_groupby(state)
    pd.testing.assert_frame_equal(state.actors(), expected, check_dtype=False, check_index_type=False)
    m = state.mentions()
    chosen = state.mentions()[m["actor"].isin(state.actors()["actor"].head(3))]
    pd.testing.assert_frame_equal(state.cooccurrence(top=3), tk.cooccurrence(state.corpus, mentions_table=chosen),
                                  check_dtype=False)


def test_warm_up_computes_the_corpus_tables_once_in_the_background(stories):
    warm = WorkspaceState(corpus=stories)
    thread = warm.warm_up()
    assert warm.warm_up() is thread  # once per corpus
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert all(warm._tables.has(name) for name in ("events", "actors", "quotes", "relations"))
    cold = WorkspaceState(corpus=stories)
    for name in ("all_events", "all_actors", "all_quotes", "all_relations"):
        pd.testing.assert_frame_equal(getattr(warm, name)(), getattr(cold, name)())
    assert gc.get_freeze_count() > 0  # the collector's full passes leave the tables alone
    warm.corpus = stories.select(doc_ids=stories.documents["doc_id"][:1].tolist())
    assert gc.get_freeze_count() == 0  # a new corpus gives them back


def test_a_new_corpus_during_the_warm_up_gets_its_own_tables(stories):
    other = stories.select(doc_ids=stories.documents["doc_id"][:2].tolist())
    state = WorkspaceState(corpus=stories)
    first = state.warm_up()
    state.corpus = other  # at once, while the first corpus's tables are being computed
    first.join(timeout=120)
    state.warm_up().join(timeout=120)
    assert set(state.all_events()["doc_id"]) <= set(other.documents["doc_id"])
    pd.testing.assert_frame_equal(state.all_quotes(), WorkspaceState(corpus=other).all_quotes())


@pytest.mark.parametrize("fields", [{}, {"start": "2021-02-01", "end": "2021-02-28"}, {"sections": ["headline"]},
                                    {"sections": ["body"], "text": "the"}, {"sources": ["wire"]}])
def test_kwic_lines_are_the_term_lines_that_pass_the_filter(state, fields):
    state.set_filter(**fields)
    term = state.keywords()["term"].iloc[0] if not state.keywords().empty else "the"
    state.select(term=term)
    every = tk.kwic(state.corpus, term)
    sentences = state.corpus.sentences.set_index(["doc_id", "sent_id"])
    kept = [d in set(state.documents()["doc_id"])
            and (not state.filter.sections or sentences.loc[(d, s), "section"] in state.filter.sections)
            and (not state.filter.text or state.filter.text.lower() in sentences.loc[(d, s), "text"].lower())
            for d, s in zip(every["doc_id"], every["sent_id"])]
    expected = every[kept].head(500).reset_index(drop=True)
    pd.testing.assert_frame_equal(state.kwic().drop(columns="title"), expected)


def test_rows_numbered_for_a_replaced_events_table_are_numbered_again(stories):
    state = WorkspaceState(corpus=stories)
    old = state.all_events()
    doc_id = old["doc_id"].iloc[0]
    state.set_reference(doc_id, "1999-01-01")
    state._doc_rows("events", old)  # what a warm-up still holding the old table would number
    new = state.all_events()
    rows = state._doc_rows("events", new)
    assert len(rows) == len(new)
    assert (state.all_documents()["doc_id"].to_numpy()[rows] == new["doc_id"].to_numpy()).all()
    assert len(state.timeline()) <= len(new)
