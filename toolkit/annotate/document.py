"""The per-document annotation step: one document in, rows of every stored table out.

spaCy runs once per document here, and nowhere else:

* **NER on every sentence**, in paragraph-sized pieces (no entity crosses a
  line break); a paragraph longer than :data:`CHUNK_CHARS` is cut at sentence
  boundaries (and an overlong sentence at white space), so no text ever
  reaches spaCy's ``max_length`` and offsets stay those of the document.
* **The tagger, parser and lemmatizer only on the sentences a lens reads**:
  dated sentences (events), sentences where two actors meet around a relation
  verb (relations), the headline and the first :data:`LEAD_SENTENCES` body
  sentences (key-term candidates). Measured on news this is about half the
  tokens; parsing everything costs about 0.8x NER on top (README, Performance).

The toolkit's own per-document steps run in the same pass: temporal
expressions, the mention layer (titles, demonyms, grouping names within the
document), quotes with their speaker's mention, relation candidates, events and
key-term tags. Nothing here reads another document: anything corpus-wide
(alias resolution, type votes, document frequencies) is the reduce step in
:mod:`toolkit.resolve`.

Each table is keyed by ``doc_key`` (the document's content, date and sentence
layout, see :func:`toolkit.annotate.store.document_keys`), never by ``doc_id``:
two documents with the same text share their rows.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd

CHUNK_CHARS = 50_000  # well under spaCy's max_length (1,000,000), small enough to bound memory
LEAD_SENTENCES = 2  # body sentences after the headline whose tags feed key-term candidates
MAX_PARSE_CHARS = 5_000  # a "sentence" longer than this is not prose: it is not parsed
MAX_NER_SENTENCE_CHARS = 20_000  # nor, longer still, searched for names (see ner_chunks)
LAYER_CHARS = 200_000  # the mention layer groups names within windows of this size (a news article is one)
MAX_LEMMAS = 500_000  # distinct (word, POS, morphology) lemmas remembered per process
PARSE_SCOPES = ("lens", "all")
NER_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
PARSE_EXCLUDE = ("ner", "senter")


@dataclass(frozen=True)
class DocumentInput:
    """What the step needs of one document; plain data, so it pickles to any worker."""

    doc_key: str
    text: str
    published: object  # a Timestamp, or None when unknown
    sent_id: tuple[int, ...]
    start: tuple[int, ...]
    end: tuple[int, ...]
    section: tuple[str, ...]
    par_id: tuple[int, ...]


def parse_scope() -> str:
    """Which sentences get the tagger and parser: "lens" (default, the ones a lens reads) or "all".

    Set with ``NEWSLENS_PARSE``; it is part of the store's identity.
    """
    import os

    scope = os.environ.get("NEWSLENS_PARSE", "lens")
    if scope not in PARSE_SCOPES:
        raise ValueError(f"NEWSLENS_PARSE must be one of {', '.join(PARSE_SCOPES)}, not {scope!r}")
    return scope


def ner_model():
    """spaCy with only its ``ner`` component (it has its own internal tok2vec)."""
    from toolkit.nlp import load_model

    return load_model(exclude=NER_EXCLUDE)


@functools.lru_cache(maxsize=1)
def parse_model() -> "SentenceParser":
    """spaCy without NER (tagger, parser, attribute ruler), lemmas set by :class:`SentenceParser`."""
    from toolkit.nlp import load_model

    return SentenceParser(load_model(exclude=PARSE_EXCLUDE))


class SentenceParser:
    """Tags, parses and lemmatises sentences; one per loaded pipeline.

    spaCy's rule lemmatizer caches only some of its answers, so on news it
    recomputes most tokens and costs about as much as the attribute ruler and
    half as much as the parser. Here each distinct (word, POS, morphology) is
    lemmatised once; the lemma is the one spaCy's lemmatizer gives.
    """

    def __init__(self, nlp):
        self.nlp = nlp
        self._lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self._lemmas: dict[tuple[int, int, int], str] = {}

    def pipe(self, texts):
        if self._lemmatizer is None:
            yield from self.nlp.pipe(texts)
            return
        lemmas, lemmatize = self._lemmas, self._lemmatizer.lemmatize
        for doc in self.nlp.pipe(texts, disable=["lemmatizer"]):
            for token in doc:
                if token.lemma:  # set by the attribute ruler, which the lemmatizer never overwrites
                    continue
                key = (token.orth, token.pos, token.morph.key)
                lemma = lemmas.get(key)
                if lemma is None:
                    if len(lemmas) > MAX_LEMMAS:
                        lemmas.clear()
                    lemma = lemmas[key] = lemmatize(token)[0]
                token.lemma_ = lemma
            yield doc


# ---------------------------------------------------------------- pieces for NER


def ner_chunks(doc: DocumentInput) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of the text for NER: paragraphs, cut at sentences when too long.

    A "sentence" longer than :data:`MAX_NER_SENTENCE_CHARS` has no sentence
    punctuation for pages on end: a data dump, not prose. It is left out of NER
    (and of the parse); every other lens still reads it.
    """
    text = doc.text
    chunks: list[tuple[int, int]] = []
    spans = sorted(zip(doc.start, doc.end))
    for m in re.finditer(r"[^\n]+", text):
        p_start, p_end = m.start(), m.end()
        if p_end - p_start <= CHUNK_CHARS:
            chunks.append((p_start, p_end))
            continue
        first = last = None
        for s_start, s_end in spans:
            if s_end <= p_start or s_start >= p_end:
                continue
            s_start, s_end = max(s_start, p_start), min(s_end, p_end)
            if s_end - s_start > MAX_NER_SENTENCE_CHARS or (first is not None and s_end - first > CHUNK_CHARS):
                if first is not None:
                    chunks.append((first, last))
                first = last = None
                if s_end - s_start > MAX_NER_SENTENCE_CHARS:
                    continue
            first = s_start if first is None else first
            last = s_end
        if first is not None:
            chunks.append((first, last))
    return [(a, b) for a, b in chunks if text[a:b].strip()]


