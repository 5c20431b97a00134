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

import bisect
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
#
# Attribution works on a *masked* copy of the text (same length, same offsets)
# where the full stops of titles, initials and abbreviations ("Mr.", "G.K.",
# "(D-N.C.)", "R-Ky.,") are replaced, so a speaker phrase never ends there.

_TITLE_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Messrs|Dr|Sen|Sens|Rep|Reps|Gov|Lt|Gen|Col|Sgt|Capt|Cpl|Rev|Prof|Del|Atty|Supt|Cmdr|Adm|Maj|Amb|"
    "Hon|Jr|Sr|St|Fr|Sec|Pres|Insp|Det|Insp|Brig|Cdr|Gens|No|Mt|Ft|Corp|Inc|Co|Ltd|Bros|Dept|Univ|Assn"
)
_MASK = "·"
_MASKED_STOPS = re.compile(
    rf"(?<![\w.])(?:{_TITLE_ABBREVIATIONS})\.|(?<![\w.])[A-Z]\.|\.(?=[,)\]])|\.(?=[a-z]{{1,3}}\.)"
)
_FEMALE_TITLES = {"ms", "mrs", "miss", "madam", "madame", "lady", "queen", "princess", "sister", "dame"}
_MALE_TITLES = {"mr", "sir", "lord", "king", "prince", "brother", "messrs"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|declared|declares|confirmed|confirms|announced|announces|"
    "explained|explains|noted|notes|insisted|insists|claimed|claims|warned|warns|argued|argues|wrote|writes|"
    "asked|asks|replied|replies|responded|responds|stressed|stresses|emphasi[sz]ed|commented|remarked|"
    "continued|continues|concluded|acknowledged|admitted|admits|recalled|recalls|urged|urges|screamed|shouted|"
    "yelled|cried|exclaimed|tweeted|tweets|posted|joked|quipped|boasted|complained|complains|conceded|countered|"
    "predicted|promised|vowed|observed|mused|sang|sings|chanted|whispered|suggested|suggests|reported|reports|"
    "wondered|recounted|testified|cautioned|lamented|marveled|marvelled|laughed|sighed|agreed|agrees|charged|"
    "retorted|snapped|thundered|proclaimed|pleaded|begged|demanded|shot back|pointed out|went on|chimed in|"
    "told|tells|blasted|mocked|scoffed|fumed|raged|gushed|opined|elaborated|clarified|reiterated|cracked|"
    "maintained|maintains|asserted|asserts|explained|announced|added|saying"
)
_VERB = rf"(?P<verb>(?:{SPEECH_VERBS}))(?![\w’'])"
_ADVERBS = (
    r"(?:(?:has|had|have|all|both|also|then|later|further|once|again|simply|flatly|recently|previously|often|"
    r"repeatedly|"
    r"would|will|could|never|even|still|just|reportedly|\w+ly)\s+)*"
)
_PRONOUN = r"[Hh]e|[Ss]he|[Tt]hey|[Ii]t"
_PRONOUNS = {"he", "she", "they", "it"}
_PHRASE = r"[^,.;:!?\"“”\n]"  # a speaker phrase never crosses punctuation (abbreviations are masked)
_APPOSITION = r"(?P<apposition>(?:,[^,.;:!?\"“”\n]{1,80}){1,3},)?"  # "Mr. Park, a retired pilot, said"
_DETERMINER = re.compile(
    r"^(?:a|an|the|one|another|two|three|four|several|some|many|most|both|other|his|her|their|its|our)\b", re.I
)
_LEADING_JUNK = re.compile(
    r"^(?:(?:and|but|so|then|also|later|earlier|yet|as|while|when|though|although|because|or)\s+)+", re.I
)
_LEADING_ADJUNCT = re.compile(r"^(?:in|on|at|during|after|before|since|from|for|with)\s+[^A-Z]*?(?=[A-Z])")
_TRAILING_ADJUNCT = re.compile(
    r"\s+(?:in|on|at|during|after|before|while|when|who|as|to|from|last|this|earlier|late|early|via|through|"
    r"told|tells|and|that|with)\b.*$|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
    r"yesterday|tonight)\b.*$", re.S,
)

