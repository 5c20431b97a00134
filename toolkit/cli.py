"""Command line: ``python -m toolkit COMMAND [PATH] [options]``.

Every table command writes CSV to stdout, or to ``--out`` (``.csv``, ``.parquet``
or ``.jsonl``, chosen by the file's extension). PATH defaults to the bundled seeds.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

import toolkit as tk
from toolkit.keywords import METHODS as KEYWORD_METHODS
from toolkit.schemas import SECTIONS


def write_table(df: pd.DataFrame, out: str | None) -> None:
    """Write ``df`` to ``out`` by extension, or CSV to stdout when ``out`` is None."""
    if out is None:
        df.to_csv(sys.stdout, index=False)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df.to_parquet(path, index=False)
    elif suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
    elif suffix in (".csv", ""):
        df.to_csv(path, index=False)
    else:
        raise SystemExit(f"--out {out}: unsupported extension {suffix!r}; use .csv, .parquet or .jsonl")
    print(f"wrote {len(df)} rows to {path}", file=sys.stderr)


def info_text(corpus: tk.Corpus) -> str:
    """A human summary of a corpus: counts, date range, sections and problems."""
    docs = corpus.documents
    dates = docs["published"].dropna()
    lines = [
        f"corpus:     {corpus.name}",
        f"documents:  {len(docs)}",
        f"sentences:  {len(corpus.sentences)}",
        f"tokens:     {len(corpus.tokens)}",
        f"dates:      {dates.min():%Y-%m-%d} .. {dates.max():%Y-%m-%d} ({len(dates)} dated)" if len(dates) else "dates:      none known",
    ]
    sections = corpus.sentences["section"].value_counts()
    lines.append("sections:   " + ", ".join(f"{name} {sections.get(name, 0)}" for name in SECTIONS))
    if len(docs) <= 20:
        lines.append("")
        for row in docs.itertuples():
            date = "unknown" if pd.isna(row.published) else f"{row.published:%Y-%m-%d}"
            lines.append(f"  {row.doc_id}  {date}  {row.n_sentences} sentences  {row.title!r}")
            lines.append(f"    source: {row.source or '(unknown)'}  url: {row.url or '(unknown)'}")
    lines.append(f"skipped:    {len(corpus.skipped)}")
    lines += [f"  {p}: {r}" for p, r in corpus.skipped.itertuples(index=False)]
    return "\n".join(lines)


def _lens(name: str):
    fn = getattr(tk, name, None)
    if fn is None:
        raise SystemExit(f"this toolkit build has no {name}()")
    return fn


def _load(args) -> tk.Corpus:
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return tk.load_corpus(args.path, cache=not args.no_cache)


def _cmd_info(args) -> None:
    print(info_text(_load(args)))


def _cmd_tokens(args) -> None:
    write_table(_load(args).tokens, args.out)


def _cmd_timeline(args) -> None:
    corpus = _load(args)
    table = _lens("events")(corpus) if args.table == "events" else _lens("timeline")(corpus)
    write_table(table, args.out)


def _cmd_keywords(args) -> None:
    table = _lens("keywords")(_load(args), method=args.method, top_n=args.top_n, ngram_range=tuple(args.ngram_range),
                              min_count=args.min_count, phrases=args.phrases)
    write_table(table, args.out)


def _cmd_kwic(args) -> None:
    write_table(_lens("kwic")(_load(args), args.query, window=args.window), args.out)


def _cmd_actors(args) -> None:
    write_table(_lens(args.table)(_load(args)), args.out)


def _cmd_quotes(args) -> None:
    write_table(_lens("quotes")(_load(args)), args.out)


def _cmd_annotate(args) -> None:
    from toolkit.annotate import run_annotation

    corpus = _load(args)
    client = None
    if args.scheduler:
        try:
            from dask.distributed import Client
        except ImportError:
            raise SystemExit("--scheduler needs dask: pip install 'news-lens-toolkit[scale]'") from None
        client = Client(args.scheduler)
    try:
        written = run_annotation(corpus, n_jobs=args.jobs, client=client, progress=not args.quiet, on_progress=None)
    finally:
        if client is not None:
            client.close()
    docs = sum(m["documents"] for m in written)
    print(f"annotated {docs} new of {len(corpus)} documents in {len(written)} partitions; store: {corpus.store.dir}",
          file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name, func, help_text, *, out=True):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("path", nargs="?" if name not in ("kwic",) else None, default=None, help="corpus folder or file (default: seeds/)")
        p.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk cache")
        if out:
            p.add_argument("--out", help="output file: .csv, .parquet or .jsonl (default: CSV to stdout)")
        p.set_defaults(func=func)
        return p

    command("info", _cmd_info, "documents, sentences, tokens, date range and skipped files", out=False)
    command("tokens", _cmd_tokens, "write the tokens table")
    p = command("timeline", _cmd_timeline, "dated events (or every temporal expression)")
    p.add_argument("--table", choices=("events", "expressions"), default="events")
    p = command("keywords", _cmd_keywords, "keyword table")
    p.add_argument("--method", default="keyness", choices=KEYWORD_METHODS)
    p.add_argument("--top-n", type=int, default=25)
    p.add_argument("--ngram-range", type=int, nargs=2, default=(1, 3), metavar=("MIN", "MAX"))
    p.add_argument("--min-count", type=int, default=2, help="least occurrences of a term (default 2)")
    p.add_argument("--phrases", choices=("clean", "all"), default="clean",
                   help="multi-word terms: names and expressions only (clean), or every n-gram (all)")
    p = command("kwic", _cmd_kwic, "keyword in context")
    p.add_argument("query", help='a word, a phrase ("hun sen") or a wildcard (arrest*)')
    p.add_argument("--window", type=int, default=8)
    p = command("actors", _cmd_actors, "actor table (or mentions, relations)")
    p.add_argument("--table", choices=("actors", "mentions", "relations", "cooccurrence"), default="actors")
    command("quotes", _cmd_quotes, "direct quotes with their speakers")
    p = command("annotate", _cmd_annotate, "annotate every document once (spaCy + every lens's per-document step) "
                "into the store that every lens reads", out=False)
    p.add_argument("--jobs", type=int, default=1, help="local worker processes; -1 for every core (default 1)")
    p.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://10.0.0.5:8786, to annotate on its "
                   "workers (they must see the cache folder: set NEWSLENS_CACHE to a shared path)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
