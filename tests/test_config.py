"""Paths and defaults (toolkit.config): found from the package, never the working directory; the cache and
exports folders follow their environment variables."""
from __future__ import annotations

from pathlib import Path

from toolkit import config


def test_the_cache_and_exports_folders_follow_their_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSLENS_CACHE", str(tmp_path / "my-cache"))
    monkeypatch.setenv("NEWSLENS_EXPORTS", str(tmp_path / "my-exports"))
    assert config.cache_dir() == tmp_path / "my-cache"
    assert config.exports_dir() == tmp_path / "my-exports"


def test_without_the_variables_the_folders_are_in_the_project_from_any_working_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSLENS_CACHE", raising=False)
    monkeypatch.delenv("NEWSLENS_EXPORTS", raising=False)
    monkeypatch.chdir(tmp_path)
    root = Path(__file__).resolve().parents[1]  # the checkout holding tests/ and toolkit/
    assert config.PROJECT_ROOT == root and config.PROJECT_ROOT.is_absolute()
    assert config.cache_dir() == root / ".cache" / "toolkit"
    assert config.exports_dir() == root / "exports"


def test_the_seeds_and_the_bundled_data_are_found_from_any_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert (config.SEEDS_DIR / "000_7f0e12e3122e4f90.txt").is_file()
    assert {"actors.yml", "actor_cues.yml", "verb_classes.csv"} <= {p.name for p in config.DATA_DIR.iterdir()}
    assert config.DATA_DIR == config.PROJECT_ROOT / "toolkit" / "data"


def test_the_corpus_picker_offers_the_seeds_first_and_a_sample_only_when_built(monkeypatch, tmp_path):
    corpora = config.known_corpora()
    assert next(iter(corpora.items())) == ("seeds", config.SEEDS_DIR)
    monkeypatch.setattr(config, "SAMPLES_DIR", tmp_path / "samples")
    assert config.known_corpora() == {"seeds": config.SEEDS_DIR}
    (tmp_path / "samples" / "wikinews").mkdir(parents=True)
    assert config.known_corpora() == {"seeds": config.SEEDS_DIR, "samples/wikinews": tmp_path / "samples" / "wikinews"}
