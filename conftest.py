"""Repository-wide pytest settings: notebooks that need PyTorch skip, with a reason, without it.

PyTorch is optional (the ``torch`` extra), so ``make test`` must pass without it. This file sits
at the repository root so that it applies to both test paths, ``tests`` and ``notebooks``
(nbmake collects each notebook as one test item).
"""

from __future__ import annotations

import importlib.util

import pytest

NEEDS_TORCH = ("09_from_scalars_to_tensors.ipynb",)  # notebooks that import torch
TORCH_MISSING = (
    "needs PyTorch, which is not installed; to run it: pip install 'scalar-autograd[torch]'"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the notebooks in `NEEDS_TORCH` as skipped when torch cannot be found."""
    if importlib.util.find_spec("torch") is not None:
        return
    skip = pytest.mark.skip(reason=TORCH_MISSING)
    for item in items:
        if item.path.name in NEEDS_TORCH:
            item.add_marker(skip)
