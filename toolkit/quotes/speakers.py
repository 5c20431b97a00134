"""Who said a direct quote: masking abbreviations, the speaker patterns around a quote, and naming the speaker.

:class:`_Speakers` turns a speaker phrase into an actor (a mention inside it, a
descriptor's organisation, or the person a pronoun refers to); :func:`_kind` tells
a direct quote from a partial one.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from toolkit.offsets import span_holding
from toolkit.quotes.finding import Quote

# Attribution works on a *masked* copy of the text (same length, same offsets)
# where the full stops of titles, initials and abbreviations ("Mr.", "G.K.",
# "(D-N.C.)", "R-Ky.,") are replaced, so a speaker phrase never ends there.

_TITLE_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Messrs|Dr|Sen|Sens|Rep|Reps|Gov|Lt|Gen|Col|Sgt|Capt|Cpl|Rev|Prof|Del|Atty|Supt|Cmdr|Adm|Maj|Amb|"
    "Hon|Jr|Sr|St|Fr|Sec|Pres|Insp|Det|Insp|Brig|Cdr|Gens|No|Mt|Ft|Corp|Inc|Co|Ltd|Bros|Dept|Univ|Assn"
)
_MASK = "·"
_MASKED_STOPS = re.compile(
    rf"(?<![\w.])(?:{_TITLE_ABBREVIATIONS})\.|(?<![\w.])[A-Z]\.|(?<=[A-Z]\.[A-Z])\.|"  # "S.E.C."
    rf"\.(?=[,)\]])|\.(?=[a-z]{{1,3}}\.)"
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
    r"would|will|could|never|even|still|just|reportedly|"
    r"(?!(?:family|ally|assembly|rally|supply|reply|anomaly|monopoly|bully|belly|jelly|lily)\s)[a-z]+ly)\s+)*"
)
_PRONOUN = r"[Hh]e|[Ss]he|[Tt]hey|[Ii]t"
_PRONOUNS = {"he", "she", "they", "it"}
_PHRASE = r"[^,.;:!?\"“”\n]"  # a speaker phrase never crosses punctuation (abbreviations are masked)
# "Mr. Park, a retired pilot, said"; "X, the head of Y -- a firm that …, which … -- told"
_APPOSITION = r"(?P<apposition>(?:,[^,.;:!?\"“”\n]{1,120}){1,3}(?:,|\s+(?:--|—|–)))?"
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
    r"arguing|warning|responding|replying|calling|posting|shouting|screaming|asserting|stating|claiming|"
    r"recalling|insisting|announcing|quipping|joking)\s*[:,]?\s*$"
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:for|of|to|with|by|from|at|in|on|about|against|and)\s+$", re.IGNORECASE)
_SUBJECT_GAP = re.compile(
    rf"^(?:\s*,[^.;:“”\"]{{0,100}}?,)?\s*(?:(?:on|last|this|earlier|late)\s+\w+\s+)?{_ADVERBS}(?:{SPEECH_VERBS})\b"
)
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


_COLLECTIVE = {"police", "staff", "management", "military", "media", "press", "personnel", "clergy", "prosecution",
               "defence", "defense", "government", "administration", "leadership"}  # "police said"


def _plural_descriptor(phrase: str) -> bool:
    """Bare plural nouns that name speakers: "sources", "senior officials", "lawmakers in both parties"."""
    words = phrase.split()
    head = words[0] if len(words) > 1 and words[1] in ("in", "of", "for", "at", "close", "familiar") else words[-1]
    if phrase[:1].islower() and len(words) <= 3 and head.lower() in _COLLECTIVE:
        return True
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
        return self.sentence_starts[span_holding(self.sentence_starts, pos)]

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
