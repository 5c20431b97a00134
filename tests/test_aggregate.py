"""toolkit.aggregate: corpus-wide tables from the store (DuckDB) equal the lenses' tables and pandas sums."""
from __future__ import annotations

import json
import shutil
import warnings

import pandas as pd
import pytest

import toolkit as tk
from toolkit import aggregate
from toolkit.actors import knowledge
from toolkit.annotate import annotate, stored_rows
from toolkit.annotate.document import STORED_TABLES
from toolkit.resolve import SUMMARY_KEYS, alias_map, mention_summary, resolve_mentions

RECORDS = [
    {"id": "paris", "published": "2020-01-05", "text": (
        "Macron and Merkel meet in Paris\n"
        "Emmanuel Macron welcomed Angela Merkel to Paris on Monday. Merkel said Germany and France "
        "would defend the agreement together.\n"
        "Macron praised Merkel after the talks. Boris Johnson did not attend.")},
    {"id": "tokyo", "published": "2020-01-20", "text": (
        "Biden visits Japan\n"
        "Joe Biden arrived in Tokyo on 18 January 2020. Biden met Shinzo Abe, and Abe said Japan "
        "supports the United States.\n"
        "China criticised the visit on Sunday.")},
    {"id": "berlin", "published": "2020-02-11", "text": (
        "Merkel warns on trade\n"
        "Angela Merkel warned China on Tuesday about new tariffs. Germany will talk to China in March.\n"
        "Emmanuel Macron agreed with Merkel, and France backed Germany.")},
    {"id": "london", "published": "2021-06-02", "text": (
        "Johnson and Biden discuss NATO\n"
        "Boris Johnson met Joe Biden in London on 1 June 2021. Johnson said Britain and the United States "
        "would stand with NATO.\n"
        "Biden thanked Johnson. Vladimir Putin condemned the meeting.")},
    # the same text and date as "london": counted as a document of its own (whether or not it shares the key)
    {"id": "london-copy", "published": "2021-06-02", "text": (
        "Johnson and Biden discuss NATO\n"
        "Boris Johnson met Joe Biden in London on 1 June 2021. Johnson said Britain and the United States "
        "would stand with NATO.\n"
        "Biden thanked Johnson. Vladimir Putin condemned the meeting.")},
    {"id": "undated", "text": (
        "Putin visits Beijing\n"
        "Vladimir Putin met Xi Jinping in Beijing last week. Xi said China and Russia are close partners.")},
    {"id": "moscow", "published": "2021-06-20", "text": (
        "Russia answers NATO\n"
        "Vladimir Putin said on Friday that Russia would answer NATO. Xi Jinping called Putin in June 2021.\n"
        "Joe Biden said the United States was ready to talk to Russia.")},
    # names the reduce step resolves across documents: an acronym, and a surname alone
    {"id": "harbour", "published": "2020-03-09", "text": (
        "Port strike ends\n"
        "The Kingston Harbour Authority reopened the docks on Monday. The Kingston Harbour Authority said "
        "trade would recover.")},
    {"id": "fees", "published": "2020-04-09", "text": (
        "Port fees rise\n"
        "KHA officials raised fees on 8 April 2020. The KHA said Jamaica would gain. Macron was not asked.")},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.corpus.CorpusWarning)
        loaded = tk.load_corpus(RECORDS, cache_dir=tmp_path_factory.mktemp("aggregate-cache"))
    return annotate(loaded, progress=False)


@pytest.fixture(scope="module")
def docs(corpus):
    return aggregate.documents_frame(corpus)


def _published(corpus) -> pd.Series:
    return corpus.documents.set_index("doc_id")["published"]


def _rows(corpus, table: str, keep=None) -> pd.DataFrame:
    rows = stored_rows(corpus, table)
    return rows if keep is None else rows[rows["doc_id"].isin(keep)]


# ---------------------------------------------------------------- pandas references


def _resolved(corpus, keep=None, dictionary=None) -> pd.DataFrame:
    """The lenses' mentions of the documents in ``keep``, names resolved across those documents only."""
    rows = _rows(corpus, "mentions", keep)
    return resolve_mentions(rows, know=knowledge(dictionary))


def expected_actors(corpus, keep=None, dictionary=None) -> pd.DataFrame:
    """``tk.actors`` (over ``keep``'s documents: the lens given their resolved mentions)."""
    if keep is None:
        return tk.actors(corpus, dictionary=dictionary)
    return tk.actors(corpus, dictionary=dictionary, mentions_table=_resolved(corpus, keep, dictionary))


