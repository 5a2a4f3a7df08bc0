"""The code a rule's functions are written in, as text to paste: read from their source with `ast`.

A rule's `forward` and `local` are real functions (rules.py). Here each is read back as code: a
lambda's body, with its arguments as the slots ``{0}``, ``{1}`` … (``out`` last), its closure's
numbers written in, calls of other rules replaced by those rules' own code, ``real(x)`` by ``x``
(compiled code only ever sees floats), and constant arithmetic folded. A named function, such as
`pow_or_inf`, stays a call, and its source goes into the program (`helpers`). As Tangent does:
the code that runs is the code a person wrote, read with `inspect` and `ast`.
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import linecache
import math
import operator
import sys
import textwrap
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograd.engine import functions
from autograd.engine.grad_mode import CompileError
from autograd.engine.rules import Rule

# arithmetic and comparisons of two numbers, done when the code is written: the same float
# operations as at run time, so the same bits
_FOLD: dict[type[ast.AST], Callable[..., Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


@dataclass(frozen=True)
class RuleCode:
    """A rule's code as `str.format` templates: ``{0}``, ``{1}`` its inputs, then ``out``.

    Attributes:
        forward: the output, e.g. ``"math.tanh({0})"``.
        local: ∂out/∂input for each input, e.g. ``("1.0 - {1} * {1}",)``.
        helpers: the named functions the code calls (`pow_or_inf` …), to define in the program.

    """

    forward: str
    local: tuple[str, ...]
    helpers: tuple[Callable[..., Any], ...]


@functools.cache
def rule_code(rule: Rule) -> RuleCode:
    """`rule`'s forward and local derivatives as code templates (read once per rule).

    Raises:
        CompileError: a function of the rule is not a lambda or a named module-level function
            (or its source cannot be read), or `local` does not return a tuple written out.

    """
    n = len(rule.inputs)
    helpers: list[Callable[..., Any]] = []
    forward = _code(rule.forward, rule, helpers)
    local = _code(rule.local, rule, helpers)
    if not isinstance(local, ast.Tuple) or len(local.elts) != n:
        raise CompileError(
            f"compile: rule {rule.name!r}: its local derivatives must be written as a lambda "
            f"returning a tuple of {n} expression(s), e.g. lambda x, out: (1.0 - out * out,)"
        )
    code = (_template(forward, n), *(_template(e, n + 1) for e in local.elts))
    used = [h for h in helpers if any(f"{h.__name__}(" in text for text in code)]  # still called
    return RuleCode(code[0], code[1:], tuple(used))


def _code(function: Callable[..., Any], rule: Rule, helpers: list[Callable[..., Any]]) -> ast.expr:
    """`function`'s body as an expression in slots ``__0__``, ``__1__`` … (its arguments)."""
    if getattr(function, "__name__", "") != "<lambda>":  # a named function: called as it is
        _add_helper(function, rule, helpers)
        code = function.__code__
        arguments: list[ast.expr] = [ast.Name(f"__{i}__") for i in range(code.co_argcount)]
        return ast.Call(ast.Name(function.__name__), arguments, [])
    lam = _lambda_node(function, rule)
    slots: dict[str, ast.expr] = {a.arg: ast.Name(f"__{i}__") for i, a in enumerate(lam.args.args)}
    written: ast.expr = _Writer(function, rule, slots, helpers).visit(_copy(lam.body))
    return written


class _Writer(ast.NodeTransformer):
    """Rewrites a lambda's body: slots for arguments, numbers for closure cells, rules inlined."""

    def __init__(
        self,
        function: Callable[..., Any],
        rule: Rule,
        slots: dict[str, ast.expr],
        helpers: list[Callable[..., Any]],
    ) -> None:
        self.function, self.rule, self.slots, self.helpers = function, rule, slots, helpers

    def lookup(self, name: str) -> Any:
        """What `name` means in the function: a closure cell's content, a global, a builtin."""
        code = self.function.__code__
        if name in code.co_freevars:
            closure = self.function.__closure__ or ()
            return closure[code.co_freevars.index(name)].cell_contents
        return self.function.__globals__.get(name, getattr(builtins, name, None))

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id in self.slots:
            return _copy(self.slots[node.id])
        if _is_slot(node.id):  # already a slot (code inlined from another rule)
            return node
        value = self.lookup(node.id)
        if isinstance(value, float | int) and not isinstance(value, bool):
            return number(float(value))
        if isinstance(value, types.ModuleType) and value is math:
            return node
        if callable(value) and not isinstance(value, Rule) and value is not functions.real:
            _add_helper(value, self.rule, self.helpers)
            return node
        raise _unreadable(self.rule, f"the name {node.id!r}")

    def visit_Call(self, node: ast.Call) -> ast.expr:
        arguments: list[ast.expr] = [self.visit(a) for a in node.args]
        callee = self.lookup(node.func.id) if isinstance(node.func, ast.Name) else None
        if callee is functions.real:  # compiled code sees only floats: real(x) is x
            return arguments[0]
        if isinstance(callee, Rule):  # another rule: its forward code, on these arguments
            inner = _code(callee.forward, callee, self.helpers)
            inlined: ast.expr = self.visit(_Substitute(arguments).visit(inner))
            return inlined
        if callee is functions.pow_or_inf and len(arguments) == 2:  # x^1 is x, x^0 is 1: exactly
            exponent = _constant(arguments[1])
            if exponent in (0.0, 1.0):
                return number(1.0) if exponent == 0.0 else arguments[0]
        node.func = self.visit(node.func)
        node.args = arguments
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        fold = _FOLD.get(type(node.op))
        left, right = _constant(node.left), _constant(node.right)
        if fold is not None and left is not None and right is not None:
            return number(fold(left, right))  # the same float arithmetic as at run time
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.expr:
        self.generic_visit(node)
        left, right = _constant(node.left), [_constant(c) for c in node.comparators]
        if left is None or None in right or len(right) != 1 or type(node.ops[0]) not in _FOLD:
            return node
        return ast.Constant(_FOLD[type(node.ops[0])](left, right[0]))

    def visit_IfExp(self, node: ast.IfExp) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.test, ast.Constant) and isinstance(node.test.value, bool):
            return node.body if node.test.value else node.orelse
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.expr:
        self.generic_visit(node)
        operand = _constant(node.operand)
        if isinstance(node.op, ast.USub) and operand is not None:
            return number(-operand)
        return node


