"""Commands for trusting the graph: ``kg explain``, ``kg validate``, ``kg import`` and ``kg remove``.

Attached to the main app by ``register(app)`` (kg/cli.py). Each command parses
its options, calls one public function and formats what it returns; errors are
KgErrors, printed as one line by the app's handler with their exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kg.cli import DEFAULT_STORE, ExportFormat, Format, FormatOption, StoreOption, _pairs, _ParamsCommand, _print_rows
from kg.errors import EXIT_VIOLATIONS, KgError, ShapeViolations

if TYPE_CHECKING:
    from kg.explain import ExplainedFact, Explanation, Span
    from kg.validate import ValidationReport

__all__ = ["COMMANDS", "register", "format_explanation", "format_validation"]


COMMANDS = ("explain", "validate", "import", "remove")


def register(app: typer.Typer, *, commands: Iterable[str] = COMMANDS) -> None:
    """Add the trust commands to ``app``: all of :data:`COMMANDS`, or the ones named in ``commands``.

    Raises:
        ValueError: ``commands`` names a command this module does not have.
    """
    wanted = list(commands)
    unknown = [c for c in wanted if c not in COMMANDS]
    if unknown:
        raise ValueError(f"no trust command named {', '.join(unknown)}; choose from {', '.join(COMMANDS)}")
    if "explain" in wanted:
        app.command(cls=_ParamsCommand)(explain)
    if "validate" in wanted:
        app.command()(validate)
    if "import" in wanted:
        app.command("import")(import_)
    if "remove" in wanted:
        app.command()(remove)


class GraphInconsistent(KgError):
    """HermiT found the graph inconsistent with the ontology (exit code 4, like SHACL violations).

    Belongs in kg/errors.py beside ShapeViolations; here until it moves.
    """

    exit_code = EXIT_VIOLATIONS

    def __init__(self) -> None:
        super().__init__("the graph is inconsistent with the ontology; see the OWL line above")


# --- commands ----------------------------------------------------------------------------


def explain(
    target: Annotated[
        str,
        typer.Argument(metavar="TARGET", help="A fact or deployment IRI, an entity's name, or QUESTION:ROW."),
    ],
    param: Annotated[
        Optional[list[str]],
        typer.Option("--param", "-p", metavar="NAME VALUE", help="A parameter of the question, for QUESTION:ROW."),
    ] = None,
    store: StoreOption = DEFAULT_STORE,
    fmt: FormatOption = Format.table,
) -> None:
    """Show the sentences, documents and offsets behind a fact, a deployment, an entity or a question's row.

    \b
    Example:
      kg explain unacknowledged-deployments:1
    """
    from kg.explain import explain as explain_

    found = explain_(target, store=store, params=_pairs(param))
    if fmt is Format.json:
        typer.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        _print_rows(_FACT_COLUMNS, [_fact_row(f) for f in found.facts], fmt)
    else:
        typer.echo(format_explanation(found))


def validate(
    reason: Annotated[bool, typer.Option("--reason", help="Also check OWL consistency with HermiT (needs Java).")] = False,
    store: StoreOption = DEFAULT_STORE,
    fmt: FormatOption = Format.table,
) -> None:
    """Check every fact against the SHACL shapes; exit code 4 when a shape is violated.

    \b
    Example:
      kg validate --reason
    """
    from kg.questions import using_store
    from kg.validate import validate as validate_

    with using_store(store) as opened:
        report = validate_(opened, reason=reason)
    if fmt is Format.json:
        typer.echo(json.dumps(_validation_dict(report), ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        _print_rows(_VIOLATION_COLUMNS, [_violation_row(v) for v in report.violations], fmt)
    else:
        typer.echo(format_validation(report))
    if report.violations:
        raise ShapeViolations(len(report.violations))
    if report.consistent is False:
        raise GraphInconsistent()


def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An RDF file: .trig, .nq, .jsonld, .ttl, .nt, .rdf.")],
    fmt: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", help="RDF format [default: from the file's extension].", case_sensitive=False),
    ] = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Load an RDF file, such as one written by 'kg export', into the store; named graphs are kept.

    Triples without a graph (Turtle, N-Triples) go into the graph
    kgid:graph/import/FILE. The entities graph is recomputed afterwards.

    \b
    Example:
      kg import graph.trig --store other-store
    """
    from kg.errors import InputError
    from kg.store import open_store

    if store.startswith(("http://", "https://")):
        raise InputError(f"kg import loads into an embedded store, not {store}; import locally, then 'kg push {store}'")
    target = open_store(store)
    try:
        added = target.import_file(file, fmt.value if fmt is not None else None)
    finally:
        target.close()
    typer.echo(f"imported {added} quad{'s' if added != 1 else ''} from {file} into {target.location}")


