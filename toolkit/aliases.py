"""The actor dictionary (``actors.yml``): load, validate, edit and save it safely.

An :class:`ActorDictionary` is immutable: :func:`merge`, :func:`split`,
:func:`rename` and :func:`set_group` return a new dictionary, so an explorer
can keep every earlier state for undo. :func:`save_dictionary` writes
atomically (temporary file + rename), keeps a timestamped backup of the file
it replaces and refuses to overwrite a file that changed on disk since it was
loaded, so no earlier edit is ever lost.

Example:
    >>> from toolkit import aliases
    >>> d = aliases.load_dictionary()  # doctest: +SKIP
    >>> d = aliases.merge(d, ["Sokha", "Kem Sokha"], into="Kem Sokha", type="PERSON")  # doctest: +SKIP
    >>> aliases.save_dictionary(d, "my_actors.yml")  # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from toolkit.config import DATA_DIR, write_atomically

ACTOR_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
DEFAULT_PATH = DATA_DIR / "actors.yml"
_FIELDS = ("name", "type", "aliases", "demonyms", "wikidata", "group")
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")


class ActorsFileError(ValueError):
    """``actors.yml`` is malformed; the message names the file, line and column."""


class ConflictError(RuntimeError):
    """The file changed on disk after it was loaded; saving would lose those edits."""


@dataclass(frozen=True)
class Actor:
    """One dictionary entry."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    wikidata: str | None = None
    group: str | None = None

    def to_yaml(self) -> dict:
        entry = {"name": self.name, "type": self.type}
        for key in ("aliases", "demonyms"):
            if getattr(self, key):
                entry[key] = list(getattr(self, key))
        for key in ("wikidata", "group"):
            if getattr(self, key):
                entry[key] = getattr(self, key)
        return entry


@dataclass(frozen=True)
class SpeakerCorrection:
    """The user's speaker for one quote: the quote starting at ``start`` in document ``doc_id``."""

    doc_id: str
    start: int
    speaker: str


@dataclass(frozen=True)
class ActorDictionary:
    """All entries and the user's speaker corrections, plus where they came from (for conflict-safe saving)."""

    actors: tuple[Actor, ...] = ()
    path: Path | None = None
    source_hash: str | None = field(default=None, compare=False)
    speakers: tuple[SpeakerCorrection, ...] = field(default=(), compare=False)  # actors alone define knowledge

    def get(self, name: str) -> Actor | None:
        """The entry whose canonical name is ``name``, or None."""
        return next((a for a in self.actors if a.name == name), None)

    def lookup(self) -> dict[str, Actor]:
        """Normalised name, alias or demonym -> entry (see :func:`normalise`)."""
        table: dict[str, Actor] = {}
        for actor in self.actors:
            for text in (actor.name, *actor.aliases, *actor.demonyms):
                table.setdefault(normalise(text), actor)
        return table

    def fingerprint(self) -> str:
        """A short hash of the entries, for cache keys and provenance."""
        return hashlib.sha1(repr(self.actors).encode()).hexdigest()[:12]

    def to_frame(self):
        """The entries as a DataFrame (name, type, aliases, demonyms, wikidata, group)."""
        import pandas as pd

        rows = [dataclasses.asdict(a) | {"aliases": list(a.aliases), "demonyms": list(a.demonyms)} for a in self.actors]
        return pd.DataFrame(rows, columns=list(_FIELDS))


def normalise(text: str) -> str:
    """The key names are compared by: case-folded, straight apostrophes, no leading "the".

    Example:
        >>> normalise("the Cambodian People’s  Party")
        "cambodian people's party"
    """
    text = re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().casefold()
    return re.sub(r"^the ", "", text)


def default_path() -> Path:
    """The dictionary the toolkit uses: ``$NEWSLENS_ACTORS`` or the bundled ``toolkit/data/actors.yml``."""
    return Path(os.environ.get("NEWSLENS_ACTORS", DEFAULT_PATH))


