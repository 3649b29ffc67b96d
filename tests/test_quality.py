"""Extraction quality through the whole path (`kg eval`): read, extract, store, ask, score.

Issue 2's floor is asserted outright; issue 3's targets are asserted too, with
``xfail`` (not strict) only where a measured figure is still short, so the suite
says what is met. Scores on ../shared run only where it exists (CI has it beside
the clone; a user's clone does not). The held-out sets were written by other
hands and never tuned on: their floor guards against regressions, not a target.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def examples_score() -> object:
    return kg.evaluate(ROOT / "examples" / "gold", [ROOT / "examples" / "corpus"])


@pytest.fixture(scope="module")
def shared_score() -> object:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not beside this clone")
    return kg.evaluate(SHARED / "gold", [SHARED / "seeds", SHARED / "dev"])


def test_quality_examples_micro_f1_at_least_0_90(examples_score: object) -> None:
    assert examples_score.micro.f1 >= 0.90, examples_score.as_dict()  # type: ignore[attr-defined]


def test_quality_shared_micro_f1_at_least_0_70(shared_score: object) -> None:
    assert shared_score.micro.f1 >= 0.70, shared_score.as_dict()  # type: ignore[attr-defined]


def test_quality_shared_micro_f1_at_least_0_85(shared_score: object) -> None:
    assert shared_score.micro.f1 >= 0.85, shared_score.as_dict()  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["deployments", "statements", "blames"])
def test_quality_shared_each_kind_at_least_0_80(shared_score: object, kind: str) -> None:
    assert shared_score.kinds[kind].f1 >= 0.80, shared_score.as_dict()  # type: ignore[attr-defined]


def test_quality_shared_acknowledged_flag_right_on_95_percent(shared_score: object) -> None:
    s = shared_score
    assert s.acknowledged_total and s.acknowledged_right / s.acknowledged_total >= 0.95, s.as_dict()  # type: ignore[attr-defined]


# Floors a few points under the figures measured when each set was last scored
# (heldout 0.82, heldout2 0.71, heldout3 0.77, heldout4 0.65; heldout3 was 0.69 and heldout4
# 0.65 when first scored blind).
HELDOUT_FLOORS = {"heldout": 0.75, "heldout2": 0.65, "heldout3": 0.70, "heldout4": 0.60}


@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS))
def test_quality_heldout_does_not_regress(name: str) -> None:
    folder = ROOT / "tests" / name
    score = kg.evaluate(folder / "gold", [folder / "corpus"])
    assert score.micro.f1 >= HELDOUT_FLOORS[name], score.as_dict()
