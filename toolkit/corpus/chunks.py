"""Rows on their way from loading to a corpus: chunks of the units' rows, the assembled tables, their Arrow layout."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from toolkit.schemas import column_names

_DOC_COLUMNS = tuple(column_names("documents"))
_SENT_COLUMNS = tuple(column_names("sentences"))
_TOK_COLUMNS = tuple(column_names("tokens"))
_INT32 = {"sent_id", "par_id", "tok_id", "start", "end"}


@dataclass
class _Chunk:
    """Rows of one or more units: document rows as dicts, sentences and tokens as Arrow tables.

    Arrow keeps a million tokens in tens of MB, where Python lists take GBs.
    """

    documents: list[dict]  # each with "_unit", the key of the unit it came from
    sentences: pa.Table
    tokens: pa.Table
    problems: dict[str, list[tuple[str, str]]]  # unit key -> problems
    frame: pd.DataFrame | None = None  # cached documents as read, for a whole-cache hit
    cached: bool = False


@dataclass
class _Tables:
    """The assembled corpus before pandas conversion; the cache is written from it."""

    documents: pd.DataFrame  # with "_unit"
    sentences: pa.Table
    tokens: pa.Table
    problems: list[tuple[str, str]]
    manifest: dict | None  # unit key -> {"doc_ids", "problems"}, in input order; None: the cache is current


_ARROW_TYPES = {"is_stop": pa.bool_(), "is_punct": pa.bool_(), "is_alpha": pa.bool_()}


def _arrow_table(cols: dict[str, list], columns: tuple[str, ...]) -> pa.Table:
    arrays = [pa.array(cols.get(c, []), type=pa.int32() if c in _INT32 else _ARROW_TYPES.get(c, pa.string())) for c in columns]
    return pa.table(arrays, names=list(columns))
