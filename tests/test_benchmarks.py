"""Smoke run of benchmarks/compare.py at tiny sizes, so the script cannot rot.

No timing is asserted; what is checked is that every engine computes the same loss and gradients
and that the table has a cell for every engine and workload.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

COMPARE = Path(__file__).resolve().parent.parent / "benchmarks" / "compare.py"


def _load_compare() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_compare", COMPARE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compare() -> ModuleType:
    return _load_compare()


@pytest.fixture(scope="module")
def quick_run(compare: ModuleType) -> tuple[dict[str, Any], list[str]]:
    lines: list[str] = []
    return compare.run(compare.QUICK, out=lines.append), lines


def _torch_installed() -> bool:
    return importlib.util.find_spec("torch") is not None


def test_every_available_engine_is_measured(quick_run: tuple[dict[str, Any], list[str]]) -> None:
    results, _ = quick_run
    expected = [
        "micrograd",
        "autograd Value",
        "autograd nn.MLP",
        "autograd compiled",
        "plain floats",
    ]
    if _torch_installed():
        expected.insert(1, "PyTorch")
    assert results["names"] == expected


def test_every_engine_computes_the_same_loss_and_gradients(
    quick_run: tuple[dict[str, Any], list[str]],
) -> None:
    results, _ = quick_run
    agreement = results["agreement"]
    reference_loss, reference_grads = agreement["autograd Value"]
    assert len(reference_grads) == 2 * 4 + 4 + 4 * 4 + 4 + 4 + 1  # MLP(2, [4, 4, 1])
    assert any(g != 0.0 for g in reference_grads)
    for name, (loss, grads) in agreement.items():
        assert math.isclose(loss, reference_loss, rel_tol=1e-9), name
        assert len(grads) == len(reference_grads), name
        for g, ref in zip(grads, reference_grads, strict=True):
            assert math.isclose(g, ref, rel_tol=1e-9, abs_tol=1e-12), name


def test_the_table_has_a_cell_for_every_engine_and_workload(
    quick_run: tuple[dict[str, Any], list[str]],
) -> None:
    results, lines = quick_run
    n_columns = len(results["names"])
    table = [line for line in lines if line.startswith("| ")]
    labels = [line.split(" | ")[0].lstrip("| ") for line in table[1:]]
    for workload in ("forward", "backward", "update", "free", "total", "sum", "chain", "bytes"):
        assert any(workload in label for label in labels), workload
    for line in table:
        assert line.count("|") == n_columns + 2, line
    assert f"{results['n_nodes']:,} operation nodes" in lines[0]


def test_our_engine_backprops_the_long_sum_and_deep_chain(
    quick_run: tuple[dict[str, Any], list[str]],
) -> None:
    results, _ = quick_run
    assert not [key for key in results["failures"] if key[0].startswith("autograd")]
    assert all(
        not isinstance(cell, str) or "Error" not in cell for cell in results["huge"].values()
    )


def test_the_workloads_give_the_same_numbers_on_every_engine(compare: ModuleType) -> None:
    plain = compare.run_sum(None, 50), compare.run_chain(None, 40)
    ours = (
        compare.run_sum(compare.autograd_engine(), 50),
        compare.run_chain(compare.autograd_engine(), 40),
    )
    micro = (
        compare.run_sum(compare.micrograd_engine(), 50),
        compare.run_chain(compare.micrograd_engine(), 40),
    )
    for result in (ours, micro):
        for (value, grad), (plain_value, plain_grad) in zip(result, plain, strict=True):
            assert math.isclose(value, plain_value, rel_tol=1e-12)
            assert math.isclose(grad, plain_grad, rel_tol=1e-12)


def test_the_agreement_check_names_an_engine_that_disagrees(compare: ModuleType) -> None:
    sizes = compare.QUICK
    points, labels, weights = compare.problem(sizes)
    honest = compare.Contender(compare.autograd_engine(), sizes, points, labels, weights)
    wrong = compare.Contender(compare.micrograd_engine(), sizes, points, labels, weights)
    wrong.name = "off-by-a-bit"
    wrong.params[3].data += 1e-3
    with pytest.raises(RuntimeError, match=r"^off-by-a-bit: loss .* differs from autograd Value"):
        compare.check_mlp_agreement([honest, wrong])

    wrong.params[3].data -= 1e-3
    right_gradients = wrong.gradients
    wrong.gradients = lambda: [g * (1.0 + 1e-6) for g in right_gradients()]
    with pytest.raises(RuntimeError, match=r"^off-by-a-bit: gradient of parameter \d+ is"):
        compare.check_mlp_agreement([honest, wrong])


def test_repeats_must_be_positive(compare: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        compare.main(["--repeats", "0"])
    assert "--repeats must be at least 1, got 0" in capsys.readouterr().err


def test_the_compiled_column_reads_its_data_at_each_call(compare: ModuleType) -> None:
    points, labels, weights = compare.problem(compare.QUICK)
    layer_sizes = (compare.N_INPUTS, *compare.QUICK.hidden_sizes, 1)
    model = compare.HandMLP(compare.Value, layer_sizes, iter(weights))
    step = compare.compiled_mlp_step(model)
    step(points, labels)
    moved = [[x + 0.25 for x in row] for row in points]
    assert step(moved, labels) == compare.mlp_loss(compare.Value, model, moved, labels).data
