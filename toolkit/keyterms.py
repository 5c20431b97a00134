"""Key terms per document: whole noun phrases ranked by a position-biased word graph.

Two steps, like every corpus-wide measure of the toolkit:

1. **Per document, in the annotation pass** (:func:`document_candidates`, called by
   :mod:`toolkit.annotate.document` and stored as the ``keyterm_candidates`` table).
   Candidates are noun phrases from the stored tags: longest runs of adjectives
   and nouns in a sentence, ending with a noun ("pre-dawn raid", "kem sokha").
   Numbers and calendar words only stand inside a phrase ("1990 census"), never
   alone. The common nouns inside a phrase are candidates too ("raid"); names
   stay whole. Inflected forms count together (Porter stems: "election result"
   and "election results"), shown in their commonest form. Every word is a node
   of a co-occurrence graph (``window`` tokens), ranked by PageRank whose teleport
   vector favours words that come early and often (PositionRank, Florescu &
   Caragea 2017) and that are rare in general English (wordfreq). A phrase gets
   the mean of its words' scores.
2. **Per corpus, at read time** (:func:`keyterms`): a vectorised reduce over the
   stored candidates multiplies each phrase's graph score by its count to the
   power :data:`COUNT_EXPONENT` and by its inverse document frequency in the
   user's corpus, then lists the top ``n`` of each document, leaving out a
   phrase's own words when they occur only inside it (else the phrase).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from toolkit.frames import is_in
from toolkit.schemas import empty

NOUNS = frozenset({"NOUN", "PROPN"})
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN"})
MAX_PHRASE_WORDS = 4
WINDOW = 10  # tokens within which two words are linked in the graph
DAMPING = 0.85
POSITION_EXPONENT = 1.0  # a word's teleport weight sums 1 / position ** this over its occurrences
DENSE_NODES = 400  # up to this many distinct words the graph is a dense matrix (faster); beyond, sparse
CANDIDATES_PER_DOCUMENT = 60  # stored per document, best by graph score x count; the reduce reorders these
# (at most 63: which candidates a phrase holds is a bit mask in one int64)
# Tuned on the tuning part of 500N-KPCrowd (bench/keyterms_eval.py, README Quality).
COUNT_EXPONENT = 1.5
IDF_EXPONENT = 0.5
# A phrase is listed instead of a shorter candidate it holds when it occurs at least this share as often
# (1.0: the word never occurs outside the phrase); otherwise the word is listed and the phrase is not.
PHRASE_SALIENCE = 1.0
NAME_SALIENCE = 0.5  # the same for a name holding a shorter name: names stay whole
CALENDAR_WORDS = frozenset(  # dates and time units: inside a phrase only ("1990 census", "3-day festival")
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december today yesterday tomorrow tonight day days week weeks month "
    "months year years decade decades".split()
)
HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def pos_tags(corpus, *, progress: bool | None = None) -> pd.DataFrame:
    """Part-of-speech tags of the corpus's tokens, from the annotation store.

    The store tags every token spaCy finds inside a sentence: tokens of the
    sentences the annotation step parsed (headline, lead, dated and relation
    sentences; every sentence with ``NEWSLENS_PARSE=all``) carry the tagger's
    POS; elsewhere a word takes the POS it most often has in its document's
    parsed sentences, a word inside a name is a proper noun, and the rest is
    unknown (""). Only sentences present in ``corpus.sentences`` are kept, so a
    view made with ``corpus.select(sections=...)`` leaves captions out here too.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one.
        progress: show a progress bar while annotating; None shows one above 50 new documents.

    Returns:
        ``doc_id, sent_id, i, start, end, text, lower, pos, is_stop, joined``:
        one row per spaCy token; ``i`` counts the kept tokens of a document
        from 0; ``joined`` is True when no space separates it from the next token.
    """
    from toolkit.annotate import ensure_annotated, stored_rows
    from toolkit.resolve import within

    ensure_annotated(corpus, progress=progress)
    tags = within(stored_rows(corpus.whole, "tags"), corpus)
    tags = tags[is_in(tags["doc_id"], corpus.documents["doc_id"])].drop(columns="doc_key")
    if getattr(corpus, "whole", corpus) is not corpus:
        tags = tags.assign(i=tags.groupby("doc_id", sort=False).cumcount())
    columns = ["doc_id", "sent_id", "i", "start", "end", "text", "lower", "pos", "is_stop", "joined"]
    return tags[columns].astype({"sent_id": "int64", "i": "int64", "start": "int64", "end": "int64",
                                 "is_stop": bool, "joined": bool}).reset_index(drop=True)


# ---------------------------------------------------------------- per document


def noun_phrases(tags: Mapping[str, Sequence], *, kinds: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Candidate phrases of one document's tags as ``(first, last)`` token positions.

    A phrase is a longest run of adjectives and nouns (hyphen-joined parts like
    "pre-dawn" included) within a sentence, trimmed to end with a noun, without
    stop words, of at most :data:`MAX_PHRASE_WORDS` words. A number or calendar
    word may stand inside it ("1990 census"), not at its end unless it follows a
    name ("Apollo 11"); a phrase of numbers and calendar words alone is none.

    Args:
        tags: one document's tag columns (``lower``, ``pos``, ``is_stop``,
            ``joined``, ``sent_id``), as arrays, lists or a DataFrame.
        kinds: :func:`_token_kinds` of ``tags``, when already known.
    """
    kind = _token_kinds(tags) if kinds is None else kinds
    sent = np.asarray(tags["sent_id"])
    pos = np.asarray(tags["pos"], dtype=object)
    n = len(kind)
    spans, k = [], 0
    while k < n:
        if kind[k] == _OTHER:
            k += 1
            continue
        end = k
        while end + 1 < n and kind[end + 1] != _OTHER and sent[end + 1] == sent[k]:
            end += 1
        last = end
        while last >= k and not (kind[last] == _WORD and pos[last] in NOUNS
                                 or kind[last] == _NUMBER and last > k and pos[last - 1] == "PROPN"):
            last -= 1
        words = [j for j in range(k, last + 1) if kind[j] != _HYPHEN]
        if words:
            first = words[max(len(words) - MAX_PHRASE_WORDS, 0)]
            while first <= last and kind[first] == _HYPHEN:
                first += 1
            if any(kind[j] == _WORD for j in range(first, last + 1)):
                spans.append((first, last))
        k = end + 1
    return spans


