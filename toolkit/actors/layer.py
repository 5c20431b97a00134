"""The layer on spaCy's entities: one document in, mention rows out (pure, per document)."""
from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict

import pandas as pd

from toolkit import aliases as _aliases
from toolkit.actors.cues import (
    CUES, PERSON_CUES, CueLexicon, _dateline, _fixtures, _result_lines, _span_cues, _split_at_numbers,
)
from toolkit.actors.cues import _split_role_names, _titled_names, cue_lexicon
from toolkit.actors.entities import spacy_entities
from toolkit.actors.knowledge import Knowledge, _ambiguous_countries, knowledge
from toolkit.actors.names import ACTOR_LABELS, HONORIFICS, _TYPE_PRIORITY, _acronym_letters, _initials, _overlaps
from toolkit.actors.names import _INITIAL_SKIP, _Span, _words
from toolkit.offsets import span_holding
from toolkit.schemas import column_names, empty

# titles that start an ORG-labelled span only when it is really a person ("Spokeswoman Sandy Angers")
_PERSONAL_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady samdech excellency spokesman spokeswoman spokesperson "
    "president chairman chairwoman senator minister ceo analyst".split()
)
_COMMON_ZIPF = 4.5  # a name part this frequent in English ("San", "Will") is not searched on its own


def _trim(span: _Span, text: str, lex: CueLexicon | None = None) -> _Span | None:
    """Strip a leading "the", a trailing possessive and titles (for people) from a span."""
    start, end = span.start, span.end
    while True:
        piece = text[start:end]
        title = lex.title_prefix.match(piece) if lex is not None and span.label == "PERSON" else None
        if title and title.end() < len(piece):
            start += title.end()
            span.cue = True
            continue
        m = re.match(r"(?:the|The|THE)\s+|[\"“‘'(\[]+", piece)
        if m:
            start += m.end()
            continue
        m = re.search(r"\s*(?:['’]s?|[\"”)\],]+)$", piece)
        if m and m.start() > 0:
            end = start + m.start()
            continue
        first = re.match(r"[\w.’'-]+\s*", piece)
        title = first.group().strip().casefold() if first else ""
        if (span.label == "PERSON" and title in HONORIFICS) or (span.label == "ORG" and title in _PERSONAL_TITLES):
            start += first.end()
            span.cue = True
            continue
        break
    piece = text[start:end].strip()
    if not piece or all(w.casefold() in HONORIFICS for w in _words(piece)):
        return None
    span.start, span.end, span.text = start, start + len(piece), piece
    return span


def _is_title_case_line(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words) and not line.rstrip().endswith(".")


def _known_matches(text: str, start: int, end: int, know: Knowledge) -> list[_Span]:
    spans = []
    if know.gazetteer is not None:
        for m in know.gazetteer.finditer(text, start, end):
            spans.append(_Span(m.start(), m.end(), m.group(), "DICT", "dictionary", known=True))
    return spans


