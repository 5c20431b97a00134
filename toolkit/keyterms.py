"""Key terms per document: noun phrases ranked by a position-biased word graph.

The method follows PositionRank (Florescu & Caragea, ACL 2017):

1. spaCy's tagger (parser and NER left out) gives part-of-speech tags; NLTK's
   tagger needs a data download, which the toolkit never does.
2. Candidates are noun phrases: runs of adjectives and nouns, inside one
   sentence, ending with a noun ("pre-dawn raid", "kem sokha").
3. Nouns and adjectives become nodes of a graph whose edges count how often
   two of them occur within ``window`` tokens of each other.
4. PageRank runs with a teleport vector biased to words that occur early and
   often (the sum of 1 / position over a word's occurrences), and informative
   words (rare in general English, by wordfreq) get a larger share of it.
5. A phrase scores the mean of its words' scores times its count squared
   (the frequency feature); inflected forms count together (Porter stems:
   "election result" and "election results"), shown in their commonest form.
   Common nouns inside a phrase are candidates too ("raid" in "pre-dawn
   raid"); names stay whole ("kem sokha").
"""
from __future__ import annotations

import functools
import math
from collections import defaultdict

import numpy as np
import pandas as pd

from toolkit.schemas import empty, frame

NOUNS = frozenset({"NOUN", "PROPN"})
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN"})
MAX_PHRASE_WORDS = 4
# A phrase scores mean(word scores) x count ** FREQUENCY_EXPONENT; 2 was best of 1, 1.5 and 2
# on 500N-KPCrowd (bench/keyterms_eval.py), where 0 (plain PositionRank) did far worse.
FREQUENCY_EXPONENT = 2


def pos_tags(corpus, *, progress: bool | None = None) -> pd.DataFrame:
    """Part-of-speech tags of the corpus's tokens, from the annotation store.

    The store tags every token spaCy finds inside a sentence: tokens of the
    sentences the annotation step parsed (headline, lead, dated and relation
    sentences) carry the tagger's POS; elsewhere a word takes the POS it most
    often has in its document's parsed sentences, a word inside a name is a
    proper noun, and the rest is unknown (""). Only sentences present in
    ``corpus.sentences`` are kept, so a view made with
    ``corpus.select(sections=...)`` leaves captions out here too.

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
    tags = tags[tags["doc_id"].isin(corpus.documents["doc_id"])].drop(columns="doc_key")
    if getattr(corpus, "whole", corpus) is not corpus:
        tags = tags.assign(i=tags.groupby("doc_id", sort=False).cumcount())
    columns = ["doc_id", "sent_id", "i", "start", "end", "text", "lower", "pos", "is_stop", "joined"]
    return tags[columns].astype({"sent_id": "int64", "i": "int64", "start": "int64", "end": "int64",
                                 "is_stop": bool, "joined": bool}).reset_index(drop=True)


def noun_phrases(tags: pd.DataFrame) -> list[tuple[int, int]]:
    """Candidate phrases of one document's tags as ``(first, last)`` row positions.

    A phrase is a longest run of adjectives and nouns (hyphen-joined parts
    like "pre-dawn" included) within a sentence, trimmed to end with a noun,
    without stop words, of at most :data:`MAX_PHRASE_WORDS` tokens besides hyphens.
    """
    pos, stop = tags["pos"].to_numpy(object), tags["is_stop"].to_numpy(bool)
    lower, sent = tags["lower"].to_numpy(object), tags["sent_id"].to_numpy()
    joined = tags["joined"].to_numpy(bool)
    n = len(tags)
    ok = np.array([p in PHRASE_POS for p in pos], bool) & ~stop & np.array([any(ch.isalpha() for ch in w) for w in lower], bool)
    # A hyphen written without spaces joins its neighbours into one word.
    hyphen = np.array([w in ("-", "\u2010", "\u2011") for w in lower], bool)
    for k in np.flatnonzero(hyphen):
        if 0 < k < n - 1 and joined[k - 1] and joined[k] and ok[k - 1] and sent[k - 1] == sent[k + 1]:
            ok[k] = True
    spans, k = [], 0
    while k < n:
        if not ok[k]:
            k += 1
            continue
        end = k
        while end + 1 < n and ok[end + 1] and sent[end + 1] == sent[k]:
            end += 1
        last = end
        while last >= k and pos[last] not in NOUNS:
            last -= 1
        if last >= k:
            words = np.flatnonzero(~hyphen[k : last + 1]) + k
            first = words[max(len(words) - MAX_PHRASE_WORDS, 0)]
            while first <= last and (hyphen[first] or pos[first] not in PHRASE_POS):
                first += 1
            if first <= last:
                spans.append((first, last))
        k = end + 1
    return spans


def rank_document(tags: pd.DataFrame, *, window: int = 10, top_n: int = 10, alpha: float = 0.85) -> list[tuple[str, float]]:
    """PositionRank over one document's tags: ``[(phrase, score), ...]`` best first."""
    import networkx as nx

    spans = noun_phrases(tags) if len(tags) else []
    if not spans:
        return []
    lower = tags["lower"].to_numpy(object)
    pos, stop = tags["pos"].to_numpy(object), tags["is_stop"].to_numpy(bool)
    node = np.array([p in PHRASE_POS for p in pos], bool) & ~stop & np.array([w.isalpha() or "-" in w for w in lower], bool)
    graph, bias = _word_graph(lower, np.flatnonzero(node), window)
    total = sum(bias.values()) or 1.0
    scores = nx.pagerank(graph, alpha=alpha, personalization={w: b / total for w, b in bias.items()}, weight="weight")
    # Common nouns inside a phrase stand as candidates too ("raid" in "pre-dawn raid");
    # names stay whole.
    inner = [(k, k) for f, l in spans if l > f for k in range(f, l + 1) if node[k] and pos[k] == "NOUN"]
    text, joined = tags["text"].to_numpy(object), tags["joined"].to_numpy(bool)
    mean_score, count, forms = {}, defaultdict(int), defaultdict(lambda: defaultdict(int))
    for first, last in spans + inner:
        words = [lower[k] for k in range(first, last + 1) if node[k]]
        if not words:
            continue
        name = "".join(text[k].lower() + ("" if joined[k] or k == last else " ") for k in range(first, last + 1))
        key = _stem_key(name)  # "election results" and "election result" are one term
        count[key] += 1
        forms[key][name] += 1
        mean_score.setdefault(key, sum(scores.get(w, 0.0) for w in words) / len(words))
    ranked = sorted(
        ((max(forms[key], key=lambda f: (forms[key][f], f)), score * count[key] ** FREQUENCY_EXPONENT)
         for key, score in mean_score.items()),
        key=lambda kv: (-kv[1], kv[0]),
    )
    return ranked[:top_n]


