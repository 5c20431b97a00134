"""The disk cache of processed tables: Parquet files per source path, reused per file by content key."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from toolkit._version import __version__
from toolkit.corpus.chunks import _DOC_COLUMNS, _SENT_COLUMNS, _TOK_COLUMNS, _arrow_table, _Chunk, _Tables
from toolkit.frames import is_in

_CACHE_FORMAT = 4  # 3: documents carry title_from_text; 4: no sentence starts with a lowercase word


def _hash(*parts: bytes) -> str:
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


_SENT_SCHEMA = _arrow_table({}, _SENT_COLUMNS).schema
_TOK_SCHEMA = _arrow_table({}, _TOK_COLUMNS).schema


class _Cache:
    """Processed tables of one source path, as Parquet, reused per file by content key."""

    def __init__(self, root: Path, src: Path):
        self.dir = root / f"corpus-{_hash(str(src.resolve()).encode())[:16]}"

    def lookup(self, keys: list[str]) -> _Chunk | None:
        """The cached rows of the units in ``keys``, as one chunk, or None.

        When ``keys`` are exactly the cached units in the same order, the chunk carries
        the cached documents frame as is (a whole hit: nothing to re-sort or re-check).
        """
        manifest = self.manifest()
        hits = set(keys) & set(manifest)
        if not hits:
            return None
        try:
            docs = pd.read_parquet(self.dir / "documents.parquet")
            # Cast to the schema fresh chunks have, so that cached and fresh rows concatenate.
            sents = pq.read_table(self.dir / "sentences.parquet").select(list(_SENT_COLUMNS)).cast(_SENT_SCHEMA)
            toks = pq.read_table(self.dir / "tokens.parquet").select(list(_TOK_COLUMNS)).cast(_TOK_SCHEMA)
        except (OSError, ValueError, pa.ArrowException):
            return None  # a damaged cache is rebuilt, never trusted
        problems = {key: [tuple(p) for p in entry["problems"]] for key, entry in manifest.items() if key in hits}
        if keys == list(manifest):
            return _Chunk([], sents, toks, problems, frame=docs)
        docs = docs[docs["_unit"].isin(hits)]  # some files changed or went away: keep only the rest
        ids = pa.array(docs["doc_id"].tolist(), pa.string())
        sents = sents.filter(pc.is_in(sents["doc_id"], value_set=ids))
        toks = toks.filter(pc.is_in(toks["doc_id"], value_set=ids))
        return _Chunk(_rows(docs), sents, toks, problems, cached=True)

    def manifest(self) -> dict:
        try:
            manifest = json.loads((self.dir / "manifest.json").read_text())
        except (OSError, ValueError):
            return {}
        if manifest.get("version") != __version__ or manifest.get("format") != _CACHE_FORMAT:
            return {}
        return manifest.get("units", {})

    def save(self, tables: _Tables) -> None:
        """Write the tables atomically, each file replaced only once fully written."""
        units = tables.manifest
        if units is None or units == self.manifest():
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        cached_ids = {doc_id for entry in units.values() for doc_id in entry["doc_ids"]}
        docs = tables.documents[is_in(tables.documents["doc_id"], cached_ids)]
        out = {"sentences": tables.sentences, "tokens": tables.tokens}
        if len(docs) < len(tables.documents):  # units never cached (duplicate ids) stay out
            ids = pa.array(docs["doc_id"].tolist(), pa.string())
            out = {name: t.filter(pc.is_in(t["doc_id"], value_set=ids)) for name, t in out.items()}
        out["documents"] = pa.Table.from_pandas(docs, preserve_index=False)
        for name, table in out.items():
            tmp = self.dir / f".{name}.parquet.tmp"
            pq.write_table(table, tmp, compression="lz4")  # decodes faster than snappy here
            os.replace(tmp, self.dir / f"{name}.parquet")
        tmp_manifest = self.dir / ".manifest.json.tmp"
        tmp_manifest.write_text(json.dumps({"version": __version__, "format": _CACHE_FORMAT, "units": units}))
        os.replace(tmp_manifest, self.dir / "manifest.json")


def _rows(docs: pd.DataFrame) -> list[dict]:
    """Cached document rows as dicts, without the empty metadata columns of other files."""
    records = docs.to_dict("records")
    return [{k: v for k, v in r.items() if k in _DOC_COLUMNS or k == "_unit" or not _is_missing(v)} for r in records]


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)
