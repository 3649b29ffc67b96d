"""The saved questions are plain SPARQL 1.1: rdflib's engine, over the TriG export, gives the same rows.

A second, independent engine (rdflib's in-memory SPARQL) runs every saved question
on the store's export and must answer exactly what the embedded Oxigraph store
answers (rows compared as sorted JSON values). Parameters go in as rdflib
``initBindings`` (bound terms, as in the store), never as text.
"""

from __future__ import annotations

import io
import json

import pytest
from rdflib import Dataset

import kg
from kg.questions import bind_params, questions, to_json

PARAMS: dict[str, list[dict[str, str]]] = {
    "statements-by": [{"speaker": "Peskov"}],
    "deployments-of-class": [{"class": "AirDefenceSystem"}],
    "deployments": [{}, {"since": "2023-01-01"}],
    "timeline": [{}],
    "unacknowledged-deployments": [{}],
}
CASES = [
    pytest.param(q, params, id="-".join([q.name, *params.values()]))
    for q in questions()
    for params in PARAMS.get(q.name, [{}])
]


@pytest.fixture
def exported(sample_store: object) -> Dataset:
    buf = io.BytesIO()
    sample_store.export(buf, "trig")  # type: ignore[attr-defined]
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="trig")
    return ds


def _canon(rows: list[dict[str, object]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


@pytest.mark.parametrize("question, params", CASES)
def test_portable_rdflib_engine_gives_the_same_rows(question: object, params: dict[str, str], sample_store: object, exported: Dataset) -> None:
    embedded = kg.ask(question.name, store=sample_store, params=params).rows  # type: ignore[attr-defined]
    bindings = bind_params(question, params)  # type: ignore[arg-type]
    result = exported.query(question.sparql, initBindings=bindings)  # type: ignore[attr-defined]
    names = [str(v) for v in result.vars]
    rows = [{n: to_json(row[i]) for i, n in enumerate(names)} for row in result]
    assert embedded, f"{question.name} answered nothing on the fixture: the comparison would say nothing"  # type: ignore[attr-defined]
    assert _canon(rows) == _canon(embedded)
