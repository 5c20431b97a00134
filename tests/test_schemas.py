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
