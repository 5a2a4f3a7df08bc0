# %% [markdown]
# # 4 · The perceptron, and why XOR needs more than one layer
#
# The **perceptron** (Rosenblatt, 1958) is the simplest neural network: one neuron with a step
# activation,
#
# $$\hat y = \text{step}(w_1x_1 + w_2x_2 + b), \qquad
#   \text{step}(z) = \begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}$$
#
# It answers yes (1) on one side of the straight line $w_1x_1 + w_2x_2 + b = 0$ and no (0) on
# the other: it is a **linear classifier**, so it can only learn problems whose two classes a
# straight line can separate. This notebook trains it on the logic gates AND, OR and XOR, and
# then shows how a second layer solves the one it cannot.

# %%
import random

import matplotlib.pyplot as plt

from autograd.nn import MLP, Perceptron
from autograd.nn.data import and_, or_, xor
from autograd.nn.training import accuracy, fit
from autograd.viz.plot import plot_decision_boundary

random.seed(0)

# %% [markdown]
# ## Three truth tables
#
# Each gate has four examples: the inputs $(x_1, x_2)$ are 0 or 1, and so is the label.

# %%
gates = {"AND": and_(), "OR": or_(), "XOR": xor()}
print("x1 x2 | AND OR XOR")
for i, (x1, x2) in enumerate(gates["AND"][0]):
    labels = [gates[name][1][i] for name in gates]
    print(f"{x1:2.0f} {x2:2.0f} |  {labels[0]}   {labels[1]}   {labels[2]}")

# %% [markdown]
# ## Training with the perceptron rule
#
# The step function is flat almost everywhere, so its derivative is 0 and backprop has nothing
# to follow. The perceptron learns with its own rule instead: for each example it gets wrong,
#
# $$w \leftarrow w + \text{lr}\cdot(y - \hat y)\cdot x, \qquad
#   b \leftarrow b + \text{lr}\cdot(y - \hat y)$$
#
# ($y - \hat y$ is +1 when it said 0 but should have said 1, −1 for the opposite mistake;
# nothing changes when it is right). `Perceptron.fit` repeats this for up to 100 passes over
# the data (*epochs*), stopping early after a pass with no mistakes.

# %%
perceptrons = {}
for name, (X, y) in gates.items():
    p = Perceptron(2).fit(X, y, epochs=100, lr=1.0)
    perceptrons[name] = p
    print(
        f"{name:>3}: w = {p.weights}, b = {p.bias:+.0f}, converged: {p.converged}, "
        f"epochs: {len(p.errors_per_epoch)}, accuracy {p.accuracy(X, y):.0%}"
    )

# %% [markdown]
# AND and OR converge within a few epochs: a line separates them, and the perceptron
# convergence theorem guarantees the rule finds one. XOR runs all 100 epochs without ever
# getting all four right. The pictures show why: the learned line $w_1x_1 + w_2x_2 + b = 0$
# (shaded side = predicts 1) over the four points. A point exactly on the line has $z = 0$, so
# it is predicted 0.


# %%
def draw_gate(ax, name: str, p: Perceptron) -> None:
    """The four points of a gate coloured by label, and the perceptron's line."""
    points, labels = gates[name]
    for (x1, x2), label in zip(points, labels, strict=True):
        ax.scatter(x1, x2, s=200, c="tab:red" if label else "tab:blue", edgecolors="black")
        ax.annotate(str(label), (x1, x2), ha="center", va="center", color="white")
    w1, w2 = p.weights
    grid = [i / 20 - 0.5 for i in range(41)]
    ax.contourf(
        grid,
        grid,
        [[1 if p.net_input([a, b]) > 0 else 0 for a in grid] for b in grid],
        levels=[-0.5, 0.5, 1.5],
        colors=["white", "tab:red"],
        alpha=0.15,
    )
    if w2 != 0:
        ax.plot(grid, [-(w1 * a + p.bias) / w2 for a in grid], "k--")
    elif w1 != 0:
        ax.axvline(-p.bias / w1, color="black", linestyle="--")
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(f"{name}: {p.accuracy(points, labels):.0%} right")


fig, axes = plt.subplots(1, 3, figsize=(13, 4), layout="constrained")
for ax, (name, p) in zip(axes, perceptrons.items(), strict=True):
    draw_gate(ax, name, p)
plt.show()

# %% [markdown]
# For XOR the two red points (label 1) sit on one diagonal and the two blue ones on the other:
# any straight line leaves at least one point on the wrong side. The mistakes per epoch tell the
# same story — they drop to 0 for AND and OR, but never for XOR:

# %%
plt.figure(figsize=(6, 3))
for name, p in perceptrons.items():
    plt.plot(range(1, len(p.errors_per_epoch) + 1), p.errors_per_epoch, "o-", label=name)
plt.xlim(0, 15)
plt.xlabel("epoch")
plt.ylabel("mistakes in the epoch")
plt.legend()
plt.show()
print("XOR mistakes in the last 10 epochs:", perceptrons["XOR"].errors_per_epoch[-10:])

