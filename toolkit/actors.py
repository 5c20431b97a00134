"""Actors: people, organisations and countries, with their aliases merged.

Recognition is spaCy's small English NER (only the ``ner`` component runs)
plus this project's layer on top, applied per document:

* **title and role cues** fix types: "Foreign Minister X", "Samdech X",
  "X, a spokesman for ..." make X a PERSON; titles are stripped from names,
  and a title alone ("Samdech") is never a person;
* **country knowledge** from pycountry and the actor dictionary: "U.S." is the
  United States, demonyms such as "Chinese" link NORP mentions to China;
* **document-level consistency**: a name's type is decided once per document
  (cues win, then a vote), shorter forms ("Sokha") resolve to the nearest full
  name that contains them ("Kem Sokha"), occurrences spaCy missed are added,
  and acronyms ("NDI") resolve to a spelled-out name with those initials;
* **alias resolution across documents** through the actor dictionary
  (:mod:`toolkit.aliases`) and a corpus-level pass for acronyms and single names.

The expensive part, spaCy, is cached on disk per document (content hash +
toolkit and model version); everything else is cheap and recomputed, so
editing ``actors.yml`` takes effect at once.

Example:
    >>> import toolkit as tk
    >>> corpus = tk.load_corpus()  # doctest: +SKIP
    >>> tk.actors(corpus).head()  # doctest: +SKIP
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit import aliases as _aliases
from toolkit._version import __version__
from toolkit.schemas import empty

ACTOR_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC")
UNITS = ("sentence", "paragraph", "document")
MEASURES = ("count", "pmi", "npmi", "jaccard")
_CACHE_FORMAT = 2  # bump when spacy_entities' output changes
_NER_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
_TYPE_PRIORITY = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")

# Words that may precede a person's name; stripped from names and never a person alone.
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady madam samdech excellency his her "
    "president vice prime deputy minister premier chancellor secretary senator sen. rep. representative "
    "governor gov. mayor general gen. colonel col. captain capt. lieutenant lt. sergeant sgt. admiral "
    "king queen prince princess sheikh emir pope cardinal bishop archbishop rev. reverend father "
    "judge justice ambassador chairman chairwoman chairperson speaker professor prof. "
    "spokesman spokeswoman spokesperson leader ceo director commissioner officer detective "
    "foreign defence defense interior finance opposition acting former late".split()
)
# titles that start an ORG-labelled span only when it is really a person ("Spokeswoman Sandy Angers")
_PERSONAL_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady samdech excellency spokesman spokeswoman spokesperson "
    "president chairman chairwoman senator minister ceo analyst".split()
)
_TITLE_WORDS = (
    r"President|Vice[- ]President|Prime Minister|Premier|Chancellor|Minister|Secretary|Senator|Sen\.|Rep\.|"
    r"Governor|Gov\.|Mayor|General|Gen\.|Colonel|Col\.|Captain|Capt\.|Lt\.|Admiral|King|Queen|Prince|Princess|"
    r"Sheikh|Emir|Pope|Cardinal|Bishop|Archbishop|Rev\.|Judge|Justice|Ambassador|Chairman|Chairwoman|Speaker|"
    r"Professor|Prof\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Sir|Dame|Lord|Lady|Samdech|[Ss]pokes(?:man|woman|person)|"
    r"(?:opposition |party |union )?leader|CEO|Director|Commissioner|Detective"
)
_LEFT_CUE = re.compile(rf"\b(?:{_TITLE_WORDS})\s+$")
_RIGHT_CUE = re.compile(
    r"^\s*,\s+(?:(?:a|an|the|its|their|his|her)\s+)?(?:[\w’'.-]+\s+){0,3}?"
    r"(?:spokes(?:man|woman|person)|(?:vice[- ])?chair(?:man|woman|person)|president|(?:prime )?minister|"
    r"secretary|ambassador|adviser|advisor|aide|lawmaker|senator|governor|mayor|director|official|analyst|"
    r"economist|professor|founder|lawyer|attorney|leader|deputy|chief executive|son|daughter|wife|husband)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_INITIAL_SKIP = frozenset("of the and for on in de du la le des & 's ’s".split())
_WORD = re.compile(r"[\w’'.-]*\w\.?|[\w]")
_COMMON_ZIPF = 4.5  # a name part this frequent in English ("San", "Will") is not searched on its own


# ---- knowledge: dictionary + pycountry ----


@dataclass(frozen=True)
class Entry:
    """What a known name resolves to."""

    actor: str
    type: str
    group: str | None = None


@dataclass
class Knowledge:
    """Names the layer knows before reading: the actor dictionary and pycountry's countries."""

    dictionary: _aliases.ActorDictionary
    names: dict[str, Entry] = field(default_factory=dict)
    demonyms: dict[str, Entry] = field(default_factory=dict)
    gazetteer: re.Pattern | None = None
    country_keys: tuple[str, ...] = ()
    _derived: dict = field(default_factory=dict)

    @classmethod
    def build(cls, dictionary: _aliases.ActorDictionary) -> "Knowledge":
        import pycountry

        names: dict[str, Entry] = {}
        for country in pycountry.countries:
            canonical = getattr(country, "common_name", None) or country.name
            for name in {country.name, canonical, getattr(country, "official_name", None)} - {None}:
                names.setdefault(_aliases.normalise(name), Entry(canonical, "GPE"))
        demonyms: dict[str, Entry] = {}
        surface: list[str] = []
        for actor in dictionary.actors:
            entry = Entry(actor.name, actor.type, actor.group)
            for name in (actor.name, *actor.aliases):
                names[_aliases.normalise(name)] = entry
                surface.append(name)
            for name in actor.demonyms:
                demonyms[_aliases.normalise(name)] = entry
        # pycountry names a dictionary entry renamed ("Republic of Türkiye" -> Turkey)
        for key, entry in list(names.items()):
            names[key] = names.get(_aliases.normalise(entry.actor), entry)
        surface.sort(key=len, reverse=True)
        gazetteer = (
            re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(s) for s in surface) + r")(?![\w$€£]|\.\w)")
            if surface else None
        )
        countries = tuple(sorted(k for k, e in names.items() if e.type == "GPE"))
        return cls(dictionary, names, demonyms, gazetteer, countries)

    def lookup(self, text: str) -> Entry | None:
        """The entry for a name or alias, or None."""
        return self.names.get(_aliases.normalise(text))

    def demonym(self, text: str) -> Entry | None:
        """The country a demonym stands for ("Chinese" -> China), or None when unknown or ambiguous."""
        key = _aliases.normalise(text)
        if key in self.demonyms:
            return self.demonyms[key]
        if key not in self._derived:
            self._derived[key] = _derive_demonym(key, self)
        return self._derived[key]