def remove(
    doc: Annotated[str, typer.Argument(metavar="DOC", help="A document's file name (the 'doc' column), path, URL or IRI.")],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Remove one document's facts; entities no other document mentions go too.

    \b
    Example:
      kg remove 01_kaliningrad_s400_wire.txt
    """
    from kg.documents import remove as remove_
    from kg.questions import using_store

    with using_store(store, read_only=False) as opened:
        report = remove_(doc, store=opened)
    gone = len(report.entities_gone)
    typer.echo(
        f"removed {report.document.doc} ({report.document.graph}); "
        f"{gone} entit{'y' if gone == 1 else 'ies'} no longer mentioned by any document"
    )


# --- formatting --------------------------------------------------------------------------

_FACT_COLUMNS = ("fact", "kind", "role", "summary", "doc", "publisher", "published", "url", "start", "end", "sentence", "offsets_ok")
_VIOLATION_COLUMNS = ("doc", "fact", "path", "message", "severity")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _at(span: Span | None) -> str:
    return f"[{span.start}:{span.end}]" if span is not None else ""


def format_explanation(found: Explanation) -> str:
    """Lay an explanation out for reading: the target, then one block per fact."""
    lines = [found.label]
    if found.row is not None:
        width = max(len(k) for k in found.row) if found.row else 0
        lines += [f"  {k.ljust(width)}  {'' if v is None else v}".rstrip() for k, v in found.row.items()]
    count = len(found.facts)
    check = "offsets match the stored text" if found.offsets_ok else "SOME OFFSETS DO NOT MATCH the stored text"
    lines.append(f"{count} supporting fact{'s' if count != 1 else ''}; {check}")
    for i, fact in enumerate(found.facts, start=1):
        lines.append("")
        lines += _fact_block(i, fact)
    return "\n".join(lines)


def _fact_block(i: int, fact: ExplainedFact) -> list[str]:
    role = {"fact": "", "report": " (reports it)", "acknowledges": " (acknowledges it)", "denies": " (denies it)"}
    how = role.get(fact.role, f" (as {fact.role})")
    what = "" if fact.kind not in ("deployment", "blame") else f"{fact.kind}: "
    out = [f"[{i}] {what}{_one_line(fact.summary)}{how}", f"    fact       {fact.fact}"]
    for slot in fact.slots:
        words = f'"{_one_line(slot.mention.text)}" {_at(slot.mention)}' if slot.mention else ""
        if slot.entity is None:
            out.append(f"    {slot.role:<10} {words}")
        else:
            out.append(f"    {slot.role:<10} {slot.label or '?'}  ←  {words}".rstrip())
    if fact.date:
        out.append(f"    date       {fact.date}")
    if fact.evidence is not None:
        out.append(f"    evidence   {'given' if fact.evidence else 'not given'}")
    for prop, target in fact.links:
        out.append(f"    link       {prop} {target}")
    src = fact.source
    about = " · ".join(x for x in (src.publisher, src.published) if x)
    out.append(f"    document   {src.doc}" + (f" · {about}" if about else ""))
    if src.url:
        out.append(f"    url        {src.url}")
    if fact.sentence is not None:
        out.append(f'    sentence   {_at(fact.sentence)} "{_one_line(fact.sentence.text)}"')
    if fact.extractor:
        out.append(f"    extractor  {fact.extractor}")
    if not fact.offsets_ok:
        out.append("    WARNING    an offset does not cut its text from the stored document; rebuild the article")
    return out


def _fact_row(fact: ExplainedFact) -> dict[str, object]:
    s = fact.sentence
    return {
        "fact": fact.fact,
        "kind": fact.kind,
        "role": fact.role,
        "summary": fact.summary,
        "doc": fact.source.doc,
        "publisher": fact.source.publisher,
        "published": fact.source.published,
        "url": fact.source.url,
        "start": s.start if s else None,
        "end": s.end if s else None,
        "sentence": _one_line(s.text) if s else None,
        "offsets_ok": fact.offsets_ok,
    }


def _violation_row(v: object) -> dict[str, object]:
    return {
        "doc": getattr(v, "doc", None),
        "fact": getattr(v, "focus", None),
        "path": getattr(v, "path", None),
        "message": getattr(v, "message", None),
        "severity": getattr(v, "severity", None),
    }


def _validation_dict(report: ValidationReport) -> dict[str, object]:
    return {
        "ok": report.ok,
        "violations": [_violation_row(v) for v in report.violations],
        "reasoning": report.reasoning,
        "consistent": report.consistent,
        "notes": list(report.notes),
    }


def format_validation(report: ValidationReport) -> str:
    """Each violation as a block (fact, path, message, document), then the reasoning outcome."""
    lines: list[str] = []
    for v in report.violations:
        lines.append(f"{v.severity}: {v.message}")
        lines.append(f"    fact      {v.focus}")
        if v.path:
            lines.append(f"    path      {v.path}")
        lines.append(f"    document  {v.doc or '?'}")
    count = len(report.violations)
    if count:
        lines.append(f"{count} SHACL violation{'s' if count != 1 else ''}")
    else:
        lines.append("SHACL: every fact conforms to the shapes")
    lines += list(report.notes)
    if report.reasoning:
        lines.append(report.reasoning)
    return "\n".join(lines)
