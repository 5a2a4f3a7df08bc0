"""The shape of the package: layers, no import circles, no private names across modules.

Also: one chain-rule loop, a core small enough to read, and a light `import autograd`.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "autograd"
CORE = ("engine/rules.py", "engine/value.py", "engine/backprop.py")  # and what they import
CORE_BUDGET = 300  # lines of code, as ../shared/tools/code_lines.py counts them


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def runtime_imports(tree: ast.Module, known: set[str] | None = None) -> set[str]:
    """Modules imported at import time: module level, not under `if TYPE_CHECKING:`.

    ``from package import module`` counts as importing that module (the package is already
    being set up when one of its own modules does this).
    """
    known = known or set()
    imported: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                break
            if isinstance(child, ast.ImportFrom) and child.module:
                for alias in child.names:
                    submodule = f"{child.module}.{alias.name}"
                    imported.add(submodule if submodule in known else child.module)
            elif isinstance(child, ast.Import):
                imported.update(alias.name for alias in child.names)
    return {name for name in imported if name.startswith("autograd")}


def test_there_is_no_import_circle() -> None:
    trees = modules()
    graph = {name: runtime_imports(tree, set(trees)) & set(trees) for name, tree in trees.items()}
    for name in graph:  # a package imports its parent packages implicitly: not a circle
        graph[name] = {other for other in graph[name] if not name.startswith(other + ".")}
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                raise AssertionError(f"import circle: {' -> '.join([*path, name, other])}")
            if other not in state:
                visit(other, [*path, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_no_module_imports_another_modules_private_names() -> None:
    for name, tree in modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("autograd"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{name} imports {private} from {node.module}"


def test_the_layers_depend_downwards_only() -> None:
    """engine ← nn, viz, compiler; the engine imports none of them; viz does not import nn."""
    for name, tree in modules().items():
        imported = runtime_imports(tree)
        if name.startswith("autograd.engine"):
            assert not {i for i in imported if i.startswith(("autograd.nn", "autograd.viz"))}, name
        if name.startswith("autograd.viz") and name != "autograd.viz.plot":
            assert not {i for i in imported if i.startswith("autograd.nn")}, name


def test_the_cli_is_a_thin_layer_over_the_library() -> None:
    """cli.py reads options, calls the library and prints: it builds no graph of its own (no
    engine import, no Value), and each command is one function that argparse dispatches to."""
    tree = modules()["autograd.cli"]
    imported = runtime_imports(tree)
    assert not {name for name in imported if name.startswith("autograd.engine")}, imported
    assert "Value" not in {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    source = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert source.count("set_defaults(run=") == 3  # demo, train, exercises


def test_the_chain_rule_loop_is_written_once() -> None:
    """Only backprop.py multiplies a local derivative by an upstream gradient over all nodes."""
    loops = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"for node in reversed\(.*order", text) and re.search(
            r"local_grad\s*\*\s*upstream", text
        ):
            loops.append(path.relative_to(ROOT).as_posix())
    assert loops == ["autograd/engine/backprop.py"]


def core_files() -> list[str]:
    """The core, counted honestly: rules, value, backprop and every engine module they import,
    at any depth (lazy imports in functions too; only `if TYPE_CHECKING:` ones are left out)."""
    found: set[str] = set()
    todo = [name.removeprefix("engine/").removesuffix(".py") for name in CORE]
    while todo:
        name = todo.pop()
        path = PACKAGE / "engine" / f"{name}.py"
        if name in found or not path.exists():
            continue
        found.add(name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("autograd.engine."):
                    todo.append(node.module.split(".")[2])
                elif node.module == "autograd.engine":
                    todo += [alias.name for alias in node.names]
    return [str(PACKAGE / "engine" / f"{name}.py") for name in sorted(found)]


def test_the_core_is_counted_with_everything_it_imports() -> None:
    names = {Path(f).name for f in core_files()}
    assert {"rules.py", "value.py", "backprop.py", "grad_mode.py", "functions.py"} <= names
    assert "functional.py" not in names  # the gradient API sits on top of the core


def test_the_core_stays_within_its_budget() -> None:
    tool = ROOT.parent / "shared" / "tools" / "code_lines.py"
    files = core_files()
    if tool.exists():
        done = subprocess.run(
            [sys.executable, str(tool), *files], capture_output=True, text=True, check=True
        )
        total = int(done.stdout.strip().splitlines()[-1].split()[0])
    else:  # the same count: lines with code, not blank, comments or docstrings
        total = sum(_code_lines(Path(f)) for f in files)
    assert total <= CORE_BUDGET, f"the core has {total} lines of code; its budget is {CORE_BUDGET}"


def _code_lines(path: Path) -> int:
    import io
    import tokenize

    source = path.read_text(encoding="utf-8")
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                and first.end_lineno is not None
            ):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip and token.type != tokenize.ENDMARKER:
            lines.update(n for n in range(token.start[0], token.end[0] + 1) if n not in docstrings)
    return len(lines)


def test_import_autograd_loads_no_heavy_library() -> None:
    """`import autograd` stays instant (its time is measured with `python -X importtime`, not
    asserted here): it must not pull in numpy, matplotlib, torch, graphviz or tqdm."""
    code = (
        "import sys, autograd; "
        "print([m for m in ('numpy', 'matplotlib', 'torch', 'graphviz', 'tqdm') "
        "if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_import_autograd_loads_no_typing_machinery() -> None:
    """typing, dataclasses (with inspect, ast, dis, tokenize) and re were half of `import
    autograd`'s time (28 of 53 ms median, `python -X importtime`): the engine imports typing's
    names only for type checkers, under ``TYPE_CHECKING = False``."""
    heavy = ("typing", "dataclasses", "inspect", "ast", "re", "tokenize")
    code = (
        "import sys; before = set(sys.modules); import autograd; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules and m not in before))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


# ----- the compiler: three readers of the graph, in small pieces ---------------------------------

COMPILER = PACKAGE / "compiler"
MAX_FUNCTION_LINES = 40  # lines of code in any one function of the compiler
MAX_MUTABLE_ATTRIBUTES = 8  # per class of the compiler


def _function_lines(source: str, function: ast.FunctionDef) -> int:
    """Lines of code in `function`: not blank, not comments, not its docstring."""
    body = function.body
    start = body[0].lineno
    if isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        start = (body[0].end_lineno or start) + 1
    lines = source.splitlines()[start - 1 : function.end_lineno]
    return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))


def _mutable_attributes(cls: ast.ClassDef) -> set[str]:
    """What a class's methods assign (``self.x = …``), and a mutable dataclass's fields."""
    names = {
        target.attr
        for node in ast.walk(cls)
        for target in getattr(node, "targets", [getattr(node, "target", None)])
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    }
    decorators = [ast.unparse(d) for d in cls.decorator_list]
    if any(d.startswith("dataclass") and "frozen=True" not in d for d in decorators):
        names |= {
            n.target.id
            for n in cls.body
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
        }
    return names


def test_the_compiler_is_three_readers_of_the_graph() -> None:
    modules = {path.stem for path in COMPILER.glob("*.py")}
    assert {"trace", "emit", "scale"} <= modules
    for path in COMPILER.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                lines = _function_lines(source, node)
                assert lines <= MAX_FUNCTION_LINES, f"{path.name}: {node.name} has {lines} lines"
            if isinstance(node, ast.ClassDef):
                attributes = _mutable_attributes(node)
                assert len(attributes) <= MAX_MUTABLE_ATTRIBUTES, (path.name, node.name, attributes)


def test_segmenting_changes_the_program_of_a_big_graph() -> None:
    """Segments really are used above CHUNK_LINES (the switch cannot be off unnoticed)."""
    import autograd
    from autograd.compiler import scale
    from autograd.compiler import step as step_module  # (loaded by the first compile)

    xs = [autograd.Value(float(i)) for i in range(60)]
    with __import__("pytest").MonkeyPatch.context() as patch:
        patch.setattr(step_module, "COMPACT_ABOVE_NODES", 0)
        patch.setattr(scale, "CHUNK_LINES", 10)
        step = autograd.compile(lambda: sum((x * x).tanh() for x in xs))
        source = step.source()
        assert source.count("def segment_") >= 6 and "V[" in source
        value = step()
    expected = sum((autograd.Value(float(i)) * float(i)).tanh() for i in range(60))
    assert value == expected.data
