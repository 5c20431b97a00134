"""Loading a folder, file or records: each input read and tokenized on its own (:func:`process_unit`), then assembled."""
from __future__ import annotations

import concurrent.futures
import csv
import hashlib
import json
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit import config
from toolkit._version import __version__
from toolkit.corpus import readers
from toolkit.corpus.cache import _CACHE_FORMAT, _Cache, _hash
from toolkit.corpus.chunks import _DOC_COLUMNS, _SENT_COLUMNS, _TOK_COLUMNS, _arrow_table, _Chunk, _Tables
from toolkit.corpus.model import Corpus, CorpusWarning
from toolkit.corpus.readers import RawDoc, SkipFile
from toolkit.schemas import column_names
from toolkit.tokenize import annotate_text, stopwords

PROGRESS_THRESHOLD = 200
_IGNORED_NAMES = {"readme", "license", "licence", "changelog", "notice", "attribution"}


def load_corpus(
    src: str | os.PathLike | Iterable[Mapping] | None = None,
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    clean: bool | None = None,
    progress: bool | None = None,
    n_jobs: int = 1,
    name: str | None = None,
) -> Corpus:
    """Load documents into a :class:`Corpus` of tidy tables.

    Args:
        src: None for the bundled ``seeds/``; a folder (read recursively: .txt, .md,
            .html/.htm, .json, .jsonl, .csv, with optional ``metadata.csv`` keyed by
            ``file``); a single file; or an iterable of dict records with ``text`` and
            optionally ``id, title, published, source, url`` (other keys become columns).
        cache: reuse and store processed tables on disk. Records are tokenized afresh at every
            load, but their annotations (the store) and the arrays derived from their tokens
            (token index, keyword counts) are kept, keyed by the documents' contents: a later
            session on the same records reads them back (the arrays of the latest record corpus
            only; a folder's stay beside its own cache).
        cache_dir: where the cache lives; default ``toolkit.config.cache_dir()``.
        clean: remove web-page boilerplate. Default: on for .txt/.md files, off for records,
            whose text is kept verbatim (apart from NFC and newline normalisation).
        progress: show a tqdm progress bar; default only above 200 inputs.
        n_jobs: worker processes for tokenizing; 1 runs in this process, -1 uses every core.
        name: a label for the corpus; default the folder or file name.

    Returns:
        A :class:`Corpus`. Problems are listed in ``corpus.skipped`` and summed up in one
        :class:`CorpusWarning`; good documents always load.

    Raises:
        FileNotFoundError: ``src`` is a path that does not exist.
        TypeError: ``src`` is neither a path nor an iterable of dicts.

    Example:
        >>> corpus = load_corpus()  # doctest: +SKIP
        >>> corpus.documents[["doc_id", "title", "published"]]  # doctest: +SKIP
    """
    if src is None:
        src = config.SEEDS_DIR
    root = (Path(cache_dir) if cache_dir else config.cache_dir()) if cache else None
    if isinstance(src, (str, os.PathLike)):
        path = Path(src).expanduser()
        if not path.exists():
            raise FileNotFoundError(f"no such corpus folder or file: {path}")
        units, problems = _path_units(path, clean)
        label = name or path.resolve().name
        store = _Cache(root, path) if root else None
    elif isinstance(src, Mapping) or not isinstance(src, Iterable):
        raise TypeError("src must be a folder, a file, or an iterable of dicts with a 'text' key")
    else:
        units, problems = _record_units(src, bool(clean))
        label, store = name or "records", None
    tables = _assemble(units, _process_all(units, store=store, progress=progress, n_jobs=n_jobs), problems)
    if store:
        store.save(tables)
    # Record corpora share one folder, where a corpus's arrays replace another's (arrays._prune): the
    # latest record corpus is kept, and the folder never grows with every new set of records.
    derived_dir = store.dir / "derived" if store else (root / "records" / "derived" if root else None)
    skipped = _skipped(tables.problems, label)
    # self_destruct frees each Arrow column once converted: peak memory stays near one copy.
    sentences = tables.sentences.to_pandas(self_destruct=True, split_blocks=True)
    tokens = tables.tokens.to_pandas(self_destruct=True, split_blocks=True)
    return Corpus(
        tables.documents.drop(columns="_unit").reset_index(drop=True), sentences, tokens, skipped, label,
        derived_dir=derived_dir,
        annotation_root=root,
    )


