"""What each explorer shows, and the computations behind it: ``traitlets`` classes, no ipywidgets.

Each state can be built, changed and tested without a front end (set a trait,
read a table or a figure); the views in :mod:`toolkit.widgets` wire widgets to
them.
"""
from __future__ import annotations

from collections.abc import Iterable

import traitlets


def known_subset(values: Iterable[str], allowed: Iterable[str], name: str) -> tuple[str, ...]:
    """``values`` in the order of ``allowed``, for a state's traitlets validator.

    Raises:
        traitlets.TraitError: a value is not allowed; the message names it and the allowed ones.
    """
    allowed = tuple(allowed)
    unknown = set(values) - set(allowed)
    if unknown:
        raise traitlets.TraitError(f"unknown {name} {sorted(unknown)}; allowed: {list(allowed)}")
    return tuple(v for v in allowed if v in values)
