"""Reported speech outside quotation marks: "X said (that) …", "…, X said.", "according to X, …"."""
from __future__ import annotations

import bisect
import re

from toolkit.quotes.finding import MIN_WORDS, Quote
from toolkit.quotes.speakers import (
    _ADVERBS,
    _APPOSITION,
    _DETERMINER,
    _PHRASE,
    CONFIDENCE,
    _clean_who,
    _cue,
    _inside,
    _kind,
    _masked,
    _Mention,
    _Speakers,
    _Who,
)


_REPORTING = (
    r"said|says|say|told\s+[^,.;:“”\"\n]{1,50}?\s+that|told\s+\w[\w’'-]*|tells\s+\w[\w’'-]*|"
    r"claimed|claims|alleged|alleges|"
    r"argued|argues|insisted|insists|believed|"
    r"believes|denied|denies|maintained|maintains|suggested|suggests|contended|contends|predicted|asserted|"
    r"thinks|thought|reported|reports|wrote|writes|tweeted|complained|conceded|acknowledged|admitted|"
    r"estimated|estimates|testified|stressed|argued|agreed|insisted|noted|notes|added|warned|stated|announced|"
    r"confirmed|explained|recalled|indicated|revealed|found|concluded|"
    # verbs of judging and asking: "X called for ...", "X criticized Y for ...", "a poll shows ..."
    r"called\s+(?:for|on)|calls\s+(?:for|on)|called|calls|shows|showed|show|finds|cited|cites|criticized|criticizes|"
    r"blasted|condemned|condemns|accused|accuses|described|describes|pledged|pledges|promised|promises|vowed|"
    r"urged|urges|asked|asks|declined|expects|expected|wants|hopes|hoped|fears|feared|praised|praises|defended|"
    r"defends|rejected|rejects|questioned|questions|welcomed|touted|touts|emphasized|emphasised|reiterated|"
    r"underscored|"
    r"slammed|attacked|attacks|mocked|dismissed|dismisses|predicts|disputed|disputes|backed|endorsed|endorses|"
    r"supports|opposes|opposed|demanded|demands|proposed|proposes|warns|pointed\s+out|made\s+the\s+case|"
    r"saying|telling\s+[^,.;:“”\"\n]{1,50}?\s+that|telling\s+\w[\w’'-]*|"
    r"arguing|claiming|insisting|suggesting|warning"
)
_PROGRESSIVE_AUXILIARY = re.compile(r"\s(?:is|are|was|were|has\s+been|have\s+been)\s+(?:also\s+|still\s+|now\s+)?$")
_THAT_ONLY = {"noted", "notes", "added", "warned", "stated", "announced", "confirmed", "explained", "recalled", "found",
              "indicated", "revealed", "concluded", "stressed", "agreed", "acknowledged", "admitted"}
_REPORTING_VERB = re.compile(
    rf"(?P<coordinated>(?<=[\s,])(?:and|but)\s+{_ADVERBS})?"
    rf"(?<![\w’'])(?P<verb>{_REPORTING}|Says|Said|Say|Tells|Told)(?![\w’'])"  # capitalised: headlines
    rf"(?P<gap>(?:(?P<adjunct>\s+(?:on|last|this|in|at|during|after|earlier)\b[^,.;“”\"]{{0,40}}?)"
    rf"|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight)\b)?"
    rf",?\s+(?:that(?:\s+|(?=,)))?)"  # "noted that, like him, …"
)
_BEFORE_ADVERBS = re.compile(rf"\s+{_ADVERBS}$")
_TOLD_DETERMINER = re.compile(r"(?:told|tells|telling)\s+(?:the|a|an|his|her|its|their|our)$", re.I)


_PRONOUN_CLAUSE = re.compile(r"(?:he|she|it|they|we|i)\s+(?!\w+ly\b)[a-z]+", re.I)  # "announced it had …"
_DASHED_END = re.compile(r"\s(?:--|—|–)\s[^\n]*?\s(?:--|—|–)\s*$")
_RELATIVE_ENDINGS = {"who", "whom", "which", "that"}
_POSSESSIVE_NAME = re.compile(r"^\s*[A-Z][\w.·-]*(?:’s|'s)\s")  # "Peru, Chile's main partner, said"


def _apposition_like(piece: str) -> bool:
    """A comma piece that describes the name before it: "a retired pilot", "61", "who served under X"."""
    stripped = piece.strip()
    return bool(stripped) and (_DETERMINER.match(stripped) is not None or stripped[0].islower()
                               or stripped[0].isdigit() or _POSSESSIVE_NAME.match(piece) is not None)


