"""The workspace's filter and selection: small frozen values, saved as JSON and turned back into ``tk`` calls."""
from __future__ import annotations

import dataclasses

import pandas as pd

from toolkit.schemas import SECTIONS

FILTER_FIELDS = ("start", "end", "sources", "sections", "doc_ids", "actor", "term", "text")
SELECTION_FIELDS = ("actor", "term", "doc_id", "start")


@dataclasses.dataclass(frozen=True)
class Filter:
    """Which part of the corpus every panel shows. None (or empty) leaves a field open.

    Attributes:
        start, end: first and last publication day kept (ISO dates, inclusive).
        sources: keep documents of these sources.
        sections: keep sentences of these sections ("headline", "body", "caption").
        doc_ids: keep these documents.
        actor: keep documents that mention this actor.
        term: keep sentences that contain this word or phrase (as :func:`toolkit.kwic` finds it).
        text: keep sentences whose text contains this string (any case).
    """

    start: str | None = None
    end: str | None = None
    sources: tuple[str, ...] | None = None
    sections: tuple[str, ...] | None = None
    doc_ids: tuple[str, ...] | None = None
    actor: str | None = None
    term: str | None = None
    text: str | None = None

    def __post_init__(self):
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _iso_day(value, name))
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        for name in ("sources", "sections", "doc_ids"):
            value = getattr(self, name)
            if value is not None:
                if isinstance(value, str):
                    value = (value,)
                value = tuple(str(v) for v in value)
                object.__setattr__(self, name, value or None)
        if self.sections:
            unknown = sorted(set(self.sections) - set(SECTIONS))
            if unknown:
                raise ValueError(f"unknown sections {unknown}; choose from {list(SECTIONS)}")
            object.__setattr__(self, "sections", tuple(s for s in SECTIONS if s in self.sections))
        for name in ("actor", "term", "text"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, str(value).strip() or None)

    @property
    def narrows_documents(self) -> bool:
        return any(getattr(self, name) for name in ("start", "end", "sources", "doc_ids", "actor"))

    @property
    def narrows_sentences(self) -> bool:
        return bool(self.term or self.text)


@dataclasses.dataclass(frozen=True)
class Selection:
    """What the user picked in a panel: an actor, a term, and the document (and offset) the reader shows."""

    actor: str | None = None
    term: str | None = None
    doc_id: str | None = None
    start: int | None = None

    def __post_init__(self):
        for name in ("actor", "term", "doc_id"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, str(value).strip() or None)
        if self.start is not None:
            object.__setattr__(self, "start", int(self.start))


def _iso_day(value, name: str) -> str:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a date") from None
    if pd.isna(stamp):
        raise ValueError(f"{name}={value!r} is not a date")
    return f"{stamp:%Y-%m-%d}"


def unset_fields(values: dict, allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise TypeError(f"unknown {what} fields {unknown}; allowed: {list(allowed)}")


def state_code(f: Filter, s: Selection, *, source: str | None = None) -> str:
    """Python that rebuilds the workspace's tables with plain ``tk`` calls."""
    lines = ["import toolkit as tk", "", f"corpus = tk.load_corpus({source!r})" if source else "corpus = tk.load_corpus()",
             "tk.annotate(corpus)"]
    select = {k: v for k, v in {"start": f.start, "end": f.end, "sources": list(f.sources or []) or None,
                                "doc_ids": list(f.doc_ids or []) or None,
                                "sections": list(f.sections or []) or None}.items() if v}
    if select:
        lines.append("corpus = corpus.select(" + ", ".join(f"{k}={v!r}" for k, v in select.items()) + ")")
    lines += ["mentions = tk.mentions(corpus)"]
    if f.actor:
        lines.append(f"corpus = corpus.select(doc_ids=mentions.loc[mentions['actor'] == {f.actor!r}, 'doc_id'].unique())")
        lines.append("mentions = tk.mentions(corpus)")
    lines += ["events = tk.events(corpus, mentions=mentions)",
              "actors = tk.actors(corpus, mentions_table=mentions)",
              "quotes = tk.quotes(corpus, mentions_table=mentions, indirect=True)",
              "relations = tk.relations(corpus, mentions_table=mentions)",
              "keywords = tk.keywords(corpus)"]
    sentence_filter = []
    if f.term:
        sentence_filter.append(f"tk.kwic(corpus, {f.term!r})")
    if f.text:
        sentence_filter.append(f"corpus.sentences[corpus.sentences['text'].str.contains({f.text!r}, case=False)]")
    if sentence_filter:
        lines.append("# keep the rows whose sentence is among: " + "; ".join(sentence_filter))
    if s.actor:
        lines.append(f"events = events[events['actors'].map(lambda names: {s.actor!r} in names)]")
        lines.append(f"quotes = quotes[quotes['speaker'] == {s.actor!r}]")
    term = s.term or f.term
    if term:
        lines.append(f"lines = tk.kwic(corpus, {term!r})")
        lines.append(f"trend = tk.term_trends(corpus, [{term!r}])")
    return "\n".join(lines) + "\n"


def plain(fields: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
