"""The spaCy pipeline (toolkit.nlp): found among the installed packages, loaded once per set of excluded
components, and refused when its version is not the pinned one."""
from __future__ import annotations

import pytest

from toolkit import nlp

EVERY_COMPONENT = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter")


def test_the_model_package_is_one_of_the_two_known_ones():
    assert nlp.model_package() in nlp.MODEL_PACKAGES


def test_a_pipeline_is_loaded_once_for_its_excluded_components_in_any_order():
    tagger_only = nlp.load_model(exclude=("ner", "parser", "lemmatizer", "senter"))
    loads = nlp.load_count()
    assert nlp.load_model(exclude=["senter", "lemmatizer", "parser", "ner"]) is tagger_only
    assert nlp.load_count() == loads  # from the cache, not loaded again
    assert tagger_only.pipe_names == ["tok2vec", "tagger", "attribute_ruler"]
    assert [t.tag_ for t in tagger_only("Hun Sen spoke.")] == ["NNP", "NNP", "VBD", "."]


def test_a_model_of_another_version_is_refused_with_the_install_command(monkeypatch):
    monkeypatch.setattr(nlp, "MODEL_VERSION", "9.9.0")
    monkeypatch.setattr(nlp, "_loads", [0])  # this load is not one of the process's pipelines
    with pytest.raises(nlp.ModelNotFoundError, match=r"is version 3\.8\.\d+; the toolkit is tested with 9\.9\.0"
                                                      r".*requirements/model\.lock"):
        nlp._load.__wrapped__(EVERY_COMPONENT)  # past the cache: a fresh load


def test_spacy_model_loads_offline():
    nlp_model = nlp.load_model(exclude=("parser", "lemmatizer"))
    assert nlp_model.meta["version"] == nlp.MODEL_VERSION
    assert nlp.load_model(exclude=("lemmatizer", "parser")) is nlp_model


def test_missing_model_gives_clear_error(monkeypatch):
    monkeypatch.setattr(nlp, "MODEL_PACKAGES", ("no_such_model_pkg",))
    with pytest.raises(nlp.ModelNotFoundError, match="requirements/model.lock"):
        nlp.model_package()