_AFTER_WHO_VERB = re.compile(
    rf"^[\s,—–-]*(?P<who>{_PHRASE}{{1,90}}?){_APPOSITION}\s+{_ADVERBS}{_VERB}(?P<rest>[^.;:!?\"“”\n]*)"
)
_AFTER_VERB_WHO = re.compile(rf"^[\s,—–-]*{_ADVERBS}{_VERB}\s+(?P<who>{_PHRASE}{{1,90}})")
_PASSIVE = (
    rf"(?P<who>{_PHRASE}{{1,90}}?)\s+(?P<verb>(?:was|were|is|has been|had been)\s+(?:also\s+)?quoted\s+"
    rf"(?:by\s+{_PHRASE}{{1,60}}?\s+)?as\s+(?:saying|telling\s+\w+))"
)
_AFTER_PASSIVE = re.compile(rf"^[\s,—–-]*{_PASSIVE}")
_BEFORE_PASSIVE = re.compile(rf"{_PASSIVE}\s*[:,]?\s*$")
_AFTER_ACCORDING = re.compile(rf"^[\s,—–-]*(?P<verb>according to)\s+(?P<who>{_PHRASE}{{1,90}})", re.I)
_AFTER_DASH = re.compile(r"^[\s\u00a0]*(?P<verb>[―—–]|\s-)[\s\u00a0]*(?P<who>[A-Z][^,.;:!?\"“”\n]{1,60})")
_BEFORE_WHO_VERB = re.compile(
    rf"(?P<who>{_PHRASE}{{1,90}}?){_APPOSITION}\s+{_ADVERBS}{_VERB}(?P<rest>[^.;!?\"“”\n]{{0,60}}?)[:,]?\s*$"
)
_BEFORE_ACCORDING = re.compile(rf"(?P<verb>[Aa]ccording to)\s+(?P<who>{_PHRASE}{{1,90}}?)\s*[:,]\s*$")
_BEFORE_PARTICIPLE = re.compile(
    r"(?P<verb>saying|adding|tweeting|writing|telling\s+\w+|asking|chanting|declaring|noting|explaining|insisting|"
    r"arguing|warning|responding|replying|calling|posting|shouting|screaming)\s*[:,]?\s*$"
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:for|of|to|with|by|from|at|in|on|about|against|and)\s+$", re.IGNORECASE)
_SUBJECT_GAP = re.compile(
    rf"^(?:\s*,[^.;:“”\"]{{0,100}}?,)?\s*(?:(?:on|last|this|earlier|late)\s+\w+\s+)?{_ADVERBS}(?:{SPEECH_VERBS})\b"
)
_OPEN = "“"
_CLOSE = "”"
MIN_WORDS = 4  # shorter quoted bits without a cue ('"Jokowi"', scare quotes) are not quotes
CONFIDENCE = {"named": 0.9, "descriptor": 0.8, "pronoun": 0.7, "context": 0.55}


def _masked(text: str) -> str:
    """``text`` with the full stops of abbreviations replaced (same length): "Mr. Park" -> "Mr· Park"."""
    masked = _MASKED_STOPS.sub(lambda m: m.group(0)[:-1] + _MASK, text)
    return re.sub(r"\([^()\n]{1,30}\)", lambda m: m.group(0).replace(".", _MASK), masked)


@dataclass
class _Mention:
    start: int
    end: int
    actor: str
    type: str


@dataclass
class _Who:
    """A speaker phrase found next to a cue: its offsets in the text, the cue, and how it was found."""

    start: int
    end: int
    cue: str
    sentence_subject: bool = False  # "X attacked Y, saying": the speaker is the sentence's subject


def _inside(pos: int, quotes: list[Quote]) -> bool:
    """``pos`` lies inside a quote; ``quotes`` are in order and never overlap (as :func:`find_quotes` gives them)."""
    i = bisect.bisect_right(quotes, pos, key=lambda q: q.start) - 1
    return i >= 0 and pos < quotes[i].end