def _names_someone(piece: str) -> bool:
    stripped = piece.strip()
    return bool(stripped) and (stripped[0].isupper() or _DETERMINER.match(stripped) is not None)


def _subject_before(masked: str, start: int, verb: int) -> tuple[int, int] | None:
    """The phrase naming who speaks a verb: the words just before it, or before its appositions.

    "…, San Sarana, a spokesman for Samrin, told" is San Sarana: the nearest
    phrase that names someone, followed by up to four comma pieces that read as
    appositions ("61", "who served under X", "Chile's main buyer"; a capitalised
    one after a name, "Democrat of Oregon"). After a descriptor, the name that
    follows it is the speaker: "A lawyer for the paper, Dana Veil, said".
    """
    head = masked[start:verb]
    adverbs = _BEFORE_ADVERBS.search(head)
    head = head[: adverbs.start()] if adverbs else head
    dashed = _DASHED_END.search(head)  # "X, the head of Y -- a firm that …, which … -- said"
    head = head[: dashed.start()] + "," if dashed else head
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^,.;:!?\"“”\n]+", head)]
    if not pieces:
        return None
    last_start, last_end = pieces[-1]
    if head[last_end:].strip() == "" and last_end == len(head):  # "San Sarana told": no apposition
        return start + last_start, start + last_end
    if not head[last_end:].strip() == ",":
        return None
    for k in range(1, min(4, len(pieces) - 1) + 1):
        who_start, who_end = pieces[-k - 1]
        if head[who_end:pieces[-k][0]].strip() != ",":
            return None
        candidate, appositions = head[who_start:who_end], [head[a:b] for a, b in pieces[-k:]]
        if not _names_someone(candidate):
            continue
        capitalised = [not _apposition_like(a) for a in appositions]
        if k == 1 and capitalised[0] and _DETERMINER.match(candidate.strip()):
            return start + pieces[-1][0], start + pieces[-1][1]  # a descriptor, then the name
        if not any(capitalised) or candidate.strip()[0].isupper():  # "X, Democrat of Oregon,": after a name
            return start + who_start, start + who_end
    return None


_INDIRECT_AFTER = re.compile(
    rf",\s*(?:{_ADVERBS}(?P<verb_first>(?i:said|says|added|wrote|argued|noted|according to))\s+"
    rf"(?P<who_after>{_PHRASE}{{1,90}}?)(?:,[^\n]{{0,200}}?)?(?=\s*[.!?]?[”\"’]?\s*$)"
    rf"|(?P<who>{_PHRASE}{{1,90}}?){_APPOSITION}\s+{_ADVERBS}(?P<verb>(?i:said|says|say|added|argued|noted|wrote|"
    rf"claimed|contended|suggested|warned|insisted|explained|believes|believe|thinks|think|reported|reports|"
    rf"told\s+\w+|has said|have said))"
    rf"(?P<rest>[^,.;:!?\"“”\n]{{0,40}}))\s*(?:[.!?]?[”\"’]?\s*$|,\s*(?=(?:as|adding|after|while|when|in|at|"
    rf"noting|citing|because|but|and|for|how|pointing)\b))"
)
_PARTICIPLE_CLAUSE = re.compile(
    r",\s+(?P<verb>saying|arguing|adding|claiming|noting|insisting|warning|suggesting|citing|calling\s+(?:for|on)|"
    r"calling|telling\s+\w+|promising|vowing|urging|accusing|asking|pointing\s+out|explaining|declaring|"
    r"predicting|describing|complaining|acknowledging|admitting|emphasizing|stressing)\b(?:\s+that)?\s+"
    r"(?P<clause>[^\n]+)"
)
# "“…,” the mayor said, adding …" and "In a statement, Peabody said: “…,” adding …"
_SAID_BEFORE = re.compile(rf"(?:^|[,”\"]\s*)(?P<who>{_PHRASE}{{1,60}}?)\s+{_ADVERBS}(?:said|says|told\s+\w+)\b")
_ACCORDING_FIRST = re.compile(rf"^\W*(?P<verb>[Aa]ccording to)\s+(?P<who>{_PHRASE}{{1,90}}?),\s*(?P<clause>[^\n]+)")


