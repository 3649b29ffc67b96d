"""Attribution frames: who is reported as saying what, found once per document.

A frame is a reporting verb (or "according to", or "X: '...'") with its speaker
(an agent resolved by :class:`~kg.extract.agents.Agents`) and its content (a
character range). Statements and blames read the same frames: the statement
extractor gives each frame a kind, the blame extractor looks for accusations
inside the frames' words. :func:`document_frames` (in ``kg.extract.statement``)
runs the finder once per ``Doc`` and both extractors share the result.

Frames, from the parse (not from strings of an article):

- a reporting verb (say, tell, state, claim, add, warn, announce, write, ...) with
  an agent subject and a complement clause ("X said (that) ...", "X told
  reporters ...", "X wrote on Twitter that ..."), the inverted order ("..., X
  said."), a parenthetical ("The trucks, she said, were ..."), a participle
  ("X dismissed the report, saying ..."), a relative clause ("drones that X says
  were ...");
- "according to X, ..." on a clause;
- refusals: "X declined/refused to comment", "X referred questions to Y", "X
  would not comment";
- quotes: a quote is part of the statement that introduces or follows it, and a
  quote that goes on in the next sentence of the same paragraph stays with it.

Notes:
    Verb classes follow Levin (1993) "communication verbs" and the CAMEO codes
    010 (statement), 011 (decline comment), 015 (acknowledge), 016 (deny).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract import Mention, StatementKind
from kg.extract.agents import MEDIA_NOUNS, Agents, agent_side, agent_side_in, is_media
from kg.extract.index import token_index

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


REPORT_VERBS = frozenset({
    "say", "tell", "state", "claim", "add", "note", "warn", "insist", "announce", "confirm",
    "deny", "write", "post", "tweet", "report", "declare", "assert", "argue", "explain",
    "suggest", "stress", "emphasise", "emphasize", "allege", "maintain", "predict",
    "forecast", "acknowledge", "admit", "reply", "remark", "observe", "estimate", "concede",
    "complain", "pledge", "promise", "vow", "threaten", "reiterate", "repeat", "counter",
    "retort", "joke", "boast", "mention", "inform", "assure", "contend", "testify", "recall",
    "dismiss", "reject", "refute", "rebut", "decline", "refuse", "refer", "redirect",
    "direct", "describe", "present", "portray", "call", "brand", "label", "characterise", "characterize",
    "clarify", "specify", "disclose", "reveal", "answer", "respond", "comment", "publish",
    "think", "believe", "conclude", "insinuate", "hint", "speculate", "caution",
    "disavow", "dispute", "repudiate", "question", "doubt", "quote", "cite", "indicate",
    "charge", "brush", "wave", "laugh", "shrug",
})
DENY_VERBS = frozenset({"deny", "dismiss", "reject", "refute", "rebut", "disavow", "dispute", "repudiate", "contest"})
DECLINE_VERBS = frozenset({"decline", "refuse"})
REFER_VERBS = frozenset({"refer", "redirect", "direct"})
PROMISE_VERBS = frozenset({"pledge", "promise", "vow"})
BLAME_HEADS = frozenset({"blame", "accuse", "hold", "attribute", "condemn"})
DESCRIBE_VERBS = frozenset({"call", "describe", "present", "portray", "brand", "label", "characterise", "characterize"})
# Verbs that count only with a complement clause: "he answered questions" is no statement.
CLAUSE_ONLY = frozenset({"charge", "declare", "respond", "answer", "think", "believe", "question", "doubt", "quote",
                         "cite", "indicate", "recall", "comment", "publish", "post", "reveal",
                         "disclose", "specify", "clarify", "inform", "mention", "repeat", "report"})
COMMENT_VERBS = frozenset({
    "comment", "say", "discuss", "answer", "elaborate", "speculate", "confirm", "disclose",
    "reveal", "give", "provide", "respond", "specify", "name", "identify", "explain", "detail",
    "address", "talk", "be", "offer", "go",
})
WITHHOLD_VERBS = frozenset({"say", "disclose", "reveal", "specify", "confirm", "elaborate", "discuss", "detail", "name", "identify"})
# Lemmas that can start a frame in StatementFrames.frames (besides "according to" and "in").
_TRIGGER_LEMMAS = REPORT_VERBS | WITHHOLD_VERBS | {"have", "draw"}
REFERRAL_OBJECTS = frozenset({"question", "inquiry", "enquiry", "query", "request", "you", "reporter", "journalist", "matter"})
FALSE_WORDS = frozenset({
    "false", "baseless", "groundless", "untrue", "fake", "lie", "lies", "fabrication",
    "fabricated", "nonsense", "absurd", "unfounded", "propaganda", "disinformation",
    "misinformation", "fiction", "fairy", "fantasy", "myth", "ridiculous", "slander", "hoax", "invention",
    "motivated", "politicised", "politicized", "speculation", "speculative", "hysteria", "hysterical",
    "paranoia", "paranoid", "rubbish", "smear", "farce", "delusion", "delusional", "russophobia", "russophobic",
})
# Negated, these deny involvement: "had not supplied weapons", "had no part in".
# Units named by their weapon ("the S-400 regiment", "the Pantsir crew"): never speakers of record.
WEAPON_UNITS = frozenset({"regiment", "battalion", "battery", "brigade", "division", "unit", "crew", "squadron",
                          "system", "launcher", "complex", "detachment", "company"})
# "In the words of X", "in his view": the clause is X's.
VIEW_NOUNS = frozenset({"word", "view", "assessment", "opinion", "estimate", "estimation", "judgement", "judgment", "telling"})
# "X brushed the claim aside", "waved away", "laughed off": a denial.
BRUSH_VERBS = frozenset({"brush", "wave", "laugh", "shrug"})
FUTURE_AUX = frozenset({"will", "would", "shall", "could", "might", "may", "should", "must", "'ll", "wo"})
_QUOTE_OPEN = "“«„‘"
_QUOTE_CLOSE = "”»“’"


@dataclass
class Frame:
    """One attribution: its verb, speaker, content (character range) and kind."""

    verb: Token
    speaker: Mention
    start: int
    end: int
    kind: StatementKind
    roots: list[Token] = field(default_factory=list)   # heads of the content clause(s)
    sentence: tuple[int, int] = (0, 0)
    date_tokens: list[Token] = field(default_factory=list)
    bare: bool = False  # a refusal or denial with no words of its own ("X rejected the charge.")


# A transcript turn: an optional title, a surname in capitals, a colon, the words.
_TURN = re.compile(r"^(?:[A-Z][A-Za-z]{0,5}\.\s+)*(?P<name>[A-Z][A-Z'\-]+(?:\s[A-Z][A-Z'\-]+)?):[ \t]+\S.*$", re.MULTILINE)


# Verbs by which one party passes on another's words ("reported that X said").
_RELAY_VERBS = frozenset({"report", "quote", "cite", "carry", "publish"})


def _relays(outer: Frame, inner: Frame) -> bool:
    """Whether ``outer`` only passes on ``inner``: a relay verb whose words hold inner's verb."""
    return outer.verb.lemma_ in _RELAY_VERBS and outer.start <= inner.verb.idx < outer.end and inner.verb.lemma_ != outer.verb.lemma_