def _derive_demonym(key: str, knowledge: Knowledge) -> Entry | None:
    """Strip a demonym suffix and look for the one country name starting with the stem."""
    stems = []
    for suffix, cut in (("ese", 3), ("ian", 3), ("ish", 3), ("an", 2), ("n", 1), ("i", 1)):
        if key.endswith(suffix) and len(key) - cut >= 4:
            stems.append(key[: len(key) - cut])
    stems.append(key + "a") if key.endswith("n") else None
    for stem in sorted(set(stems), key=len, reverse=True):
        found = {
            knowledge.names[k] for k in knowledge.country_keys
            if k.startswith(stem) and len(stem) >= len(k.split()[0].rstrip(",")) - 2  # "Martian" is not Martinique
        }
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


@functools.lru_cache(maxsize=8)
def _knowledge_for(dictionary: _aliases.ActorDictionary) -> Knowledge:
    return Knowledge.build(dictionary)


@functools.lru_cache(maxsize=8)
def _dictionary_at(path: Path, mtime_ns: int) -> _aliases.ActorDictionary:
    return _aliases.load_dictionary(path)


def knowledge(dictionary: _aliases.ActorDictionary | str | Path | None = None) -> Knowledge:
    """The (cached) :class:`Knowledge` for a dictionary, a dictionary path, or the default dictionary."""
    if not isinstance(dictionary, _aliases.ActorDictionary):
        path = Path(dictionary) if dictionary is not None else _aliases.default_path()
        dictionary = _dictionary_at(path.resolve(), path.stat().st_mtime_ns)
    return _knowledge_for(dictionary)


