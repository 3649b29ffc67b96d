"""Statements: who said what, and whether it claims, denies, acknowledges or declines.

The attribution frames come from :mod:`kg.extract.frames`; this module gives
each frame its kind and turns it into a :class:`~kg.extract.Relation`.

Kinds (CAMEO-like): ``declined`` (refusal or referral), ``denial`` (deny,
dismiss, reject, refute; "called ... baseless"; a negated involvement or
possession: "had no part in", "had not supplied", "have no information"),
``acknowledgement`` (an arrival, delivery or combat duty of weapons, or an action
of the speaker's own forces), else ``claim``. Nested reports keep the inner
speaker ("RBC reported that Peskov said ..." -> Peskov); news outlets are never
speakers of record. "Did not respond to a request for comment" is not a statement.

Notes:
    CAMEO codes 010 (statement), 011 (decline comment), 015 (acknowledge),
    016 (deny).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract import Mention, Relation, Span, StatementKind, extractor
from kg.extract.agents import ORG_NOUNS
from kg.extract.deployment import reported_deployments
from kg.extract.entities import _demonym
from kg.extract.frames import (
    FALSE_WORDS, REFER_VERBS, REFERRAL_OBJECTS, Frame, FrameFinder, _has_future, _modal, _negated, _no_subject, _resolve_date, _side_word,
    side_key,
)
from kg.extract.index import per_doc, token_index

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

NAME = "kg.statement.v1"

INVOLVE_VERBS = frozenset({
    "supply", "send", "provide", "deliver", "sell", "transfer", "carry", "launch", "attack",
    "strike", "target", "involve", "participate", "plan", "order", "use", "deploy", "conduct",
    "commit", "arm", "equip", "give", "fire", "shoot", "shell", "bomb", "hit", "organise",
    "organize", "orchestrate", "stage", "sponsor", "back", "support", "train", "finance",
    "fund", "possess", "own", "operate", "station", "place", "cross", "enter", "lose", "suffer",
    "move", "bring", "install", "position",
})
INVOLVE_OBJECTS = frozenset({
    "part", "role", "involvement", "information", "knowledge", "connection", "relation",
    "link", "plan", "intention", "hand", "loss", "losses", "casualty", "casualties",
    "relationship", "responsibility", "evidence", "data", "idea",
})
# Arrival, delivery and combat duty: an acknowledged deployment.
DEPLOY_NOUNS = frozenset({"deployment", "arrival", "stationing", "redeployment", "delivery", "handover", "installation"})
STATION_VERBS = frozenset({"station", "deploy", "redeploy", "move", "bring", "base", "position", "send", "transfer"})
UNIT_NOUNS = frozenset({"battalion", "regiment", "brigade", "battery", "unit", "division", "squadron", "detachment", "company"})
SUBJECT_ONLY = frozenset({"fire", "operate", "show", "keep", "remain", "stay"})
PLAN_VERBS = frozenset({"plan", "intend", "aim", "want", "hope", "expect", "prepare", "consider", "seek", "promise", "pledge", "vow"})
DEPLOY_VERBS = frozenset({"bring", "show", "fire", "operate", "keep", "remain", "stay", "over",
    "arrive", "reach", "receive", "deploy", "station", "install", "deliver", "transfer",
    "hand", "place", "put", "position", "base", "stand", "enter", "get", "take", "acquire",
    "land", "move", "redeploy", "set",
})
SYSTEM_NOUNS = frozenset({
    "system", "launcher", "battery", "missile", "complex", "weapon", "interceptor", "radar",
    "howitzer", "jet", "tank", "aircraft", "warplane", "fighter", "bomber", "helicopter",
    "drone", "rocket", "equipment", "hardware", "unit", "defence", "defense",
})
FORCE_NOUNS = frozenset({
    "fighter", "troop", "soldier", "man", "force", "unit", "crew", "personnel", "member",
    "volunteer", "brigade", "battalion", "army", "serviceman", "team", "group",
    "detachment", "sailor", "pilot", "marine",
})
ONLY_WORDS = frozenset({"solely", "only", "exclusively", "entirely", "purely", "wholly"})
SELF_POSS = frozenset({"its", "our", "their", "my"})
OWN_SIDE_NOUNS = frozenset({"country", "government", "army", "force", "troop", "ministry", "side", "nation", "military", "navy", "unit", "soldier"})
CLAIM_NOUNS = frozenset({"report", "claim", "allegation", "accusation", "statement", "story", "assertion", "suggestion", "rumour", "rumor"})
# Verbs that pass questions on: "questions should be put/directed to the ministry".
PASS_VERBS = frozenset({"put", "direct", "address", "refer", "send", "pass", "forward", "submit", "redirect"})
# Norms a party says it kept to: "the flight kept to international rules".
NORM_NOUNS = frozenset({"rule", "law", "norm", "regulation", "procedure", "standard", "agreement", "treaty", "protocol"})
NORM_VERBS = frozenset({"keep", "stick", "adhere", "comply", "abide", "conform", "act", "operate", "observe", "respect", "follow", "fly"})
# Words of an accusation: a later reply by the accused side is read as a denial.
ACCUSE_WORDS = frozenset({
    "accuse", "accusation", "blame", "charge", "protest", "allege", "allegation", "complain", "complaint",
    "condemn", "violation", "violate", "attribute", "pin", "claim", "report", "breach",
})
# Moving or placing one's own weapons or forces.
PLACE_VERBS = frozenset({"station", "deploy", "redeploy", "move", "shift", "send", "base", "position", "transfer", "put", "place", "relocate", "dispatch"})
# A weapon that fell or went astray: named by the accused side, it turns the blame around.
MISHAP_VERBS = frozenset({"fall", "crash", "explode", "land", "stray", "malfunction", "misfire", "detonate", "drop"})
MUNITION_NOUNS = frozenset({"interceptor", "missile", "rocket", "shell", "drone", "bomb", "warhead", "projectile", "fragment", "debris"})
# Air defence in action: "a Patriot shot down a missile" said by the Patriot's side.
INTERCEPT_VERBS = frozenset({"destroy", "intercept", "shoot", "down", "neutralise", "neutralize", "repel", "repulse"})
HOLD_VERBS = frozenset({"stay", "remain", "cover", "guard", "protect", "defend", "patrol"})
ORG_HEADS = frozenset({"ministry", "department", "office", "service", "committee", "agency", "administration"})
# Words that put a weapon on the other side: a speaker does not acknowledge the enemy's launchers.
HOSTILE_WORDS = frozenset({"enemy", "occupier", "occupiers", "occupation", "adversary", "invader", "invaders", "hostile", "opponent", "aggressor"})
# Deployments reported as seen: observers' reports, not a side's own announcement.
SIGHTING_VERBS = frozenset({"spot", "see", "sight", "photograph", "film", "observe", "record", "notice", "detect", "picture", "capture", "appear", "emerge", "spy"})
# Verbs over a deployment that make it someone else's: "we have observed X moving launchers".
OBSERVING_VERBS = SIGHTING_VERBS | {"watch", "monitor", "track"}


class StatementFrames(FrameFinder):
    """The frame finder with the statement kinds (claim, denial, acknowledgement, declined)."""

    _accused: list[tuple[int, frozenset[str]]] | None = None
    current_speaker_type = "Person"

    # ---------------------------------------------------------------- kinds
    def _classify_span(self, f: Frame, speaker: Mention) -> StatementKind:
        span = self.doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is None:
            return "claim"
        roots = [t for t in span if t.dep_ == "ROOT" or t.head.i < span.start or t.head.i >= span.end or t.head == f.verb]
        roots = [t for t in roots if t != f.verb]
        kind = self._classify(f.verb, roots, speaker)
        if kind == "claim" and self._reports_own_deployment(span, reporting=f.verb):
            kind = "acknowledgement"
        if kind == "acknowledgement" and _watcher(speaker):
            return "claim"  # a monitor or an analyst reports a deployment; it has none to acknowledge
        return kind

    def _reports_own_deployment(self, span: SpacySpan, reporting: Token | None = None) -> bool:
        """Whether the words assert a deployment of the speaker's own side's weapons.

        The deployment itself is whatever the deployment extractor finds inside the
        words (passive, motion, duty, "standing watch over"), so any way of saying it
        counts. Whose weapon it is: the side named on the weapon or its mover ("Chinese
        launchers", "Russia has kept"; a maker's "French-made" is not a side), the
        speaker's own ("we", "our"); said by no one, the speaker's side when the speaker
        has one. Sightings ("spotted", "seen") and words about an enemy are reports on
        another side's weapons. A speaker with no known side acknowledges only by
        confirming or announcing ("the general staff announced that …") a weapon that
        names no side.
        """
        if self._cur_intel:
            return False
        confirms = reporting is not None and reporting.lemma_ in ("confirm", "announce", "acknowledge")
        if not self._cur_states and not confirms:
            return False
        if any(t.lemma_.casefold() in HOSTILE_WORDS for t in span):
            return False
        doc = self.doc
        for rel, trigger in reported_deployments(doc):
            if not (span.start_char <= rel.subject.start < span.end_char):
                continue
            if trigger.lemma_.casefold() in SIGHTING_VERBS or any(
                    a.lemma_.casefold() in OBSERVING_VERBS for a in trigger.ancestors if a.i >= span.start):
                continue  # "we have observed Houthi forces moving launchers": someone else's
            system = doc.char_span(rel.subject.start, rel.subject.end, alignment_mode="expand")
            if system is None:
                continue
            theme = system.root
            while theme.dep_ in ("compound", "nmod", "amod", "appos", "nummod") and theme.head.pos_ in ("NOUN", "PROPN"):
                theme = theme.head  # "HQ-9" in "a Chinese HQ-9 battery": the side words are on "battery"
            verb = trigger if trigger.pos_ in ("VERB", "AUX") else next(
                (a for a in theme.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is not None and "@self" in (self._deployer_sides(verb, theme) or ()):
                return True  # "we", "our"
            # The sides on the weapon and on its mover, one per name ("North Korean").
            sides = _phrase_sides(theme)
            movers = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
            movers += [g for c in (verb.children if verb is not None else ()) if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            for who in movers:
                if who.i != theme.i:
                    sides |= _sides_in(doc, who.left_edge.i, who.i + 1)
            if sides:
                if sides & self._cur_states or not self._cur_states and confirms:
                    return True  # a speaker of unknown side announcing "the Malian army has stationed …"
                continue
            # No side on the weapon: the speaker's own, unless the words name another side
            # ("next to the Russian base", "Chinese forces"): then it is theirs, or unsure.
            named = _sides_in(doc, span.start, span.end, nationalities_only=True)
            if not named - self._cur_states and (self._cur_states or confirms):
                return True
        return False

    def _classify(self, v: Token, roots: list[Token], speaker: Mention) -> StatementKind:
        clause_verbs = _clause_verbs(roots)
        for cv in clause_verbs:
            if cv.lemma_ == "comment" and _negated(cv):
                return "declined"
            if cv.lemma_ in REFER_VERBS and any(c.dep_ == "dobj" and c.lemma_.casefold() in REFERRAL_OBJECTS for c in cv.children):
                return "declined"
            if cv.lemma_ in PASS_VERBS and any(c.dep_ == "nsubjpass" and c.lemma_.casefold() in REFERRAL_OBJECTS for c in cv.children) \
                    and any(c.dep_ == "prep" and c.lower_ == "to" for c in cv.children):
                return "declined"  # "questions about the units should be put to the ministry"
            if cv.lemma_ == "go" and any(c.dep_ == "nsubj" and c.lemma_.casefold() in REFERRAL_OBJECTS for c in cv.children) \
                    and any(c.dep_ == "prep" and c.lower_ == "to" for c in cv.children):
                return "declined"  # "any questions should go to the General Staff"
            if cv.lemma_ == "ask" and any(c.dep_ == "dobj" and (c.lemma_ in ORG_HEADS or c.ent_type_ == "ORG") for c in cv.children) \
                    and not any(c.dep_ == "nsubj" and c.lower_ not in ("it", "you") for c in cv.children):
                return "declined"
            if cv.lemma_ == "have" and any(c.dep_ == "dobj" and c.lemma_ == "comment" and any(g.lower_ == "no" for g in c.children)
                                           for c in cv.children):
                return "declined"  # "it had no comment on the reports"
            nothing = [g.lemma_ for c in cv.children if c.dep_ == "dobj" and c.lower_ == "nothing" for g in c.children]
            if cv.lemma_ == "have" and set(nothing) & {"add", "say"}:
                return "declined"  # "we have nothing to add"
            if cv.lemma_ == "have" and set(nothing) & {"hide", "conceal", "do"}:
                return "denial"  # "we have nothing to hide", "nothing to do with it"
            if _declines_to_go_into(cv) or _declines_to_go_into(cv, person=speaker.type == "Person"):
                return "declined"  # "I'm not going to get into intelligence matters", "we won't speculate"
            if _not_public(cv):
                return "declined"  # "the locations of the units are not public information", "were classified"
            if cv.lemma_ in ("discuss", "disclose", "comment", "reveal", "talk", "elaborate", "confirm", "specify") and _negated(cv) \
                    and any(c.dep_ == "nsubj" and self._is_self(c, speaker) for c in cv.children):
                return "declined"  # "we have never discussed it", "it will not disclose where"
            if cv.lemma_ in ("discuss", "disclose", "reveal", "talk", "elaborate", "specify", "share", "detail") and _negated(cv) \
                    and _modal(cv) and speaker.type == "Person" and any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in cv.children):
                return "declined"  # "the spokeswoman said she could not discuss unit movements"
            if cv.lemma_ == "be":
                # "a question for the Defence Ministry, not for me", "matters are for the General Staff"
                for c in cv.children:
                    tgt = c if c.dep_ == "prep" and c.lower_ == "for" else None
                    if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children):
                        tgt = c  # "that is for the navy to answer": its subject is the body referred to
                        if any(g.dep_ == "nsubj" and (g.ent_type_ == "ORG" or g.pos_ == "PROPN" or g.lemma_ in ORG_HEADS | ORG_NOUNS)
                               for g in c.children):
                            return "declined"
                    if c.dep_ == "attr" and c.lemma_ in ("question", "matter", "business", "issue", "job", "responsibility", "prerogative"):
                        tgt = next((g for g in c.children if g.dep_ == "prep" and g.lower_ in ("for", "of")), None)
                    if tgt is not None and any(g.dep_ == "pobj" and any(t.ent_type_ in ("ORG", "GPE", "NORP") or t.pos_ == "PROPN" or t.lemma_ in ORG_HEADS | ORG_NOUNS
                                                                        for t in g.subtree) for g in tgt.children):
                        return "declined"
        for cv in clause_verbs:
            if self._denies(cv, speaker) or self._dismisses(cv, speaker):
                return "denial"
            agent = next((c for c in cv.children if c.dep_ == "agent"), None)
            if agent is not None and any(c.lower_ in ONLY_WORDS for c in list(agent.children) + list(cv.children) if c.dep_ == "advmod"):
                return "denial"  # "carried out solely by Russian citizens": not by us
            # "X is trying to blame its failures on us": the speaker's side rejects the blame.
            for t in cv.subtree:
                if t.lemma_ in ("blame", "accuse") and self._cur_sides:
                    target = [g for h in [t] + [c for c in t.children if c.dep_ == "dobj"]
                              for c in h.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
                    if t.lemma_ == "accuse":
                        target = [c for c in t.children if c.dep_ == "dobj"]
                    if any({side_key(w.lower_) for w in g.subtree if _side_word(w) or w.pos_ == "PROPN"} & self._cur_sides
                           or self._is_self(g, speaker) for g in target):
                        return "denial"
        for cv in clause_verbs:
            if self._acknowledges(cv, speaker):
                return "acknowledgement"
        for r in roots:
            # "announced the arrival of a second battery"
            if r.lemma_ in DEPLOY_NOUNS and r.pos_ == "NOUN" and any(t.ent_type_ == "WEAPON" or t.lemma_ in SYSTEM_NOUNS for t in r.subtree):
                return "acknowledgement"
        return "claim"

    def _is_self(self, tok: Token, speaker: Mention) -> bool:
        low = tok.lower_
        if low in ("we", "i", "us"):
            return True
        if low in ("it", "they") and (speaker.type != "Person" or any(
                w in speaker.name.casefold() for w in ("spokes", "press", " for "))):
            return True  # a body, or a spokesman speaking for it
        if any(c.dep_ == "poss" and c.lower_ in SELF_POSS for c in tok.children):
            return speaker.type != "Person" or any(c.lower_ in ("our", "my") for c in tok.children)
        if any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in tok.children) and tok.lemma_ in OWN_SIDE_NOUNS:
            return True  # "his country has never sent ..."
        if self._cur_states and tok.pos_ == "NOUN" and any(
                c.dep_ in ("amod", "compound", "poss") and _side_word(c) and side_key(c.lower_) in self._cur_states for c in tok.children):
            return True  # "Belarusian radars" said by Belarus's minister
        if tok.pos_ == "PROPN":
            m = self.agents.mention(tok)
            if m is not None and (m.name == speaker.name or m.name.split()[-1] in speaker.name.split()):
                return True
        return False

    def _answers_accusation(self, cv: Token) -> bool:
        """Whether the speaker's side was accused before, or the sentence names the accusation."""
        if any(t.lemma_ in CLAIM_NOUNS or t.lemma_ in ("protest", "accusation", "allegation") for t in cv.sent):
            return True
        if not self._cur_states:
            return False
        if self._accused is None:
            self._accused = [(sent.start, frozenset(side_key(t.lower_) for t in sent if _side_word(t)))
                             for sent in token_index(self.doc).sentences_with(lemma=ACCUSE_WORDS)]
        if any(start < cv.sent.start and sides & self._cur_states for start, sides in self._accused):
            return True
        # Claimed against: another party's earlier words name the speaker's side ("Riga said Russian
        # jets had entered its airspace" before Russia's reply).
        for (i, who), (a, b) in zip(self._speakers, self._contents):
            if i >= cv.i or b > cv.idx:
                break
            if self._states_by_name.get(who.name, frozenset()) & self._cur_states:
                continue
            span = self.doc.char_span(a, b, alignment_mode="expand")
            if span is not None and any(_side_word(t) and side_key(t.lower_) in self._cur_states for t in span):
                return True
        return False

    def _dismisses(self, cv: Token, speaker: Mention) -> bool:
        """Replies that reject without a denial verb: "has done nothing wrong", "there is no truth
        in it", and, answering an accusation, "kept to international rules", "should look for the
        fault in its own equipment", "its guards only enforce the border"."""
        objs = [c for c in cv.children if c.dep_ in ("dobj", "attr")]
        if cv.lemma_ in ("do", "commit") and any(o.lower_ in ("nothing", "anything") and any(g.lower_ in ("wrong", "illegal", "unlawful") for g in o.children) for o in objs):
            return True
        if any(o.lemma_ == "truth" and any(g.lower_ == "no" for g in o.children) for o in objs):
            return True
        if not self._answers_accusation(cv):
            return False
        subj = next((c for c in cv.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if cv.lemma_ in NORM_VERBS and not _negated(cv) and any(
                t.lemma_ in NORM_NOUNS for c in cv.children if c.dep_ in ("prep", "dobj") for t in c.subtree):
            return True
        if any(t.lemma_ == "fault" for t in cv.subtree) and any(t.lower_ == "own" for t in cv.subtree):
            return True
        if subj is not None and self._is_self(subj, speaker) and any(c.dep_ == "advmod" and c.lower_ in ONLY_WORDS for c in cv.children):
            return True
        if cv.lemma_ in MISHAP_VERBS and subj is not None and self._cur_states and not _negated(cv) \
                and (subj.ent_type_ == "WEAPON" or subj.lemma_ in SYSTEM_NOUNS | MUNITION_NOUNS):
            theirs = {side_key(c.lower_) for c in subj.children if c.dep_ in ("amod", "compound", "poss") and _side_word(c)}
            if theirs and not theirs & self._cur_states:
                return True  # accused, it names the other side's weapon as the cause: "their own missile fell on it"
        return False

    def _denies(self, cv: Token, speaker: Mention) -> bool:
        subj = next((c for c in cv.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        comps = [c for c in cv.children if c.dep_ in ("acomp", "attr", "oprd")]
        if subj is not None and (subj.lemma_ in CLAIM_NOUNS or subj.lower_ in ("it", "this", "that", "these", "all"))\
                and any(c.lemma_ in FALSE_WORDS or c.lower_ in FALSE_WORDS for o in comps for c in o.subtree):
            return True  # "reports of ... were politically motivated", "it is a lie"
        objs = [c for c in cv.children if c.dep_ in ("dobj", "attr")]
        no_obj = any(any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in o.children) for o in objs)
        if cv.lemma_ == "be" and any(c.dep_ == "expl" for c in cv.children) and no_obj and any(
                o.ent_type_ == "WEAPON" or o.lemma_ in SYSTEM_NOUNS | UNIT_NOUNS | FORCE_NOUNS for o in objs):
            return True  # "there was no Patriot there": a deployment denied
        if not (_negated(cv) or no_obj or _no_subject(cv) and cv.lemma_ in INVOLVE_VERBS | DEPLOY_VERBS):
            return False
        if _no_subject(cv) and cv.lemma_ in DEPLOY_VERBS | INVOLVE_VERBS and any(
                a.ent_type_ == "WEAPON" or a.lemma_ in SYSTEM_NOUNS | FORCE_NOUNS | UNIT_NOUNS for a in [subj] if a is not None):
            return True  # "no missiles had been moved to the border"
        if cv.lemma_ in INVOLVE_VERBS and cv.lemma_ not in ("lose", "suffer", "give", "use"):
            return subj is None or subj.pos_ in ("PRON", "PROPN") or self._is_self(subj, speaker) or subj.ent_type_ in ("GPE", "NORP", "ORG") \
                or any(c.dep_ in ("amod", "poss", "compound") and c.ent_type_ in ("GPE", "NORP", "ORG") for c in subj.children)
        if any(o.lemma_ in INVOLVE_OBJECTS for o in objs) and cv.lemma_ in ("have", "suffer", "sustain", "bear", "take", "play", "know", "see", "possess"):
            return True
        # Otherwise a negation denies only what the speaker's side is said to have done or be.
        return subj is not None and self._is_self(subj, speaker) and cv.lemma_ not in ("know", "think", "expect", "want", "see", "give", "intend", "plan")

    def _deployer_sides(self, cv: Token, theme: Token) -> frozenset[str] | None:
        """Who moved a weapon: "we"/"our" -> the speaker's side, else the nationality words of
        the mover or the weapon ("Finnish NASAMS units"); empty when unsaid, None when another's."""
        subj = next((c for c in cv.children if c.dep_ == "nsubj"), None)
        agent = next((g for c in cv.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        for who in (subj, agent, theme):
            if who is None:
                continue
            if who.lower_ in ("we", "i") or any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in who.children):
                return self._cur_states | {"@self"}
            words = [t for t in [who] + [c for c in who.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
                     if (_side_word(t) or t.dep_ == "poss" and t.pos_ == "PROPN" and t.ent_type_ != "PERSON")
                     and not (t.i + 2 < len(self.doc) and self.doc[t.i + 1].text == "-" and self.doc[t.i + 2].lower_ in _MADE)]
            if words:
                return frozenset(side_key(t.lower_) for t in words)
        return frozenset()

    def _own_move(self, cv: Token) -> bool | None:
        """True when the clause places the speaker's side's weapons or forces, False when another
        side's, None when it is not such a clause."""
        if cv.lemma_ not in PLACE_VERBS | HOLD_VERBS or _negated(cv) or _no_subject(cv) or cv.lemma_ in PLAN_VERBS \
                or any(a.lemma_ in PLAN_VERBS for a in cv.ancestors if a.pos_ == "VERB") \
                or cv.lemma_ in PLACE_VERBS and _has_future(cv):
            return None
        theme = next((c for c in cv.children if c.dep_ in (("nsubjpass", "dobj") if cv.lemma_ in PLACE_VERBS else ("nsubj",))), None)
        if theme is None or not (theme.ent_type_ == "WEAPON" or theme.lemma_ in SYSTEM_NOUNS | UNIT_NOUNS | FORCE_NOUNS
                                 or any(t.ent_type_ == "WEAPON" for t in theme.subtree)):
            return None
        if any(c.dep_ == "prep" and c.lower_ in ("against", "at", "toward", "towards") for c in cv.children):
            return None  # "drones were sent against the city": an attack, not a deployment
        if cv.lemma_ in ("put", "place") and not any(c.dep_ in ("prep", "advcl", "advmod") for c in cv.children) \
                and not any(c.dep_ == "relcl" and any(g.lower_ == "where" for g in c.children) for c in theme.children):
            return None
        sides = self._deployer_sides(cv, theme)
        if sides is None:
            return None
        if "@self" in sides:
            return True
        if cv.lemma_ in HOLD_VERBS and not sides:
            # "the division would stay", "the battery's launchers cover the straits": a body's own unit.
            return self.current_speaker_type != "Person" and any(
                c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "their") or c.dep_ == "poss" for c in theme.children) or None
        if sides:
            return bool(sides & self._cur_states) if self._cur_states else None
        # Unsaid mover: the speaker's own side when the speaker has a side and is no intelligence
        # analyst, and the clause names no other state ("… next to the Russian base").
        if self._cur_states and not self._cur_intel and cv.lemma_ in PLACE_VERBS:
            others = _sides_in(self.doc, cv.left_edge.i, cv.right_edge.i + 1, nationalities_only=True) - self._cur_states
            return False if others else True
        return None

    def _acknowledges(self, cv: Token, speaker: Mention) -> bool:
        self.current_speaker_type = speaker.type
        if any(a.lemma_.casefold() in OBSERVING_VERBS for a in cv.ancestors if a.sent == cv.sent):
            return False  # "we have observed Russian crews moving …": a report on someone else's weapons
        if any(c.dep_ == "aux" and c.lower_ in ("can", "ca", "could", "might", "may") for c in cv.children) \
                and not any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in cv.children):
            return False  # "the launcher can reach every ship": what a weapon could do, not where it is
        own = self._own_move(cv)
        if own is not None:
            return own and not (self._cur_intel and not any(t.lower_ in ("we", "our") for t in cv.subtree))
        if self._cur_intel:
            return False  # an intelligence chief reports on other sides' weapons
        subj = next((c for c in cv.children if c.dep_ == "nsubj"), None)
        if cv.lemma_ in INTERCEPT_VERBS and subj is not None and self._cur_states and not _negated(cv) \
                and (subj.ent_type_ == "WEAPON" or subj.lemma_ in ("system", "battery", "launcher", "interceptor")) \
                and any(c.dep_ == "dobj" and (c.ent_type_ == "WEAPON" or c.lemma_ in MUNITION_NOUNS | SYSTEM_NOUNS) for c in cv.children):
            theirs = {side_key(c.lower_) for c in subj.children if c.dep_ in ("amod", "compound", "poss") and _side_word(c)}
            if not theirs or theirs & self._cur_states:
                return True  # "a Patriot had destroyed a Kinzhal", said by the air force that fires it
        if _negated(cv) or _no_subject(cv) or any(a.lemma_ in PLAN_VERBS for a in cv.ancestors if a.pos_ == "VERB") or cv.lemma_ in PLAN_VERBS:
            return False
        args = [c for c in cv.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        # "The deployment of the Patriots will last ...": the deployment itself as subject.
        if any(a.lemma_ in DEPLOY_NOUNS and a.dep_ in ("nsubj", "nsubjpass")
               and any(t.ent_type_ == "WEAPON" or t.lemma_ in SYSTEM_NOUNS for t in a.subtree) for a in args):
            return True
        if _has_future(cv):
            return False
        if cv.lemma_ == "be" and any(c.lower_ == "here" for c in cv.children) and any(
                a.ent_type_ == "WEAPON" or a.lemma_ in SYSTEM_NOUNS for a in args):
            return True  # "The second battery is here"
        preps = [g for c in cv.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        actor = next((a for a in args if a.dep_ == "nsubj"), None)
        if (cv.lemma_ == "participate" or cv.lemma_ == "take" and any(c.dep_ == "dobj" and c.lemma_ == "part" for c in cv.children)) \
                and actor is not None and (actor.ent_type_ == "WEAPON" or actor.lemma_ in SYSTEM_NOUNS | UNIT_NOUNS):
            return True  # "two jets had taken part in the strikes"
        if actor is not None and cv.lemma_ in STATION_VERBS and self._cur_strong:
            theirs = self._phrase_sides(actor)
            if theirs and not theirs & self._cur_sides:
                return False  # "Command said [another state's] forces moved launchers": not its own
        if cv.lemma_ in STATION_VERBS and any(a.lemma_ in UNIT_NOUNS or any(c.dep_ == "conj" and c.lemma_ in UNIT_NOUNS for c in a.children) for a in args):
            return True  # "a new air defence battalion had been stationed near X"
        if cv.lemma_ in DEPLOY_VERBS and not any(c.dep_ == "prt" and c.lower_ in ("down", "off", "out") for c in cv.children):
            named = frozenset().union(*(_sides_in(self.doc, a.left_edge.i, a.i + 1, nationalities_only=True) for a in args))
            if named - self._cur_states and cv.lemma_ not in ("receive", "get", "acquire"):
                # "Russian crews moved MiG-31s to X", said by someone of another side; a
                # delivery ("the Belarusian forces had received the S-400s") is the supplier's too.
                return False
            for a in args:
                if cv.lemma_ in SUBJECT_ONLY and a.dep_ != "nsubj":
                    continue  # "the launchers fired" acknowledges; "crews operate the equipment" does not
                if a.ent_type_ == "WEAPON" or a.lemma_.casefold() in SYSTEM_NOUNS or any(t.ent_type_ == "WEAPON" for t in a.subtree):
                    if cv.lemma_ in ("take", "get", "set", "land", "enter", "put", "place", "stand", "show", "keep", "remain", "stay") and not any(c.dep_ == "prt" for c in cv.children) and not any(p.lemma_ in ("duty", "service", "position", "alert") for p in preps):
                        continue
                    return True
            if any(p.lemma_ in ("duty", "alert") for p in preps):
                return True
        if any(t.lemma_ == "duty" and any(c.lemma_ == "combat" for c in t.children) for p in preps for t in p.subtree):
            return True
        on_duty = [g for c in cv.children for t in ([c] + [x for x in c.children if x.dep_ == "conj"])
                   if t.dep_ in ("prep", "conj") and t.lower_ == "on" for g in t.children if g.dep_ == "pobj" and g.lemma_ in ("duty", "alert", "station")]
        if on_duty and any(a.ent_type_ == "WEAPON" or a.lemma_ in SYSTEM_NOUNS | UNIT_NOUNS for a in args):
            return True  # "the batteries are in place and on duty"
        for a in args:
            if a.lemma_ in FORCE_NOUNS and any(c.dep_ == "poss" and (c.lower_ in SELF_POSS and speaker.type != "Person"
                                                                     or c.lower_ in ("our", "my", "his", "her")) for c in a.children):
                return True
        return False


# Heads of speakers that watch a war and take no side in it: what they report is a claim.
WATCHER_HEADS = frozenset({"monitor", "monitors", "observatory", "watchdog", "analyst", "analysts", "researcher",
                           "researchers", "think-tank", "tank", "institute", "ngo", "investigator", "investigators"})


def _watcher(speaker: Mention) -> bool:
    """"the Syrian Observatory monitor", "analysts at the institute": no side of the war."""
    words = speaker.name.casefold().replace("'s", "").split()
    return bool(words) and (words[-1] in WATCHER_HEADS or "observatory" in words or "monitor" in words)


# Whose numbers or places a side keeps to itself: "the locations ... are classified".
_SECRET_SUBJECTS = frozenset({"location", "position", "whereabouts", "number", "detail", "site", "deployment", "movement", "placement"})


def _declines_to_go_into(cv: Token, *, person: bool = False) -> bool:
    """A refusal to go into a subject, said in the first person: "I'm not going to get into",
    "we won't go into where …", "I will not speculate"; with ``person``, also reported of a
    person speaker with a modal: "she said she would not go into it"."""
    into = cv.lemma_ in ("get", "go") and any(c.dep_ in ("prep", "prt") and c.lower_ == "into" for c in cv.children)
    if not (into or cv.lemma_ in ("speculate", "elaborate")):
        return False
    # "not going to get into": the negation is on "going", the verb is its complement.
    negated = _negated(cv) or cv.dep_ == "xcomp" and _negated(cv.head)
    subject = next((c for c in (cv.head.children if cv.dep_ == "xcomp" else cv.children) if c.dep_ == "nsubj"), None)
    if person:
        return negated and subject is not None and subject.lower_ in ("he", "she") and _modal(cv)
    return negated and subject is not None and subject.lower_ in ("i", "we")


def _not_public(cv: Token) -> bool:
    """"the positions of air-defence units are not public (information)", "the locations were classified"."""
    if cv.lemma_ not in ("be", "classify"):
        return False
    subject = next((c for c in cv.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lemma_ not in _SECRET_SUBJECTS:
        return False
    if cv.lemma_ == "classify":
        return subject.dep_ == "nsubjpass" and not _negated(cv)
    said = [c for c in cv.children if c.dep_ in ("acomp", "attr")]
    public = any(c.lemma_ == "public" or any(g.lemma_ == "public" for g in c.children) for c in said)
    return public and _negated(cv) or any(c.lemma_ in ("classified", "secret", "confidential") for c in said)


def _clause_verbs(roots: list[Token]) -> list[Token]:
    """The verbs heading the content clause(s): roots and their conjuncts and complements."""
    out: list[Token] = []
    stack = list(roots)
    while stack:
        t = stack.pop(0)
        if t in out:
            continue
        if t.pos_ in ("VERB", "AUX"):
            out.append(t)
        if t.dep_ == "prep":
            # "announced that summer that the systems had been sent": the clause misparsed as a
            # relative clause of the date.
            stack.extend(r for o in t.children if o.dep_ == "pobj" and o.ent_type_ in ("DATE", "TIME")
                         for r in o.children if r.dep_ in ("relcl", "acl") and any(m.lower_ == "that" for m in r.children))
        for c in t.children:
            if c.dep_ in ("conj", "ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
                stack.append(c)
            elif c.dep_ in ("advcl",) and c.pos_ in ("VERB",) and c.lemma_ in ("arrive", "reach"):
                stack.append(c)
    return out


_MADE = frozenset({"made", "built", "designed", "supplied", "produced", "manufactured", "developed", "donated", "provided"})


def _phrase_sides(head: Token) -> frozenset[str]:
    """The sides named before a noun phrase's head ("a Chinese HQ-9 battery" -> China)."""
    return _sides_in(head.doc, head.left_edge.i, head.i)


def _sides_in(doc: Doc, start: int, end: int, *, nationalities_only: bool = False) -> frozenset[str]:
    """The sides named in tokens ``start:end``, one per name ("North Korean" is not "South
    Korea"). A maker or donor ("French-made", "US-supplied") is not a side. With
    ``nationalities_only``, only nationality words count ("the Russian base"): a state
    or town named in the words is often where a weapon went or came from, not whose it is."""
    out = set()
    i = start
    while i < end:
        t = doc[i]
        if not _side_word(t):
            i += 1
            continue
        j = i + 1
        while j < end and doc[j].ent_iob_ == "I" and doc[j].ent_type_ == t.ent_type_:
            j += 1
        name = doc[i:j].text
        made = j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in _MADE or \
            j < len(doc) and doc[j].lower_.lstrip("-") in _MADE
        # A nationality is a word like one ("Russian", "North Korean"): the small model also
        # tags some town names NORP ("the Kidal region").
        nationality = t.ent_type_ == "NORP" and any(_demonym(w) for w in doc[i:j])
        if not made and not (nationalities_only and not nationality):
            out.add(side_key(name))
        i = j
    return frozenset(out)


def document_frames(doc: Doc) -> StatementFrames:
    """The frames of ``doc``, found once and shared by the statement and blame extractors."""
    return per_doc(doc, "kg.frames", StatementFrames)


@extractor(NAME, requires=("doc.ents", "token.dep", "token.lemma"))
def statements(doc: Doc) -> Iterator[Relation]:
    """Statements with speaker, kind (claim | denial | acknowledgement | declined), text and date."""
    finder = document_frames(doc)
    published = doc.user_data.get("published") if doc.user_data else None
    text = finder.text
    for f in sorted(finder.frames(), key=lambda f: f.start):
        content = Span(f.start, f.end, text[f.start:f.end])
        sentence = Span(f.sentence[0], f.sentence[1], text[f.sentence[0]:f.sentence[1]])
        yield Relation(
            kind="statement", extractor=NAME, sentence=sentence, subject=f.speaker,
            content=content, label=f.kind, date=_resolve_date(f, published),
        )