# ---- loading and validation ----


def load_dictionary(path: str | Path | None = None) -> ActorDictionary:
    """Read and validate an actor dictionary file.

    Args:
        path: the YAML file; defaults to :func:`default_path`.

    Returns:
        The validated :class:`ActorDictionary`.

    Raises:
        ActorsFileError: malformed YAML or a bad entry, with ``file:line:column``.
        FileNotFoundError: the file does not exist.
    """
    path = Path(path) if path is not None else default_path()
    text = path.read_text(encoding="utf-8")
    return ActorDictionary(parse_dictionary(text, source=str(path)), path, _hash(text),
                           parse_speakers(text, source=str(path)))


def _parsed(text: str):
    """``(root node, data)`` of YAML text from one parse (libyaml when PyYAML has it): the nodes carry the
    line and column that errors name."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def parse_dictionary(text: str, *, source: str = "<actors.yml>") -> tuple[Actor, ...]:
    """Parse and validate dictionary YAML text into entries.

    Raises:
        ActorsFileError: the message starts with ``source:line:column:`` (1-based).
    """
    try:
        root, data = _parsed(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise ActorsFileError(f"{source}:{mark.line + 1}:{mark.column + 1}: {err.problem or err}") from None
    if root is None:
        return ()
    if not isinstance(data, dict) or not isinstance(data.get("actors", []), list):
        _fail(source, root, "expected a mapping with an 'actors:' list at the top")
    entries = _node_value(root, "actors")
    actors, seen = [], {}
    for node, raw in zip(entries.value if entries is not None else [], data.get("actors") or []):
        actor = _actor_from(raw, node, source)
        for text_ in (actor.name, *actor.aliases, *actor.demonyms):
            key = normalise(text_)
            if key in seen and seen[key] != actor.name:
                _fail(source, node, f"{text_!r} is used by both {seen[key]!r} and {actor.name!r}")
            seen[key] = actor.name
        actors.append(actor)
    return tuple(actors)


def parse_speakers(text: str, *, source: str = "<actors.yml>") -> tuple[SpeakerCorrection, ...]:
    """The ``speakers:`` list of a dictionary file: ``{doc_id, start, speaker}`` per corrected quote.

    Raises:
        ActorsFileError: a malformed entry, with ``source:line:column:``.
    """
    root, data = _parsed(text)
    if not isinstance(data, dict) or not data.get("speakers"):
        return ()
    nodes = _node_value(root, "speakers")
    if not isinstance(data["speakers"], list):
        _fail(source, nodes or root, "'speakers:' must be a list of {doc_id, start, speaker}")
    out = []
    for node, raw in zip(nodes.value, data["speakers"]):
        ok = (isinstance(raw, dict) and set(raw) == {"doc_id", "start", "speaker"} and isinstance(raw["doc_id"], str)
              and isinstance(raw["start"], int) and isinstance(raw["speaker"], str) and raw["speaker"].strip())
        if not ok:
            _fail(source, node, f"a speaker correction needs doc_id (text), start (number) and speaker, got {raw!r}")
        out.append(SpeakerCorrection(raw["doc_id"], raw["start"], raw["speaker"].strip()))
    return tuple(out)


def correct_speaker(dictionary: ActorDictionary, doc_id: str, start: int, speaker: str | None) -> ActorDictionary:
    """The dictionary with the quote at (``doc_id``, ``start``) credited to ``speaker`` (None: no correction)."""
    kept = tuple(c for c in dictionary.speakers if (c.doc_id, c.start) != (doc_id, int(start)))
    if speaker and speaker.strip():
        kept += (SpeakerCorrection(doc_id, int(start), speaker.strip()),)
    return dataclasses.replace(dictionary, speakers=kept)


def _actor_from(raw, node, source: str) -> Actor:
    if not isinstance(raw, dict):
        _fail(source, node, f"each actor must be a mapping with name and type, got {raw!r}")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        _fail(source, node, f"unknown key(s) {unknown}; allowed: {', '.join(_FIELDS)}")
    name, type_ = raw.get("name"), raw.get("type")
    if not isinstance(name, str) or not name.strip():
        _fail(source, node, "every actor needs a non-empty 'name'")
    if type_ not in ACTOR_TYPES:
        _fail(source, node, f"{name!r}: type {type_!r} is not one of {', '.join(ACTOR_TYPES)}")
    lists = {}
    for key in ("aliases", "demonyms"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            _fail(source, _node_value(node, key) or node, f"{name!r}: '{key}' must be a list of names")
        lists[key] = tuple(v.strip() for v in value)
    wikidata = raw.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA.fullmatch(wikidata)):
        _fail(source, _node_value(node, "wikidata") or node, f"{name!r}: wikidata {wikidata!r} is not like Q123")
    group = raw.get("group")
    if group is not None and not isinstance(group, str):
        _fail(source, _node_value(node, "group") or node, f"{name!r}: group must be text")
    return Actor(name.strip(), type_, lists["aliases"], lists["demonyms"], wikidata, group or None)


def _node_value(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _fail(source: str, node, message: str):
    mark = node.start_mark
    raise ActorsFileError(f"{source}:{mark.line + 1}:{mark.column + 1}: {message}")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- editing (pure: each returns a new dictionary) ----


def _replace_actors(dictionary: ActorDictionary, actors) -> ActorDictionary:
    actors = tuple(actors)
    check = yaml.safe_dump({"actors": [a.to_yaml() for a in actors]}, allow_unicode=True, sort_keys=False)
    parse_dictionary(check, source="<edited dictionary>")  # same rules as a file: no alias used twice
    return dataclasses.replace(dictionary, actors=actors)


def _unique(names) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def merge(dictionary: ActorDictionary, names, *, into: str, type: str | None = None) -> ActorDictionary:
    """Make every name in ``names`` an alias of ``into``.

    Names that are dictionary entries bring their aliases and demonyms along;
    names that are not (actors found only by NER) simply become aliases.

    Args:
        names: canonical names or surface forms to fold in.
        into: the canonical name to keep (created if it is not an entry yet).
        type: the type of a newly created entry; defaults to the first merged entry's type, then PERSON.

    Raises:
        ValueError: ``type`` is not a known actor type.
    """
    if type is not None and type not in ACTOR_TYPES:
        raise ValueError(f"type {type!r} is not one of {', '.join(ACTOR_TYPES)}")
    merged = [dictionary.get(n) for n in (into, *names)]
    merged = [a for a in merged if a is not None]
    target = dictionary.get(into) or Actor(into, type or (merged[0].type if merged else "PERSON"))
    aliases, demonyms = list(target.aliases), list(target.demonyms)
    wikidata, group = target.wikidata, target.group
    for name in names:
        if name == into:
            continue
        entry = dictionary.get(name)
        aliases += [name, *(entry.aliases if entry else ())]
        demonyms += list(entry.demonyms if entry else ())
        wikidata, group = wikidata or (entry and entry.wikidata), group or (entry and entry.group)
    target = dataclasses.replace(
        target, type=type or target.type, aliases=_unique(a for a in aliases if a != into),
        demonyms=_unique(demonyms), wikidata=wikidata or None, group=group or None,
    )
    gone = set(names) | {into}
    return _replace_actors(dictionary, [a for a in dictionary.actors if a.name not in gone] + [target])


def split(dictionary: ActorDictionary, name: str, *, aliases, new_name: str, type: str | None = None) -> ActorDictionary:
    """Move some aliases of ``name`` to a new actor ``new_name``.

    Raises:
        KeyError: ``name`` is not an entry.
        ValueError: an alias is not one of ``name``'s, or ``new_name`` already exists.
    """
    entry = dictionary.get(name)
    if entry is None:
        raise KeyError(f"no actor named {name!r} in the dictionary")
    if dictionary.get(new_name) is not None:
        raise ValueError(f"an actor named {new_name!r} already exists; use merge instead")
    moving = _unique(aliases)
    unknown = [a for a in moving if a not in entry.aliases]
    if unknown:
        raise ValueError(f"{unknown} are not aliases of {name!r}; its aliases are {list(entry.aliases)}")
    kept = dataclasses.replace(entry, aliases=tuple(a for a in entry.aliases if a not in moving))
    new = Actor(new_name, type or entry.type, tuple(a for a in moving if a != new_name), group=entry.group)
    actors = [kept if a.name == name else a for a in dictionary.actors]
    return _replace_actors(dictionary, actors + [new])


def rename(dictionary: ActorDictionary, old: str, new: str, *, type: str | None = None) -> ActorDictionary:
    """Give actor ``old`` the canonical name ``new``; ``old`` stays as an alias so text still resolves.

    An ``old`` that is not an entry yet (found by NER only) becomes a new entry.
    """
    entry = dictionary.get(old)
    if entry is None:
        return merge(dictionary, [old], into=new, type=type)
    aliases = _unique([old, *(a for a in entry.aliases if a != new)])
    renamed = dataclasses.replace(entry, name=new, aliases=aliases, type=type or entry.type)
    return _replace_actors(dictionary, [renamed if a.name == old else a for a in dictionary.actors])


def set_group(dictionary: ActorDictionary, name: str, group: str | None, *, type: str = "PERSON") -> ActorDictionary:
    """Put actor ``name`` in ``group`` (None removes it), creating the entry if needed."""
    entry = dictionary.get(name) or Actor(name, type)
    updated = dataclasses.replace(entry, group=group or None)
    others = [a for a in dictionary.actors if a.name != name]
    return _replace_actors(dictionary, others + [updated])


# ---- saving ----


def dump_dictionary(dictionary: ActorDictionary) -> str:
    """The dictionary as YAML text, with a short header."""
    content = {"actors": [a.to_yaml() for a in dictionary.actors]}
    if dictionary.speakers:
        content["speakers"] = [dataclasses.asdict(c) for c in dictionary.speakers]
    body = yaml.safe_dump(
        content,
        allow_unicode=True, sort_keys=False, default_flow_style=None, width=100,
    )
    return "# Actor dictionary; see toolkit/data/actors.yml for the format.\n" + body


def save_dictionary(
    dictionary: ActorDictionary, path: str | Path | None = None, *, force: bool = False
) -> ActorDictionary:
    """Write ``dictionary`` atomically, keeping a timestamped backup of the file it replaces.

    Args:
        path: where to write; defaults to the file it was loaded from, then :func:`default_path`.
        force: overwrite even if the file changed on disk since it was loaded.

    Returns:
        The dictionary as saved, bound to ``path`` (save it again without a conflict).

    Raises:
        ConflictError: the file changed on disk since ``dictionary`` was loaded from it.
    """
    path = Path(path) if path is not None else (dictionary.path or default_path())
    text = dump_dictionary(dictionary)
    parse_dictionary(text, source=str(path))  # never write what we could not read back
    parse_speakers(text, source=str(path))
    if path.exists():
        current = path.read_bytes()
        loaded_here = dictionary.path is not None and Path(dictionary.path).resolve() == path.resolve()
        if loaded_here and not force and dictionary.source_hash and _hash(current.decode("utf-8", "replace")) != dictionary.source_hash:
            raise ConflictError(
                f"{path} changed on disk after it was loaded; reload it and redo the edit, or save with force=True"
            )
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        write_atomically(path.with_name(f"{path.name}.{stamp}.bak"), current)
    write_atomically(path, text.encode("utf-8"))
    return dataclasses.replace(dictionary, path=path, source_hash=_hash(text))


