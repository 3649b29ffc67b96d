"""Terms of the kg ontology (closed namespace ``KG``) and the data IRIs kg mints (``KGID``).

``KG`` lists exactly the ``kg:`` terms declared in ``ontology/kg.ttl``, in the
style of rdflib's ``namespace/_FOAF.py`` with ``_fail = True``: ``KG.typo`` raises
at once instead of minting a wrong IRI. ``tests/test_vocab.py`` checks the two
lists are equal, both ways.

Data IRIs (docs/graph-model.md) live under ``kgid:`` and are minted only here, so
every stage derives the same IRI from the same identity.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "KG",
    "KGID",
    "KG_NS",
    "KGID_NS",
    "SCHEMA",
    "PROV",
    "OA",
    "SKOS",
    "OWL",
    "RDF",
    "RDFS",
    "XSD",
    "WD",
    "ENTITIES_GRAPH",
    "ENTITY_PARENTS",
    "class_chain",
    "PREFIXES",
    "docid",
    "slug",
    "doc_iri",
    "graph_iri",
    "entity_iri",
    "fact_iri",
    "sentence_iri",
    "mention_iri",
    "text_iri",
    "deployment_event_iri",
    "extractor_iri",
]

KG_NS = "https://w3id.org/kg-news/ontology#"
KGID_NS = "https://w3id.org/kg-news/id/"

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
KGID = Namespace(KGID_NS)


class KG(DefinedNamespace):
    """The kg ontology (``ontology/kg.ttl``): classes and properties of the graph kg writes."""

    _NS = Namespace(KG_NS)
    _fail = True

    # Entities
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    State: URIRef
    Place: URIRef
    WeaponSystem: URIRef
    AirDefenceSystem: URIRef
    SurfaceToAirMissileSystem: URIRef
    AntiAircraftGunMissileSystem: URIRef
    ManpadsSystem: URIRef
    MissileSystem: URIRef
    BallisticMissileSystem: URIRef
    CruiseMissileSystem: URIRef
    Drone: URIRef
    Aircraft: URIRef
    Artillery: URIRef
    ArmouredVehicle: URIRef
    # Text
    Sentence: URIRef
    Mention: URIRef
    # Facts
    Fact: URIRef
    Deployment: URIRef
    DeploymentEvent: URIRef
    Statement: URIRef
    Claim: URIRef
    Denial: URIRef
    Acknowledgement: URIRef
    DeclinedComment: URIRef
    NoResponse: URIRef
    Blame: URIRef
    # Document properties
    fileName: URIRef
    sha256: URIRef
    text: URIRef
    sourcePath: URIRef
    wireOrigin: URIRef
    inDocument: URIRef
    denotes: URIRef
    # Provenance
    sentence: URIRef
    extractor: URIRef
    version: URIRef
    date: URIRef
    cameoCode: URIRef
    # Deployment
    system: URIRef
    systemMention: URIRef
    location: URIRef
    locationMention: URIRef
    event: URIRef
    # Statement
    kind: URIRef
    speaker: URIRef
    speakerMention: URIRef
    content: URIRef
    acknowledges: URIRef
    deniesDeployment: URIRef
    responds: URIRef
    # Blame
    accuser: URIRef
    accuserMention: URIRef
    accused: URIRef
    accusedMention: URIRef
    act: URIRef
    evidenceGiven: URIRef


ENTITIES_GRAPH = URIRef(KGID_NS + "graph/entities")

# Direct superclass of each kg entity class (the rdfs:subClassOf tree of ontology/kg.ttl,
# checked by tests/test_vocab.py). Top-level entity classes map to None.
ENTITY_PARENTS: dict[str, str | None] = {
    "Agent": None,
    "Person": "Agent",
    "Organization": "Agent",
    "State": "Agent",
    "Place": None,
    "WeaponSystem": None,
    "AirDefenceSystem": "WeaponSystem",
    "SurfaceToAirMissileSystem": "AirDefenceSystem",
    "AntiAircraftGunMissileSystem": "AirDefenceSystem",
    "ManpadsSystem": "AirDefenceSystem",
    "MissileSystem": "WeaponSystem",
    "BallisticMissileSystem": "MissileSystem",
    "CruiseMissileSystem": "MissileSystem",
    "Drone": "WeaponSystem",
    "Aircraft": "WeaponSystem",
    "Artillery": "WeaponSystem",
    "ArmouredVehicle": "WeaponSystem",
}


def class_chain(name: str) -> tuple[str, ...]:
    """Return an entity class and its kg superclasses, most specific first.

    >>> class_chain("SurfaceToAirMissileSystem")
    ('SurfaceToAirMissileSystem', 'AirDefenceSystem', 'WeaponSystem')
    """
    chain: list[str] = []
    current: str | None = name
    while current is not None and current not in chain:
        chain.append(current)
        current = ENTITY_PARENTS.get(current)
    return tuple(chain)

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgid": KGID_NS,
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}

_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def docid(document_id: str) -> str:
    """Return the IRI-safe slug of a document id (docs/graph-model.md, "{docid}").

    Characters outside ``[A-Za-z0-9._~-]`` become ``-``; when that changed anything,
    ``-`` and 8 hex digits of sha1(id) are appended so that two ids never collide.

    >>> docid("d08_shahed_kyiv.txt")
    'd08_shahed_kyiv.txt'
    """
    safe = _UNSAFE.sub("-", document_id)
    if safe == document_id and safe:
        return safe
    return f"{safe}-{hashlib.sha1(document_id.encode('utf-8')).hexdigest()[:8]}"


def slug(name: str) -> str:
    """Return a lowercase ASCII slug of ``name``: runs of other characters become one ``-``.

    Letters with accents lose them ("Kyïv" -> "kyiv"). When letters or digits could not be
    kept (other scripts), 10 hex digits of sha1(name) are appended so the slug stays unique;
    an empty result becomes ``x-`` + hash. Used for entity keys, so it must stay stable.
    """
    folded = unicodedata.normalize("NFKD", name)
    ascii_ = folded.encode("ascii", "ignore").decode("ascii").lower()
    out = _NON_ALNUM.sub("-", ascii_).strip("-")
    lost = any(ch.isalnum() and not ch.isascii() for ch in folded)
    if lost or not out:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
        out = f"{out}-{digest}" if out else f"x-{digest}"
    return out


def doc_iri(document_id: str) -> URIRef:
    """``kgid:doc/{docid}``: the schema:NewsArticle node of a document."""
    return URIRef(f"{KGID_NS}doc/{docid(document_id)}")


def graph_iri(document_id: str) -> URIRef:
    """``kgid:graph/doc/{docid}``: the named graph holding everything a document says."""
    return URIRef(f"{KGID_NS}graph/doc/{docid(document_id)}")


def entity_iri(key: str) -> URIRef:
    """``kgid:entity/{key}`` for a canonical key made by :func:`kg.resolve.canonical_key`."""
    return URIRef(f"{KGID_NS}entity/{_safe_key(key)}")


def fact_iri(document_id: str, n: int) -> URIRef:
    """``kgid:fact/{docid}/{n}``: the ``n``-th relation of a document."""
    return URIRef(f"{KGID_NS}fact/{docid(document_id)}/{n}")


def sentence_iri(document_id: str, start: int, end: int) -> URIRef:
    """``kgid:doc/{docid}/s/{start}-{end}``: a sentence selector."""
    return URIRef(f"{KGID_NS}doc/{docid(document_id)}/s/{start}-{end}")


def mention_iri(document_id: str, start: int, end: int) -> URIRef:
    """``kgid:doc/{docid}/m/{start}-{end}``: words naming an entity."""
    return URIRef(f"{KGID_NS}doc/{docid(document_id)}/m/{start}-{end}")


def text_iri(document_id: str, start: int, end: int) -> URIRef:
    """``kgid:doc/{docid}/t/{start}-{end}``: a statement's text or a blame's act."""
    return URIRef(f"{KGID_NS}doc/{docid(document_id)}/t/{start}-{end}")


def deployment_event_iri(system_key: str, location_key: str) -> URIRef:
    """``kgid:deployment/{sha1(system|location)[:16]}``: shared by every report of one deployment."""
    digest = hashlib.sha1(f"{system_key}|{location_key}".encode()).hexdigest()[:16]
    return URIRef(f"{KGID_NS}deployment/{digest}")


def extractor_iri(name: str) -> URIRef:
    """``kgid:extractor/{name}``, e.g. ``kgid:extractor/kg.blame.v1``."""
    return URIRef(f"{KGID_NS}extractor/{_safe_key(name)}")


def _safe_key(key: str) -> str:
    # Keys from resolve are already slugs; anything else is made safe the docid way.
    return key if key and not _UNSAFE.search(key) else docid(key)