def expected_pairs(corpus, unit: str, keep=None) -> pd.DataFrame:
    """``tk.cooccurrence``'s counts (over ``keep``'s documents, as in :func:`expected_actors`)."""
    table = None if keep is None else _resolved(corpus, keep)
    frame = tk.cooccurrence(corpus, unit=unit, mentions_table=table)[["source", "target", "count"]]
    return frame.sort_values(["count", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def _period(dates: pd.Series, freq: str) -> pd.Series:
    code = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}[freq]
    return dates.dt.to_period(code).dt.start_time.astype("datetime64[ns]")


def expected_terms(corpus, freq: str, keep=None) -> pd.DataFrame:
    t = _rows(corpus, "term_counts", keep)
    t = t.assign(published=t["doc_id"].map(_published(corpus)))
    t = t[t["published"].notna()]
    frame = (t.assign(period=_period(t["published"], freq)).groupby(["period", "term"], as_index=False)["count"].sum())
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["period", "count", "term"], ascending=[True, False, True]).reset_index(drop=True)


def expected_events(corpus, freq: str, keep=None) -> pd.DataFrame:
    e = _rows(corpus, "events", keep)
    e = e[e["date_start"].notna()]
    frame = e.groupby(_period(e["date_start"], freq).rename("period")).size().rename("events").reset_index()
    frame["events"] = frame["events"].astype("int64")
    return frame.sort_values("period").reset_index(drop=True)


# ---------------------------------------------------------------- the store holds what the tests need


def test_the_corpus_has_something_to_count(corpus):
    m = stored_rows(corpus, "mentions")
    assert m["actor"].nunique() >= 6
    assert len(stored_rows(corpus, "events")) >= 3


def test_documents_frame(corpus, docs):
    assert list(docs.columns) == ["doc_id", "doc_key", "published"]
    assert docs["doc_id"].tolist() == corpus.documents["doc_id"].tolist()
    assert docs["doc_key"].tolist() == corpus.documents["doc_id"].map(corpus.doc_keys).tolist()
    assert docs["published"].isna().sum() == 1


# ---------------------------------------------------------------- each aggregate equals pandas


def test_the_reduce_step_renames_across_documents(corpus, docs):
    names = aggregate.actor_aliases(corpus.store, docs)
    renamed = names[names["actor"] != names["resolved_actor"]]
    assert {("KHA", "Kingston Harbour Authority"), ("Macron", "Emmanuel Macron")} <= set(
        zip(renamed["actor"], renamed["resolved_actor"]))
    assert names["n_mentions"].sum() == len(stored_rows(corpus, "mentions"))


def test_actor_counts_equal_the_lens(corpus, docs):
    got = aggregate.actor_counts(corpus.store, docs)
    want = tk.actors(corpus)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert "KHA" not in set(got["actor"])
    assert got.set_index("actor").loc["Kingston Harbour Authority", "documents"] == 2
    assert list(got.columns) == ["actor", "type", "mentions", "documents", "aliases", "first_seen", "last_seen",
                                 "evidence", "confidence", "group", "wikidata"]
    assert got["mentions"].dtype == "int64" and got["documents"].dtype == "int64"
    assert str(got["first_seen"].dtype) == "datetime64[ns]"