class _Substitute(ast.NodeTransformer):
    """Puts argument expressions into the slots ``__0__``, ``__1__`` … of inlined code."""

    def __init__(self, arguments: list[ast.expr]) -> None:
        self.arguments = arguments

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return _copy(self.arguments[int(node.id[2:-2])]) if _is_slot(node.id) else node


def _is_slot(name: str) -> bool:
    return name.startswith("__") and name.endswith("__") and name[2:-2].isdigit()


def number(x: float) -> ast.expr:
    """A float as an expression: its `repr` (exact), a sign in front, inf and nan by name."""
    if math.isnan(x):
        return ast.Attribute(ast.Name("math"), "nan")
    magnitude = ast.Attribute(ast.Name("math"), "inf") if math.isinf(x) else ast.Constant(abs(x))
    return ast.UnaryOp(ast.USub(), magnitude) if math.copysign(1.0, x) < 0 else magnitude


def _constant(node: ast.expr) -> float | None:
    """The number an expression written by `number` stands for; None for anything else."""
    if isinstance(node, ast.Constant) and type(node.value) is float:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant(node.operand)
        return None if inner is None else -inner
    return None


def _template(expression: ast.expr, n_slots: int) -> str:
    """The expression as text with ``{0}``, ``{1}`` … for its slots (braces in it escaped)."""
    text = ast.unparse(expression).replace("{", "{{").replace("}", "}}")
    for i in range(n_slots):
        text = text.replace(f"__{i}__", f"{{{i}}}")
    return text


def _copy(node: ast.expr) -> ast.expr:
    copied: ast.expr = ast.parse(ast.unparse(node), mode="eval").body
    return copied


def _add_helper(function: Any, rule: Rule, helpers: list[Callable[..., Any]]) -> None:
    """Note a named function the code calls; it must be a plain module-level function."""
    if not inspect.isfunction(function) or function.__name__ == "<lambda>":
        raise _unreadable(rule, f"a call of {function!r}")
    if function not in helpers:
        helpers.append(function)


def _unreadable(rule: Rule, what: str) -> CompileError:
    return CompileError(
        f"compile: rule {rule.name!r} uses {what}, which compile cannot write into its program; "
        f"a rule's code may use its inputs, numbers, math, other rules and named module-level "
        f"functions"
    )


@functools.cache
def _parsed(filename: str) -> ast.Module:
    """A source file's tree; linecache also knows Jupyter's cells, which are no files on disk."""
    return ast.parse("".join(linecache.getlines(filename)), filename)


def _lambda_node(function: Any, rule: Rule) -> ast.Lambda:
    """The `ast.Lambda` that made `function`: on its line, with its arguments (and columns)."""
    code = function.__code__
    try:
        tree = _parsed(code.co_filename)
    except (SyntaxError, ValueError):  # the file is not Python now (linecache reads any file)
        raise _unreadable(rule, "a lambda whose source cannot be read") from None
    names = list(code.co_varnames[: code.co_argcount])
    found = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Lambda)
        and node.lineno == code.co_firstlineno
        and [a.arg for a in node.args.args] == names
    ]
    if len(found) > 1 and sys.version_info >= (3, 11):  # tell them apart by where the body is
        columns = [c for (_, _, c, _) in code.co_positions() if c]
        found = [node for node in found if node.body.col_offset == min(columns, default=-1)]
    if not found:  # the file changed since, or the code was typed at a prompt
        raise _unreadable(rule, "a lambda whose source cannot be read (write it in a file or cell)")
    if len(found) != 1:
        raise _unreadable(rule, "a lambda that cannot be told apart from another on its line")
    return found[0]


def helper_source(function: Callable[..., Any]) -> tuple[str, dict[str, float]]:
    """A helper's source without its type hints, and the module-level numbers it reads.

    Without the hints (``x: float``), the copy needs no imports of its own: a program that
    defines it runs anywhere.
    """
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            node.returns = None
            for argument in node.args.args:
                argument.annotation = None
    numbers = {
        name: value
        for name in function.__code__.co_names
        if isinstance(value := function.__globals__.get(name), float)
    }
    return ast.unparse(tree) + "\n", numbers
