"""Where and when terms occur (toolkit.dispersion): dispersion tables and term trends."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.index import token_index
from toolkit.schemas import PERIODS


def test_dispersion(seed):
    table = tk.validate(tk.dispersion(seed, ["Sokha", "hun sen"]), "dispersion")
    assert table.groupby("term").size().to_dict() == {"Sokha": 5, "hun sen": 4}
    assert table["position"].between(0, 1).all()
    assert (table["published"] == pd.Timestamp("2017-09-08")).all()
    text = seed.documents["text"].iloc[0]
    assert {text[s:e] for s, e in zip(table["start"], table["end"])} == {"Sokha", "Hun Sen"}


def test_term_trends(news, make_corpus):
    table = tk.validate(tk.term_trends(news, ["opposition", "bank"], freq="month"), "trends")
    assert len(table) == 4  # two terms x two months, zeros included
    row = table.set_index(["term", "period"]).loc[("bank", pd.Timestamp("2017-09-01"))]
    assert row["count"] == 3
    assert row["per_10k"] == pytest.approx(10_000 * 3 / row["n_tokens"])
    with pytest.raises(ValueError, match="freq='fortnight'"):
        tk.term_trends(news, ["bank"], freq="fortnight")
    undated = make_corpus("The bank said no.", "Bank.")
    assert tk.validate(tk.term_trends(undated, ["bank"]), "trends").empty  # no period to count in


def trends_from_dispersion(corpus, terms, freq):
    """term_trends the plain way: every match's date read from the dispersion table."""
    def periods(dates):
        dates = pd.to_datetime(dates)
        return (dates.dt.tz_localize(None) if dates.dt.tz is not None else dates).dt.to_period(PERIODS[freq]).dt.start_time

    n_tokens = pd.Series(token_index(corpus).word_counts(), index=periods(corpus.documents["published"]))
    n_tokens = n_tokens[n_tokens.index.notna()].groupby(level=0).sum()
    hits = tk.dispersion(corpus, terms)
    hits["period"] = periods(hits["published"])
    grid = pd.MultiIndex.from_product([terms, n_tokens.index.sort_values()], names=["term", "period"])
    counts = hits.dropna(subset=["period"]).groupby(["term", "period"]).size().reindex(grid, fill_value=0)
    return counts.rename("count").reset_index().assign(n_tokens=lambda t: t["period"].map(n_tokens))


@pytest.mark.parametrize("freq", ["day", "week", "month", "year"])
def test_term_trends_count_every_dated_match_once(make_corpus, freq):
    corpus = make_corpus(
        {"id": "a", "text": "The bank said no. The bank rallied.", "published": "2017-09-01T23:30:00+02:00"},
        {"id": "b", "text": "Hun Sen spoke to the bank.", "published": "2017-10-15"},
        {"id": "c", "text": "No date on this bank story.", "published": None},
        {"id": "d", "text": "Hun Sen and Kem Sokha.", "published": "2018-01-02T01:00:00-05:00"},
    )
    terms = ["bank", "hun sen", "missing"]
    got = tk.validate(tk.term_trends(corpus, terms, freq=freq), "trends")
    expected = trends_from_dispersion(corpus, terms, freq)
    assert got[["term", "count", "n_tokens"]].values.tolist() == expected[["term", "count", "n_tokens"]].values.tolist()
    assert list(got["period"]) == list(expected["period"])
    assert got["count"].sum() == 5 and got.query("term == 'missing'")["count"].eq(0).all()