def test_actor_counts_with_a_dictionary_equal_the_lens(corpus, docs, tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text(
        "actors:\n"
        "  - name: Port of Kingston\n"
        "    type: ORG\n"
        "    aliases: [Kingston Harbour Authority]\n"
        "    group: ports\n", encoding="utf-8")
    got = aggregate.actor_counts(corpus.store, docs, dictionary=path)
    pd.testing.assert_frame_equal(got, tk.actors(corpus, dictionary=path), check_dtype=False)
    port = got.set_index("actor").loc["Port of Kingston"]
    assert port["group"] == "ports" and port["documents"] == 2  # the acronym's document too
    pairs = aggregate.cooccurrence_counts(corpus.store, docs, dictionary=path, unit="document")
    assert "Port of Kingston" in set(pairs["source"]) | set(pairs["target"])


def test_the_alias_map_names_every_mention_as_resolve_mentions(corpus):
    rows = stored_rows(corpus, "mentions")
    know = knowledge(None)
    names = alias_map(mention_summary(rows), know=know)
    joined = rows.merge(names, on=SUMMARY_KEYS, how="left", validate="many_to_one")
    want = resolve_mentions(rows.copy(), know=know)
    assert joined["resolved_actor"].tolist() == want["actor"].tolist()
    assert joined["resolved_type"].tolist() == want["type"].tolist()


def test_actor_counts_top(corpus, docs):
    got = aggregate.actor_counts(corpus.store, docs, top=3)
    pd.testing.assert_frame_equal(got, expected_actors(corpus).head(3), check_dtype=False)


def test_documents_with_the_same_text_each_count(corpus, docs):
    got = aggregate.actor_counts(corpus.store, docs).set_index("actor")
    alone = aggregate.actor_counts(corpus.store, docs[docs["doc_id"] != "london-copy"]).set_index("actor")
    assert got.loc["Boris Johnson", "documents"] == alone.loc["Boris Johnson", "documents"] + 1
    assert got.loc["Boris Johnson", "mentions"] > alone.loc["Boris Johnson", "mentions"]
    # two documents sharing one key (one stored copy of the rows): both count
    again = docs[docs["doc_id"] == "paris"].assign(doc_id="paris-again")
    twice = aggregate.actor_counts(corpus.store, pd.concat([docs, again])).set_index("actor")
    in_paris = tk.mentions(corpus).query("doc_id == 'paris'")["actor"].value_counts()
    for actor, n in in_paris.items():
        assert twice.loc[actor, "mentions"] == got.loc[actor, "mentions"] + n
        assert twice.loc[actor, "documents"] == got.loc[actor, "documents"] + 1


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
def test_cooccurrence_counts_equal_the_lens(corpus, docs, unit):
    got = aggregate.cooccurrence_counts(corpus.store, docs, unit=unit)
    want = expected_pairs(corpus, unit)
    assert len(want) > 3
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert (got["source"] < got["target"]).all()


def test_cooccurrence_min_count_and_top(corpus, docs):
    want = expected_pairs(corpus, "document")
    got = aggregate.cooccurrence_counts(corpus.store, docs, unit="document", min_count=2)
    pd.testing.assert_frame_equal(got, want[want["count"] >= 2].reset_index(drop=True), check_dtype=False)
    top = aggregate.cooccurrence_counts(corpus.store, docs, unit="document", top=2)
    pd.testing.assert_frame_equal(top, want.head(2), check_dtype=False)


def test_cooccurrence_unknown_unit(corpus, docs):
    with pytest.raises(ValueError, match="unit"):
        aggregate.cooccurrence_counts(corpus.store, docs, unit="page")


@pytest.mark.parametrize("freq", ["month", "week", "year", "day"])
def test_term_counts_by_period_equal_pandas(corpus, docs, freq):
    got = aggregate.term_counts_by_period(corpus.store, docs, freq=freq)
    pd.testing.assert_frame_equal(got, expected_terms(corpus, freq), check_dtype=False)
    assert str(got["period"].dtype) == "datetime64[ns]" and got["count"].dtype == "int64"


def test_term_counts_by_period_terms_and_top(corpus, docs):
    want = expected_terms(corpus, "month")
    got = aggregate.term_counts_by_period(corpus.store, docs, terms=["Merkel", "nato", "nosuchword"])
    pd.testing.assert_frame_equal(got, want[want["term"].isin(["merkel", "nato"])].reset_index(drop=True),
                                  check_dtype=False)
    totals = want.groupby("term")["count"].sum().reset_index().sort_values(["count", "term"], ascending=[False, True])
    best = totals["term"].head(3).tolist()
    got = aggregate.term_counts_by_period(corpus.store, docs, top=3)
    pd.testing.assert_frame_equal(got, want[want["term"].isin(best)].reset_index(drop=True), check_dtype=False)
    assert aggregate.term_counts_by_period(corpus.store, docs, terms=[]).empty


@pytest.mark.parametrize("freq", ["month", "year"])
def test_term_counts_by_period_equal_the_keyword_lens(corpus, docs, freq):
    words = ["merkel", "nato", "china", "fees", "docks", "talks"]
    trends = tk.term_trends(corpus, words, freq=freq)
    want = trends.loc[trends["count"] > 0, ["period", "term", "count"]]
    want = want.sort_values(["period", "count", "term"], ascending=[True, False, True]).reset_index(drop=True)
    got = aggregate.term_counts_by_period(corpus.store, docs, freq=freq, terms=words)
    assert set(got["term"]) == set(words)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


@pytest.mark.parametrize("freq", ["month", "year"])
def test_events_by_period_equal_pandas(corpus, docs, freq):
    got = aggregate.events_by_period(corpus.store, docs, freq=freq)
    pd.testing.assert_frame_equal(got, expected_events(corpus, freq), check_dtype=False)


def test_events_by_period_equal_the_timeline_lens(corpus, docs):
    events = tk.events(corpus)
    events = events[events["date_start"].notna()]
    want = events.groupby(_period(pd.to_datetime(events["date_start"]), "month").rename("period")).size()
    got = aggregate.events_by_period(corpus.store, docs, freq="month").set_index("period")["events"]
    assert len(got) >= 3
    assert got.to_dict() == want.to_dict()


def test_unknown_freq(corpus, docs):
    with pytest.raises(ValueError, match="freq"):
        aggregate.events_by_period(corpus.store, docs, freq="fortnight")
    with pytest.raises(ValueError, match="freq"):
        aggregate.term_counts_by_period(corpus.store, docs, freq="M")


# ---------------------------------------------------------------- documents left out of docs


def test_a_document_not_in_docs_is_not_counted(corpus, docs):
    keep = [d for d in corpus.documents["doc_id"] if d != "moscow"]
    fewer = docs[docs["doc_id"].isin(keep)]
    actors = aggregate.actor_counts(corpus.store, fewer)
    pd.testing.assert_frame_equal(actors, expected_actors(corpus, keep), check_dtype=False)
    everyone = aggregate.actor_counts(corpus.store, docs).set_index("actor")
    assert everyone.loc["Russia", "mentions"] > actors.set_index("actor")["mentions"].get("Russia", 0)
    pd.testing.assert_frame_equal(aggregate.cooccurrence_counts(corpus.store, fewer),
                                  expected_pairs(corpus, "sentence", keep), check_dtype=False)
    pd.testing.assert_frame_equal(aggregate.term_counts_by_period(corpus.store, fewer),
                                  expected_terms(corpus, "month", keep), check_dtype=False)
    events = aggregate.events_by_period(corpus.store, fewer)
    pd.testing.assert_frame_equal(events, expected_events(corpus, "month", keep), check_dtype=False)
    # nothing of "moscow" (published June 2021) is left in June 2021's term counts
    terms = aggregate.term_counts_by_period(corpus.store, fewer, freq="day")
    assert pd.Timestamp("2021-06-20") not in set(terms["period"])


def test_no_documents_and_no_store(corpus, docs, tmp_path):
    none = docs.iloc[:0]
    assert aggregate.actor_counts(corpus.store, none).empty
    assert aggregate.events_by_period(corpus.store, none).empty

    class Nothing:
        def files(self, table):
            return []

    assert list(aggregate.cooccurrence_counts(Nothing(), docs).columns) == ["source", "target", "count"]
    assert list(aggregate.term_counts_by_period(Nothing(), docs).columns) == ["period", "term", "count"]
    with pytest.raises(ValueError, match="published"):
        aggregate.actor_counts(corpus.store, docs[["doc_key"]])


def test_docs_without_doc_id_count_each_key_once(corpus, docs):
    got = aggregate.actor_counts(corpus.store, docs[["doc_key", "published"]])
    first = ~corpus.documents["doc_id"].map(corpus.doc_keys).duplicated()
    want = expected_actors(corpus, corpus.documents.loc[first, "doc_id"].tolist())
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


# ---------------------------------------------------------------- a document stored twice is counted once


class _Copied:
    """A store whose one batch has an exact copy under another batch name (two processes did the same work)."""

    def __init__(self, store, root):
        self.dir = root
        for batch in store.manifests():
            for table in STORED_TABLES:
                (root / table).mkdir(parents=True, exist_ok=True)
                for name in (batch, "part-9999-copy"):
                    shutil.copy(store.dir / table / f"{batch}.parquet", root / table / f"{name}.parquet")
        self._manifests = {**store.manifests(), "part-9999-copy": next(iter(store.manifests().values()))}

    def manifests(self):
        return self._manifests

    def files(self, table):
        return [self.dir / table / f"{b}.parquet" for b in sorted(self._manifests)]


def test_a_document_stored_by_two_batches_counts_once(corpus, docs, tmp_path):
    copied = _Copied(corpus.store, tmp_path)
    assert len(copied.files("mentions")) == len(corpus.store.files("mentions")) + 1
    pd.testing.assert_frame_equal(aggregate.actor_counts(copied, docs), expected_actors(corpus), check_dtype=False)
    pd.testing.assert_frame_equal(aggregate.events_by_period(copied, docs), expected_events(corpus, "month"),
                                  check_dtype=False)

    class FilesOnly:  # no manifests: the copy is counted too (nothing tells it apart)
        def files(self, table):
            return copied.files(table)

    doubled = aggregate.events_by_period(FilesOnly(), docs)
    assert doubled["events"].sum() > expected_events(corpus, "month")["events"].sum()
    json.dumps(copied.manifests())  # plain data
