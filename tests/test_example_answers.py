"""Every saved question, asked of the built example corpus, gives the rows expected for it.

The expected answers live in tests/golden/examples/<question>[-<params>].json and are
reviewed like code: an extractor change that moves a row shows up as a diff here
(`pytest --update-golden` rewrites them). A missing file fails; it is never
written silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.questions import questions

pytestmark = pytest.mark.model
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"
PARAMS: dict[str, list[dict[str, str]]] = {
    "statements-by": [{"speaker": "Peskov"}],
    "deployments-of-class": [{"class": "AirDefenceSystem"}],
    "deployments": [{}, {"since": "2024-01-01"}],
}
CASES = [
    pytest.param(q.name, params, id="-".join([q.name, *params.values()]))
    for q in questions()
    for params in PARAMS.get(q.name, [{}])
]


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    store = kg.open_store(tmp_path_factory.mktemp("examples") / "store")
    try:
        report = kg.build([EXAMPLES], store=store)
        assert not report.failures
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("name, params", CASES)
def test_example_answers(name: str, params: dict[str, str], example_store: object, golden_dir: Path, update_golden: bool) -> None:
    rows = kg.ask(name, store=example_store, params=params).rows
    assert rows, f"{name} {params}: no rows on the example corpus"
    got = json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path = golden_dir / "examples" / ("-".join([name, *params.values()]) + ".json")
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
    assert got == path.read_text(encoding="utf-8"), f"{name}: answer changed; run pytest --update-golden and review the diff"
