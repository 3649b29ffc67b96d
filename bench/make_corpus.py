"""Generate benchmark inputs: synthetic news articles, and a news-shaped RDF dataset.

Both come from one article generator written from this folder's own templates and
vocabulary (bench/vocabulary.py), deterministic for a seed: article ``i`` of seed
``s`` is always the same text. The generator knows what each sentence says (which
system was deployed where, who said what, who blamed whom, with character offsets),
so the same articles give the text corpus that ``kg build`` reads and an N-Quads
dataset in the shape of docs/graph-model.md, big enough (≥1M triples) to time the
saved questions without running spaCy over millions of words.

Usage:
    python bench/make_corpus.py text OUT_DIR --words 200000 [--seed 7]
    python bench/make_corpus.py text OUT_DIR --n 50
    python bench/make_corpus.py rdf OUT.nq --triples 1000000 [--seed 7]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import vocabulary as V

DEFAULT_SEED = 7
#: Bumped when the output for a seed changes, so cached inputs under bench/out are not reused.
GENERATOR_VERSION = 2


# --------------------------------------------------------------------------- text with marks


@dataclass(frozen=True)
class Piece:
    """Text with named character spans (``marks``) of the slots it was filled from.

    The mark ``""`` of a slot value says which part of it is the name itself
    ("the Russian Ministry of Defence" -> "Russian Ministry of Defence").
    """

    text: str
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)


_FORMATTER = string.Formatter()


def render(template: str, **slots: str | Piece) -> Piece:
    """Fill ``template``'s ``{slot}``s and record where each value landed.

    A nested mark ``inner`` of slot ``outer`` becomes ``outer.inner``.
    """
    out: list[str] = []
    marks: dict[str, tuple[int, int]] = {}
    pos = 0
    for literal, name, _spec, _conv in _FORMATTER.parse(template):
        out.append(literal)
        pos += len(literal)
        if name is None:
            continue
        value = slots[name]
        piece = value if isinstance(value, Piece) else Piece(str(value))
        marks[name] = (pos, pos + len(piece.text))
        for inner, (s, e) in piece.marks.items():
            marks[f"{name}.{inner}" if inner else name] = (pos + s, pos + e)
        out.append(piece.text)
        pos += len(piece.text)
    return Piece("".join(out), marks)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Entity:
    """A thing articles name: canonical key and label, kg class, how it is written."""

    key: str
    label: str
    cls: str
    short: str = ""
    the: bool = False
    side: str = ""
    role: str = ""

    def written(self, rng: random.Random, *, first: bool) -> Piece:
        """How an article writes this entity; the ``""`` mark is the name itself."""
        name = self.label if first or not self.short or rng.random() < 0.4 else self.short
        lead = "the " if self.the else ""
        tail = f", {self.role}," if first and self.role else ""
        return Piece(lead + name + tail, {"": (len(lead), len(lead) + len(name))})


@dataclass(frozen=True)
class Vocabulary:
    states: dict[str, Entity]
    bodies: dict[str, tuple[Entity, ...]]
    people: dict[str, tuple[Entity, ...]]
    places: dict[str, tuple[Entity, ...]]
    systems: dict[str, tuple[Entity, ...]]
    outlets: tuple[Entity, ...]
    adjective: dict[str, str]
    reporters: tuple[str, ...]


def build_vocabulary(seed: int = DEFAULT_SEED) -> Vocabulary:
    """Make the cast of the corpus: states, their bodies and officials, places, systems."""
    rng = random.Random(f"vocabulary:{seed}")
    states = {n: Entity(slug(n), n, "State", the=the, side=n) for n, _adj, the in V.STATES}
    adjective = {n: adj for n, adj, _the in V.STATES}
    bodies: dict[str, tuple[Entity, ...]] = {}
    people: dict[str, tuple[Entity, ...]] = {}
    used: set[str] = set()
    for name, adj, _the in V.STATES:
        chosen = rng.sample(V.BODIES, 4)
        bodies[name] = tuple(Entity(slug(f"{adj} {b}"), f"{adj} {b}", cls, the=True, side=name) for b, cls in chosen)
        firsts, lasts = V.NAMES[V.TRADITION.get(name, "western")]
        persons = []
        while len(persons) < 5:
            full = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            if full in used:
                if len(used) > 2000:
                    break
                continue
            used.add(full)
            role = rng.choice(V.ROLES).format(body=f"{adj} {rng.choice(chosen)[0]}", adj=adj)
            persons.append(Entity(slug(full), full, "Person", short=full.split()[-1], side=name, role=role))
        people[name] = tuple(persons)
    places = {s: tuple(Entity(slug(p), p, "Place") for p in ps) for s, ps in V.PLACES.items()}
    systems: dict[str, list[Entity]] = {n: [] for n in states}
    for label, short, cls, operators in V.SYSTEMS:
        ent = Entity(slug(short if short != label else label), label, cls, short=short if short != label else "")
        for op in operators:
            systems[op].append(ent)
    outlets = tuple(Entity(slug(o), o, "Organization", the=o.startswith("the ")) for o in V.OUTLETS)
    reporters = tuple(
        f"{rng.choice(V.NAMES['western'][0])} {rng.choice(V.NAMES['western'][1])}" for _ in range(30)
    )
    return Vocabulary(states, bodies, people, places, {k: tuple(v) for k, v in systems.items() if v},
                      outlets, adjective, reporters)


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class Fact:
    """What a sentence says, with roles pointing at marks of the sentence.

    ``roles``: role -> (mark, entity): deployment system/location, statement
    speaker, blame accuser/accused. ``content``: mark of the statement text or
    blame act. ``event``: (system, place) a deployment reports, or that an
    acknowledgement or denial is about. ``responds``: index (in the article) of
    the blame a denial answers.
    """

    kind: str
    roles: dict[str, tuple[str, Entity]]
    label: str | None = None
    content: str | None = None
    date: str | None = None
    evidence: bool | None = None
    event: tuple[Entity, Entity] | None = None
    responds: int | None = None


@dataclass(frozen=True)
class Sentence:
    text: str
    marks: dict[str, tuple[int, int]]
    facts: tuple[Fact, ...] = ()
    start: int = 0  # offset in the article text, set when the article is assembled

    def span(self, mark: str) -> tuple[int, int, str]:
        s, e = self.marks[mark]
        return self.start + s, self.start + e, self.text[s:e]


@dataclass(frozen=True)
class Article:
    index: int
    name: str
    headline: str
    published: str
    outlet: Entity
    text: str
    sentences: tuple[Sentence, ...]

    @property
    def words(self) -> int:
        return len(self.text.split())

    def facts(self) -> Iterator[tuple[Sentence, Fact]]:
        for sent in self.sentences:
            for fact in sent.facts:
                yield sent, fact


class _Writer:
    """Writes one article: picks the cast, tracks first mentions and fact numbers."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, published: date, outlet: Entity) -> None:
        self.v, self.rng, self.published, self.outlet = vocab, rng, published, outlet
        self.seen: set[str] = set()
        self.n_facts = 0
        self.deployments: list[tuple[str, Entity, Entity]] = []  # (actor, system, place)
        self.blames: list[tuple[int, Entity]] = []  # (fact index, accused)

    # -- helpers
    def name(self, ent: Entity) -> Piece:
        first = ent.key not in self.seen
        self.seen.add(ent.key)
        return ent.written(self.rng, first=first)

    def place_near(self, state: str) -> Entity:
        pool = list(self.v.places[state])
        for rival in V.RIVALS.get(state, ())[:1]:
            pool += self.v.places[rival][:4]
        return self.rng.choice(pool)

    def when(self) -> tuple[str, str | None]:
        r, pub = self.rng.random(), self.published
        if r < 0.4:
            return "", None
        if r < 0.6:
            day = pub - timedelta(days=self.rng.randint(1, 6))
            return f" on {V.WEEKDAYS[day.weekday()]}", day.isoformat()
        if r < 0.8:
            day = pub - timedelta(days=self.rng.randint(1, 40))
            return f" on {V.MONTHS[day.month - 1]} {day.day}", day.isoformat()
        if r < 0.9:
            return " last week", None
        month = pub.replace(day=1) - timedelta(days=1)
        return f" in {V.MONTHS[month.month - 1]}", f"{month.year:04d}-{month.month:02d}"

    def speaker(self, state: str, *, person: float = 0.55, body: float = 0.3) -> Entity:
        r = self.rng.random()
        if r < person:
            return self.rng.choice(self.v.people[state])
        if r < person + body:
            return self.rng.choice(self.v.bodies[state])
        return self.v.states[state]

    def unit(self, system: Entity) -> str:
        return self.rng.choice(V.UNITS[system.cls])

    def common(self) -> dict[str, str | Piece]:
        rng = self.rng
        some_state = rng.choice(list(self.v.places))
        return {
            "outlet": self.outlet.label, "source": rng.choice(V.SOURCES), "target": rng.choice(V.TARGETS),
            "dismissal": rng.choice(V.DISMISSALS), "n": str(rng.randint(2, 40)), "pct": str(rng.randint(1, 9)),
            "weekday": rng.choice(V.WEEKDAYS), "reporter": rng.choice(self.v.reporters),
            "reporter2": rng.choice(self.v.reporters), "adj": self.v.adjective[some_state],
            "place2": rng.choice(self.v.places[some_state]).label,
        }

    def sentence(self, template: str, facts: tuple[Fact, ...] = (), **slots: str | Piece) -> Sentence:
        piece = render(template, **{**self.common(), **slots})
        text = piece.text[:1].upper() + piece.text[1:]
        self.n_facts += len(facts)
        return Sentence(text, piece.marks, facts)

    # -- sentence kinds
    def deployment(self, actor: str, system: Entity | None = None, place: Entity | None = None) -> Sentence:
        rng = self.rng
        system = system or rng.choice(self.v.systems[actor])
        place = place or self.place_near(actor)
        when, iso = self.when()
        fact = Fact("deployment", {"system": ("system", system), "location": ("place", place)},
                    date=iso, event=(system, place))
        self.deployments.append((actor, system, place))
        return self.sentence(rng.choice(V.DEPLOYMENT), (fact,), actor=self.name(self.v.states[actor]),
                             system=self.name(system), place=self.name(place), unit=self.unit(system), when=when)

    def claim(self, state: str) -> Sentence:
        rng = self.rng
        speaker = self.speaker(state)
        when, iso = self.when()
        content = render(rng.choice(V.CLAIM_WHAT), n=str(rng.randint(2, 40)),
                         place=self.name(self.place_near(state)))
        template = rng.choice(V.CLAIM_SAID)
        if template.startswith("\u201c"):
            content = Piece(content.text[:1].upper() + content.text[1:], content.marks)
        fact = Fact("statement", {"speaker": ("speaker", speaker)}, label="claim", content="content", date=iso)
        return self.sentence(template, (fact,), speaker=self.name(speaker), content=content, when=when)

    def about_deployment(self, label: str) -> Sentence:
        rng = self.rng
        actor, system, place = rng.choice(self.deployments)
        speaker = self.speaker(actor, person=0.6, body=0.35)
        when, iso = self.when()
        what = V.ACKNOWLEDGE_WHAT if label == "acknowledgement" else V.DENY_DEPLOYMENT_WHAT
        content = render(rng.choice(what), system=self.name(system), place=self.name(place), unit=self.unit(system))
        template = rng.choice(V.ACKNOWLEDGE if label == "acknowledgement" else V.DENY_DEPLOYMENT)
        fact = Fact("statement", {"speaker": ("speaker", speaker)}, label=label, content="content",
                    date=iso, event=(system, place))
        return self.sentence(template, (fact,), speaker=self.name(speaker), content=content, when=when)

    def decline(self, state: str) -> Sentence:
        rng = self.rng
        speaker = self.speaker(state, person=0.5, body=0.5)
        template = rng.choice(V.DECLINE if self.deployments else V.DECLINE[:2])
        _actor, system, place = rng.choice(self.deployments) if self.deployments else (state, None, None)
        slots: dict[str, str | Piece] = {"speaker": self.name(speaker), "content": rng.choice(V.DECLINE_WHAT)}
        slots["place"] = (place or self.place_near(state)).label
        if system is not None:
            slots["system"], slots["unit"] = system.short or system.label, self.unit(system)
        fact = Fact("statement", {"speaker": ("speaker", speaker)}, label="declined", content="content")
        return self.sentence(template, (fact,), **slots)

    def blame(self, accuser_state: str, accused_state: str) -> Sentence:
        rng = self.rng
        accuser = self.speaker(accuser_state, person=0.35, body=0.4)
        accused = self.v.states[accused_state] if rng.random() < 0.7 else rng.choice(self.v.bodies[accused_state])
        place = self.name(self.place_near(accuser_state))
        target = rng.choice(V.TARGETS)
        act = render(rng.choice(V.ACTS), place=place, target=target)
        act_ing = render(rng.choice(V.ACTS_ING), place=place, target=target)
        evidence, given = rng.choice(V.EVIDENCE)
        template = rng.choice(V.BLAME)
        act_mark = "act_ing" if "{act_ing}" in template else "act"
        fact = Fact("blame", {"accuser": ("accuser", accuser), "accused": ("accused", accused)},
                    content=act_mark, evidence=given)
        self.blames.append((self.n_facts, accused))
        return self.sentence(template, (fact,), accuser=self.name(accuser), accused=self.name(accused),
                             act=act, act_ing=act_ing, evidence=evidence)

    def deny_blame(self) -> Sentence:
        rng = self.rng
        index, accused = self.blames[-1]
        speaker = accused if rng.random() < 0.5 else self.speaker(accused.side, person=0.7, body=0.3)
        template = rng.choice(V.DENY_BLAME)
        if template == V.DENY_BLAME[1]:
            content = rng.choice(V.DISMISSALS)
        else:
            content = "the " + rng.choice(("attack", "strike", "incident", "explosion"))
        fact = Fact("statement", {"speaker": ("speaker", speaker)}, label="denial", content="content",
                    responds=index)
        return self.sentence(template, (fact,), speaker=self.name(speaker), content=content)

    def noise(self) -> Sentence:
        when, _iso = self.when()
        state = self.rng.choice(list(self.v.places))
        return self.sentence(self.rng.choice(V.NOISE), place=self.rng.choice(self.v.places[state]).label, when=when)


