"""Paths and defaults, resolved from the package location, never the working directory."""
from __future__ import annotations

import os
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
