"""Check a store: SHACL shapes over every fact, and optionally OWL consistency with HermiT.

SHACL (W3C Shapes Constraint Language, https://www.w3.org/TR/shacl/) runs through
pySHACL over the union of the store's graphs, with the ontology as ``ont_graph``
so subclass targets apply. OWL reasoning loads the ontology and the graph's class
assertions into owlready2 and runs HermiT, which needs a Java runtime; without one
the reasoning step is skipped with a one-line note and the rest still runs.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import OntologyLoadError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from kg.store import Store

SH = "http://www.w3.org/ns/shacl#"
KG_NS = "https://w3id.org/kg-news/ontology#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
IN_DOCUMENT = KG_NS + "inDocument"
FILE_NAME = KG_NS + "fileName"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node that broke a shape, the property, and the document it came from."""

    focus: str
    path: str | None
    message: str
    severity: str
    doc: str | None


@dataclass(frozen=True)
class ValidationReport:
    violations: tuple[Violation, ...] = ()
    reasoning: str | None = None  # None: not asked; else a one-line outcome
    consistent: bool | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.violations and self.consistent is not False


def ontology_path(name: str = "kg.ttl") -> Path:
    """Return the path of a file of the packaged ontology folder."""
    return Path(str(resources.files("kg") / "ontology" / name))


def _load_graph(path: Path) -> Graph:
    from rdflib import Graph

    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser types; report them as one kind
        raise OntologyLoadError(f"{path}: does not parse as Turtle: {exc}") from exc


def store_dataset(store: Store) -> Dataset:
    """Read every graph of ``store`` into an rdflib Dataset (through an N-Quads export)."""
    from rdflib import Dataset

    buf = io.BytesIO()
    store.export(buf, "nquads")
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    return ds


def validate(store: Store, *, reason: bool = False, shapes: Path | None = None) -> ValidationReport:
    """Validate every fact in ``store`` against the SHACL shapes; with ``reason``, check OWL consistency.

    Args:
        store: an open store.
        reason: also run HermiT over the ontology and the graph's class assertions.
        shapes: a shapes file other than the packaged ``ontology/shapes.ttl``.

    Returns:
        A report; ``report.ok`` is False when a shape is violated or the ontology is inconsistent.
    """
    from rdflib import Graph

    ds = store_dataset(store)
    data = Graph()
    for triple in ds.triples((None, None, None)):
        data.add(triple)
    # Dataset.triples() on the default graph misses named graphs in rdflib 7; walk them too.
    for g in ds.graphs():
        for triple in g:
            data.add(triple)
    violations = shacl_violations(data, shapes or ontology_path("shapes.ttl"))
    if not reason:
        return ValidationReport(violations=tuple(violations))
    consistent, outcome = owl_consistency(data)
    return ValidationReport(violations=tuple(violations), reasoning=outcome, consistent=consistent)


def shacl_violations(data: Graph, shapes_path: Path) -> list[Violation]:
    """Run pySHACL and return its results, each with the document of the node that broke the shape."""
    import pyshacl
    from rdflib import Namespace, URIRef

    sh = Namespace(SH)
    shapes = _load_graph(shapes_path)
    ontology = _load_graph(ontology_path("kg.ttl"))
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", abort_on_first=False, allow_warnings=True
    )
    found: list[Violation] = []
    for result in results.subjects(sh.focusNode, None):
        focus = results.value(result, sh.focusNode)
        path = results.value(result, sh.resultPath)
        message = results.value(result, sh.resultMessage)
        severity = results.value(result, sh.resultSeverity)
        doc_node = data.value(focus, URIRef(PROV_DERIVED)) or data.value(focus, URIRef(IN_DOCUMENT))
        if doc_node is None and (focus, None, None) in data and str(focus).startswith("https://w3id.org/kg-news/id/doc/"):
            doc_node = focus
        doc_name = data.value(doc_node, URIRef(FILE_NAME)) if doc_node is not None else None
        found.append(
            Violation(
                focus=str(focus),
                path=str(path) if path is not None else None,
                message=str(message) if message is not None else "shape violated",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                doc=str(doc_name) if doc_name is not None else None,
            )
        )
    found.sort(key=lambda v: (v.doc or "", v.focus, v.path or ""))
    return found


def java_available() -> bool:
    return shutil.which("java") is not None


def owl_consistency(data: Graph) -> tuple[bool | None, str]:
    """Load the ontology and the class assertions of ``data`` into owlready2 and run HermiT.

    Returns:
        (consistent, one-line outcome). ``consistent`` is None when reasoning could not run.
    """
    if not java_available():
        return None, "OWL reasoning skipped: HermiT needs a Java runtime and none was found (install OpenJDK 11 or newer)"
    import owlready2
    from rdflib import RDF, Graph, URIRef

    ontology = _load_graph(ontology_path("kg.ttl"))
    kg_classes = {s for s in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))}
    assertions = Graph()
    for s, _p, o in data.triples((None, RDF.type, None)):
        if o in kg_classes:
            assertions.add((s, RDF.type, o))
            assertions.add((s, RDF.type, URIRef("http://www.w3.org/2002/07/owl#NamedIndividual")))
    with tempfile.TemporaryDirectory() as tmp:
        onto_file = Path(tmp) / "kg.owl"
        data_file = Path(tmp) / "assertions.owl"
        ontology.serialize(onto_file, format="xml")
        header = Graph()
        header.add((URIRef("https://w3id.org/kg-news/assertions"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")))
        (assertions + header).serialize(data_file, format="xml")
        world = owlready2.World()
        try:
            world.get_ontology(onto_file.as_uri()).load()
            world.get_ontology(data_file.as_uri()).load()
        except Exception as exc:  # owlready2 raises bare Exceptions on parse errors
            raise OntologyLoadError(f"owlready2 could not load the ontology: {exc}") from exc
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, f"OWL: the graph is inconsistent with the ontology ({len(assertions) // 2} individuals checked)"
        except owlready2.OwlReadyJavaError as exc:
            return None, f"OWL reasoning failed in Java: {str(exc).splitlines()[0] if str(exc) else 'no message'}"
    return True, f"OWL: consistent ({len(assertions) // 2} individuals checked with HermiT)"
