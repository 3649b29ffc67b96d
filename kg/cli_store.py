"""Commands about the graph as a whole: ``kg validate``, ``kg explain``, ``kg push``, ``kg serve``.

Attached to the ``kg`` app by :mod:`kg.cli`; the same rules hold: parse options,
call one public function of :mod:`kg`, format what it returns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

import kg
from kg.cli import (
    DEFAULT_STORE,
    ReportFormat,
    StoreOption,
    _pairs,
    _ParamsCommand,
    _cell,
    _ProgressBar,
    app,
)
from kg.errors import ShapeViolations
from kg.questions import using_store

if TYPE_CHECKING:
    from kg.explain import Explanation
    from kg.validate import ValidationReport

ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]


@app.command()
def validate(
    store: StoreOption = DEFAULT_STORE,
    reason: Annotated[bool, typer.Option("--reason", help="Also check OWL consistency with HermiT (needs Java).")] = False,
    shapes: Annotated[Optional[Path], typer.Option("--shapes", help="SHACL shapes file [default: ontology/shapes.ttl].")] = None,
    fmt: ReportFormatOption = ReportFormat.table,
) -> None:
    """Check every fact against the SHACL shapes, and with --reason the ontology's consistency.

    Each violation is one line: document, node, property, message. The exit code is
    4 when a shape is violated or the graph is inconsistent.

    \b
    Example:
      kg validate --reason
    """
    with using_store(store) as opened:
        report = kg.validate(opened, reason=reason, shapes=shapes)
    if fmt is ReportFormat.json:
        typer.echo(json.dumps(_validation_dict(report), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_validation(report))
    if report.violations:
        raise ShapeViolations(len(report.violations))
    if report.consistent is False:
        typer.echo(f"Error: the graph is inconsistent with the ontology: {report.reasoning}", err=True)
        raise typer.Exit(ShapeViolations.exit_code)


def format_validation(report: ValidationReport) -> str:
    """One line per violation, then a summary (and the reasoner's outcome when asked)."""
    lines = [
        f"{v.doc or '-'}: {v.focus}" + (f" {v.path}" if v.path else "") + f": {v.message}" for v in report.violations
    ]
    n = len(report.violations)
    lines.append(f"{n} violation{'s' if n != 1 else ''}")
    lines += list(report.notes)
    if report.reasoning is not None:
        lines.append(f"reasoning: {report.reasoning}")
    return "\n".join(lines)


def _validation_dict(report: ValidationReport) -> dict[str, object]:
    return {
        "ok": report.ok,
        "violations": [
            {"doc": v.doc, "focus": v.focus, "path": v.path, "message": v.message, "severity": v.severity}
            for v in report.violations
        ],
        "consistent": report.consistent,
        "reasoning": report.reasoning,
        "notes": list(report.notes),
    }


@app.command(cls=_ParamsCommand)
def explain(
    target: Annotated[
        str, typer.Argument(metavar="TARGET", help="A fact, deployment or entity IRI, an entity name, or QUESTION:ROW.")
    ],
    param: Annotated[
        Optional[list[str]],
        typer.Option("--param", "-p", metavar="NAME VALUE", help="A parameter of the question, for QUESTION:ROW."),
    ] = None,
    store: StoreOption = DEFAULT_STORE,
    fmt: ReportFormatOption = ReportFormat.table,
) -> None:
    """Show the sentences, documents and character offsets behind a fact, an entity or an answer.

    \b
    Example:
      kg explain unacknowledged-deployments:1
    """
    explanation = kg.explain(target, store=store, params=_pairs(param))
    if fmt is ReportFormat.json:
        typer.echo(json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(format_explanation(explanation))


def format_explanation(explanation: Explanation) -> str:
    """The target, then each supporting fact: its summary, where it was said, the sentence."""
    head = f"{explanation.label} ({explanation.matched})"
    if not explanation.offsets_ok:
        head += "  [offsets do not match the stored text]"
    lines = [head]
    if explanation.row is not None:
        lines.append("  row: " + ", ".join(f"{k}={_cell(v)}" for k, v in explanation.row.items() if v is not None))
    for i, fact in enumerate(explanation.facts, 1):
        when = f", {fact.date}" if fact.date else ""
        lines.append(f"{i:>3}. [{fact.role}] {fact.summary}{when}")
        source = fact.source
        where = ", ".join(x for x in (source.publisher, source.published) if x)
        span = f" chars {fact.sentence.start}-{fact.sentence.end}" if fact.sentence else ""
        lines.append(f"     {source.doc}" + (f" ({where})" if where else "") + span)
        if fact.sentence is not None:
            lines.append(f"     \"{' '.join(fact.sentence.text.split())}\"")
    if not explanation.facts:
        lines.append("  no facts")
    return "\n".join(lines)


@app.command()
def push(
    endpoint: Annotated[str, typer.Argument(metavar="QUERY_URL", help="The endpoint's SPARQL query URL.")],
    update_url: Annotated[Optional[str], typer.Option("--update-url", help="SPARQL Update URL [default: QUERY_URL].")] = None,
    gsp_url: Annotated[Optional[str], typer.Option("--gsp-url", help="Graph Store Protocol URL, to PUT whole graphs.")] = None,
    mirror: Annotated[bool, typer.Option("--mirror", help="Also delete kg graphs the local store no longer has.")] = False,
    store: StoreOption = DEFAULT_STORE,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")] = True,
) -> None:
    """Copy every graph of the store to a SPARQL endpoint, replacing each graph whole.

    Credentials come from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN.

    \b
    Example:
      kg push http://127.0.0.1:7878/query --update-url http://127.0.0.1:7878/update
    """
    from kg.store.endpoint import EndpointStore

    target = EndpointStore(endpoint, update_url, gsp_url=gsp_url)
    with using_store(store) as source, _ProgressBar(enabled=progress) as bar:
        report = kg.push(source, target, mirror=mirror, progress=bar)
    line = f"{report.graphs} graphs, {report.triples} triples in {report.requests} requests ({report.seconds:.1f} s)"
    if report.deleted:
        line += f"; {report.deleted} graphs deleted"
    typer.echo(line)


@app.command()
def serve(
    store: Annotated[
        str, typer.Option("--store", "-s", envvar="KG_STORE", help="Store folder.", show_default=True)
    ] = DEFAULT_STORE,
    host: Annotated[str, typer.Option("--host", help="Interface to bind; the endpoint has no authentication.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 7878,
    timeout: Annotated[int, typer.Option("--timeout", help="Seconds a query may run.")] = 30,
) -> None:
    """Serve the store read-only as a SPARQL 1.1 endpoint until Ctrl-C.

    \b
    Example:
      kg serve --port 7878 & kg ask deployments --store http://127.0.0.1:7878/query
    """
    server = kg.serve(store, host=host, port=port, timeout_s=timeout)
    typer.echo(f"SPARQL endpoint {server.query_url} serving {store} (Ctrl-C to stop)", err=True)
    raise typer.Exit(server.wait())
