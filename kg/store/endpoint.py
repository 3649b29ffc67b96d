"""A remote SPARQL 1.1 endpoint as a kg store (Oxigraph server, Fuseki, GraphDB, Virtuoso, Neptune).

``EndpointStore`` speaks the SPARQL 1.1 Protocol through SPARQLWrapper: queries
are POSTed form-encoded to the query URL, updates POSTed as
``application/sparql-update`` to the update URL, and whole documents may go by
Graph Store Protocol ``PUT`` when a ``gsp_url`` is given. Every SPARQLWrapper,
urllib and socket exception is translated here, and only here, into
``EndpointUnavailable`` (transient: connection refused, HTTP 5xx and 429,
retried with exponential backoff, and timeouts, not retried; terminal: other
4xx, wrong content type)
or ``QueryError`` (HTTP 400: the endpoint did not accept the SPARQL).

Bindings are never pasted into query text. Each bound value is serialised as an
N-Triples term by ``sparql_term`` (IRIs checked against the IRIREF grammar,
literals escaped in the short-string form) and the terms go in a ``VALUES``
block that ``bind_values`` inserts right after the opening brace of the
outermost ``WHERE`` group. A ``VALUES`` block at the start of the group is
joined before anything else in it, which is what pre-binding means; a trailing
``VALUES`` after the query is joined after projection and aggregation, so
variables that are not projected are not constrained (rdflib issue #1772).

Example:
    >>> store = EndpointStore("http://127.0.0.1:7878/query")   # doctest: +SKIP
    >>> store.query("SELECT ?l WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
    ...             bindings={"e": URIRef("https://w3id.org/kg-news/id/entity/s-400")})
"""

from __future__ import annotations

import ast
import base64
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from kg.errors import BadParameter, EndpointUnavailable, InputError, QueryError
from kg.resolve import fullest
from kg.store import QueryResult, StoreStats
# Shared with the embedded store so both count and export alike (the fact classes could move to kg.store).
from kg.store.oxigraph import FACT_CLASSES
from kg.store.oxigraph import EXPORT_FORMATS
from kg.vocab import ENTITIES_GRAPH, KGID_NS, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, docid

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = [
    "ENTITIES_GRAPH",
    "ENTITY_PREFIX",
    "Credentials",
    "EndpointStore",
    "bind_values",
    "canonical_label",
    "sparql_term",
]

ENTITY_PREFIX = KGID_NS + "entity/"

_SPARQL_JSON = ("application/sparql-results+json", "application/json")
_RDF_CONTENT_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/rdf+xml": "xml",
}
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
# How many entities one refresh query binds, and how many triples one import request carries.
_ENTITY_BATCH = 500
_IMPORT_BATCH = 50_000

T = TypeVar("T")
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
AnyTriple = tuple["Node | OxTerm", "Node | OxTerm", "Node | OxTerm"]


# --------------------------------------------------------------------------- terms


