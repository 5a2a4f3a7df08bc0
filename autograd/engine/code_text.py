"""Rule code as text: renaming the variables of a rule's expression, and defining a function.

The engine uses them to make the versions of a rule that read each node's number (``x`` becomes
``x.data``); the compiler uses `rename` to write a rule's code with its slots' names (``x`` →
``v3``).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Mapping
from typing import Any

# a name, a dotted name or a number without a sign (1e-05 too): safe without parentheses
_ATOM = re.compile(r"[\w.]+|[\d.]+e[-+]\d+")


def rename(code: str, names: Mapping[str, str]) -> str:
    """`code`, a one-line Python expression, with each variable in `names` replaced.

    Only whole names are replaced, never attributes (the ``x`` of ``math.x``) or parts of longer
    names (``exp_or_inf``). A replacement that is not a plain name or number, such as ``-2.0``,
    is put in parentheses, so ``x ** 2`` never becomes ``-2.0 ** 2``.
    """
    if "\n" in code.strip():
        raise ValueError(f"rule code must be one expression on one line, got {code!r}")
    pieces: list[str] = []
    end = 0
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.NAME and token.string in names and previous != ".":
            new = names[token.string]
            pieces += [code[end : token.start[1]], parenthesized(new)]
            end = token.end[1]
        previous = token.string
    return "".join(pieces) + code[end:]


def parenthesized(code: str) -> str:
    """`code` safe inside a larger expression: in parentheses unless it is a name or a number.

    So ``x ** 2`` with -2.0 for x becomes ``(-2.0) ** 2``, never ``-2.0 ** 2``.
    """
    return code if _ATOM.fullmatch(code) else f"({code})"


def define(code: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    """The function that `code`, one ``def`` statement, defines, with `namespace` as its globals."""
    made: dict[str, Any] = {}
    exec(code, namespace, made)
    (function,) = made.values()
    return function  # type: ignore[no-any-return]