# ---- spaCy, per document ----


def spacy_entities(text: str, *, nlp=None) -> list[tuple[int, int, str]]:
    """spaCy's entities in ``text`` as ``(start, end, label)``, all labels, one paragraph at a time.

    Paragraphs (text between line breaks) are processed separately so no
    entity spans a line break. The lenses never call this: they read the
    entities :func:`toolkit.annotate` stored; it is here for one-off texts.
    """
    nlp = nlp or ner_model()
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    found = []
    for (offset, _), doc in zip(paragraphs, nlp.pipe(p for _, p in paragraphs)):
        found += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
    return found


def ner_model():
    """The spaCy pipeline with only its ``ner`` component (about 4x faster than the full one)."""
    from toolkit.annotate.document import ner_model as _ner

    return _ner()


def base_dictionary() -> _aliases.ActorDictionary:
    """The bundled ``actors.yml`` the per-document step uses (part of the store's identity).

    The dictionary a user passes, edits or points ``NEWSLENS_ACTORS`` at is applied
    in the reduce step (:func:`toolkit.resolve.resolve_mentions`), so editing it never
    re-runs spaCy or the per-document layer.
    """
    from toolkit.config import DATA_DIR

    path = DATA_DIR / "actors.yml"
    return _dictionary_at(path.resolve(), path.stat().st_mtime_ns)


# ---- the layer: one document in, mention rows out ----


@dataclass
class _Span:
    start: int
    end: int
    text: str
    label: str  # spaCy's label, or DICT for gazetteer finds
    source: str = "spacy"
    type: str = ""
    actor: str = ""
    cue: bool = False
    known: bool = False


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _trim(span: _Span, text: str) -> _Span | None:
    """Strip a leading "the", a trailing possessive and titles (for people) from a span."""
    start, end = span.start, span.end
    while True:
        piece = text[start:end]
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


def _cue_person(span: _Span, text: str) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    left = text[max(line_start, span.start - 40): span.start]
    right = text[span.end: span.end + 80].split("\n", 1)[0]
    return bool(_LEFT_CUE.search(left) or _RIGHT_CUE.match(right))


def _initials(name: str) -> str:
    return "".join(w[0] for w in _words(name) if w.casefold() not in _INITIAL_SKIP and w[0].isupper())


def _acronym_letters(text: str) -> str | None:
    return text.replace(".", "") if _ACRONYM.fullmatch(text) else None


