"""The token index: a corpus's tokens as integer arrays, and the queries that search it.

Every keyword-lens table reads this index, never the string columns of
``tokens``: comparing word codes is fast, comparing millions of strings is not.

Queries match whole tokens of the corpus's ``tokens`` table, so "Sokha" never
matches inside "Sokhon". A query is split into tokens the way documents are
("Cambodia's" is "Cambodia" + "'s"); a token with ``*`` or ``?`` is a wildcard
(``arrest*``); with ``regex=True`` each whitespace-separated part is a regular
expression that must match a whole token.
"""
from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.corpus import arrays
from toolkit.corpus.derived import derived_of
from toolkit.corpus.views import SectionView
from toolkit.frames import sorted_unique
from toolkit.tokenize import word_spans

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_WILDCARD = re.compile(r"[*?]")


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
    """A corpus's tokens as integer arrays, built once per corpus (see :func:`token_index`).

    String columns of millions of rows are slow to compare; word codes are not.
    The arrays never change; what is computed from them on first use (a
    ``functools.cached_property``) stays with the index.

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
    _parent: tuple | None = field(default=None, repr=False)  # (index, keep) of a :meth:`subset`

    @functools.cached_property
    def rows(self) -> np.ndarray:
        """Row in ``documents`` of every token (-1 for a doc_id not in ``documents``)."""
        return self.run_rows[self.run]

    @functools.cached_property
    def _doc_id_array(self) -> pd.api.extensions.ExtensionArray:
        return pd.array(self.doc_ids, dtype="str")

    def doc_id_column(self, rows: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """``doc_ids`` at ``rows``, as a table's string column (taken from a string array kept once:
        converting tens of thousands of Python strings for every table takes milliseconds each time)."""
        return self._doc_id_array.take(np.asarray(rows, dtype=np.intp))

    def normal_vocab(self) -> pd.Series:
        """The vocabulary with curly apostrophes made straight."""
        return self._parent[0].normal_vocab() if self._parent else self._normal_vocab

    @functools.cached_property
    def _normal_vocab(self) -> pd.Series:
        return pd.Series(self.vocab, dtype=object).str.translate(_APOSTROPHES)

    def cased(self) -> tuple[np.ndarray, pd.Series]:
        """Codes and vocabulary of the tokens' text as written (for case-sensitive search)."""
        return self._cased

    @functools.cached_property
    def _cased(self) -> tuple[np.ndarray, pd.Series]:
        if self._parent:
            parent, keep = self._parent
            codes, uniques = parent.cased()
            return codes[keep], uniques
        codes, uniques = pd.factorize(self.tokens["text"])
        return codes, pd.Series(np.asarray(uniques, dtype=object)).str.translate(_APOSTROPHES)

    def capitalised(self) -> np.ndarray:
        """Per token, whether it is written with a capital (its text differs from ``lower``)."""
        return self._capitalised

    @functools.cached_property
    def _capitalised(self) -> np.ndarray:
        if self._parent:
            parent, keep = self._parent
            return parent.capitalised()[keep]
        import pyarrow as pa
        import pyarrow.compute as pc

        text, lower = (pa.array(self.tokens[c].array) for c in ("text", "lower"))  # Arrow: 10x faster than Python
        return pc.not_equal(text, lower).to_numpy(zero_copy_only=False).astype(bool)

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
        return self._word_counts

    @functools.cached_property
    def _word_counts(self) -> np.ndarray:
        return self.per_document(~self.is_punct)

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
        """Rows of the tokens whose sentence is in section ``name``, in order (see :func:`section_rows`)."""
        codes = np.flatnonzero(self.section_names == name)
        return np.flatnonzero(self.section == codes[0]) if len(codes) else np.zeros(0, np.int64)

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
            section_names=self.section_names, _parent=(self, keep),
        )
        return sub

    def bounds(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the first and last token of the document holding each position."""
        run = self.run[positions]
        run_ends = np.r_[self.run_starts[1:], len(self.words)] - 1
        return self.run_starts[run], run_ends[run]


def occurrences(corpus, query: str, *, regex: bool = False, case_sensitive: bool = False):
    """The token index to read and the rows of it where matches of ``query`` start.

    For a :class:`SectionView`, the rows are those of the whole corpus's index
    whose match lies inside the chosen sections.

    Returns:
        ``(index, first)``; ``first`` is read-only when it is the index's remembered answer.
    """
    if isinstance(corpus, SectionView):
        first = query_rows(corpus.corpus, query, regex=regex, case_sensitive=case_sensitive)
        last = first + len(query_patterns(query, regex=regex)) - 1
        return corpus.full, first[corpus.keep[first] & corpus.keep[last]]
    return token_index(corpus), query_rows(corpus, query, regex=regex, case_sensitive=case_sensitive)


def query_rows(corpus, query: str, *, regex: bool = False, case_sensitive: bool = False) -> np.ndarray:
    """:func:`match_tokens` of the corpus's index, kept by the corpus for the latest queries (read-only).

    Selecting a term runs the same query for its KWIC lines, their count and
    its dispersion; each pass over millions of tokens takes tens of ms.
    """
    def match():
        found = match_tokens(token_index(corpus), query, regex=regex, case_sensitive=case_sensitive)
        found.flags.writeable = False  # shared by every caller
        return found

    return derived_of(corpus).query_rows((query, bool(regex), bool(case_sensitive)), match)


def section_rows(corpus, name: str) -> np.ndarray:
    """Rows of the corpus's index whose sentence is in section ``name``, found once per section and corpus."""
    return derived_of(corpus).section_rows(name, lambda: token_index(corpus).section_positions(name))


def sentence_rows(corpus, doc_rows, sent_ids) -> np.ndarray:
    """Rows of the corpus's token index that lie in the given sentences (row in ``documents``, ``sent_id``).

    A sentence's tokens are contiguous in the index, so each is one slice: the slices
    are found once per corpus, and a call costs the chosen tokens, not a pass over all.
    """
    index = token_index(corpus)
    keys, starts, ends = derived_of(corpus).value("sentence_slices", lambda: _sentence_slices(index))
    wanted = sorted_unique(np.asarray(doc_rows, np.int64) << 32 | np.asarray(sent_ids, np.int64))
    at = np.searchsorted(keys, wanted)
    found = at < len(keys)
    found[found] &= keys[at[found]] == wanted[found]
    first, last = starts[at[found]], ends[at[found]]
    lengths = last - first
    if not lengths.sum():
        return np.zeros(0, np.int64)
    return np.repeat(first - np.cumsum(np.r_[0, lengths[:-1]]), lengths) + np.arange(lengths.sum())


def _sentence_slices(index: TokenIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each sentence's key (document row << 32 | sent_id), sorted, with its first and past-last index row."""
    keys = index.rows.astype(np.int64) << 32 | index.sent.astype(np.int64)
    if not len(keys):
        return keys, keys, keys
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    order = np.argsort(keys[starts], kind="stable")
    return keys[starts][order], starts[order], ends[order]


def word_counts(corpus) -> np.ndarray:
    """Word tokens (not punctuation) of each row of ``corpus.documents``."""
    return corpus.word_counts() if isinstance(corpus, SectionView) else token_index(corpus).word_counts()


def token_index(corpus) -> TokenIndex:
    """The :class:`TokenIndex` of ``corpus.tokens``, built (or read from disk) once and kept by the corpus."""
    if isinstance(corpus, SectionView):
        return corpus.index
    held = derived_of(corpus)
    if held.token_index is None:
        held.token_index = _stored_index(corpus, corpus.tokens, corpus.documents)
    return held.token_index


_SAMPLE = 64  # tokens whose text is compared with a stored index before it is used


def _stored_index(corpus, tokens: pd.DataFrame, documents: pd.DataFrame) -> TokenIndex:
    """:func:`_build_index`, read from the corpus's disk cache when it holds a current copy, else written there.

    Factorizing millions of lower-cased tokens takes seconds; reading the codes back a fraction.
    """
    where = arrays.corpus_identity(corpus)
    if where is None:
        return _build_index(tokens, documents)
    folder, key = where
    found = arrays.read(folder, "index", key, TokenIndex, skip=("tokens",), generation=key)
    if found is not None:
        fields, notes = found
        ordered = ordered_tokens(tokens) if notes.get("reordered") else tokens.reset_index(drop=True)
        index = TokenIndex(tokens=ordered, **fields)
        if _belongs_to(index, ordered, documents):
            return index
    in_order = _doc_order(tokens)[3]
    index = _build_index(tokens, documents)
    # One index per corpus folder is current; older ones (other code, changed files) only take room.
    arrays.write(
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
    # Compared chunk by chunk, and the run starts read one cell at a time: combining the chunks,
    # or taking rows of them, copies every token's doc_id (0.7 s for 5 M tokens, 0.05 s this way).
    change = pc.not_equal(docs.slice(1), docs.slice(0, len(docs) - 1)).to_numpy(zero_copy_only=False)
    new_doc = np.r_[True, change.astype(bool)]
    return new_doc, [docs[int(i)].as_py() for i in np.flatnonzero(new_doc)]


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