def _clean_who(masked: str, start: int, end: int, *, after_verb: bool) -> tuple[int, int] | None:
    """Trim a speaker phrase to the words naming the speaker; None when it names no one."""
    phrase = masked[start:end]
    lead = _LEADING_JUNK.match(phrase)
    if lead:
        start, phrase = start + lead.end(), phrase[lead.end():]
    adjunct = _LEADING_ADJUNCT.match(phrase)
    if adjunct and not after_verb:
        start, phrase = start + adjunct.end(), phrase[adjunct.end():]
    if after_verb:
        trail = _TRAILING_ADJUNCT.search(phrase)
        if trail and trail.start() > 0:
            phrase = phrase[:trail.start()]
    stripped = phrase.strip(" \t\u00a0—–-")
    if not stripped:
        return None
    start += phrase.index(stripped)
    end = start + len(stripped)
    if stripped.lower() in _PRONOUNS:
        return start, end
    if not after_verb and (len(stripped.split()) > 6 or stripped[0].islower() and not _DETERMINER.match(stripped)
                           and not _plural_descriptor(stripped)):
        tail = _tail(stripped)
        if tail is None:
            return None
        start, stripped = start + len(stripped) - len(tail), tail
        end = start + len(stripped)
        if stripped.lower() in _PRONOUNS:
            return start, end
    words = stripped.split()
    if len(words) > 12 or not (re.search(r"(?<![\w’'])[A-Z]", stripped) or _DETERMINER.match(stripped)
                               or _plural_descriptor(stripped)):
        return None
    if not after_verb and stripped[0].islower() and not (_DETERMINER.match(stripped) or _plural_descriptor(stripped)):
        return None
    return start, end


_NAME_WORD = re.compile(rf"(?:[A-Z][\w’'·-]*|(?:{_TITLE_ABBREVIATIONS})·|\([^()]*\)|of|de|van|von|bin|al)$")


_NOT_PLURAL = {"this", "was", "is", "has", "its", "his", "as", "us", "does", "says", "thus", "yes", "always",
               "perhaps", "besides", "towards", "whereas", "news", "less", "unless", "plus", "across"}


def _plural_descriptor(phrase: str) -> bool:
    """Bare plural nouns that name speakers: "sources", "senior officials", "lawmakers in both parties"."""
    words = phrase.split()
    head = words[0] if len(words) > 1 and words[1] in ("in", "of", "for", "at", "close", "familiar") else words[-1]
    return (len(words) <= 5 and phrase[0].islower() and len(head) > 3 and head.endswith("s")
            and head.lower() not in _NOT_PLURAL and not head.endswith("ss"))


def _tail(phrase: str) -> str | None:
    """The speaker at the end of a long phrase: "… in which he" -> "he", "… Mr· Park" -> "Mr· Park"."""
    words = phrase.split()
    if words[-1].lower() in _PRONOUNS:
        return words[-1]
    if _NAME_WORD.match(words[-1]) and words[-1][0].isupper():
        k = len(words) - 1
        while k > 0 and _NAME_WORD.match(words[k - 1]):
            k -= 1
        while words[k] in ("of", "de", "van", "von", "bin", "al"):
            k += 1
        return phrase[_word_offset(phrase, k):]
    for k in range(max(0, len(words) - 7), len(words)):
        if _DETERMINER.match(words[k]):
            return phrase[_word_offset(phrase, k):]
    return None


def _word_offset(phrase: str, k: int) -> int:
    return [m.start() for m in re.finditer(r"\S+", phrase)][k]


def _cue(masked: str, match: re.Match, offset: int, rest_words: int = 4) -> str:
    """The cue as written: the verb, with up to ``rest_words`` words after it ("told reporters")."""
    cue = masked[offset + match.start("verb"): offset + match.end("verb")]
    if "rest" in match.re.groupindex and match.group("rest"):
        rest = re.split(r"[,:]|\bthat\b", match.group("rest"))[0].split()[:rest_words]
        cue = " ".join([cue, *rest])
    return re.sub(r"\s+", " ", cue.replace(_MASK, ".")).strip(" ,:.—–-")


