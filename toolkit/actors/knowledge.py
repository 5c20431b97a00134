"""What the actor layer knows before reading: the actor dictionary and pycountry's countries."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import aliases as _aliases


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
    from toolkit.config import read_data_yaml

    data = read_data_yaml("actor_cues.yml")
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


def base_dictionary() -> _aliases.ActorDictionary:
    """The bundled ``actors.yml`` the per-document step uses (part of the store's identity).

    The dictionary a user passes, edits or points ``NEWSLENS_ACTORS`` at is applied
    in the reduce step (:func:`toolkit.resolve.resolve_mentions`), so editing it never
    re-runs spaCy or the per-document layer.
    """
    from toolkit.config import DATA_DIR

    path = DATA_DIR / "actors.yml"
    return _dictionary_at(path.resolve(), path.stat().st_mtime_ns)
