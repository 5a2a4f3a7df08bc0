# %% [markdown]
# # 2 · Activation functions
#
# A neuron computes a weighted sum and then an **activation function**. This notebook shows
#
# 1. why the activation must be *non-linear* (without it, a deep network is just a line),
# 2. the four famous activations and their derivatives, computed by the engine,
# 3. how the derivative decides whether a gradient survives many layers (*vanishing gradients*),
# 4. how ReLU units can *die*, and how leaky ReLU keeps them alive.

# %%
import math
import random

import matplotlib.pyplot as plt

from autograd import Value, grad

random.seed(0)

# %% [markdown]
# ## 1 · Why we need non-linearities
#
# Real data is rarely separable by a straight line, so a network must be able to bend. Stack two
# *linear* layers and see what happens:
#
# $$w_2(w_1x + b_1) + b_2 = \underbrace{(w_2w_1)}_{\text{one weight}}\,x +
#   \underbrace{(w_2b_1 + b_2)}_{\text{one bias}}$$
#
# Still one line. Below, a network with one input, two hidden layers of 8 units and one output,
# with random weights, is run with and without an activation between the layers.

# %%
N_HIDDEN = 8


def random_layer(n_inputs: int, n_outputs: int) -> list[tuple[list[float], float]]:
    """Weights and bias for each of `n_outputs` units, drawn from a normal distribution."""
    return [
        ([random.gauss(0, 1) for _ in range(n_inputs)], random.gauss(0, 1))
        for _ in range(n_outputs)
    ]


layers = [random_layer(1, N_HIDDEN), random_layer(N_HIDDEN, N_HIDDEN), random_layer(N_HIDDEN, 1)]


def network(x: Value, activation: str | None) -> Value:
    """Run `x` through the layers; apply `activation` (a Value method name) between them."""
    values = [x]
    for depth, layer in enumerate(layers):
        values = [
            sum((w * v for w, v in zip(ws, values, strict=True)), Value(b)) for ws, b in layer
        ]
        if activation and depth < len(layers) - 1:
            values = [getattr(v, activation)() for v in values]
    return values[0]


xs = [i / 20 for i in range(-60, 61)]
fig, axes = plt.subplots(1, 3, figsize=(12, 3), sharex=True)
for ax, activation in zip(axes, [None, "tanh", "relu"], strict=True):
    ax.plot(xs, [network(Value(x), activation).data for x in xs])
    ax.set_title(f"activation: {activation or 'none (linear)'}")
    ax.set_xlabel("x")
axes[0].set_ylabel("network output")
plt.show()

# %% [markdown]
# Without an activation the three layers collapse into one straight line; with tanh or ReLU the
# same weights draw a curve. The engine confirms it: the slope ∂output/∂x of the linear network
# is the *same number* at every x (one weight), while the tanh network's slope changes.

# %%
linear_slopes = {grad(lambda x: network(x, None))(x) for x in (-2.0, 0.0, 1.0, 3.0)}
tanh_slopes = [grad(lambda x: network(x, "tanh"))(x) for x in (-2.0, 0.0, 1.0, 3.0)]
print("linear network, slope at x = -2, 0, 1, 3:", [f"{s:.4f}" for s in linear_slopes])
print("tanh network,   slope at x = -2, 0, 1, 3:", [f"{s:.4f}" for s in tanh_slopes])
assert max(linear_slopes) - min(linear_slopes) < 1e-9

# %% [markdown]
# The linear network prints one slope (it is a set: the four equal values merged into one).
#
# ## 2 · Four famous activations and their derivatives
#
# | activation | formula | output range | derivative | used for |
# |---|---|---|---|---|
# | sigmoid | $\sigma(x) = \frac{1}{1+e^{-x}}$ | (0, 1) | $\sigma(x)(1-\sigma(x))$ | gates |
# | tanh | $\tanh x = \frac{e^x - e^{-x}}{e^x + e^{-x}}$ | (−1, 1) | $1 - \tanh^2 x$ | RNNs |
# | ReLU | $\max(0, x)$ | [0, ∞) | 1 if $x > 0$, else 0 | CNNs, hidden layers |
# | leaky ReLU | $x$ if $x > 0$, else $\alpha x$ | (−∞, ∞) | 1 or $\alpha$ | when ReLUs die |
#
# We do not type the derivatives in: `grad(f)` returns a new function that computes $f'(x)$ by
# backpropagation through the engine. (Leaky ReLU is drawn with $\alpha = 0.1$ so its slope is
# visible; PyTorch's default, and the engine's, is 0.01.)

