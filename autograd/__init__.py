"""scalar-autograd: a scalar reverse-mode automatic-differentiation engine for teaching backprop.

``from autograd import Value`` is the whole engine: `autograd.ops` holds the derivative rules,
`autograd.graph` the chain rule, `autograd.functional` gradients as functions (`grad`, `hessian`).
"""

from autograd.functional import (
    GradcheckError,
    enable_grad,
    grad,
    gradcheck,
    gradients,
    hessian,
    no_grad,
    value_and_grad,
)
from autograd.value import DomainError, Value

__version__ = "0.1.0"

__all__ = [
    "DomainError",
    "GradcheckError",
    "Value",
    "__version__",
    "enable_grad",
    "grad",
    "gradcheck",
    "gradients",
    "hessian",
    "no_grad",
    "value_and_grad",
]
