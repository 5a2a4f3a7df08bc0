# %% [markdown]
# # 8 · The code backprop writes
#
# Backprop is an algorithm, but for one graph it is also just a list of arithmetic steps: the
# forward pass computes each node from its parents, the backward pass adds each edge's
# contribution, local derivative × upstream gradient, into a gradient. `autograd.compile` writes
# that list out as Python — one line per operation forward, one line per edge backward — and
# runs it. The result is the same numbers `backward()` gives, bit for bit, many times faster,
# and a program you can read.
#
# 1. The code for `tanh(a·b + a²)`, line by line.
# 2. One neuron: its code, its graph and the backprop player's steps side by side.
# 3. A ReLU's branch is taken at run time; Python's own `if` on a Value is refused.
# 4. How much faster: dynamic graph against compiled program on the MLP of notebook 6.

# %%
import random
import time

import matplotlib.pyplot as plt

from autograd import Value, compile
from autograd.nn import MLP
from autograd.nn.data import moons, to_signed
from autograd.nn.losses import hinge, l2_penalty
from autograd.viz import backprop_steps, draw_dot

# %% [markdown]
# ## 1 · `tanh(a·b + a²)`
#
# `compile(fn)` returns a step. The first call **traces** `fn`: it runs it once on Values,
# exactly as usual, and then writes the graph it built as code. `step.source()` shows the code.

# %%
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
step = compile(lambda: (a * b + a**2).tanh())
print(step.source())

# %% [markdown]
# Read it top to bottom:
#
# - It is a whole module: it imports `math` and defines the one helper its lines call,
#   `pow_or_inf` (`**` that gives `inf` instead of an error when the result is too big for a
#   float, as PyTorch does), copied from the library. Paste it anywhere and it runs.
# - `a = P[0].data` reads the parameter `a` (the list `P` holds the Values the function uses, in
#   the order the program first reads them, so a changed `a.data` is seen at the next call).
# - Each forward line is one node, in the order the function computed them, with the code of its
#   rule's function in the rules table: `v3 = a * b`, `L = math.tanh(v4)`. The names are the
#   drawings' and `explain`'s: a label, or `v` and the node's place in the topological order.
# - `g_L = 1.0` is the seed, ∂L/∂L. Then come the edges, from the output back: each line adds
#   local derivative × upstream gradient into the parent's gradient, and its comment is the
#   rule's formula. `tanh`'s local derivative `1 - L·L` uses the node's own output `L`.
# - A `+` passes its gradient on unchanged (its local derivative is 1), so `g_v3` and `g_v1` *are*
#   `g_v4`: the code says so in a comment instead of copying a number.
# - `a` is used twice — in `a * b` and in `a ** 2` — so its gradient gets two lines, `g_a = …`
#   and `g_a += …`: the sum over paths of notebook 1, written out.
# - `G[0] = g_a` hands the finished gradient to the step, which adds it into `a.grad` when the
#   program has finished, exactly as `backward()` does for a leaf (so an error half-way through
#   changes no `.grad`).
#
# Calling the step runs the code and returns the output's number:

# %%
a.grad = b.grad = 0.0
print("compiled:", step(), a.grad, b.grad)

dynamic_a, dynamic_b = Value(2.0), Value(-3.0)
dynamic = (dynamic_a * dynamic_b + dynamic_a**2).tanh()
dynamic.backward()
print("dynamic: ", dynamic.data, dynamic_a.grad, dynamic_b.grad)
assert (step.source() != "") and (a.grad, b.grad) == (dynamic_a.grad, dynamic_b.grad)

# %% [markdown]
# The same three numbers, to the last bit: the program does the same float operations in the
# same order as the chain-rule loop in `autograd/engine/backprop.py`.
#
# ## 2 · One neuron: code, graph and player side by side
#
# The lecture's neuron, $\text{out} = \tanh(x_1w_1 + x_2w_2 + b)$, with a squared error.
# Inputs passed as arguments become **inputs** of the program (`X[0]`, `X[1]`): the same
# program then serves any other example.

