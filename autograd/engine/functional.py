"""Gradients as functions: `gradients`, `grad`, `value_and_grad` and `hessian`.

`gradients` is like `torch.autograd.grad`; `grad`, `value_and_grad` and `hessian` are like JAX's.
(`gradcheck`, which compares with finite differences, is in numerical.py.)

Everything here calls the one chain rule (`backprop.chain_rule`); it adds no calculus.
"""

from __future__ import annotations

import functools
import numbers

from autograd.engine.backprop import chain_rule
from autograd.engine.grad_mode import enable_grad, require_graph
from autograd.engine.value import Value, as_float

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see grad_mode.py)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any


def gradients(output: Value, inputs: Iterable[Value], create_graph: bool = False) -> list[Any]:
    """∂output/∂input for each input, returned instead of stored (like `torch.autograd.grad`).

    The `grad` attributes of the graph are left as they were. An input the output does not
    depend on gets 0.

    Args:
        output: the Value to differentiate.
        inputs: the Values to differentiate with respect to (leaves or intermediate nodes), in
            a list, a tuple or any other iterable (read once).
        create_graph: return each gradient as a `Value` whose own graph can be differentiated
            again (second derivatives) or drawn; otherwise floats.

    """
    if not isinstance(output, Value):
        raise TypeError(
            f"gradients needs one Value as output, got {type(output).__name__}; "
            f"differentiate a single scalar, e.g. sum(values)"
        )
    inputs = list(inputs)  # an iterator is read once, here (not once to check, once to use)
    for position, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(
                f"gradients: inputs[{position}] is {type(x).__name__} {x!r}, not a Value; "
                f"pass the Values the output was computed from"
            )
    require_graph(output, "gradients")
    if create_graph:
        with enable_grad():  # the gradients' graphs are recorded even inside no_grad()
            found = chain_rule(output, Value(1.0))
        return [found.get(x, Value(0.0)) for x in inputs]  # 0: the output does not use it
    found = chain_rule(output)
    return [float(found.get(x, 0.0)) for x in inputs]


def grad(function: Callable[..., Value], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """The derivative of `function` as a new function: ``grad(f)(x) = ∂f/∂x`` (JAX's `grad`).

    `function` takes numbers or Values and returns one `Value`. Every number argument reaches it
    as a Value, including those not differentiated (they are constants of the graph), so
    ``x.exp()`` works on any of them, as PyTorch users expect; other arguments (lists, models)
    pass through unchanged. Called with numbers, the new function returns floats; called with
    Values (as when it is itself differentiated) it returns Values, so derivatives nest to any
    order: ``grad(grad(f))(x)`` is f''(x).

    Args:
        function: the scalar function to differentiate.
        argnums: which positional argument(s) to differentiate with respect to; an int gives one
            derivative, a tuple of ints a tuple of derivatives (in that order).

    Example:
        >>> grad(lambda x: x.tanh())(0.5)          # 1 - tanh²(0.5)
        0.7864477329659275

    """
    return _differentiate(function, argnums, include_value=False, name="grad")


def value_and_grad(
    function: Callable[..., Value], argnums: int | Sequence[int] = 0
) -> Callable[..., tuple[Any, Any]]:
    """Like `grad`, but the new function returns ``(f(x), ∂f/∂x)`` from one forward pass."""
    return _differentiate(function, argnums, include_value=True, name="value_and_grad")


def hessian(function: Callable[..., Value]) -> Callable[..., list[list[float]]]:
    """The matrix of second derivatives H[i][j] = ∂²f/∂x_i∂x_j, for a function of a few numbers.

    Built by differentiating each first derivative again (`gradients` with ``create_graph``);
    symmetric for smooth functions. The new function takes numbers and returns a list of rows.
    """

    @functools.wraps(function)
    def hessian_function(*numbers: float) -> list[list[float]]:
        inputs = [Value(number_argument(x, "hessian", i)) for i, x in enumerate(numbers)]
        with enable_grad():
            output = call_scalar(function, inputs, "hessian")
            first = gradients(output, inputs, create_graph=True)
            return [gradients(derivative, inputs) for derivative in first]

    return hessian_function


def _differentiate(
    function: Callable[..., Value], argnums: int | Sequence[int], include_value: bool, name: str
) -> Callable[..., Any]:
    if not callable(function):
        raise TypeError(f"{name} needs a function, got {type(function).__name__} {function!r}")
    single = isinstance(argnums, int)
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not positions or not all(isinstance(p, int) and not isinstance(p, bool) for p in positions):
        raise TypeError(f"{name}: argnums must be an int or a tuple of ints, got {argnums!r}")

    @functools.wraps(function)
    def differentiated(*args: Any, **kwargs: Any) -> Any:
        for p in positions:
            if not -len(args) <= p < len(args):
                raise ValueError(
                    f"{name}: argnums={argnums!r} asks for argument {p}, but the function was "
                    f"called with {len(args)} positional argument(s)"
                )
        # Called with Values (e.g. by an outer grad): return Values, so they can be differentiated
        nested = any(isinstance(a, Value) for a in (*args, *kwargs.values()))
        # Every number becomes a Value (those not differentiated are constants of the graph), so
        # methods such as x.exp() work on any argument; others (lists, models) pass unchanged.
        arguments = [Value(a) if _is_number(a) else a for a in args]
        for p in positions:
            if not isinstance(arguments[p], Value):
                arguments[p] = Value(number_argument(arguments[p], name, p))
        with enable_grad():
            output = call_scalar(function, arguments, name, kwargs)
            wrt = [arguments[p] for p in positions]
            found: list[Any] = (
                list(gradients(output, wrt, create_graph=True))
                if nested
                else list(gradients(output, wrt))
            )
        derivative = found[0] if single else tuple(found)
        if include_value:
            return (output if nested else output.data), derivative
        return derivative

    return differentiated


def call_scalar(
    function: Callable[..., Value],
    arguments: Sequence[Any],
    name: str,
    kwargs: dict[str, Any] | None = None,
) -> Value:
    """`function(*arguments)`, which must be one Value; else a TypeError naming `name`."""
    output = function(*arguments, **(kwargs or {}))
    if not isinstance(output, Value):
        raise TypeError(
            f"{name} needs a function that returns one Value, got {type(output).__name__}; "
            f"reduce the result to a single Value (e.g. sum(...)) built from the arguments"
        )
    return output


def _is_number(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def number_argument(x: object, name: str, position: int) -> float:
    """Argument `position` of `name` as a float (a Value's number, or a real number checked)."""
    return x.data if isinstance(x, Value) else as_float(x, f"{name}: argument {position}")


def argument_names(function: Callable[..., Value], count: int) -> list[str]:
    """The function's parameter names where Python can tell, else x0, x1, …."""
    import inspect  # only needed to word an error; kept out of `import autograd`

    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    positional = [
        p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if len(positional) >= count:
        return positional[:count]
    return [f"x{i}" for i in range(count)]