@dataclass
class _Unit:
    """One cacheable input: a file (with its metadata row) or one record."""

    key: str
    label: str
    kind: str  # "file" or "record"
    payload: object
    meta: dict
    clean: bool


def _path_units(path: Path, clean: bool | None) -> tuple[list[_Unit], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if path.is_file():
        root, files = path.parent, [(str(path), path.name)]
    else:
        root, files = path, _walk(path, problems)
    metadata = _read_metadata(root, problems) if path.is_dir() else {}
    for rel in sorted(set(metadata) - {rel for _, rel in files}):
        problems.append((rel, "metadata.csv names a file that does not exist"))
    do_clean = True if clean is None else clean
    options = f"{do_clean}|{__version__}|{_CACHE_FORMAT}".encode()
    units = []
    for full, rel in files:
        meta = metadata.get(rel, {})
        try:
            with open(full, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            problems.append((rel, f"cannot read: {exc.strerror or exc}"))
            continue
        key = _hash(data, json.dumps(meta, sort_keys=True, default=str).encode(), options)
        units.append(_Unit(key, rel, "file", data, meta, do_clean))
    return units, problems


def _walk(root: Path, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Readable files under ``root`` as (full path, relative POSIX path), in sorted order.

    Plain strings, not Path objects: on 10,000 files pathlib's parsing costs more than the hashing.
    """
    files = []
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        prefix = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for fname in sorted(filenames):
            stem, suffix = os.path.splitext(fname)
            if fname.startswith(".") or fname == readers.METADATA_FILE or stem.lower() in _IGNORED_NAMES:
                continue
            full, rel = os.path.join(dirpath, fname), prefix + fname
            if os.path.islink(full) and not os.path.exists(full):
                problems.append((rel, "dangling symlink"))
            elif suffix.lower() not in readers.SUPPORTED_SUFFIXES:
                problems.append((rel, f"unsupported file type {suffix.lower() or '(none)'}"))
            else:
                files.append((full, rel))
    return files


def _read_metadata(root: Path, problems: list[tuple[str, str]]) -> dict[str, dict]:
    meta_path = root / readers.METADATA_FILE
    if not meta_path.is_file():
        return {}
    try:
        with open(meta_path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields, rows = reader.fieldnames or [], list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append((readers.METADATA_FILE, f"unreadable metadata.csv: {exc}"))
        return {}
    if "file" not in fields:
        problems.append((readers.METADATA_FILE, "metadata.csv has no 'file' column"))
        return {}
    table = {}
    for row in rows:
        rel = (row.pop("file") or "").strip().replace("\\", "/").removeprefix("./")
        table[rel] = {k: v for k, v in row.items() if k and v not in ("", None)}
    return table


def _record_units(records: Iterable[Mapping], clean: bool) -> tuple[list[_Unit], list[tuple[str, str]]]:
    units, problems = [], []
    for n, record in enumerate(records):
        label = f"record {n}"
        if not isinstance(record, Mapping):
            problems.append((label, f"not a dict but {type(record).__name__}"))
            continue
        units.append(_Unit(f"record-{n}", label, "record", dict(record), {}, clean))
    return units, problems


def process_unit(unit: _Unit) -> _Chunk:
    """Read, clean and tokenize one file or record. Pure: the unit in, rows out."""
    problems: list[tuple[str, str]] = []
    docs: list[RawDoc] = []
    try:
        if unit.kind == "record":
            docs = [_doc_from_record(unit.payload, path="", clean=unit.clean)]
        else:
            docs = _docs_from_file(unit, problems)
    except SkipFile as exc:
        problems.append((unit.label, str(exc)))
    return _annotate(unit.key, docs, problems)


def _docs_from_file(unit: _Unit, problems: list[tuple[str, str]]) -> list[RawDoc]:
    text = readers.decode(unit.payload)
    suffix = Path(unit.label).suffix.lower()
    doc_id = str(Path(unit.label).with_suffix("").as_posix())
    if suffix in readers.RECORD_SUFFIXES:
        records, record_problems = readers.parse_records(text, suffix)
        problems.extend((unit.label, reason) for reason in record_problems)
        docs = []
        for n, record in enumerate(records):
            try:
                docs.append(_doc_from_record(record, path=unit.label, clean=False))
            except SkipFile as exc:
                problems.append((unit.label, f"record {n}: {exc}"))
        return docs
    if not text.strip():
        raise SkipFile("empty or blank file")
    if suffix in readers.HTML_SUFFIXES:
        doc = readers.read_html(text, doc_id, unit.label)
    elif unit.clean:
        doc = readers.read_text_file(text, doc_id, unit.label, markdown=suffix == ".md")
    else:
        meta, body = readers.split_front_matter(readers.normalize(text))
        doc = readers.make_doc(doc_id, body, meta, path=unit.label)
    if not doc.text.strip():
        raise SkipFile("no text left after removing page boilerplate")
    if unit.meta:
        doc = readers.make_doc(doc.doc_id, doc.text, {**doc.meta, **unit.meta}, path=doc.path)
    return [doc]


def _doc_from_record(record, *, path: str, clean: bool) -> RawDoc:
    if not isinstance(record, Mapping):
        raise SkipFile(f"not a record but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SkipFile("record has no 'text'")
    meta = {k: v for k, v in record.items() if k not in ("text", "id")}
    text = readers.normalize(text)
    if clean:
        text = readers.clean_web_text(text)
    raw_id = record.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else hashlib.sha1(text.encode()).hexdigest()[:16]
    return readers.make_doc(doc_id, text, meta, path=path)


def parse_published(value) -> tuple[pd.Timestamp, str | None]:
    """Parse a publication date; a bad value gives NaT and a problem, never an exception."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return pd.NaT, None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        import dateparser

        parsed = dateparser.parse(str(value), settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is None:
            return pd.NaT, f"bad published date {str(value)!r}: kept the document with the date unknown"
        stamp = pd.Timestamp(parsed)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp, None


def _annotate(key: str, docs: list[RawDoc], problems: list[tuple[str, str]]) -> _Chunk:
    stop = stopwords()
    rows, sent_cols, tok_cols = [], {c: [] for c in _SENT_COLUMNS}, {c: [] for c in _TOK_COLUMNS}
    seen: set[str] = set()
    for doc in docs:
        if doc.doc_id in seen:
            problems.append((doc.path or doc.doc_id, f"duplicate doc_id {doc.doc_id!r} within the same file; skipped"))
            continue
        seen.add(doc.doc_id)
        sents, toks = annotate_text(doc.text, sections=doc.sections, stop=stop)
        published, problem = parse_published(doc.meta.get("published"))
        if problem:
            problems.append((doc.path or doc.doc_id, problem))
        own = readers.STANDARD_FIELDS + readers.MADE_FIELDS
        extra = {k: _cell(v) for k, v in doc.meta.items() if k not in own}
        rows.append(
            {
                **extra,
                "_unit": key,
                "doc_id": doc.doc_id,
                "title": str(doc.meta.get("title") or ""),
                "title_from_text": bool(doc.meta.get("title_from_text", False)),
                "published": published,
                "source": str(doc.meta.get("source") or ""),
                "url": str(doc.meta.get("url") or ""),
                "path": doc.path,
                "text": doc.text,
                "n_sentences": len(sents["sent_id"]),
                "n_tokens": len(toks["tok_id"]),
                "content_hash": hashlib.sha1(doc.text.encode()).hexdigest(),
            }
        )
        for cols, part in ((sent_cols, sents), (tok_cols, toks)):
            cols["doc_id"].extend([doc.doc_id] * len(part["sent_id"]))
            for col, values in part.items():
                cols[col].extend(values)
    return _Chunk(rows, _arrow_table(sent_cols, _SENT_COLUMNS), _arrow_table(tok_cols, _TOK_COLUMNS), {key: problems})


def _cell(value):
    """Metadata values as table cells: scalars stay, containers become JSON text."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else json.dumps(value, default=str)


def _process_all(units: list[_Unit], *, store: _Cache | None, progress: bool | None, n_jobs: int) -> list[_Chunk]:
    cached = store.lookup([u.key for u in units]) if store else None
    done = set(cached.problems) if cached else set()
    todo = [u for u in units if u.key not in done]
    show = progress if progress is not None else len(todo) > PROGRESS_THRESHOLD
    fresh, batch = [], []
    for chunk in _run(todo, show=show, n_jobs=n_jobs):
        batch.append(chunk)
        if len(batch) == _MERGE_EVERY:
            fresh.append(_merge(batch))
            batch = []
    if batch:
        fresh.append(_merge(batch))
    return ([cached] if cached else []) + fresh


_MERGE_EVERY = 256


def _merge(chunks: list[_Chunk]) -> _Chunk:
    """One compact chunk from many small ones.

    Thousands of per-file Arrow tables cost about twice their data in allocator
    overhead; copying each batch into one contiguous table gives that back.
    """
    if len(chunks) == 1:
        return chunks[0]
    return _Chunk(
        [row for c in chunks for row in c.documents],
        pa.concat_tables([c.sentences for c in chunks]).combine_chunks(),
        pa.concat_tables([c.tokens for c in chunks]).combine_chunks(),
        {key: probs for c in chunks for key, probs in c.problems.items()},
    )


def _run(units: list[_Unit], *, show: bool, n_jobs: int) -> Iterator[_Chunk]:
    workers = (os.cpu_count() or 1) if n_jobs == -1 else max(1, n_jobs)
    parallel = workers > 1 and len(units) >= 2 * workers
    bar = _progress_bar(len(units), show)
    pool = concurrent.futures.ProcessPoolExecutor(workers) if parallel else None
    try:
        results = pool.map(process_unit, units, chunksize=max(1, len(units) // (workers * 8))) if pool else map(process_unit, units)
        for chunk in results:
            bar.update(1)
            yield chunk
    finally:
        bar.close()
        if pool:
            pool.shutdown(cancel_futures=True)


def _progress_bar(total: int, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="tokenizing", unit="doc", disable=not show)


def _assemble(units: list[_Unit], chunks: list[_Chunk], problems: list[tuple[str, str]]) -> _Tables:
    """Join the chunks in input order, drop later duplicates of a doc_id, and collect problems."""
    if len(chunks) == 1 and chunks[0].frame is not None:
        return _whole_cache_hit(chunks[0], problems)
    rank = {u.key: i for i, u in enumerate(units)}
    unit_problems = {key: probs for chunk in chunks for key, probs in chunk.problems.items()}
    rows = sorted(
        ((rank[row["_unit"]], n, ci, row) for ci, chunk in enumerate(chunks) for n, row in enumerate(chunk.documents)),
        key=lambda item: item[:2],
    )
    seen: dict[str, str] = {}
    drop: dict[int, set[str]] = {}
    kept, redo = [], set()
    for _, _, ci, row in rows:
        doc_id = row["doc_id"]
        if doc_id in seen:
            unit_problems[row["_unit"]] = unit_problems[row["_unit"]] + [
                (row["path"] or doc_id, f"duplicate doc_id {doc_id!r} (first loaded from {seen[doc_id]!r}); skipped")
            ]
            drop.setdefault(ci, set()).add(doc_id)
            redo.add(row["_unit"])  # its kept twin may change later: never cache this unit
            continue
        seen[doc_id] = row["path"] or doc_id
        kept.append(row)
    # Fresh chunks arrive in input order; only cached rows mixed with fresh ones need a sort.
    order = [row["doc_id"] for row in kept] if any(c.cached for c in chunks) and len(chunks) > 1 else None
    sentences = _join([c.sentences for c in chunks], drop, order, "sent_id", _SENT_COLUMNS)
    tokens = _join([c.tokens for c in chunks], drop, order, "tok_id", _TOK_COLUMNS)
    ids_of: dict[str, list[str]] = {}
    for row in kept:
        ids_of.setdefault(row["_unit"], []).append(row["doc_id"])
    manifest = {  # in input order, so that an unchanged corpus is a whole hit next time
        u.key: {"doc_ids": ids_of.get(u.key, []), "problems": unit_problems[u.key]}
        for u in units
        if u.key in unit_problems and u.key not in redo
    }
    all_problems = problems + [p for u in units for p in unit_problems.get(u.key, [])]
    return _Tables(_documents_frame(kept), sentences, tokens, all_problems, manifest)


def _whole_cache_hit(chunk: _Chunk, problems: list[tuple[str, str]]) -> _Tables:
    """Every input is unchanged: the cached tables are the corpus, in the cached order."""
    all_problems = problems + [p for probs in chunk.problems.values() for p in probs]
    return _Tables(chunk.frame, chunk.sentences, chunk.tokens, all_problems, manifest=None)


def _skipped(problems: list[tuple[str, str]], label: str) -> pd.DataFrame:
    """The problems as a table, summed up in one warning."""
    if problems:
        warnings.warn(
            f"{len(problems)} problem(s) while loading {label!r}: "
            + "; ".join(f"{p}: {r}" for p, r in problems[:3])
            + (" ..." if len(problems) > 3 else "")
            + " (see corpus.skipped)",
            CorpusWarning,
            stacklevel=4,
        )
    return pd.DataFrame(problems, columns=column_names("skipped"), dtype=object)


def _join(tables: list[pa.Table], drop: dict[int, set[str]], order: list[str] | None, id_col: str, columns) -> pa.Table:
    """Concatenate chunk tables without dropped docs; re-sort into ``order`` of doc ids when given."""
    parts = []
    for ci, table in enumerate(tables):
        if ci in drop:
            table = table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=pa.array(sorted(drop[ci]), pa.string()))))
        parts.append(table)
    if not parts:
        return _arrow_table({}, columns)
    joined = pa.concat_tables(parts)
    if order is not None and len(joined):
        doc_rank = pc.index_in(joined["doc_id"], value_set=pa.array(order, pa.string()))
        keys = pa.table({"rank": doc_rank, "id": joined[id_col]})
        joined = joined.take(pc.sort_indices(keys, sort_keys=[("rank", "ascending"), ("id", "ascending")]))
    return joined


def _documents_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=["_unit", *_DOC_COLUMNS])
    ordered = ["_unit", *_DOC_COLUMNS] + [c for c in frame.columns if c not in _DOC_COLUMNS and c != "_unit"]
    frame = frame[ordered]
    frame["published"] = pd.to_datetime(frame["published"]).astype("datetime64[ns]")
    for col in ("n_sentences", "n_tokens"):
        frame[col] = frame[col].astype("int64")
    frame["title_from_text"] = frame["title_from_text"].fillna(False).astype(bool)
    for col in ("_unit", "doc_id", "title", "source", "url", "path", "text", "content_hash"):
        frame[col] = frame[col].astype(str)
    return frame