# %%
LEAKY_SLOPE = 0.1
activations = {
    "sigmoid": lambda x: x.sigmoid(),
    "tanh": lambda x: x.tanh(),
    "ReLU": lambda x: x.relu(),
    f"leaky ReLU (α = {LEAKY_SLOPE})": lambda x: x.leaky_relu(LEAKY_SLOPE),
}
xs = [i / 20 for i in range(-100, 101)]
fig, axes = plt.subplots(1, 4, figsize=(15, 3.2), sharex=True)
for ax, (name, f) in zip(axes, activations.items(), strict=True):
    df = grad(f)  # the derivative, as a function
    ax.plot(xs, [f(Value(x)).data for x in xs], label="f(x)")
    ax.plot(xs, [df(x) for x in xs], "--", label="f'(x) from backward()")
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_title(name)
    ax.set_xlabel("x")
    ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# What to notice:
#
# - **sigmoid** squashes everything into (0, 1); its outputs are all positive (centred on 0.5,
#   not 0), and its slope is at most 0.25 and almost 0 once $|x| > 5$ (it *saturates*).
# - **tanh** squashes into (−1, 1), centred on 0, with slope up to 1 — but it saturates too.
# - **ReLU** passes positive inputs unchanged (slope 1) and blocks negative ones (slope 0).
# - **leaky ReLU** lets a little through for negative inputs (slope α), so its slope is never 0.
#
# ## 3 · Checking sigmoid's derivative: σ′(x) = y (1 − y)
#
# With $y = \sigma(x)$, the lecture formula says $\sigma'(x) = y(1 - y)$. Compare it with the
# engine at every x on the grid:

# %%
dsigmoid = grad(lambda x: x.sigmoid())
worst = 0.0
for x in xs:
    y = 1 / (1 + math.exp(-x))
    worst = max(worst, abs(dsigmoid(x) - y * (1 - y)))
print(f"largest |engine - y(1-y)| over {len(xs)} points: {worst:.1e}")
assert worst < 1e-12

print(f"{'x':>5} {'σ(x)':>8} {'σ′(x)':>10}")
for x in (0.0, 2.0, 5.0, 10.0):
    print(f"{x:5.1f} {1 / (1 + math.exp(-x)):8.5f} {dsigmoid(x):10.6f}")

# %% [markdown]
# They agree to the last digits a float holds (the difference is below 1e-16). The table shows
# the saturation: σ′ is 0.25 at x = 0 (its largest value), already 0.1 at x = 2, and only
# 0.00005 at x = 10, where nudging the input barely moves the output.
#
# ### Exercise 1
#
# tanh's derivative can also be written with its output: $\tanh'(x) = 1 - y^2$ with
# $y = \tanh x$. Write it in `my_dtanh` (working answer given; try breaking it, then run the check).


# %%
def my_dtanh(x: float) -> float:
    y = math.tanh(x)
    return 1 - y**2  # try changing this, then run the check


# %%
dtanh = grad(lambda x: x.tanh())
assert all(abs(my_dtanh(x) - dtanh(x)) < 1e-12 for x in xs), "does not match the engine"
print("Correct: tanh'(x) = 1 - tanh(x)² at all", len(xs), "points")

# %% [markdown]
# ## 4 · Vanishing gradients
#
# Backprop multiplies local gradients along a path. In a deep network every layer contributes
# (weight × activation slope). Sigmoid's slope is at most 0.25, so twenty sigmoid layers can
# multiply a gradient by up to $0.25^{20} \approx 10^{-12}$: the first layers barely learn.
#
# Let us measure it. A stack of 20 layers, 10 units each, with identical random weights for every
# activation (normal, standard deviation $\sqrt{2/10}$); 5 random inputs; the output is the sum
# of the last layer. After `backward()` we average $|\partial\text{output}/\partial w|$ over each
# layer's 100 weights.

# %%
WIDTH, DEPTH, N_SAMPLES = 10, 20, 5
WEIGHT_STD = math.sqrt(2 / WIDTH)


def gradient_per_layer(activation: str, seed: int = 1) -> list[float]:
    """Mean |∂output/∂weight| of each layer in a deep stack using `activation`."""
    rng = random.Random(seed)  # same seed: the same weights and inputs for every activation
    weights = [
        [[Value(rng.gauss(0, WEIGHT_STD)) for _ in range(WIDTH)] for _ in range(WIDTH)]
        for _ in range(DEPTH)
    ]
    output = Value(0.0)
    for _ in range(N_SAMPLES):
        h = [Value(rng.gauss(0, 1)) for _ in range(WIDTH)]
        for layer in weights:
            h = [
                getattr(sum(w * x for w, x in zip(row, h, strict=True)), activation)()
                for row in layer
            ]
        output = output + sum(h)
    output.backward()
    return [sum(abs(w.grad) for row in layer for w in row) / WIDTH**2 for layer in weights]


