"""How things are named on screen: documents by their titles, long names shortened, types in plain words.

Tables and the public API keep ids and codes (doc_id, "GPE"); charts, legends,
dropdowns and hover text show what a reader understands.

Example:
    >>> shorten("Cambodia National Rescue Party", max_chars=20)
    'Cambodia National…'
    >>> type_name("GPE")
    'Country or city'
"""
from __future__ import annotations

import pandas as pd

__all__ = ["shorten", "document_labels", "type_name"]


def shorten(text: str, *, max_chars: int) -> str:
    """``text`` cut at the last word that fits in ``max_chars``, with "…" (a single long word is cut inside).

    Raises:
        ValueError: ``max_chars`` below 2 (no room for a character and the "…").
    """
    if max_chars < 2:
        raise ValueError(f"max_chars must be at least 2 (a character and the '…'), not {max_chars!r}")
    text = " ".join(str(text).split())
    if len(text) <= max_chars:
        return text
    room = text[: max_chars - 1]
    ends_a_word = text[len(room)] == " "
    cut = room if ends_a_word or " " not in room else room.rsplit(" ", 1)[0]
    return cut.rstrip(",;:–—-") + "…"


def document_labels(documents: pd.DataFrame, *, max_chars: int = 60) -> pd.Series:
    """``doc_id -> label``: each document's title, shortened; documents with the same label get their date.

    A raw id is never a label unless the document has no title and no text. Titles
    that are still equal after the date are numbered.

    Args:
        documents: ``corpus.documents`` (doc_id, title; published when present).
        max_chars: longest label.
    """
    titles = documents["title"].fillna("").astype(str) if "title" in documents else pd.Series("", index=documents.index)
    ids = documents["doc_id"].astype(str)
    labels = [shorten(t, max_chars=max_chars) if t.strip() else d for t, d in zip(titles, ids)]
    labels = pd.Series(labels, index=ids.to_numpy(), dtype=object)
    if "published" in documents:
        dates = pd.to_datetime(documents["published"]).dt.strftime("%Y-%m-%d").fillna("").to_numpy()
        twice = labels.duplicated(keep=False).to_numpy()
        labels[twice] = [f"{label} · {day}" if day else label for label, day in zip(labels[twice], dates[twice])]
    seen: dict[str, int] = {}
    for doc_id, label in labels.items():
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[doc_id] = f"{label} ({seen[label]})"
    return labels


def type_name(code) -> str:
    """The plain name of an actor type code ("GPE" -> "Country or city"); unknown codes stay as they are."""
    from toolkit.actors import TYPE_NAMES

    return TYPE_NAMES.get(code, str(code))
