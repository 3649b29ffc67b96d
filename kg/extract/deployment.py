"""Deployments: a weapon system placed, stationed, moved to or seen at a specific place.

The rule reads the dependency parse, sentence by sentence (Levin-style verb
classes; cf. textacy's ``subject_verb_object_triples`` for walking arguments):

1. Find the systems of the sentence: named ``WEAPON`` entities, words standing for
   one named just before ("one of them", "the systems"), or — in a document that
   names no system — class phrases ("anti-aircraft weapons").
2. From each system, climb to the word that gives it a role ("Pantsir-S1
   systems" -> "systems"; "one of them" -> "one"; "S-400s and Iskanders" -> the
   first conjunct) and find the predicate: a deployment verb whose subject or
   object it is ("was installed", "placed X"), a participle or relative clause on
   it ("a Pantsir being hoisted onto", "that was spotted near"), a deployment noun
   it complements ("the deployment of", "sightings of", "S-400 deployments"), an
   image that shows it ("videos of X on the roof"), or nothing at all in a caption
   ("A launcher at the airport in May 2022.").
3. Read the place from the predicate's locative prepositions (``to``/``into`` only
   for verbs of motion), its object for "reach"/"defend", a distance phrase ("10 km
   from X"), "on combat duty in X", or the copula of "X is the home base of Y".
4. Drop predicates under negation, a modal, a plan or denial verb, a condition
   ("if", "whether"), or in a sentence about a parade or an exhibition. Munitions
   (missiles, one-way drones) count only with verbs of stationing or delivery:
   launching one at a city is a strike, not a deployment.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.extract import Mention, Relation, Span, extractor
from kg.extract.dates import resolve_date
from kg.extract.entities import (
    ANAPHOR_HEADS,
    ANAPHOR_PRONOUNS,
    SystemRef,
    find_systems,
    generic_systems,
    is_munition,
    make_mention,
    system_anaphor,
)
from kg.extract.index import cased, per_doc, token_index
from kg.extract.places import (
    DISTANCE_UNITS,
    PART_NOUNS,
    PLACE_NOUNS,
    DIRECTIONS,
    RELATION_PREPS,
    _phrase_bounds,
    direction_place,
    distance_place,
    is_vague,
    place_from,
)
from kg.extract.noise import is_noise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

NAME = "kg.deployment.v1"

# Verbs that put or find a system somewhere (static location).
STATIC_VERBS = frozenset(
    """
    place install instal station deploy redeploy position base locate mount emplace put hoist perch
    stand sit park situate erect set keep spot see sight appear photograph film observe record
    emerge notice detect picture capture show depict reveal feature guard stage spy remain
    store hide conceal dig operate post field tuck nestle
    """.split()
)
# Verbs of motion and delivery: their place may follow "to"/"into".
MOTION_VERBS = frozenset(
    "move deploy redeploy relocate reposition transfer send deliver bring ship arrive reach return hand roll drive fly sail dispatch shift unload offload "
    "tow transport haul airlift ferry".split()
)
# Participles that make a unit the bearer of a system ("a regiment armed with S-400s").
EQUIP_WORDS = frozenset("equipped armed outfitted fitted".split())
# Class words that make a class phrase specific enough to stand for a system of its own
# ("coastal missile batteries"); air-defence phrases beside named systems sum them up.
STRIKE_CLASSES = frozenset("coastal anti-ship ship ballistic cruise hypersonic".split())
# Heads that make a munition's name a launcher's: "Neptune launchers", "a Kalibr battery".
LAUNCHER_HEADS = frozenset("launcher launchers battery batteries complex complexes system systems division divisions".split())
# Verbs of travel: only their destination is a place ("flew to X", not "flew along X").
TRAVEL_VERBS = frozenset("fly sail drive roll".split())
DESTINATION_PREPS = frozenset("to into onto toward towards".split())
# Verbs whose object is the place the system protects.
DEFEND_VERBS = frozenset("defend protect guard cover shield".split())
MUNITION_HEADS = frozenset(
    "missile missiles rocket rockets shell shells warhead warheads fragment fragments debris wreckage "
    "interceptor interceptors round rounds bomb bombs".split()
)
# Verbs whose subject is the place that holds the system ("Kaliningrad hosts Iskander brigades").
HOST_VERBS = frozenset("host house accommodate".split())
# Verbs whose subject is the place that gets the system ("Ukraine received a Patriot battery").
RECEIVE_VERBS = frozenset("receive obtain acquire".split())
# Verbs whose object is the place reached.
REACH_VERBS = frozenset("reach enter".split())
# Strong verbs: the only ones that make a munition's place a deployment.
STATION_VERBS = frozenset(
    "station deploy redeploy base position place install deliver transfer arrive send move keep put "
    "bring ship relocate reposition dispatch airlift".split()
)
# Objects of duty phrases: "took up positions near X", "has taken up duty at X", "stands watch over X".
DUTY_OBJECTS = frozenset("position positions duty watch guard post posts station residence".split())
DUTY_VERBS = frozenset("take stand keep mount assume go hold".split())
# Verbs of possession that place a system when they have a locative phrase: "has had S-300s in X since 2010".
HAVE_VERBS = frozenset("have maintain retain".split())
DEPLOY_NOUNS = frozenset(
    """
    deployment deployments redeployment appearance appearances sighting sightings installation
    installations arrival arrivals delivery deliveries presence placement stationing transfer
    emplacement positioning
    """.split()
)
IMAGE_NOUNS = frozenset(
    "image images photo photos photograph photographs video videos footage picture pictures clip clips screenshot screenshots".split()
)
MODALS = frozenset("may might could would should will shall can must 'll 'd".split())
PLAN_WORDS = frozenset(
    """
    plan intend want hope seek aim consider threaten promise pledge vow propose offer agree decide
    expect prepare ask urge request call need try wish design able capable intention plans
    possible possibility option ready willing refuse approve authorize authorise
    """.split()
)
FALSE_WORDS = frozenset("false untrue fake baseless unfounded wrong fabricated inaccurate".split())
# Words that put what they govern in doubt, even across a relative clause.
DENY_WORDS = frozenset("deny denies denial reject dismiss doubt refute unclear uncertain rumour rumor speculate speculation".split())
# Verbs whose negation leaves a nominal deployment standing ("the deployment has not been confirmed").
ACK_WORDS = frozenset("confirm acknowledge explain announce comment discuss admit publicise publicize".split())
KNOW_WORDS = frozenset("clear known certain sure confirm know verify say show prove establish evident".split())
RAISING = frozenset("appear seem say report believe think purport understand claim".split())
EVENT_BLOCKERS = frozenset("parade exhibition expo airshow museum fair forum showcase".split())
STATIC_PREPS = frozenset(
    "in on at near atop inside outside around across along within throughout beside onto into upon amid among behind off".split()
)
NOMINAL_PREPS = frozenset("in at on near atop inside outside".split())
MOTION_PREPS = STATIC_PREPS | {"to", "toward", "towards"}
QUANTIFIERS = frozenset(
    "one two three four five six several some many most all each both pair couple number set kind type sort battery batteries unit units "
    "battalion battalions regiment regiments brigade brigades division divisions squadron squadrons convoy convoys "
    "column columns group groups fleet".split()
)
SUBJ_OBJ = frozenset("nsubj nsubjpass dobj obj attr oprd".split())


@extractor(NAME, requires=("doc.ents", "token.dep"))
def deployments(doc: Doc) -> Iterator[Relation]:
    """A weapon system placed, stationed, delivered or seen at a specific place."""
    found, described = _reported(doc)
    # One fact per (system, place) per document: keep the first report, and a headline's
    # only when the body does not report that system.
    body_systems = {r.subject.name for r, title, _, _, _ in found if not title}
    # A described spot ("the western pier") only when the document names no place for the system.
    named_systems = {r.subject.name for r, _, _, _, _ in found if r.object not in described}
    kept: list[Relation] = []
    moved: set[int] = set()  # indexes in ``kept`` of reports by a verb of motion
    for rel, title, anaphor, motion, _ in found:
        if title and rel.subject.name in body_systems:
            continue
        if rel.object in described and rel.subject.name in named_systems:
            continue
        if any(k.subject.name == rel.subject.name and _same_place(k.object, rel.object) for k in kept):
            continue
        if anaphor and _refines(rel, kept, moved):
            continue
        if rel.date is None and anaphor:
            # "One of them has been placed on …": the date of the report just before.
            prev = next((k for k in reversed(kept) if k.subject.name == rel.subject.name), None)
            if prev is not None and prev.date and rel.sentence.start - prev.sentence.end < 400:
                rel = replace(rel, date=prev.date)
        if motion:
            moved.add(len(kept))
        kept.append(rel)
    yield from kept


_Reported = tuple[Relation, bool, bool, bool, "Token"]
_ANAPHOR_WORDS = ANAPHOR_PRONOUNS | ANAPHOR_HEADS
_BLOCKER_LEMMAS = cased(EVENT_BLOCKERS)


def _reported(doc: Doc) -> tuple[list[_Reported], set[Mention]]:
    """Every deployment the text asserts, sentence by sentence, before the one fact per
    (system, place) merge, and the described spots; found once per Doc."""
    def find(doc: Doc) -> tuple[list[_Reported], set[Mention]]:
        described: set[Mention] = set()
        return list(_sentence_relations(doc, described)), described

    return per_doc(doc, "kg.deployments", find)


def reported_deployments(doc: Doc) -> list[tuple[Relation, Token]]:
    """Each deployment asserted in ``doc`` with the word that places it (a verb, a preposition
    or a noun), every report kept: a statement quoting one can be matched to it."""
    return [(rel, trigger) for rel, _, _, _, trigger in _reported(doc)[0]]


def _refines(rel: Relation, kept: list[Relation], moved: set[int]) -> bool:
    """"moved a battery to Gotland. The unit arrived at the Tofta range": the same system,
    named again by a definite noun in the next sentence, arriving at a spot inside the
    destination just reported — one deployment, not two. "One of them" and "another"
    stay separate facts."""
    if rel.subject.text.casefold() not in ANAPHOR_HEADS:
        return False
    i = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].subject.name == rel.subject.name), None)
    if i is None or i not in moved:
        return False
    prev = kept[i]
    return prev.object is not None and 0 <= rel.sentence.start - prev.sentence.end < 300


def _same_place(a: Mention | None, b: Mention | None) -> bool:
    if a is None or b is None:
        return False
    wa, wb = _words(a.name), _words(b.name)
    if len(wa) < len(wb):
        wa, wb = wb, wa
    n = len(wb)
    return n > 0 and any(wa[i : i + n] == wb for i in range(len(wa) - n + 1))


def _words(name: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", name.casefold()).split()


def _is_title(sent: SpacySpan) -> bool:
    """A headline or kicker: one short line without closing punctuation."""
    text = sent.text.strip()
    return "\n" not in text and len(text) < 160 and text[-1:] not in (".", "!", "?", '"', "”", "’", ")")


def _sentence_relations(doc: Doc, described: set[Mention]) -> Iterator[_Reported]:
    systems = find_systems(doc)
    use_generic = not systems
    published = doc.user_data.get("published") if doc.user_data else None
    index = token_index(doc)
    anaphors = index.where(lower=_ANAPHOR_WORDS)
    blocked = {s.start for s in index.sentences_with(lemma=_BLOCKER_LEMMAS)}
    for sent in index.sents:
        refs = [r for r in systems if sent.start <= r.head < sent.end]
        if use_generic:
            refs += generic_systems(sent)
        elif not refs:
            # In a document that names systems, a class phrase stands for a system of its own
            # only when it is specific ("anti-ship missile launchers", "coastal missile
            # batteries": two class words) and the sentence names no system.
            refs += [_named_class(r, systems, doc) for r in generic_systems(sent) if _specific_class(r, doc)]
        if systems and systems[0].start < sent.end:
            taken = {i for r in refs for i in range(r.start, r.end)}
            for i in anaphors[bisect_left(anaphors, sent.start):bisect_left(anaphors, sent.end)]:
                if i in taken:
                    continue
                tok = doc[i]
                before = [r for r in systems if r.end <= tok.i]
                ana = system_anaphor(tok, before)
                if ana is not None:
                    refs.append(ana)
        if not refs or is_noise(sent):
            continue
        if sent.start in blocked:
            continue
        seen: set[tuple[str, str]] = set()
        for ref in sorted(refs, key=lambda r: r.start):
            for place, trigger in _places_for(ref, sent, described):
                key = (ref.mention.name.casefold(), place.name.casefold())
                if key in seen or _same_words(ref.mention, place):
                    continue
                seen.add(key)
                yield Relation(
                    kind="deployment",
                    extractor=NAME,
                    sentence=Span(sent.start_char, sent.end_char, sent.text),
                    subject=ref.mention,
                    object=place,
                    date=_date_for(trigger, sent, published),
                ), _is_title(sent), ref.anaphor, trigger.pos_ in ("VERB", "AUX") and _verb_kind(trigger) == "motion", trigger


def _specific_class(ref: SystemRef, doc: Doc) -> bool:
    words = [w.lower_ for w in doc[ref.start : ref.end - 1] if w.is_alpha or "-" in w.text]
    return len(words) >= 2 and doc[ref.head].lower_ in LAUNCHER_HEADS and bool(set(words) & STRIKE_CLASSES)


def _named_class(ref: SystemRef, systems: list[SystemRef], doc: Doc) -> SystemRef:
    """"coastal missile batteries" after "the Bastion coastal missile system": the named one."""
    words = {w.lower_ for w in doc[ref.start : ref.end - 1]} & STRIKE_CLASSES
    for prior in sorted(systems, key=lambda r: -r.start):
        if prior.start < ref.start and words & {w.lower_ for w in doc[prior.start : prior.end + 3]}:
            mention = replace(ref.mention, name=prior.mention.name)
            return replace(ref, mention=mention, generic=False, anaphor=True)
    return ref


def _same_words(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _role_head(tok: Token) -> Token:
    """Climb from a system word to the word that carries its role in the clause."""
    for _ in range(8):
        if (
            tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.head.head.lower_ in EQUIP_WORDS
            and tok.head.head.dep_ in ("acl", "amod") and tok.head.head.head.pos_ in ("NOUN", "PROPN")
        ):
            tok = tok.head.head.head  # "the regiment, equipped with S-400s, has moved to X"
            continue
        if tok.dep_ == "appos" and tok.head.ent_type_ in ("GPE", "LOC", "FAC"):
            break  # "Kaliningrad: new launchers dug in …" – a heading, not an apposition
        if tok.dep_ in ("compound", "nmod", "amod", "appos", "npadvmod", "nummod") and tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
            tok = tok.head
        elif tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            tok = tok.head
        elif (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and tok.head.head.lower_ in QUANTIFIERS
        ):
            tok = tok.head.head
        else:
            break
    return tok


def _assertive(trigger: Token) -> bool:
    """Whether a predicate is asserted: no negation, modal, plan, denial or condition above it."""
    for child in trigger.children:
        if child.dep_ == "neg" or child.lower_ in ("never", "no") and child.dep_ in ("neg", "det", "advmod"):
            return False
        if child.dep_ == "aux" and child.lower_ in MODALS and not _arrived(trigger) and not _visible(trigger, child):
            return False
        if child.dep_ == "mark" and child.lower_ in ("if", "whether", "unless"):
            return False
        if child.dep_ == "advmod" and child.lower_ in ("where", "whether", "how", "when") and child.i < trigger.i:
            return False  # an indirect question: "where in Belarus they are based"
    if trigger.dep_ == "xcomp" and any(c.lower_ == "to" and c.dep_ == "aux" for c in trigger.children):
        if trigger.head.lemma_ not in RAISING:
            return False
    node = trigger
    crossed = False  # past a relative clause: the matrix's plans and modals no longer apply
    for _ in range(12):
        if node.head.i == node.i:
            break
        rel = node.dep_
        # A clause with "that" as its marker is a noun's content ("the report that X was
        # seen"), not a relative clause: what governs the noun still governs it.
        content = any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)
        crossed = crossed or (rel in ("relcl", "acl") and not content)
        node = node.head
        if node.lemma_.casefold() in DENY_WORDS or node.lower_ in DENY_WORDS:
            return False
        if any(c.dep_ == "acomp" and c.lower_ in FALSE_WORDS for c in node.children):
            return False  # "reports that X was placed in Y were false"
        if crossed:
            continue
        if node.lemma_.casefold() in PLAN_WORDS or node.lower_ in PLAN_WORDS:
            return False
        if node.dep_ == "xcomp" and node.head.lemma_ not in RAISING and any(
            c.lower_ == "to" and c.dep_ == "aux" for c in node.children
        ):
            return False  # "has yet to deploy its systems in X", "is set to move them to Y"
        if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in node.children) and node.pos_ == "NOUN":
            return False  # "no evidence that …", "no sign of …"
        if any(c.dep_ == "xcomp" and any(a.dep_ == "acomp" and a.lower_ in FALSE_WORDS for a in c.children) for c in node.children):
            return False  # "the report … turned out to be wrong"
        if rel in ("dobj", "nsubj", "nsubjpass", "attr") and node.lemma_ not in ACK_WORDS and any(
            c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS) for c in node.children
        ):
            return False  # "Russia did not deploy S-400 batteries in X"
        if any(c.dep_ == "neg" for c in node.children) and (
            node.lemma_ in KNOW_WORDS or any(c.dep_ == "acomp" and c.lemma_ in KNOW_WORDS for c in node.children)
        ):
            return False  # "it is not clear whether", "officials did not confirm that"
        if rel in ("xcomp", "conj", "ccomp", "acl", "relcl", "pcomp", "pobj", "prep", "advcl"):
            for child in node.children:
                if child.dep_ == "mark" and child.lower_ in ("if", "whether", "unless"):
                    return False
                if rel in ("xcomp", "conj") and child.dep_ in ("aux", "neg") and (child.lower_ in MODALS or child.dep_ == "neg"):
                    return False
        if rel not in ("xcomp", "conj", "ccomp", "pcomp", "pobj", "prep", "acl", "relcl", "dobj", "nsubj", "nsubjpass", "advcl"):
            break
    return True


PERCEPTION_VERBS = frozenset("see spot observe sight notice film photograph detect".split())


def _visible(trigger: Token, modal: Token) -> bool:
    """"can be seen in images of X": a modal of perception reports what is there."""
    return modal.lower_ in ("can", "could") and trigger.lemma_ in PERCEPTION_VERBS and any(
        c.dep_ == "auxpass" for c in trigger.children
    )


ATTACK_NOUNS = frozenset("attack attacks strike strikes raid raids hit hits assault".split())
ATTACK_VERBS = frozenset("strike hit destroy damage attack target shoot down knock bomb shell eliminate".split())


def _attacked(head: Token) -> bool:
    """Whether the system is the target of an attack verb ("destroyed a Patriot launcher")."""
    node = head
    while node.dep_ == "conj":
        node = node.head
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head  # "an attack on the S-300 battery in Crimea"
    return node.dep_ in ("dobj", "nsubjpass", "pobj", "prep") and (node.head.lemma_ in ATTACK_VERBS or node.head.lower_ in ATTACK_NOUNS)


TRADE_WORDS = frozenset(
    """
    demand need request order orders purchase purchases sale sales export exports import imports price
    cost production shortage contract deal talks plan plans proposal buy sell order produce build make
    manufacture lack want seek supply supplies stock stocks inventory number
    """.split()
)


def _traded(head: Token) -> bool:
    """Whether the system is an object of trade or production ("demand for Patriot systems in Europe")."""
    node = head
    while node.dep_ == "conj":
        node = node.head
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head
    return node.dep_ in ("dobj", "pobj", "prep", "nsubjpass") and (
        node.head.lemma_ in TRADE_WORDS or node.head.lower_ in TRADE_WORDS
    )


def _arrived(trigger: Token) -> bool:
    """"the arrival of a battery, which will be stationed at X": the future place of a system that is here."""
    if trigger.lower_ not in ("stationed", "based", "deployed", "placed", "positioned", "located"):
        return False
    system = trigger.head if trigger.dep_ == "relcl" else trigger.head.head if trigger.head.dep_ == "relcl" else None
    if system is None:
        return False
    return system.dep_ == "pobj" and system.head.lower_ == "of" and system.head.head.lower_ in ("arrival", "delivery", "handover")


def _triggers(ref: SystemRef, head: Token) -> list[tuple[Token, str]]:
    """Predicates that give the system at ``head`` a place, with their kind."""
    found: list[tuple[Token, str]] = []
    # A participle or relative clause on the system: "a Pantsir being installed on …".
    for child in head.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
            kind = _verb_kind(child)
            if kind:
                found.append((child, kind))
            elif child.lemma_ in RAISING:
                # "a battery, which it said would be stationed at X"
                for comp in (c for c in child.children if c.dep_ in ("ccomp", "xcomp")):
                    ck = _verb_kind(comp)
                    if ck:
                        found.append((comp, ck))
    if head.dep_ in SUBJ_OBJ and head.head.pos_ in ("VERB", "AUX"):
        verb = head.head
        for v in _raise(verb):
            kind = _verb_kind(v)
            if not kind and v.lemma_ in ("report", "post", "share", "publish") and head.dep_ in ("dobj", "obj"):
                kind = "image"  # "Residents report Pantsir vehicles on the embankment"
            if kind:
                found.append((v, kind))
            if v.lemma_ == "be" and head.dep_ in ("nsubj", "nsubjpass"):
                found.append((v, "copula"))
            for conj in v.conjuncts:
                if conj.pos_ == "VERB" and conj.i > v.i and not any(c.dep_.startswith("nsubj") for c in conj.children):
                    ck = _verb_kind(conj)
                    if ck:
                        found.append((conj, ck))
    elif head.dep_ == "pobj" and head.head.lower_ in ("of", "for") and head.head.head.pos_ in ("NOUN", "PROPN"):
        noun = head.head.head
        low = noun.lower_
        if low in DEPLOY_NOUNS:
            found.append((noun, "noun"))
        elif low in IMAGE_NOUNS:
            found.append((noun, "image"))
        elif low in ("base", "home") and noun.dep_ == "attr":
            found.append((noun, "home"))
    elif head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "home" and head.head.head.dep_ in ("attr", "advmod"):
        found.append((head.head.head, "home"))  # "Engels is home to Tu-95 bombers"
    elif head.dep_ in ("compound", "nmod") and head.head.lower_ in DEPLOY_NOUNS:
        found.append((head.head, "noun"))
    if head.lower_ in DEPLOY_NOUNS:
        found.append((head, "noun"))
    if head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN") and not any(t.pos_ in ("VERB", "AUX") for t in head.sent):
        found.append((head, "caption"))
    elif not ref.generic and not _traded(head):
        # "a Patriot system in Kyiv": a place on the system's own noun phrase.
        found.append((head, "nominal"))
    return found


def _raise(verb: Token) -> list[Token]:
    """The verb, and the complements it raises its subject into ("appears to have been placed")."""
    out = [verb]
    node = verb
    for _ in range(3):
        nxt = next((c for c in node.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
        if nxt is None or node.lemma_ not in RAISING | {"be"}:
            break
        out.append(nxt)
        node = nxt
    return out


PHRASAL_STATIC = frozenset("turn:up show:up pop:up crop:up set:up dig:in line:up park:up".split())
PHRASAL_MOTION = frozenset("bring:in roll:in move:in fly:in ship:in bring:up".split())


def _verb_kind(verb: Token) -> str:
    lemma = verb.lemma_.casefold()
    if lemma in RECEIVE_VERBS:
        return "receive"
    if lemma in HOST_VERBS:
        return "host"
    prt = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if prt is not None:
        if f"{lemma}:{prt}" in PHRASAL_STATIC:
            return "static"
        if f"{lemma}:{prt}" in PHRASAL_MOTION:
            return "motion"
    if lemma in DUTY_VERBS and any(c.dep_ in ("dobj", "obj") and c.lower_ in DUTY_OBJECTS for c in verb.children):
        return "static"  # "took up positions near X", "stood watch over X"
    if lemma in HAVE_VERBS and any(c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "near") for c in verb.children):
        return "static"  # "has had S-300 batteries in Abkhazia since 2010"
    if lemma in DEFEND_VERBS:
        return "defend"
    if lemma in REACH_VERBS:
        return "reach"
    if lemma in MOTION_VERBS:
        return "motion"
    if lemma in STATIC_VERBS:
        if lemma in ("show", "depict", "capture", "reveal", "feature", "picture") and verb.dep_ != "acl":
            return "image"
        return "static"
    if lemma in ("be", "put", "stand", "go", "remain") and any(
        c.dep_ == "prep" and c.lower_ == "on" and any(o.lower_ in ("duty", "alert", "standby") for o in c.children) for c in verb.children
    ):
        return "static"
    return ""


def _places_for(ref: SystemRef, sent: SpacySpan, described: set[Mention]) -> Iterator[tuple[Mention, Token]]:
    doc = sent.doc
    head = _role_head(doc[ref.head])
    # "an S-300 missile", "Patriot interceptors", "a fragment of a Kh-101": the round, not the launcher.
    munition = (is_munition(ref.mention.name) and head.lower_ not in LAUNCHER_HEADS) or head.lower_ in MUNITION_HEADS
    for trigger, kind in _triggers(ref, head):
        if munition and not (kind in ("static", "motion", "noun") and trigger.lemma_ in STATION_VERBS | {"deployment", "arrival", "delivery"}):
            continue
        if not _assertive(trigger):
            continue
        yielded = False
        if kind == "home":
            cop = trigger.head
            subj = next((c for c in cop.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                place = place_from(subj, prep="at")
                if place is not None:
                    yielded = True
                    yield place, trigger
            continue
        if kind in ("receive", "host"):
            if head.dep_ not in ("dobj", "obj") or head.head.i != trigger.i:
                continue
            subj = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
            if subj is not None and (subj.ent_type_ == "GPE" or kind == "host"):
                place = place_from(subj, prep="in")
                if place is not None:
                    yield place, trigger
            continue
        if kind in ("defend", "reach"):
            for obj in (c for c in trigger.children if c.dep_ in ("dobj", "obj")):
                if obj.lower_ in ("service", "operation", "duty"):
                    # "entered service near Tallinn"
                    yield from ((p, trigger) for p in _pp_places([trigger, obj], STATIC_PREPS))
                    continue
                for o in obj.conjuncts + (obj,):
                    place = place_from(o, prep="in")
                    if place is not None:
                        yielded = True
                        yield place, trigger
            if kind == "defend" and not yielded:
                # "guarded the naval facility at X": the facility is unnamed, the verb's phrase names it
                yield from ((p, trigger) for p in _pp_places([trigger], STATIC_PREPS))
            continue
        preps = MOTION_PREPS if kind in ("motion", "noun") else STATIC_PREPS
        if kind == "motion" and trigger.lemma_ in TRAVEL_VERBS:
            preps = DESTINATION_PREPS  # "flew along the coast" is a patrol; "flown to X" a delivery
        if kind == "nominal":
            if _attacked(head):
                continue  # "a strike destroyed a Patriot launcher near X": a claim of a hit
            yield from ((p, trigger) for p in _pp_places([head], NOMINAL_PREPS, described=described))
            continue
        hosts = [trigger]
        if kind == "copula":
            # "is visible in photos taken at X"
            hosts += [c for c in trigger.children if c.dep_ == "acomp" and c.lower_ in ("visible", "present", "seen")]
        duty = [c for c in trigger.children if c.dep_ in ("dobj", "obj") and c.lower_ in DUTY_OBJECTS]
        # "were on round-the-clock duty over the bay": the duty noun under "on".
        duty += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "on"
                 for g in c.children if g.dep_ == "pobj" and g.lower_ in ("duty", "alert", "watch", "guard")]
        if duty:
            # "took up positions near X"; "stands watch over X": the place hangs on the duty noun
            hosts += duty
            preps = preps | {"over"}
        if kind in ("image", "noun", "caption", "static"):
            hosts.append(head)
        if kind in ("noun", "image") and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
            hosts.append(trigger.head)
        for place in _pp_places(hosts, preps, after=trigger.i if kind in ("noun", "image") else -1, described=described):
            yielded = True
            yield place, trigger
        if kind == "motion" and not yielded:
            # "sent X capable of carrying Y to Belarus": the destination hung inside the object.
            obj = next((c for c in trigger.children if c.dep_ in ("dobj", "obj")), None)
            for tok in obj.subtree if obj is not None else ():
                if tok.dep_ == "prep" and tok.lower_ in ("to", "into") and tok.head.lemma_ not in MOTION_VERBS:
                    for place in _pp_places([tok.head], frozenset({"to", "into"})):
                        yielded = True
                        yield place, trigger
        if kind == "motion" and not yielded:
            # "moved a battery to Cape Tarkhankut": the parser took "to Cape" for an infinitive
            # ("to" an auxiliary of a verb "Cape"); the place entity is the destination.
            for c in trigger.children:
                if c.dep_ in ("advcl", "xcomp") and c.ent_type_ in ("GPE", "LOC", "FAC") and c.pos_ == "PROPN" \
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                    place = place_from(c, prep="to")
                    if place is not None:
                        yield place, trigger
        for child in trigger.children:
            if child.dep_ in ("npadvmod", "advmod", "dobj") and child.lower_ in DISTANCE_UNITS:
                place = distance_place(child)
                if place is not None:
                    yield place, trigger
            elif child.dep_ in ("advmod", "prep", "npadvmod") and child.lower_ in DIRECTIONS:
                # "spotted about 150 km south of X": the distance hangs on the direction
                unit = next((c for c in child.children if c.lower_ in DISTANCE_UNITS), None)
                place = distance_place(unit) if unit is not None else direction_place(child)
                if place is not None:
                    yield place, trigger


def _pp_places(
    hosts: list[Token], preps: frozenset[str], *, after: int = -1, described: set[Mention] | None = None
) -> Iterator[Mention]:
    seen: set[int] = set()
    for host in hosts:
        placed = False
        found: list[Mention] = []
        children = list(host.children)
        # "next to the runway": the parser makes "next" an adverb holding the preposition.
        for adv in [c for c in children if c.dep_ == "advmod" and c.lower_ in ("next", "close", "closer", "nearer", "right", "just", "back", "down", "up", "away", "out")]:
            # "sent back to X", "brought down to the coast": the particle holds the preposition
            children.extend(c for c in adv.children if c.dep_ == "prep" and c.lower_ in ("to", "by", "beside", "outside", "near", "into", "at"))
        # "tucked launchers in beside the terminal": a bare particle-like preposition holding another.
        children.extend(g for c in list(children) if c.dep_ == "prep" and c.lower_ in ("in", "up", "out", "down", "over", "back")
                        and not any(x.dep_ == "pobj" for x in c.children)
                        for g in c.children if g.dep_ == "prep")
        # "in Belarus since 2023 and in Kaliningrad since 2018": a preposition coordinated with another.
        coordinated = [c for p in children if p.dep_ == "prep" for c in p.children if c.dep_ == "conj" and c.pos_ == "ADP"]
        children.extend(coordinated)
        for prep in children:
            if (prep.dep_ not in ("prep", "dative") and prep not in coordinated) or prep.i in seen:
                continue
            if prep.lower_ == "to" and prep.head.dep_ == "advmod" and prep.head.lower_ in ("next", "close"):
                low_override = "beside"
            else:
                low_override = None
            if host is hosts[-1] and after >= 0 and prep.i < after:
                continue
            seen.add(prep.i)
            low = low_override or prep.lower_
            if low == "from" and host.lemma_ == "operate":
                low = "at"  # "operating from a base near X": the base is where it stands
            elif low in ("from", "off"):
                unit = next((c for c in prep.children if c.lower_ in DISTANCE_UNITS), None)
                if unit is None and prep.i > 0 and prep.doc[prep.i - 1].lower_ in DISTANCE_UNITS:
                    unit = prep.doc[prep.i - 1]
                if unit is not None and unit.head.i != host.i:
                    place = distance_place(unit)
                    if place is not None:
                        placed = True
                        found.append(place)
                if unit is not None or low == "from" or low not in preps:
                    continue  # other distance phrases are read from their unit
                # "seen off the coast of X": a place without a distance
            if low in ("in", "outside", "near") and placed and prep not in coordinated:
                # "at X airport in south-eastern Poland": the region holds the place; it names
                # a place without a proper name ("its 102nd military base in Gyumri").
                last = found[-1] if found else None
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if last is not None and obj is not None and not any(w[:1].isupper() for w in last.name.split()):
                    inner = place_from(obj, prep="in")
                    if inner is not None and inner.end > last.end:
                        doc = obj.doc
                        text = token_index(doc).text[last.start : inner.end]
                        found[-1] = Mention(last.start, inner.end, text, f"{last.name} in {inner.name}", "Place")
                continue
            if low not in preps:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None:
                # "in and around the capital": the object hangs on the last preposition.
                for conj in prep.conjuncts:
                    obj = next((c for c in conj.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        break
            if obj is None:
                continue
            if obj.lower_ in ("next", "close"):
                # "in next to the runway": read through to the landmark
                to = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "to"), None)
                nobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if nobj is None:
                    continue
                obj = nobj
            if obj.lower_ in IMAGE_NOUNS and low == "in":
                # "seen in images of X", "appears in a video filmed near X": the image's subject or setting
                for c in obj.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        found.extend(_pp_places([obj], frozenset({"of"})))
                    elif c.dep_ == "acl":
                        found.extend(_pp_places([c], STATIC_PREPS))
                placed = placed or bool(found)
                continue
            if obj.lower_ in ("duty", "alert", "standby", "guard", "service", "operation", "position", "positions") or (
                obj.lower_ == "station" and low == "on" and not any(c.dep_ in ("compound", "det") and c.lower_ != "the" for c in obj.children)
            ):  # "on station off X" (a ship's patrol post), not "on the station platform"
                # "on combat duty in Belarus", "brought into service around Kyiv"
                found.extend(_pp_places([obj], STATIC_PREPS))
                continue
            base = _unpart(obj)
            objs = [base, *base.conjuncts]
            # "in Belarus since 2023 and in Kaliningrad since 2018": coordinated prepositions.
            for cprep in prep.conjuncts:
                cobj = next((c for c in cprep.children if c.dep_ == "pobj"), None)
                if cobj is not None and cprep.lower_ in preps and cobj is not obj:
                    objs.append(_unpart(cobj))
            # A coordinated place the parser hung higher up: "at a park and a ground in X",
            # "installed on top of a building and the ministry headquarters".
            for anc in (host, host.head):
                objs += [
                    c for c in anc.children
                    if c.dep_ == "conj" and c.i > base.i and c not in objs and c.pos_ in ("NOUN", "PROPN")
                    and (c.lower_ in PLACE_NOUNS or c.ent_type_ in ("GPE", "LOC", "FAC"))
                ]
            shared = _shared_pp(objs)
            for o in objs:
                place = place_from(o, prep=low)
                if place is None and o is obj:
                    place = _landmark_sibling(host, o)
                if place is None and described is not None:
                    place = place_from(o, prep=low, described=True)
                    if place is not None:
                        described.add(place)
                if place is None and shared is not None and o.lower_ in PLACE_NOUNS:
                    place = _with_shared(o, shared)
                if place is not None:
                    placed = True
                    found.append(place)
        yield from found


def _landmark_sibling(host: Token, obj: Token) -> Mention | None:
    """"placed in the park beside the administration building": the parser hangs the
    landmark on the verb; read it as the modifier of the unnamed place before it."""
    if obj.lower_ not in PLACE_NOUNS or not any(c.dep_ == "det" and c.lower_ == "the" for c in obj.children) or is_vague(obj):
        return None
    doc = obj.doc
    end = max(w.i for w in obj.subtree) + 1
    if end >= len(doc):
        return None
    nxt = doc[end]
    if nxt.head.i != host.i or nxt.dep_ != "prep" or nxt.lower_ not in RELATION_PREPS - {"in", "at", "on"}:
        return None
    land = next((c for c in nxt.children if c.dep_ == "pobj"), None)
    if land is None or land.lower_ not in PLACE_NOUNS:
        return None
    start, _ = _phrase_bounds(obj)
    lstart, lend = _phrase_bounds(land)
    return make_mention(doc, start, lend, f"{doc[start:obj.i + 1].text} {nxt.text} {doc[lstart:lend].text}", "Place")


def _unpart(tok: Token) -> Token:
    """Look through part nouns: "the roof of X" -> X, "on top of X" -> X."""
    for _ in range(3):
        if tok.lower_ not in PART_NOUNS or tok.ent_type_:
            break
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            break
        tok = obj
    return tok


def _shared_pp(objs: list[Token]) -> Token | None:
    """The "in X" a coordination of places shares: "a park and a ground in north Moscow"."""
    for o in reversed(objs):
        for c in o.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside", "on") and any(p.dep_ == "pobj" for p in c.children):
                return c
    return None


def _with_shared(tok: Token, pp: Token) -> Mention | None:
    if is_vague(tok):
        return None
    obj = next(c for c in pp.children if c.dep_ == "pobj")
    inner = place_from(obj, prep=pp.lower_)
    if inner is None:
        return None
    start, end = _phrase_bounds(tok)
    doc = tok.doc
    ostart, oend = _phrase_bounds(obj)
    return make_mention(doc, start, end, f"{doc[start:end].text} {pp.text} {doc[ostart:oend].text}", "Place")


def _date_for(trigger: Token, sent: SpacySpan, published: str | None) -> str | None:
    """The date of the deployment: a date phrase on the predicate, else in the sentence."""
    dates = [e for e in token_index(sent.doc).ents_in(sent.start, sent.end) if e.label_ in ("DATE", "TIME")]
    if not dates:
        return None
    near = [e for e in dates if trigger in e.root.ancestors or e.root.head == trigger]
    for ent in near + sorted(dates, key=lambda e: abs(e.start - trigger.i)):
        found = resolve_date(ent.text, published)
        if found:
            return found
    return None