# %%
w1, w2, bias = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.88, label="b")


def neuron_loss(x1: float, x2: float, target: float) -> Value:
    net = w1 * x1 + w2 * x2 + bias
    net.label = "net"
    out = net.tanh()
    out.label = "out"
    loss = (out - target) ** 2
    loss.label = "loss"
    return loss


neuron_step = compile(neuron_loss)
print(neuron_step.source(2.0, 0.5, 1.0))

# %% [markdown]
# The drawing below names every node the way the code does (every drawing, `explain` and the
# player use these names): labelled nodes by their labels, the others `v` + their place in the
# topological order; each edge carries its local derivative by name, such as `∂out/∂net`. Find
# `g_out`: its line multiplies the upstream gradient by the squared error's local derivative;
# then `g_net` takes `tanh`'s; then the `+` nodes pass it on, and the `*` nodes hand each weight
# its input.

# %%
x1, x2, target = Value(2.0, label="x1"), Value(0.5, label="x2"), 1.0
net = w1 * x1 + w2 * x2 + bias
net.label = "net"
out = net.tanh()
out.label = "out"
loss = (out - target) ** 2
loss.label = "loss"
loss.backward()
draw_dot(loss)

# %% [markdown]
# The backprop player (notebook 5) walks the same graph one node at a time, in the same order
# as the code's backward part: each `# through …` comment in the code starts one of the
# player's steps, and the lines under it are that step's hand-offs, one per edge. Side by side:

# %%
source = neuron_step.source(x1.data, x2.data, target)
backward_part = source.split("g_loss = 1.0\n")[1].splitlines()[:-1]  # up to `return loss`
code_steps: list[list[str]] = []
for line in backward_part:
    if line.strip().startswith("# through"):
        code_steps.append([])
    code_steps[-1].append(line.strip())
player_steps = [step for step in backprop_steps(loss) if not step.node.is_leaf]
for player_step, lines in zip(player_steps, code_steps, strict=True):
    print(f"player step {player_step.index + 1}: {player_step.title}")
    for line in lines:
        print(f"    {line}")

# %% [markdown]
# The names differ only where the inputs are: the player's graph labels them `x1` and `x2`,
# while in the compiled program they are inputs `X[0]` and `X[1]`, named `v5` and `v2`. And
# because inputs are not parameters, no line computes their gradients: the compiler writes only
# the lines that lead to a parameter's gradient.
#
# ## 3 · Branches: a ReLU's is in the program, Python's `if` is not
#
# A ReLU is `0 if x ≤ 0 else x`. That choice is part of the rule's code, so it is part of the
# generated program and is made afresh at every call:

# %%
w = Value(1.0, label="w")
relu_step = compile(lambda x: (w * x).relu())
print(relu_step.source(2.0))
for x in (2.0, -3.0):
    w.grad = 0.0
    print(f"x = {x:+.1f}: output {relu_step(x):.1f}, ∂output/∂w = {w.grad:+.1f}")

# %% [markdown]
# Traced at x = 2, right at x = −3: the output is 0 and no gradient flows, as a ReLU should.
#
# Python's own `if` is different. The trace runs `fn` once, so an `if` on a Value would be
# decided once, at the trace, and only the branch taken would be written down: every later call
# would take it, with wrong gradients. So, as `jax.jit` does, compile refuses it while tracing
# (`if`, `<`, `max`, `min`, `float(v)`, `round(v)` on a Value all raise `CompileError`):

# %%
from autograd import CompileError

branching_step = compile(lambda x: w * x if x > 0 else -(w * x))  # |w·x|, the Python way
try:
    branching_step(2.0)
except CompileError as error:
    print(error)

# %% [markdown]
# To keep a choice in the program, build it from operations whose rules branch — here
# $|u| = \text{ReLU}(u) + \text{ReLU}(-u)$ — which is how the library's own losses are written:

# %%
abs_step = compile(lambda x: (w * x).relu() + (-(w * x)).relu())
for x in (2.0, -3.0):
    w.grad = 0.0
    print(f"x = {x:+.1f}: |w·x| = {abs_step(x):.1f}, ∂/∂w = {w.grad:+.1f}")