def _windows(doc: DocumentInput) -> list[tuple[int, int]]:
    """Sentence-aligned windows of at most :data:`LAYER_CHARS` for the mention layer of a huge text."""
    if len(doc.text) <= LAYER_CHARS:
        return [(0, len(doc.text))]
    windows, first = [], 0
    for s_start, s_end in sorted(zip(doc.start, doc.end)):
        if s_end - first > LAYER_CHARS and s_start > first:
            windows.append((first, s_start))
            first = s_start
    windows.append((first, len(doc.text)))
    return windows


# ---------------------------------------------------------------- the step


def annotate_documents(docs: list[DocumentInput]) -> dict[str, pd.DataFrame]:
    """Annotate documents: every stored table's rows for them.

    The documents are batched through spaCy together for speed; each one's
    rows depend on that document alone. Rows gather as columns for the whole
    batch, and each table becomes one DataFrame at the end: per-document
    DataFrames cost more than the annotation itself.

    Returns:
        ``{table name: DataFrame}`` with ``doc_key`` in every table.
    """
    from toolkit.schemas import store_frame

    if not docs:
        return {name: store_frame({}, name) for name in STORED_TABLES}
    ner = ner_model()
    pieces = [(i, a, b) for i, doc in enumerate(docs) for a, b in ner_chunks(doc)]
    entities: list[list[tuple[int, int, str]]] = [[] for _ in docs]
    words: list[list[tuple[int, int, str, str, bool, bool, bool]]] = [[] for _ in docs]
    for (i, offset, _), parsed in zip(pieces, ner.pipe(docs[i].text[a:b] for i, a, b in pieces)):
        entities[i] += [(offset + e.start_char, offset + e.end_char, e.label_) for e in parsed.ents]
        words[i] += [
            (offset + t.idx, offset + t.idx + len(t.text), t.text, t.lower_, t.is_stop, t.is_punct or t.is_space,
             not t.whitespace_)
            for t in parsed if not t.is_space
        ]
    local = [_local_layers(doc, entities[i]) for i, doc in enumerate(docs)]
    wanted = [(i, s) for i, layer in enumerate(local) for s in layer["parse_sentences"]]
    parses: dict[int, dict[int, object]] = defaultdict(dict)
    parser = parse_model() if wanted else None
    texts = (_sentence_text(docs[i], s) for i, s in wanted)
    for (i, s), parsed in zip(wanted, parser.pipe(texts) if parser else ()):
        parses[i][s] = parsed
    tables = _Tables()
    for i, doc in enumerate(docs):
        _add_document(tables, doc, entities[i], words[i], local[i], parses[i])
    return {name: store_frame(tables.columns(name), name) for name in STORED_TABLES}


STORED_TABLES = ("entities", "mentions", "timexes", "events", "quotes", "relations", "parses", "tags", "term_counts",
                 "keyterm_candidates")


class _Tables:
    """Columns of every stored table for a batch, filled document by document."""

    def __init__(self):
        self._columns: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self._length: Counter = Counter()

    def add_columns(self, table: str, columns: dict, *, doc_key: str) -> None:
        """Append equal-length column lists (missing columns are filled with None)."""
        n = len(next(iter(columns.values()))) if columns else 0
        if not n:
            return
        target = self._columns[table]
        before = self._length[table]
        for name, values in columns.items():
            column = target[name]
            if len(column) < before:
                column.extend([None] * (before - len(column)))
            column.extend(values)
        target["doc_key"].extend([doc_key] * (before + n - len(target["doc_key"])))
        self._length[table] = before + n

    def add_rows(self, table: str, rows: list[dict], *, doc_key: str) -> None:
        if not rows:
            return
        names = list(dict.fromkeys(k for row in rows for k in row))
        self.add_columns(table, {k: [row.get(k) for row in rows] for k in names}, doc_key=doc_key)

    def columns(self, table: str) -> dict[str, list]:
        target, n = self._columns.get(table, {}), self._length[table]
        return {name: values + [None] * (n - len(values)) for name, values in target.items()}


