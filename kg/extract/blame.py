"""Blames: one party holds another responsible for an act.

Frames, from the parse:

- blame verbs: "X blamed Y for Z", "X blamed Z on Y", "an attack X blamed on Y",
  "X accused Y of Z", "X held Y responsible for Z", "X attributed Z to Y",
  "X pinned Z on Y", "X called Y a terrorist state", and the participles
  ("..., blaming the attempt on Y"); a passive counts only with its agent
  ("Y was blamed by X");
- reported perpetration: inside what X is reported to say, "Y was responsible
  for / behind Z", "Y carried out / organised / staged Z", "Z organised by Y",
  "a sabotage group of Y entered ...", "Y spent the night terrorising ...",
  "the evidence pointed to Y".

``evidence`` is False on "without providing evidence", "offered no evidence",
"did not provide proof" (in the same sentence, or a later sentence whose subject
is the accuser), True on "presented evidence", "showed photos/intercepts", "the
evidence pointed to", else None. One blame per accuser and accused in a document:
later mentions of the same accusation only add evidence.

Notes:
    The verb class is CAMEO 112 ("accuse") with Levin's (1993) "judgement verbs"
    (blame, accuse, fault, hold responsible).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract import Mention, Relation, Span, extractor
from kg.extract.agents import is_media
from kg.extract.frames import _subject_token
from kg.extract.index import token_index
from kg.extract.statement import document_frames

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "kg.blame.v1"

BLAME_VERBS = frozenset({"put", "call", "brand", "label", "dub", "point", "blame", "accuse", "attribute", "pin", "hold", "charge", "fault", "sanction", "punish", "condemn"})
RESPONSIBLE = frozenset({"responsible", "accountable", "liable", "culpable", "guilty"})
# Perpetration verbs that accuse by themselves ("X orchestrated the attack").
PERPETRATE = frozenset({
    "carry", "organise", "organize", "orchestrate", "stage", "mastermind", "perpetrate",
    "commit", "devise", "execute", "plot", "terrorise", "terrorize", "sabotage", "murder",
    "kill", "shell", "bomb", "attack", "strike", "hit", "target", "launch", "send", "fire",
    "order", "plan", "try", "enter", "cross", "invade", "press", "arm", "supply",
    "plant", "detonate", "provoke", "instigate", "incite", "assassinate", "hack", "poison", "fabricate",
})
# Generic attack verbs accuse only with an attack-like object or a hostile subject.
_GENERIC = frozenset({"kill", "shell", "bomb", "attack", "strike", "hit", "target", "launch", "send", "fire",
                      "order", "plan", "try", "enter", "cross", "invade", "press", "arm", "supply"})
ATTACK_NOUNS = frozenset({
    "attack", "strike", "raid", "incursion", "assault", "explosion", "blast", "bombing",
    "shelling", "sabotage", "killing", "death", "murder", "act", "attempt", "operation",
    "drone", "missile", "terrorism", "provocation", "incident", "aggression", "invasion",
    "response", "crime", "massacre", "fire", "destruction", "damage", "war",
})
HOSTILE_NOUNS = frozenset({
    "saboteur", "sabotage", "terrorist", "militant", "attacker", "invader", "occupier",
    "enemy", "regime", "group", "formation", "nationalist", "mercenary", "agent", "force",
    "service", "unit", "intelligence",
})
TERROR_WORDS = frozenset({"terrorist", "aggressor", "murderer", "murderers", "criminal", "criminals", "killer", "killers", "terror", "war"})
EVIDENCE_NOUNS = frozenset({
    "evidence", "proof", "photo", "photograph", "intercept", "recording", "footage", "image",
    "document", "video", "data", "trace", "fragment",
})
# Plural or collective agents that the parser may take for the head of a reduced relative.
AGENT_NOUNS = frozenset({"official", "authority", "police", "ministry", "government", "investigator", "prosecutor",
                         "military", "army", "officer", "kremlin", "administration", "governor", "mayor", "leader"})
# Things that are not parties: a blame on them goes to their owner or attacker.
WEAPON_NOUNS = frozenset({"drone", "missile", "rocket", "shell", "bomb", "mine", "jet", "aircraft", "warship", "ship", "interceptor", "strike"})
# Nationality words that name the state behind a weapon or an attack ("a Russian drone" -> Russia).
DEMONYMS = {
    "russian": "Russia", "ukrainian": "Ukraine", "belarusian": "Belarus", "iranian": "Iran", "israeli": "Israel",
    "chinese": "China", "american": "United States", "turkish": "Turkey", "syrian": "Syria", "georgian": "Georgia",
    "azerbaijani": "Azerbaijan", "armenian": "Armenia", "polish": "Poland", "finnish": "Finland", "norwegian": "Norway",
    "swedish": "Sweden", "estonian": "Estonia", "latvian": "Latvia", "lithuanian": "Lithuania", "moldovan": "Moldova",
    "malian": "Mali", "algerian": "Algeria", "japanese": "Japan", "korean": "Korea", "north": "North Korea",
    "british": "United Kingdom", "french": "France", "german": "Germany", "houthi": "Houthis", "saudi": "Saudi Arabia",
    "pakistani": "Pakistan", "indian": "India", "serbian": "Serbia", "romanian": "Romania", "hungarian": "Hungary",
}
_MODAL = frozenset({"could", "might", "may", "would", "should", "can", "ca"})


@dataclass
class _Blame:
    accuser: Mention
    accused: Mention
    act: tuple[int, int] | None
    evidence: bool | None
    sentence: tuple[int, int]
    explicit: bool
    named: bool = True


def _ptoken(v: Token, prep: str) -> Token | None:
    for c in v.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ == prep:
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    return g
    return None


def _clause_subject(t: Token) -> Token | None:
    """The subject of the nearest clause above ``t``."""
    for a in t.ancestors:
        sub = next((c for c in a.children if c.dep_ == "nsubj"), None)
        if sub is not None:
            return sub
        if a.dep_ in ("ccomp", "ROOT"):
            return None
    return None


def _range(tok: Token | None) -> tuple[int, int] | None:
    if tok is None:
        return None
    ts = list(tok.subtree)
    return ts[0].idx, ts[-1].idx + len(ts[-1].text)


class _BlameFinder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.frames = document_frames(doc)
        self.agents = self.frames.agents

    def accused_mention(self, tok: Token) -> Mention | None:
        """The agent a noun phrase names; "a sabotage group of Ukraine's forces" -> the forces."""
        group = [t for t in tok.subtree if t.lemma_ in ("group", "unit", "formation", "member", "detachment", "team", "squad", "cell")]
        for g in ([tok] + group) if group else []:
            of = _ptoken(g, "of")
            if of is not None:
                inner = self.agents.mention(of)
                if inner is not None:
                    return inner
        # "a drone strike by the Malian army": the attacker; "a Russian drone": the state.
        if tok.lemma_ in ATTACK_NOUNS or tok.ent_type_ == "WEAPON" or tok.lemma_ in WEAPON_NOUNS:
            by = _ptoken(tok, "by")
            if by is not None:
                return self.accused_mention(by)
            for c in tok.children:
                state = DEMONYMS.get(c.lower_)
                if c.dep_ in ("amod", "compound") and state is not None:
                    return Mention(c.idx, c.idx + len(c.text), c.text, state, "State")
            return None
        return self.agents.mention(tok)

    def find(self) -> list[_Blame]:
        out: list[_Blame] = []
        doc = self.doc
        index = token_index(doc)
        for i in index.where(lemma=BLAME_VERBS, pos=("VERB", "AUX")):
            v = doc[i]
            sent = index.sentence(i)
            if not self.frames.headline(v.idx) and not self.frames.noisy(sent):
                b = self._explicit(v)
                if b is not None:
                    b.sentence = (sent.start_char, sent.end_char)
                    out.append(b)
        for f in self.frames.frames():
            for b in self._reported(f):
                out.append(b)
        return out

    def _explicit(self, v: Token) -> _Blame | None:
        lemma = v.lemma_
        if any(c.dep_ == "neg" for c in v.children):
            return None
        if v.dep_ == "xcomp" and v.head.lemma_ in ("try", "seek", "attempt", "want", "aim"):
            return None  # "X is trying to blame Y": a characterisation by someone else, not X's blame
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        reduced = self._reduced_relative(v)
        if reduced is not None:
            # "an attack local officials blamed on X", misparsed as a participle of "officials".
            accuser_tok, act_tok = reduced
            accuser = self.agents.mention(accuser_tok)
            target = _ptoken(v, "on") or _ptoken(v, "to")
            if accuser is None or target is None:
                return None
            accused = self.accused_mention(target)
            if accused is None or accused.name == accuser.name:
                return None
            act = (act_tok.left_edge.idx, act_tok.idx + len(act_tok.text)) if act_tok is not None else None
            return _Blame(accuser, accused, act, self._evidence(v), (0, 0), True, self.named(target))
        if passive:
            agent = _ptoken(v, "by")
            if agent is None:
                return None
            accuser = self.agents.mention(agent)
            accused_tok = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        else:
            subj = _subject_token(v)
            accuser = self.agents.mention(subj) if subj is not None else None
            accused_tok = next((c for c in v.children if c.dep_ == "dobj"), None)
        if accuser is None:
            return None
        act_tok: Token | None = None
        if lemma == "put":
            # "X put the deaths down to a drone strike by Y"
            down = next((c for c in v.children if c.dep_ in ("prt", "advmod") and c.lower_ == "down"), None)
            to = _ptoken(v, "to") or (_ptoken(down, "to") if down is not None else None)
            if down is None or to is None:
                return None
            act_tok, accused_tok = accused_tok, to
        elif lemma == "blame" or lemma == "pin":
            # "pinned the blame on X for Y": the "on" of "the blame" before one on the verb.
            on = (_ptoken(accused_tok, "on") if accused_tok is not None and accused_tok.lemma_ == "blame" else None) \
                or _ptoken(v, "on") or (_ptoken(accused_tok, "on") if accused_tok is not None else None)
            if on is not None:
                act_tok, accused_tok = accused_tok, on
            else:
                act_tok = _ptoken(v, "for")
            if act_tok is not None and act_tok.lower_ in ("that", "which", "what") and v.dep_ in ("relcl", "acl"):
                act_tok = v.head if v.dep_ == "relcl" else None
            if act_tok is None and v.dep_ in ("relcl",):
                act_tok = v.head
        elif lemma == "accuse" or lemma == "charge":
            act_tok = _ptoken(v, "of") or _ptoken(v, "with")
        elif lemma == "attribute":
            to = _ptoken(v, "to")
            act_tok, accused_tok = accused_tok, to
        elif lemma == "hold":
            # "held X responsible for Z": the adjective may hang off the verb or, misparsed, off X.
            resp = [t for t in v.subtree if t.lower_ in RESPONSIBLE and (t.head == v or t.head == accused_tok
                                                                          or t.head.head == v)]
            if not resp:
                return None
            r = resp[0]
            if r.dep_ in ("ccomp", "xcomp") and accused_tok is None:
                accused_tok = next((c for c in r.children if c.dep_ == "nsubj"), None)
            act_tok = _ptoken(r, "for") or _ptoken(v, "for")
        elif lemma == "point":
            # "X pointed the finger at Y (for Z)"
            if not any(d.lemma_ == "finger" for d in v.children if d.dep_ == "dobj"):
                return None
            accused_tok = _ptoken(v, "at") or next((_ptoken(d, "at") for d in v.children if d.dep_ == "dobj" and _ptoken(d, "at")), None)
            act_tok = _ptoken(v, "for")
        elif lemma in ("call", "brand", "label", "dub"):
            # "X called Y a terrorist state": a name that accuses.
            if accused_tok is None:
                accused_tok = next((c for c in v.children if c.dep_ == "dative"), None)
            label = [c for c in v.rights if c is not accused_tok and c.dep_ in ("oprd", "attr", "xcomp", "ccomp", "dobj", "npadvmod", "dative")]
            if accused_tok is not None:
                label += [c for c in accused_tok.children if c.dep_ in ("appos", "attr") and c.i > accused_tok.i]
            if not label or not any(t.lower_ in TERROR_WORDS for c in label for t in c.subtree):
                return None
            if accused_tok is None or not self.named(accused_tok):
                return None
            act_tok = label[0]
        elif lemma in ("sanction", "punish", "condemn", "fault"):
            act_tok = _ptoken(v, "for")
            if act_tok is None:
                return None
        if accused_tok is not None and accused_tok.lower_ in ("which", "who", "whom", "that") and v.dep_ == "relcl":
            accused_tok = v.head  # "Russia, which Kyiv blames for ..."
        if accused_tok is None:
            return None
        accused = self.accused_mention(accused_tok)
        if accused is None or accused.name == accuser.name:
            return None
        return _Blame(accuser, accused, _range(act_tok), self._evidence(v), (0, 0), True, self.named(accused_tok))

    def _reduced_relative(self, v: Token) -> tuple[Token, Token | None] | None:
        """(accuser, act) when "Z [that] X blamed on Y" was parsed with "blamed" hanging off X."""
        if v.dep_ != "acl" or v.tag_ != "VBN" or v.lemma_ not in ("blame", "pin", "attribute"):
            return None
        head = v.head
        if head.i > v.i or not (head.lemma_ in AGENT_NOUNS or head.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")
                                or head.pos_ == "PROPN"):
            return None
        act = None
        for t in reversed(self.doc[max(0, head.left_edge.i - 4): head.left_edge.i]):
            if t.pos_ in ("NOUN", "PROPN"):
                act = t
                break
            if t.pos_ not in ("DET", "PUNCT", "PRON", "SCONJ", "ADJ"):
                break
        if act is None:
            act = next((c for c in head.children if c.dep_ in ("nmod", "compound") and c.pos_ == "NOUN"), None)
        return head, act

    def _evidence(self, anchor: Token) -> bool | None:
        """Evidence said to be given (True) or not (False) in the sentence of ``anchor``."""
        for t in anchor.sent:
            if t.lemma_ not in EVIDENCE_NOUNS:
                continue
            head = t.head
            neg = any(c.lower_ in ("no", "any") and c.dep_ == "det" and c.lower_ == "no" for c in t.children)
            chain = [head, head.head]
            if any(h.lower_ == "without" for h in chain) or any(h.lower_ == "without" for h in t.ancestors):
                return False
            if neg or any(c.dep_ == "neg" for h in chain for c in h.children if h.pos_ in ("VERB", "AUX")):
                return False
            if head.lemma_ in ("present", "show", "release", "publish", "provide", "cite", "offer", "produce", "give", "have", "share", "point", "indicate", "find"):
                return True
            if t.dep_ in ("nsubj",) and head.lemma_ in ("point", "show", "indicate", "suggest", "implicate", "link", "confirm", "match", "prove"):
                return True
        return None

    def _reported(self, f) -> list[_Blame]:
        """Blames inside a reported statement: its speaker accuses the perpetrator."""
        out: list[_Blame] = []
        doc = self.doc
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is None:
            return out
        speaker = f.speaker
        for t in span:
            accused_tok: Token | None = None
            act: Token | None = None
            evidence: bool | None = None
            if t.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
                continue
            if any(c.dep_ == "neg" for c in t.children) or any(c.dep_ == "aux" and c.lower_ in _MODAL for c in t.children):
                continue
            subj = next((c for c in t.children if c.dep_ in ("nsubj",)), None)
            if t.lemma_ in RESPONSIBLE and t.dep_ in ("acomp", "attr"):
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                accused_tok, act = subj, _ptoken(t, "for")
            elif t.lemma_ == "blame" and t.dep_ == "xcomp" and t.head.lemma_ == "be":
                # "Moscow was to blame for the blackout"
                accused_tok, act = next((c for c in t.head.children if c.dep_ == "nsubj"), None), _ptoken(t, "for")
            elif t.lemma_ in ("bear", "carry", "have") and any(c.dep_ == "dobj" and c.lemma_ == "responsibility"
                                                                and not any(g.lower_ in ("no", "any") for g in c.children) for c in t.children):
                accused_tok = subj  # "Russia bore responsibility for the downing"
                act = next((_ptoken(c, "for") for c in t.children if c.dep_ == "dobj"), None)
            elif t.lemma_ in ("bear", "carry") and t.dep_ == "compound" and t.head.lemma_ == "responsibility":
                accused_tok, act = subj, _ptoken(t.head, "for")  # "said Russia bore responsibility", misparsed
            elif t.lemma_ == "be" and _ptoken(t, "behind") is not None:
                accused_tok, act = subj, _ptoken(t, "behind")
            elif t.lemma_ in ("point", "lead") and subj is not None and subj.lemma_ in EVIDENCE_NOUNS | {"trail", "investigation", "clue"}:
                accused_tok, evidence = _ptoken(t, "to"), True
            elif t.pos_ == "VERB" and t.lemma_ in PERPETRATE and not (t.lemma_ == "carry" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in t.children)):
                agent = _ptoken(t, "by")
                if agent is not None and any(c.dep_ == "auxpass" for c in t.children) or (agent is not None and t.dep_ in ("acl", "relcl")):
                    accused_tok, act = agent, next((c for c in t.children if c.dep_ == "nsubjpass"), t.head if t.dep_ == "acl" else None)
                elif subj is not None:
                    if t.lemma_ in _GENERIC and not self._hostile(subj, t):
                        continue
                    accused_tok, act = subj, next((c for c in t.children if c.dep_ == "dobj"), None)
                elif t.tag_ == "VBG" and t.lemma_ not in _GENERIC:
                    # "the enemy spent the night terrorising civilians": the clause's subject.
                    accused_tok, act = _clause_subject(t), t
                elif t.dep_ in ("xcomp", "advcl") and t.tag_ == "VBG":
                    h = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                    if h is not None and self._hostile(h, t):
                        accused_tok, act = h, t
            elif t.pos_ == "NOUN" and t.lemma_ in ATTACK_NOUNS | {"response"}:
                agent = _ptoken(t, "by")
                if agent is not None and (t.lemma_ != "response" or any(c.lemma_ == "terrorist" for c in t.children)):
                    accused_tok, act = agent, t
            if accused_tok is None:
                continue
            accused = self.accused_mention(accused_tok)
            if accused is None or is_media(accused) or accused.name == speaker.name or accused.text.casefold() in ("it", "they", "he", "she", "we", "i"):
                continue
            if not self.named(accused_tok) and accused.name.casefold() not in ("enemy", "the enemy"):
                continue  # "an incursion by attackers": nobody in particular
            if accused.type == "Person" and not self._hostile(accused_tok, t):
                continue
            sent = t.sent
            out.append(_Blame(speaker, accused, _range(act) if act is not None else None,
                              evidence if evidence is not None else self._evidence(t),
                              (sent.start_char, sent.end_char), False))
        return out

    def named(self, tok: Token) -> bool:
        """Whether a noun phrase names a party: a name, a nationality, a possessive state."""
        words = [tok]
        for c in tok.children:
            if c.dep_ in ("compound", "poss", "amod", "nmod", "appos"):
                words.extend(c.subtree)
            elif c.dep_ == "prep" and c.lower_ == "of":
                words.extend(c.subtree)
        return any(t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or t.pos_ == "PROPN" for t in words)

    def _hostile(self, subj: Token, verb: Token) -> bool:
        """A subject that marks an accusation: a state, a hostile group, "the enemy"."""
        if subj.lemma_ in HOSTILE_NOUNS or any(c.lemma_ in HOSTILE_NOUNS for c in subj.children if c.dep_ in ("amod", "compound")):
            return True
        objs = [c for c in verb.children if c.dep_ in ("dobj",)]
        if any(o.lemma_ in ATTACK_NOUNS or any(c.lemma_ in ATTACK_NOUNS for c in o.children if c.dep_ == "compound") for o in objs):
            return subj.ent_type_ in ("GPE", "NORP", "ORG") or subj.pos_ == "PROPN"
        if any(c.dep_ == "prep" and c.lower_ == "against" for c in verb.children):
            return subj.ent_type_ in ("GPE", "NORP", "ORG") or subj.pos_ == "PROPN" or subj.lemma_ in HOSTILE_NOUNS
        return False

    def standalone_evidence(self) -> list[tuple[int, str, bool]]:
        """Sentences like "The ministry offered no evidence": (position, accuser name, evidence)."""
        out: list[tuple[int, str, bool]] = []
        for i in token_index(self.doc).where(lemma=EVIDENCE_NOUNS, dep=("dobj",)):
            t = self.doc[i]
            if t.head.lemma_ in ("offer", "provide", "present", "give", "produce", "show", "cite", "publish", "release", "share"):
                subj = _subject_token(t.head)
                if subj is None:
                    continue
                who = self.agents.mention(subj)
                if who is None:
                    continue
                neg = any(c.dep_ == "det" and c.lower_ == "no" for c in t.children) or any(c.dep_ == "neg" for c in t.head.children)
                out.append((t.i, who.name, not neg))
        return out


def _merge(found: list[_Blame], evidence: list[tuple[int, str, bool]], doc: Doc) -> list[_Blame]:
    found.sort(key=lambda b: (b.sentence[0], not b.named, not b.explicit))
    kept: list[_Blame] = []
    for b in found:
        key = (b.accuser.name.casefold(), b.accused.name.casefold())
        dup = next((k for k in kept if (k.accuser.name.casefold(), k.accused.name.casefold()) == key and (not b.explicit or not k.explicit or k.sentence == b.sentence)), None)
        if dup is not None:
            if dup.evidence is None:
                dup.evidence = b.evidence
            continue
        if not b.explicit and any(k.accuser.name.casefold() == key[0] for k in kept) \
                or not b.named and any(k.accuser.name.casefold() == key[0] and abs(k.sentence[0] - b.sentence[0]) < 400 for k in kept):
            # The same accuser's accusation retold in other words.
            continue
        kept.append(b)
    for pos, who, ev in evidence:
        at = doc[pos].idx
        prior = [k for k in kept if k.sentence[0] <= at and (k.accuser.name == who or who.casefold() in k.accuser.name.casefold().split() or k.accuser.name.casefold() in who.casefold())]
        if prior and prior[-1].evidence is None:
            prior[-1].evidence = ev
    return kept


@extractor(NAME, requires=("doc.ents", "token.dep", "token.lemma"))
def blames(doc: Doc) -> Iterator[Relation]:
    """Blames: accuser, accused, the act, and whether evidence was given."""
    finder = _BlameFinder(doc)
    text = finder.agents.text
    for b in _merge(finder.find(), finder.standalone_evidence(), doc):
        s0, s1 = b.sentence
        content = Span(b.act[0], b.act[1], text[b.act[0]:b.act[1]]) if b.act else None
        yield Relation(kind="blame", extractor=NAME, sentence=Span(s0, s1, text[s0:s1]),
                       subject=b.accuser, object=b.accused, content=content, evidence=b.evidence)
