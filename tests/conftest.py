"""Shared fixtures: a small hand-made dataset in the shape of docs/graph-model.md, in a fresh store.

The dataset is two short articles written for the tests. What they hold, and so
what the questions must answer:

- a.txt (Agency One, 2023-01-20): S-400 in Moscow on 2023-01-19, acknowledged by
  Dmitry Peskov; Ukraine blames Russia for shelling the power plant (no evidence);
  Iskander in Belarus (undated); Ukraine blames Iran; a Shahed-136 over Kyiv on 2022-10-17.
- b.txt (Daily Two, 2023-02-01): Pantsir-S1 near the Ministry of Defence (undated);
  Peskov redirects a question about the Pantsir; Russia denies the shelling; Russia
  blames Ukraine for the drone attacks and Ukraine's denial answers it; Belarus
  denies the Iskander deployment; the S-400 in Moscow seen again in 2023-02.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.term import Node
from kg.vocab import class_chain

# A plain Namespace: rdflib's closed XSD warns when pytest inspects module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
KG = Namespace("https://w3id.org/kg-news/ontology#")
KGID = Namespace("https://w3id.org/kg-news/id/")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ENTITIES = KGID["graph/entities"]

Quad = tuple[Node, Node, Node, URIRef]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ instead of comparing with them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files should be rewritten (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def golden_dir() -> Path:
    return Path(__file__).parent / "golden"


# --- the hand-made dataset -------------------------------------------------------------

LABELS = {
    "s-400": ("S-400", "SurfaceToAirMissileSystem"),
    "pantsir-s1": ("Pantsir-S1", "AirDefenceSystem"),
    "iskander": ("Iskander", "MissileSystem"),
    "shahed-136": ("Shahed-136", "Drone"),
    "moscow": ("Moscow", "Place"),
    "kyiv": ("Kyiv", "Place"),
    "belarus": ("Belarus", "State"),
    "ukraine": ("Ukraine", "State"),
    "russia": ("Russia", "State"),
    "iran": ("Iran", "State"),
    "dmitry-peskov": ("Dmitry Peskov", "Person"),
    "russian-ministry-of-defence": ("Russian Ministry of Defence", "Organization"),
    "agency-one": ("Agency One", "Organization"),
    "daily-two": ("Daily Two", "Organization"),
}


def entity(key: str) -> URIRef:
    return KGID[f"entity/{key}"]


def event(system: str, location: str) -> URIRef:
    return KGID["deployment/" + hashlib.sha1(f"{system}|{location}".encode()).hexdigest()[:16]]


@dataclass
class _Doc:
    """Writes one document graph, computing every offset from the text."""

    docid: str
    text: str
    publisher: str
    published: str
    quads: list[Quad] = field(default_factory=list)
    n: int = 0

    def __post_init__(self) -> None:
        self.graph = KGID[f"graph/doc/{self.docid}"]
        self.node = KGID[f"doc/{self.docid}"]
        self.add(self.node, RDF.type, SCHEMA.NewsArticle)
        self.add(self.node, KG.fileName, Literal(self.docid))
        self.add(self.node, KG.text, Literal(self.text))
        self.add(self.node, KG.sha256, Literal(hashlib.sha256(self.text.encode()).hexdigest()))
        self.add(self.node, SCHEMA.datePublished, Literal(self.published, datatype=XSD.date))
        self.add(self.node, SCHEMA.publisher, entity(self.publisher))
        self.label(self.publisher, LABELS[self.publisher][0])

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.quads.append((s, p, o, self.graph))

    def label(self, key: str, words: str) -> None:
        for cls in class_chain(LABELS[key][1]):  # as kg.graph writes it: the class and its superclasses
            self.add(entity(key), RDF.type, KG[cls])
        self.add(entity(key), RDFS.label, Literal(words))

    def _selector(self, kind: str, words: str, within: tuple[int, int] = (0, 10**9)) -> tuple[URIRef, int, int]:
        start = self.text.index(words, within[0], within[1])
        end = start + len(words)
        node = KGID[f"doc/{self.docid}/{kind}/{start}-{end}"]
        for cls in (OA.TextPositionSelector, OA.TextQuoteSelector):
            self.add(node, RDF.type, cls)
        self.add(node, RDF.type, KG.Sentence if kind == "s" else KG.Mention)
        self.add(node, OA.start, Literal(start))
        self.add(node, OA.end, Literal(end))
        self.add(node, OA.exact, Literal(words))
        self.add(node, KG.inDocument, self.node)
        return node, start, end

    def mention(self, words: str, key: str, sentence: tuple[int, int]) -> URIRef:
        node, _, _ = self._selector("m", words, sentence)
        self.add(node, KG.denotes, entity(key))
        self.label(key, words)
        return node

    def fact(self, sentence: str, extractor: str) -> tuple[URIRef, tuple[int, int]]:
        fact = KGID[f"fact/{self.docid}/{self.n}"]
        self.n += 1
        s, start, end = self._selector("s", sentence)
        self.add(fact, PROV.wasDerivedFrom, self.node)
        self.add(fact, KG.sentence, s)
        self.add(fact, PROV.wasGeneratedBy, KGID[f"extractor/{extractor}"])
        self.add(fact, KG.extractor, Literal(extractor))
        return fact, (start, end)

    def deployment(self, sentence: str, system: tuple[str, str], location: tuple[str, str], date: str | None = None) -> URIRef:
        fact, span = self.fact(sentence, "kg.deployment.v1")
        self.add(fact, RDF.type, KG.Deployment)
        self.add(fact, KG.system, entity(system[1]))
        self.add(fact, KG.systemMention, self.mention(system[0], system[1], span))
        self.add(fact, KG.location, entity(location[1]))
        self.add(fact, KG.locationMention, self.mention(location[0], location[1], span))
        if date:
            dtype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(date), XSD.date)
            self.add(fact, KG.date, Literal(date, datatype=dtype))
        ev = event(system[1], location[1])
        self.add(fact, KG.event, ev)
        self.add(ev, RDF.type, KG.DeploymentEvent)
        return fact

    def statement(self, sentence: str, kind: str, speaker: tuple[str, str], content: str, **links: URIRef) -> URIRef:
        cls, code = {
            "claim": (KG.Claim, "010"),
            "denial": (KG.Denial, "016"),
            "acknowledgement": (KG.Acknowledgement, "015"),
            "declined": (KG.DeclinedComment, "011"),
        }[kind]
        fact, span = self.fact(sentence, "kg.statement.v1")
        for c in (KG.Statement, cls):
            self.add(fact, RDF.type, c)
        self.add(fact, KG.kind, Literal(kind))
        self.add(fact, KG.cameoCode, Literal(code))
        self.add(fact, KG.speaker, entity(speaker[1]))
        self.add(fact, KG.speakerMention, self.mention(speaker[0], speaker[1], span))
        text, _, _ = self._selector("t", content, span)
        self.add(fact, KG.content, text)
        self.add(fact, KG.date, Literal(self.published, datatype=XSD.date))
        for prop, target in links.items():
            self.add(fact, KG[prop], target)
        return fact

    def blame(self, sentence: str, accuser: tuple[str, str], accused: tuple[str, str], act: str, evidence: bool | None = None) -> URIRef:
        fact, span = self.fact(sentence, "kg.blame.v1")
        self.add(fact, RDF.type, KG.Blame)
        self.add(fact, KG.cameoCode, Literal("112"))
        self.add(fact, KG.accuser, entity(accuser[1]))
        self.add(fact, KG.accuserMention, self.mention(accuser[0], accuser[1], span))
        self.add(fact, KG.accused, entity(accused[1]))
        self.add(fact, KG.accusedMention, self.mention(accused[0], accused[1], span))
        node, _, _ = self._selector("t", act, span)
        self.add(fact, KG.act, node)
        if evidence is not None:
            self.add(fact, KG.evidenceGiven, Literal(evidence))
        return fact


TEXT_A = (
    "Russia has placed S-400 launchers on a rooftop in Moscow, residents said on January 19. "
    "Dmitry Peskov confirmed that the launchers were placed there to protect the capital. "
    "Ukraine blamed Russia for shelling the power plant without providing evidence. "
    "Iskander missiles were spotted in Belarus. "
    "Kyiv also accused Iran of supplying the drones. "
    "A Shahed drone was seen over Kyiv on 17 October 2022."
)
TEXT_B = (
    "Pantsir systems appeared near the Ministry of Defence building. "
    "Asked about the Pantsir, Peskov said he would fully redirect you to the ministry. "
    "Moscow rejected the claims about shelling the plant. "
    "Russia said Ukraine was behind the drone attacks. "
    "Kyiv dismissed the accusation as absurd. "
    "Belarus denied that any Iskander was stationed on its soil. "
    "The S-400 battery in Moscow was seen again in February."
)


def _sentences(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.split(". ")]


def sample_quads() -> list[Quad]:
    """Return every quad of the hand-made dataset: two document graphs and the entities graph."""
    a = _Doc("a.txt", TEXT_A, "agency-one", "2023-01-20")
    sa = _sentences(TEXT_A)
    a.deployment(sa[0], ("S-400", "s-400"), ("Moscow", "moscow"), "2023-01-19")
    a.statement(sa[1], "acknowledgement", ("Dmitry Peskov", "dmitry-peskov"),
                "the launchers were placed there to protect the capital", acknowledges=event("s-400", "moscow"))
    a.blame(sa[2], ("Ukraine", "ukraine"), ("Russia", "russia"), "shelling the power plant", evidence=False)
    a.deployment(sa[3], ("Iskander", "iskander"), ("Belarus", "belarus"))
    a.blame(sa[4], ("Kyiv", "ukraine"), ("Iran", "iran"), "supplying the drones")
    a.deployment(sa[5], ("Shahed", "shahed-136"), ("Kyiv", "kyiv"), "2022-10-17")

    b = _Doc("b.txt", TEXT_B, "daily-two", "2023-02-01")
    sb = _sentences(TEXT_B)
    b.deployment(sb[0], ("Pantsir", "pantsir-s1"), ("Ministry of Defence", "russian-ministry-of-defence"))
    b.statement(sb[1], "declined", ("Peskov", "dmitry-peskov"), "fully redirect you to the ministry")
    b.statement(sb[2], "denial", ("Moscow", "russia"), "rejected the claims about shelling the plant")
    blame = b.blame(sb[3], ("Russia", "russia"), ("Ukraine", "ukraine"), "the drone attacks")
    b.statement(sb[4], "denial", ("Kyiv", "ukraine"), "dismissed the accusation as absurd", responds=blame)
    b.statement(sb[5], "denial", ("Belarus", "belarus"), "that any Iskander was stationed on its soil",
                deniesDeployment=event("iskander", "belarus"))
    b.deployment(sb[6], ("S-400", "s-400"), ("Moscow", "moscow"), "2023-02")

    quads = a.quads + b.quads
    for key, (label, cls) in LABELS.items():
        quads.append((entity(key), SKOS.prefLabel, Literal(label), ENTITIES))
        quads.extend((entity(key), RDF.type, KG[c], ENTITIES) for c in class_chain(cls))
    for name in ("kg.deployment.v1", "kg.statement.v1", "kg.blame.v1"):
        agent = KGID[f"extractor/{name}"]
        for g in (a.graph, b.graph):
            quads += [(agent, RDF.type, PROV.SoftwareAgent, g), (agent, RDFS.label, Literal(name), g)]
    return list(dict.fromkeys(quads))


# --- a fresh store holding it ----------------------------------------------------------


def _open_store(path: Path):  # noqa: ANN202 - whatever kg's store is
    try:
        from kg.store.oxigraph import OxigraphStore  # noqa: F401 - is the embedded store there?
    except ImportError:  # until the embedded store lands
        return _MemoryStore(str(path))
    from kg.store import open_store

    return open_store(str(path))


class _MemoryStore:
    """A stand-in for the embedded store: pyoxigraph in memory, rdflib terms at the boundary.

    Bindings go in as a ``VALUES`` block of serialized terms at the start of the
    outermost ``WHERE`` group, so that filters see them.
    """

    def __init__(self, location: str) -> None:
        import pyoxigraph

        self.location = location
        self._ox = pyoxigraph
        self._store = pyoxigraph.Store()

    def _term(self, node: Node):  # noqa: ANN202
        ox = self._ox
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))
        return ox.BlankNode(str(node))

    def _node(self, term) -> Node | None:  # noqa: ANN001
        from rdflib import BNode

        ox = self._ox
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        return BNode(term.value)

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        self._store.add(self._ox.Quad(self._term(s), self._term(p), self._term(o), self._ox.NamedNode(str(g))))

    def replace_document(self, graph: URIRef, triples) -> None:  # noqa: ANN001
        g = self._ox.NamedNode(str(graph))
        self._store.remove_graph(g) if self._store.contains_named_graph(g) else None
        self._store.extend(self._ox.Quad(self._term(s), self._term(p), self._term(o), g) for s, p, o in triples)

    def query(self, sparql: str, *, bindings=None, timeout: float | None = None):  # noqa: ANN001
        from kg.errors import QueryError
        from kg.store import QueryResult

        if bindings:
            sparql = _with_values(sparql, {k: v.n3() for k, v in bindings.items()})
        try:
            result = self._store.query(sparql)
        except SyntaxError as exc:
            raise QueryError("query", str(exc)) from exc
        if isinstance(result, self._ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows = tuple(tuple(self._node(sol[n]) for n in names) for sol in result)
            return QueryResult(vars=names, rows=rows)
        if isinstance(result, self._ox.QueryBoolean):
            return QueryResult(boolean=bool(result))
        raise NotImplementedError("CONSTRUCT in the test stand-in")

    def count_triples(self) -> int:
        return len(self._store)

    def close(self) -> None:
        pass


def _with_values(sparql: str, terms: dict[str, str]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) }`` after the ``{`` that opens the outermost WHERE group."""
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            i = sparql.find("\n", i)
            i = n if i < 0 else i
            continue
        if c in "\"'":
            j = i + 1
            while j < n and sparql[j] != c:
                j += 2 if sparql[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<" and i + 1 < n and not sparql[i + 1].isspace() and sparql[i + 1] not in "=":
            j = sparql.find(">", i)
            if j > 0 and not any(ch.isspace() for ch in sparql[i:j]):
                i = j + 1
                continue
        if c == "{":  # the first brace outside comments, strings and IRIs opens WHERE
            names = " ".join(f"?{k}" for k in terms)
            values = " ".join(terms.values())
            return f"{sparql[: i + 1]} VALUES ({names}) {{ ({values}) }} {sparql[i + 1 :]}"
        i += 1
    raise ValueError("no WHERE group")


@pytest.fixture
def fresh_store() -> Iterator[object]:
    """An empty in-memory embedded store."""
    store = _open_store(Path(":memory:"))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def sample_store(fresh_store) -> object:  # noqa: ANN001
    """A fresh store holding the hand-made dataset, one named graph per document."""
    by_graph: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in sample_quads():
        by_graph.setdefault(g, []).append((s, p, o))
    for g, triples in by_graph.items():
        fresh_store.replace_document(g, triples)
    return fresh_store


@pytest.fixture
def sample_store_dir(tmp_path: Path) -> Path:
    """A closed on-disk store folder holding the hand-made dataset, for the CLI to open."""
    folder = tmp_path / "kg-store"
    store = _open_store(folder)
    try:
        by_graph: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
        for s, p, o, g in sample_quads():
            by_graph.setdefault(g, []).append((s, p, o))
        for g, triples in by_graph.items():
            store.replace_document(g, triples)
    finally:
        store.close()
    return folder
