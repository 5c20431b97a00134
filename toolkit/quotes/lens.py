"""The entry points: the quotes of one document with their speakers, and the corpus lens ``quotes``."""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.frames import is_in
from toolkit.quotes.finding import MIN_WORDS, Quote, find_quotes, typewriter_quotes
from toolkit.quotes.indirect import indirect_speech
from toolkit.quotes.speakers import (
    _SPEAKER_FIELDS,
    CONFIDENCE,
    _find_who,
    _kind,
    _masked,
    _Mention,
    _no_speaker,
    _Speakers,
)
from toolkit.schemas import empty


def document_quotes(
    text: str, mentions: pd.DataFrame | None = None, *, sentences=None, indirect: bool = False
) -> list[dict]:
    """Quotes of one document with their speakers.

    Args:
        text: the document text.
        mentions: that document's rows of :func:`toolkit.mentions` (start, end,
            actor, type), used to name speakers; None names them as written.
        sentences: ``(start, end)`` of its sentences, needed for ``indirect``.
        indirect: also report indirect speech (see :func:`indirect_speech`).

    Returns:
        One dict per quote: start, end, quote, kind ("direct", "partial" or
        "indirect"), speaker (the document-level actor, or the name as written),
        speaker_start (offset of the speaker's mention, -1 when none),
        speaker_text, speaker_end (the words naming the speaker; -1 when none),
        speaker_via ("named", "pronoun", "descriptor", "context" or ""), cue,
        confidence (0 to 1) and closed.
    """
    spans = [] if mentions is None else [
        _Mention(int(r.start), int(r.end), r.actor, r.type)
        for r in mentions.sort_values("start").itertuples(index=False)
    ]
    text = typewriter_quotes(text)  # same offsets; the speaker patterns read curly marks
    masked = _masked(text)
    quotes = find_quotes(text)
    speakers = _Speakers(text, masked, spans, quotes, sentences)
    spoken: list[tuple[int, _Mention]] = []
    rows: list[dict] = []
    for quote in quotes:
        who = _find_who(masked, quote, quotes)
        if len(quote.quote.split()) < MIN_WORDS and who is None:
            continue
        kind = _kind(masked, quote)
        if who is not None:
            found = speakers.name(who, quote.start, spoken) | {"cue": who.cue}
            found["confidence"] = CONFIDENCE.get(found["speaker_via"], 0.0) if found["speaker_text"] else 0.0
        else:
            found = _continued(text, rows, quote) or (_no_speaker() | {"cue": "", "confidence": 0.0})
        if found.get("_mention") is not None:
            spoken.append((quote.start, found["_mention"]))
        rows.append({"start": quote.start, "end": quote.end, "quote": quote.quote, **found,
                     "closed": quote.closed, "kind": kind})
    if indirect and sentences is not None:
        reported = indirect_speech(text, sentences, spans, quotes, masked=masked, speakers=speakers, spoken=spoken)
        reported = [r for r in reported if not any(q["start"] <= r["start"] < q["end"] for q in rows)]
        for q in rows:  # a partial quote inside a report has the report's speaker
            if q["kind"] == "partial" and not q["speaker_text"]:
                host = next((r for r in reported if r["start"] <= q["start"] < r["end"] + 2), None)
                if host:
                    q.update({k: host[k] for k in _SPEAKER_FIELDS + ("cue",)}, confidence=host["confidence"])
        rows = sorted(rows + reported, key=lambda r: r["start"])
    for row in rows:
        row.pop("_mention", None)
    return rows


def _continued(text: str, rows: list[dict], quote: Quote) -> dict | None:
    """A quote without a cue continues the previous quote's speaker: in its paragraph, or the paragraph before.

    "“…,” said X. “More.”" and a paragraph that is all quote right after X's quote.
    """
    previous = next((r for r in reversed(rows) if r["kind"] != "indirect"), None)
    if previous is None or not previous["speaker_text"]:
        return None
    between = text[previous["end"]:quote.start]
    same_paragraph = "\n" not in between
    if not same_paragraph:
        para_start = text.rfind("\n", 0, quote.start) + 1
        if text[para_start:quote.start].strip() or between.count("\n") > 2 or len(between.strip()) > 80:
            return None
    cue = "(same speaker, same paragraph)" if same_paragraph else "(same speaker, next paragraph)"
    return {**{k: previous[k] for k in _SPEAKER_FIELDS}, "speaker_via": "context", "cue": cue,
            "confidence": CONFIDENCE["context"]}


QUOTE_COLUMNS = ["doc_id", "sent_id", "start", "end", "quote", "kind", "speaker_text", "speaker_start", "speaker_end",
                 "speaker", "speaker_via", "cue", "confidence", "section", "closed"]


