"""scalar-autograd: a scalar reverse-mode automatic-differentiation engine for teaching backprop.

Three layers: `autograd.engine` (values, the rules table, the chain rule), `autograd.nn`
(neurons, layers, losses, optimisers, training) and `autograd.viz` (drawing, the backprop
player, explanations, plots); and `autograd.compiler`, which runs a traced graph as generated
Python. ``from autograd import Value`` is all the engine needs.
"""

from autograd.compiler import CompileError, compile
from autograd.engine import (
    DomainError,
    GradcheckError,
    Rule,
    Value,
    enable_grad,
    grad,
    gradcheck,
    gradients,
    hessian,
    is_grad_enabled,
    no_grad,
    value_and_grad,
)

__version__ = "0.2.0"

__all__ = [
    "CompileError",
    "DomainError",
    "GradcheckError",
    "Rule",
    "Value",
    "__version__",
    "compile",
    "enable_grad",
    "grad",
    "gradcheck",
    "gradients",
    "hessian",
    "is_grad_enabled",
    "no_grad",
    "value_and_grad",
]