sizes = {name: gradient_per_layer(name) for name in ("sigmoid", "tanh", "relu")}
plt.figure(figsize=(7, 3.5))
for name, size in sizes.items():
    plt.semilogy(range(1, DEPTH + 1), size, "o-", label=name)
plt.xlabel("layer (1 = nearest the input)")
plt.ylabel("mean |gradient| of its weights")
plt.xticks(range(1, DEPTH + 1, 2))
plt.legend()
plt.title("Gradient reaching each layer of a 20-layer network")
plt.show()
for name, size in sizes.items():
    print(f"{name:>7}: last layer {size[-1]:.1e}, first layer {size[0]:.1e}")

# %% [markdown]
# The y-axis is logarithmic: each grid line is a factor of 10. With sigmoid the gradient
# shrinks by roughly ten orders of magnitude from the last layer to the first — the first layers
# would need a learning rate $10^{10}$ times larger to move. With tanh and ReLU, whose slopes are
# 1 near 0, it stays within about one order of magnitude here. tanh still vanishes where its units
# saturate ($|x| \gtrsim 3$, slope < 0.01), which is why ReLU became the default for hidden
# layers.
#
# ## 5 · Dying ReLU, and leaky ReLU
#
# ReLU's slope is exactly 0 for negative inputs. If a unit's weighted sum is negative for *every*
# input, it outputs 0 everywhere and its gradient is 0 everywhere: no update can ever change its
# weights again. It is **dead**. A too-large learning-rate step can kill many units at once.
#
# A small network: one input $x \in [-2, 2]$, 20 hidden units $h_j = \text{act}(w_jx + b_j)$, a
# fixed read-out $\hat y = \sum_j v_jh_j$, trained to fit the line $y = 0.5 + 0.25x$ by the
# mean squared error. We take one step with a far too large learning rate (10), then count dead
# units.

# %%
N_UNITS = 20
TOO_LARGE_RATE = 10.0
xs_train = [-2 + 4 * i / 39 for i in range(40)]
ys_train = [0.5 + 0.25 * x for x in xs_train]


def make_units(seed: int = 1) -> dict[str, list[Value]]:
    """Hidden weights w, biases b (trained) and read-out weights v (fixed); all alive at first."""
    rng = random.Random(seed)
    return {
        "w": [Value(rng.gauss(0, 1)) for _ in range(N_UNITS)],
        "b": [Value(rng.uniform(0.5, 1.5)) for _ in range(N_UNITS)],
        "v": [Value(rng.uniform(0.05, 0.15)) for _ in range(N_UNITS)],
    }


def mse(units: dict[str, list[Value]], act) -> Value:
    """Mean of (prediction - target)² over the training points."""
    total = Value(0.0)
    for x, y in zip(xs_train, ys_train, strict=True):
        prediction = sum(
            v * act(w * x + b) for w, b, v in zip(units["w"], units["b"], units["v"], strict=True)
        )
        total = total + (prediction - y) ** 2
    return total / len(xs_train)


def gradient_step(units: dict[str, list[Value]], act, learning_rate: float) -> float:
    """One step of gradient descent on the hidden weights and biases; returns the loss."""
    loss = mse(units, act)
    for p in units["w"] + units["b"]:
        p.grad = 0.0
    loss.backward()
    for p in units["w"] + units["b"]:
        p.data -= learning_rate * p.grad
    return loss.data


def dead_units(units: dict[str, list[Value]]) -> list[int]:
    """Units whose weighted sum w·x + b is ≤ 0 for every training input."""
    return [
        j
        for j in range(N_UNITS)
        if all(units["w"][j].data * x + units["b"][j].data <= 0 for x in xs_train)
    ]


def relu(v: Value) -> Value:
    return v.relu()


units = make_units()
before = [
    [max(0.0, w.data * x + b.data) for x in xs_train]
    for w, b in zip(units["w"], units["b"], strict=True)
]
print("dead before the step:", len(dead_units(units)), "of", N_UNITS)
gradient_step(units, relu, TOO_LARGE_RATE)
dead = dead_units(units)
print("dead after one step with learning rate 10:", len(dead), "of", N_UNITS)

# %% [markdown]
# Each line below is one unit's output $h_j(x)$ over the inputs, before and after that step. The
# dead units are the ones lying flat on zero on the right:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2), sharey=True)
for j in range(N_UNITS):
    after = [max(0.0, units["w"][j].data * x + units["b"][j].data) for x in xs_train]
    axes[0].plot(xs_train, before[j], color="tab:blue", alpha=0.6)
    axes[1].plot(xs_train, after, color="tab:red" if j in dead else "tab:blue", alpha=0.6)
