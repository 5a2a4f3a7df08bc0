# %% [markdown]
# # 9 · From scalars to tensors
#
# Everything so far computed one number at a time: every weight is a `Value`, every product
# is a node of the graph, every gradient is added up edge by edge. That is the best way to
# *see* backprop, and no framework works that way. PyTorch, JAX and TensorFlow compute on
# **tensors** — arrays of numbers — so a whole layer is one matrix–vector product and a whole
# batch one matrix–matrix product, each a single call into fast compiled code.
#
# Nothing about the maths changes. This notebook shows it with numbers:
#
# 1. A layer of neurons *is* a matrix–vector product: the same numbers, computed both ways.
# 2. `model.to_torch()` turns an `MLP` into a PyTorch model with the same weights;
#    `MLP.from_torch(module)` turns it back.
# 3. The same model trained on the same data three ways — dynamic graph, compiled program,
#    PyTorch — gives the same loss curve.
# 4. How long one training step takes each way, and when to move on from scalars.
#
# PyTorch is optional for this library: `pip install 'scalar-autograd[torch]'` installs it.

# %%
import random
import time
from collections.abc import Callable

import matplotlib.pyplot as plt

try:
    import torch
except ModuleNotFoundError as missing:
    raise ModuleNotFoundError(
        "notebook 09 needs PyTorch, which scalar-autograd does not install by default; "
        "install it with: pip install 'scalar-autograd[torch]'"
    ) from missing

from autograd.nn import MLP, SGD, Layer
from autograd.nn.data import moons
from autograd.nn.losses import binary_cross_entropy_with_logits
from autograd.nn.training import fit, gradient_step

print("PyTorch", torch.__version__)

# %% [markdown]
# ## 1 · A layer of neurons is a matrix–vector product
#
# A layer of $n$ neurons reads the same $m$ inputs $x_1 \dots x_m$. Neuron $j$ has its own
# weights $w_{j1} \dots w_{jm}$ and bias $b_j$, and computes
#
# $$z_j = \sum_{i=1}^m w_{ji}\, x_i + b_j, \qquad \text{out}_j = f(z_j).$$
#
# Write neuron $j$'s weights as row $j$ of a matrix $W$ ($n \times m$) and the biases as a
# vector $b$. Then all $n$ sums at once are one **matrix–vector product**:
#
# $$z = W x + b, \qquad \text{out} = f(z) \text{ (applied to each entry)}.$$
#
# A `Layer` of 4 tanh neurons with 3 inputs, and its weights laid out as $W$ and $b$. (A new
# layer's biases are 0; we set them to small numbers so that they show.)

# %%
layer = Layer(3, 4, activation="tanh", rng=random.Random(0))
for j, neuron in enumerate(layer.neurons):
    neuron.b.data = 0.1 * (j + 1)
x = [0.5, -1.0, 2.0]

W = [[w.data for w in neuron.w] for neuron in layer.neurons]  # row j: neuron j's weights
b = [neuron.b.data for neuron in layer.neurons]
for j, (row, bias) in enumerate(zip(W, b, strict=True)):
    print(f"neuron {j}: w = [{', '.join(f'{w:+.3f}' for w in row)}]   b = {bias:+.3f}")

# %% [markdown]
# Now the same outputs both ways: neuron by neuron with `Value`s (each output a small graph of
# products and sums), and as $\tanh(Wx + b)$ with tensors (one `@` for all four neurons).

# %%
by_neurons = [out.data for out in layer(x)]

W_tensor = torch.tensor(W, dtype=torch.float64)
b_tensor = torch.tensor(b, dtype=torch.float64)
x_tensor = torch.tensor(x, dtype=torch.float64)
by_matrix = torch.tanh(W_tensor @ x_tensor + b_tensor).tolist()

print(f"{'':8} {'neuron by neuron':>20} {'tanh(W x + b)':>20} {'difference':>11}")
for j, (a, c) in enumerate(zip(by_neurons, by_matrix, strict=True)):
    print(f"out[{j}]   {a:20.16f} {c:20.16f} {a - c:11.1e}")

# %% [markdown]
# The same numbers. Where a difference shows, it is one rounding in the last of 16 digits: the
# matrix product may add the same three terms in another order, and floating-point addition
# is not associative. The neurons did 4 × (3 products + 3 sums + 1 tanh) = 28 operations,
# each making a `Value` with its own gradient; the tensor version made three calls (`@`, `+`,
# `tanh`), and would still make three for a layer of a thousand neurons.
#
# A whole **batch** is one more step: stack the examples as the rows of a matrix $X$
# ($N \times m$); then $Z = X W^\top + b$ holds every example's sums, one row per example.
# That is what `torch.nn.Linear` computes.

# %%
rng = random.Random(1)
X_batch = [[rng.uniform(-2.0, 2.0) for _ in range(3)] for _ in range(5)]
batch_by_neurons = [[out.data for out in layer(row)] for row in X_batch]
batch_by_matrix = torch.tanh(torch.tensor(X_batch, dtype=torch.float64) @ W_tensor.T + b_tensor)
largest = max(
    abs(a - c)
    for row_a, row_c in zip(batch_by_neurons, batch_by_matrix.tolist(), strict=True)
    for a, c in zip(row_a, row_c, strict=True)
)
print("batch of", len(X_batch), "examples → outputs of shape", tuple(batch_by_matrix.shape))
print(f"largest difference from the neurons: {largest:.1e}")