# %% [markdown]
# (Reading `x.data` inside `fn` is not caught: the number read at the trace is written into the
# program as a constant. Use `.data` there only for what should not change, such as a label.)
#
# ## 4 · How much faster
#
# The network of notebook 6 and micrograd's demo: `MLP(2, [16, 16, 1])` on 100 moons, hinge loss
# plus L2, a graph of about 65,000 nodes. We time one training step both ways.

# %%
X, labels = moons(100, 0.1, seed=0)
y = to_signed(labels)


def moons_loss(model: MLP, X: list[list[float]], y: list[float]) -> Value:  # noqa: N803
    scores = [model(x) for x in X]
    return hinge(scores, y) + l2_penalty(model.parameters(), 1e-4)


dynamic_model = MLP(2, [16, 16, 1], rng=random.Random(0))
compiled_model = MLP(2, [16, 16, 1], rng=random.Random(0))
compiled_step = compile(lambda X, y: moons_loss(compiled_model, X, y))  # noqa: N803

start = time.perf_counter()
compiled_step.program(X, y)
trace_seconds = time.perf_counter() - start


def dynamic_step() -> float:
    loss = moons_loss(dynamic_model, X, y)
    loss.backward()
    return loss.data


def median_seconds(step: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


dynamic_seconds = median_seconds(dynamic_step, 5)
compiled_seconds = median_seconds(lambda: compiled_step(X, y), 21)
print(f"{'':22} {'one step':>10}")
print(f"{'dynamic graph':22} {dynamic_seconds * 1e3:8.1f} ms")
print(f"{'compiled program':22} {compiled_seconds * 1e3:8.1f} ms")
print(f"{'trace + compile, once':22} {trace_seconds * 1e3:8.0f} ms")
print(f"compiled is {dynamic_seconds / compiled_seconds:.0f}× faster; the trace pays for itself")
print(f"after {trace_seconds / (dynamic_seconds - compiled_seconds):.0f} steps")

# %%
plt.figure(figsize=(6, 2.5))
plt.barh(["compiled", "dynamic"], [compiled_seconds * 1e3, dynamic_seconds * 1e3])
plt.xlabel("milliseconds per training step")
plt.title("MLP(2, [16, 16, 1]) on 100 moons")
plt.tight_layout()
plt.show()

# %% [markdown]
# The exact figures depend on the machine; the ratio is the point. The dynamic graph spends
# its time building 65,000 `Value` objects and walking them again for the chain rule; the
# compiled program only does the float arithmetic, one line each, which is about as fast as
# pure Python gets (the hand-written float version in `benchmarks/compare.py` is within a
# factor of two).
#
# `fit` uses the compiled step by default — that is why notebook 6 trains in seconds — and
# `fit(..., compile=False)` builds the dynamic graph at every step, when you want to draw it
# or step through it. Both give the same numbers:

# %%
for p in dynamic_model.parameters() + compiled_model.parameters():
    p.grad = 0.0
dynamic_loss = moons_loss(dynamic_model, X, y)
dynamic_loss.backward()
compiled_loss = compiled_step(X, y)
same = all(
    p.grad == q.grad
    for p, q in zip(dynamic_model.parameters(), compiled_model.parameters(), strict=True)
)
print(f"loss {dynamic_loss.data} vs {compiled_loss}; all 337 gradients equal: {same}")
assert dynamic_loss.data == compiled_loss and same

# %% [markdown]
# ## Summary
#
# - Backprop for one graph is straight-line code: one line per operation forward, one line per
#   edge backward, each taken from its rule in the rules table.
# - `compile(fn)` traces `fn` once and runs that code: the same numbers as `backward()`, bit for
#   bit, many times faster. `step.source()` shows it.
# - Numbers passed as arguments are inputs, so one program serves every example of the same
#   shape; parameters are read at every call.
# - Branches inside rules (ReLU) are decided at every call; a Python `if` on `.data` is decided
#   once, at the trace.
