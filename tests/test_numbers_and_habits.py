"""A Value where Python expects a number, and the habits students bring from PyTorch.

Implicit conversion is an error that names the fix (`float(v)`, `math.exp(v)` would cut the
graph); formatting and rounding read the number; ``grad = None`` counts as zero; a non-number in
``.data`` is named. And the gradient API's edges: iterators, argnums, tolerances, nan slopes.
"""

from __future__ import annotations

import math
import re

import pytest

import autograd
from autograd import GradcheckError, Value, grad, gradcheck, gradients, hessian
from autograd.engine import numerical
from autograd.nn import SGD

# ----- issue 19 item 0: implicit conversion cuts the graph, so it is an error -----------------


@pytest.mark.parametrize("convert", [float, math.exp, math.tanh, math.log1p, math.sqrt])
def test_turning_a_value_into_a_plain_number_is_an_error_that_names_the_fix(
    convert: object,
) -> None:
    w = Value(0.5, label="w")
    with pytest.raises(TypeError, match=r"cut.*graph.*v\.exp\(\).*v\.data"):
        convert(w)  # type: ignore[operator]


def test_the_silent_mistakes_of_the_issue_now_raise() -> None:
    w = Value(0.5)
    with pytest.raises(TypeError, match="cuts the graph"):
        _ = w * math.exp(w)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cuts the graph"):
        Value(math.tanh(w * 2.0))  # type: ignore[arg-type]
    right = w * w.exp()  # the fix the message names
    right.backward()
    assert w.grad == pytest.approx(math.exp(0.5) * 1.5)  # 2.4731, as the issue says


def test_the_number_on_purpose_is_data() -> None:
    w = Value(0.5)
    assert w.data == 0.5
    assert math.exp(w.data) == math.exp(0.5)


# ----- issue 20 item 5: numbers in strings -----------------------------------------------------


def test_format_and_round_use_the_number_and_leave_the_graph_alone() -> None:
    a = Value(2.0, label="a")
    loss = (a * 1.23456).tanh()
    assert f"{loss:.4f}" == f"{loss.data:.4f}"
    assert f"{loss:>10.2e}" == f"{loss.data:>10.2e}"
    assert round(loss, 2) == round(loss.data, 2) and isinstance(round(loss, 2), float)
    assert round(Value(2.6)) == 3 and isinstance(round(Value(2.6)), int)
    assert f"{loss}" == repr(loss)  # no format spec: the Value itself
    loss.backward()
    assert a.grad == pytest.approx(1.23456 * (1 - math.tanh(2 * 1.23456) ** 2))


# ----- issue 20 item 6: PyTorch habits ---------------------------------------------------------


def test_grad_none_counts_as_zero_as_pytorchs_set_to_none_leaves_it() -> None:
    a = Value(3.0)
    a.grad = None  # type: ignore[assignment]
    (a * 2).backward()
    assert a.grad == 2.0
    b = Value(1.0)
    step = autograd.compile(lambda: b * 5.0)
    b.grad = None  # type: ignore[assignment]
    assert step() == 5.0 and b.grad == 5.0


def test_sgd_leaves_a_parameter_with_no_gradient_as_it_is() -> None:
    used, unused = Value(1.0), Value(2.0)
    (used * 3.0).backward()
    unused.grad = None  # type: ignore[assignment]
    for momentum in (0.0, 0.9):
        before = unused.data
        SGD([used, unused], lr=0.1, momentum=momentum).step()
        assert unused.data == before
    assert used.data < 1.0


def test_data_that_is_not_a_number_is_named_at_use() -> None:
    a = Value(1.0, label="a")
    a.data = "x"  # type: ignore[assignment]
    with pytest.raises(TypeError, match=re.escape(".data must be a float, got ['x', 2.0]")):
        a * 2


# ----- issue 19 items 4-6: the gradient API's edges --------------------------------------------


def test_hessian_of_a_power_with_a_negative_base_is_nan_wherever_y_is_involved() -> None:
    """As PyTorch: the slope of (-2)^y in y is nan, and so are its own derivatives."""
    h = hessian(lambda x, y: x**y)(-2.0, 3.0)
    assert h[0][0] == pytest.approx(-12.0)
    assert math.isnan(h[0][1]) and math.isnan(h[1][0]) and math.isnan(h[1][1])


def test_gradients_reads_an_iterator_once() -> None:
    a, b = Value(3.0), Value(4.0)
    out = a * b
    assert gradients(out, iter([a, b])) == [4.0, 3.0]
    assert gradients(out, (v for v in (b, a))) == [3.0, 4.0]


def test_an_input_the_output_ignores_gets_zero_also_as_a_graph() -> None:
    a, unused = Value(3.0), Value(4.0)
    (ga, gu) = gradients(a * a, [a, unused], create_graph=True)
    assert ga.data == 6.0 and gu.data == 0.0
    assert gradients(a * a, [unused]) == [0.0]


def test_argnums_must_be_whole_numbers_in_range() -> None:
    with pytest.raises(TypeError, match="argnums must be an int"):
        grad(lambda x: x * x, argnums=True)(3.0)  # type: ignore[arg-type]
    assert grad(lambda x: x * x, argnums=-1)(3.0) == 6.0
    with pytest.raises(ValueError, match=r"argnums=1 asks for argument 1.*1 positional"):
        grad(lambda x: x * x, argnums=1)(3.0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"eps": 0.0}, "eps must be a small positive number, got 0.0"),
        ({"eps": -1e-6}, "eps must be a small positive number"),
        ({"eps": math.nan}, "eps must be a small positive number, got nan"),
        ({"atol": math.nan}, "atol must be a finite number ≥ 0, got nan"),
        ({"rtol": -1.0}, "rtol must be a finite number ≥ 0"),
        ({"order": True}, "order must be a whole number ≥ 1"),
    ],
)
def test_gradcheck_tolerances_are_checked(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        gradcheck(lambda x: x.tanh(), 0.3, **options)  # type: ignore[arg-type]


def test_gradcheck_checks_each_argument_in_order_and_names_the_first_wrong_one() -> None:
    wrong = autograd.Rule("wrong", lambda x, y: x * y, lambda x, y, out: (y, 2.0 * x), "∂ wrong")
    with pytest.raises(GradcheckError, match=r"∂f/∂b at a=2\.0, b=3\.0"):
        gradcheck(lambda a, b: Value.apply(wrong, a, b), 2.0, 3.0)


def test_numerical_checking_lives_in_one_module() -> None:
    """Central differences are computed in autograd/engine/numerical.py only."""
    package = autograd.__file__.rsplit("/", 1)[0]
    import pathlib

    found = [
        path.name
        for path in pathlib.Path(package).rglob("*.py")
        if re.search(r"/ \(2\.0 \* (h|eps)\)", path.read_text(encoding="utf-8"))
    ]
    assert found == ["numerical.py"]
    estimate, note = numerical.central_difference(lambda x: abs(x), [0.0], 0)
    assert note.startswith("a kink")
    estimate, note = numerical.central_difference(lambda x: x * x, [3.0], 0)
    assert note == "" and estimate == pytest.approx(6.0)
