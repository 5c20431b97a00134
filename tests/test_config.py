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


def test_cached_json_builds_once_then_reads_back_until_its_key_changes(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSLENS_CACHE", str(tmp_path))
    built = []

    def build():
        built.append(1)
        return {"phnom penh": "city"}

    assert config.cached_json("places", ["v1"], build) == {"phnom penh": "city"}
    assert config.cached_json("places", ["v1"], build) == {"phnom penh": "city"} and len(built) == 1
    config.cached_json("places", ["v2"], build)  # a new package version: built again, the old file removed
    assert len(built) == 2 and len(list((tmp_path / "knowledge").glob("places-*.json"))) == 1
    assert not list((tmp_path / "knowledge").glob(".*"))  # no temporary file left: written whole, then renamed


def test_cached_json_rebuilds_a_damaged_file_and_works_without_a_writable_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSLENS_CACHE", str(tmp_path))
    config.cached_json("names", [1], lambda: [1, 2])
    (damaged,) = (tmp_path / "knowledge").glob("names-*.json")
    damaged.write_text('[1, 2', encoding="utf-8")  # cut off
    assert config.cached_json("names", [1], lambda: [1, 2, 3]) == [1, 2, 3]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("NEWSLENS_CACHE", str(blocked))
    assert config.cached_json("names", [1], lambda: ["built"]) == ["built"]
