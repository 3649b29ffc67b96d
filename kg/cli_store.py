"""Commands that move the store to or from a server: ``kg push`` and ``kg serve``.

Attached to the ``kg`` app by :mod:`kg.cli`; the same rules hold: parse options,
call one public function of :mod:`kg`, format what it returns. ``kg validate`` and
``kg explain`` (with ``kg import`` and ``kg remove``) live in :mod:`kg.cli_trust`.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

import kg
from kg.cli import DEFAULT_STORE, StoreOption, _ProgressBar, app
from kg.questions import using_store


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
