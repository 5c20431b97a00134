"""The annotation store: every document's annotation tables as Parquet, on disk, shared by all lenses.

Layout under the cache folder (``<cache>/annotations/<identity>/``)::

    manifests/part-0003-1f2e….json   the doc_keys of one batch; written last, so it marks the batch complete
    mentions/part-0003-1f2e….parquet one file per stored table per batch
    entities/…  timexes/…  events/…  quotes/…  relations/…  parses/…  tags/…  term_counts/…

* **Identity.** The folder name hashes what the rows depend on: the spaCy model's
  name and version, the toolkit's version, the stored format, the stop-word and
  Punkt sources and the bundled actor dictionary. Anything else changes nothing.
* **Keys.** Rows carry ``doc_key``, a hash of the document's text, its date and its
  sentence layout (:func:`document_keys`): a changed document gets a new key and is
  annotated again; an unchanged one is reused by any corpus that holds it.
* **Atomic and concurrent.** Every file is written to a temporary name and
  ``os.replace``\\d; the manifest comes last. A batch name is the hash of its keys, so
  two processes annotating the same documents write the same bytes to the same
  names: whichever lands last, nothing is torn or lost. A run killed halfway leaves
  batches without manifests, which readers ignore and the next run redoes.
* **Partitions.** A batch holds the documents of one partition (a hash of
  ``doc_id``); each worker writes its own files and returns a small manifest.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import uuid
import zlib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from toolkit.annotate.document import STORED_TABLES
from toolkit.config import data_versions

STORE_FORMAT = 1


def store_identity() -> dict:
    """What every stored row depends on besides its document (the store folder is its hash)."""
    from toolkit import config
    from toolkit._version import __version__
    from toolkit.annotate.document import parse_scope
    from toolkit.nlp import MODEL_VERSION, model_package
    from toolkit.tokenize import punkt_source, stopwords

    bundled = (config.DATA_DIR / "actors.yml").read_bytes()
    return {
        "format": STORE_FORMAT,
        "toolkit": __version__,
        "model": f"{model_package()}=={MODEL_VERSION}",
        "stopwords": hashlib.sha1(" ".join(sorted(stopwords())).encode()).hexdigest()[:12],
        "punkt": punkt_source(),
        "actors.yml": hashlib.sha1(bundled).hexdigest()[:12],
        "actor_cues.yml": hashlib.sha1((config.DATA_DIR / "actor_cues.yml").read_bytes()).hexdigest()[:12],
        "parse": parse_scope(),
        "code": code_digest(),
        "data": data_versions(),
    }


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the toolkit's source: rows made by changed code are never read as current.

    The version alone misses edits between releases (a developer's checkout);
    the explorers and plots do not make stored rows, so they are left out.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] in ("widgets", "plots"):
            continue
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def identity_hash(identity: dict) -> str:
    return hashlib.sha1(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]


def document_keys(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """``doc_id -> doc_key``: a hash of each document's text, date and sentences (offsets and sections)."""
    if documents.empty:
        return pd.Series([], dtype=object, index=pd.Index([], dtype=object, name="doc_id"), name="doc_key")
    # Each sentence's hash mixes in its place in the document, so the sum is a digest of the whole layout;
    # the doc_id stays out, so two documents with the same text, date and sentences share their rows.
    place = sentences.groupby("doc_id", sort=False).cumcount().to_numpy()
    layout = pd.util.hash_pandas_object(sentences[["start", "end", "section"]].assign(_place=place), index=False)
    per_doc = layout.groupby(sentences["doc_id"].to_numpy()).sum()  # wraps around in uint64: fine for a digest
    published = documents["published"].astype(str).tolist()
    keys = [
        hashlib.sha1(f"{h}|{p}|{int(per_doc.get(d, 0))}".encode()).hexdigest()[:24]
        for d, h, p in zip(documents["doc_id"], documents["content_hash"], published)
    ]
    return pd.Series(keys, index=pd.Index(documents["doc_id"], name="doc_id"), name="doc_key")


def partition_of(doc_id: str, n_partitions: int) -> int:
    """The partition a document goes to: a stable hash of its id (not Python's salted ``hash``)."""
    return zlib.crc32(doc_id.encode()) % n_partitions