def _sentence_text(doc: DocumentInput, s: int) -> str:
    return doc.text[doc.start[s]:doc.end[s]]


def _sentences_frame(doc: DocumentInput) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc.doc_key, "sent_id": doc.sent_id, "start": doc.start, "end": doc.end,
                         "section": doc.section, "par_id": doc.par_id})


def _local_layers(doc: DocumentInput, entities) -> dict:
    """Timexes, mentions and quotes of one document, and which of its sentences to parse."""
    from toolkit.actors import base_dictionary, document_mentions
    from toolkit.quotes import document_quotes
    from toolkit.relations import verb_forms
    from toolkit.timeline import _rows_for, is_dated
    from toolkit.timex import as_date

    reference = as_date(doc.published) if doc.published is not None and not pd.isna(doc.published) else None
    timexes = _rows_for(doc.doc_key, doc.text, list(doc.start), list(doc.end), list(doc.sent_id),
                        list(doc.section), reference)
    sentences = _sentences_frame(doc)
    parts = []
    for w_start, w_end in _windows(doc):
        inside = sentences[(sentences["start"] >= w_start) & (sentences["end"] <= w_end)]
        shifted = inside.assign(start=inside["start"] - w_start, end=inside["end"] - w_start)
        window_entities = [(a - w_start, b - w_start, label) for a, b, label in entities if w_start <= a and b <= w_end]
        found = document_mentions(doc.text[w_start:w_end], shifted, doc_id=doc.doc_key, entities=window_entities,
                                  dictionary=base_dictionary(), across_documents=False)
        if w_start:
            found = found.assign(start=found["start"] + w_start, end=found["end"] + w_start)
        parts.append(found)
    mentions = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    mention_columns = {c: mentions[c].tolist() for c in mentions.columns if c != "doc_id"}
    found_quotes = document_quotes(doc.text, mentions, sentences=list(zip(doc.start, doc.end)), indirect=True)
    position = {s: k for k, s in enumerate(doc.sent_id)}  # sent_id -> index into the sentence tuples
    dated = {position[r["sent_id"]] for r in timexes if is_dated(r)}
    actors_in: dict[int, set] = defaultdict(set)
    for sent_id, actor in zip(mention_columns.get("sent_id", ()), mention_columns.get("actor", ())):
        actors_in[position[int(sent_id)]].add(actor)
    forms = verb_forms()
    related = {
        k for k, found in actors_in.items()
        if len(found) >= 2 and not forms.isdisjoint(_WORD.findall(_sentence_text(doc, k).lower()))
    }
    body = [k for k, section in enumerate(doc.section) if section == "body"][:LEAD_SENTENCES]
    lead = {k for k, section in enumerate(doc.section) if section == "headline"} | set(body)
    scope = set(range(len(doc.start))) if parse_scope() == "all" else dated | related | lead
    chosen = sorted(k for k in scope if doc.end[k] - doc.start[k] <= MAX_PARSE_CHARS)
    return {"timexes": timexes, "mentions": mention_columns, "quotes": found_quotes, "parse_sentences": chosen,
            "related": related, "reference": reference}


_WORD = re.compile(r"[a-z]+")