_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_BNODE_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_VAR_NAME = re.compile(r"^\w+$")
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _iri(value: str) -> str:
    # The IRIREF check alone rules out injection; pyoxigraph's RFC 3987 parser also
    # refuses IRIs the endpoint would reject (``http://e/[``), so the error names the value.
    if not value or _IRI_FORBIDDEN.search(value):
        raise ValueError(f"{value!r} is not a valid IRI")
    try:
        ox.NamedNode(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a valid IRI") from None
    return f"<{value}>"


def sparql_term(term: Node) -> str:
    """Serialise an rdflib term as N-Triples, which is also valid SPARQL term syntax.

    This is ``term.n3()`` made safe for query text: rdflib checks neither a
    literal's datatype IRI nor, in long strings, a trailing escaped quote, so
    IRIs are checked against the SPARQL IRIREF production and literals always
    use the short ``"…"`` form with ``\\`` ``"`` LF CR escaped. Nothing a value
    contains can end the term early.

    Args:
        term: a URIRef, Literal or BNode.

    Returns:
        The term as text, e.g. ``<https://…>``, ``"2022-10-18"^^<…#date>``, ``"Kyiv"@en``.

    Raises:
        ValueError: for an IRI with characters IRIREF forbids, a blank node
            label outside ``[A-Za-z0-9_.-]``, or any other kind of node.
    """
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        text = str(term).translate(_STRING_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{text}"^^{_iri(str(term.datatype))}'
        return f'"{text}"'
    if isinstance(term, BNode):
        if not _BNODE_LABEL.match(str(term)) or str(term).endswith("."):
            raise ValueError(f"{str(term)!r} is not a usable blank node label")
        return f"_:{term}"
    raise ValueError(f"cannot write {type(term).__name__} {term!r} as a SPARQL term")


def _rdflib_term(cell: Mapping[str, str]) -> Node:
    """Turn one SPARQL JSON results cell into an rdflib node (typed literals keep their type)."""
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return Literal(value, lang=cell["xml:lang"])
        datatype = cell.get("datatype")
        return Literal(value, datatype=URIRef(datatype) if datatype else None)
    raise ValueError(f"unknown term type {kind!r} in SPARQL JSON results")


# --------------------------------------------------------------------------- query text


_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<punct>[{}()\[\]])
    | (?P<word>(?:\\.|[^\s{}()\[\]<>"'\#,;.])+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(sparql: str) -> list[_Token]:
    """Split SPARQL into tokens, dropping whitespace and comments.

    Strings and IRIs are single tokens, so braces or ``#`` inside them never
    count as structure. Only what locating the outer WHERE group needs is told
    apart; the endpoint still parses the query for real.
    """
    out = []
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append(_Token(kind, match.group(), match.start(), match.end()))
    return out


def _query_form(tokens: Sequence[_Token]) -> tuple[str, int]:
    """Return the query form keyword and the index of its token, skipping BASE and PREFIX."""
    i = 0
    while i < len(tokens):
        word = tokens[i].text.upper() if tokens[i].kind == "word" else ""
        if word == "BASE":
            i += 2
        elif word == "PREFIX":
            i += 3
        elif word in _QUERY_FORMS:
            return word, i
        else:
            break
    raise ValueError("not a SPARQL query (expected SELECT, CONSTRUCT, ASK or DESCRIBE)")


def _skip_group(tokens: Sequence[_Token], i: int) -> int:
    """Given the index of a ``{``, return the index just past its matching ``}``."""
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].text == "{":
            depth += 1
        elif tokens[j].text == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    raise ValueError("unbalanced braces in the query")


def _where_brace(sparql: str) -> int:
    """Return the offset just past the ``{`` that opens the outermost WHERE group."""
    tokens = _tokens(sparql)
    form, i = _query_form(tokens)
    i += 1
    if form == "CONSTRUCT":
        if i < len(tokens) and tokens[i].text == "{":
            i = _skip_group(tokens, i)  # the template
        elif i < len(tokens) and tokens[i].text.upper() == "WHERE":
            raise ValueError(
                "bindings need the full form CONSTRUCT { … } WHERE { … }, not CONSTRUCT WHERE { … }"
            )
    parens = 0
    for token in tokens[i:]:
        # Parentheses hold SELECT expressions, which may contain EXISTS { … }.
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{" and parens == 0:
            return token.end
    raise ValueError(f"this {form} query has no WHERE group to bind values in")


def bind_values(
    sparql: str, variables: Sequence[str], rows: Iterable[Sequence[Node]]
) -> str:
    """Return ``sparql`` with a ``VALUES`` block at the start of its outermost WHERE group.

    The block is ``VALUES (?a ?b) { (t1 t2) … }``, each term written by
    ``sparql_term``. It goes just inside the first ``{`` that is not in the
    CONSTRUCT template and not inside parentheses (SELECT expressions), so the
    bound variables constrain the whole group: OPTIONAL, MINUS, FILTER and
    aggregates see them as pre-bound, as with pyoxigraph's ``substitutions``.

    Args:
        sparql: a SELECT, ASK, DESCRIBE or full-form CONSTRUCT query.
        variables: variable names, without ``?``.
        rows: one sequence of terms per solution, in the order of ``variables``.

    Returns:
        The query text with the block inserted; the rest is unchanged.

    Raises:
        ValueError: for a variable name that is not a SPARQL VARNAME, a term
            that cannot be written safely, or a query with no WHERE group.
    """
    for name in variables:
        if not _VAR_NAME.match(name):
            raise ValueError(f"{name!r} is not a SPARQL variable name")
    head = " ".join(f"?{name}" for name in variables)
    body = " ".join("(" + " ".join(sparql_term(t) for t in row) + ")" for row in rows)
    at = _where_brace(sparql)
    return f"{sparql[:at]} VALUES ({head}) {{ {body} }} {sparql[at:]}"


# --------------------------------------------------------------------------- canonical labels


# The canonical-label rule of docs/graph-model.md lives in one place, kg.resolve.fullest.
canonical_label = fullest


# --------------------------------------------------------------------------- credentials


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials for an endpoint: basic (user, password) or a bearer token."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        """Read ``KG_ENDPOINT_USER``/``KG_ENDPOINT_PASSWORD`` or ``KG_ENDPOINT_TOKEN``."""
        env = os.environ if environ is None else environ
        return cls(
            user=env.get("KG_ENDPOINT_USER") or None,
            password=env.get("KG_ENDPOINT_PASSWORD") or None,
            token=env.get("KG_ENDPOINT_TOKEN") or None,
        )

    def header(self) -> str | None:
        """Return the ``Authorization`` header value, or None when there are no credentials."""
        if self.token:
            return f"Bearer {self.token}"
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None


_CREDENTIALS_HINT = "check KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN"


# --------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class _Response:
    content_type: str
    body: bytes


class _Transient(Exception):
    """Internal: a transient failure; carries the message for the final error.

    ``retry`` is False for timeouts: the endpoint is up but slow, and asking
    again would make the caller wait ``retries`` more timeouts for nothing.
    """

    def __init__(self, problem: str, *, retry: bool = True) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retry = retry


class EndpointStore:
    """A SPARQL 1.1 endpoint that implements the kg ``Store`` protocol.

    Args:
        query_url: the SPARQL query endpoint, e.g. ``http://127.0.0.1:7878/query``.
        update_url: the SPARQL update endpoint; by default ``query_url`` with a
            final ``/query`` replaced by ``/update`` (Oxigraph), else ``query_url``
            itself (Fuseki's ``/ds``, GraphDB, Virtuoso take both on one URL).
        gsp_url: a Graph Store Protocol endpoint (Oxigraph ``/store``, Fuseki
            ``/ds/data``); when given, ``replace_document`` PUTs the graph there.
        timeout: seconds to wait for each HTTP answer. A timeout is reported
            at once (transient, not retried: the endpoint is up but slow).
        retries: further attempts after a transient failure (connection
            refused or reset, HTTP 5xx or 429).
        backoff: seconds before the first retry; doubled each time.
        auth: credentials; by default read from the environment (``Credentials.from_env``).

    Updates are retried too. kg's own updates (``replace_document``,
    ``refresh_entities``, ``remove_document``) are idempotent, so a retry after
    a lost answer does no harm; a hand-written ``update`` should be too.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        gsp_url: str | None = None,
        timeout: float = 30,
        retries: int = 3,
        backoff: float = 0.5,
        auth: Credentials | None = None,
    ) -> None:
        self.location = query_url
        self.query_url = query_url
        if update_url is None:
            update_url = query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._authorization = (auth if auth is not None else Credentials.from_env()).header()

    def __repr__(self) -> str:
        return f"EndpointStore({self.query_url!r}, {self.update_url!r})"

    # ------------------------------------------------------------------ HTTP

    def _with_retries(self, url: str, send: Callable[[], T]) -> T:
        """Run ``send``; retry transient failures with exponential backoff."""
        attempts = self.retries + 1
        for attempt in range(attempts):
            try:
                return send()
            except _Transient as failure:
                if attempt + 1 == attempts or not failure.retry:
                    tries = f" after {attempt + 1} attempts" if attempt > 0 else ""
                    raise EndpointUnavailable(url, f"{failure.problem}{tries}") from None
                time.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _sparql(self, kind: str, text: str, accept: str, timeout: float | None) -> _Response:
        """Send one SPARQL query (``kind="query"``) or update through SPARQLWrapper."""
        url = self.query_url if kind == "query" else self.update_url
        wrapper = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        # Not setQuery(): it guesses the form with regexes over the whole text, which
        # takes seconds on a big INSERT DATA and fails on e.g. "WITH <g> DELETE …".
        # We know what we send.
        wrapper.queryString = text
        wrapper.queryType = "SELECT" if kind == "query" else "INSERT"
        wrapper.setRequestMethod(URLENCODED if kind == "query" else POSTDIRECTLY)
        wrapper.addCustomHttpHeader("Accept", accept)
        if self._authorization:
            wrapper.addCustomHttpHeader("Authorization", self._authorization)
        wait = timeout if timeout is not None else self.timeout
        wrapper.timeout = wait  # setTimeout() is typed int; urllib takes float seconds

        def send() -> _Response:
            try:
                result = wrapper.query()
                body = result.response.read()
                content_type = result.response.headers.get("Content-Type", "")
                result.response.close()
                return _Response(content_type, body)
            except SPARQLWrapperException as exc:
                raise self._http_failure(url, _status_of(exc), _body_of(exc)) from None
            except urllib.error.HTTPError as exc:
                raise self._http_failure(url, exc.code, _read_error_body(exc)) from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                raise _connection_problem(exc, wait) from None

        return self._with_retries(url, send)

    def _http(self, method: str, url: str, body: bytes | None, content_type: str | None) -> None:
        """Send one plain HTTP request (Graph Store Protocol)."""
        headers = {"Content-Type": content_type} if content_type else {}
        if self._authorization:
            headers["Authorization"] = self._authorization
        request = urllib.request.Request(url, data=body, method=method, headers=headers)

        def send() -> None:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                if method == "DELETE" and exc.code == 404:
                    return
                raise self._http_failure(url, exc.code, _read_error_body(exc)) from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                raise _connection_problem(exc, self.timeout) from None

        self._with_retries(url, send)

    def _http_failure(self, url: str, status: int, body: str) -> Exception:
        """Translate an HTTP error status: 5xx and 429 are transient, the rest terminal."""
        detail = f": {body}" if body else ""
        if status >= 500 or status in (408, 429):
            return _Transient(f"server error (HTTP {status}{detail})")
        if status == 400:
            return QueryError(url, f"the endpoint rejected the SPARQL (HTTP 400{detail})")
        if status in (401, 403):
            what = "refused the credentials" if status == 401 else "refused the request"
            return EndpointUnavailable(
                url, f"{what} (HTTP {status}{detail}); {_CREDENTIALS_HINT}", transient=False
            )
        if status == 404:
            return EndpointUnavailable(
                url, "not found (HTTP 404); check the endpoint URL", transient=False
            )
        return EndpointUnavailable(url, f"refused the request (HTTP {status}{detail})", transient=False)

    def _wrong_type(self, response: _Response, expected: str) -> EndpointUnavailable:
        got = response.content_type or "no content type"
        return EndpointUnavailable(
            self.query_url,
            f"answered with {got} where {expected} was expected; is this a SPARQL query endpoint?",
            transient=False,
        )

    # ------------------------------------------------------------------ Store protocol

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query on the endpoint.

        Args:
            sparql: the query text, as written (no user input pasted in).
            bindings: variable name (without ``?``) to rdflib term; sent as a
                ``VALUES`` block at the start of the outer WHERE group (``bind_values``).
            timeout: seconds for this query instead of the store's timeout.

        Returns:
            Rows of rdflib nodes (None when unbound), a boolean, or an rdflib Graph.

        Raises:
            BadParameter: a bound value cannot be written as a SPARQL term.
            QueryError: the query is not a query, or the endpoint rejected it.
            EndpointUnavailable: the endpoint could not answer (see class notes).
        """
        try:
            form, _ = _query_form(_tokens(sparql))
        except ValueError as exc:
            raise QueryError(self.query_url, str(exc)) from None
        if bindings:
            names = [name.lstrip("?$") for name in bindings]
            try:
                sparql = bind_values(sparql, names, [list(bindings.values())])
            except ValueError as exc:
                raise BadParameter(",".join(names), str(exc)) from None
        if form in ("SELECT", "ASK"):
            response = self._sparql("query", sparql, ", ".join(_SPARQL_JSON), timeout)
            return self._parse_results(response)
        response = self._sparql("query", sparql, _RDF_ACCEPT, timeout)
        return QueryResult(graph=self._parse_graph(response))

    def _parse_results(self, response: _Response) -> QueryResult:
        if not any(t in response.content_type for t in _SPARQL_JSON):
            raise self._wrong_type(response, "SPARQL JSON results")
        try:
            data = json.loads(response.body)
            if "boolean" in data:
                return QueryResult(boolean=bool(data["boolean"]))
            names = tuple(data["head"]["vars"])
            rows = tuple(
                tuple(_rdflib_term(b[n]) if n in b else None for n in names)
                for b in data["results"]["bindings"]
            )
        except json.JSONDecodeError as exc:
            # Oxigraph streams results: at its --timeout-s it stops mid-answer, after a 200.
            raise EndpointUnavailable(
                self.query_url,
                f"sent incomplete SPARQL JSON results ({exc}); the server may have stopped the query "
                "at its own timeout: simplify the query or raise the server's timeout",
                transient=False,
            ) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise EndpointUnavailable(
                self.query_url, f"sent SPARQL JSON results that cannot be read ({exc})", transient=False
            ) from None
        return QueryResult(vars=names, rows=rows)

    def _parse_graph(self, response: _Response) -> Graph:
        media = response.content_type.split(";")[0].strip().lower()
        fmt = _RDF_CONTENT_TYPES.get(media)
        if fmt is None:
            raise self._wrong_type(response, "N-Triples or Turtle")
        graph = Graph()
        try:
            graph.parse(data=response.body.decode("utf-8"), format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise EndpointUnavailable(
                self.query_url, f"sent {media} that cannot be parsed ({exc})", transient=False
            ) from None
        return graph

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update request (one request: atomic on Oxigraph and Fuseki)."""
        self._sparql("update", sparql, "*/*", None)

    def replace_document(self, graph: URIRef, triples: Iterable[AnyTriple]) -> None:
        """Replace the named graph ``graph`` with ``triples`` in one request.

        By SPARQL Update, ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``
        (one request is one transaction on Oxigraph and Fuseki); by Graph Store
        Protocol ``PUT`` when the store has a ``gsp_url``. A big document is
        still one request: splitting it would let readers see half a document.
        """
        if self.gsp_url is None:
            self.replace_documents({graph: triples})
            return
        lines = _ntriples(triples)
        target = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': str(graph)})}"
        _iri_or_fail(graph)
        if lines:
            self._http("PUT", target, "".join(lines).encode("utf-8"), "application/n-triples")
        else:
            self._http("DELETE", target, None, None)

    def replace_documents(self, graphs: Mapping[URIRef, Iterable[AnyTriple]]) -> None:
        """Replace several named graphs in one SPARQL Update request (``push`` batches small graphs).

        Terms may be rdflib's or pyoxigraph's (``push`` streams pyoxigraph terms
        from an N-Quads dump and never builds rdflib objects).
        """
        parts = []
        for graph, triples in graphs.items():
            name = _iri_or_fail(graph)
            parts.append(f"DROP SILENT GRAPH {name}")
            lines = _ntriples(triples)
            if lines:
                parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{''.join(lines)}}} }}")
        if parts:
            self.update(" ;\n".join(parts))

    def remove_document(self, graph: URIRef) -> None:
        """Drop the named graph ``graph`` (no error when it does not exist)."""
        self.update(f"DROP SILENT GRAPH {_iri_or_fail(graph)}")

    def refresh_entities(self, entities: Iterable[URIRef] | None = None) -> None:
        """Recompute the entities graph for ``entities`` (all when None), in one update.

        The same rule as the embedded store: for each entity (IRI under
        ``kgid:entity/``) still typed or labelled in some document graph, the
        entities graph gets ``skos:prefLabel`` (``canonical_label`` over its
        ``rdfs:label``s, counted per graph), and every ``rdf:type`` and
        ``owl:sameAs`` seen in document graphs; entities no document mentions
        any more are removed. Reading is SELECT queries of ``_ENTITY_BATCH``
        entities each; writing is one SPARQL Update, so readers never see a
        half-refreshed graph.

        Args:
            entities: the entities touched by a build or remove; None recomputes all.
        """
        graph = _iri(ENTITIES_GRAPH)
        if entities is None:
            text = f"DROP SILENT GRAPH {graph}"
            lines = _entity_lines(self._entity_facts(None))
        else:
            wanted = sorted(set(entities))
            if not wanted:
                return
            facts: dict[URIRef, _EntityFacts] = {}
            for start in range(0, len(wanted), _ENTITY_BATCH):
                facts.update(self._entity_facts(wanted[start : start + _ENTITY_BATCH]))
            values = " ".join(_iri_or_fail(e) for e in wanted)
            text = (
                f"DELETE {{ GRAPH {graph} {{ ?e ?p ?o }} }}\n"
                f"WHERE {{ VALUES ?e {{ {values} }} GRAPH {graph} {{ ?e ?p ?o }} }}"
            )
            lines = _entity_lines(facts)
        if lines:
            text += f" ;\nINSERT DATA {{ GRAPH {graph} {{\n{''.join(lines)}}} }}"
        self.update(text)

    def _entity_facts(self, entities: Sequence[URIRef] | None) -> dict[URIRef, _EntityFacts]:
        """Read labels (counted per graph), types and sameAs links of entities from document graphs."""
        sparql = (
            "SELECT ?e ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE {\n"
            f"  VALUES ?p {{ {_iri(RDFS.label)} {_iri(RDF.type)} {_iri(OWL.sameAs)} }}\n"
            "  GRAPH ?g { ?e ?p ?o }\n"
            f'  FILTER(?g != {_iri(ENTITIES_GRAPH)} && STRSTARTS(STR(?e), "{ENTITY_PREFIX}"))\n'
            "} GROUP BY ?e ?p ?o"
        )
        if entities is not None:
            try:
                sparql = bind_values(sparql, ["e"], [[e] for e in entities])
            except ValueError as exc:
                raise BadParameter("entities", str(exc)) from None
        facts: dict[URIRef, _EntityFacts] = defaultdict(_EntityFacts)
        for entity, predicate, value, count in self.query(sparql).rows:
            if not isinstance(entity, URIRef):
                continue
            if predicate == RDFS.label and isinstance(value, Literal):
                facts[entity].labels[str(value)] += int(count) if isinstance(count, Literal) else 1
            elif predicate == RDF.type and isinstance(value, URIRef):
                facts[entity].types.add(value)
            elif predicate == OWL.sameAs and isinstance(value, URIRef):
                facts[entity].links.add(value)
        return dict(facts)

    def graphs(self) -> list[URIRef]:
        """Return the IRIs of the named graphs on the endpoint, sorted."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return sorted(row[0] for row in rows if isinstance(row[0], URIRef))

    def document_graphs(self) -> list[URIRef]:
        """Return the IRIs of the document graphs (``kgid:graph/doc/…``) on the endpoint, sorted."""
        return [g for g in self.graphs() if g.startswith(KGID_NS + "graph/doc/")]

    def export(self, out: IO[bytes], fmt: str) -> None:
        """Write every named graph to ``out``, as the embedded store does.

        One CONSTRUCT per named graph (kg graphs are per document, so each
        answer is small), streamed through pyoxigraph's serialiser. ``trig``,
        ``nquads`` and ``jsonld`` keep graph names; ``turtle``, ``ntriples``
        and ``xml`` get the union of all graphs, each triple once. The default
        graph is not exported: kg writes only named graphs, and a server with a
        union default graph would repeat them.

        Raises:
            InputError: for an unknown format name.
        """
        rdf_format, keeps_graphs = _rdf_format(fmt)
        quads = self._iter_quads()
        if keeps_graphs:
            prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD) else None
            ox.serialize(quads, out, rdf_format, prefixes=prefixes)
            return
        merged = ox.Store()
        merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        merged.dump(out, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    def _iter_quads(self) -> Iterator[ox.Quad]:
        template = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        for graph in self.graphs():
            text = bind_values(template, ["g"], [[graph]])
            response = self._sparql("query", text, "application/n-triples", None)
            if "n-triples" not in response.content_type:
                raise self._wrong_type(response, "N-Triples")
            name = ox.NamedNode(str(graph))
            try:
                for triple in ox.parse(response.body, ox.RdfFormat.N_TRIPLES):
                    yield ox.Quad(triple.subject, triple.predicate, triple.object, name)
            except SyntaxError as exc:
                raise EndpointUnavailable(
                    self.query_url, f"sent N-Triples that cannot be parsed ({exc})", transient=False
                ) from None

    def import_file(self, path: Path, fmt: str | None = None, *, graph: URIRef | None = None) -> int:
        """Add the statements of an RDF file, refresh the entities graph, return how many were read.

        As in the embedded store, quad formats keep their graphs and triple
        formats go into ``graph``, by default ``kgid:graph/import/{file name}``,
        so the questions (which read named graphs) see them. The file is parsed
        here (pyoxigraph) and sent as ``INSERT DATA`` requests of up to
        ``_IMPORT_BATCH`` statements; blank nodes are shared within a request only.

        Raises:
            InputError: unknown format, or the file cannot be read or parsed.
        """
        path = Path(path)
        if fmt is not None:
            rdf_format, keeps_graphs = _rdf_format(fmt)
        else:
            guessed = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
            if guessed is None:
                raise InputError(f"{path}: cannot tell the RDF format from the extension; pass a format", path=str(path))
            rdf_format, keeps_graphs = guessed, guessed.supports_datasets
        target = str(graph) if graph is not None else f"{KGID_NS}graph/import/{docid(path.name)}"
        count = 0
        pending: dict[URIRef | None, list[AnyTriple]] = defaultdict(list)
        try:
            for statement in ox.parse(path=path, format=rdf_format):
                name = getattr(statement, "graph_name", None) if keeps_graphs else None
                key = (
                    URIRef(target) if name is None else None if isinstance(name, ox.DefaultGraph) else URIRef(name.value)
                )
                pending[key].append((statement.subject, statement.predicate, statement.object))
                count += 1
                if count % _IMPORT_BATCH == 0:
                    self.insert(pending)
                    pending = defaultdict(list)
        except FileNotFoundError:
            raise InputError(f"{path}: no such file", path=str(path)) from None
        except (SyntaxError, OSError) as exc:
            raise InputError(f"{path}: not valid {rdf_format.name}: {exc}", path=str(path)) from None
        self.insert(pending)
        self.refresh_entities()
        return count

    def insert(self, graphs: Mapping[URIRef | None, Iterable[AnyTriple]]) -> None:
        """Add triples to graphs (None: the default graph) in one ``INSERT DATA`` request."""
        parts = []
        for graph, triples in graphs.items():
            block = "".join(_ntriples(triples))
            if block:
                parts.append(f"GRAPH {_iri_or_fail(graph)} {{\n{block}}}" if graph is not None else block)
        if parts:
            self.update("INSERT DATA {\n" + "\n".join(parts) + "\n}")

    def count_triples(self) -> int:
        """Return the number of triples in all named graphs together."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(rows[0][0]) if rows and isinstance(rows[0][0], Literal) else 0

    def stats(self) -> StoreStats:
        """Count documents, facts per kind, entities and triples, in three queries."""
        kinds = {"document": SCHEMA.NewsArticle, **FACT_CLASSES}
        sparql = bind_values(
            "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?c } } GROUP BY ?c",
            ["c"],
            [[cls] for cls in kinds.values()],
        )
        counts = {row[0]: int(row[1]) for row in self.query(sparql).rows if isinstance(row[1], Literal)}
        entities = self.query(
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e ?p ?l } }",
            bindings={"g": ENTITIES_GRAPH, "p": SKOS.prefLabel},
        ).rows
        return StoreStats(
            location=self.location,
            documents=counts.get(SCHEMA.NewsArticle, 0),
            facts={kind: counts.get(cls, 0) for kind, cls in FACT_CLASSES.items()},
            entities=int(entities[0][0]) if entities and isinstance(entities[0][0], Literal) else 0,
            triples=self.count_triples(),
        )

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""

    def __enter__(self) -> EndpointStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- helpers