def batch_name(partition: int, keys: Iterable[str]) -> str:
    digest = hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:12]
    return f"part-{partition:04d}-{digest}"


class AnnotationStore:
    """Stored annotation tables of one identity, read and written by batch.

    Args:
        root: the cache folder; the store lives in ``root/annotations/<identity>``.
            None: a temporary folder, removed with this object.
    """

    def __init__(self, root: str | os.PathLike | None = None, *, identity: dict | None = None):
        self.identity = identity or store_identity()
        self._tmp = None
        if root is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="newslens-annotations-")
            root = self._tmp.name
        self.dir = Path(root) / "annotations" / identity_hash(self.identity)
        self._manifest_cache: tuple[tuple, dict[str, list[str]]] | None = None
        self._read_cache: dict[tuple, pd.DataFrame] = {}
        self._derived: dict[tuple, object] = {}

    def __repr__(self) -> str:
        return f"<AnnotationStore {self.dir}>"

    # ---- what is there ----

    def manifests(self) -> dict[str, list[str]]:
        """``batch -> doc_keys`` of every complete batch (all of its files present)."""
        folder = self.dir / "manifests"
        try:
            names = tuple(sorted(n for n in os.listdir(folder) if n.endswith(".json")))
        except FileNotFoundError:
            return {}
        present = {t: set(_names(self.dir / t)) for t in STORED_TABLES}
        complete = tuple(n for n in names if all(n[:-5] + ".parquet" in present[t] for t in STORED_TABLES))
        if self._manifest_cache and self._manifest_cache[0] == complete:
            return self._manifest_cache[1]
        found = {}
        for name in complete:
            try:
                found[name[:-5]] = json.loads((folder / name).read_text())["doc_keys"]
            except (OSError, ValueError, KeyError):
                continue  # a damaged manifest: the batch is redone, never trusted
        self._manifest_cache = (complete, found)
        self._read_cache.clear()
        self._derived.clear()
        return found

    def owners(self) -> dict[str, str]:
        """``doc_key -> batch`` holding its rows; the first batch by name when two hold it."""
        owner: dict[str, str] = {}
        for batch, keys in sorted(self.manifests().items()):
            for key in keys:
                owner.setdefault(key, batch)
        return owner

    def missing(self, keys: Iterable[str]) -> list[str]:
        """The keys that have no stored rows yet, in the order given."""
        owner = self.owners()
        return [k for k in keys if k not in owner]

    # ---- writing ----

    def write_batch(self, batch: str, tables: dict[str, pd.DataFrame], keys: list[str]) -> dict:
        """Write one batch's tables, then its manifest; returns ``{table: rows}``."""
        from toolkit.schemas import store_arrow_schema

        rows = {}
        for name in STORED_TABLES:
            frame = tables[name]
            arrow = pa.Table.from_pandas(frame, schema=store_arrow_schema(name), preserve_index=False)
            _atomic_write(self.dir / name / f"{batch}.parquet",
                          lambda tmp, t=arrow: pq.write_table(t, tmp, compression="zstd"))
            rows[name] = len(frame)
        manifest = json.dumps({"doc_keys": sorted(keys), "rows": rows, "identity": self.identity})
        _atomic_write(self.dir / "manifests" / f"{batch}.json", lambda tmp: Path(tmp).write_text(manifest))
        return rows

    # ---- reading ----

    def read(self, table: str, keys: Iterable[str], *, columns: list[str] | None = None) -> pd.DataFrame:
        """The stored rows of ``table`` for ``keys`` (one copy per key, whatever batches hold it)."""
        if table not in STORED_TABLES:
            raise KeyError(f"no stored table {table!r}; known: {', '.join(STORED_TABLES)}")
        wanted = list(dict.fromkeys(keys))
        owner = self.owners()
        by_batch: dict[str, list[str]] = {}
        for key in wanted:
            if key in owner:
                by_batch.setdefault(owner[key], []).append(key)
        cache_key = (table, tuple(columns or ()), hashlib.sha1("\n".join(wanted).encode()).hexdigest())
        if cache_key in self._read_cache:
            return self._read_cache[cache_key]
        parts = []
        for batch in sorted(by_batch):
            part = pq.read_table(self.dir / table / f"{batch}.parquet", columns=columns)
            chosen = by_batch[batch]
            if len(chosen) < len(self.manifests()[batch]):
                part = part.filter(pc.is_in(part["doc_key"], value_set=pa.array(chosen, pa.string())))
            parts.append(part)
        from toolkit.schemas import store_frame

        if parts:
            frame = pa.concat_tables(parts).to_pandas()
            if table in ("timexes", "events"):
                for col in ("date_start", "date_end", "reference"):
                    frame[col] = frame[col].astype("datetime64[ns]")
        else:
            frame = store_frame([], table)
            frame = frame[columns] if columns else frame
        if len(self._read_cache) > 32:
            self._read_cache.clear()
        self._read_cache[cache_key] = frame
        return frame

    def derived(self, key: tuple, compute, *, on_disk: bool = False):
        """``compute()``, kept until the stored batches change: a reduce that several lenses share.

        The caller's ``key`` names everything the value depends on besides the
        stored rows (e.g. the actor dictionary's fingerprint). The value is
        shared: callers must not change it.

        Args:
            on_disk: the value is a DataFrame, also kept under ``reduced/`` so that a
                later session reads it back instead of computing it. Then ``key`` must
                be JSON-serialisable and name the documents too (see :func:`documents_digest`);
                the store's identity already covers the code and the models. The
                :data:`KEEP_REDUCED` most recently used files stay.
        """
        self.manifests()  # forgets every derived value when the batches changed
        if key not in self._derived:
            if len(self._derived) >= 16:
                self._derived.clear()
            value = self._read_reduced(key) if on_disk else None
            if value is None:
                value = compute()
                if on_disk:
                    self._write_reduced(key, value)
            self._derived[key] = value
        return self._derived[key]

    def _reduced_path(self, key: tuple) -> Path:
        digest = hashlib.sha1(json.dumps(list(key), default=str).encode()).hexdigest()[:24]
        return self.dir / "reduced" / f"{digest}.parquet"

    def _read_reduced(self, key: tuple) -> pd.DataFrame | None:
        path = self._reduced_path(key)
        try:
            table = pq.read_table(path)
            os.utime(path)  # most recently used: kept by the pruning
        except (OSError, pa.ArrowException):
            return None  # absent, damaged or unreadable: computed again, never trusted
        objects = json.loads((table.schema.metadata or {}).get(_OBJECT_COLUMNS, b"[]"))
        frame = table.drop_columns(objects).to_pandas()
        for name in objects:  # as computed: Python objects (None stays None), not Arrow strings
            frame[name] = pd.Series(table.column(name).to_numpy(zero_copy_only=False), index=frame.index, dtype=object)
        return frame[table.column_names]

    def _write_reduced(self, key: tuple, frame: pd.DataFrame) -> None:
        path = self._reduced_path(key)
        try:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            objects = [name for name in frame.columns if frame[name].dtype == object]
            table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                                   _OBJECT_COLUMNS: json.dumps(objects).encode()})
            _atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
            kept = sorted(path.parent.glob("*.parquet"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[KEEP_REDUCED:]:
                old.unlink(missing_ok=True)
        except (OSError, pa.ArrowException):
            return  # a read-only or full disk: the value is still kept in memory

    def files(self, table: str) -> list[Path]:
        """The Parquet files of ``table`` in complete batches (for DuckDB or dask.dataframe)."""
        return [self.dir / table / f"{batch}.parquet" for batch in sorted(self.manifests())]


KEEP_REDUCED = 12  # reduce results kept on disk per store (resolved mentions and type evidence of a few corpora and dictionaries)
_OBJECT_COLUMNS = b"newslens.object_columns"


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def documents_digest(keys: pd.Series) -> str:
    """A digest of a corpus's documents: ``doc_id -> doc_key`` (order included), for keys of :meth:`derived`."""
    hashed = pd.util.hash_pandas_object(pd.DataFrame({"doc_id": keys.index, "doc_key": keys.to_numpy()}), index=False)
    return hashlib.sha1(hashed.to_numpy().tobytes()).hexdigest()


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