def _split_overlong(span: _Span, text: str, know: Knowledge) -> list[_Span]:
    """A long span in a Title Case line ("China Announces Support for ...") is a headline misread:
    keep only the known names inside it."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    if len(_words(span.text)) < 4 or not _is_title_case_line(line):
        return [span]
    inside = _known_matches(text, span.start, span.end, know)
    for m in re.finditer(r"[A-Z][\w]+", span.text):
        entry = know.lookup(m.group())
        if entry and not any(s.start <= span.start + m.start() < s.end for s in inside):
            inside.append(_Span(span.start + m.start(), span.start + m.end(), m.group(), "GPE", "spacy"))
    return inside


def resolve_document(text: str, entities, *, know: Knowledge) -> list[dict]:
    """Apply the layer to one document's spaCy entities.

    Args:
        text: the document text.
        entities: ``(start, end, label)`` triples from :func:`spacy_entities`
            (all labels: non-actor ones such as MONEY keep names from being added inside them).
        know: names known beforehand (:func:`knowledge`).

    Returns:
        One dict per mention: start, end, text, actor, type, label (spaCy's, or
        DICT) and source (spacy, dictionary, consistency).
    """
    lex = cue_lexicon()
    blockers = [_Span(s, e, text[s:e], label) for s, e, label in entities]
    spans: list[_Span] = []
    for start, end, label in sorted(entities):
        if label not in ACTOR_LABELS:
            continue
        span = _trim(_Span(start, end, text[start:end], label), text, lex)
        if span is not None:
            for piece in _split_overlong(span, text, know):
                for part in _split_at_numbers(piece):
                    spans += _split_role_names(part, text, lex)
    # what spaCy tagged blocks other finds only where no actor span of ours lies (a date cut off a name)
    blockers = [b for b in blockers if not _overlaps(spans, b.start, b.end)]
    for found in _known_matches(text, 0, len(text), know):
        if not _overlaps(spans, found.start, found.end) and not _overlaps(blockers, found.start, found.end):
            spans.append(found)
    spans += _dateline(text, spans, blockers)
    spans += _result_lines(text, spans, blockers)
    spans += _fixtures(text, spans, blockers, lex)
    spans += _titled_names(text, spans, blockers, lex)
    spans.sort(key=lambda s: s.start)
    for s in spans:
        s.cues = list(dict.fromkeys(s.cues + _span_cues(s, text, lex)))
    _type_known(spans, text, know)
    _type_clusters(spans)
    added = _missed_mentions(spans, blockers, text)
    for s in added:
        s.cues = _span_cues(s, text, lex)
    spans = sorted(spans + added, key=lambda s: s.start)
    _type_clusters(spans)
    added = _acronym_definitions(spans, blockers, text)
    spans = sorted(spans + added, key=lambda s: s.start)
    _resolve_acronyms(spans)
    return [
        {"start": s.start, "end": s.end, "text": s.text, "actor": s.actor, "type": s.type, "label": s.label,
         "source": s.source, "cues": " ".join(s.cues)}
        for s in spans if s.type
    ]


def _type_known(spans: list[_Span], text: str, know: Knowledge) -> None:
    """Dictionary and country names, demonyms, and title/role cues.

    A known name that is part of a person's full name in the same document
    ("Jordan" after "Michael Jordan") stays open: the person's cluster takes it.
    """
    people = [
        _words(s.text) for s in spans
        if (s.label == "PERSON" or PERSON_CUES & set(s.cues)) and len(_words(s.text)) > 1 and not know.lookup(s.text)
    ]
    for s in spans:
        words = _words(s.text)
        if s.label != "NORP" and any(_is_sub_name(words, full) for full in people if len(full) > len(words)):
            s.cue = s.cue or bool(PERSON_CUES & set(s.cues))
            continue
        entry = know.lookup(s.text)
        if entry is not None and s.label == "PERSON" and _aliases.normalise(s.text) in _ambiguous_countries():
            entry = None  # "Jordan" the player: spaCy's PERSON stands
        if entry is None and s.label == "NORP":
            entry = know.demonym(s.text)
        if entry is not None:
            s.actor, s.type, s.known = entry.actor, entry.type, True
        elif s.label == "NORP":
            s.actor, s.type, s.known = s.text, "NORP", True
        elif s.cue or (len(_words(s.text)) <= 4 and PERSON_CUES & set(s.cues) and "org-head" not in s.cues):
            s.cue = True
        if entry is not None and entry.type == "GPE" and "country" not in s.cues:
            s.cues.append("country")


def _type_clusters(spans: list[_Span]) -> None:
    """Group each name with the longer name it is part of ("Sokha" -> "Kem Sokha"), then decide
    one type per group: a title/role cue, or a full name spaCy calls a PERSON, makes the group a
    PERSON; otherwise spaCy's labels vote, weighted by the number of words."""
    open_spans = [s for s in spans if not s.known]
    personal = {
        s.text for s in open_spans
        if (s.cue or s.label == "PERSON") and len(_words(s.text)) > 1 and "org-head" not in s.cues
    }
    root = {id(s): s for s in open_spans}
    words_of = {s.text: _words(s.text) for s in open_spans}
    for s in sorted(open_spans, key=lambda s: -len(words_of[s.text])):
        words = words_of[s.text]
        containing = [
            o for o in open_spans
            if len(words_of[o.text]) > len(words) and _is_sub_name(words, words_of[o.text])
            and (o.label == s.label or o.text in personal)  # a part joins a same-label name, or a person's
            and not (s.text in personal and "org-head" in o.cues)  # "Jane Doe" is not the "Jane Doe Party"
        ]
        # "Ford" (ORG) goes with "Ford Motor Company" rather than with "William Clay Ford Jr."
        containing = [o for o in containing if o.label == s.label] or containing
        people = {root[id(o)].text for o in containing if root[id(o)].text in personal}
        if len(people) > 1:
            continue  # "Velkov" beside "Dara Velkov" and "Sina Velkov": relatives are never merged
        if containing:
            before = [o for o in containing if o.start < s.start]
            nearest = before[-1] if before else min(containing, key=lambda o: o.start)
            root[id(s)] = root[id(nearest)]
    votes: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, Counter] = defaultdict(Counter)
    heads = {root[id(s)].text for s in open_spans if "org-head" in root[id(s)].cues}
    for s in open_spans:
        votes[root[id(s)].text]["CUE" if s.cue else s.label] += len(words_of[s.text])
        for cue in s.cues:
            kind, weight = CUES[cue]
            if kind != "PERSON":
                votes[root[id(s)].text][kind] += weight
        forms[root[id(s)].text][s.text] += 1
    for s in open_spans:
        top = root[id(s)].text
        counts = votes[top]
        if top in heads:
            s.type = "ORG"
            s.actor = max(forms[top], key=lambda f: (forms[top][f], len(f)))
        elif counts["CUE"] or top in personal:
            s.type, s.actor = "PERSON", top  # people go by their full name
        else:
            labels = [t for t in counts if t in _TYPE_PRIORITY] or ["ORG"]
            s.type = max(labels, key=lambda t: (counts[t], -_TYPE_PRIORITY.index(t)))
            # organisations go by their usual name: "Boeing", not "Boeing Commercial Airplanes" once
            s.actor = max(forms[top], key=lambda f: (forms[top][f], len(f)))