def _overlaps(spans: list[_Span], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


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
    blockers = [_Span(s, e, text[s:e], label) for s, e, label in entities]
    spans: list[_Span] = []
    for start, end, label in sorted(entities):
        if label not in ACTOR_LABELS:
            continue
        span = _trim(_Span(start, end, text[start:end], label), text)
        if span is not None:
            spans += _split_overlong(span, text, know)
    for found in _known_matches(text, 0, len(text), know):
        if not _overlaps(spans, found.start, found.end) and not _overlaps(blockers, found.start, found.end):
            spans.append(found)
    spans.sort(key=lambda s: s.start)
    _type_known(spans, text, know)
    _type_clusters(spans)
    added = _missed_mentions(spans, blockers, text)
    spans = sorted(spans + added, key=lambda s: s.start)
    _type_clusters(spans)
    _resolve_acronyms(spans)
    return [
        {"start": s.start, "end": s.end, "text": s.text, "actor": s.actor, "type": s.type, "label": s.label,
         "source": s.source}
        for s in spans if s.type
    ]


def _type_known(spans: list[_Span], text: str, know: Knowledge) -> None:
    """Dictionary and country names, demonyms, and title/role cues."""
    for s in spans:
        entry = know.lookup(s.text)
        if entry is None and s.label == "NORP":
            entry = know.demonym(s.text)
        if entry is not None:
            s.actor, s.type, s.known = entry.actor, entry.type, True
        elif s.label == "NORP":
            s.actor, s.type, s.known = s.text, "NORP", True
        elif s.cue or (len(_words(s.text)) <= 4 and _cue_person(s, text)):
            s.cue = True


def _type_clusters(spans: list[_Span]) -> None:
    """Group each name with the longer name it is part of ("Sokha" -> "Kem Sokha"), then decide
    one type per group: a title/role cue, or a full name spaCy calls a PERSON, makes the group a
    PERSON; otherwise spaCy's labels vote, weighted by the number of words."""
    open_spans = [s for s in spans if not s.known]
    personal = {s.text for s in open_spans if (s.cue or s.label == "PERSON") and len(_words(s.text)) > 1}
    root = {id(s): s for s in open_spans}
    words_of = {s.text: _words(s.text) for s in open_spans}
    for s in sorted(open_spans, key=lambda s: -len(words_of[s.text])):
        words = words_of[s.text]
        containing = [
            o for o in open_spans
            if len(words_of[o.text]) > len(words) and _is_sub_name(words, words_of[o.text])
            and (o.label == s.label or o.text in personal)  # a part joins a same-label name, or a person's
        ]
        # "Ford" (ORG) goes with "Ford Motor Company" rather than with "William Clay Ford Jr."
        containing = [o for o in containing if o.label == s.label] or containing
        if containing:
            before = [o for o in containing if o.start < s.start]
            nearest = before[-1] if before else min(containing, key=lambda o: o.start)
            root[id(s)] = root[id(nearest)]
    votes: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, Counter] = defaultdict(Counter)
    for s in open_spans:
        votes[root[id(s)].text]["CUE" if s.cue else s.label] += len(words_of[s.text])
        forms[root[id(s)].text][s.text] += 1
    for s in open_spans:
        top = root[id(s)].text
        counts = votes[top]
        if counts["CUE"] or top in personal:
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


# ---- corpus level ----


def _resolve_across_documents(rows: pd.DataFrame, know: Knowledge) -> pd.DataFrame:
    """Acronyms and single-word person names left unresolved in their document.

    ``rows`` are mentions, or a summary of them with an ``n_mentions`` column
    (one row standing for that many mentions, first occurrence first; see
    :func:`toolkit.resolve.mention_summary`): both give the same names.
    """
    if rows.empty:
        return rows
    names = rows.drop_duplicates("actor")[["actor", "type"]]
    if "n_mentions" in rows.columns:
        sizes = rows.groupby("actor", sort=False)["n_mentions"].sum()
    else:
        sizes = rows["actor"].value_counts()
    long_by_initials = defaultdict(set)
    for actor, type_ in names.itertuples(index=False):
        if type_ in ("ORG", "GPE", "LOC", "FAC") and len(_words(actor)) >= 2:
            long_by_initials[_initials(actor)].add((actor, type_))
    people_by_word = defaultdict(set)
    for actor in names.loc[names["type"] == "PERSON", "actor"]:
        if len(_words(actor)) >= 2:
            for word in _words(actor):
                people_by_word[word].add(actor)
    mapping = {}
    for actor, type_ in names.itertuples(index=False):
        if know.lookup(actor):
            continue
        letters = _acronym_letters(actor)
        expansion = _dominant(long_by_initials.get(letters, ()), sizes) if letters else None
        if expansion:
            mapping[actor] = expansion
        elif type_ == "PERSON" and len(_words(actor)) == 1 and len(people_by_word.get(actor, ())) == 1:
            mapping[actor] = (next(iter(people_by_word[actor])), "PERSON")
    if mapping:
        hit = rows["actor"].isin(list(mapping))
        rows.loc[hit, "type"] = rows.loc[hit, "actor"].map(lambda a: mapping[a][1])
        rows.loc[hit, "actor"] = rows.loc[hit, "actor"].map(lambda a: mapping[a][0])
    # the dictionary has the last word: an NER-found name may be an alias of an entry
    final = rows["actor"].map(lambda a: know.lookup(a))
    has = final.notna()
    rows.loc[has, "actor"] = final[has].map(lambda e: e.actor)
    rows.loc[has, "type"] = final[has].map(lambda e: e.type)
    return rows