# %% [markdown]
# The XOR perceptron keeps cycling: each correction fixes one point and breaks another.
#
# **Why no line can work.** Suppose a line did: step$(w_1x_1 + w_2x_2 + b)$ = XOR. Then
#
# - $(0,0) \to 0$: $b \le 0$
# - $(1,0) \to 1$: $w_1 + b > 0$, and $(0,1) \to 1$: $w_2 + b > 0$
# - $(1,1) \to 0$: $w_1 + w_2 + b \le 0$
#
# Adding the two middle ones, $w_1 + w_2 + 2b > 0$, so $w_1 + w_2 + b > -b \ge 0$ — contradicting
# the last line. XOR is not *linearly separable*. (Minsky and Papert's 1969 book made this
# famous, and interest in neural networks faded for over a decade.)
#
# ### Exercise 1
#
# A perceptron can be set by hand. Choose weights and a bias that compute **NAND** (not AND: 0
# only when both inputs are 1). A working answer is given; try changing it, then run the check.

# %%
nand = Perceptron(2)
nand.weights = [-1.0, -1.0]  # try changing these, then run the check
nand.bias = 1.5

# %%
for (x1, x2), and_label in zip(*gates["AND"], strict=True):
    assert nand.predict([x1, x2]) == 1 - and_label, (
        f"NAND({x1:g}, {x2:g}) should be {1 - and_label}"
    )
print("Correct: step(-x1 - x2 + 1.5) is NAND")

# %% [markdown]
# ## Two layers solve XOR
#
# XOR is "OR, but not both": $\text{XOR}(x) = \text{AND}(\text{OR}(x), \text{NAND}(x))$. Each of
# those three is a perceptron we already have, so wiring them in two **layers** computes XOR:

# %%
X, y = gates["XOR"]
print("x1 x2 | OR NAND | AND of those = XOR")
for (x1, x2), label in zip(X, y, strict=True):
    hidden = [perceptrons["OR"].predict([x1, x2]), nand.predict([x1, x2])]  # layer 1
    out = perceptrons["AND"].predict(hidden)  # layer 2
    print(f"{x1:2.0f} {x2:2.0f} |  {hidden[0]}    {hidden[1]}  | {out}   (label {label})")
    assert out == label

# %% [markdown]
# The first layer draws two lines (OR's and NAND's); the second combines the two half-planes,
# keeping the band between the lines. That is the idea of the **multilayer perceptron (MLP)**:
# layers of neurons, each layer's outputs the next layer's inputs.
#
# We wired this one by hand. To *learn* the weights, the activation must have a useful
# derivative, so an MLP uses a smooth activation such as tanh instead of the step, and gradient
# descent with backprop instead of the perceptron rule. Here is an MLP with 2 inputs, one
# hidden layer of 4 tanh neurons and 1 output, trained by `fit`:
#
# - the output is a raw score $z$; the loss is binary cross-entropy on $\sigma(z)$, the
#   probability of class 1 (`"binary_cross_entropy_with_logits"`);
# - it predicts class 1 when $z > 0$.

# %%
model = MLP(2, [4, 1], activation="tanh", rng=random.Random(1))
print(model, "with", len(model.parameters()), "parameters")
history = fit(
    model,
    X,
    y,
    loss="binary_cross_entropy_with_logits",
    epochs=300,
    learning_rate=0.5,
    progress=False,
)
print(history)
for x, label in zip(X, y, strict=True):
    print(f"x = {x}: score {model(x).data:+.3f} → class {int(model(x).data > 0)}, label {label}")
print(f"accuracy: {accuracy(model, X, y, threshold=0.0):.0%}")

# %% [markdown]
# All four right: positive scores for (0, 1) and (1, 0), negative for (0, 0) and (1, 1). The
# parameter count is 4 hidden neurons × (2 weights + 1 bias) + 1 output × (4 weights + 1 bias)
# = 17. Its decision boundary (red: predicts 1) and its loss during training:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
plot_decision_boundary(model, X, y, threshold=0.0, ax=axes[0])
axes[0].set_title("MLP on XOR: decision boundary")
axes[1].plot(history.loss)
axes[1].set_xlabel("epoch")
axes[1].set_ylabel("binary cross-entropy")
axes[1].set_title("training loss")
plt.show()

# %% [markdown]
# The boundary is two lines, not one: a band along the (0, 0)–(1, 1) diagonal is class 0 (blue)
# and both sides of it are class 1 (red) — exactly what one perceptron could not draw.
#
# ### Exercise 2
#
# One hidden neuron is not enough: with one hidden unit the output is a monotone function of a
# single weighted sum, so it still draws a single line. How few hidden neurons do the lines
# above suggest XOR needs? (The check trains an MLP with that many and expects 100 %.)

# %%
my_hidden_neurons = 2  # try changing this, then run the check

# %%
small = MLP(2, [my_hidden_neurons, 1], activation="tanh", rng=random.Random(1))
fit(
    small,
    X,
    y,
    loss="binary_cross_entropy_with_logits",
    epochs=500,
    learning_rate=0.5,
    progress=False,
)
assert accuracy(small, X, y, threshold=0.0) == 1.0, "this network did not learn XOR"
assert my_hidden_neurons <= 2, "it learns, but fewer hidden neurons suffice (one per line)"
print(f"Correct: {my_hidden_neurons} hidden neurons learn XOR — one per line")

# %% [markdown]
# ## Summary
#
# - A perceptron is step$(w\cdot x + b)$: a straight line between two classes. It learns AND and
#   OR, and can never learn XOR, which no line separates.
# - Stacking layers fixes it: the first layer draws several lines, the next combines them.
# - To *learn* a multilayer network we need a differentiable activation and backprop — the
#   subject of the next notebooks.
#
# Next: [05 · backprop step by step](05_backprop_step_by_step.ipynb).
