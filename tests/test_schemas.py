"""The schema module validates, describes and builds empty tables."""
import pandas as pd
import pytest

import toolkit as tk
from toolkit import schemas


def test_every_schema_builds_a_valid_empty_table():
    for name in schemas.SCHEMAS:
        tk.validate(schemas.empty(name), name)


def test_validate_reports_missing_and_wrong_columns():
    with pytest.raises(ValueError, match="missing columns"):
        tk.validate(pd.DataFrame({"path": []}), "skipped")
    with pytest.raises(ValueError, match="start"):
        tk.validate(pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "section": ["body"], "start": ["x"], "end": [1], "text": ["t"]}), "sentences")
    with pytest.raises(KeyError):
        tk.validate(pd.DataFrame(), "nope")


def test_describe_lists_columns():
    table = tk.describe("tokens")
    assert list(table.columns) == ["name", "kind", "description"]
    assert "lower" in table["name"].tolist()


def test_frame_builds_any_table_with_its_columns_empty_or_not():
    empty = schemas.frame([], "keyterms")
    assert list(empty.columns) == ["doc_id", "rank", "term", "score"] and empty["rank"].dtype == "int64"
    rows = schemas.frame([("d", 1, "kem sokha", 0.5)], "keyterms")
    assert rows.to_dict("records") == [{"doc_id": "d", "rank": 1, "term": "kem sokha", "score": 0.5}]
    records = schemas.frame([{"score": 0.5, "term": "t", "rank": 2, "doc_id": "d", "extra": 1}], "keyterms")
    assert list(records.columns) == ["doc_id", "rank", "term", "score"]  # schema order, nothing else
    with pytest.raises(ValueError, match="miss columns"):
        schemas.frame([{"doc_id": "d"}], "keyterms")


def test_columns_the_toolkit_adds_are_built_but_not_required():
    assert "tok_id" in schemas.empty("kwic").columns
    tk.validate(pd.DataFrame({c: [] for c in ["doc_id", "sent_id", "start", "end", "left", "match", "right"]}), "kwic")


def test_period_of_groups_dates_by_calendar_period():
    dates = pd.Series(pd.to_datetime(["2017-09-03", "2017-09-30", None, "2017-10-01"]))
    months = schemas.period_of(dates, "month")
    assert months.astype(str)[dates.notna()].tolist() == ["2017-09", "2017-09", "2017-10"] and months.isna()[2]
    assert schemas.period_of(dates, "week").dt.start_time.iloc[0] == pd.Timestamp("2017-08-28")
    with pytest.raises(ValueError, match="period 'fortnight'"):
        schemas.period_of(dates, "fortnight")