def _dominant(candidates, sizes: pd.Series):
    """The one candidate, or the one mentioned at least three times as often as any other ("General
    Motors" over a misspelt "General Motor"); None when the choice is unclear."""
    ranked = sorted(candidates, key=lambda c: -sizes.get(c[0], 0))
    if len(ranked) == 1 or (ranked and sizes.get(ranked[0][0], 0) >= 3 * sizes.get(ranked[1][0], 0)):
        return ranked[0]
    return None


def _sentence_index(sentences: pd.DataFrame):
    """doc_id -> (starts, rows) for locating a character offset in its sentence."""
    index = {}
    for doc_id, group in sentences.sort_values(["doc_id", "start"]).groupby("doc_id", sort=False):
        index[doc_id] = (group["start"].tolist(), group[["sent_id", "end", "section", "par_id"]].values.tolist())
    return index


def _locate(index, doc_id, start, end):
    if doc_id not in index:
        return None
    starts, rows = index[doc_id]
    i = bisect.bisect_right(starts, start) - 1
    if i < 0 or end > rows[i][1]:
        return None
    return rows[i]


MENTION_COLUMNS = ["doc_id", "sent_id", "section", "start", "end", "text", "actor", "type"]


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
        The ``mentions`` table plus ``par_id``, ``label`` and ``source`` columns.
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
        frame = empty("mentions")
        for col, dtype in (("par_id", "int64"), ("label", "object"), ("source", "object")):
            frame[col] = pd.Series(dtype=dtype)
        return frame
    frame = pd.DataFrame(rows)
    if across_documents:
        frame = _resolve_across_documents(frame, know)
    for col in ("sent_id", "start", "end", "par_id"):
        frame[col] = frame[col].astype("int64")
    order = MENTION_COLUMNS + ["par_id", "label", "source"]
    return frame[order].sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def mentions(corpus, *, dictionary=None, cache: bool = True, progress: bool | None = None) -> pd.DataFrame:
    """Every actor mention in the corpus, one row each.

    Reads the mentions :func:`toolkit.annotate` stored for each document
    (annotating the missing ones first), then resolves names across the whole
    corpus (:func:`toolkit.resolve.resolve_mentions`): a view made with
    ``corpus.select`` names every mention as its corpus does.

    Args:
        corpus: a :class:`toolkit.Corpus` (or a view from ``corpus.select``;
            mentions in sections it leaves out, e.g. captions, are dropped).
        dictionary: an :class:`~toolkit.aliases.ActorDictionary`, a path to an
            ``actors.yml``, or None for the default dictionary.
        cache: kept for compatibility; annotations are always stored.
        progress: show a progress bar while annotating; None shows one above 50 new documents.

    Returns:
        The ``mentions`` table: doc_id, sent_id, section, start, end, text,
        actor, type; plus par_id, label (spaCy's label, or DICT) and source
        (spacy, dictionary or consistency).

    Example:
        >>> m = mentions(tk.load_corpus())  # doctest: +SKIP
        >>> m.loc[m.actor == "Kem Sokha", "text"].unique()  # doctest: +SKIP
        array(['Kem Sokha', 'Sokha'], dtype=object)
    """
    from toolkit import resolve
    from toolkit.annotate import ensure_annotated, stored_rows

    ensure_annotated(corpus, progress=progress)
    rows = stored_rows(corpus.whole, "mentions")
    resolved = resolve.resolve_mentions(rows, know=knowledge(dictionary))
    return resolve.within(resolved, corpus)[MENTION_COLUMNS + ["par_id", "label", "source"]].reset_index(drop=True)


