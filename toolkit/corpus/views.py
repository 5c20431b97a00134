"""The section filter: what ``corpus.select(sections=...)`` returns, a view made in milliseconds that every lens accepts."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from toolkit.corpus.derived import DerivedData, derived_of
from toolkit.corpus.model import Corpus, copied_selection
from toolkit.schemas import SECTIONS


class SectionView(Corpus):
    """A corpus restricted to some sentence sections (``corpus.select(sections=...)``).

    Copying the string tables of a large corpus takes seconds; this view is a
    mask over the corpus's :class:`~toolkit.index.TokenIndex`, which is all that
    :func:`toolkit.kwic`, :func:`toolkit.keywords`, :func:`toolkit.dispersion` and
    :func:`toolkit.term_trends` read. Matches are those inside the chosen
    sections; their context, relative position and offset are read in the whole
    document, as written. Keyword terms and their traits (names, terms inside
    longer terms) are those of the whole corpus, counted in the chosen sections
    (see :func:`toolkit.keywords`). ``tokens`` and ``sentences`` (what the
    annotation lenses read) are cut from the corpus's tables on first use.
    Documents keep their full text.

    Attributes:
        corpus: the corpus the view is of.
        sections: the sections kept, in reading order.
        full: the corpus's token index.
        keep: per token of ``full``, whether it is in the chosen sections.
    """

    def __init__(self, corpus: Corpus, sections):
        # Not the dataclass's __init__: the view holds no tables of its own until asked.
        fields = {
            "corpus": corpus, "sections": tuple(sections), "documents": corpus.documents, "skipped": corpus.skipped,
            "name": corpus.name, "derived_dir": None, "annotation_root": corpus.annotation_root,
            "parent": corpus.whole,
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"<SectionView {self.name!r}: {len(self.documents)} documents, sections {', '.join(self.sections)}>"

    @functools.cached_property
    def derived(self) -> DerivedData:
        """The view's own term matrices (the corpus keeps its token index)."""
        return DerivedData()

    @functools.cached_property
    def full(self):
        from toolkit.index.tokens import token_index

        return token_index(self.corpus)

    @functools.cached_property
    def keep(self) -> np.ndarray:
        return self.full.in_sections(self.sections)

    @functools.cached_property
    def index(self):
        """The index of the kept tokens alone (built on first use: a copy of every array)."""
        return self.full.subset(self.keep)

    def word_counts(self) -> np.ndarray:
        """Word tokens (not punctuation) of each row of ``documents`` inside the chosen sections."""
        return self._word_counts

    @functools.cached_property
    def _word_counts(self) -> np.ndarray:
        from toolkit.index.tokens import section_rows

        full = self.full
        if self.few_left_out():  # subtract the left-out sections' words, found once per section
            return full.word_counts() - sum(
                full.per_document_at(at[~full.is_punct[at]])
                for at in (section_rows(self.corpus, name) for name in self.dropped_sections())
            )
        return full.per_document(self.keep & ~full.is_punct)  # most tokens left out: one pass

    def few_left_out(self) -> bool:
        """Whether the view leaves out at most half the tokens: then the left-out side is the cheaper to count."""
        return len(self.keep) - np.count_nonzero(self.keep) <= len(self.keep) // 2

    def dropped_sections(self) -> list[str]:
        """The corpus's sections that the view leaves out."""
        return [name for name in self.full.section_names if name not in self.sections]

    @functools.cached_property
    def _tables(self) -> Corpus:
        return copied_selection(self.corpus, sections=self.sections)

    @property
    def tokens(self) -> pd.DataFrame:
        return self._tables.tokens

    @property
    def sentences(self) -> pd.DataFrame:
        return self._tables.sentences


def section_view(corpus: Corpus, sections) -> SectionView:
    """The :class:`SectionView` of ``corpus`` for ``sections``, made once and kept by the corpus (the latest
    few), so that the counts made for it are kept too. A view of a view keeps the sections both keep."""
    wanted = set(sections)
    if isinstance(corpus, SectionView):
        corpus, wanted = corpus.corpus, wanted & set(corpus.sections)
    ordered = tuple(s for s in SECTIONS if s in wanted)
    return derived_of(corpus).section_view(ordered, lambda: SectionView(corpus, ordered))
