"""Direct quotes and who said them.

Quotes are found with a small scanner rather than one regular expression, so
that it handles what news text really does:

* straight (``"``) and curly (``“ ”``) marks;
* **multi-paragraph quotes**: a paragraph that ends inside a quote and a next
  paragraph that opens with a quotation mark continue the same quote;
* **unclosed quotes** (a missing closing mark) end at the end of their
  paragraph instead of swallowing the rest of the article.

Speakers come from attribution cues next to the quote: "X said", "said X",
"X told reporters", "according to X", "X said in the letter", and "he/she
said", which resolves to the nearest named person introduced as a speaker
before the quote (else the nearest person mentioned before it).

Example:
    >>> [q.quote for q in find_quotes('“We will win,” he said.')]
    ['We will win,']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from toolkit.schemas import column_names, empty

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|declared|confirmed|announced|explained|noted|insisted|"
    "claimed|warned|argued|wrote|writes|asked|replied|responded|stressed|emphasi[sz]ed|commented|remarked|"
    "continued|concluded|acknowledged|admitted|recalled|urged|saying"
)
_NAME_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z][\w’'-]*)"  # "U.S." or "J." or a word: a full stop never runs on
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|bin|al))*(?:\s+Jr\.)?"
_PRONOUN = r"[Hh]e|[Ss]he|[Tt]hey|[Ii]t"
_WHO = rf"(?P<who>{_PRONOUN}|{_NAME})"
_VERB = rf"(?P<verb>{SPEECH_VERBS})"
_ADVERB = r"(?:(?:has|had|also|then|later|further|once)\s+)?"
_APPOSITION = r"(?:,[^,.;“”\"\n]{1,80},)?"  # "Todd Tiahrt, a Kansas representative, said"
_AFTER_WHO_VERB = re.compile(rf"^[\s,]*{_WHO}{_APPOSITION}\s+{_ADVERB}{_VERB}\b(?P<rest>[^.;“”\"\n]*)")
_AFTER_VERB_WHO = re.compile(rf"^[\s,]*{_VERB}\s+{_WHO}")
_BEFORE_WHO_VERB = re.compile(rf"{_WHO}{_APPOSITION}\s+{_ADVERB}{_VERB}(?P<rest>[^.;“”\"\n]{{0,60}}?)[:,]?\s*$")
_ACCORDING_TO = re.compile(rf"[Aa]ccording to\s+{_WHO}[^.;“”\"\n]{{0,60}}?[:,]\s*$")
_SUBJECT_GAP = re.compile(
    rf"^(?:\s*,[^.;:“”\"]{{0,80}}?,)?\s*(?:(?:on|last|this|earlier|late)\s+\w+\s+)?{_ADVERB}(?:{SPEECH_VERBS})\b"
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:for|of|to|with|by|from|at|in|on|about|against|and)\s+$", re.IGNORECASE)
_OPEN = "“"
_CLOSE = "”"
MIN_WORDS = 4  # shorter quoted bits without a cue ('"Jokowi"', scare quotes) are not quotes


@dataclass
class Quote:
    """A quote found in text: offsets include the marks; ``quote`` has them removed."""

    start: int
    end: int
    quote: str
    closed: bool = True


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_open(text: str, i: int) -> bool:
    if text[i] == _OPEN:
        return True
    return text[i] == '"' and (i == 0 or text[i - 1] in " \t\n([{—–-")


def _is_close(text: str, i: int) -> bool:
    if text[i] == _CLOSE:
        return True
    return text[i] == '"' and (i + 1 == len(text) or not text[i + 1].isalnum())


def find_quotes(text: str) -> list[Quote]:
    """Every quoted passage in ``text``, in order, including multi-paragraph and unclosed ones.

    Args:
        text: a document's text; paragraphs are separated by line breaks.

    Returns:
        :class:`Quote` objects; ``closed`` is False for a quote whose closing mark is missing.
    """
    quotes: list[Quote] = []
    paragraphs = _paragraphs(text)
    p = 0
    while p < len(paragraphs):
        start, end = paragraphs[p]
        i = start
        while i < end:
            if not _is_open(text, i):
                i += 1
                continue
            opened, pieces, j, q = i, [], i + 1, p
            while True:
                close = next((k for k in range(j, paragraphs[q][1]) if _is_close(text, k) and k > j - 1), None)
                if close is not None:
                    pieces.append(text[j:close])
                    quotes.append(Quote(opened, close + 1, "\n\n".join(s.strip() for s in pieces)))
                    i, p, end = close + 1, q, paragraphs[q][1]
                    break
                pieces.append(text[j:paragraphs[q][1]])
                nxt = q + 1
                if nxt < len(paragraphs) and _is_open(text, paragraphs[nxt][0]):
                    q, j = nxt, paragraphs[nxt][0] + 1  # the quote continues in the next paragraph
                    continue
                quotes.append(Quote(opened, paragraphs[q][1], "\n\n".join(s.strip() for s in pieces), closed=False))
                i, p, end = paragraphs[q][1], q, paragraphs[q][1]
                break
        p += 1
    return quotes


# ---- speakers ----


@dataclass
class _Mention:
    start: int
    end: int
    actor: str
    type: str


def _mention_at(mentions: list[_Mention], start: int, end: int) -> _Mention | None:
    """The person named in ``start:end`` ("German Chancellor Angela Merkel"), else the first actor there."""
    inside = [m for m in mentions if start <= m.start < end]
    people = [m for m in inside if m.type == "PERSON"]
    return (people or inside or [None])[0]


def _speaker_like(text: str, m: _Mention, quotes: list[Quote]) -> bool:
    """``m`` is the subject of a speech verb: "X said", "X, a spokesman for Y, told ..."."""
    line_start = text.rfind("\n", 0, m.start) + 1
    if _PREPOSITION_BEFORE.search(text[line_start:m.start]) or _inside(m.start, quotes):
        return False
    return bool(_SUBJECT_GAP.match(text[m.end: m.end + 160]))


def _inside(pos: int, quotes: list[Quote]) -> bool:
    return any(q.start <= pos < q.end for q in quotes)


def _resolve_pronoun(pronoun: str, before: int, text: str, mentions, quotes) -> _Mention | None:
    """The nearest compatible named actor before ``before``: speakers first, then any mention."""
    wanted = ("PERSON",) if pronoun.lower() in ("he", "she") else ("ORG", "GPE", "NORP", "PERSON")
    candidates = [m for m in mentions if m.type in wanted and m.end <= before and not _inside(m.start, quotes)]
    speakers = [m for m in candidates if _speaker_like(text, m, quotes)]
    if speakers:
        return speakers[-1]
    return candidates[-1] if candidates else None


def attribute(text: str, quote: Quote, mentions: list[_Mention], quotes: list[Quote]) -> tuple[str | None, str]:
    """The speaker (canonical actor, or the name as written) and the cue for one quote."""
    found = _attribution(text, quote, mentions, quotes)
    return found["speaker"], found["cue"]


def _attribution(text: str, quote: Quote, mentions: list[_Mention], quotes: list[Quote]) -> dict:
    """Speaker, cue, the speaker's mention offset (-1: none) and the words naming the speaker."""
    para_end = text.find("\n", quote.end)
    after = text[quote.end: para_end if para_end >= 0 else len(text)]
    para_start = text.rfind("\n", 0, quote.start) + 1
    before = text[para_start: quote.start]
    found = None
    for pattern, where, offset in (
        (_AFTER_WHO_VERB, after, quote.end),
        (_AFTER_VERB_WHO, after, quote.end),
        (_BEFORE_WHO_VERB, before, para_start),
        (_ACCORDING_TO, before, para_start),
    ):
        match = pattern.search(where)
        if match:
            found = (match, offset, where)
            break
    if found is None:
        return {"speaker": None, "cue": "", "speaker_start": -1, "speaker_text": ""}
    match, offset, where = found
    cue = match.group(0)
    if "rest" in match.re.groupindex and match.group("rest"):  # "said in the letter", at most four words on
        cue = where[match.start():match.end("verb")] + " " + " ".join(match.group("rest").split()[:4])
    cue = re.sub(r"\s+([,;:])", r"\1", re.sub(r"\s+", " ", cue)).strip(" ,:.")
    who_start, who_end = offset + match.start("who"), offset + match.end("who")
    who = re.sub(r"(?<=\w\w\w)\.$", "", match.group("who"))  # a sentence's full stop, not "Jr."
    if re.fullmatch(_PRONOUN, who):
        mention = _resolve_pronoun(who, quote.start, text, mentions, quotes)
        speaker = mention.actor if mention else None
    else:
        mention = _mention_at(mentions, who_start, who_end)
        speaker = mention.actor if mention else who
    return {"speaker": speaker, "cue": cue, "speaker_start": mention.start if mention else -1, "speaker_text": who}