_ACTORS = [(s, 6 if s == "Russia" else 3 if s in ("Ukraine", "Iran", "Belarus") else 1)
           for s, *_ in V.STATES]


def make_article(vocab: Vocabulary, seed: int, index: int) -> Article:
    """Write article ``index`` of ``seed``: a headline and 250-700 words of news."""
    rng = random.Random(f"article:{seed}:{index}")
    published = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    outlet = rng.choice(vocab.outlets)
    w = _Writer(vocab, rng, published, outlet)
    actor = rng.choices([s for s, _ in _ACTORS if s in vocab.systems],
                        [n for s, n in _ACTORS if s in vocab.systems])[0]
    rival = rng.choice(V.RIVALS[actor])
    system, place = rng.choice(vocab.systems[actor]), w.place_near(actor)
    headline = render(rng.choice(V.HEADLINES), system=system.short or system.label, place=place.label,
                      actor=actor).text
    lead = w.deployment(actor, system, place)
    dateline = (f"{place.label.upper()}, {V.MONTHS[published.month - 1]} {published.day}, {published.year} "
                f"({outlet.label}) - ")
    lead = replace(lead, text=dateline + lead.text,
                   marks={k: (s + len(dateline), e + len(dateline)) for k, (s, e) in lead.marks.items()})
    paragraphs: list[list[Sentence]] = [[lead]]
    target = rng.randint(250, 700)
    words = len(headline.split()) + len(lead.text.split())
    kinds = ("deployment", "acknowledgement", "denial", "decline", "claim", "blame", "noise")
    weights = (1.0, 0.25, 0.5, 0.6, 1.4, 0.9, 2.5)
    while words < target:
        para: list[Sentence] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            kind = rng.choices(kinds, weights)[0]
            side = actor if rng.random() < 0.6 else rival
            if kind == "deployment":
                para.append(w.deployment(side if side in vocab.systems else actor))
            elif kind in ("acknowledgement", "denial"):
                para.append(w.about_deployment(kind))
            elif kind == "decline":
                para.append(w.decline(side))
            elif kind == "claim":
                para.append(w.claim(side))
            elif kind == "blame":
                accuser, accused = (rival, actor) if side == actor else (actor, rival)
                para.append(w.blame(accuser, accused))
                if rng.random() < 0.6:
                    para.append(w.deny_blame())
            else:
                para.append(w.noise())
        paragraphs.append(para)
        words += sum(len(s.text.split()) for s in para)
    if rng.random() < 0.7:
        paragraphs.append([w.sentence(rng.choice(V.CLOSERS))])
    # assemble: headline, blank line, paragraphs; sentences know their offsets
    text = headline + "\n\n"
    placed: list[Sentence] = []
    for i, para in enumerate(paragraphs):
        if i:
            text += "\n\n"
        for j, sent in enumerate(para):
            if j:
                text += " "
            placed.append(replace(sent, start=len(text)))
            text += sent.text
    return Article(index, f"article-{index:05d}.txt", headline, published.isoformat(), outlet, text + "\n",
                   tuple(placed))


