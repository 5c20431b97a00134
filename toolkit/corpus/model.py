"""The loaded corpus: :class:`Corpus`, its tidy tables and what is kept beside them, and :func:`select` for views."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.frames import is_in
from toolkit.schemas import SECTIONS, empty


class CorpusWarning(UserWarning):
    """Some inputs could not be loaded, or loaded with problems; see ``corpus.skipped``."""


@dataclass(frozen=True, eq=False)
class Corpus:
    """A loaded corpus: one tidy table per unit. Build it with :func:`load_corpus`.

    Attributes:
        documents: one row per document (see ``toolkit.schemas``).
        sentences: one row per sentence.
        tokens: one row per token.
        skipped: one row per input problem (``path``, ``reason``).
        name: a short label, e.g. the folder name.
        derived_dir: where arrays derived from these tables (token index, term
            counts) may be cached on disk, inside the corpus's Parquet cache;
            None (records, ``cache=False``, selections): nothing is written.
        annotation_root: the cache folder that holds the annotation store
            (:attr:`store`); None: a temporary store that goes with the corpus.
        parent: for a view made by :func:`select`, the corpus it was cut from.
            Corpus-wide steps (alias resolution, type votes) run over the parent,
            so a view names every mention as its corpus does.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    skipped: pd.DataFrame = field(default_factory=lambda: empty("skipped"))
    name: str = ""
    derived_dir: Path | None = field(default=None, repr=False)
    annotation_root: Path | None = field(default=None, repr=False)
    parent: Corpus | None = field(default=None, repr=False)

    @property
    def whole(self) -> Corpus:
        """The corpus this one is a view of (itself when it is no view)."""
        return self.parent if self.parent is not None else self

    @functools.cached_property
    def store(self):
        """The annotation store every lens reads (:mod:`toolkit.annotate.store`), shared with the parent."""
        if self.parent is not None:
            return self.parent.store
        from toolkit.annotate.store import AnnotationStore

        return AnnotationStore(self.annotation_root)

    @functools.cached_property
    def doc_keys(self) -> pd.Series:
        """``doc_id -> doc_key``: the key of each document's stored annotations."""
        if self.parent is not None:
            return self.parent.doc_keys.reindex(self.documents["doc_id"])
        from toolkit.annotate.store import document_keys

        return document_keys(self.documents, self.sentences)

    @functools.cached_property
    def derived(self):
        """What is computed from the tables and kept while the corpus lives (:mod:`toolkit.corpus.derived`)."""
        from toolkit.corpus.derived import DerivedData

        return DerivedData()

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        return (
            f"<Corpus {self.name!r}: {len(self.documents)} documents, {len(self.sentences)} sentences, "
            f"{len(self.tokens)} tokens, {len(self.skipped)} problems>"
        )

    def select(self, **filters) -> Corpus:
        """A view of this corpus; see :func:`select` for the filters."""
        return select(self, **filters)

    def fingerprint(self) -> dict:
        """Doc ids and one hash over their contents, to trace an export back to its data."""
        digest = hashlib.sha256("\n".join(self.documents["content_hash"].astype(str)).encode()).hexdigest()
        return {
            "name": self.name,
            "n_documents": len(self.documents),
            "doc_ids": self.documents["doc_id"].astype(str).tolist(),
            "content_hash": digest,
        }


def select(
    corpus: Corpus,
    *,
    start=None,
    end=None,
    doc_ids: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    sections: Iterable[str] | None = None,
    include_undated: bool = False,
) -> Corpus:
    """Filter a corpus by date range, ids, source or sentence section.

    Args:
        corpus: the corpus to filter (or a view of one).
        start: first publication date to keep (inclusive); anything ``pd.Timestamp`` accepts.
        end: last publication date to keep (inclusive, whole day when no time is given).
        doc_ids: keep only these documents.
        sources: keep only documents whose ``source`` is one of these.
        sections: keep only sentences (and their tokens) of these sections,
            e.g. ``("headline", "body")`` to leave captions out. The result is then a
            :class:`~toolkit.corpus.views.SectionView`, made in milliseconds and kept by
            the corpus (see there for what keyword tables count in it). Documents keep
            their full text. On a section view, the sections both keep.
        include_undated: with a date range, also keep documents whose date is unknown.

    Returns:
        A :class:`Corpus` view sharing no mutable state with ``corpus``; corpus-wide
        steps (alias resolution, type votes) still run over the whole corpus.

    Raises:
        ValueError: an unknown section, or ``start`` after ``end``.

    Example:
        >>> body_only = select(load_corpus(), sections=("headline", "body"))  # doctest: +SKIP
    """
    from toolkit.corpus.views import SectionView, section_view

    if sections is not None:
        sections = _known_sections(sections)
    if isinstance(corpus, SectionView):
        sections = corpus.sections if sections is None else tuple(s for s in corpus.sections if s in sections)
        corpus = corpus.corpus
    narrows_documents = any(v is not None for v in (start, end, doc_ids, sources))
    if sections is None or narrows_documents:
        corpus = copied_selection(corpus, start=start, end=end, doc_ids=doc_ids, sources=sources,
                                  include_undated=include_undated)
    return corpus if sections is None else section_view(corpus, sections)


def _known_sections(sections) -> tuple[str, ...]:
    wanted = _as_list(sections, "sections")
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        raise ValueError(f"unknown sections {unknown}; choose from {list(SECTIONS)}")
    return tuple(s for s in SECTIONS if s in wanted)


def copied_selection(
    corpus: Corpus,
    *,
    start=None,
    end=None,
    doc_ids: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    sections: Iterable[str] | None = None,
    include_undated: bool = False,
) -> Corpus:
    """:func:`select` with every table copied, sections too: a plain :class:`Corpus` whose tables are its own.

    A section view's ``sentences`` and ``tokens`` are made with it; it is also the
    reference the section view is tested against.
    """
    docs = corpus.documents
    keep = pd.Series(True, index=docs.index)
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    if hi is not None and hi == hi.normalize():
        hi = hi + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start {start} is after end {end}")
    if lo is not None or hi is not None:
        dated = docs["published"].notna()
        in_range = dated & (docs["published"] >= (lo if lo is not None else pd.Timestamp.min))
        in_range &= docs["published"] <= (hi if hi is not None else pd.Timestamp.max)
        keep &= in_range | (~dated & include_undated)
    if doc_ids is not None:
        keep &= is_in(docs["doc_id"], _as_list(doc_ids, "doc_ids"))
    if sources is not None:
        keep &= docs["source"].isin(_as_list(sources, "sources"))
    kept_docs = docs[keep].reset_index(drop=True)
    ids = kept_docs["doc_id"]
    sents = corpus.sentences[is_in(corpus.sentences["doc_id"], ids)]
    toks = corpus.tokens[is_in(corpus.tokens["doc_id"], ids)]
    if sections is not None:
        wanted = _known_sections(sections)
        sents = sents[sents["section"].isin(wanted)]
        toks = toks[toks["section"].isin(wanted)]
    return Corpus(kept_docs, sents.reset_index(drop=True), toks.reset_index(drop=True), corpus.skipped, corpus.name,
                  annotation_root=corpus.annotation_root, parent=corpus.whole)


def _as_list(values, what: str) -> list:
    if isinstance(values, str):
        return [values]
    try:
        return list(values)
    except TypeError:
        raise TypeError(f"{what} must be a string or an iterable of strings, not {type(values).__name__}") from None
