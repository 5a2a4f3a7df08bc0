"""Exercises whose answers the library checks, with feedback that says where and why.

Each checker takes a student's answer and returns a `Feedback`: correct, partly done, wrong (with
the node or input where it goes wrong, the likely mistake in plain words, and a picture of the
graph where one helps), "not answered yet" for a stub (`None`, ``...``, `NotImplementedError`),
or "not verified" when nothing could be compared. Correct is earned: each checker's docstring
says what it compares, and at least one comparison is made. The full answer is shown only after
two real tries or on request (``reveal=True``; `ATTEMPTS`, `reset_attempts`).

- derivatives: `check_derivative` (f′ by hand), `check_rule` (a rule's forward and derivative).
- activations: `check_vanishing_gradient` (sigmoid), `check_dead_relu`.
- descent: `check_update_rule`, `check_learning_rate`, `check_training` (a loss history on XOR).
- by hand: `check_grads` (every node of a small graph), `check_softmax_nll`.
- backward: `check_topological_order`, `check_backward`, on `MiniValue` graphs.

The notebooks in ``notebooks/exercises/`` use them; `copy_exercise_notebooks` hands them out.
"""

from autograd.exercises.activations import check_dead_relu, check_vanishing_gradient
from autograd.exercises.backward import check_backward, check_topological_order
from autograd.exercises.by_hand import (
    EXPECTED_GRADS,
    EXPECTED_LOSS,
    SOFTMAX_LOGITS,
    SOFTMAX_TARGET,
    check_grads,
    check_softmax_nll,
)
from autograd.exercises.derivatives import check_derivative, check_rule
from autograd.exercises.descent import check_learning_rate, check_training, check_update_rule
from autograd.exercises.feedback import (
    ATTEMPTS,
    CORRECT,
    NOT_ANSWERED,
    PARTIAL,
    UNVERIFIED,
    WRONG,
    Feedback,
    attempts,
    reset_attempts,
)
from autograd.exercises.mini import MiniValue
from autograd.exercises.notebooks import copy_exercise_notebooks, exercise_notebooks

__all__ = [
    "ATTEMPTS",
    "CORRECT",
    "EXPECTED_GRADS",
    "EXPECTED_LOSS",
    "NOT_ANSWERED",
    "PARTIAL",
    "SOFTMAX_LOGITS",
    "SOFTMAX_TARGET",
    "UNVERIFIED",
    "WRONG",
    "Feedback",
    "MiniValue",
    "attempts",
    "check_backward",
    "check_dead_relu",
    "check_derivative",
    "check_grads",
    "check_learning_rate",
    "check_rule",
    "check_softmax_nll",
    "check_topological_order",
    "check_training",
    "check_update_rule",
    "check_vanishing_gradient",
    "copy_exercise_notebooks",
    "exercise_notebooks",
    "reset_attempts",
]
