"""A remote SPARQL endpoint through the CLI: down, failing, not SPARQL, refusing credentials.

Every failure is one line naming the endpoint, with exit code 3 (store or endpoint
unavailable); a build that cannot write leaves no document behind. The store-level
behaviour (retries, backoff, each status) is in tests/store/test_endpoint.py; the
servers come from tests/servers.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from kgrun import EXAMPLES, kg
from servers import FailingServer, OxigraphServer, free_port
from typer.testing import CliRunner

from kg.cli import app

ARTICLE = EXAMPLES / "04_valdai_pantsir_brief.txt"
GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def run():  # noqa: ANN201
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None):  # noqa: ANN202
        return runner.invoke(app, list(args), prog_name="kg", env=env)

    return invoke


@pytest.fixture
def server() -> Iterator[OxigraphServer]:
    with OxigraphServer() as running:
        yield running


def _graphs(run, url: str) -> int:  # noqa: ANN001
    result = run("query", GRAPHS, "-f", "json", "--endpoint", url)
    assert result.exit_code == 0, result.stderr
    return int(json.loads(result.stdout)[0]["n"])


def test_robust_endpoint_down(run) -> None:  # noqa: ANN001
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run("ask", "deployments", "--endpoint", url)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"Error: endpoint {url}: connection refused; is the server running? after 4 attempts\n"


def test_robust_endpoint_500_is_retried_then_reported(run) -> None:  # noqa: ANN001
    with FailingServer(500, body=b"disk full\nmore detail") as failing:
        result = run("stats", "--endpoint", failing.url)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"Error: endpoint {failing.url}: server error (HTTP 500: disk full) after 4 attempts\n"
    assert failing.hits == 4


def test_robust_endpoint_wrong_content_type(run) -> None:  # noqa: ANN001
    with FailingServer(200, "text/html", b"<html><body>Welcome</body></html>") as failing:
        result = run("ask", "blames", "--store", failing.url)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"Error: endpoint {failing.url}: answered with text/html where SPARQL JSON results was expected; "
        "is this a SPARQL query endpoint?\n"
    )
    assert failing.hits == 1  # not retried: asking again gets the same page


def test_robust_endpoint_refuses_credentials(run) -> None:  # noqa: ANN001
    with FailingServer(401, body=b"bad password") as failing:
        result = run("query", GRAPHS, "--endpoint", failing.url,
                     env={"KG_ENDPOINT_USER": "analyst", "KG_ENDPOINT_PASSWORD": "wrong"})
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"Error: endpoint {failing.url}: refused the credentials (HTTP 401: bad password); "
        "check KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN\n"
    )
    assert failing.authorization == "Basic YW5hbHlzdDp3cm9uZw=="  # analyst:wrong, from the environment
    assert failing.hits == 1


def test_robust_endpoint_token_from_environment(run) -> None:  # noqa: ANN001
    with FailingServer(403) as failing:
        result = run("stats", "--endpoint", failing.url, env={"KG_ENDPOINT_TOKEN": "s3cret"})
    assert result.exit_code == 3
    assert failing.authorization == "Bearer s3cret"


def test_robust_update_endpoint_alone_is_a_usage_error(run, tmp_path: Path) -> None:  # noqa: ANN001
    result = run("ask", "deployments", "--update-endpoint", "http://127.0.0.1:9/update", "--store", str(tmp_path))
    assert (result.exit_code, result.stderr) == (1, "Error: --update-endpoint needs the query endpoint too; pass --endpoint URL\n")


@pytest.mark.model
def test_robust_build_into_an_endpoint_by_graph_store_protocol(server: OxigraphServer, tmp_path: Path, run) -> None:  # noqa: ANN001
    shutil.copyfile(ARTICLE, tmp_path / "valdai.txt")
    result = kg("build", str(tmp_path / "valdai.txt"), "--endpoint", server.query_url,
                "--gsp-endpoint", server.store_url, "--no-progress")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 document: ")
    rows = json.loads(run("ask", "deployments", "-f", "json", "--endpoint", server.query_url).stdout)
    assert rows and {r["doc"] for r in rows} == {"valdai.txt"}
    counts = json.loads(run("stats", "-f", "json", "--store", server.query_url).stdout)
    assert counts["documents"] == 1 and counts["entities"] > 0
    exported = run("export", "-f", "nquads", "--endpoint", server.query_url)
    assert exported.exit_code == 0 and len(exported.stdout.splitlines()) == counts["triples"]


@pytest.mark.model
@pytest.mark.parametrize("write_by", ["--update-endpoint", "--gsp-endpoint"])
def test_robust_build_whose_writes_fail_writes_nothing(server: OxigraphServer, tmp_path: Path, run, write_by: str) -> None:  # noqa: ANN001
    shutil.copyfile(ARTICLE, tmp_path / "valdai.txt")
    with FailingServer(503, body=b"read-only replica") as failing:
        result = kg("build", str(tmp_path / "valdai.txt"), "--endpoint", server.query_url,
                    write_by, failing.url, "--no-progress")
    assert (result.returncode, result.stdout) == (3, "")
    # A Graph Store Protocol PUT names the graph it was writing.
    where = failing.url + ("?graph=https%3A%2F%2Fw3id.org%2Fkg-news%2Fid%2Fgraph%2Fdoc%2Fvaldai.txt" if write_by == "--gsp-endpoint" else "")
    assert result.stderr == f"Error: endpoint {where}: server error (HTTP 503: read-only replica) after 4 attempts\n"
    assert _graphs(run, server.query_url) == 0  # no document, not half of one