def articles(*, seed: int = DEFAULT_SEED, n: int | None = None, words: int | None = None) -> Iterator[Article]:
    """Yield articles 0, 1, … until ``n`` of them or ``words`` words have been written."""
    if n is None and words is None:
        raise ValueError("give n or words")
    vocab = build_vocabulary(seed)
    total = i = 0
    while (n is None or i < n) and (words is None or total < words):
        art = make_article(vocab, seed, i)
        total += art.words
        i += 1
        yield art


@dataclass(frozen=True)
class TextCorpus:
    folder: Path
    files: int
    words: int


def write_text_corpus(folder: Path, *, seed: int = DEFAULT_SEED, n: int | None = None,
                      words: int | None = None) -> TextCorpus:
    """Write articles as ``article-NNNNN.txt`` into ``folder`` (created; old articles removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("article-*.txt"):
        old.unlink()
    files = total = 0
    for art in articles(seed=seed, n=n, words=words):
        (folder / art.name).write_text(art.text, encoding="utf-8")
        files += 1
        total += art.words
    return TextCorpus(folder, files, total)


# --------------------------------------------------------------------------- RDF (N-Quads)

KG = "https://w3id.org/kg-news/ontology#"
KGID = "https://w3id.org/kg-news/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ENTITIES_GRAPH = f"<{KGID}graph/entities>"
CAMEO = {"claim": "010", "denial": "016", "acknowledgement": "015", "declined": "011"}
STATEMENT_CLASS = {"claim": "Claim", "denial": "Denial", "acknowledgement": "Acknowledgement",
                   "declined": "DeclinedComment"}
EXTRACTOR = {"deployment": "kg.deployment.v1", "statement": "kg.statement.v1", "blame": "kg.blame.v1"}
SYSTEM_CLASSES = {"SurfaceToAirMissileSystem", "AirDefenceSystem", "MissileSystem", "Drone", "WeaponSystem"}


def _kg(local: str) -> str:
    return f"<{KG}{local}>"


def _lit(value: str, datatype: str | None = None) -> str:
    esc = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{esc}"^^<{datatype}>' if datatype else f'"{esc}"'


def _date(iso: str) -> str:
    dt = {4: "gYear", 7: "gYearMonth"}.get(len(iso), "date")
    return _lit(iso, XSD + dt)


def _int(n: int) -> str:
    return _lit(str(n), XSD + "integer")


def entity_iri(ent: Entity) -> str:
    return f"<{KGID}entity/{ent.key}>"


def event_iri(system: Entity, place: Entity) -> str:
    return f"<{KGID}deployment/{hashlib.sha1(f'{system.key}|{place.key}'.encode()).hexdigest()[:16]}>"


def _classes(ent: Entity) -> list[str]:
    """A system's ontology class and every superclass (as the build writes them); else its one class."""
    if ent.cls not in SYSTEM_CLASSES:
        return [_kg(ent.cls)]
    cls, out = V.ONTOLOGY_CLASS.get(ent.label, ent.cls), []
    while cls:
        out.append(_kg(cls))
        cls = V.SUPERCLASS.get(cls, "")
    return out


