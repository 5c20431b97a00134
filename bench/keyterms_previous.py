"""The previous ``tk.keyterms`` (commit 0c69be4), kept verbatim for bench/keyterms_eval.py's comparison.

PositionRank-style over single words and noun phrases, with no corpus statistics,
and a phrase listed beside its own words. Not part of the toolkit.
"""
from __future__ import annotations

import functools
import math
from collections import defaultdict

import numpy as np
import pandas as pd


def previous_keyterms(tags: pd.DataFrame, *, top_n: int = 10, window: int = 10) -> dict[str, list[str]]:
    """``doc_id -> [term, ...]`` of the previous method over a ``pos_tags`` table."""
    return {doc_id: [term for term, _ in rank_document(doc.reset_index(drop=True), window=window, top_n=top_n)]
            for doc_id, doc in tags.groupby("doc_id", sort=False)}


NOUNS = frozenset({"NOUN", "PROPN"})
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN"})
MAX_PHRASE_WORDS = 4
# A phrase scores mean(word scores) x count ** FREQUENCY_EXPONENT; 2 was best of 1, 1.5 and 2
# on 500N-KPCrowd (bench/keyterms_eval.py), where 0 (plain PositionRank) did far worse.
FREQUENCY_EXPONENT = 2


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