_OTHER, _WORD, _NUMBER, _HYPHEN = 0, 1, 2, 3


def _token_kinds(tags) -> np.ndarray:
    """Each token's role in a phrase: a word (graph node), a number or date, a joining hyphen, or none."""
    lower = np.asarray(tags["lower"], dtype=object)
    pos = np.asarray(tags["pos"], dtype=object)
    stop, joined = np.asarray(tags["is_stop"], bool), np.asarray(tags["joined"], bool)
    sent = np.asarray(tags["sent_id"])
    n = len(lower)
    kind = np.zeros(n, np.int8)
    for k in range(n):
        w, p = lower[k], pos[k]
        if p == "NUM" or (w[:1].isdigit() and p in PHRASE_POS):
            kind[k] = _NUMBER
        elif p in PHRASE_POS and not stop[k] and any(ch.isalpha() for ch in w):
            kind[k] = _NUMBER if w in CALENDAR_WORDS else _WORD
    # A hyphen written without spaces joins its neighbours into one word ("pre-dawn", "3-day").
    for k in range(1, n - 1):
        if lower[k] in HYPHENS and joined[k - 1] and joined[k] and kind[k - 1] and sent[k - 1] == sent[k + 1]:
            kind[k] = _HYPHEN
    return kind


def document_candidates(tags: Mapping[str, Sequence], *, window: int = WINDOW,
                        limit: int = CANDIDATES_PER_DOCUMENT) -> dict[str, list]:
    """Key-term candidates of one document with their graph scores: the per-document step.

    Pure: one document's tag columns in (``lower``, ``text``, ``pos``,
    ``is_stop``, ``joined``, ``sent_id``, ``start``; the store's ``tags`` rows),
    rows of the ``keyterm_candidates`` table out.

    Args:
        tags: the document's tag columns, in token order.
        window: tokens within which two words are linked in the graph.
        limit: candidates kept, best by graph score times count.

    Returns:
        Columns ``id, phrase, stem, n_words, count, first, start, score, name, holds`` as lists,
        best first; ``holds`` has bit k set when the row's phrase holds row k's (a word of it).
    """
    columns = ("id", "phrase", "stem", "n_words", "count", "first", "start", "score", "name", "holds")
    kind = _token_kinds(tags)
    spans = noun_phrases(tags, kinds=kind) if len(kind) else []
    if not spans:
        return {c: [] for c in columns}
    lower = np.asarray(tags["lower"], dtype=object)
    text = np.asarray(tags["text"], dtype=object)
    pos = np.asarray(tags["pos"], dtype=object)
    joined = np.asarray(tags["joined"], bool)
    starts = np.asarray(tags["start"])
    where = np.flatnonzero(kind == _WORD)
    stems = [_stem(lower[k]) for k in where]
    node_of, nodes = {}, []
    ids = np.empty(len(where), np.int64)
    for a, s in enumerate(stems):
        ids[a] = node_of.setdefault(s, len(node_of))
        if ids[a] == len(nodes):
            nodes.append(lower[where[a]])
    word_score = _position_rank(ids, where, len(node_of), nodes, window).tolist()
    node_at = dict(zip(where.tolist(), ids.tolist()))
    # Common nouns inside a phrase stand as candidates too ("raid" in "pre-dawn raid"); names and
    # hyphenated words ("3-day") stay whole.
    inner = [(k, k) for f, l in spans if l > f for k in range(f, l + 1)
             if kind[k] == _WORD and pos[k] == "NOUN" and _HYPHEN not in (kind[k - 1] if k else 0, kind[k + 1] if k < l else 0)]

    def written(first: int, last: int) -> str:
        return "".join(text[k].lower() + ("" if joined[k] or k == last else " ") for k in range(first, last + 1))

    found: dict[str, list] = {}
    for first, last in spans + inner:
        phrase = written(first, last)
        key = _stem_key(phrase)
        row = found.get(key)
        if row is None:
            words = [node_at[k] for k in range(first, last + 1) if k in node_at]
            score = sum(word_score[w] for w in words) / len(words)
            name = all(pos[k] == "PROPN" for k in range(first, last + 1) if kind[k] == _WORD)
            found[key] = row = [{}, key, len(key.split()), 0, first, int(starts[first]), score, name]
        row[0][phrase] = row[0].get(phrase, 0) + 1
    # A candidate occurs wherever its words run inside a phrase: "flood barriers" in "new flood barriers";
    # a run of two words or more inside phrases that recurs is a candidate of its own ("hun sen" in
    # "prime minister hun sen").
    inside: dict[str, list] = {}
    for first, last in spans:
        units, k = [], first  # the phrase's words, a hyphenated one as one
        while k <= last:
            j = k
            while j + 2 <= last and kind[j + 1] == _HYPHEN:
                j += 2
            units.append((k, j))
            k = j + 1
        for a in range(len(units)):
            for b in range(a, len(units)):
                lo, hi = units[a][0], units[b][1]
                phrase = written(lo, hi)
                key = _stem_key(phrase)
                row = found.get(key)
                if row is not None:
                    row[3] += 1
                    if lo < row[4]:
                        row[4], row[5] = lo, int(starts[lo])
                elif b > a and kind[hi] == _WORD and pos[hi] in NOUNS and kind[lo] == _WORD:
                    seen = inside.setdefault(key, [{}, lo, hi, 0])
                    seen[0][phrase] = seen[0].get(phrase, 0) + 1
                    seen[3] += 1
    recurring = {key: seen[3] for key, seen in inside.items() if seen[3] >= 2}
    # ... unless it only ever occurs inside a longer one ("minister hun" in "minister hun sen").
    enclosed = {sub for key in list(recurring) + list(found) for sub in _sub_keys(key)
                if sub in recurring and recurring[sub] == (recurring.get(key) or found[key][3])}
    for key, (forms, lo, hi, count) in inside.items():
        if key in recurring and key not in enclosed:
            words = [node_at[k] for k in range(lo, hi + 1) if k in node_at]
            name = all(pos[k] == "PROPN" for k in range(lo, hi + 1) if kind[k] == _WORD)
            found[key] = [forms, key, len(key.split()), count, lo, int(starts[lo]),
                          sum(word_score[w] for w in words) / len(words), name]
    rows = sorted(found.values(), key=lambda r: (-r[6] * r[3] ** COUNT_EXPONENT, r[4]))[:limit]
    index = {row[1]: k for k, row in enumerate(rows)}
    for row in rows:
        row[0] = max(row[0], key=lambda f: (row[0][f], f))
        row.append(_held_mask(row[1], index))
    return {"id": list(range(len(rows))), **{c: [r[j] for r in rows] for j, c in enumerate(columns[1:])}}