def _is_sub_name(words: list[str], full: list[str]) -> bool:
    n = len(words)
    return any(full[i:i + n] == words for i in range(len(full) - n + 1))


def _missed_mentions(spans: list[_Span], blockers: list[_Span], text: str) -> list[_Span]:
    """Occurrences of the document's names (and people's distinctive name parts) spaCy did not tag."""
    from wordfreq import zipf_frequency

    forms: dict[str, _Span] = {}
    for s in spans:
        if s.type in ("", "NORP") or s.known or not s.text[:1].isupper():
            continue
        forms.setdefault(s.text, s)
        if s.type == "PERSON":
            for word in _words(s.actor):
                if (
                    len(word) >= 3 and word[0].isupper() and word.casefold() not in HONORIFICS
                    and zipf_frequency(word, "en") < _COMMON_ZIPF
                ):
                    forms.setdefault(word, s)
    added: list[_Span] = []
    if not forms:
        return added
    taken = sorted((s.start, s.end) for s in spans + blockers)
    starts = [start for start, _ in taken]
    reach = list(itertools.accumulate((end for _, end in taken), max))  # furthest end among the first i
    longest_first = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w-])(?:{longest_first})(?![\w$€£]|-\w)", text):
        i = bisect.bisect_left(starts, m.end())  # taken[:i] start before the match ends
        if i and reach[i - 1] > m.start():
            continue
        form, model = m.group(), forms[m.group()]
        label = model.label if form == model.text else "PERSON"
        added.append(_Span(m.start(), m.end(), form, label, "consistency", cue=model.cue and form == model.text))
    return added


def _acronym_definitions(spans: list[_Span], blockers: list[_Span], text: str) -> list[_Span]:
    """"National Unity Party (NUP)": the acronym, and its bare uses in the document, are that party.

    The acronym's mentions carry the ``acronym`` cue and the long name as actor,
    so the reduce step can link the bare acronym in other documents.
    """
    defined: dict[str, _Span] = {}
    for s in spans:
        if s.type not in ("ORG", "GPE", "LOC", "FAC") or len(_words(s.actor)) < 2:
            continue
        m = re.match(r"\s*\(\s*([A-Z][A-Za-z.&]{1,9})\s*\)", text[s.end: s.end + 16])
        letters = m and _acronym_letters(m.group(1).upper())
        if letters and _matches_initials(letters, s.text):
            defined[m.group(1)] = s
    for s in spans:
        if s.text in defined:
            long = defined[s.text]
            s.actor, s.type = long.actor, long.type
            s.cues = list(dict.fromkeys(s.cues + ["acronym"]))
    added = []
    if not defined:
        return added
    taken = spans + blockers
    for m in re.finditer(r"(?<![\w-])(" + "|".join(re.escape(a) for a in defined) + r")(?![\w-])", text):
        if not _overlaps(taken, m.start(), m.end()):
            long = defined[m.group(1)]
            added.append(_Span(m.start(), m.end(), m.group(1), "ORG", "consistency", type=long.type,
                               actor=long.actor, known=True, cues=["acronym"]))
    return added