_REPORTING = r"said|says|told\s+\w+|claimed|claims|alleged|argued|insisted|believed|believes|denied|denies|maintained"
_REPORTING_THAT = r"warned|stated|announced|confirmed|admitted|acknowledged|added|explained|noted"  # need "that"
_INDIRECT = re.compile(
    rf"(?P<who>{_PRONOUN}|{_NAME}){_APPOSITION}\s+{_ADVERB}"
    rf"(?:(?P<verb>{_REPORTING})\s+(?:that\s+)?|(?P<verb_that>{_REPORTING_THAT})\s+that\s+)(?P<clause>[^“”\"]+)"
)


def indirect_speech(text: str, sentences, mentions: list[_Mention], quotes: list[Quote]) -> list[dict]:
    """Reported speech outside quotation marks: "Sokha claimed to have received advice ...".

    A speaker is a named actor (or a pronoun resolved to the nearest person
    before it in the sentence, else as for quotes) followed by a reporting verb;
    the reported words run to the end of the sentence.

    Args:
        sentences: ``(start, end)`` of each sentence of the document.
    """
    rows = []
    for start, end in sentences:
        sentence = text[start:end]
        for match in _INDIRECT.finditer(sentence):
            at = start + match.start()
            if _inside(at, quotes):
                continue
            who = match.group("who")
            if re.fullmatch(_PRONOUN, who):
                earlier = [m for m in mentions if start <= m.start < at and m.type == "PERSON"]
                speaker = earlier[-1] if earlier else _resolve_pronoun(who, at, text, mentions, quotes)
            else:
                speaker = _mention_at(mentions, at, start + match.end("who"))
            if speaker is None:
                continue
            clause = match.group("clause").strip().rstrip(".")
            if len(clause.split()) < MIN_WORDS:
                continue
            rows.append({"start": start + match.start("clause"), "end": start + match.start("clause") + len(clause),
                         "quote": clause, "speaker": speaker.actor, "speaker_start": speaker.start,
                         "speaker_text": who, "cue": f"{who} {match.group('verb') or match.group('verb_that')}",
                         "closed": True})
            break  # one report per sentence: the first speaker and verb
    return rows


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
        One dict per quote: start, end, quote, speaker, speaker_start (offset of the
        speaker's mention, -1 when none), speaker_text, cue, closed, kind ("direct" or "indirect").
    """
    spans = [] if mentions is None else [
        _Mention(int(r.start), int(r.end), r.actor, r.type)
        for r in mentions.sort_values("start").itertuples(index=False)
    ]
    quotes = find_quotes(text)
    rows = []
    for quote in quotes:
        found = _attribution(text, quote, spans, quotes)
        if len(quote.quote.split()) < MIN_WORDS and not found["cue"]:
            continue
        previous = rows[-1] if rows else None
        if not found["cue"] and previous and previous["speaker"] and "\n" not in text[previous["end"]:quote.start]:
            # “...,” X said. “More.”
            found = {**{k: previous[k] for k in ("speaker", "speaker_start", "speaker_text")},
                     "cue": "(same speaker, same paragraph)"}
        rows.append({"start": quote.start, "end": quote.end, "quote": quote.quote, **found,
                     "closed": quote.closed, "kind": "direct"})
    if indirect and sentences is not None:
        reported = indirect_speech(text, sentences, spans, quotes)
        rows = sorted(rows + [r | {"kind": "indirect"} for r in reported], key=lambda r: r["start"])
    return rows


def quotes(
    corpus, *, mentions_table: pd.DataFrame | None = None, dictionary=None, indirect: bool = False
) -> pd.DataFrame:
    """Every direct quote in the corpus with its speaker.

    Quotes and their speakers' mentions are stored per document by
    :func:`toolkit.annotate`; the speaker is named by the actor lens
    (``mentions_table``, default :func:`toolkit.mentions`), the one definition of an actor.

    Args:
        corpus: a :class:`toolkit.Corpus` or a ``select`` view (quotes starting
            in sections it leaves out are dropped).
        mentions_table: a precomputed :func:`toolkit.mentions` table.
        dictionary: actor dictionary for the mentions, as in :func:`toolkit.mentions`.
        indirect: also list reported speech outside quotation marks ("X claimed
            that ..."), with kind "indirect"; same columns either way.

    Returns:
        The ``quotes`` table: doc_id, start, end, quote, speaker (canonical
        actor or None), cue; plus sent_id, section, kind ("direct" or
        "indirect"), closed (False when the closing mark was missing),
        speaker_text (the words naming the speaker) and speaker_start.

    Example:
        >>> tk.quotes(tk.load_corpus())[["speaker", "cue"]]  # doctest: +SKIP
    """
    from toolkit.actors import mentions
    from toolkit.annotate import ensure_annotated, stored_rows
    from toolkit.resolve import actor_at, within

    ensure_annotated(corpus)
    stored = within(stored_rows(corpus.whole, "quotes"), corpus)
    stored = stored[stored["doc_id"].isin(corpus.documents["doc_id"])]
    if not indirect:
        stored = stored[stored["kind"] == "direct"]
    columns = column_names("quotes")
    if stored.empty:
        return empty("quotes")
    table = mentions(corpus.whole, dictionary=dictionary) if mentions_table is None else mentions_table
    named = actor_at(table)
    resolved = [named.get((d, int(s))) if s >= 0 else None for d, s in zip(stored["doc_id"], stored["speaker_start"])]
    speaker = [r if r is not None else (local if s < 0 else None)
               for r, local, s in zip(resolved, stored["speaker"], stored["speaker_start"])]
    frame = stored.assign(speaker=speaker)[columns].reset_index(drop=True)
    for col in ("start", "end", "sent_id", "speaker_start"):
        frame[col] = frame[col].astype("int64")
    frame["speaker"] = frame["speaker"].astype(object).where(frame["speaker"].notna(), None)
    return frame