# %% [markdown]
# ## 2 · The same model in PyTorch: `to_torch()` and `from_torch()`
#
# `model.to_torch()` does that for every layer of a model: each `Layer` becomes an
# `nn.Linear` holding $W$ and $b$ (in float64, the precision of a Python float), followed by
# its activation as a module. The MLP of notebook 6:

# %%
model = MLP(2, [8, 8, 1], activation="relu", rng=random.Random(0))
net = model.to_torch()
print(model)
print(net)

first = model.layers[0].neurons[0]
print("neuron 0 of layer 1:", [w.data for w in first.w], first.b.data)
print("row 0 of net[0]:    ", net[0].weight[0].tolist(), net[0].bias[0].item())

# %% [markdown]
# The output layer is linear (raw scores), so no module follows the last `Linear`.
# `MLP.from_torch` reads such a `Sequential` back — any `Sequential` of `Linear` layers and
# ReLU, Tanh, Sigmoid or LeakyReLU; anything else gets an error that names the layer.

# %%
back = MLP.from_torch(net)
same = [p.data for p in back.parameters()] == [p.data for p in model.parameters()]
print(back, "— the same weights:", same)

try:
    nn = torch.nn
    MLP.from_torch(nn.Sequential(nn.Linear(2, 8), nn.GELU(), nn.Linear(8, 1)))
except TypeError as error:
    print("TypeError:", error)

# %% [markdown]
# ## 3 · One model, three ways to train it
#
# The two moons of notebook 6, 60 points, and the binary cross-entropy of the scores.
# Full-batch gradient descent, learning rate 0.5, 100 epochs, from the same starting weights:
#
# - **dynamic graph**: `fit(..., compile=False)` builds the graph of `Value`s at every step
#   and calls `backward()` on it;
# - **compiled program**: `fit(...)` (the default) runs the straight-line code of notebook 8;
# - **PyTorch**: the exported model, trained with PyTorch's own loop — `zero_grad()`,
#   `backward()`, `step()`, the same names.

# %%
X, y = moons(n=60, noise=0.1, seed=0)
EPOCHS = 100
LEARNING_RATE = 0.5
SETTINGS = {  # the same for both scalar runs
    "loss": "binary_cross_entropy_with_logits",
    "epochs": EPOCHS,
    "learning_rate": LEARNING_RATE,
    "progress": False,
}


def starting_model() -> MLP:
    return MLP(2, [8, 8, 1], activation="relu", rng=random.Random(0))


dynamic_model = starting_model()
dynamic = fit(dynamic_model, X, y, compile=False, **SETTINGS)

compiled_model = starting_model()
compiled = fit(compiled_model, X, y, **SETTINGS)  # compile=True is the default

# %% [markdown]
# The PyTorch loop, written out. `net(inputs)` runs all 60 examples through the network at once,
# one matrix product per layer; `.squeeze(1)` turns the $60 \times 1$ column of scores into a
# vector of 60.

# %%
inputs = torch.tensor(X, dtype=torch.float64)
targets = torch.tensor(y, dtype=torch.float64)


def torch_step(net: torch.nn.Module, optimizer: torch.optim.Optimizer) -> float:
    scores = net(inputs).squeeze(1)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(scores, targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


net = starting_model().to_torch()
optimizer = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)
torch_losses = [torch_step(net, optimizer) for _ in range(EPOCHS)]

# %%
epochs = range(1, EPOCHS + 1)
plt.figure(figsize=(7, 3.5))
plt.plot(epochs, dynamic.loss, linewidth=6, alpha=0.35, label="dynamic graph")
plt.plot(epochs, compiled.loss, linewidth=2.5, linestyle="--", label="compiled program")
plt.plot(epochs, torch_losses, linewidth=1.5, linestyle=":", color="black", label="PyTorch")
plt.xlabel("epoch")
plt.ylabel("loss (binary cross-entropy)")
plt.title("the same model trained three ways: one curve")
plt.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# One curve: the three lie on top of each other. In numbers:

# %%
trained_in_torch = MLP.from_torch(net)


def largest_difference(a: list[float], b: list[float]) -> float:
    return max(abs(p - q) for p, q in zip(a, b, strict=True))


def weights(model: MLP) -> list[float]:
    return [p.data for p in model.parameters()]


print(f"{'largest difference from the dynamic graph':42} {'losses':>9} {'weights':>9}")
print(
    f"{'compiled program':42} {largest_difference(dynamic.loss, compiled.loss):9.1e}"
    f" {largest_difference(weights(dynamic_model), weights(compiled_model)):9.1e}"
)
print(
    f"{'PyTorch':42} {largest_difference(dynamic.loss, torch_losses):9.1e}"
    f" {largest_difference(weights(dynamic_model), weights(trained_in_torch)):9.1e}"
)
print(f"final loss {dynamic.loss[-1]:.6f}, accuracy {dynamic.accuracy[-1]:.0%}")
assert dynamic.loss == compiled.loss
assert largest_difference(dynamic.loss, torch_losses) < 1e-12

