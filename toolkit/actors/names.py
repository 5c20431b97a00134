"""Names and spans: the word-level pieces every step of the actor layer (and the reduce) shares."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

ACTOR_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC")
# What the explorers show for each type code; tables keep spaCy's codes.
TYPE_NAMES = {
    "PERSON": "Person", "ORG": "Organisation", "GPE": "Country or city", "LOC": "Place", "FAC": "Place (building or site)",
    "NORP": "Nationality or group", "EVENT": "Event",
}
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
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_INITIAL_SKIP = frozenset("of the and for on in de du la le des & 's ’s".split())
_WORD = re.compile(r"[\w’'.-]*\w\.?|[\w]")


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


@functools.lru_cache(maxsize=1 << 17)
def _initials(name: str) -> str:
    return "".join(w[0] for w in _words(name) if w.casefold() not in _INITIAL_SKIP and w[0].isupper())


def _acronym_letters(text: str) -> str | None:
    return text.replace(".", "") if _ACRONYM.fullmatch(text) else None


def _overlaps(spans: list[_Span], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)