def article_quads(art: Article) -> tuple[list[str], dict[str, Entity]]:
    """Return the N-Quads lines of ``art``'s document graph and the entities it mentions."""
    docid = slug(art.name.rsplit(".", 1)[0]) + ".txt"
    g = f"<{KGID}graph/doc/{docid}>"
    doc = f"<{KGID}doc/{docid}>"
    lines: dict[str, None] = {}
    labels: dict[str, tuple[Entity, str]] = {}

    def q(s: str, p: str, o: str) -> None:
        lines[f"{s} {p} {o} {g} .\n"] = None

    q(doc, RDF_TYPE, f"<{SCHEMA}NewsArticle>")
    q(doc, _kg("fileName"), _lit(art.name))
    q(doc, f"<{SCHEMA}url>", _lit(f"https://news.example/{art.outlet.key}/{art.published[:7]}/{art.index}",
                                     XSD + "anyURI"))
    q(doc, f"<{SCHEMA}headline>", _lit(art.headline))
    q(doc, f"<{SCHEMA}datePublished>", _date(art.published))
    q(doc, f"<{SCHEMA}publisher>", entity_iri(art.outlet))
    q(doc, _kg("sha256"), _lit(hashlib.sha256(art.text.encode()).hexdigest()))
    q(doc, _kg("text"), _lit(art.text))
    q(doc, _kg("sourcePath"), _lit(f"/corpus/{art.name}"))
    labels[art.outlet.key] = (art.outlet, art.outlet.label)

    def selector(kind: str, start: int, end: int, exact: str, ent: Entity | None = None) -> str:
        node = f"<{KGID}doc/{docid}/{kind}/{start}-{end}>"
        q(node, RDF_TYPE, _kg({"s": "Sentence", "m": "Mention", "t": "Mention"}[kind]))
        q(node, RDF_TYPE, f"<{OA}TextPositionSelector>")
        q(node, RDF_TYPE, f"<{OA}TextQuoteSelector>")
        q(node, f"<{OA}start>", _int(start))
        q(node, f"<{OA}end>", _int(end))
        q(node, f"<{OA}exact>", _lit(exact))
        q(node, _kg("inDocument"), doc)
        if ent is not None:
            q(node, _kg("denotes"), entity_iri(ent))
            if ent.key not in labels or len(exact) > len(labels[ent.key][1]):
                labels[ent.key] = (ent, exact)
        return node

    for n, (sent, fact) in enumerate(art.facts()):
        s_node = selector("s", sent.start, sent.start + len(sent.text), sent.text)
        node = f"<{KGID}fact/{docid}/{n}>"
        extractor = EXTRACTOR[fact.kind]
        agent = f"<{KGID}extractor/{extractor}>"
        q(agent, RDF_TYPE, f"<{PROV}SoftwareAgent>")
        q(agent, RDFS_LABEL, _lit(extractor))
        q(agent, _kg("version"), _lit("1"))
        q(node, f"<{PROV}wasDerivedFrom>", doc)
        q(node, _kg("sentence"), s_node)
        q(node, f"<{PROV}wasGeneratedBy>", agent)
        q(node, _kg("extractor"), _lit(extractor))
        for role, (mark, ent) in fact.roles.items():
            q(node, _kg(role), entity_iri(ent))
            q(node, _kg(role + "Mention"), selector("m", *sent.span(mark), ent))
        if fact.kind == "deployment":
            q(node, RDF_TYPE, _kg("Deployment"))
            assert fact.event is not None
            event = event_iri(*fact.event)
            q(node, _kg("event"), event)
            q(event, RDF_TYPE, _kg("DeploymentEvent"))
            if fact.date:
                q(node, _kg("date"), _date(fact.date))
        elif fact.kind == "statement":
            assert fact.label is not None and fact.content is not None
            q(node, RDF_TYPE, _kg("Statement"))
            q(node, RDF_TYPE, _kg(STATEMENT_CLASS[fact.label]))
            q(node, _kg("kind"), _lit(fact.label))
            q(node, _kg("cameoCode"), _lit(CAMEO[fact.label]))
            q(node, _kg("content"), selector("t", *sent.span(fact.content)))
            q(node, _kg("date"), _date(fact.date or art.published))
            if fact.event is not None:
                event = event_iri(*fact.event)
                q(event, RDF_TYPE, _kg("DeploymentEvent"))
                q(node, _kg("acknowledges" if fact.label == "acknowledgement" else "deniesDeployment"), event)
            if fact.responds is not None:
                q(node, _kg("responds"), f"<{KGID}fact/{docid}/{fact.responds}>")
        else:
            q(node, RDF_TYPE, _kg("Blame"))
            q(node, _kg("cameoCode"), _lit("112"))
            if fact.content is not None:
                q(node, _kg("act"), selector("t", *sent.span(fact.content)))
            if fact.evidence is not None:
                q(node, _kg("evidenceGiven"), _lit("true" if fact.evidence else "false", XSD + "boolean"))
    for ent, written in labels.values():
        for cls in _classes(ent):
            q(entity_iri(ent), RDF_TYPE, cls)
        q(entity_iri(ent), RDFS_LABEL, _lit(written))
    return list(lines), {ent.key: ent for ent, _ in labels.values()}