def actors(corpus, *, dictionary=None, mentions_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor, most mentioned first.

    Args:
        corpus: the corpus (for publication dates, and mentions when not given).
        dictionary: as in :func:`mentions`.
        mentions_table: a precomputed (possibly filtered) :func:`mentions` table.

    Returns:
        The ``actors`` table: actor, type, mentions, documents, aliases (list of
        surface forms, most frequent first), first_seen, last_seen, plus group
        and wikidata from the dictionary.
    """
    table = mentions(corpus, dictionary=dictionary) if mentions_table is None else mentions_table
    if table.empty:
        frame = empty("actors")
        frame["group"], frame["wikidata"] = pd.Series(dtype=object), pd.Series(dtype=object)
        return frame
    know = knowledge(dictionary)
    dates = corpus.documents.set_index("doc_id")["published"]
    table = table.assign(published=table["doc_id"].map(dates))
    rows = []
    for actor, group in table.groupby("actor", sort=False):
        entry = know.dictionary.get(actor)
        rows.append({
            "actor": actor,
            "type": group["type"].mode().iloc[0],
            "mentions": len(group),
            "documents": group["doc_id"].nunique(),
            "aliases": group["text"].value_counts().index.tolist(),
            "first_seen": group["published"].min(),
            "last_seen": group["published"].max(),
            "group": entry.group if entry else None,
            "wikidata": entry.wikidata if entry else None,
        })
    frame = pd.DataFrame(rows)
    for col in ("first_seen", "last_seen"):
        frame[col] = pd.to_datetime(frame[col])
    frame["mentions"] = frame["mentions"].astype("int64")
    frame["documents"] = frame["documents"].astype("int64")
    return frame.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def cooccurrence(
    corpus, *, unit: str = "sentence", measure: str = "count", dictionary=None,
    mentions_table: pd.DataFrame | None = None, min_count: int = 1,
) -> pd.DataFrame:
    """How often two actors appear in the same sentence, paragraph or document.

    Args:
        corpus: the corpus (mentions are computed unless ``mentions_table`` is given).
        unit: "sentence", "paragraph" or "document".
        measure: "count" (number of shared units), "pmi" (log2 of observed over
            expected), "npmi" (PMI scaled to [-1, 1]) or "jaccard" (shared units
            over units with either actor).
        dictionary: as in :func:`mentions`.
        mentions_table: a precomputed (possibly filtered) :func:`mentions` table.
        min_count: drop pairs sharing fewer units than this.

    Returns:
        The ``cooccurrence`` table: source, target (source < target
        alphabetically), weight, plus count (shared units), sorted by weight.

    Raises:
        ValueError: unknown ``unit`` or ``measure``.
    """
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    table = mentions(corpus, dictionary=dictionary) if mentions_table is None else mentions_table
    out = empty("cooccurrence")
    out["count"] = pd.Series(dtype="int64")
    if table.empty:
        return out
    key = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "par_id"], "document": ["doc_id"]}[unit]
    units = table.drop_duplicates(key + ["actor"]).groupby(key, sort=False)["actor"].apply(sorted)
    n_units = _count_units(corpus, unit, fallback=len(units))
    singles = Counter(a for members in units for a in members)
    pairs = Counter((a, b) for members in units for i, a in enumerate(members) for b in members[i + 1:])
    rows = [(a, b, n) for (a, b), n in pairs.items() if n >= min_count]
    if not rows:
        return out
    frame = pd.DataFrame(rows, columns=["source", "target", "count"])
    frame["weight"] = _association(frame, singles, n_units, measure)
    frame["count"] = frame["count"].astype("int64")
    frame = frame[["source", "target", "weight", "count"]]
    return frame.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def _count_units(corpus, unit: str, *, fallback: int) -> int:
    sentences = getattr(corpus, "sentences", None)
    if sentences is None or sentences.empty:
        return max(fallback, 1)
    key = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "par_id"], "document": ["doc_id"]}[unit]
    return max(len(sentences.drop_duplicates(key)), fallback, 1)


def _association(frame: pd.DataFrame, singles: Counter, n: int, measure: str) -> pd.Series:
    import numpy as np

    both = frame["count"].astype(float)
    if measure == "count":
        return both
    left = frame["source"].map(singles).astype(float)
    right = frame["target"].map(singles).astype(float)
    if measure == "jaccard":
        return both / (left + right - both)
    pmi = np.log2(both * n / (left * right))
    if measure == "pmi":
        return pmi
    p_both = both / n
    return pd.Series(np.where(p_both >= 1, 1.0, pmi / -np.log2(p_both)), index=frame.index)
