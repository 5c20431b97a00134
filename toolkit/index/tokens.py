"""Keyword in context: every occurrence of a word, phrase or pattern with its surroundings.

Queries match whole tokens of the corpus's ``tokens`` table, so "Sokha" never
matches inside "Sokhon". A query is split into tokens the way documents are
("Cambodia's" is "Cambodia" + "'s"); a token with ``*`` or ``?`` is a wildcard
(``arrest*``); with ``regex=True`` each whitespace-separated part is a regular
expression that must match a whole token.
"""
from __future__ import annotations

import collections
import fnmatch
import functools
import html
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit import arraycache
from toolkit.schemas import empty
from toolkit.tokenize import word_spans

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_WILDCARD = re.compile(r"[*?]")
_SPACES = re.compile(r"\s+")


def query_patterns(query: str, *, regex: bool = False) -> list[tuple[str, str]]:
    """The per-token tests a query stands for: ``("exact", word)`` or ``("regex", pattern)``.

    Example:
        >>> query_patterns("Hun Sen")
        [('exact', 'Hun'), ('exact', 'Sen')]
        >>> query_patterns("arrest*")
        [('regex', 'arrest.*')]
    """
    if not isinstance(query, str) or not query.strip():
        raise ValueError(f"query must be a non-empty string, got {query!r}")
    patterns = []
    for part in query.translate(_APOSTROPHES).split():
        if regex:
            try:
                re.compile(part)
            except re.error as err:
                raise ValueError(f"query part {part!r} is not a valid regular expression: {err}") from None
            patterns.append(("regex", part))
        elif _WILDCARD.search(part):
            patterns.append(("regex", fnmatch.translate(part)[4:-3]))  # strip "(?s:" and ")\\Z"
        else:
            patterns.extend(("exact", part[s:e]) for s, e in word_spans(part))
    return patterns


