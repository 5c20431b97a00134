"""A corpus's derived arrays (token index, term counts) cached on disk beside its Parquet cache.

Factorizing and counting millions of tokens takes seconds; mapping the arrays
back from a file takes a fraction of that. An object is a frozen dataclass of
NumPy arrays and sparse matrices; :func:`write` saves every public field of it
(so fields added later are covered) into one file: a JSON header, then each
array's bytes in its own type, text arrays as UTF-8 with offsets (no pickle).
:func:`read` maps the file copy-on-write, so the arrays cost no copy and stay
writable (a write changes memory only, never the file).

A file is used only when its key matches: the corpus's fingerprint and token
count, the toolkit's version, the source of the modules that compute the
arrays, the options and :data:`FORMAT`. Its field names must be the class's,
and the CRC-32 of every 16 MB of every array is checked (on several cores), so
a stale or damaged file is rebuilt, never trusted. Writing is atomic (a
temporary file, then a rename); when the folder cannot be written, nothing is
cached and nothing fails.

A corpus loaded with ``cache=True`` has a folder (``corpus.derived_dir``): a path's
is beside its Parquet cache; every record corpus shares one, where the latest
corpus's files replace the others'. ``cache=False`` and selections are never written.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import json
import mmap
import os
import struct
import time
import uuid
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from toolkit._version import __version__
from toolkit.corpus.derived import derived_of

FORMAT = 1
KEEP = 4  # files kept per kind and corpus folder by default; each is tens to hundreds of MB on a large corpus
_MAGIC = b"TKARRAYS"
_PREFIX = struct.Struct("<8sQQ")  # magic, header length, header CRC-32
_ALIGN = 64
_CRC_PIECE = 1 << 24  # 16 MB: a CRC-32 per piece
_STALE_SECONDS = 3600  # a temporary file this old is no write in progress
# The arrays are pure functions of the tokens table and of these modules' code.
_SOURCES = ("corpus/arrays.py", "index/tokens.py", "index/matrix.py", "index/counting.py", "index/reuse.py",
            "keywords.py", "tokenize.py")


def _source_digest() -> str:
    """A digest of the modules that compute the cached arrays.

    ``__version__`` is not bumped for every change while developing; with
    the source in the key, edited code never meets arrays made by older code.
    """
    digest = hashlib.sha1()
    for name in _SOURCES:
        try:
            digest.update(Path(__file__).parents[1].joinpath(name).read_bytes())
        except OSError:  # e.g. a zipped install: the version alone has to do
            digest.update(name.encode())
    return digest.hexdigest()


_SOURCE = _source_digest()  # at import, next to the code that is running


def digest(*parts) -> str:
    """A hex key of JSON-serialisable ``parts`` (sets as sorted lists)."""
    text = json.dumps([sorted(p) if isinstance(p, (set, frozenset)) else p for p in parts], default=str)
    return hashlib.sha1(text.encode()).hexdigest()


def corpus_identity(corpus) -> tuple[Path, str] | None:
    """The folder and identity key of a corpus's cached arrays, or None when it has no cache folder.

    Args:
        corpus: a :class:`toolkit.Corpus`; anything without ``derived_dir`` has no cache.

    Returns:
        ``(folder, key)``, the key covering the documents' ids and contents, the
        token count, the stop word list, the toolkit version and source.
    """
    folder = getattr(corpus, "derived_dir", None)
    if folder is None:
        return None
    # A corpus's tables do not change (Corpus is frozen), so the corpus keeps its identity:
    # hashing 10,000 documents' ids and contents takes 20-40 ms, asked several times per table.
    held = derived_of(corpus)
    if not held.has_identity():
        held.identity = (Path(folder), _identity_key(corpus))
    return held.identity


def _identity_key(corpus) -> str:
    from toolkit.tokenize import stopwords

    fingerprint = corpus.fingerprint()
    return digest(
        FORMAT, __version__, _SOURCE, fingerprint["content_hash"], fingerprint["doc_ids"],
        len(corpus.tokens), sorted(stopwords()),
    )


def path_of(folder: Path, kind: str, key: str, generation: str = "") -> Path:
    """The file of one cached object."""
    return Path(folder) / f"{_prefix(kind, generation)}{key[:24]}.arrays"


def _prefix(kind: str, generation: str) -> str:
    return f"{kind}-{generation[:12] or 'any'}-"


def write(
    folder: Path,
    kind: str,
    key: str,
    obj,
    *,
    skip: Iterable[str] = (),
    shared: Mapping[str, object] | None = None,
    extra: Mapping | None = None,
    keep: int = KEEP,
    generation: str = "",
) -> bool:
    """Save the public fields of dataclass ``obj``; False (and nothing written) when that fails.

    Args:
        folder: the corpus's cache folder (made if missing).
        kind: a file name prefix, e.g. ``"index"``.
        key: the object's identity; :func:`read` needs the same.
        obj: a dataclass whose public fields are NumPy arrays (numbers, booleans
            or strings), CSR/CSC matrices, or fields named in ``skip``/``shared``.
        skip: fields not stored; the reader supplies them.
        shared: arrays stored by reference: a field that *is* ``shared[name]``
            is not written, and :func:`read` takes it from its own ``shared``.
        extra: JSON-serialisable notes returned by :func:`read`.
        keep: how many files of ``kind`` stay in ``folder``, the most recently used.
        generation: what the key derives from, e.g. the corpus identity; files of
            ``kind`` from another generation are deleted, as nothing reads them again.
    """
    folder = Path(folder)
    try:
        blocks, specs = _encode(obj, set(skip), shared or {})
    except (TypeError, ValueError):
        return False  # a field of a kind this format does not hold: not cached
    header = {"format": FORMAT, "key": key, "class": type(obj).__name__, "fields": specs,
              "extra": dict(extra or {}), "blocks": {}}
    offset = 0
    for name, values in blocks.items():
        header["blocks"][name] = {"dtype": values.dtype.str, "shape": list(values.shape), "offset": offset,
                                  "nbytes": int(values.nbytes), "crc": _crcs(values.reshape(-1).view(np.uint8))}
        offset += _padded(values.nbytes)
    text = json.dumps(header).encode()
    start = _padded(_PREFIX.size + len(text))  # block offsets count from here
    tmp = folder / f".{kind}-{uuid.uuid4().hex}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as out:
            out.write(_PREFIX.pack(_MAGIC, len(text), zlib.crc32(text)) + text)
            out.write(bytes(start - _PREFIX.size - len(text)))
            for values in blocks.values():
                out.write(values)
                out.write(bytes(_padded(values.nbytes) - values.nbytes))
        os.replace(tmp, path_of(folder, kind, key, generation))
    except OSError:
        _remove(tmp)
        return False
    _prune(folder, kind, keep, generation)
    return True


def read(
    folder: Path,
    kind: str,
    key: str,
    cls,
    *,
    skip: Iterable[str] = (),
    shared: Mapping[str, object] | None = None,
    generation: str = "",
) -> tuple[dict, dict] | None:
    """The stored fields of a ``cls`` object and its notes, or None (missing, stale or damaged).

    Args:
        folder, kind, key, generation: as given to :func:`write`.
        cls: the dataclass; the file must hold exactly its public fields, less ``skip``.
        skip: fields the caller supplies.
        shared: the arrays of fields stored by reference.

    Returns:
        ``(fields, extra)``: keyword arguments for ``cls`` (without ``skip``) and
        the ``extra`` notes, or None.
    """
    path = path_of(folder, kind, key, generation)
    wanted = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")} - set(skip)
    try:
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)
    except (OSError, ValueError):  # missing, unreadable or empty
        return None
    try:
        header, blocks = _open_blocks(data)
        if (
            header.get("format") != FORMAT or header.get("key") != key
            or header.get("class") != cls.__name__ or set(header.get("fields", {})) != wanted
        ):
            return None
        values = {name: _decode(blocks, name, spec, shared or {}) for name, spec in header["fields"].items()}
        extra = header.get("extra", {})
    except Exception:  # noqa: BLE001  a damaged file fails in many ways (JSON, shapes, Arrow); rebuild it
        return None
    _touch(path)  # most recently used: pruned last
    return values, extra


# ---------------------------------------------------------------- file layout


def _padded(size: int) -> int:
    return -(-size // _ALIGN) * _ALIGN


def _open_blocks(data) -> tuple[dict, dict[str, np.ndarray]]:
    """The header and the arrays of a mapped file, each checked against its CRC-32."""
    magic, length, crc = _PREFIX.unpack_from(data, 0)
    text = bytes(data[_PREFIX.size : _PREFIX.size + length])
    if magic != _MAGIC or len(text) != length or zlib.crc32(text) != crc:
        raise ValueError("not an arrays file, or a damaged header")
    header = json.loads(text)
    start, size = _padded(_PREFIX.size + length), len(data)
    view = memoryview(data)
    spans = {}
    for name, block in header["blocks"].items():
        begin, nbytes = start + int(block["offset"]), int(block["nbytes"])
        if begin + nbytes > size:
            raise ValueError(f"array {name!r} is cut short")
        spans[name] = (begin, nbytes)
    checks = [(view[begin : begin + nbytes], header["blocks"][name]["crc"]) for name, (begin, nbytes) in spans.items()]
    if not _all_intact(checks):
        raise ValueError("an array is damaged")
    blocks = {}
    for name, block in header["blocks"].items():
        begin, nbytes = spans[name]
        dtype, shape = np.dtype(block["dtype"]), tuple(block["shape"])
        if dtype.hasobject:
            raise ValueError("object arrays are never read from a file")
        count = int(np.prod(shape, dtype=np.int64))
        if count * dtype.itemsize != nbytes:
            raise ValueError(f"array {name!r} has the wrong size")
        if count:
            blocks[name] = np.frombuffer(data, dtype, count=count, offset=begin).reshape(shape)
        else:
            blocks[name] = np.zeros(shape, dtype)
    return header, blocks


def _crcs(data: np.ndarray) -> list[int]:
    """CRC-32 of each :data:`_CRC_PIECE` bytes of ``data``: pieces can be checked on several cores."""
    return [zlib.crc32(data[at : at + _CRC_PIECE]) for at in range(0, len(data), _CRC_PIECE)] or [0]


def _all_intact(blocks: list[tuple[memoryview, list[int]]]) -> bool:
    """Whether every piece of every block has its CRC-32 (zlib releases the GIL: threads run in parallel)."""
    pieces = [
        (data[k * _CRC_PIECE : (k + 1) * _CRC_PIECE], crc)
        for data, crcs in blocks
        for k, crc in enumerate(crcs)
    ]
    if sum(len(data) for data, _ in blocks) != sum(len(piece) for piece, _ in pieces):
        return False  # more bytes than the CRCs cover
    workers = min(4, os.cpu_count() or 1, len(pieces))
    if workers < 2:
        return all(zlib.crc32(piece) == crc for piece, crc in pieces)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return all(pool.map(lambda item: zlib.crc32(item[0]) == item[1], pieces))


# ---------------------------------------------------------------- fields


def _encode(obj, skip: set, shared: Mapping) -> tuple[dict[str, np.ndarray], dict]:
    blocks, specs = {}, {}
    for f in dataclasses.fields(obj):
        name = f.name
        if name.startswith("_") or name in skip:
            continue
        value = getattr(obj, name)
        if name in shared and value is shared[name]:
            specs[name] = {"kind": "shared"}
        elif sp.issparse(value) and value.format in ("csr", "csc"):
            specs[name] = {"kind": "sparse", "format": value.format, "array": isinstance(value, sp.sparray),
                           "shape": [int(s) for s in value.shape]}
            for part in ("data", "indices", "indptr"):
                blocks[f"{name}.{part}"] = np.ascontiguousarray(getattr(value, part))
        elif isinstance(value, np.ndarray) and value.dtype == object:
            specs[name] = {"kind": "text", "shape": list(value.shape)}
            blocks[f"{name}.utf8"], blocks[f"{name}.offsets"] = _utf8(value)
        elif isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            specs[name] = {"kind": "array"}
            blocks[name] = np.ascontiguousarray(value)
        else:
            raise TypeError(f"field {name!r} of {type(obj).__name__} is a {type(value).__name__}, not an array")
    return blocks, specs


def _decode(blocks: dict[str, np.ndarray], name: str, spec: dict, shared: Mapping):
    kind = spec["kind"]
    if kind == "shared":
        return shared[name]
    if kind == "array":
        return blocks[name]
    if kind == "text":
        return _from_utf8(blocks[f"{name}.utf8"], blocks[f"{name}.offsets"], tuple(spec["shape"]))
    if kind == "sparse":
        parts = tuple(blocks[f"{name}.{p}"] for p in ("data", "indices", "indptr"))
        make = getattr(sp, f"{spec['format']}_{'array' if spec['array'] else 'matrix'}")
        matrix = make(parts, shape=tuple(spec["shape"]), copy=False)
        matrix.check_format(full_check=False)
        return matrix
    raise ValueError(f"unknown field kind {kind!r}")


def _utf8(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Strings as concatenated UTF-8 bytes and their ``n + 1`` offsets (Arrow's layout)."""
    import pyarrow as pa

    flat = values.ravel()
    if not all(isinstance(v, str) for v in flat):
        raise TypeError("only arrays of str can be stored")
    strings = pa.array(flat, type=pa.large_string())
    _, offsets, data = strings.buffers()
    offsets = np.frombuffer(offsets, np.int64, count=len(flat) + 1) if offsets is not None else np.zeros(1, np.int64)
    payload = np.frombuffer(data, np.uint8, count=int(offsets[-1])) if data is not None else np.zeros(0, np.uint8)
    return payload.copy(), offsets.copy()