def _held_mask(stem: str, index: dict[str, int]) -> int:
    """Bit k set when candidate k (by ``index``) is made of consecutive words of ``stem`` and shorter."""
    mask = 0
    for sub in _sub_keys(stem):
        k = index.get(sub)
        if k is not None:
            mask |= 1 << k
    return mask


def _sub_keys(stem: str) -> list[str]:
    """The shorter runs of consecutive words of ``stem``."""
    words = stem.split()
    return [" ".join(words[offset:offset + length])
            for length in range(1, len(words)) for offset in range(len(words) - length + 1)]


def _position_rank(ids: np.ndarray, where: np.ndarray, n_nodes: int, nodes: list[str], window: int) -> np.ndarray:
    """Biased PageRank over the co-occurrence graph of the word tokens at ``where`` (node ``ids``)."""
    from scipy import sparse

    from toolkit.keywords import _english_table

    sources, targets = [], []
    for d in range(1, window):
        near = (where[d:] - where[:-d]) < window
        if not near.any():
            break
        a, b = ids[:-d][near], ids[d:][near]
        keep = a != b
        sources.append(a[keep])
        targets.append(b[keep])
    bias = np.zeros(n_nodes)
    np.add.at(bias, ids, (where + 1.0) ** -POSITION_EXPONENT)
    english = _english_table()
    # Rare words carry more information: scale by -log10 of their English frequency.
    bias *= [-math.log10(max(english.get(w.replace("\u2019", "'"), 0.0), 1e-9)) for w in nodes]
    bias /= bias.sum()
    a = np.concatenate(sources) if sources else np.empty(0, np.int64)
    b = np.concatenate(targets) if targets else np.empty(0, np.int64)
    if n_nodes <= DENSE_NODES:
        weights = np.zeros((n_nodes, n_nodes))
        np.add.at(weights, (a, b), 1.0)
        weights += weights.T
    else:
        weights = sparse.coo_matrix((np.ones(2 * len(a)), (np.r_[a, b], np.r_[b, a])), shape=(n_nodes, n_nodes)).tocsr()
    out = np.asarray(weights.sum(axis=1)).ravel()
    dangling = out == 0
    inverse = np.divide(1.0, out, out=np.zeros_like(out), where=~dangling)
    rank, any_dangling = bias.copy(), dangling.any()
    for _ in range(100):
        spread = weights @ (rank * inverse)  # the graph is undirected: weights is symmetric
        if any_dangling:
            spread += rank[dangling].sum() * bias
        new = DAMPING * spread + (1 - DAMPING) * bias
        if np.abs(new - rank).sum() < 1e-6:  # the ranks sum to 1
            return new
        rank = new
    return rank