# %% [markdown]
# The compiled program is bit-for-bit the dynamic graph (notebook 8). PyTorch agrees to about
# $10^{-16}$, the last digit of a float64: it does the same arithmetic, only the order of some
# additions differs, and after 100 steps those last-digit roundings have not grown. Training
# in PyTorch is the same algorithm — the chain rule and gradient descent — not a different one.
#
# ## 4 · How long one step takes
#
# One training step (forward all 60 examples, loss, backward, update) each way, for the
# network above and for one with hidden layers four times as wide (11 times the parameters).
# The compiled program also pays once, at its first step, for tracing the graph.


# %%
def median_seconds(step: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def step_seconds(sizes: list[int]) -> dict[str, float]:
    """Seconds per training step of MLP(2, sizes) on the moons, each way."""
    labels = [float(label) for label in y]
    dynamic_model = MLP(2, sizes, rng=random.Random(0))
    dynamic_step = gradient_step(
        dynamic_model, binary_cross_entropy_with_logits, SGD(dynamic_model.parameters(), lr=0.1)
    )
    compiled_model = MLP(2, sizes, rng=random.Random(0))
    compiled_step = gradient_step(
        compiled_model,
        binary_cross_entropy_with_logits,
        SGD(compiled_model.parameters(), lr=0.1),
        compile=True,
    )
    start = time.perf_counter()
    compiled_step(X, labels)  # the first call traces the graph and writes the program
    trace_seconds = time.perf_counter() - start
    net = MLP(2, sizes, rng=random.Random(0)).to_torch()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    return {
        "dynamic graph": median_seconds(lambda: dynamic_step(X, labels), 3),
        "compiled program": median_seconds(lambda: compiled_step(X, labels), 11),
        "PyTorch": median_seconds(lambda: torch_step(net, optimizer), 51),
        "compiled: trace, once": trace_seconds,
    }


timings = {sizes: step_seconds(list(sizes)) for sizes in [(8, 8, 1), (32, 32, 1)]}
columns = [f"MLP(2, {list(sizes)})" for sizes in timings]
counts = [len(MLP(2, list(sizes), rng=random.Random(0)).parameters()) for sizes in timings]
print(f"{'one training step, 60 examples':30}" + "".join(f"{c:>22}" for c in columns))
print(f"{'parameters':30}" + "".join(f"{n:>22}" for n in counts))
for way in ["dynamic graph", "compiled program", "PyTorch", "compiled: trace, once"]:
    print(f"{way:30}" + "".join(f"{t[way] * 1e3:>19.2f} ms" for t in timings.values()))

# %% [markdown]
# The exact figures depend on the machine; the shape does not. The scalar engine's cost grows
# with the number of multiply-adds — every one is a Python object (dynamic) or a line of
# Python (compiled) — so with 11 times the parameters a step takes about ten times as long, or
# more. PyTorch's step costs about the same for both: at this size it is the fixed overhead of
# a few dozen calls, and the arithmetic inside them, done in compiled loops over whole arrays,
# is nearly free. The gap only widens with bigger models and data, and PyTorch can also hand
# the arrays to a GPU.
#
# ## 5 · When to move on from scalars
#
# **Stay with scalars to learn and to check.** Every number has a name; you can draw the graph,
# step through backprop (notebook 5), read the code it runs (notebook 8) and verify a gradient
# by finite differences. For a few hundred parameters and a few hundred examples, the compiled
# program trains in seconds.
#
# **Move on to tensors when** the model has more than a few thousand parameters or the data
# more than a few thousand examples; when you need a GPU; or when you need the layers and
# tools that real work uses — convolutions, attention, normalisation, Adam, data loaders. At
# that point the scalar engine has taught what it can: the cost is in Python's handling of
# single numbers, not in the ideas.
#
# **What carries over:** everything in this course. A tensor library does the same forward
# pass, the same chain rule and the same gradient descent on whole arrays at a time, with the
# same names — `backward()`, `zero_grad()`, `no_grad()`, `SGD(parameters, lr)`. Start from a
# model you understand: `model.to_torch()` exports it, and checking that PyTorch gives the same
# numbers (as above) is a good first test of any port.
#
# ## Summary
#
# - A layer of $n$ neurons with $m$ inputs is $f(Wx + b)$ with $W$ of shape $n \times m$:
#   row $j$ is neuron $j$'s weights. A batch is $f(XW^\top + b)$.
# - `model.to_torch()` gives an `nn.Sequential` of float64 `nn.Linear` layers and activations
#   with the same weights; `MLP.from_torch(module)` reads one back.
# - Trained from the same start on the same data, the dynamic graph, the compiled program and
#   PyTorch follow the same loss curve, to the last digit.
# - Scalars show every step; tensors make each step a handful of fast calls. Use the first to
#   understand, the second to scale.