def quotes(
    corpus, *, mentions_table: pd.DataFrame | None = None, dictionary=None, indirect: bool = False,
    doc_ids=None,
) -> pd.DataFrame:
    """Every quote in the corpus with its speaker, as written and as an actor.

    Quotes and their speakers' mentions are stored per document by
    :func:`toolkit.annotate`; the speaker is named by the actor lens
    (``mentions_table``, default :func:`toolkit.mentions`), the one definition of an actor.

    Args:
        corpus: a :class:`toolkit.Corpus` or a ``select`` view (quotes starting
            in sections it leaves out are dropped).
        mentions_table: a precomputed :func:`toolkit.mentions` table.
        dictionary: actor dictionary for the mentions, as in :func:`toolkit.mentions`;
            its speaker corrections (:func:`toolkit.aliases.correct_speaker`)
            replace the speakers found, with speaker_via "corrected".
        indirect: also list reported speech outside quotation marks ("X said
            that ...", "..., X said.", "according to X, ..."), with kind
            "indirect"; same columns either way.
        doc_ids: only these documents' quotes (ids not in ``corpus`` give none):
            their stored rows alone are read, so one article's quotes cost the
            same in a corpus of 10 or 10^6 documents.

    Returns:
        The ``quotes`` table (see :data:`toolkit.schemas.SCHEMAS`): doc_id,
        sent_id, start, end, quote, kind ("direct", "partial" or "indirect"),
        speaker_text / speaker_start / speaker_end (the words naming the
        speaker as written: "Ms. Lee", "a spokesman for the airline", "he"),
        speaker (canonical actor or None), speaker_via ("named", "pronoun",
        "descriptor", "context" or "" when unknown), cue, confidence (0 to 1),
        section and closed (False when the closing mark was missing).

    Example:
        >>> tk.quotes(tk.load_corpus())[["speaker_text", "speaker", "cue"]]  # doctest: +SKIP
    """
    from toolkit.actors import mentions
    from toolkit.annotate import ensure_annotated, stored_rows
    from toolkit.resolve import actors_at, within

    ensure_annotated(corpus)
    stored = within(stored_rows(corpus.whole, "quotes", doc_ids=doc_ids), corpus)
    stored = stored[is_in(stored["doc_id"], corpus.documents["doc_id"])]
    if not indirect:
        stored = stored[stored["kind"] != "indirect"]
    if stored.empty:
        return empty("quotes")[QUOTE_COLUMNS]
    table = mentions(corpus.whole, dictionary=dictionary) if mentions_table is None else mentions_table
    if doc_ids is not None:
        table = table[is_in(table["doc_id"], stored["doc_id"].unique())]
    at = stored["speaker_mention"].to_numpy(np.int64)
    resolved = actors_at(table, stored["doc_id"].to_numpy(dtype=object), at)
    # a speaker with no mention keeps the name as written; one whose mention is gone has none
    speaker = np.where(pd.notna(resolved), resolved, np.where(at < 0, stored["speaker"].to_numpy(dtype=object), None))
    frame = stored.assign(speaker=pd.Series(speaker, index=stored.index, dtype=object))[QUOTE_COLUMNS]
    frame = frame.reset_index(drop=True)
    for col in ("start", "end", "sent_id", "speaker_start", "speaker_end"):
        frame[col] = frame[col].astype("int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    frame["speaker"] = frame["speaker"].astype(object).where(frame["speaker"].notna(), None)
    return with_corrections(frame, _corrections_of(dictionary))


def _corrections_of(dictionary):
    from toolkit import aliases

    if isinstance(dictionary, aliases.ActorDictionary):
        return dictionary.speakers
    from pathlib import Path

    from toolkit.actors.knowledge import _dictionary_at  # read once per change of the file

    path = Path(aliases.default_path() if dictionary is None else dictionary).resolve()
    return _dictionary_at(path, path.stat().st_mtime_ns).speakers if path.exists() else ()


def with_corrections(table: pd.DataFrame, corrections) -> pd.DataFrame:
    """``table`` (a :func:`quotes` table) with the user's speakers where a correction names the quote.

    Args:
        corrections: :class:`toolkit.aliases.SpeakerCorrection` objects (doc_id, start, speaker).
    """
    fixed = {(c.doc_id, int(c.start)): c.speaker for c in corrections}
    if not fixed or table.empty:
        return table
    hit = [(d, int(s)) in fixed for d, s in zip(table["doc_id"], table["start"])]
    if not any(hit):
        return table
    table = table.copy()
    where = pd.Series(hit, index=table.index)
    table.loc[where, "speaker"] = [fixed[(d, int(s))] for d, s in zip(table.loc[where, "doc_id"],
                                                                     table.loc[where, "start"])]
    table.loc[where, "speaker_via"] = "corrected"
    table.loc[where, "confidence"] = 1.0
    return table
