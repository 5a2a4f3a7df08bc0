"""scalar-autograd: a scalar reverse-mode automatic-differentiation engine for teaching backprop.

``from autograd import Value`` is the whole engine; `autograd.ops` holds the derivative rules and
`autograd.graph` the chain rule.
"""

from autograd.functional import no_grad
from autograd.value import DomainError, Value

__version__ = "0.1.0"

__all__ = ["DomainError", "Value", "__version__", "no_grad"]