def _matches_initials(letters: str, name: str) -> bool:
    """"NUP" fits "National Unity Party"; "FUNCINPEC"-style acronyms of foreign words are allowed
    to skip words, never to reorder them."""
    initials = "".join(w[0].upper() for w in _words(name) if w.casefold() not in _INITIAL_SKIP)
    if letters == initials:
        return True
    it = iter(initials)
    return len(letters) >= 2 and letters[0] == initials[:1] and all(c in it for c in letters)


def _resolve_acronyms(spans: list[_Span]) -> None:
    """"NDI" is the "National Democratic Institute" when that name is in the same document."""
    long_names = {}
    for s in spans:
        if s.type in ("ORG", "GPE", "LOC", "FAC") and len(_words(s.actor)) >= 2:
            long_names.setdefault(_initials(s.actor), s)
    for s in spans:
        letters = _acronym_letters(s.text)
        if letters and not s.known and letters in long_names:
            s.actor, s.type = long_names[letters].actor, long_names[letters].type


def _sentence_index(sentences: pd.DataFrame):
    """doc_id -> (starts, ends, rows) for locating a mention in its sentence."""
    index = {}
    for doc_id, group in sentences.sort_values(["doc_id", "start"]).groupby("doc_id", sort=False):
        index[doc_id] = (group["start"].tolist(), group["end"].tolist(),
                         group[["sent_id", "end", "section", "par_id"]].values.tolist())
    return index


def _locate(index, doc_id, start, end):
    """The sentence row (sent_id, end, section, par_id) that holds the whole mention, or None."""
    if doc_id not in index:
        return None
    starts, ends, rows = index[doc_id]
    i = span_holding(starts, start, ends=ends, end=end)
    return rows[i] if i >= 0 else None


def document_mentions(
    text: str, sentences: pd.DataFrame, *, doc_id: str = "doc", entities=None, dictionary=None,
    across_documents: bool = True,
) -> pd.DataFrame:
    """The mentions table of one text: the per-document step of :func:`mentions`.

    Args:
        text: the document text.
        sentences: its sentences (doc_id, sent_id, start, end, section, par_id);
            mentions outside them are dropped.
        doc_id: the id used in ``sentences``.
        entities: spaCy's ``(start, end, label)`` triples; computed when None.
        dictionary: actor dictionary, its path, or None for the default.
        across_documents: also apply the corpus-level naming to this one
            document's rows (acronyms, single names, the dictionary's last word);
            the annotation step leaves it to the reduce step.

    Returns:
        The ``mentions`` table (with its ``par_id``, ``label``, ``source`` and ``cues`` columns).
    """
    know = knowledge(dictionary)
    entities = spacy_entities(text) if entities is None else entities
    rows = _rows_for(doc_id, text, entities, know, _sentence_index(sentences))
    return _finish(rows, know, across_documents=across_documents)


def _rows_for(doc_id, text, entities, know, index) -> list[dict]:
    rows = []
    for row in resolve_document(text, entities, know=know):
        where = _locate(index, doc_id, row["start"], row["end"])
        if where is not None:
            sent_id, _, section, par_id = where
            rows.append({"doc_id": doc_id, "sent_id": sent_id, "section": section, "par_id": par_id, **row})
    return rows


def _finish(rows: list[dict], know: Knowledge, *, across_documents: bool = True) -> pd.DataFrame:
    if not rows:
        return empty("mentions")
    frame = pd.DataFrame(rows)
    if across_documents:
        from toolkit import resolve

        frame = resolve.resolve_mentions(frame, know=know)
    for col in ("sent_id", "start", "end", "par_id"):
        frame[col] = frame[col].astype("int64")
    return frame[column_names("mentions")].sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
