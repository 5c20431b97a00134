"""Rows between loading and a corpus (toolkit.corpus.chunks): the tables' columns, and the Arrow tables the
sentence and token rows are kept in (compact types, every column even when there are no rows)."""
from __future__ import annotations

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from toolkit.corpus.chunks import _DOC_COLUMNS, _SENT_COLUMNS, _TOK_COLUMNS, _arrow_table


def test_the_chunks_carry_the_columns_of_the_documents_sentences_and_tokens_tables():
    assert _SENT_COLUMNS == ("doc_id", "sent_id", "par_id", "section", "start", "end", "text")
    assert _TOK_COLUMNS[:6] == ("doc_id", "sent_id", "tok_id", "start", "end", "text")
    assert {"doc_id", "title", "published", "text", "content_hash"} <= set(_DOC_COLUMNS)


def test_token_rows_take_int32_offsets_bool_flags_and_text_in_the_tables_column_order():
    cols = {"text": ["Storm", "."], "doc_id": ["a", "a"], "sent_id": [0, 0], "tok_id": [0, 1], "start": [0, 5],
            "end": [5, 6], "lower": ["storm", "."], "is_stop": [False, False], "is_punct": [False, True],
            "is_alpha": [True, False], "section": ["body", "body"]}
    table = _arrow_table(cols, _TOK_COLUMNS)
    assert table.column_names == list(_TOK_COLUMNS)
    types = dict(zip(table.column_names, table.schema.types))
    assert types["start"] == types["tok_id"] == pa.int32() and types["is_punct"] == pa.bool_()
    assert types["text"] == types["section"] == pa.string()
    assert table.to_pydict() == {c: cols[c] for c in _TOK_COLUMNS}


def test_no_rows_give_an_empty_table_with_every_column_typed():
    table = _arrow_table({}, _SENT_COLUMNS)
    assert table.num_rows == 0 and table.column_names == list(_SENT_COLUMNS)
    assert [str(t) for t in table.schema.types] == ["string", "int32", "int32", "string", "int32", "int32", "string"]


@given(st.lists(st.tuples(st.text(max_size=5), st.integers(0, 2**31 - 1), st.integers(0, 2**31 - 1)), max_size=20))
def test_sentence_rows_come_back_from_the_arrow_table_as_they_went_in(rows):
    cols = {"doc_id": [r[0] for r in rows], "sent_id": list(range(len(rows))), "par_id": [0] * len(rows),
            "section": ["body"] * len(rows), "start": [r[1] for r in rows], "end": [r[2] for r in rows],
            "text": [r[0] * 2 for r in rows]}
    assert _arrow_table(cols, _SENT_COLUMNS).to_pydict() == cols