def _introduced_as_media(person: Span) -> bool:
    """"our correspondent David Hsu", "reporter X": a journalist's turns are narration."""
    doc = person.doc
    before = doc[max(0, person.start - 3) : person.start]
    return any(t.lemma_.casefold() in _MEDIA_ROLES for t in before)


_MEDIA_ROLES = frozenset({"correspondent", "reporter", "anchor", "host", "presenter", "editor", "journalist", "moderator"})


# ---------------------------------------------------------------- text helpers
def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations (curly or straight quotes, within one paragraph)."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p, base = para.group(0), para.start()
        open_at: int | None = None
        straight: int | None = None
        single: int | None = None
        for i, ch in enumerate(p):
            # British style ‘…’: an opening mark at a word start, a closing one not followed
            # by a letter (so "don’t" and "Russia’s" are apostrophes, not quotes).
            if ch == "‘" and (i == 0 or not p[i - 1].isalnum()) and open_at is None:
                single = i
            elif ch == "’" and single is not None and (i + 1 == len(p) or not p[i + 1].isalpha()) and i - single > 1:
                spans.append((base + single, base + i + 1))
                single = None
            if ch == "“" or ch == "«" or ch == "„":
                open_at = i
            elif (ch == "”" or ch == "»") and open_at is not None:
                spans.append((base + open_at, base + i + 1))
                open_at = None
            elif ch == '"':
                if straight is None:
                    straight = i
                else:
                    spans.append((base + straight, base + i + 1))
                    straight = None
    spans.sort()
    return spans


def _modal(v: Token) -> bool:
    """"could not", "would not", "will not": a refusal or an inability, not a past fact."""
    return any(c.dep_ == "aux" and c.lower_ in ("would", "will", "wo", "could", "can", "ca") for c in v.children)


def _negated(v: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in v.children)


def _no_subject(v: Token) -> bool:
    """A clause negated through its subject: "no missiles had been moved"."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("nothing", "none", "nobody", "no")
               or any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in c.children)) for c in v.children)


def _has_future(v: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in v.children)


def _subject_token(v: Token) -> Token | None:
    """The subject of ``v``, inherited through conjunctions, participles and relatives.

    With two subjects (a misparse of a fronted participle: "Meeting X, Y thanked"),
    the one nearest before the verb wins.
    """
    seen = 0
    while v is not None and seen < 4:
        seen += 1
        subs = [c for c in v.children if c.dep_ == "nsubj"]
        if not subs:
            # "X, asked about Y, says ...": misparsed with "asked" as a clause holding the subject.
            subs = [g for c in v.children if _asked_clause(c) for g in c.children if g.dep_ == "nsubj"]
        if subs:
            before = [c for c in subs if c.i < v.i]
            c = before[-1] if before else subs[0]
            if c.lower_ in ("who", "which", "that") and v.dep_ == "relcl":
                return v.head
            return c
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN") and v.tag_ != "VBN" and v.head.i < v.i:
            # "an attack that officials blamed on ..." misparsed as acl of the subject;
            # "X, a legislator called for ..." misparsed as acl of the apposition.
            if v.head.dep_ == "appos" and v.head.head.pos_ == "PROPN":
                return v.head.head
            return v.head
        if v.dep_ == "pcomp" and v.head.lower_ == "as" and v.head.head.lemma_ in ("quote", "cite"):
            # "X was quoted as saying ..."
            return next((c for c in v.head.head.children if c.dep_ == "nsubjpass"), None)
        if v.dep_ == "ccomp" and v.head.lemma_ in ("ask", "question", "press") and v.head.i < v.i \
                and v.doc[v.i - 1].text == "," and v.head.tag_ in ("VBD", "VBN"):
            v = v.head  # "X, asked whether ..., declined to discuss": misparsed under "asked"
            continue
        if v.dep_ == "advcl" and v.tag_ == "VBG":
            said = next((c for c in v.head.children if c.dep_ == "parataxis" and c.lemma_ in REPORT_VERBS and c.i < v.i
                         and _report_participle(c) == v), None)
            if said is not None:
                v = said  # "..., X said, warning that ...": the participle is X's
                continue
        if v.dep_ in ("conj", "advcl", "xcomp", "pcomp") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
            head = v.head
            if v.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.lemma_ in REPORT_VERBS:
                # "X wrote that Y was ..., accusing Z": the participle is the writer's.
                head = head.head
            v = head
            continue
        return None
    return None


def _report_participle(v: Token) -> Token | None:
    """The reporting participle right after a parenthetical "X said," ("…, X said, warning that …")."""
    nxt = v.i + 1
    doc = v.doc
    if nxt + 1 < len(doc) and doc[nxt].text == ",":
        w = doc[nxt + 1]
        if w.tag_ == "VBG" and w.dep_ == "advcl" and w.head == v.head and w.lemma_ in REPORT_VERBS:
            return w
    return None


def _asked_clause(c: Token) -> bool:
    """A misparsed "X, asked about Y," before a reporting verb: no words of the speaker's own."""
    return c.dep_ == "ccomp" and c.tag_ in ("VBN", "VBD") and c.lemma_ in ("ask", "question", "press") and c.i < c.head.i \
        and c.i > 0 and c.doc[c.i - 1].text == ","


