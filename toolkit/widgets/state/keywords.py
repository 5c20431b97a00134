"""The keywords explorer's state: the chosen method, terms and comparison, and the tables and figures of them."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import traitlets

from toolkit.concordance import count_matches, kwic
from toolkit.dispersion import dispersion, term_trends
from toolkit.keywords import METHODS, PHRASES, keywords, split_by_date
from toolkit.plots.keywords import plot_dispersion, plot_keywords, plot_trends
from toolkit.schemas import empty
from toolkit.tokenize import stopwords as toolkit_stopwords
from toolkit.widgets.state.lens import LensState

NO_COMPARISON, DATE_SPLIT = "none", "date"


DETAIL_PLOTS = ("dispersion", "trend")


KWIC_LINES = 500  # lines shown; more would only slow the page down


METHOD_LABELS = {
    "keyness": "keyness (G²)",
    "log_ratio": "log ratio",
    "tfidf": "TF-IDF",
    "frequency": "frequency",
}


_NOT_COMPARABLE = {"doc_id", "title", "published", "url", "path", "text", "n_sentences", "n_tokens", "content_hash"}


def comparison_columns(corpus) -> list[str]:
    """Documents columns that can split a corpus into sub-corpora (source and metadata)."""
    docs = corpus.documents
    return [c for c in docs.columns if c not in _NOT_COMPARABLE and 1 < docs[c].astype(str).nunique() <= 50]


def middle_date(corpus) -> str:
    """The median publication date (YYYY-MM-DD), a sensible first split; "" if nothing is dated."""
    dates = pd.to_datetime(corpus.documents["published"]).dropna()
    return "" if dates.empty else f"{dates.sort_values().iloc[len(dates) // 2]:%Y-%m-%d}"


class KeywordsState(LensState):
    """What the keywords explorer shows; no widgets here, so it can be tested and reused on its own.

    The corpus, the sections and the document filter are the workspace's (see
    :class:`~toolkit.widgets.state.lens.LensState`): keywords, KWIC and the detail plots count the filtered documents.
    """

    method = traitlets.Enum(METHODS, default_value="keyness")
    ngram_range = traitlets.Tuple(traitlets.Int(), traitlets.Int(), default_value=(1, 3))
    remove_stopwords = traitlets.Bool(True)
    extra_stopwords = traitlets.Unicode("")
    compare = traitlets.Unicode(NO_COMPARISON)
    split_date = traitlets.Unicode("")
    top_n = traitlets.Int(25, min=1, max=500)
    min_count = traitlets.Int(2, min=1)
    phrases = traitlets.Enum(PHRASES, default_value="clean")
    query = traitlets.Unicode("")
    regex = traitlets.Bool(False)
    selected = traitlets.List(traitlets.Unicode(), default_value=[])
    detail = traitlets.Enum(DETAIL_PLOTS, default_value="dispersion")

    @traitlets.validate("compare")
    def _known_comparison(self, proposal):
        allowed = [NO_COMPARISON, DATE_SPLIT, *comparison_columns(self.corpus)] if self.corpus else None
        if allowed and proposal.value not in allowed:
            raise traitlets.TraitError(f"compare={proposal.value!r} is not one of {allowed}")
        return proposal.value

    @traitlets.observe("corpus")
    def _new_corpus(self, change):
        self.split_date = middle_date(change.new)
        if self.compare not in (NO_COMPARISON, DATE_SPLIT, *comparison_columns(change.new)):
            self.compare = NO_COMPARISON

    def stopword_setting(self):
        """``False`` or the set of stop words, the toolkit's list plus the user's."""
        if not self.remove_stopwords:
            return False
        extra = [w for w in self.extra_stopwords.replace(",", " ").split() if w]
        return toolkit_stopwords(extra) if extra else True

    def by(self):
        """The ``by=`` argument of :func:`toolkit.keywords` for the chosen comparison."""
        if self.compare == NO_COMPARISON:
            return None
        if self.compare == DATE_SPLIT:
            if not self.split_date:
                raise ValueError("the corpus has no dated documents to split; choose another comparison")
            return split_by_date(self.view(), self.split_date)
        return self.compare

    def table(self) -> pd.DataFrame:
        """The keyword table for the current settings."""
        return keywords(
            self.view(), method=self.method, top_n=self.top_n, ngram_range=self.ngram_range,
            by=self.by(), stopwords=self.stopword_setting(), min_count=self.min_count, phrases=self.phrases,
        )

    def figure(self, table: pd.DataFrame | None = None) -> go.Figure:
        table = self.table() if table is None else table
        return plot_keywords(table, method=self.method, title=self.title())

    def title(self) -> str:
        where = self.corpus.name if self.corpus is not None else ""
        versus = {NO_COMPARISON: "", DATE_SPLIT: f", before vs after {self.split_date}"}.get(
            self.compare, f", by {self.compare}")
        return f"Keywords by {METHOD_LABELS[self.method]}: {where}{versus}"

    def kwic_table(self) -> pd.DataFrame:
        """KWIC lines of the search query (empty when there is none)."""
        if not self.query.strip():
            return empty("kwic")
        return kwic(self.view(), self.query, regex=self.regex, limit=KWIC_LINES)

    def kwic_count(self) -> int:
        """All occurrences of the search query (the table shows the first :data:`KWIC_LINES`)."""
        return count_matches(self.view(), self.query, regex=self.regex) if self.query.strip() else 0

    def detail_figure(self) -> go.Figure:
        """Dispersion (by corpus offset) or monthly trend of the selected terms."""
        terms = list(self.selected)
        if self.detail == "trend":
            return plot_trends(term_trends(self.view(), terms, freq="month"), freq="month",
                               title="Trend of " + (", ".join(terms) or "(select terms)"))
        return plot_dispersion(dispersion(self.view(), terms),
                               title="Dispersion of " + (", ".join(terms) or "(select terms)"))

    def select_term(self, term: str) -> None:
        """Select a term: add it to the plotted terms and search for it."""
        if term not in self.selected:
            self.selected = [*self.selected, term]
        self.regex = False
        self.query = term

    def settings(self) -> dict:
        """The lens's own settings (:meth:`params` adds the workspace's filter and selection)."""
        return {
            "method": self.method, "ngram_range": list(self.ngram_range), "remove_stopwords": self.remove_stopwords,
            "extra_stopwords": self.extra_stopwords, "compare": self.compare, "split_date": self.split_date,
            "sections": list(self.sections), "top_n": self.top_n, "min_count": self.min_count, "phrases": self.phrases,
            "query": self.query, "selected": list(self.selected), "detail": self.detail,
        }