def _find_who(masked: str, quote: Quote, quotes: list[Quote]) -> _Who | None:
    """The speaker phrase and cue of one quote: after it, before it, or introducing its paragraph."""
    para_end = masked.find("\n", quote.end)
    after = masked[quote.end: para_end if para_end >= 0 else len(masked)]
    sentence_end = re.search(r"[.!?](?=\s|$)|[“\"]", after)
    after = after[: sentence_end.start() if sentence_end else len(after)]
    para_start = masked.rfind("\n", 0, quote.start) + 1
    before_all = masked[para_start: quote.start]
    cut = max([m.end() for m in re.finditer(r"[.!?][”\"’]?\s+(?=[A-Z“\"])|[”]", before_all)] or [0])
    before, before_at = before_all[cut:], para_start + cut
    for pattern, after_verb in ((_AFTER_PASSIVE, False), (_AFTER_ACCORDING, True), (_AFTER_DASH, True),
                                (_AFTER_WHO_VERB, False), (_AFTER_VERB_WHO, True)):
        match = pattern.search(after)
        if match:
            span = _clean_who(masked, quote.end + match.start("who"), quote.end + match.end("who"),
                              after_verb=after_verb)
            if span:
                return _Who(*span, _cue(masked, match, quote.end, 0 if pattern is _AFTER_VERB_WHO else 4))
    if before.strip():
        found = _who_before(masked, before, before_at)
        if found:
            return found
    elif para_start > 1:  # the quote opens its paragraph: "Caddell continued:\n\n“...”"
        prev_text = masked[:para_start].rstrip()
        if prev_text.endswith(":") and not _inside(len(prev_text) - 1, quotes):
            prev_start = masked.rfind("\n", 0, len(prev_text)) + 1
            last = masked[prev_start:len(prev_text)]
            cut = max([m.end() for m in re.finditer(r"[.!?][”\"’]?\s+(?=[A-Z“\"])", last)] or [0])
            found = _who_before(masked, last[cut:], prev_start + cut)
            if found:
                return found
    return None


def _who_before(masked: str, before: str, at: int) -> _Who | None:
    for pattern in (_BEFORE_PASSIVE, _BEFORE_ACCORDING, _BEFORE_WHO_VERB):
        match = pattern.search(before)
        if match:
            span = _clean_who(masked, at + match.start("who"), at + match.end("who"),
                              after_verb=pattern is _BEFORE_ACCORDING)
            if span:
                return _Who(*span, _cue(masked, match, at))
    participle = _BEFORE_PARTICIPLE.search(before)
    if participle:
        return _Who(at, at + participle.start(), _cue(masked, participle, at), sentence_subject=True)
    return None