@dataclass
class _EntityFacts:
    labels: Counter[str] = field(default_factory=Counter)
    types: set[URIRef] = field(default_factory=set)
    links: set[URIRef] = field(default_factory=set)


def _rdf_format(fmt: str) -> tuple[ox.RdfFormat, bool]:
    try:
        return EXPORT_FORMATS[fmt.lower()]
    except KeyError:
        known = ", ".join(sorted({"turtle", "ntriples", "xml", "trig", "nquads", "jsonld"}))
        raise InputError(f"unknown RDF format {fmt!r}; use one of {known}", format=fmt) from None


def _iri_or_fail(graph: URIRef) -> str:
    try:
        return _iri(str(graph))
    except ValueError as exc:
        raise InputError(f"graph name {exc}") from None


def _text(term: Node | OxTerm) -> str:
    # pyoxigraph terms are valid by construction and print as N-Triples.
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return str(term)
    return sparql_term(term)


def _ntriples(triples: Iterable[AnyTriple]) -> list[str]:
    """Write triples as N-Triples lines (usable in INSERT DATA and in a GSP PUT body)."""
    try:
        return [f"{_text(s)} {_text(p)} {_text(o)} .\n" for s, p, o in triples]
    except ValueError as exc:
        raise InputError(f"cannot send a triple to the endpoint: {exc}") from None


