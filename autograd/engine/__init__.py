"""The engine: values, the rules table, the chain rule, grad mode, and gradients as functions.

Read it in this order: `rules` (the calculus, one row per operation), `value` (the graph node
and its operations), `backprop` (the chain rule). ``from autograd.engine import Value`` is the
same import as micrograd's ``from micrograd.engine import Value``.
"""

from autograd.engine.functional import (
    GradcheckError,
    grad,
    gradcheck,
    gradients,
    hessian,
    value_and_grad,
)
from autograd.engine.grad_mode import enable_grad, is_grad_enabled, no_grad
from autograd.engine.rules import DomainError, Rule
from autograd.engine.value import Value

__all__ = [
    "DomainError",
    "GradcheckError",
    "Rule",
    "Value",
    "enable_grad",
    "grad",
    "gradcheck",
    "gradients",
    "hessian",
    "is_grad_enabled",
    "no_grad",
    "value_and_grad",
]