def _from_utf8(payload: np.ndarray, offsets: np.ndarray, shape: tuple) -> np.ndarray:
    import pyarrow as pa

    strings = pa.LargeStringArray.from_buffers(
        len(offsets) - 1, pa.py_buffer(np.ascontiguousarray(offsets, np.int64)), pa.py_buffer(payload)
    )
    strings.validate(full=True)  # offsets in range, valid UTF-8
    return np.asarray(strings.to_numpy(zero_copy_only=False), dtype=object).reshape(shape)


# ---------------------------------------------------------------- housekeeping


def _prune(folder: Path, kind: str, keep: int, generation: str) -> None:
    """Delete the files of ``kind`` from other generations, all but the ``keep`` most recently used
    of this one, and dead temporaries."""
    current = _prefix(kind, generation)
    try:
        files = list(folder.glob(f"{kind}-*.arrays"))
        ours = sorted((p for p in files if p.name.startswith(current)), key=lambda p: p.stat().st_mtime, reverse=True)
        temporaries = list(folder.glob(f".{kind}-*.tmp"))
    except OSError:
        return
    for old in [p for p in files if not p.name.startswith(current)] + ours[max(keep, 1) :]:
        _remove(old)
    for tmp in temporaries:  # left by a process that died while writing
        try:
            stale = time.time() - tmp.stat().st_mtime > _STALE_SECONDS
        except OSError:
            continue
        if stale:
            _remove(tmp)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # already gone, read-only folder, or open elsewhere (Windows): harmless
