"""The timeline lens: expressions found and resolved as the issue states, on the seed and small texts."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit as tk


@pytest.fixture(scope="module")
def seed_timeline(seed):
    return tk.timeline(seed)


@pytest.fixture(scope="module")
def seed_events(seed):
    return tk.events(seed)


# ---------------------------------------------------------------- the seed


@pytest.mark.parametrize(
    "context, text, value, anchor",
    [
        ("pre-dawn raid on Sunday", "Sunday", "2017-09-03", "relative"),
        ("Samrin on Thursday, San Sarana", "Thursday", "2017-09-07", "relative"),
        ("San Sarana on Thursday confirmed", "Thursday", "2017-09-07", "relative"),
        ("embassies this week", "this week", "2017-W36", "relative"),
        ("ahead of next year’s elections", "next year", "2018", "relative"),
        ("Cambodia’s 2013 election", "2013", "2013", "absolute"),
        ("in January 2014", "January 2014", "2014-01", "absolute"),
        ("since 1993", "1993", "1993", "absolute"),
        ("China, Monday, May 15, 2017", "Monday, May 15, 2017", "2017-05-15", "absolute"),
        ("several years ago in which", "several years ago", "PAST_REF", "vague"),
    ],
)
def test_seed_expressions_resolve_as_the_issue_states(seed_timeline, context, text, value, anchor):
    rows = seed_timeline[seed_timeline["sentence"].str.contains(context, regex=False) & (seed_timeline["text"] == text)]
    assert len(rows) >= 1, context
    assert set(zip(rows["value"], rows["anchor"])) == {(value, anchor)}


def test_seed_table_matches_schema_and_offsets(seed, seed_timeline):
    tk.validate(seed_timeline, "timeline")
    text = seed.documents["text"].iloc[0]
    for row in seed_timeline.itertuples():
        assert text[row.start:row.end] == row.text
        assert row.text in row.sentence
    photo = seed_timeline[seed_timeline["value"] == "2017-05-15"].iloc[0]
    assert photo["section"] == "caption"
    sunday = seed_timeline[seed_timeline["value"] == "2017-09-03"].iloc[0]
    assert sunday["date_start"] == sunday["date_end"] == pd.Timestamp("2017-09-03")


def test_seed_numbers_that_are_not_dates(seed_timeline):
    assert not seed_timeline["text"].str.contains("five|dozen", regex=True).any()
    assert set(seed_timeline["type"]) <= {"DATE", "TIME", "DURATION", "SET"}


def test_select_without_captions_drops_the_photo_date(seed):
    table = tk.timeline(seed.select(sections=("headline", "body")))
    assert "2017-05-15" not in set(table["value"])
    assert "2017-09-03" in set(table["value"])


# ---------------------------------------------------------------- relative expressions


def test_corpus_without_dates_gives_nat(make_corpus):
    table = tk.timeline(make_corpus("He was arrested on Sunday. It happened in 2013."))
    tk.validate(table, "timeline")
    sunday = table[table["text"] == "Sunday"].iloc[0]
    assert sunday["value"] == "XXXX-WXX-7" and pd.isna(sunday["date_start"])
    assert table.loc[table["text"] == "2013", "value"].item() == "2013"


# ---------------------------------------------------------------- reference overrides


def test_reference_date_override_changes_resolution(make_corpus):
    corpus = make_corpus({"id": "a", "text": "He was arrested on Sunday.", "published": "2017-09-08"},
                         {"id": "b", "text": "He was arrested on Sunday.", "published": "2017-09-08"})
    base = tk.timeline(corpus).set_index("doc_id")["value"]
    assert base.to_dict() == {"a": "2017-09-03", "b": "2017-09-03"}
    moved = tk.timeline(corpus, reference_dates={"a": "2020-01-01"}).set_index("doc_id")
    assert moved.loc["a", "value"] == "2019-12-29"
    assert moved.loc["a", "reference"] == pd.Timestamp("2020-01-01")
    assert moved.loc["b", "value"] == "2017-09-03"
    unknown = tk.timeline(corpus, reference_dates={"a": None}).set_index("doc_id")
    assert unknown.loc["a", "value"] == "XXXX-WXX-7"


def test_reference_date_override_rejects_bad_input(make_corpus):
    corpus = make_corpus({"id": "a", "text": "On Sunday.", "published": "2017-09-08"})
    with pytest.raises(ValueError, match="unknown document 'zzz'"):
        tk.timeline(corpus, reference_dates={"zzz": "2017-01-01"})
    with pytest.raises(ValueError, match="not a date"):
        tk.timeline(corpus, reference_dates={"a": "not a date"})


def test_empty_corpus_gives_empty_tables(make_corpus):
    corpus = make_corpus({"id": "a", "text": "Nothing dated here at all."})
    table = tk.timeline(corpus)
    assert table.empty
    tk.validate(table, "timeline")
    found = tk.events(corpus)
    assert found.empty
    tk.validate(found, "events")


# ---------------------------------------------------------------- events


def test_seed_events_have_predicates_and_actors(seed_events):
    tk.validate(seed_events, "events")
    by_text = {(row.text, row.sent_id): row for row in seed_events.itertuples()}
    predicates = {row.text: row.predicate for row in seed_events.itertuples()}
    assert predicates["January 2014"] == "protests crushed"
    assert predicates["Sunday"] == "arrested"
    assert any(p == "meeting" for t, p in predicates.items() if t == "Thursday") or "meeting" in set(
        seed_events["predicate"])
    assert "election" in set(seed_events["predicate"])
    sunday = next(row for (text, _), row in by_text.items() if text == "Sunday")
    assert "Kem Sokha" in sunday.actors  # the actor lens's name, the one definition of an actor
    names = {a for actors in seed_events["actors"] for a in actors}
    assert not names & {"Sunday", "Oct.", "Monday"}  # no proper-noun runs posing as actors


def test_event_after_another_event_is_anchored(seed_events):
    warned = seed_events[seed_events["predicate"] == "warned"]
    assert len(warned) == 1
    row = warned.iloc[0]
    assert row["value"] == "2017-09-06"  # the day before Thursday's meeting
    assert row["relative_to"] == "meeting"


def test_events_use_actor_mentions_when_given(seed):
    expressions = tk.timeline(seed)
    mentions = pd.DataFrame({"doc_id": [seed.documents["doc_id"].iloc[0]], "sent_id": [16],
                             "actor": ["Cambodian army"]})
    found = tk.events(seed, mentions=mentions, expressions=expressions)
    january = found[found["text"] == "January 2014"].iloc[0]
    assert january["actors"] == ["Cambodian army"]
    assert found[found["text"] == "Sunday"].iloc[0]["actors"] == []
    with pytest.raises(ValueError, match="mentions lacks columns"):
        tk.events(seed, mentions=pd.DataFrame({"doc_id": []}), expressions=expressions)


# ---------------------------------------------------------------- plot


def _many_events(events: pd.DataFrame, n: int) -> pd.DataFrame:
    rows = pd.concat([events] * (n // len(events) + 1), ignore_index=True).iloc[:n].copy()
    shift = pd.to_timedelta(pd.RangeIndex(n) % 2000, unit="D")
    rows["date_start"] -= shift
    rows["date_end"] -= shift
    rows["doc_id"] = [f"doc{i % 25}" for i in range(n)]
    return rows


def test_plot_five_events_shows_points_bars_and_hover(seed_events):
    five = seed_events[seed_events["text"].isin(["Sunday", "January 2014", "1993", "several years ago", "this week"])]
    fig = tk.plot_timeline(five, color="doc_id")
    kinds = {trace.type for trace in fig.data}
    assert kinds == {"scatter", "bar"}
    assert fig.layout.title.text == "Timeline: 5 events"
    hover = " ".join(text for trace in fig.data for text in trace.hovertext)
    assert "Sunday</b> → 2017-09-03" in hover and "arrested" in hover and "pre-dawn raid" in hover
    assert list(fig.layout.yaxis.ticktext) == ["day", "week / month", "year / longer", "vague"]
    vague = [trace for trace in fig.data if trace.type == "scatter"][0]
    assert "circle-open" in list(vague.marker.symbol)


def test_plot_five_thousand_events_is_binned(seed_events):
    many = _many_events(seed_events, 5000)
    fig = tk.plot_timeline(many, color="doc_id")
    assert "5000 events, binned by" in fig.layout.title.text
    marks = sum(len(trace.x) for trace in fig.data)
    assert marks < 5000 * 0.65  # each of 20 groups is binned on its own
    assert sum(int(c) for trace in fig.data for c in trace.customdata) == 5000
    names = {trace.name for trace in fig.data}
    # 25 documents: 19 keep a colour, and the legend says how many share "other"
    assert len(names) == 20 and "other (6 documents)" in names


def test_plot_by_actor_and_errors(seed_events):
    fig = tk.plot_timeline(seed_events, color="actor")
    assert "Kem Sokha" in {trace.name for trace in fig.data}
    with pytest.raises(ValueError, match="color='colour'"):
        tk.plot_timeline(seed_events, color="colour")
    with pytest.raises(ValueError, match="needs columns"):
        tk.plot_timeline(seed_events.drop(columns=["sentence"]))
    empty = tk.plot_timeline(seed_events.iloc[:0])
    assert empty.layout.annotations[0].text == "No dated events to show"


def test_event_relative_to_an_undated_event_stays_relative(make_corpus):
    corpus = make_corpus({"id": "a", "published": "2017-09-08",
                          "text": "The vote came a day after the army warned voters."})
    found = tk.events(corpus)
    row = found[found["predicate"] == "warned"].iloc[0]
    assert (row["value"], row["anchor"], row["type"]) == ("XXXX-XX-XX", "relative", "DATE")
    assert pd.isna(row["date_start"]) and row["relative_to"] in {"vote", "come"}


def test_events_of_some_documents_are_those_rows_of_the_corpus_events(stories):
    whole = tk.events(stories, progress=False)
    for doc_ids in (["strike"], ["vote", "deal"], "talks", ["no such document"]):
        wanted = [doc_ids] if isinstance(doc_ids, str) else doc_ids
        expected = whole[whole["doc_id"].isin(wanted)].reset_index(drop=True)
        got = tk.events(stories, doc_ids=doc_ids, progress=False)
        pd.testing.assert_frame_equal(got, expected, check_dtype=not expected.empty)
        assert list(got.columns) == list(whole.columns)


def test_events_of_a_document_follow_its_reference_date(stories):
    moved = {"strike": "2030-06-04"}
    whole = tk.events(stories, reference_dates=moved, progress=False)
    one = tk.events(stories, reference_dates=moved, doc_ids=["strike"], progress=False)
    pd.testing.assert_frame_equal(one, whole[whole["doc_id"] == "strike"].reset_index(drop=True))
    assert not one["value"].equals(tk.events(stories, doc_ids=["strike"], progress=False)["value"])


@given(mentions=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 3),
                                   st.sampled_from(["Ana", "Bo", "", None, "Cy"])), max_size=25),
       rows=st.lists(st.tuples(st.sampled_from(["a", "b", "d"]), st.integers(0, 3)), max_size=10))
def test_sentence_actors_are_each_sentences_distinct_actors_in_mention_order(mentions, rows):
    from toolkit.timeline import _sentence_actors

    table = pd.DataFrame(mentions, columns=["doc_id", "sent_id", "actor"]).astype({"doc_id": "str", "sent_id": "int64"})
    wanted = pd.DataFrame(rows, columns=["doc_id", "sent_id"]).astype({"doc_id": "str", "sent_id": "int64"})
    expected = [list(dict.fromkeys(a for d, s, a in mentions if (d, s) == row and a)) for row in rows]
    got = _sentence_actors(wanted, table)
    assert got == expected
    assert len({id(x) for x in got}) == len(got)  # every row has a list of its own