axes[0].set_title("ReLU units before the step")
axes[1].set_title(f"after one step with learning rate {TOO_LARGE_RATE:g} (red: dead)")
for ax in axes:
    ax.set_xlabel("x")
    ax.set_ylim(-0.5, 8)
axes[0].set_ylabel("unit output h(x)")
plt.show()

# %% [markdown]
# Now the dead units' gradients, and what 100 more steps with a sensible learning rate (0.05)
# do to them:

# %%
SENSIBLE_RATE, N_STEPS = 0.05, 100
loss = mse(units, relu)
for p in units["w"] + units["b"]:
    p.grad = 0.0
loss.backward()
dead_gradients = [units["w"][j].grad for j in dead] + [units["b"][j].grad for j in dead]
print(f"largest |gradient| of any dead unit's w or b: {max(map(abs, dead_gradients))}")
frozen = [(units["w"][j].data, units["b"][j].data) for j in dead]
for _ in range(N_STEPS):
    final_loss = gradient_step(units, relu, SENSIBLE_RATE)
unchanged = sum(
    (units["w"][j].data, units["b"][j].data) == old for j, old in zip(dead, frozen, strict=True)
)
print(f"after {N_STEPS} more steps: {unchanged} of {len(dead)} dead units have exactly the")
print(f"same weights as before, still dead: {len(dead_units(units))}; loss {final_loss:.3f}")
assert unchanged == len(dead)

# %% [markdown]
# Every gradient of a dead unit is exactly 0, so 100 steps left each
# of them bit-for-bit unchanged: those units are lost to the network for good.
#
# **Leaky ReLU** replaces the flat 0 by a small slope α. Repeat the experiment from the same
# starting weights with leaky ReLU (α = 0.1): the same bad step pushes units into the negative
# region, but their gradient is small, not zero, so training can still move them.


# %%
def leaky(v: Value) -> Value:
    return v.leaky_relu(LEAKY_SLOPE)


units = make_units()
gradient_step(units, leaky, TOO_LARGE_RATE)
negative = dead_units(units)  # negative for every input: these would be dead with ReLU
loss = mse(units, leaky)
for p in units["w"] + units["b"]:
    p.grad = 0.0
loss.backward()
smallest = min(abs(units["b"][j].grad) for j in negative)
print(f"units negative for every input after the big step: {len(negative)} of {N_UNITS}")
print(f"smallest |∂loss/∂b| among them: {smallest:.2e} (not 0: they still learn)")
start = [(units["w"][j].data, units["b"][j].data) for j in negative]
for _ in range(N_STEPS):
    gradient_step(units, leaky, SENSIBLE_RATE)
moved = sum(
    (units["w"][j].data, units["b"][j].data) != old for j, old in zip(negative, start, strict=True)
)
print(f"after {N_STEPS} steps, {moved} of {len(negative)} of them have moved")
assert smallest > 0 and moved == len(negative)

# %% [markdown]
# With leaky ReLU no unit is ever completely cut off from the gradient. It learns slowly while
# negative (its gradient is scaled by α), so the real cure is to avoid the too-large step: the
# next notebook is about choosing the learning rate.
#
# ### Exercise 2
#
# Leaky ReLU's derivative for a negative input is α. Write what the engine should give for
# `x.leaky_relu(negative_slope=0.2)` at x = −3 (answer given; try changing it, then run the check).

# %%
my_slope_at_minus_3 = 0.2  # try changing this, then run the check

# %%
engine_slope = grad(lambda x: x.leaky_relu(negative_slope=0.2))(-3.0)
assert abs(my_slope_at_minus_3 - engine_slope) < 1e-12, f"the engine says {engine_slope}"
print(f"Correct: the slope of leaky ReLU (α = 0.2) at x = -3 is {engine_slope}")

# %% [markdown]
# ## Summary
#
# - Without a non-linear activation, any number of layers is one linear function.
# - sigmoid (0..1, slope ≤ 0.25) and tanh (−1..1, slope ≤ 1) saturate; their derivatives,
#   $y(1-y)$ and $1 - y^2$, are what backprop multiplies by, layer after layer.
# - Products of small slopes vanish: deep sigmoid stacks barely train their first layers.
# - ReLU keeps slope 1 but a unit negative for every input is dead forever; leaky ReLU keeps a
#   small slope α so it can recover.
#
# Next: [03 · gradient descent](03_gradient_descent.ipynb).