@functools.lru_cache(maxsize=65536)
def _stem_key(phrase: str) -> str:
    stem = _stemmer().stem
    return " ".join(stem(w) for w in phrase.split())


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import PorterStemmer

    return PorterStemmer()


def _word_graph(lower: np.ndarray, where: np.ndarray, window: int):
    """Co-occurrence graph of the words at ``where`` and their position-and-rarity teleport bias."""
    import networkx as nx

    from toolkit.keywords import _english_table

    graph = nx.Graph()
    bias: dict[str, float] = defaultdict(float)
    for a, i in enumerate(where):
        bias[lower[i]] += 1.0 / (i + 1)
        graph.add_node(lower[i])
        for j in where[a + 1 :]:
            if j - i >= window:
                break
            if lower[j] != lower[i]:
                weight = graph.get_edge_data(lower[i], lower[j], {"weight": 0})["weight"]
                graph.add_edge(lower[i], lower[j], weight=weight + 1)
    english = _english_table()
    for word in bias:
        # Rare words carry more information: scale by -log10 of their English frequency.
        bias[word] *= -math.log10(max(english.get(word.replace("\u2019", "'"), 0.0), 1e-9))
    return graph, bias


def keyterms(corpus, *, top_n: int = 10, window: int = 10, tags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Unsupervised key phrases for each document (PositionRank-style).

    Args:
        corpus: a :class:`toolkit.Corpus` or a view of one (e.g. without captions).
        top_n: phrases per document.
        window: tokens within which two words are linked in the graph.
        tags: the output of :func:`pos_tags` for ``corpus``, to skip re-tagging.

    Returns:
        ``doc_id, rank, term, score``: ``top_n`` rows per document, rank 1 best.

    Example:
        >>> import toolkit as tk
        >>> tk.keyterms(tk.load_corpus(), top_n=3)["term"].tolist()  # doctest: +SKIP
    """
    if int(top_n) < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n!r}")
    if int(window) < 2:
        raise ValueError(f"window must be at least 2, got {window!r}")
    tags = pos_tags(corpus) if tags is None else tags
    rows = []
    for doc_id, doc_tags in tags.groupby("doc_id", sort=False):
        ranked = rank_document(doc_tags.reset_index(drop=True), window=int(window), top_n=int(top_n))
        rows.extend((doc_id, r, term, score) for r, (term, score) in enumerate(ranked, start=1))
    if not rows:
        return empty("keyterms")
    return frame(rows, "keyterms").astype({"rank": "int64", "score": "float64"})