@functools.lru_cache(maxsize=1 << 17)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


@functools.lru_cache(maxsize=1 << 17)
def _stem_key(phrase: str) -> str:
    return " ".join(_stem(w) for w in phrase.split())


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import PorterStemmer

    return PorterStemmer()


def candidates_from_tags(tags: pd.DataFrame, *, window: int = WINDOW) -> pd.DataFrame:
    """:func:`document_candidates` of every document of a :func:`pos_tags` table, with ``doc_id``.

    Each document's rows must be together (as :func:`pos_tags` returns them).
    """
    columns = ["doc_id", "id", "phrase", "stem", "n_words", "count", "first", "start", "score", "name", "holds"]
    if tags.empty:
        return pd.DataFrame(columns=columns)
    arrays = {c: tags[c].to_numpy() for c in ("lower", "text", "pos", "is_stop", "joined", "sent_id", "start")}
    doc_ids = tags["doc_id"].to_numpy(object)
    bounds = np.r_[0, np.flatnonzero(doc_ids[1:] != doc_ids[:-1]) + 1, len(doc_ids)]
    out: dict[str, list] = {c: [] for c in columns}
    for a, b in zip(bounds[:-1], bounds[1:]):
        rows = document_candidates({c: v[a:b] for c, v in arrays.items()}, window=window)
        out["doc_id"] += [doc_ids[a]] * len(rows["id"])
        for c, values in rows.items():
            out[c] += values
    return pd.DataFrame(out, columns=columns)


# ---------------------------------------------------------------- the corpus-wide reduce


