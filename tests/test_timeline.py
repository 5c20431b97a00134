"""The timeline lens: expressions found and resolved as the issue states, on the seed and small texts."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import toolkit as tk
from toolkit.timex import find_timexes, sentence_tense, value_interval

FRIDAY = dt.date(2017, 9, 8)  # the seed's publication date


def values(text: str, reference=FRIDAY) -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(text, reference=reference)}


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


@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        ("He was arrested on Sunday.", "Sunday", "2017-09-03"),
        ("They met on Thursday.", "Thursday", "2017-09-07"),
        ("The talks will resume on Monday.", "Monday", "2017-09-11"),
        ("Prices rose last month.", "last month", "2017-08"),
        ("He died two days ago.", "two days ago", "2017-09-06"),
        ("Earlier this year, the party split.", "Earlier this year", "2017"),
        ("The vote is due next week.", "next week", "2017-W37"),
        ("He arrived yesterday.", "yesterday", "2017-09-07"),
        ("They will sign the deal later this month.", "later this month", "2017-09"),
        ("Sales fell in the third quarter of 2016.", "the third quarter of 2016", "2016-Q3"),
        ("It rained all summer of 2015.", "summer of 2015", "2015-SU"),
        ("The plant was built in the 1990s.", "the 1990s", "199"),
        ("Fighting continued for three years.", "three years", "P3Y"),
        ("The meeting is held every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Things were different in the past.", "the past", "PAST_REF"),
        ("They were detained at 4 a.m. on Sunday.", "4 a.m. on Sunday", "2017-09-03T04:00"),
        ("It ran in the 2017-05-15 edition.", "2017-05-15", "2017-05-15"),
    ],
)
def test_relative_and_other_expressions(sentence, expression, value):
    assert values(sentence).get(expression) == value


def test_month_follows_the_tense():
    assert values("Protesters were killed in March.")["March"] == "2017-03"
    assert values("Elections will be held in March.")["March"] == "2018-03"
    assert values("Protesters were killed in November.")["November"] == "2016-11"
    assert values("Elections will be held in November.")["November"] == "2017-11"


def test_weekday_on_the_publication_day_is_that_day():
    assert values("The court ruled on Friday.")["Friday"] == "2017-09-08"


def test_the_following_day_counts_from_the_last_date():
    found = values("He left on Monday, May 1, 2017. The following day he returned.")
    assert found["The following day"] == "2017-05-02"


def test_no_published_date_keeps_placeholders():
    found = find_timexes("He was arrested on Sunday, this week, ahead of next year's vote in March.")
    got = {t.text: (t.value, t.anchor) for t in found}
    assert got["Sunday"] == ("XXXX-WXX-7", "relative")
    assert got["this week"] == ("XXXX-WXX", "relative")
    assert got["next year"] == ("XXXX", "relative")
    assert got["March"] == ("XXXX-03", "relative")
    for tx in found:
        assert value_interval(tx.value) == (pd.NaT, pd.NaT) or "X" not in tx.value


def test_corpus_without_dates_gives_nat(make_corpus):
    table = tk.timeline(make_corpus("He was arrested on Sunday. It happened in 2013."))
    tk.validate(table, "timeline")
    sunday = table[table["text"] == "Sunday"].iloc[0]
    assert sunday["value"] == "XXXX-WXX-7" and pd.isna(sunday["date_start"])
    assert table.loc[table["text"] == "2013", "value"].item() == "2013"


# ---------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "sentence",
    [
        "The attack left at least five dead.",
        "The party won 2,882,015 votes.",
        "About 1,000 people marched.",
        "Tariffs under Section 301 were raised.",
        "Barcelona beat Madrid 3-1 and then 2-0.",
        "Some 2000 people gathered outside.",
        "The index rose 1.5 percent to 2015.75 points.",
        "The company sold 1500 cars.",
        "The fund holds $2010 million.",
        "The Northrop Grumman KC-30s are based on the A330.",
    ],
)
def test_numbers_that_are_not_dates(sentence):
    assert find_timexes(sentence, reference=FRIDAY) == []


def test_years_and_decades():
    assert values("his links with the U.S. since 1993")["1993"] == "1993"
    assert values("in the 1990s")["the 1990s"] == "199"
    assert values("music of the '80s")["the '80s"] == "198"
    assert values("The 2013 vote was rigged.")["2013"] == "2013"


def test_modal_may_is_not_a_month():
    assert values("The government may act soon.") == {"soon": "FUTURE_REF"}


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


# ---------------------------------------------------------------- tense and intervals


def test_sentence_tense_reads_the_nearest_verb_before():
    assert sentence_tense("He said the vote will be held on Sunday.", 35) == "future"
    assert sentence_tense("He was arrested on Sunday.", 20) == "past"
    assert sentence_tense("The deal is expected to close on Friday.", 33) == "future"
    assert sentence_tense("No verbs here", 3) is None


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2017-09-03", "2017-09-03", "2017-09-03"),
        ("2014-01", "2014-01-01", "2014-01-31"),
        ("2017-W36", "2017-09-04", "2017-09-10"),
        ("2017-Q3", "2017-07-01", "2017-09-30"),
        ("199", "1990-01-01", "1999-12-31"),
        ("2018", "2018-01-01", "2018-12-31"),
    ],
)
def test_value_interval(value, start, end):
    assert value_interval(value) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize("value", ["PAST_REF", "P3Y", "XXXX-WXX-7", "XXXX-03"])
def test_value_interval_off_calendar(value):
    assert value_interval(value) == (pd.NaT, pd.NaT)


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


# ---------------------------------------------------------------- speed-up safety

_MIXED = (
    "In the 21st century, these days, earlier today and the time being. He was arrested at 4 a.m. on Sunday "
    "and at 14:48 UTC; the 1990s and the '80s; fiscal 2009, Q3 2009, the third quarter of this year. "
    "Prices rose 12% over the past several years, in 2013 and 2014, on 7/8/07 and 2017-05-15. Every Monday "
    "and annual talks; the summer of 2016; Monday, May 15, 2017, 15 May 2017, two days after the vote, "
    "three days later, a year earlier, the following day, that week, the weekend, noon, recent years."
)


def test_trigger_windows_find_what_a_full_scan_finds():
    """Rules run only near trigger words; they must still find every match a scan of the whole text finds."""
    from toolkit import timex

    full = set()
    for rule_id, (_, pattern, _) in enumerate(timex.RULES):
        for m in pattern.finditer(_MIXED):
            if pattern is timex._BARE_YEAR and m.group("year") == m.group():
                if not timex._plausible_year(_MIXED, m.start(), m.end(), FRIDAY):
                    continue
            full.add((m.start(), m.end(), rule_id))
    windowed = {(start, end, rule_id) for start, end, rule_id, _ in timex._candidates(_MIXED, FRIDAY)}
    assert windowed == full
    found = {t.text: t.value for t in find_timexes(_MIXED, reference=FRIDAY)}
    assert len(found) >= 29
    assert found["recent years"] == "PAST_REF" and found["noon"] == "2017-05-19T12:00"


def test_event_relative_to_an_undated_event_stays_relative(make_corpus):
    corpus = make_corpus({"id": "a", "published": "2017-09-08",
                          "text": "The vote came a day after the army warned voters."})
    found = tk.events(corpus)
    row = found[found["predicate"] == "warned"].iloc[0]
    assert (row["value"], row["anchor"], row["type"]) == ("XXXX-XX-XX", "relative", "DATE")
    assert pd.isna(row["date_start"]) and row["relative_to"] in {"vote", "come"}


def test_idioms_are_not_dates():
    assert values("They build the cars of tomorrow.") == {}
    assert values("About a quarter of the dealers closed.") == {}