class _Speakers:
    """Names the speaker of a phrase: a mention inside it, a descriptor's organisation, or a pronoun's person."""

    def __init__(self, text: str, masked: str, mentions: list[_Mention], quotes: list[Quote], sentences):
        self.text, self.masked, self.mentions, self.quotes = text, masked, mentions, quotes
        self.sentence_starts = sorted({0, *(s for s, _ in sentences or [])} | {
            m.end() for m in re.finditer(r"\n+", text)})
        self.gender = self._genders()
        self._subject: dict[int, bool] = {}
        self._starts = [m.start for m in mentions]  # mentions come sorted by start
        self.surnames = {}
        for m in mentions:
            if m.type == "PERSON":
                self.surnames.setdefault(m.actor.split()[-1].lower(), m)

    def _genders(self) -> dict[str, str]:
        """Actor -> "m"/"f" where the text shows it: a title before a mention ("Ms. Lee", "Prince Sihamoni")."""
        votes: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.type != "PERSON":
                continue
            words = re.findall(r"[A-Za-z]+", self.text[max(0, m.start - 12): m.end])
            for w in words[:-1]:
                if w.lower() in _FEMALE_TITLES:
                    votes.setdefault(m.actor, set()).add("f")
                elif w.lower() in _MALE_TITLES:
                    votes.setdefault(m.actor, set()).add("m")
        return {actor: next(iter(g)) for actor, g in votes.items() if len(g) == 1}

    def sentence_start(self, pos: int) -> int:
        return self.sentence_starts[bisect.bisect_right(self.sentence_starts, pos) - 1]

    def inside(self, start: int, end: int) -> list[_Mention]:
        return self.mentions[bisect.bisect_left(self._starts, start): bisect.bisect_left(self._starts, end)]

    def subject_like(self, m: _Mention) -> bool:
        """``m`` is the subject of its sentence or of a speech verb: who a passage is about."""
        if m.start not in self._subject:
            self._subject[m.start] = self._subject_like(m)
        return self._subject[m.start]

    def _subject_like(self, m: _Mention) -> bool:
        if _inside(m.start, self.quotes):
            return False
        lead = self.text[self.sentence_start(m.start): m.start]
        if re.fullmatch(r"[\W_]*(?:(?:[A-Z][\w.’'-]*|the|a|an|former|then|new|\d+)\s+)*", lead):
            return True
        line_start = self.text.rfind("\n", 0, m.start) + 1
        if _PREPOSITION_BEFORE.search(self.text[line_start:m.start]):
            return False
        return bool(_SUBJECT_GAP.match(self.masked[m.end: m.end + 160]))

    def agrees(self, m: _Mention, pronoun: str) -> bool:
        want = _PRONOUN_GENDER.get(pronoun)
        if pronoun in ("he", "she"):
            return m.type == "PERSON" and self.gender.get(m.actor, want) == want
        return m.type in ("ORG", "GPE", "NORP") if pronoun == "it" else m.type in ("ORG", "NORP", "GPE", "PERSON")

    def resolve_pronoun(self, pronoun: str, before: int, spoken: list[tuple[int, _Mention]],
                        at: int | None = None) -> _Mention | None:
        """The person the passage is about: the latest agreeing speaker or sentence subject before ``before``.

        ``spoken`` holds earlier quotes' speakers (position, mention), so "…,” he added." continues
        the previous speaker rather than whoever was named last.
        """
        pronoun = pronoun.lower()
        if at is not None:  # "Sokha gave a speech in which he claimed ...": bound inside its own sentence
            same = [m for m in self.inside(self.sentence_start(at), at)
                    if self.agrees(m, pronoun) and not _inside(m.start, self.quotes)]
            if same:
                return same[0]
        candidates = [(pos, m) for pos, m in spoken if pos < before and self.agrees(m, pronoun)]
        candidates += [(m.start, m) for m in self.mentions
                       if m.end <= before and self.agrees(m, pronoun) and self.subject_like(m)]
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
        nearest = [m for m in self.mentions if m.end <= before and self.agrees(m, pronoun)
                   and not _inside(m.start, self.quotes)]
        return nearest[-1] if nearest else None

    def name(self, who: _Who, before: int, spoken) -> dict:
        """Speaker fields for a phrase: speaker, speaker_start, speaker_end, speaker_text, speaker_via."""
        start, end = who.start, who.end
        if who.sentence_subject:  # "Trump attacked Clinton ..., saying": the sentence's subject
            s = self.sentence_start(start)
            pronoun = re.match(rf"\s*(?P<p>{_PRONOUN})\b", self.text[s:end])
            if pronoun:
                start, end = s + pronoun.start("p"), s + pronoun.end("p")
            else:
                first = [m for m in self.inside(s, end) if not _inside(m.start, self.quotes)]
                if not first:
                    return _no_speaker()
                start, end = first[0].start, first[0].end
        phrase = self.text[start:end]
        if phrase.lower() in _PRONOUNS:
            mention = self.resolve_pronoun(phrase, before, spoken, at=start)
            return {"speaker": mention.actor if mention else None, "speaker_mention": mention.start if mention else -1,
                    "_mention": mention, "speaker_text": phrase, "speaker_via": "pronoun",
                    "speaker_start": start, "speaker_end": end}
        inside = [m for m in self.inside(start, end) if m.end <= end]  # not "Sovann Rith Says" (NER in a headline)
        people = [m for m in inside if m.type == "PERSON"]
        if people:
            mention, via = people[0], "named"
        elif _DETERMINER.match(phrase) or _plural_descriptor(phrase):
            # "a spokesman for the airline": the speaker is the organisation it names, if any
            orgs = [m for m in inside if m.type in ("ORG", "GPE", "NORP")]
            mention, via = (orgs[-1] if orgs else None), "descriptor"
        else:
            mention = inside[0] if inside else self.surnames.get(re.sub(r"\W", "", phrase.split()[-1]).lower())
            via = "named"
        speaker = mention.actor if mention else (_as_name(phrase) if via == "named" else None)
        return {"speaker": speaker, "speaker_mention": mention.start if mention else -1,
                "_mention": mention, "speaker_text": phrase, "speaker_via": via, "speaker_start": start,
                "speaker_end": end}


