"""The engine: values, the rules table, the chain rule, grad mode, and gradients as functions.

Read it in this order: `rules` (the calculus, one row per operation), `value` (the graph node
and its operations), `backprop` (the chain rule). Gradients as functions are in `functional`,
checking them against finite differences in `numerical`. (micrograd's ``Value`` is
``autograd.micrograd.engine.Value``.)
"""

from autograd.engine.functional import grad, gradients, hessian, value_and_grad
from autograd.engine.grad_mode import CompileError, enable_grad, is_grad_enabled, no_grad
from autograd.engine.numerical import GradcheckError, gradcheck
from autograd.engine.rules import DomainError, Rule
from autograd.engine.value import Value

__all__ = [
    "CompileError",
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