def _add_document(tables: _Tables, doc: DocumentInput, entities, words, local: dict, parses: dict) -> None:
    """Append one document's rows of every stored table."""
    from toolkit.keyterms import document_candidates
    from toolkit.relations import builtin_verb_classes, sentence_relations
    from toolkit.timeline import document_events, is_dated

    key = doc.doc_key
    tables.add_columns("entities", {"start": [e[0] for e in entities], "end": [e[1] for e in entities],
                                    "label": [e[2] for e in entities]}, doc_key=key)
    mentions = local["mentions"]
    tables.add_columns("mentions", mentions, doc_key=key)
    tables.add_rows("timexes", _without(local["timexes"], "doc_id", "sentence"), doc_key=key)
    tables.add_rows("quotes", _located(doc, local["quotes"]), doc_key=key)
    parse_columns, pos_at = _parse_rows(doc, parses)
    tables.add_columns("parses", parse_columns, doc_key=key)
    by_sent_id = {doc.sent_id[k]: parsed for k, parsed in parses.items()}
    starts = {doc.sent_id[k]: doc.start[k] for k in parses}
    found = document_events([r for r in local["timexes"] if is_dated(r)], by_sent_id, starts)
    tables.add_rows("events", _without(found, "doc_id", "sentence", "actors"), doc_key=key)
    classes = builtin_verb_classes()
    spans_in: dict[int, list] = defaultdict(list)
    for sent_id, start, end in zip(mentions.get("sent_id", ()), mentions.get("start", ()), mentions.get("end", ())):
        spans_in[int(sent_id)].append((int(start), int(end)))
    edges = []
    for k in sorted(local["related"] & set(parses)):
        sent_id, offset = doc.sent_id[k], doc.start[k]
        spans = [(start - offset, end - offset, str(start)) for start, end in spans_in[sent_id]]
        for edge in sentence_relations(parses[k], spans, classes):
            edges.append({"sent_id": sent_id, "source_start": int(edge["source"]), "target_start": int(edge["target"]),
                          **{c: edge[c] for c in ("polarity", "verb", "lemma", "cameo")}})
    tables.add_rows("relations", edges, doc_key=key)
    tags = _tag_rows(doc, words, pos_at, entities)
    tables.add_columns("tags", tags, doc_key=key)
    tables.add_columns("keyterm_candidates", document_candidates(tags), doc_key=key)
    counts = Counter(w[3] for w in words if not w[4] and not w[5] and any(ch.isalnum() for ch in w[3]))
    tables.add_columns("term_counts", {"term": list(counts), "count": list(counts.values())}, doc_key=key)


def _without(rows: list[dict], *names: str) -> list[dict]:
    """Rows without some keys: a sentence's text is never copied into a table (it may be megabytes)."""
    return [{k: v for k, v in row.items() if k not in names} for row in rows]


def _located(doc: DocumentInput, rows: list[dict]) -> list[dict]:
    """Rows that start inside a sentence, with that sentence's id and section."""
    import bisect

    order = sorted(range(len(doc.start)), key=lambda k: doc.start[k])
    starts = [doc.start[k] for k in order]
    out = []
    for row in rows:
        j = bisect.bisect_right(starts, row["start"]) - 1
        if j >= 0 and row["start"] < doc.end[order[j]]:
            out.append({**row, "sent_id": doc.sent_id[order[j]], "section": doc.section[order[j]]})
    return out


def _parse_rows(doc: DocumentInput, parses: dict) -> tuple[dict, dict[int, str]]:
    """The stored parse (every spaCy token of the parsed sentences) and POS by document offset."""
    cols = defaultdict(list)
    pos_at: dict[int, str] = {}
    for k in sorted(parses):
        parsed, offset = parses[k], doc.start[k]
        for t in parsed:
            cols["sent_id"].append(doc.sent_id[k])
            cols["i"].append(t.i)
            cols["start"].append(offset + t.idx)
            cols["end"].append(offset + t.idx + len(t.text))
            cols["tag"].append(t.tag_)
            cols["pos"].append(t.pos_)
            cols["dep"].append(t.dep_)
            cols["head"].append(t.head.i)
            cols["lemma"].append(t.lemma_)
            cols["space"].append(bool(t.whitespace_))
            if not t.is_space:
                pos_at[offset + t.idx] = t.pos_
    return cols, pos_at


def _tag_rows(doc: DocumentInput, words, pos_at: dict[int, str], entities) -> dict:
    """Every token inside a sentence, with its POS where its sentence was parsed.

    Elsewhere a word takes the POS it most often had in this document's parsed
    sentences, a word inside a named entity is a proper noun, and anything else
    stays unknown ("") and is never a key-term candidate.
    """
    import bisect

    seen: dict[str, Counter] = defaultdict(Counter)
    for start, _, _, lower, _, _, _ in words:
        if start in pos_at:
            seen[lower][pos_at[start]] += 1
    lexicon = {w: c.most_common(1)[0][0] for w, c in seen.items()}
    names = sorted((s, e) for s, e, label in entities if label in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"))
    name_starts = [s for s, _ in names]
    cols = defaultdict(list)
    order = sorted(range(len(doc.start)), key=lambda k: doc.start[k])
    starts = [doc.start[k] for k in order]
    kept = 0
    for start, end, text, lower, is_stop, _, joined in words:
        j = bisect.bisect_right(starts, start) - 1
        if j < 0 or start >= doc.end[order[j]]:
            continue
        pos = pos_at.get(start) or lexicon.get(lower, "")
        if not pos:
            n = bisect.bisect_right(name_starts, start) - 1
            if n >= 0 and start < names[n][1]:
                pos = "PROPN"
        cols["sent_id"].append(doc.sent_id[order[j]])
        cols["i"].append(kept)
        cols["start"].append(start)
        cols["end"].append(end)
        cols["text"].append(text)
        cols["lower"].append(lower)
        cols["pos"].append(pos)
        cols["is_stop"].append(is_stop)
        cols["joined"].append(joined)
        kept += 1
    return cols