def _right_span(doc: Doc, v: Token, skip=("punct", "cc", "conj", "advcl", "parataxis", "nsubj", "nsubjpass")) -> tuple[int, int] | None:
    """The predicate of ``v``: the verb and its right dependents (token indices, end exclusive)."""
    end = v.i
    for c in v.rights:
        if c.dep_ in skip:
            continue
        end = max(end, max(t.i for t in c.subtree))
    start = v.i
    # Keep auxiliaries and negation just before the verb ("would not comment").
    for c in v.lefts:
        if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i >= start - 3:
            start = min(start, c.i)
    return start, end + 1


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim marks, conjunctions and punctuation (but not quotes) from a token range."""
    while start < end and (doc[start].dep_ in ("mark", "cc") and doc[start].lower_ in ("that", "and", "but", "while", "whether", "if")
                           or (doc[start].is_punct and doc[start].text not in _QUOTE_OPEN + '"')):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in _QUOTE_CLOSE + '"':
        end -= 1
    return start, end


# --------------------------------------------------------------- frame finder
class FrameFinder:
    """Find the attribution frames of one document (shared by statements and blames)."""

    def __init__(self, doc: Doc, agents: Agents | None = None) -> None:
        self.doc = doc
        self.agents = agents or Agents(doc)
        self.text = self.agents.text
        self.quotes = quote_spans(self.text)
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        self._para_starts = [a for a, _ in self.paragraphs]
        self._speakers: list[tuple[int, Mention]] = []
        self._contents: list[tuple[int, int]] = []
        self._sides_by_name: dict[str, frozenset[str]] = {}
        self._cur_sides: frozenset[str] = frozenset()
        self._cur_strong: frozenset[str] = frozenset()
        self._cur_intel = False
        self._intel_names: set[str] = set()
        self._cur_states: frozenset[str] = frozenset()  # nationality of the current speaker
        self._states_by_name: dict[str, frozenset[str]] = {}
        self._words_by_name: dict[str, frozenset[str]] = {}  # the words of each speaker's phrases
        self._frames: list[Frame] | None = None
        try:
            from kg.extract.noise import is_noise
        except ImportError:  # pragma: no cover - noise filter not installed
            is_noise = None
        self._is_noise = is_noise

    def noisy(self, sent) -> bool:
        return bool(self._is_noise and self._is_noise(sent))

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._para_starts, pos) - 1
        if i >= 0 and self.paragraphs[i][0] <= pos < self.paragraphs[i][1]:
            return self.paragraphs[i]
        return 0, len(self.text)

    def headline(self, pos: int) -> bool:
        """A title line: no sentence-final punctuation (headlines, section heads)."""
        s, e = self.paragraph(pos)
        line = self.text[s:e].rstrip()
        # Long lines are body text even without a full stop (scraped paragraphs, live-blog entries).
        return not line or line[-1] not in ".!?\"”’:;)…" and len(line.split()) <= 25

    def frames(self) -> list[Frame]:
        if self._frames is not None:
            return self._frames
        doc = self.doc
        out: list[Frame] = []
        noise: dict[int, bool] = {}
        index = token_index(doc)
        triggers = index.any_of(lemma=_TRIGGER_LEMMAS, lower=("according", "in"))
        for i in triggers:
            tok = doc[i]
            sent = index.sentence(i)
            f = None
            if tok.pos_ in ("VERB", "AUX") and (tok.lemma_ in REPORT_VERBS or tok.lemma_ in WITHHOLD_VERBS and _negated(tok)):
                f = self._verb_frame(tok)
            elif tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                f = self._according_frame(tok)
            elif tok.lower_ == "in" and tok.dep_ == "prep":
                f = self._in_words_frame(tok)
            elif tok.lemma_ == "have" and tok.pos_ in ("VERB", "AUX") and any(
                    c.dep_ == "dobj" and c.lemma_ == "comment" and any(g.lower_ == "no" for g in c.children) for c in tok.children):
                f = self._predicate(tok, "declined")  # "the ministry had no comment"
            elif tok.lemma_ == "draw" and _negated(tok) and any(c.dep_ == "auxpass" for c in tok.children):
                f = self._predicate(tok, "declined")  # "the army would not be drawn on where ..."
            if f is None or self.headline(f.verb.idx):
                continue
            # Ask the (costlier) boilerplate filter only about sentences with a frame.
            if sent.start not in noise:
                noise[sent.start] = self.noisy(sent)
            if noise[sent.start]:
                continue
            ps, pe = self.paragraph(f.verb.idx)
            f.start, f.end = max(f.start, ps), min(f.end, pe)
            if f.end <= f.start:
                continue
            f.sentence = (max(sent.start_char, ps), min(sent.end_char, pe))
            out.append(f)
            self._speakers.append((f.verb.i, f.speaker))
            self._contents.append((f.start, f.end))
        out.extend(self._colon_frames(out))
        turns = self._turn_frames(out)  # one frame per sentence of a turn: never nested, never merged
        out = self._drop_nested(out) + turns
        self._attach_quotes(out)
        self._frames = self._drop_summaries(self._merge_responses(out))
        return self._frames

    def _drop_summaries(self, frames: list[Frame]) -> list[Frame]:
        """Drop a body's refusal or denial that its own spokesman's words repeat later.

        "The Kremlin refused to say whether ... [later] Kremlin spokesperson X referred
        questions to ...": one refusal, told twice; the spokesman's has the words.
        """
        out = []
        for i, f in enumerate(frames):
            if f.kind in ("declined", "denial") and f.speaker.type != "Person":
                head = f.speaker.name.casefold().split()[-1] if f.speaker.name.split() else ""
                # The spokesman's own phrase names the body ("Kremlin spokesperson X"), not just its country.
                if f.bare and any(g.kind == f.kind and g.speaker.type == "Person" and g.start > f.start
                                  and head in self._words_by_name.get(g.speaker.name, frozenset()) for g in frames[i + 1:]):
                    continue
            out.append(f)
        return out

    def _colon_frames(self, found: list[Frame]) -> list[Frame]:
        """A name, a colon and a quotation: 'Lind: "We have nothing to add."'."""
        out: list[Frame] = []
        doc = self.doc
        for qs, qe in self.quotes:
            if any(f.start <= qs < f.end for f in found):
                continue
            j = qs - 1
            while j >= 0 and self.text[j] == " ":
                j -= 1
            if j < 0 or self.text[j] != ":":
                continue
            span = doc.char_span(j, j + 1)
            tok = span[0] if span is not None and len(span) == 1 else None
            if tok is None or tok.i == 0:
                continue
            head = doc[tok.i - 1]
            ps, _ = self.paragraph(head.idx)
            words = [t for t in doc[max(0, tok.i - 6): tok.i] if t.idx >= ps]
            if not words or not all(t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PUNCT", "PART") for t in words) or head.pos_ not in ("PROPN", "NOUN"):
                continue
            speaker = self.agents.mention(head)
            if speaker is None or is_media(speaker) or self.headline(head.idx):
                continue
            f = Frame(head, speaker, qs, qe, "claim", [])
            f.kind = self._classify_span(f, speaker)
            f.sentence = (head.sent.start_char, max(head.sent.end_char, qe))
            out.append(f)
        return out

    def _turn_frames(self, found: list[Frame]) -> list[Frame]:
        """Turns of a transcript: "MARSH: We escorted fourteen ships. …".

        A line opening with a surname in capitals (a title may precede it) and a colon is
        that person's turn when the document names a person of that surname; each
        sentence of the turn is a statement of theirs, except questions. Labels that
        name no person ("Q:", "MODERATOR:", "ANCHOR:", "THE CLAIM:") give nothing.
        """
        out: list[Frame] = []
        index = token_index(self.doc)
        persons: dict[str, Span] = {}
        for e in index.ents:
            # The fullest written name of each surname ("Sofia Lindgren", not the label "LINDGREN").
            if e.label_ == "PERSON" and e.text[:1].isupper() and not e.text.isupper() and not _introduced_as_media(e):
                key = e.text.split()[-1].casefold()
                if len(e.text) > len(persons[key].text if key in persons else ""):
                    persons[key] = e
        for line in _TURN.finditer(self.text):
            surname = line.group("name").split()[-1]
            person = persons.get(surname.casefold())
            if person is not None:
                m = self.agents.mention(person.root)
            else:
                m = self._named_in_text(surname.capitalize())
            if m is None or is_media(m) or m.type != "Person":
                continue
            label_start, label_end = line.start("name"), line.end("name")
            head = self.doc.char_span(label_start, label_end, alignment_mode="expand")
            words_at = self.doc.char_span(label_end + 1, line.end(), alignment_mode="expand")
            if head is None or words_at is None or any(line.start() <= f.start < line.end() for f in found):
                continue  # a narrator's turn: it reports what others said ("X shot back that …")
            speaker = Mention(label_start, label_end, self.text[label_start:label_end], m.name, "Person")
            self._speak_as(m.name)
            for sent in {index.sentence(t.i).start: index.sentence(t.i) for t in words_at}.values():
                start, end = max(sent.start_char, label_end + 1), min(sent.end_char, line.end())
                words = self.text[start:end].strip()
                if end <= start or not words or words.endswith("?") or len(words.split()) < 3:
                    continue
                start += len(self.text[start:end]) - len(self.text[start:end].lstrip())
                end = start + len(words)
                if any(f.start < end and start < f.end for f in found):
                    continue  # a reporting verb inside the turn already made it a statement
                f = Frame(head[0], speaker, start, end, "claim", [])
                f.kind = self._classify_span(f, speaker)
                f.sentence = (start, end)
                out.append(f)
        return out

    def _named_in_text(self, surname: str) -> Mention | None:
        """The person the text names in full with ``surname`` ("Brigadier General Sofia Lindgren"),
        when the model did not tag the name: a capitalised word right before the surname."""
        for hit in re.finditer(rf"\b[A-Z][a-z]+\s+{re.escape(surname)}\b", self.text):
            span = self.doc.char_span(hit.end() - len(surname), hit.end())
            if span is None or _introduced_as_media(span):
                continue
            m = self.agents.mention(span[0])
            if m is not None and m.type == "Person" and m.name.split()[-1] == surname:
                return m
        return None

    def _speak_as(self, name: str) -> None:
        """Make ``name`` the current speaker for the kind rules (its sides, as found so far)."""
        known = agent_side_in(name)
        self._cur_sides = self._sides_by_name.get(name, frozenset())
        self._cur_intel = name in self._intel_names
        self._cur_states = self._states_by_name.get(name, frozenset()) | ({side_key(known)} if known else frozenset())
        self._cur_strong = frozenset()

    # ---------------------------------------------------------------- speakers
    def _speaker(self, v: Token) -> tuple[Token, Mention] | None:
        subj = _subject_token(v)
        if subj is None and v.lemma_ == "draw":
            subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)  # "X would not be drawn on ..."
        ps, pe = self.paragraph(v.idx)
        if subj is not None and not (ps <= subj.idx < pe):
            subj = None
        if subj is None:
            # No subject in the parse (or one across a line break): the nearest name before the verb.
            for i in range(v.i - 1, max(v.i - 4, -1), -1):
                t = self.doc[i]
                if t.idx < ps:
                    break
                if t.is_punct or t.pos_ in ("ADV", "AUX", "PART"):
                    continue
                if t.pos_ in ("PROPN", "PRON"):
                    subj = t
                break
        if subj is None or _inside(self.quotes, subj.idx):
            return None
        if subj.ent_type_ == "WEAPON" and subj.pos_ == "NOUN" or subj.pos_ == "NOUN" and subj.lemma_ in WEAPON_UNITS and any(
                t.ent_type_ == "WEAPON" for c in subj.lefts if c.dep_ in ("compound", "nmod", "amod") for t in c.subtree):
            return None  # "the S-400 regiment said", "the Pantsir crew said": a weapon's unit is no speaker of record
        if subj.lemma_ in ("statement", "post", "message", "communique", "release", "readout", "notice"):
            # "A statement from the presidential office said ...": the office speaks.
            by = [g for c in subj.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                  for g in c.children if g.dep_ == "pobj"]
            if by:
                subj = by[0]
            elif not any(c.dep_ in ("compound", "poss") and c.pos_ in ("NOUN", "PROPN") for c in subj.children):
                return None  # "a statement said": nobody; "an embassy statement said": the embassy
        low = subj.lower_
        if low in ("he", "she", "it", "they"):
            m = self._recent_speaker(subj)
            if m is not None:
                self._speak_as(m.name)
                return subj, m
        m = self.agents.mention(subj)
        if m is None or is_media(m) or m.text.casefold() in ("i", "we", "you"):
            return None
        if any(c.dep_ == "appos" and (c.lemma_ in MEDIA_NOUNS or c.lemma_ == "agency" and any(g.lower_ == "news" for g in c.children)) for c in subj.children):
            return None  # "Sirena, a Telegram-based news outlet, says ..."
        sides = self._sides(subj)
        if subj.dep_ == "appos" or any(c.dep_ == "appos" for c in subj.children):
            top = subj.head if subj.dep_ == "appos" else subj
            sides = sides | self._sides(top)  # "Finland's intelligence chief, Major General X"
        else:
            top = subj
        known = agent_side_in(m.name)
        if known:
            sides = sides | {side_key(known)}
        self._words_by_name[m.name] = self._words_by_name.get(m.name, frozenset()) | {t.lower_ for t in top.subtree}
        self._cur_states = frozenset(side_key(t.lower_) for t in top.subtree if _side_word(t)) | (
            {side_key(known)} if known else set()) | self._states_by_name.get(m.name, frozenset())
        if not self._cur_states:
            self._cur_states = name_states(m.name)  # "Norwegian Armed Forces": the model tags it ORG, not NORP
        self._states_by_name[m.name] = self._cur_states
        self._cur_intel = any(t.lemma_ in ("intelligence", "spy", "analyst", "expert") for t in top.subtree)
        if self._cur_intel:
            self._intel_names.add(m.name)
        if any(t.dep_ == "poss" and t.lower_ in ("its", "their") for t in subj.subtree):
            sides = sides | {"@its"}
        if sides:
            self._sides_by_name[m.name] = sides | self._sides_by_name.get(m.name, frozenset())
        self._cur_sides = self._sides_by_name.get(m.name, sides)
        self._cur_strong = frozenset(side_key(t.lower_) for t in subj.subtree if _side_word(t) and t.dep_ != "relcl")
        return subj, m

    def _sides(self, tok: Token) -> frozenset[str]:
        """The states a phrase ties its head to ("Russian Foreign Ministry spokeswoman X" -> russ)."""
        out = set()
        for t in tok.subtree:
            if t.dep_ == "relcl":
                break
            if (_side_word(t) or t.pos_ == "PROPN" and t.ent_type_ != "PERSON") and (t.i != tok.i or tok.pos_ != "PROPN"):
                out.add(side_key(t.lower_))
        return frozenset(out)

    def _phrase_sides(self, tok: Token) -> frozenset[str]:
        return frozenset(side_key(t.lower_) for t in tok.subtree if _side_word(t) or t.pos_ == "PROPN" and t.ent_type_ != "PERSON")

    def _recent_speaker(self, pron: Token) -> Mention | None:
        """A pronoun subject of a reporting verb is most often the last speaker of its kind."""
        want_person = pron.lower_ in ("he", "she", "his", "her", "him")
        floor = pron.sent.start
        for _ in range(3):
            if floor == 0:
                break
            floor = self.doc[floor - 1].sent.start
        best: tuple[int, Mention] | None = None
        for i, m in reversed(self._speakers):
            if i < pron.i and i >= floor and want_person == (m.type == "Person"):
                best = (i, m)
                break
        # A subject of a main clause since then (not inside anyone's words) is more salient.
        for i, m in reversed(self.agents.subjects()):
            if i >= pron.i:
                continue
            if i < floor or (best is not None and i <= best[0]):
                break
            tok = self.doc[i]
            if want_person == (m.type == "Person") and not any(a <= tok.idx < b for a, b in self._contents) \
                    and not _inside(self.quotes, tok.idx):
                best = (i, m)
                break
        if best is None:
            return None
        m = best[1]
        return Mention(pron.idx, pron.idx + len(pron.text), pron.text, m.name, m.type)

    # ----------------------------------------------------------------- verbs
    def _verb_frame(self, v: Token) -> Frame | None:
        doc = self.doc
        lemma = v.lemma_
        # "saying" under a denial/refusal/description verb belongs to that verb's frame.
        if v.dep_ == "advcl" and v.tag_ == "VBG" and lemma in DENY_VERBS and v.head.lemma_ in REPORT_VERBS \
                and v.head.lemma_ not in DENY_VERBS and _subject_token(v.head) is not None:
            return None  # "'...,' X told IRNA, rejecting the claims": one denial, the head's
        if v.dep_ == "advcl" and v.tag_ == "VBG" and lemma in ("say", "call", "describe", "add", "insist") and (
                v.head.lemma_ in DENY_VERBS | DESCRIBE_VERBS | {"confirm", "acknowledge", "admit", "announce", "remark", "comment"}):
            return None
        if _negated(v) and lemma in WITHHOLD_VERBS and _modal(v):
            return self._predicate(v, "declined")  # "he would not say how many", "could not confirm"
        if _negated(v) and lemma != "comment":
            return None
        comps = [c for c in v.children if c.dep_ == "ccomp" and not _asked_clause(c)
                 or c.dep_ == "advcl" and c.i > v.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
        xcomps = [c for c in v.children if c.dep_ == "xcomp"]
        dobjs = [c for c in v.children if c.dep_ == "dobj"]
        if any(any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in d.children) for d in dobjs):
            return None  # "has claimed neither attack"
        # Refusals.
        if lemma in DECLINE_VERBS:
            if not (any(x.lemma_ in COMMENT_VERBS for x in xcomps) or not xcomps and any(d.lemma_ in ("comment", "request", "question") for d in dobjs)):
                return None
            return self._predicate(v, "declined")
        if lemma in REFER_VERBS:
            if not any(d.lemma_.casefold() in REFERRAL_OBJECTS for d in dobjs):
                return None
            return self._predicate(v, "declined")
        if lemma == "comment":
            if _negated(v) and _modal(v):
                return self._predicate(v, "declined")
            if not comps:
                return None
        found = self._speaker(v)
        if found is None:
            return None
        subj, speaker = found
        kind: StatementKind | None = "denial" if lemma in DENY_VERBS else None
        if lemma in BRUSH_VERBS:
            if not any(c.dep_ in ("prt", "advmod") and c.lower_ in ("aside", "off", "away") for c in v.children):
                return None
            kind = "denial"
        if lemma in DENY_VERBS | {"confirm"} and any(c.lower_ in ("neither", "nor") for c in v.children) \
                or lemma in DENY_VERBS and v.dep_ == "conj" and any(c.lower_ == "nor" for c in v.head.children):
            head = v.head if v.dep_ == "conj" else v
            if not (head.tag_ in ("VBZ", "VBP") or _modal(head)):
                return None  # "has neither confirmed nor explained": silence, not a statement
            found = self._speaker(head)
            if found is None:
                return None
            s, e = _right_span(doc, head, skip=("punct", "nsubj", "nsubjpass", "advcl", "parataxis"))
            return self._frame(head, found[1], s, e, "declined", [head])  # "would neither confirm nor deny"
        if any(d.lemma_ in ("responsibility", "credit") for d in dobjs) and lemma in ("claim", "admit", "acknowledge"):
            kind = "acknowledgement"  # "claimed responsibility for the strike"
        say = [c for c in v.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_ in ("say", "call", "describe", "add", "insist")]
        if say and (kind or lemma in DESCRIBE_VERBS or lemma in ("confirm", "acknowledge", "admit", "announce", "remark", "comment")):
            # "X dismissed the report, saying ...": one statement, the participle's clause inside.
            s, _ = _right_span(doc, v)
            e = max(t.i for t in say[0].subtree) + 1
            s, e = _trim(doc, s, e)
            f = self._frame(v, speaker, s, e, kind or "claim", [])
            words = {t.lower_ for t in say[0].subtree}
            if kind is None:
                f.kind = "denial" if words & FALSE_WORDS else self._classify_span(f, speaker)
            return f
        if comps:
            s = min(min(t.i for t in c.subtree) for c in comps)
            marks = [g.i for c in comps if c.dep_ == "advcl" for g in c.children if g.dep_ == "mark" and g.lower_ == "that"]
            if marks:
                s = max(s, min(marks))  # "told SVT that ..." misparsed: the words start at "that"
            e = max(max(t.i for t in c.subtree) for c in comps) + 1
            if e <= v.i:
                # Inverted: "..., the ministry said." From the sentence start; a clause joined
                # to the attribution ("..., he wrote, and ...") goes on after it.
                s = min(s, v.sent.start)
                e = max(e, min(subj.left_edge.i, v.i))
                for c in v.rights:
                    if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.lemma_ not in REPORT_VERBS:
                        e = max(e, c.right_edge.i + 1)
            if s < v.i < e and subj.i >= s and all(t.i == v.i or t.tag_ in ("WDT", "WP") or subj.left_edge.i <= t.i <= subj.right_edge.i
                                                   for t in doc[s: v.i + 1]):
                s = v.i + 1  # "which he says fired ...": the words start after the attribution
            s, e = _trim(doc, s, e)
        elif lemma in DESCRIBE_VERBS:
            if v.tag_ == "VBG" and v.head.lemma_ in BLAME_HEADS:
                return None  # "He blamed X, calling it ...": part of the blame

            oprd = [c for c in v.children if c.dep_ in ("oprd", "attr", "acomp", "ccomp", "xcomp")
                    or (c.dep_ == "prep" and c.lower_ in ("as", "for"))]
            oprd += [g for d in dobjs for g in d.children if g.dep_ == "prep" and g.lower_ == "as"]
            false_label = any(t.lower_ in FALSE_WORDS or t.lemma_ in FALSE_WORDS for o in oprd for t in o.subtree)
            if not oprd or (lemma == "call" and not dobjs and not false_label and not any(c.lower_ == "for" for c in oprd)):
                return None
            s, e = _right_span(doc, v)
            if any(d.lower_ == "what" for d in dobjs) and e < len(doc) and doc[e].pos_ in ("VERB", "AUX") \
                    and not any(c.dep_ == "nsubj" for c in doc[e].children):
                # "what Warsaw described as a missile entered its airspace": the words go on.
                e = max(e, max(t.i for t in doc[e].rights) + 1 if list(doc[e].rights) else e + 1)
                s, e = _trim(doc, s, e)
            words = {t.lower_ for o in oprd for t in o.subtree}
            return self._frame(v, speaker, s, e, "denial" if words & FALSE_WORDS else "claim", [])
        elif v.dep_ in ("parataxis", "ccomp") and v.head.pos_ in ("VERB", "AUX") and v.head.i != v.i \
                and not (v.head.lemma_ in REPORT_VERBS and v.dep_ == "ccomp"):
            # Parenthetical: "The weapons, he said, were standing on combat duty."
            sent = v.sent
            end = sent.end
            part = _report_participle(v)
            if part is not None:
                end = part.left_edge.i  # "..., X said, warning that ...": the warning is a statement of its own
            s, e = _trim(doc, sent.start, end)
        elif lemma in CLAUSE_ONLY and not (lemma == "report" and dobjs):
            return None
        elif lemma in ("say", "add", "write", "note", "state") and any(
                t.tag_ in ("VBD", "VBZ", "VBP", "MD") and any(g.dep_ == "nsubj" for g in t.children)
                for d in dobjs if d.lemma_ not in ("nothing", "little", "anything", "something", "much", "more")
                for t in d.subtree if t.i > v.i) and not self._adjacent_quote(v, subj):
            # A clause misparsed as an object ("said Russia bore responsibility"): the words are still there.
            s, e = _right_span(doc, v)
            s, e = _trim(doc, v.i + 1, e)
        elif lemma in ("say", "tell", "add", "write", "post", "note", "state", "explain", "insist", "stress") or not (dobjs or xcomps or any(c.dep_ == "prep" for c in v.children)):
            # "X said in a statement." with the words in a quote next to it.
            q = self._adjacent_quote(v, subj)
            if q is None:
                return None
            f = self._frame(v, speaker, q[0], q[1], "claim", [], chars=True)
            f.kind = self._classify_span(f, speaker)
            if any(c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_ in DENY_VERBS for c in v.children):
                f.kind = "denial"
            return f
        else:
            # "denied involvement", "threatened 'the harshest' retaliation", "announced the arrival of".
            s, e = _right_span(doc, v)
        f = self._frame(v, speaker, s, e, kind or "claim", [])
        f.bare = lemma in DENY_VERBS and not comps
        if kind is None:
            f.kind = "claim" if lemma in PROMISE_VERBS else self._classify_span(f, speaker)
        if any(c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_ in DENY_VERBS for c in v.children):
            f.kind = "denial"
        return f

    def _adjacent_quote(self, v: Token, subj: Token) -> tuple[int, int] | None:
        """A quotation just before the subject or the verb, or just after the verb phrase."""
        text = self.text
        # '"...," General X, chief of staff, told ...': the subject's first word (not its comma)
        first = min(min((t.idx for t in subj.subtree if not t.is_punct), default=v.idx), v.idx)
        sent = v.sent
        last_tok = max((t for t in v.subtree), key=lambda t: t.i)
        after = last_tok.idx + len(last_tok.text)
        for qs, qe in self.quotes:
            if qe <= first and re.fullmatch(r"[\s,]*", text[qe:first]):
                return qs, qe
            if qs >= after and re.fullmatch(r"\s*[:,]?\s*", text[after:qs]) and qs < sent.end_char + 2:
                return qs, qe
        return None

    def _predicate(self, v: Token, kind: StatementKind) -> Frame | None:
        found = self._speaker(v)
        if found is None:
            return None
        s, e = _right_span(self.doc, v)
        s, e = _trim(self.doc, s, e)
        f = self._frame(v, found[1], s, e, kind, [v])
        f.bare = True
        return f

    def _frame(self, v: Token, speaker: Mention, s: int, e: int, kind: StatementKind, roots: list[Token], *, chars: bool = False) -> Frame:
        doc = self.doc
        if chars:
            start, end = s, e
        else:
            if e <= s:
                s, e = v.i, v.i + 1
            while s < e and doc[s].tag_ == "WDT":  # "which he said would ..."
                s += 1
            start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        # A quotation is never cut: widen to the whole quote.
        for qs, qe in self.quotes:
            if qs < end and qe > start:
                start, end = min(start, qs), max(end, qe)
        return Frame(v, speaker, start, end, kind, roots, date_tokens=_date_tokens(v))

    # ------------------------------------------------------------ according
    def _according_frame(self, tok: Token) -> Frame | None:
        to = next(c for c in tok.children if c.lower_ == "to")
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        speaker = self.agents.mention(objs[0])
        if speaker is None or is_media(speaker):
            return None
        head = tok.head
        if head.lemma_ in REPORT_VERBS and _subject_token(head) is not None:
            return None  # "X said, according to RIA": a source for a frame already found
        if head.i == tok.i:
            return None
        pp = {t.i for t in tok.subtree}
        idx = [t.i for t in head.subtree if t.i not in pp]
        if not idx:
            return None
        s, e = min(idx), max(idx) + 1
        # Cut the attribution off the edges: "According to X, ..." / "..., according to X."
        if min(pp) <= s:
            s = max(s, max(pp) + 1)
        if max(pp) >= e - 1:
            e = min(e, min(pp))
        named = self._apposed_name(max(pp) + 1)
        if named is not None and named[0].i >= s:
            # "According to X's chief, Major General Y, ...": Y speaks (the parser takes Y for the subject).
            speaker, s = named[1], named[0].i + 2
        s, e = _trim(self.doc, s, e)
        if e <= s:
            return None
        f = self._frame(tok, speaker, s, e, "claim", [])
        f.kind = self._classify_span(f, speaker)
        return f

    def _apposed_name(self, i: int) -> tuple[Token, Mention] | None:
        """A person's name set off by commas at token ``i`` (", Major General Y,"): its last word and agent."""
        doc = self.doc
        if i >= len(doc) or doc[i].text != ",":
            return None
        j = i + 1
        while j < len(doc) and j - i <= 6 and doc[j].pos_ == "PROPN":
            j += 1
        last = doc[j - 1]
        if j == i + 1 or j >= len(doc) or doc[j].text != "," or last.ent_type_ != "PERSON":
            return None
        m = self.agents.mention(last)
        return (doc[j - 1], m) if m is not None and m.type == "Person" else None

    def _in_words_frame(self, tok: Token) -> Frame | None:
        """ "In the words of X, ...", "In his assessment, ...": the clause is X's."""
        obj = next((c for c in tok.children if c.dep_ == "pobj" and c.lemma_ in VIEW_NOUNS), None)
        if obj is None:
            return None
        who = next((c for c in obj.children if c.dep_ == "poss"), None)
        if who is None:
            who = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
        head = tok.head
        if who is None or head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
            return None
        if who.lower_ in ("his", "her", "its", "their"):
            speaker = self._recent_speaker(who) if who.lower_ in ("his", "her") else self.agents.mention(who)
        else:
            speaker = self.agents.mention(who)
        if speaker is None or is_media(speaker):
            return None
        pp = {t.i for t in tok.subtree}
        idx = [t.i for t in head.subtree if t.i not in pp]
        s, e = min(idx), max(idx) + 1
        if min(pp) <= s:
            s = max(s, max(pp) + 1)
        s, e = _trim(self.doc, s, e)
        if e <= s:
            return None
        f = self._frame(tok, speaker, s, e, "claim", [])
        f.kind = self._classify_span(f, speaker)
        return f

    # ---------------------------------------------------------- post-passes
    @staticmethod
    def _drop_nested(frames: list[Frame]) -> list[Frame]:
        """Keep the outer of two frames when one sits in the other's words, then dedupe."""
        out = []
        for f in frames:
            if any(g is not f and g.start <= f.verb.idx < g.end and not (f.start <= g.verb.idx < f.end)
                   and not _relays(g, f) for g in frames):
                continue
            if any(g is not f and _relays(f, g) for g in frames):
                continue  # "Fars reported that General X said …": X speaks, the relay is provenance
            out.append(f)
        out.sort(key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[Frame] = []
        for f in out:
            if any(k.verb.i == f.verb.i for k in kept):
                continue
            if any(k.speaker.name == f.speaker.name and k.start <= f.start and f.end <= k.end for k in kept):
                continue
            kept.append(f)
        return kept

    def _attach_quotes(self, frames: list[Frame]) -> None:
        """Give a quotation that goes on after its attribution to the frame before it."""
        text = self.text
        for qs, qe in self.quotes:
            if any(f.start <= qs < f.end for f in frames):
                continue
            before = [f for f in frames if max(f.sentence[1], f.end) <= qs]
            if not before:
                continue
            last_end = max(max(f.sentence[1], f.end) for f in before)
            gap = text[last_end:qs]
            if "\n" in gap or gap.strip():
                continue
            cands = [f for f in before if max(f.sentence[1], f.end) == last_end]
            withq = [f for f in cands if any(f.start <= a < f.end for a, _ in self.quotes)]
            f = (withq or cands)[-1]
            f.end = qe
            f.sentence = (f.sentence[0], max(f.sentence[1], qe))

    def _merge_responses(self, frames: list[Frame]) -> list[Frame]:
        """A refusal or denial and the words that explain it, in the next sentence, are one statement."""
        frames.sort(key=lambda f: f.start)
        out: list[Frame] = []
        for f in frames:
            prev = out[-1] if out else None
            if (prev is not None and prev.bare and prev.speaker.type != "Person" and f.speaker.name != prev.speaker.name
                    and not self.text[prev.sentence[1]:min(f.sentence[0], f.start)].strip()
                    and (side_key(prev.speaker.name.split()[0]) in self._sides_by_name.get(f.speaker.name, frozenset())
                         or "@its" in self._sides_by_name.get(f.speaker.name, frozenset()))):
                # "Iran rejected the accusations. X, the spokesman for Iran's foreign ministry, said ...":
                # the state speaks through its spokesman; keep one statement, the spokesman's.
                if f.kind == "claim":
                    f.kind = prev.kind
                out[-1] = f
                continue
            if prev is not None and prev.speaker.name == f.speaker.name and (
                    prev.sentence == f.sentence or not self.text[max(prev.sentence[1], prev.end):min(f.sentence[0], f.start)].strip()):
                # A bare response absorbs the words after it, or words before it in its own sentence.
                bare = [g for g in (prev, f) if g.bare and g.kind in ("declined", "denial")
                        and (g is prev or prev.sentence == f.sentence)]
                if bare and bare[0].kind == "declined" and prev.sentence != f.sentence and f.kind != "declined":
                    bare = []  # "He declined to say how many. '<a claim>,' he said.": two statements
                if bare and bare[0].kind == "denial":
                    # "X rejected the report. '...,' she said.": two statements, both denials.
                    for g in (prev, f):
                        if g.kind == "claim":
                            g.kind = "denial"
                    out.append(f)
                    continue
                if bare:
                    kind = bare[0].kind
                    prev.start, prev.end = min(prev.start, f.start), max(prev.end, f.end)
                    prev.sentence = (min(prev.sentence[0], f.sentence[0]), max(prev.sentence[1], f.sentence[1]))
                    prev.kind, prev.bare = kind, False
                    continue
            out.append(f)
        return out

    # ---------------------------------------------------------------- kinds
    def _classify_span(self, f: Frame, speaker: Mention) -> StatementKind:
        """The kind of a frame's words; the statement extractor's subclass decides."""
        return "claim"



def _side_word(t: Token) -> bool:
    """A word naming a state or nationality: "Russia", "Ukrainian", "U.S."."""
    return t.ent_type_ in ("GPE", "NORP") or (t.tag_ == "JJ" and t.text[:1].isupper() and t.ent_type_ == "ORG") \
        or t.lower_ in ("u.s.", "us", "u.k.", "uk", "eu")


# Demonyms whose first letters differ from their country's ("Finnish" / "Finland").
_DEMONYM_KEYS = {"finnish": "finl", "polish": "pola", "french": "fran", "danish": "denm", "dutch": "neth",
                 "swiss": "swit", "spanish": "spai", "irish": "irel", "british": "brit", "welsh": "wale"}


def name_states(name: str) -> frozenset[str]:
    """The states named by the words of a name, read as text: "Norwegian Armed Forces" -> Norway."""
    from kg.extract.entities import _DEMONYMS

    out = set()
    for word in name.replace("'s", " ").split():
        low = word.casefold().strip(".,")
        if word[:1].isupper() and (low in _DEMONYMS or low in _DEMONYM_KEYS or low.endswith(("ian", "ese", "ish", "ean"))
                                   or low in _country_names()):
            out.add(side_key(low))
    return frozenset(out)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    from kg.nlp import read_table

    return frozenset(r[0].casefold() for r in read_table("places.tsv") if len(r) > 2 and r[2] == "country")


def side_key(word: str) -> str:
    """A short key shared by a state and its nationality word ("Russia", "Russian" -> "russ")."""
    low = word.casefold()
    state = agent_side(low)  # a capital or a known body: "Moscow", "Kremlin" -> Russia
    if state:
        low = state.casefold()
    return _DEMONYM_KEYS.get(low, low[:4])


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s < pos < e for s, e in spans)