def indirect_speech(text: str, sentences, mentions: list[_Mention], quotes: list[Quote], *,
                    masked: str | None = None, speakers: _Speakers | None = None, spoken=None) -> list[dict]:
    """Reported speech outside quotation marks: "X said (that) …", "…, X said.", "according to X, …".

    The reported words are the clause after the cue (to the end of the sentence,
    stopping before a direct quote) or, for a cue at the sentence's end, the
    words before it. A sentence may hold more than one report ("X said …,
    arguing …"); their reported words never overlap.

    Args:
        sentences: ``(start, end)`` of each sentence of the document.
    """
    masked = _masked(text) if masked is None else masked
    speakers = speakers or _Speakers(text, masked, mentions, quotes, sentences)
    spoken = [] if spoken is None else spoken
    rows = []
    for start, end in sentences:
        sentence = masked[start:end]
        if not sentence.strip() or "\n" in sentence.strip():
            continue
        for (c_start, c_end), who, cue in _indirect_in(sentence, start, masked, quotes):
            name = speakers.name(who, who.start, spoken)
            if name["speaker"] is None and name["speaker_via"] != "descriptor":
                continue
            if name["_mention"] is not None:
                spoken.append((c_start, name["_mention"]))
            rows.append({"start": c_start, "end": c_end, "quote": text[c_start:c_end], "cue": cue, "closed": True,
                         "kind": "indirect", **name,
                         "confidence": CONFIDENCE.get(name["speaker_via"], 0.5) - 0.1})
    return rows


# Where the reported clause starts after an adjunct: "that", "how", "why", "whether", a pronoun and its
# verb, or a determiner that follows the adjunct's own words ("said in an interview the plan …").
_CLAUSE_AFTER_ADJUNCT = re.compile(
    r"\b(?:that|how|why|whether)\s+|(?<=\s)(?=(?:he|she|it|they|we|I)\s+(?!\w+ly\b)[a-z]+)"
    r"|(?<=\s)(?P<before>[\w’'-]+)\s+(?P<det>(?:the|a|an|his|her|its|their|our)\s)")  # not "this month"
# Words that open an adjunct between a verb and its report ("said at an event", "said last week").
_ADJUNCT_OPENERS = "in on at during after before of about as while when from this last earlier with by for".split()
_ADJUNCT_START = rf"(?:{'|'.join(_ADJUNCT_OPENERS)})\b"
_ADJUNCT_WORDS = frozenset(_ADJUNCT_OPENERS) | {"next", "late"}  # words an adjunct's determiner may follow


def _clause_after_adjunct(masked: str, start: int) -> tuple[int, bool] | None:
    """Where the report starts after a verb's adjunct, and whether a clause opener says so
    ("that", a pronoun and its verb) rather than a noun phrase ("said on Monday the plan …")."""
    for found in _CLAUSE_AFTER_ADJUNCT.finditer(masked, start, start + 80):
        if found.group("det") is None:
            return found.end(), True
        if found.group("before").lower() not in _ADJUNCT_WORDS:  # "in an interview": "an" is the adjunct's
            return found.start("det"), False
    return None


def _indirect_in(sentence: str, at: int, masked: str, quotes: list[Quote]) -> list:
    """``((content start, content end), who, cue)`` of each report in one sentence, not overlapping."""
    found = []
    for report in _reports_in(sentence, at, masked, quotes):
        (c_start, c_end), who, _ = report
        if not any(c_start < e and s < c_end for (s, e), _, _ in found):
            found.append(report)
    return found