def _as_name(phrase: str) -> str | None:
    """A capitalised phrase no mention covers, as a name: titles dropped ("Mr. Caddell" -> "Caddell")."""
    words = [w for w in phrase.split() if w.rstrip(".").lower() not in _FEMALE_TITLES | _MALE_TITLES
             and not re.fullmatch(rf"(?:{_TITLE_ABBREVIATIONS})\.?", w)]
    name = " ".join(words).strip()
    return name if name and name[0].isupper() else None


def _no_speaker() -> dict:
    return {"speaker": None, "speaker_mention": -1, "_mention": None, "speaker_text": "", "speaker_via": "",
            "speaker_start": -1, "speaker_end": -1}


_SPEAKER_FIELDS = ("speaker", "speaker_mention", "_mention", "speaker_text", "speaker_via", "speaker_start",
                   "speaker_end")


def _kind(masked: str, quote: Quote) -> str:
    """``partial`` for a quoted phrase running inside a sentence ("said the deal was “a betrayal”")."""
    para_start = masked.rfind("\n", 0, quote.start) + 1
    before = masked[para_start: quote.start]
    cut = max([m.end() for m in re.finditer(r"[.!?][”\"’]?\s+|[”\"]\s*", before)] or [0])
    before = before[cut:]
    if not before.strip() or re.search(r"[:,;—–-]\s*$", before) or re.search(rf"\b(?:{SPEECH_VERBS})\s*$", before):
        return "direct"
    return "partial"


_REPORTING = (
    r"said|says|say|told\s+[^,.;:“”\"\n]{1,50}?\s+that|told\s+\w+|tells\s+\w+|claimed|claims|alleged|alleges|"
    r"argued|argues|insisted|insists|believed|"
    r"believes|denied|denies|maintained|maintains|suggested|suggests|contended|contends|predicted|asserted|"
    r"thinks|thought|reported|reports|wrote|writes|tweeted|complained|conceded|acknowledged|admitted|"
    r"estimated|estimates|testified|stressed|argued|agreed|insisted|noted|added|warned|stated|announced|"
    r"confirmed|explained|recalled|indicated|revealed|found|concluded|"
    # verbs of judging and asking: "X called for ...", "X criticized Y for ...", "a poll shows ..."
    r"called\s+(?:for|on)|calls\s+(?:for|on)|called|calls|shows|showed|show|finds|cited|cites|criticized|criticizes|"
    r"blasted|condemned|condemns|accused|accuses|described|describes|pledged|pledges|promised|promises|vowed|"
    r"urged|urges|asked|asks|declined|expects|expected|wants|hopes|hoped|fears|feared|praised|praises|defended|"
    r"defends|rejected|rejects|questioned|questions|welcomed|touted|touts|knows|knew|"
    r"slammed|attacked|attacks|mocked|dismissed|dismisses|predicts|disputed|disputes|backed|endorsed|endorses|"
    r"supports|opposes|opposed|demanded|demands|proposed|proposes|warns|pointed\s+out|made\s+the\s+case"
)
_THAT_ONLY = {"noted", "added", "warned", "stated", "announced", "confirmed", "explained", "recalled", "found",
              "indicated", "revealed", "concluded", "stressed", "agreed", "acknowledged", "admitted"}
_REPORTING_VERB = re.compile(
    rf"(?<![\w’'])(?P<verb>{_REPORTING}|Says|Said|Say|Tells|Told)(?![\w’'])"  # capitalised: headlines
    rf"(?P<gap>(?:\s+(?:on|last|this|in|at|during|after|earlier)\b[^,.;“”\"]{{0,40}}?)?,?\s+(?:that\s+)?)"
)
_BEFORE_ADVERBS = re.compile(rf"\s+{_ADVERBS}$")