def _date_tokens(v: Token) -> list[Token]:
    """Date words attached to the reporting verb ("said on Tuesday", "On 19 April he wrote")."""
    out: list[Token] = []
    for c in v.children:
        if c.dep_ == "advcl" and c.lemma_ in ("speak", "talk", "address", "write", "brief"):
            out.extend(_date_tokens(c))  # "Speaking at a briefing on Thursday, X said"
        if c.dep_ in ("npadvmod", "tmod", "advmod") and c.ent_type_ == "DATE":
            out.extend(t for t in c.subtree)
        elif c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "during"):
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME"):
                    out.extend(t for t in c.subtree)
                elif g.dep_ == "pobj":
                    # "in a statement on Tuesday", "at a briefing on Monday"
                    for h in g.children:
                        if h.dep_ == "prep" and h.lower_ == "on" and any(x.ent_type_ == "DATE" for x in h.children):
                            out.extend(t for t in h.subtree)
    return out


def _resolve_date(f: Frame, published: str | None) -> str | None:
    if not f.date_tokens:
        return None
    words = " ".join(t.text for t in sorted(set(f.date_tokens), key=lambda t: t.i))
    try:
        from kg.extract.dates import resolve_date
    except ImportError:  # pragma: no cover
        return None
    return resolve_date(words, published)