def _entity_lines(facts: Mapping[URIRef, _EntityFacts]) -> list[str]:
    triples: list[tuple[Node, Node, Node]] = []
    for entity in sorted(facts):
        found = facts[entity]
        if found.labels:
            triples.append((entity, SKOS.prefLabel, Literal(canonical_label(found.labels))))
        triples.extend((entity, RDF.type, kind) for kind in sorted(found.types))
        if found.labels or found.types:
            triples.extend((entity, OWL.sameAs, link) for link in sorted(found.links))
    return _ntriples(triples)


_STATUS_OF = {
    QueryBadFormed: 400,
    Unauthorized: 401,
    EndPointNotFound: 404,
    URITooLong: 414,
    EndPointInternalError: 500,
}


def _status_of(exc: SPARQLWrapperException) -> int:
    return next((code for cls, code in _STATUS_OF.items() if isinstance(exc, cls)), 500)


def _body_of(exc: SPARQLWrapperException) -> str:
    """Recover the server's message from a SPARQLWrapper exception (it keeps only ``repr(body)``)."""
    text = str(exc)
    marker = "Response:\n"
    if marker not in text:
        return ""
    raw = text.split(marker, 1)[1]
    if raw[:2] in ("b'", 'b"'):
        try:
            raw = ast.literal_eval(raw).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            pass
    return _first_line(raw)


def _read_error_body(exc: urllib.error.HTTPError) -> str:
    try:
        return _first_line(exc.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException):
        return ""


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _connection_problem(exc: BaseException, timeout: float) -> _Transient:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return _Transient(f"did not answer within {timeout:g} s; raise the timeout or simplify the query", retry=False)
    if isinstance(reason, ConnectionRefusedError):
        return _Transient("connection refused; is the server running?")
    detail = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return _Transient(f"cannot connect ({detail})")
