"""Saved questions: load ``queries/*.rq``, check their metadata, bind parameters, run them.

A saved question is one SPARQL 1.1 query in a file whose name is the question's
name (``kg ask unacknowledged-deployments``). Its metadata is YAML in ``#+``
comments at the top (grlc's query decorators), so any SPARQL tool still runs the
file as it is::

    #+ title: Deployments never officially acknowledged
    #+ description: Deployments no statement acknowledges. One row per deployment.
    #+ params:
    #+   - {name: since, type: xsd:date, required: false, description: only on or after this day}
    #+ returns: [deployment, system, location, date, sources]

A parameter is an ordinary variable of the query (``?since``). Its value is turned
into an RDF term of the declared type and handed to the store as a binding; it is
never pasted into the query text.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Union

import yaml

from kg.errors import BadParameter, InputError, QueryError, UnknownQuestion

if TYPE_CHECKING:
    from rdflib.term import Node

    from kg.store import QueryResult, Store

QUERY_DIR = Path(__file__).parent / "queries"

JSONValue = Union[str, bool, int, None]
StoreArg = Union["Store", str, "os.PathLike[str]"]
Row = dict[str, JSONValue]

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("xsd:string", "xsd:date", "xsd:integer", "xsd:boolean", "xsd:anyURI", "iri")
_INTEGER_TYPES = frozenset(
    XSD + t
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which question is meant.
_STOP = frozenset(
    "a about all an and any are as at be by did do does each every find for from get give has have "
    "how i in is it its list me of on or please show tell that the their them there these this to "
    "was were what when where which who whom whose why with".split()
)


@dataclass(frozen=True)
class Param:
    """A declared parameter of a saved question."""

    name: str
    type: str = "xsd:string"
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Question:
    """A saved question: its SPARQL text and the metadata of its ``#+`` header."""

    name: str
    title: str
    description: str
    sparql: str
    params: tuple[Param, ...] = ()
    returns: tuple[str, ...] = ()
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class Answer:
    """Rows answering a question, with JSON values (str, bool, int or None).

    ``question`` is the saved question that ran (None for ad-hoc SPARQL);
    ``guessed`` is True when it was chosen from free text rather than named.
    """

    question: Question | None
    columns: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    guessed: bool = False


# --- loading ---------------------------------------------------------------------------