def _reports_in(sentence: str, at: int, masked: str, quotes: list[Quote]):
    """Candidate reports of one sentence, the surest patterns first."""
    first, last = (bisect.bisect_left(quotes, x, key=lambda q: q.start) for x in (at, at + len(sentence)))
    direct = [q for q in quotes[first:last] if _kind(masked, q) == "direct"]
    limit = min([q.start for q in direct] or [at + len(sentence)])  # a verb after a direct quote is its cue

    def content(c_start: int, c_end: int, *, after_quote: bool = False):
        c_end = min([q.start for q in direct if q.start >= c_start] + [c_end]) if after_quote else min(c_end, limit)
        while c_end > c_start and masked[c_end - 1] in " .,;:\u00a0":
            c_end -= 1
        while c_start < c_end and masked[c_start] in " ,\u00a0":
            c_start += 1
        if c_end <= c_start or len(masked[c_start:c_end].split()) < MIN_WORDS or _inside(c_start, quotes) and \
                any(q.start == c_start for q in direct):
            return None
        return c_start, c_end

    match = _ACCORDING_FIRST.match(sentence)
    if match:
        span = _clean_who(masked, at + match.start("who"), at + match.end("who"), after_verb=True)
        got = content(at + match.start("clause"), at + len(sentence))
        if span and got:
            yield got, _Who(*span, "according to"), "according to"
    match = _INDIRECT_AFTER.search(sentence)
    if match and not (direct and direct[0].start < at + match.start()):
        if match.group("who_after"):
            # "X, Democrat of Oregon, said the plan …" is X speaking, not the plan: the words before the
            # comma name the subject, so the inverted reading ("…, said X.") is not the one
            subject = _subject_before(masked, at, at + match.start("verb_first"))
            plain = subject is not None and not masked[at:subject[0]].strip()
            span = None if plain else _clean_who(masked, at + match.start("who_after"), at + match.end("who_after"),
                                                 after_verb=True)
            cue = match.group("verb_first")
        else:
            span = _clean_who(masked, at + match.start("who"), at + match.end("who"), after_verb=False)
            cue = _cue(masked, match, at, 2)
        got = content(at, at + match.start())
        if span and got:
            cue = cue.lower() if cue.lower() == "according to" else cue
            yield got, _Who(*span, cue), cue
    participle = _PARTICIPLE_CLAUSE.search(sentence)
    if participle and not _inside(at + participle.start("verb"), quotes):
        # "“…,” X said, adding …": the quote comes before the clause, so it does not end it
        got = content(at + participle.start("clause"), at + len(sentence), after_quote=True)
        if got:
            verb = re.sub(r"\s+", " ", participle.group("verb"))
            said = _SAID_BEFORE.search(sentence, 0, participle.start())
            span = said and _clean_who(masked, at + said.start("who"), at + said.end("who"), after_verb=False)
            yield got, (_Who(*span, verb) if span else
                        _Who(at, at + participle.start("verb"), verb, sentence_subject=True)), verb
    stop = at + (participle.start() if participle else len(sentence))  # "X said …, arguing …": two reports
    verbs = list(_REPORTING_VERB.finditer(sentence))
    coordinated = [at + m.start() for m in verbs if m.group("coordinated")]
    for match in verbs:  # every verb, so a failed first one hides no later one
        verb = match.group("verb")
        if _inside(at + match.start("verb"), quotes):
            continue
        c_start, that_said = at + match.end(), "that" in match.group("gap")
        adjunct = match.group("adjunct") or re.match(_ADJUNCT_START, masked[c_start:], re.I)
        # "told the council the vote …": the object goes on past its determiner, so the report starts
        # where an adjunct's would (at "that", a pronoun clause or the next determiner)
        told_determiner = _TOLD_DETERMINER.match(verb) is not None
        object_only = told_determiner and not adjunct  # "told the council …", no adjunct after it
        if not that_said and (adjunct or told_determiner):  # "said at an event in Ohio that …"
            opener = _clause_after_adjunct(masked, c_start)
            if object_only and opener and len(masked[c_start:opener[0]].split()) > 3:
                opener = None  # "told his staff never to speak of it when they …": no clause right after the object
            if opener is None and not object_only:
                continue
            if opener is not None:  # else the report is all that follows "told the"
                if told_determiner:
                    verb = re.sub(r"\s+", " ", masked[at + match.start("verb"):opener[0]]).strip()
                    verb = re.sub(r"\s+(?:that|how|why|whether)$", "", verb)
                c_start, that_said = opener
        if verb in _THAT_ONLY and not that_said and not _PRONOUN_CLAUSE.match(sentence, match.end()):
            continue
        verb_at = at + match.start()
        if verb.endswith("ing") or verb.startswith("telling"):  # "is saying": only after a form of "be"
            auxiliary = _PROGRESSIVE_AUXILIARY.search(masked[max(at, verb_at - 30):verb_at])
            if not auxiliary:
                continue
            verb_at -= len(auxiliary.group()) - 1
        # "X led Y for years, and said …": the sentence's subject speaks
        subject = None if match.group("coordinated") else _subject_before(masked, at, verb_at)
        if subject is None and not match.group("coordinated"):
            continue
        words = masked[subject[0]:subject[1]].split() if subject else []
        if len(words) > 1 and words[-1].lower() in _RELATIVE_ENDINGS:  # "an architect who said …"
            subject = (subject[0], subject[0] + masked[subject[0]:subject[1]].rstrip().rindex(words[-1]) - 1)
        from_subject = subject is None
        span = ((at + len(sentence) - len(sentence.lstrip()), at + match.start()) if from_subject
                else _clean_who(masked, *subject, after_verb=False))
        end = stop if stop > c_start else at + len(sentence)
        end = min([c for c in coordinated if c > c_start] + [end])  # "X backed Y, and said …": two reports
        got = content(c_start, end)
        cue = re.sub(r"\s+that$", "", re.sub(r"\s+", " ", verb))
        if span and got:
            yield got, _Who(*span, cue, sentence_subject=from_subject), cue