def rank_candidates(candidates: pd.DataFrame, *, top_n: int = 10, n_documents: int | None = None,
                    count_exponent: float = COUNT_EXPONENT, idf_exponent: float = IDF_EXPONENT,
                    phrase_salience: float = PHRASE_SALIENCE, name_salience: float = NAME_SALIENCE) -> pd.DataFrame:
    """The top ``top_n`` key terms of each document from its candidates: vectorised, corpus-wide.

    A candidate scores its graph score x count ** ``count_exponent`` x
    log(1 + N / document frequency) ** ``idf_exponent``. For every pair of a
    phrase and a shorter candidate it holds (``holds``), the phrase stays and the
    shorter one goes when the phrase occurs at least ``phrase_salience`` times as
    often (at 1.0: the shorter one never occurs outside the phrase), or, for a
    name holding a shorter name, ``name_salience`` times as often; otherwise
    the phrase goes.

    Args:
        candidates: ``doc_id`` and the ``keyterm_candidates`` columns.
        top_n: terms per document.
        n_documents: documents in the corpus (the IDF's N); default: those with candidates.
        count_exponent, idf_exponent, phrase_salience, name_salience: the tuned weights (module constants).

    Returns:
        ``doc_id, rank, term, score``.
    """
    if candidates.empty:
        return empty("keyterms")
    doc, doc_ids = pd.factorize(candidates["doc_id"], sort=False)
    stem = pd.factorize(candidates["stem"], sort=False)[0]
    n_docs = n_documents or len(doc_ids)
    df = np.bincount(stem)[stem]
    total = (candidates["score"].to_numpy(float) * candidates["count"].to_numpy(float) ** count_exponent
             * np.log1p(n_docs / df) ** idf_exponent)
    keep = ~_covered(doc, candidates["id"].to_numpy(np.int64), candidates["holds"].to_numpy(np.int64),
                     candidates["count"].to_numpy(float), candidates["name"].to_numpy(bool), phrase_salience,
                     name_salience)
    rows = np.flatnonzero(keep)
    order = rows[np.lexsort((candidates["first"].to_numpy()[rows], -total[rows], doc[rows]))]
    group = doc[order]
    starts = np.r_[0, np.flatnonzero(group[1:] != group[:-1]) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)])) + 1
    top = rank <= top_n
    order = order[top]
    table = pd.DataFrame({"doc_id": np.asarray(doc_ids, dtype=object)[doc[order]], "rank": rank[top],
                          "term": candidates["phrase"].iloc[order].to_numpy(object), "score": total[order]})
    return table.astype({"rank": "int64", "score": "float64"})


def _covered(doc: np.ndarray, ids: np.ndarray, holds: np.ndarray, count: np.ndarray, name: np.ndarray,
             salience: float, name_salience: float) -> np.ndarray:
    """Rows that lose to a phrase holding them, or to a word of theirs that occurs more often outside them.

    A name holding a shorter name needs only ``name_salience`` of its count: names stay whole
    ("kem sokha", not "sokha", though "Sokha" alone is a later mention of him).
    """
    long = np.flatnonzero(holds)
    covered = np.zeros(len(doc), bool)
    if not len(long):
        return covered
    bits = np.unpackbits(holds[long].astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    pair_row, bit = np.nonzero(bits)
    row_of = np.full((doc.max() + 1) * 64, -1, np.int64)
    row_of[doc * 64 + ids] = np.arange(len(doc))
    long_row = long[pair_row]
    short_row = row_of[doc[long_row] * 64 + bit]
    found = short_row >= 0
    long_row, short_row = long_row[found], short_row[found]
    names = name[long_row] & name[short_row]
    phrase_wins = count[long_row] >= np.where(names, name_salience, salience) * count[short_row]
    covered[long_row[~phrase_wins]] = True  # a phrase that loses to one of its words is out first,
    covered[short_row[phrase_wins & ~covered[long_row]]] = True  # and then holds none of the others
    return covered


def keyterms(corpus, *, top_n: int = 10, progress: bool | None = None) -> pd.DataFrame:
    """Key phrases of each document (PositionRank-style, weighed by the corpus's document frequencies).

    Reads the stored ``keyterm_candidates`` (made once per document in the
    annotation pass) and ranks them corpus-wide: a phrase common to many of the
    corpus's documents (boilerplate, the beat's everyday words) goes down.

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one. A view's document
            frequencies are those of the view; a view without some sections makes
            its candidates again from the stored tags (about 4 ms per document).
        top_n: phrases per document.
        progress: show a progress bar while annotating; None shows one above 50 new documents.

    Returns:
        ``doc_id, rank, term, score``: up to ``top_n`` rows per document, rank 1 best.

    Example:
        >>> import toolkit as tk
        >>> tk.keyterms(tk.load_corpus(), top_n=3)["term"].tolist()  # doctest: +SKIP
    """
    from toolkit.annotate import ensure_annotated, stored_rows

    if int(top_n) < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n!r}")
    ensure_annotated(corpus, progress=progress)
    whole = corpus.whole
    if corpus is not whole and len(corpus.sentences) < is_in(whole.sentences["doc_id"], corpus.documents["doc_id"]).sum():
        # A section view: the stored candidates include the left-out sections, so make them again.
        rows = candidates_from_tags(pos_tags(corpus))
    else:
        rows = stored_rows(corpus, "keyterm_candidates")
    return rank_candidates(rows, top_n=int(top_n), n_documents=len(corpus.documents))