def ordered_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` with each document's rows together in tok_id order (sorted only if needed)."""
    docs, tok = tokens["doc_id"].to_numpy(), tokens["tok_id"].to_numpy()
    new_doc = np.r_[True, docs[1:] != docs[:-1]] if len(docs) else np.zeros(0, bool)
    if new_doc.sum() == pd.unique(docs).size and ((tok[1:] > tok[:-1]) | new_doc[1:]).all():
        return tokens.reset_index(drop=True)
    return tokens.sort_values(["doc_id", "tok_id"], kind="stable", ignore_index=True)


@dataclass(frozen=True, eq=False)
class TokenIndex:
    """A corpus's tokens as integer arrays, built once per tokens table (see :func:`token_index`).

    String columns of millions of rows are slow to compare; word codes are not.

    Attributes:
        tokens: the tokens table, each document's rows together in tok_id order
            (None for a :meth:`subset`).
        words: code of each token's lower-cased text in ``vocab``.
        vocab: the distinct lower-cased texts.
        run: number of the document run each token belongs to (0, 1, ... in table order).
        run_starts: row of each run's first token; ``run_rows``: its row in ``documents``.
        sent, tok, start, end: the tokens' sent_id, tok_id and offsets.
        is_stop, is_punct: the tokens' flags.
        doc_ids: ``documents.doc_id`` in order.
        section: code of each token's sentence section in ``section_names``.
    """

    tokens: pd.DataFrame | None
    words: np.ndarray
    vocab: np.ndarray
    run: np.ndarray
    run_starts: np.ndarray
    run_rows: np.ndarray
    sent: np.ndarray
    tok: np.ndarray
    start: np.ndarray
    end: np.ndarray
    is_stop: np.ndarray
    is_punct: np.ndarray
    doc_ids: np.ndarray
    section: np.ndarray
    section_names: np.ndarray
    _lazy: dict = field(default_factory=dict, repr=False)

    @property
    def rows(self) -> np.ndarray:
        """Row in ``documents`` of every token (-1 for a doc_id not in ``documents``)."""
        if "rows" not in self._lazy:
            self._lazy["rows"] = self.run_rows[self.run]
        return self._lazy["rows"]

    def doc_id_column(self, rows: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """``doc_ids`` at ``rows``, as a table's string column (taken from a string array kept once:
        converting tens of thousands of Python strings for every table takes milliseconds each time)."""
        if "doc_id_array" not in self._lazy:
            self._lazy["doc_id_array"] = pd.array(self.doc_ids, dtype="str")
        return self._lazy["doc_id_array"].take(np.asarray(rows, dtype=np.intp))

    def normal_vocab(self) -> pd.Series:
        """The vocabulary with curly apostrophes made straight."""
        if "normal" not in self._lazy:
            self._lazy["normal"] = pd.Series(self.vocab, dtype=object).str.translate(_APOSTROPHES)
        return self._lazy["normal"]

    def cased(self) -> tuple[np.ndarray, pd.Series]:
        """Codes and vocabulary of the tokens' text as written (for case-sensitive search)."""
        if "cased" not in self._lazy and "parent" in self._lazy:
            parent, keep = self._lazy["parent"]
            codes, uniques = parent.cased()
            self._lazy["cased"] = (codes[keep], uniques)
        if "cased" not in self._lazy:
            codes, uniques = pd.factorize(self.tokens["text"])
            self._lazy["cased"] = (codes, pd.Series(np.asarray(uniques, dtype=object)).str.translate(_APOSTROPHES))
        return self._lazy["cased"]

    def capitalised(self) -> np.ndarray:
        """Per token, whether it is written with a capital (its text differs from ``lower``)."""
        if "capitalised" not in self._lazy and "parent" in self._lazy:
            parent, keep = self._lazy["parent"]
            self._lazy["capitalised"] = parent.capitalised()[keep]
        if "capitalised" not in self._lazy:
            import pyarrow as pa
            import pyarrow.compute as pc

            text, lower = (pa.array(self.tokens[c].array) for c in ("text", "lower"))  # Arrow: 10x faster than Python
            self._lazy["capitalised"] = pc.not_equal(text, lower).to_numpy(zero_copy_only=False).astype(bool)
        return self._lazy["capitalised"]

    def matches(self, query: str, *, regex: bool = False, case_sensitive: bool = False) -> np.ndarray:
        """:func:`match_tokens` of this index, remembered for the latest queries (read-only).

        Selecting a term runs the same query for its KWIC lines, their count and
        its dispersion; each pass over millions of tokens takes tens of ms.
        """
        remembered = self._lazy.setdefault("matches", collections.OrderedDict())
        key = (query, bool(regex), bool(case_sensitive))
        if key in remembered:
            remembered.move_to_end(key)
        else:
            found = match_tokens(self, query, regex=regex, case_sensitive=case_sensitive)
            found.flags.writeable = False  # shared by every caller
            remembered[key] = found
            while len(remembered) > _REMEMBERED_QUERIES:
                remembered.popitem(last=False)
        return remembered[key]

    def per_document(self, counted: np.ndarray) -> np.ndarray:
        """How many tokens of each row of ``documents`` are True in ``counted`` (one bool per token).

        Summed per run of a document's tokens, then per document: no temporary as
        long as the tokens (each costs tens of ms on millions of them).
        """
        if len(self.run_starts) == 0:
            return np.zeros(len(self.doc_ids), np.int64)
        per_run = np.add.reduceat(counted, self.run_starts, dtype=np.int64)
        listed = self.run_rows >= 0  # tokens of a doc_id missing from documents count nowhere
        per_doc = np.bincount(self.run_rows[listed], weights=per_run[listed], minlength=len(self.doc_ids))
        return per_doc.astype(np.int64)  # whole numbers far below 2**53: exact in float64

    def word_counts(self) -> np.ndarray:
        """Word tokens (not punctuation) of each row of ``documents``, counted once."""
        if "word_counts" not in self._lazy:
            self._lazy["word_counts"] = self.per_document(~self.is_punct)
        return self._lazy["word_counts"]

    def in_sections(self, sections) -> np.ndarray:
        """Per token, whether its sentence belongs to one of ``sections``."""
        wanted = np.isin(self.section_names, list(sections))
        # Comparing codes is three times quicker than looking each token's code up.
        if wanted.sum() <= len(wanted) // 2:
            return functools.reduce(np.logical_or, (self.section == c for c in np.flatnonzero(wanted)),
                                    np.zeros(len(self.section), bool))
        return functools.reduce(np.logical_and, (self.section != c for c in np.flatnonzero(~wanted)),
                                np.ones(len(self.section), bool))

    def section_positions(self, name: str) -> np.ndarray:
        """Rows of the tokens whose sentence is in section ``name``, in order (found once per section)."""
        key = ("section_positions", name)
        if key not in self._lazy:
            codes = np.flatnonzero(self.section_names == name)
            self._lazy[key] = np.flatnonzero(self.section == codes[0]) if len(codes) else np.zeros(0, np.int64)
        return self._lazy[key]

    def rows_at(self, positions: np.ndarray) -> np.ndarray:
        """Row in ``documents`` of the tokens at ``positions`` (-1 for a doc_id not in ``documents``)."""
        return self.run_rows[self.run[positions]]

    def per_document_at(self, positions: np.ndarray) -> np.ndarray:
        """How many of the tokens at ``positions`` each row of ``documents`` holds (a few tokens: no full pass)."""
        rows = self.rows_at(positions)
        return np.bincount(rows[rows >= 0], minlength=len(self.doc_ids)).astype(np.int64)

    def subset(self, keep: np.ndarray) -> TokenIndex:
        """The index of the tokens where ``keep`` is True (no string work: arrays are filtered)."""
        run = self.run[keep]
        new_run = np.r_[True, run[1:] != run[:-1]] if len(run) else np.zeros(0, bool)
        starts = np.flatnonzero(new_run)
        sub = TokenIndex(
            tokens=None, words=self.words[keep], vocab=self.vocab, run=np.cumsum(new_run) - 1,
            run_starts=starts, run_rows=self.run_rows[run[starts]], sent=self.sent[keep], tok=self.tok[keep],
            start=self.start[keep], end=self.end[keep], is_stop=self.is_stop[keep],
            is_punct=self.is_punct[keep], doc_ids=self.doc_ids, section=self.section[keep],
            section_names=self.section_names,
        )
        sub._lazy["parent"] = (self, keep)
        if "normal" in self._lazy:
            sub._lazy["normal"] = self._lazy["normal"]
        return sub

    def bounds(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the first and last token of the document holding each position."""
        run = self.run[positions]
        run_ends = np.r_[self.run_starts[1:], len(self.words)] - 1
        return self.run_starts[run], run_ends[run]


_index_cache: collections.OrderedDict = collections.OrderedDict()
_REMEMBERED_QUERIES = 8


class SectionView:
    """A corpus restricted to some sentence sections, for the lens functions, made in milliseconds.

    ``corpus.select(sections=...)`` copies the string tables; this view is a
    mask over the corpus's :class:`TokenIndex`, which is all that :func:`kwic`,
    :func:`toolkit.keywords`, :func:`toolkit.dispersion` and
    :func:`toolkit.term_trends` read. Matches are those inside the chosen
    sections; their context, relative position and offset are read in the whole
    document, as written. Keyword terms and their traits (names, terms inside
    longer terms) are those of the whole corpus, counted in the chosen sections
    (see :func:`toolkit.keywords`). ``tokens`` and ``sentences`` are made (with
    ``corpus.select``) only if something else asks for them.

    Attributes:
        full: the corpus's token index.
        keep: per token of ``full``, whether it is in the chosen sections.
    """

    def __init__(self, corpus, sections):
        self.corpus, self.sections = corpus, tuple(sections)
        self.documents, self.name = corpus.documents, getattr(corpus, "name", "")
        self.full = token_index(corpus)
        self.keep = self.full.in_sections(self.sections)
        self._index = None
        self._word_counts = None
        self._selected = None

    @property
    def whole(self):
        """The corpus the annotation lenses resolve names over (as for ``corpus.select`` views)."""
        return getattr(self.corpus, "whole", self.corpus)

    @property
    def index(self) -> TokenIndex:
        """The index of the kept tokens alone (built on first use: a copy of every array)."""
        if self._index is None:
            self._index = self.full.subset(self.keep)
        return self._index

    def word_counts(self) -> np.ndarray:
        """Word tokens (not punctuation) of each row of ``documents`` inside the chosen sections."""
        if self._word_counts is None:
            full = self.full
            if self.few_left_out():  # subtract the left-out sections' words, found once per section
                self._word_counts = full.word_counts() - sum(
                    full.per_document_at(at[~full.is_punct[at]])
                    for at in map(full.section_positions, self.dropped_sections())
                )
            else:  # most tokens left out: one pass, no large section's positions kept
                self._word_counts = full.per_document(self.keep & ~full.is_punct)
        return self._word_counts

    def few_left_out(self) -> bool:
        """Whether the view leaves out at most half the tokens: then the left-out side is the cheaper to count."""
        return len(self.keep) - np.count_nonzero(self.keep) <= len(self.keep) // 2

    def dropped_sections(self) -> list[str]:
        """The corpus's sections that the view leaves out."""
        return [name for name in self.full.section_names if name not in self.sections]

    def _select(self):
        if self._selected is None:
            self._selected = self.corpus.select(sections=self.sections)
        return self._selected

    @property
    def tokens(self) -> pd.DataFrame:
        return self._select().tokens

    @property
    def sentences(self) -> pd.DataFrame:
        return self._select().sentences

    def fingerprint(self) -> dict:
        return self.corpus.fingerprint()


def occurrences(corpus, query: str, *, regex: bool = False, case_sensitive: bool = False):
    """The token index to read and the rows of it where matches of ``query`` start.

    For a :class:`SectionView`, the rows are those of the whole corpus's index
    whose match lies inside the chosen sections.

    Returns:
        ``(index, first)``; ``first`` is read-only when it is the index's remembered answer.
    """
    if isinstance(corpus, SectionView):
        index = corpus.full
        first = index.matches(query, regex=regex, case_sensitive=case_sensitive)
        last = first + len(query_patterns(query, regex=regex)) - 1
        return index, first[corpus.keep[first] & corpus.keep[last]]
    index = token_index(corpus)
    return index, index.matches(query, regex=regex, case_sensitive=case_sensitive)


def word_counts(corpus) -> np.ndarray:
    """Word tokens (not punctuation) of each row of ``corpus.documents``."""
    return corpus.word_counts() if isinstance(corpus, SectionView) else token_index(corpus).word_counts()


def token_index(corpus) -> TokenIndex:
    """The :class:`TokenIndex` of ``corpus.tokens``, cached for the same tables."""
    if isinstance(corpus, SectionView):
        return corpus.index
    tokens, documents = corpus.tokens, corpus.documents
    key = (id(tokens), len(tokens), id(documents))
    if key in _index_cache:
        _index_cache.move_to_end(key)
        return _index_cache[key][2]
    index = _stored_index(corpus, tokens, documents)
    # The tables are kept alongside so their id() cannot be reused while cached.
    _index_cache[key] = (tokens, documents, index)
    while len(_index_cache) > 4:
        _index_cache.popitem(last=False)
    return index


_SAMPLE = 64  # tokens whose text is compared with a stored index before it is used


def _stored_index(corpus, tokens: pd.DataFrame, documents: pd.DataFrame) -> TokenIndex:
    """:func:`_build_index`, read from the corpus's disk cache when it holds a current copy, else written there.

    Factorizing millions of lower-cased tokens takes seconds; reading the codes back a fraction.
    """
    where = arraycache.corpus_identity(corpus)
    if where is None:
        return _build_index(tokens, documents)
    folder, key = where
    found = arraycache.read(folder, "index", key, TokenIndex, skip=("tokens",), generation=key)
    if found is not None:
        fields, notes = found
        ordered = ordered_tokens(tokens) if notes.get("reordered") else tokens.reset_index(drop=True)
        index = TokenIndex(tokens=ordered, **fields)
        if _belongs_to(index, ordered, documents):
            return index
    in_order = _doc_order(tokens)[3]
    index = _build_index(tokens, documents)
    # One index per corpus folder is current; older ones (other code, changed files) only take room.
    arraycache.write(
        folder, "index", key, index, skip=("tokens",), extra={"reordered": not in_order}, keep=1, generation=key
    )
    return index


def _belongs_to(index: TokenIndex, tokens: pd.DataFrame, documents: pd.DataFrame) -> bool:
    """Cheap checks that a stored index is that of these tables: sizes, doc_ids, tok_ids, a sample of words."""
    if len(index.words) != len(tokens) or not np.array_equal(index.doc_ids, documents["doc_id"].to_numpy(dtype=object)):
        return False
    if not np.array_equal(index.tok, tokens["tok_id"].to_numpy()):
        return False
    sample = np.unique(np.linspace(0, len(tokens) - 1, num=min(_SAMPLE, len(tokens))).astype(np.int64))
    # One cell at a time: taking rows of a chunked Arrow column can copy it whole.
    lower, doc_id = tokens["lower"], tokens["doc_id"]
    rows = index.rows_at(sample)  # not index.rows: that is made for every token
    listed = rows >= 0  # tokens of a doc_id missing from documents have no row to compare
    return (
        index.vocab[index.words[sample]].tolist() == [lower.iat[int(i)] for i in sample]
        and index.doc_ids[rows[listed]].tolist() == [doc_id.iat[int(i)] for i in sample[listed]]
    )


def _doc_runs(tokens: pd.DataFrame) -> tuple[np.ndarray, list]:
    """Where each run of equal doc_id starts, and the runs' doc_ids (compared in Arrow: fast)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(tokens) == 0:
        return np.zeros(0, bool), []
    docs = pa.array(tokens["doc_id"].array)  # zero-copy when the column is Arrow-backed
    if isinstance(docs, pa.ChunkedArray):
        docs = docs.combine_chunks()
    change = pc.not_equal(docs.slice(1), docs.slice(0, len(docs) - 1)).to_numpy(zero_copy_only=False)
    new_doc = np.r_[True, change.astype(bool)]
    return new_doc, docs.take(pa.array(np.flatnonzero(new_doc))).to_pylist()


def _doc_order(tokens: pd.DataFrame) -> tuple[np.ndarray, list, np.ndarray, bool]:
    """Where doc_id runs start, their doc_ids, the tok_ids, and whether each document is one run in tok_id order."""
    new_doc, names = _doc_runs(tokens)
    tok = tokens["tok_id"].to_numpy(np.int64)
    return new_doc, names, tok, len(set(names)) == len(names) and bool(((tok[1:] > tok[:-1]) | new_doc[1:]).all())


def _build_index(tokens: pd.DataFrame, documents: pd.DataFrame) -> TokenIndex:
    new_doc, names, tok, in_order = _doc_order(tokens)
    if not in_order:
        tokens = ordered_tokens(tokens)
        new_doc, names, tok, _ = _doc_order(tokens)
    tokens = tokens.reset_index(drop=True)
    words, vocab = pd.factorize(tokens["lower"])
    section, section_names = pd.factorize(tokens["section"])
    doc_ids = documents["doc_id"].to_numpy(dtype=object)
    return TokenIndex(
        tokens=tokens,
        words=words.astype(np.int64),
        vocab=np.asarray(vocab, dtype=object),
        run=np.cumsum(new_doc) - 1,
        run_starts=np.flatnonzero(new_doc),
        run_rows=pd.Index(doc_ids).get_indexer(names).astype(np.int64),
        sent=tokens["sent_id"].to_numpy(np.int64),
        tok=tok,
        start=tokens["start"].to_numpy(np.int64),
        end=tokens["end"].to_numpy(np.int64),
        is_stop=tokens["is_stop"].to_numpy(bool),
        is_punct=tokens["is_punct"].to_numpy(bool),
        doc_ids=doc_ids,
        section=section.astype(np.int16),
        section_names=np.asarray(section_names, dtype=object),
    )


def match_tokens(index: TokenIndex, query: str, *, regex: bool = False, case_sensitive: bool = False) -> np.ndarray:
    """Rows of ``index`` where a match of ``query`` starts (it spans ``len(query_patterns(query))`` tokens).

    Args:
        index: the corpus's :func:`token_index`.
        query: word, phrase, wildcard or (with ``regex``) regular expressions.
        regex: treat each whitespace-separated part as a regular expression.
        case_sensitive: compare with the text as written instead of lower-cased.
    """
    patterns = query_patterns(query, regex=regex)
    codes, vocab = index.cased() if case_sensitive else (index.words, index.normal_vocab())
    flags = 0 if case_sensitive else re.IGNORECASE
    n, size = len(patterns), len(codes)
    span = max(size - n + 1, 0)
    hit = np.ones(span, bool)
    for k, (kind, value) in enumerate(patterns):
        # Test each distinct word once, then look the answer up for every token.
        if kind == "exact":
            known = (vocab == (value if case_sensitive else value.lower())).to_numpy(bool)
        else:
            known = vocab.str.fullmatch(value, flags=flags).to_numpy(bool)
        hit &= known[codes[k : span + k]]
        if k:
            hit &= index.run[k : span + k] == index.run[:span]
    return np.flatnonzero(hit)


def kwic(
    corpus, query: str, *, window: int = 8, regex: bool = False, case_sensitive: bool = False, limit: int | None = None
) -> pd.DataFrame:
    """Every occurrence of ``query`` with ``window`` tokens of context on each side.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one.
        query: a word ("Sokha"), a phrase ("hun sen"), a wildcard ("arrest*")
            or, with ``regex=True``, regular expressions ("arrest(ed|s)?").
        window: tokens of context on each side (within the document).
        regex: opt in to regular expressions.
        case_sensitive: match the case as written.
        limit: return only the first ``limit`` occurrences (``None`` for all);
            :func:`count_matches` counts them all cheaply.

    Returns:
        ``doc_id, sent_id, start, end, left, match, right, tok_id``,
        one row per occurrence in corpus order. Offsets point into
        ``documents.text``; context has its whitespace collapsed. For a
        :class:`SectionView`, the occurrences inside its sections, with their
        context as the document has it.

    Example:
        >>> import toolkit as tk
        >>> len(tk.kwic(tk.load_corpus(), "Sokha"))  # doctest: +SKIP
        5
    """
    if int(window) < 0:
        raise ValueError(f"window must be 0 or more tokens, got {window!r}")
    index, first = occurrences(corpus, query, regex=regex, case_sensitive=case_sensitive)
    if limit is not None:
        first = first[: max(int(limit), 0)]
    if len(first) == 0:
        return empty("kwic").assign(tok_id=pd.Series(dtype="int64"))
    last = first + len(query_patterns(query, regex=regex)) - 1
    doc_first, doc_last = index.bounds(first)
    left_from = np.maximum(first - int(window), doc_first)
    right_to = np.minimum(last + int(window), doc_last)
    starts, ends = index.start, index.end
    rows = index.rows_at(first)
    # Only the documents with a line: converting every text to Python strings takes tens of ms.
    text_column = corpus.documents["text"]
    wanted = np.unique(rows)
    texts = dict(zip(wanted.tolist(), text_column.take(wanted).tolist()))
    lines = [
        (
            _squash(texts[r][starts[lf] : starts[f]]),
            _squash(texts[r][starts[f] : ends[l]]),
            _squash(texts[r][ends[l] : ends[rt]]) if rt > l else "",
        )
        for r, f, l, lf, rt in zip(rows, first, last, left_from, right_to)
    ]
    left, match, right = zip(*lines)
    return pd.DataFrame(
        {
            "doc_id": index.doc_id_column(rows),
            "sent_id": index.sent[first],
            "start": starts[first],
            "end": ends[last],
            "left": list(left),
            "match": list(match),
            "right": list(right),
            "tok_id": index.tok[first],
        }
    )


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def kwic_html(df: pd.DataFrame, *, max_rows: int | None = 500) -> str:
    """Aligned KWIC lines as an HTML table, the match highlighted; all text escaped.

    Args:
        df: a table from :func:`kwic`.
        max_rows: show at most this many lines (``None`` for all); a note says how many were left out.

    Returns:
        An HTML string (for ``ipywidgets.HTML`` or ``IPython.display.HTML``).
        Document text is escaped, so ``<script>`` shows as text and never runs.
    """
    missing = [c for c in ("doc_id", "left", "match", "right") if c not in df.columns]
    if missing:
        raise ValueError(f"kwic_html needs a kwic table; missing columns {missing}")
    shown = df if max_rows is None else df.head(int(max_rows))
    esc = html.escape
    lines = [
        "<tr>"
        f'<td class="tk-kwic-doc">{esc(str(r.doc_id))}</td>'
        f'<td class="tk-kwic-left" style="text-align:right;white-space:nowrap;overflow:hidden;'
        f'text-overflow:ellipsis;direction:rtl;max-width:28em">&lrm;{esc(str(r.left))}&lrm;</td>'
        f'<td class="tk-kwic-match" style="text-align:center;white-space:nowrap">'
        f"<mark><b>{esc(str(r.match))}</b></mark></td>"
        f'<td class="tk-kwic-right" style="text-align:left;white-space:nowrap;overflow:hidden;'
        f'text-overflow:ellipsis;max-width:28em">{esc(str(r.right))}</td>'
        "</tr>"
        for r in shown.itertuples(index=False)
    ]
    note = ""
    if len(shown) < len(df):
        note = f'<p class="tk-kwic-note">Showing {len(shown)} of {len(df)} lines.</p>'
    if not lines:
        return '<p class="tk-kwic-note">No matches.</p>'
    return (
        '<table class="tk-kwic" style="font-family:monospace;border-collapse:collapse;width:100%">'
        + "".join(lines)
        + "</table>"
        + note
    )


def count_matches(corpus, query: str, *, regex: bool = False, case_sensitive: bool = False) -> int:
    """How many times ``query`` occurs (as :func:`kwic` would list them), without building the lines."""
    return len(occurrences(corpus, query, regex=regex, case_sensitive=case_sensitive)[1])