def parse_question(text: str, *, name: str, source: str | None = None) -> Question:
    """Read a question's ``#+`` header and keep the query text whole.

    Raises:
        QueryError: the header is not valid YAML or lacks a title.
    """
    source = source or f"{name}.rq"
    header = "\n".join(
        line.strip()[2:].removeprefix(" ") if line.strip() != "#+" else ""
        for line in text.splitlines()
        if line.strip().startswith("#+")
    )
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise QueryError(source, f"the '#+' header is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(meta, dict) or not meta.get("title"):
        raise QueryError(source, "the '#+' header needs at least a title")
    params = []
    for item in meta.get("params") or []:
        if not isinstance(item, dict) or "name" not in item:
            raise QueryError(source, f"a parameter needs a name: {item!r}")
        extra = set(item) - {"name", "type", "required", "description"}
        if extra:
            raise QueryError(
                source, f"parameter {item['name']}: unknown keys {sorted(map(str, extra))}; quote text that holds commas"
            )
        params.append(
            Param(
                name=str(item["name"]),
                type=str(item.get("type", "xsd:string")),
                required=bool(item.get("required", False)),
                description=str(item.get("description", "")),
            )
        )
    return Question(
        name=name,
        title=" ".join(str(meta["title"]).split()),
        description=" ".join(str(meta.get("description", "")).split()),
        sparql=text,
        params=tuple(params),
        returns=tuple(str(c) for c in meta.get("returns") or ()),
        path=None,
    )


def load_question(path: str | Path) -> Question:
    """Load one ``.rq`` file as a question named after the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(str(path), f"cannot read it ({exc.__class__.__name__})") from exc
    q = parse_question(text, name=path.stem, source=path.name)
    return Question(q.name, q.title, q.description, q.sparql, q.params, q.returns, path)


def questions(directory: str | Path | None = None) -> list[Question]:
    """Return the saved questions, sorted by name (kg's own unless ``directory`` is given).

    Example:
        >>> [q.name for q in questions()][:2]
        ['acknowledgement-status', 'blames']
    """
    folder = Path(directory) if directory is not None else QUERY_DIR
    return [load_question(p) for p in sorted(folder.glob("*.rq"))]


def find_question(name_or_text: str, directory: str | Path | None = None) -> tuple[Question, bool]:
    """Find a saved question by name, or the closest one to a free-text question.

    A single word must be a question's name. Longer text picks the question whose
    name, title and description share the most words with it (ties go to the
    question that comes first by name).

    Returns:
        The question, and whether it was guessed from free text.

    Raises:
        UnknownQuestion: no question has that name, or no question shares a word with the text.
    """
    known = {q.name: q for q in questions(directory)}
    wanted = name_or_text.strip()
    if wanted in known:
        return known[wanted], False
    if wanted.endswith(".rq") and wanted[:-3] in known:
        return known[wanted[:-3]], False
    words = _keywords(wanted)
    if len(wanted.split()) < 2 or not words:
        raise UnknownQuestion(name_or_text)
    best, best_score = None, 0.1
    for q in known.values():
        name_words = _keywords(q.name.replace("-", " "))
        title_words = _keywords(q.title)
        body = name_words | title_words | _keywords(q.description)
        # Words of the name weigh most, then the title, then the description.
        score = len(words & body) + 0.5 * len(words & title_words) + 0.75 * len(words & name_words)
        # Ties go to the question with the shorter name ("statements" before "statements-by").
        score -= 0.01 * q.name.count("-")
        if score > best_score:
            best, best_score = q, score
    if best is None:
        raise UnknownQuestion(name_or_text)
    return best, True


def _keywords(text: str) -> set[str]:
    out = set()
    for w in _WORD.findall(text.casefold()):
        if w in _STOP:
            continue
        # A crude stem, enough for "blames"/"blamed"/"blame", "deployments"/"deployed".
        for suffix in ("ments", "ment", "ing", "ed", "es", "s"):
            if len(w) > len(suffix) + 3 and w.endswith(suffix):
                w = w[: -len(suffix)]
                break
        if len(w) > 4 and w.endswith("e"):  # "acknowledge" meets "acknowledged"
            w = w[:-1]
        if w.endswith("y"):  # "deny" meets "denied"
            w = w[:-1] + "i"
        out.add(w)
    return out


# --- parameters and values -------------------------------------------------------------


def bind_params(question: Question, params: Mapping[str, str] | None) -> dict[str, Node]:
    """Turn parameter text into RDF terms of the declared types.

    Raises:
        BadParameter: an unknown parameter, a missing required one, or a value not of its type.
    """
    params = dict(params or {})
    out: dict[str, Node] = {}
    for name in params:
        if question.param(name) is None:
            takes = ", ".join(p.name for p in question.params) or "none"
            raise BadParameter(name, f"question {question.name!r} has no such parameter (it takes: {takes})")
    for p in question.params:
        if p.name not in params:
            if p.required:
                raise BadParameter(p.name, f"is required by {question.name!r}; pass -p {p.name} VALUE")
            continue
        out[p.name] = to_term(p, params[p.name])
    return out


def to_term(param: Param, value: str) -> Node:
    """Convert one parameter value to an rdflib term of ``param.type``.

    Raises:
        BadParameter: the value is not of that type.
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD as XSDNS

    kind = param.type
    if kind == "xsd:string":
        return Literal(value, datatype=XSDNS.string)
    if kind == "xsd:date":
        try:
            day = _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise BadParameter(param.name, f"{value!r} is not a date; use YYYY-MM-DD") from None
        return Literal(day.isoformat(), datatype=XSDNS.date)
    if kind == "xsd:integer":
        try:
            return Literal(int(value.strip()), datatype=XSDNS.integer)
        except ValueError:
            raise BadParameter(param.name, f"{value!r} is not a whole number") from None
    if kind == "xsd:boolean":
        text = value.strip().lower()
        if text not in ("true", "false", "1", "0", "yes", "no"):
            raise BadParameter(param.name, f"{value!r} is not true or false")
        return Literal(text in ("true", "1", "yes"), datatype=XSDNS.boolean)
    if kind in ("xsd:anyURI", "iri"):
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or _IRI_FORBIDDEN.search(value):
            raise BadParameter(param.name, f"{value!r} is not an absolute IRI")
        return URIRef(value) if kind == "iri" else Literal(value, datatype=XSDNS.anyURI)
    raise BadParameter(param.name, f"unknown type {kind!r} in the question's header; use one of {', '.join(PARAM_TYPES)}")


def to_json(node: Node | None) -> JSONValue:
    """Turn a result term into a JSON value: xsd:boolean → bool, integers → int, others → str."""
    from rdflib import Literal

    if node is None:
        return None
    if isinstance(node, Literal) and node.datatype is not None:
        dt = str(node.datatype)
        if dt == XSD + "boolean":
            return str(node).strip() in ("true", "1")
        if dt in _INTEGER_TYPES:
            try:
                return int(str(node))
            except ValueError:
                return str(node)
    return str(node)


def _answer(question: Question | None, result: QueryResult, *, guessed: bool = False) -> Answer:
    columns = tuple(result.vars)
    if result.boolean is not None and not columns:
        return Answer(question, ("answer",), [{"answer": result.boolean}], guessed)
    if result.graph is not None:
        # CONSTRUCT and DESCRIBE: one row per triple.
        triples = sorted(result.graph, key=lambda t: tuple(str(x) for x in t))
        spo = ("subject", "predicate", "object")
        return Answer(question, spo, [dict(zip(spo, map(to_json, t))) for t in triples], guessed)
    rows = [{c: to_json(v) for c, v in zip(columns, row)} for row in result.rows]
    return Answer(question, columns, rows, guessed)


# --- running ---------------------------------------------------------------------------


@contextmanager
def using_store(store: StoreArg, *, read_only: bool = True) -> Iterator[Store]:
    """Yield a store: ``store`` itself, or one opened at a location and closed afterwards.

    A location is a folder of the embedded store or an ``http(s)://`` SPARQL query URL.

    Raises:
        InputError: there is no store in that folder.
    """
    if not isinstance(store, (str, os.PathLike)):
        yield store
        return
    location = os.fspath(store)
    opened: Store
    if location.startswith(("http://", "https://")):
        from kg.store.endpoint import EndpointStore

        opened = EndpointStore(location)
    else:
        if not Path(location).exists():
            raise InputError(f"no store at {location}; build one with 'kg build PATH --store {location}'")
        from kg.store import open_store

        opened = open_store(location, read_only=read_only)
    try:
        yield opened
    finally:
        opened.close()



def ask(
    name_or_text: str,
    *,
    store: StoreArg,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Answer:
    """Answer a saved question, named or described in free text.

    Args:
        name_or_text: a question's name (``unacknowledged-deployments``), or a few
            words about it ("which deployments were never acknowledged?").
        store: where the graph is: a store (``kg.open_store``), or its folder or endpoint URL.
        params: parameter values as text, converted to the types the question declares.
        timeout: seconds before the store gives up, when it supports that.

    Returns:
        The rows, one dict per row with the question's ``returns`` as keys.

    Raises:
        UnknownQuestion: no such question.
        BadParameter: a parameter is unknown, missing or not of its type.

    Example:
        >>> ask("statements-by", store=store, params={"speaker": "Peskov"}).rows  # doctest: +SKIP
    """
    question, guessed = find_question(name_or_text)
    bindings = bind_params(question, params)
    with using_store(store) as opened:
        result = opened.query(question.sparql, bindings=bindings or None, timeout=timeout)
    answer = _answer(question, result, guessed=guessed)
    if question.returns and answer.columns != question.returns:
        # Keep the declared column order even if a store reorders variables.
        answer = Answer(question, question.returns, [{c: r.get(c) for c in question.returns} for r in answer.rows], guessed)
    return answer


def query(sparql_or_file: str | Path, *, store: StoreArg, timeout: float | None = None) -> Answer:
    """Run ad-hoc SPARQL (text, or a path to a ``.rq``/``.sparql`` file) and return its rows.

    Raises:
        QueryError: the file cannot be read or the query does not parse (the message
            names the file and the line and column).
    """
    text, source = _read_query(sparql_or_file)
    try:
        with using_store(store) as opened:
            result = opened.query(text, timeout=timeout)
    except QueryError as exc:
        if source == exc.fields.get("source"):
            raise
        raise QueryError(source, str(exc.fields.get("problem", exc.message))) from exc
    return _answer(None, result)


def _read_query(sparql_or_file: str | Path) -> tuple[str, str]:
    if isinstance(sparql_or_file, Path) or (
        "\n" not in str(sparql_or_file)
        and "{" not in str(sparql_or_file)
        and (str(sparql_or_file).endswith((".rq", ".sparql")) or Path(str(sparql_or_file)).is_file())
    ):
        path = Path(sparql_or_file)
        try:
            return path.read_text(encoding="utf-8"), path.name
        except FileNotFoundError:
            raise QueryError(str(path), "no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(str(path), f"cannot read it ({exc.__class__.__name__})") from exc
    return str(sparql_or_file), "query"


_STATS = {
    "documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a schema:NewsArticle } }",
    "deployments": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a kg:Deployment } }",
    "statements": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a kg:Statement } }",
    "blames": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a kg:Blame } }",
    "entities": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?x skos:prefLabel ?l } }",
}
_PREFIXES = (
    "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
    "PREFIX schema: <https://schema.org/>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def stats(*, store: StoreArg) -> dict[str, int]:
    """Count what the store holds: documents, triples, deployments, statements, blames, entities."""
    out: dict[str, int] = {}
    with using_store(store) as opened:
        for key, sparql in _STATS.items():
            result = opened.query(_PREFIXES + sparql)
            value = to_json(result.rows[0][0]) if result.rows else 0
            out[key] = value if isinstance(value, int) else 0
            if key == "documents":
                out["triples"] = opened.count_triples()
    return out


EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")


def export(*, store: StoreArg, out: IO[bytes], fmt: str = "trig") -> None:
    """Write the whole store to ``out`` in ``fmt`` (turtle, trig, nquads, ntriples or jsonld).

    Raises:
        BadParameter: an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise BadParameter("format", f"{fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    with using_store(store) as opened:
        opened.export(out, fmt)


# --- checking questions ----------------------------------------------------------------


def check_question(question: Question) -> list[str]:
    """List what is wrong with a saved question (empty when nothing is).

    Checks that the query parses (Oxigraph and rdflib), has a title and a
    description, declares parameters of known types that are variables of the
    query, binds every other variable it uses, and projects exactly its ``returns``.
    """
    import pyoxigraph
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    problems: list[str] = []
    if not question.title:
        problems.append("no title")
    if not question.description:
        problems.append("no description")
    if not question.returns:
        problems.append("no returns")
    for p in question.params:
        if p.type not in PARAM_TYPES:
            problems.append(f"parameter {p.name}: unknown type {p.type}")
        if not p.description:
            problems.append(f"parameter {p.name}: no description")
    try:
        pyoxigraph.Store().query(question.sparql)
    except SyntaxError as exc:
        problems.append(f"Oxigraph does not parse it: {exc}")
    try:
        parsed = prepareQuery(question.sparql)
    except ParseException as exc:
        return [*problems, f"rdflib does not parse it: {exc}"]
    projected, used, free = _variables(parsed.algebra)
    if question.returns and projected != list(question.returns):
        problems.append(f"projects {projected}, declares returns {list(question.returns)}")
    declared = {p.name for p in question.params}
    if declared - used:
        problems.append(f"declared params {sorted(declared - used)} are not variables of the query")
    if free - declared:
        problems.append(f"variables {sorted(free - declared)} are never bound and not declared as params")
    return problems


def _variables(algebra: object) -> tuple[list[str], set[str], set[str]]:
    """Return the projected variables, all variables, and the free ones (never bound) of a query."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    used: set[str] = set()
    bound: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, Variable):
            used.add(str(node))
        elif isinstance(node, CompValue):
            name = node.name
            if name in ("BGP", "TriplesBlock"):  # TriplesBlock: untranslated EXISTS inside BIND
                bound.update(str(t) for triple in node["triples"] for t in triple if isinstance(t, Variable))
            elif name in ("Graph", "GraphGraphPattern") and isinstance(node.get("term"), Variable):
                bound.add(str(node["term"]))
            elif name == "Extend":
                bound.add(str(node["var"]))
            elif name == "values" and "res" in node:
                for row in node["res"]:
                    bound.update(str(v) for v in row)
            elif name.startswith("Aggregate_") and "res" in node:
                bound.add(str(node["res"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, Mapping):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set, frozenset)):
            for value in node:
                walk(value)

    walk(algebra)
    project = algebra["p"] if isinstance(algebra, CompValue) and "p" in algebra else None
    while project is not None and getattr(project, "name", None) != "Project":
        project = project.get("p")
    projected = [str(v) for v in (project["PV"] if project is not None else [])]
    free = {v for v in used - bound if not v.startswith("__")}
    return projected, used, free


def check_all(directory: str | Path | None = None) -> dict[str, list[str]]:
    """Check every saved question; map each name with problems to its problems."""
    return {q.name: found for q in questions(directory) if (found := check_question(q))}


__all__: Sequence[str] = (
    "Answer", "Param", "Question", "ask", "bind_params", "check_all", "check_question", "export",
    "find_question", "load_question", "parse_question", "query", "questions", "stats", "to_json", "to_term",
    "using_store",
)