@dataclass(frozen=True)
class Dataset:
    path: Path
    documents: int
    triples: int
    facts: int
    entities: int


def write_nquads(path: Path, *, triples: int = 1_000_000, seed: int = DEFAULT_SEED) -> Dataset:
    """Write whole documents until at least ``triples`` quads, then the entities graph (a few hundred more)."""
    vocab = build_vocabulary(seed)
    entities: dict[str, Entity] = {}
    count = docs = facts = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        while count < triples:
            art = make_article(vocab, seed, docs)
            lines, ents = article_quads(art)
            out.writelines(lines)
            count += len(lines)
            facts += sum(1 for _ in art.facts())
            entities.update(ents)
            docs += 1
        for ent in entities.values():
            lines = [f"{entity_iri(ent)} {SKOS_PREF} {_lit(ent.label)} {ENTITIES_GRAPH} .\n"]
            lines += [f"{entity_iri(ent)} {RDF_TYPE} {cls} {ENTITIES_GRAPH} .\n" for cls in _classes(ent)]
            out.writelines(lines)
            count += len(lines)
    return Dataset(path, docs, count, facts, len(entities))


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    text = sub.add_parser("text", help="write .txt articles into a folder")
    text.add_argument("out", type=Path)
    size = text.add_mutually_exclusive_group(required=True)
    size.add_argument("--words", type=int, help="write articles until this many words")
    size.add_argument("--n", type=int, help="write this many articles")
    text.add_argument("--seed", type=int, default=DEFAULT_SEED)
    rdf = sub.add_parser("rdf", help="write a news-shaped N-Quads dataset")
    rdf.add_argument("out", type=Path)
    rdf.add_argument("--triples", type=int, default=1_000_000)
    rdf.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.what == "text":
        corpus = write_text_corpus(args.out, seed=args.seed, n=args.n, words=args.words)
        print(f"{corpus.files} articles, {corpus.words} words in {corpus.folder}")
    else:
        ds = write_nquads(args.out, triples=args.triples, seed=args.seed)
        print(f"{ds.triples} quads, {ds.documents} documents, {ds.facts} facts, {ds.entities} entities in {ds.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
