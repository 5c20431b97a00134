"""is_in: the same answer as pandas' isin, for Arrow text columns and any other; sorted_unique as np.unique."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from toolkit.frames import is_in, sorted_unique

WORDS = st.one_of(st.none(), st.sampled_from(["a", "b", "Ä", "doc 1", ""]), st.text(max_size=4))


@given(column=st.lists(WORDS, max_size=30), values=st.lists(WORDS, max_size=10),
       dtype=st.sampled_from(["str", object]), as_index=st.booleans(),
       container=st.sampled_from([list, tuple, set, np.array, pd.Series, pd.Index]))
def test_is_in_answers_as_isin(column, values, dtype, as_index, container):
    col = (pd.Index if as_index else pd.Series)(column, dtype=dtype)
    wanted = container(values) if container is not np.array else np.array(values, dtype=object)
    expected = np.asarray(col.isin(list(values) if container is set else wanted), dtype=bool)
    assert (is_in(col, wanted) == expected).all()


def test_values_that_are_not_text_go_through_pandas():
    col = pd.Series(["1", "a", None], dtype="str")
    assert is_in(col, [1, "a"]).tolist() == col.isin([1, "a"]).tolist() == [False, True, False]
    assert is_in(pd.Series([1, 2, 3]), [2]).tolist() == [False, True, False]


@given(values=st.lists(st.integers(-2**62, 2**62), max_size=50), dtype=st.sampled_from([np.int64, np.int32]))
def test_sorted_unique_answers_as_np_unique(values, dtype):
    array = np.asarray(values).astype(dtype) if values else np.zeros(0, dtype)
    assert np.array_equal(sorted_unique(array), np.unique(array))
    assert sorted_unique(array).dtype == np.unique(array).dtype