def _subject_before(masked: str, start: int, verb: int) -> tuple[int, int] | None:
    """The phrase naming who speaks a verb: the words just before it, or before an apposition.

    "…, San Sarana, a spokesman for Samrin, told" is San Sarana: the nearest
    phrase followed by at most three comma pieces that read as an apposition.
    """
    head = masked[start:verb]
    adverbs = _BEFORE_ADVERBS.search(head)
    head = head[: adverbs.start()] if adverbs else head
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^,.;:!?\"“”\n]+", head)]
    if not pieces:
        return None
    last_start, last_end = pieces[-1]
    if head[last_end:].strip() == "" and last_end == len(head):  # "San Sarana told": no apposition
        return start + last_start, start + last_end
    if not head[last_end:].strip() == ",":
        return None
    for k in range(1, min(3, len(pieces) - 1) + 1):  # "X, a spokesman for Y, told"
        apposition = head[pieces[-k][0]:pieces[-1][1]].strip()
        if _DETERMINER.match(apposition) or apposition[:1].islower() or re.match(r"\d", apposition):
            who_start, who_end = pieces[-k - 1]
            if head[who_end:pieces[-k][0]].strip() == ",":
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


_ADJUNCT_START = r"(?:in|on|at|during|after|before|of|about|as|while|when|from|this|last|earlier|with|by|for)\b"


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
    limit = min([q.start for q in direct] or [at + len(sentence)])

    def content(c_start: int, c_end: int):
        c_end = min(c_end, limit)
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
            span = _clean_who(masked, at + match.start("who_after"), at + match.end("who_after"), after_verb=True)
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
        got = content(at + participle.start("clause"), at + len(sentence))
        if got:
            verb = re.sub(r"\s+", " ", participle.group("verb"))
            yield got, _Who(at, at + participle.start("verb"), verb, sentence_subject=True), verb
    stop = at + (participle.start() if participle else len(sentence))  # "X said …, arguing …": two reports
    for match in _REPORTING_VERB.finditer(sentence):  # every verb, so a failed first one hides no later one
        verb = match.group("verb")
        if _inside(at + match.start("verb"), quotes) or verb in _THAT_ONLY and "that" not in match.group("gap"):
            continue
        subject = _subject_before(masked, at, at + match.start())
        if not subject:
            continue
        span = _clean_who(masked, *subject, after_verb=False)
        c_start = at + match.end()
        if re.match(_ADJUNCT_START, masked[c_start:], re.I):  # "said at an event in Ohio that …"
            that = re.search(r"\bthat\s+", masked[c_start: c_start + 80])
            if not that:
                continue
            c_start += that.end()
        got = content(c_start, stop if stop > c_start else at + len(sentence))
        cue = re.sub(r"\s+that$", "", re.sub(r"\s+", " ", verb))
        if span and got:
            yield got, _Who(*span, cue), cue


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
    corpus, *, mentions_table: pd.DataFrame | None = None, dictionary=None, indirect: bool = False
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
    from toolkit.resolve import actor_at, within

    ensure_annotated(corpus)
    stored = within(stored_rows(corpus.whole, "quotes"), corpus)
    stored = stored[stored["doc_id"].isin(corpus.documents["doc_id"])]
    if not indirect:
        stored = stored[stored["kind"] != "indirect"]
    if stored.empty:
        return empty("quotes")[QUOTE_COLUMNS]
    table = mentions(corpus.whole, dictionary=dictionary) if mentions_table is None else mentions_table
    named = actor_at(table)
    at = stored["speaker_mention"].astype("int64")
    resolved = [named.get((d, int(s))) if s >= 0 else None for d, s in zip(stored["doc_id"], at)]
    speaker = [r if r is not None else (local if s < 0 else None)
               for r, local, s in zip(resolved, stored["speaker"], at)]
    frame = stored.assign(speaker=speaker)[QUOTE_COLUMNS].reset_index(drop=True)
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

    from toolkit.actors import _dictionary_at  # read once per change of the file

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
