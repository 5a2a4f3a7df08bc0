# %% [markdown]
# # 6 · Training a multilayer perceptron
#
# Everything so far, put together: a network of neurons (notebook 4) computes scores, a loss
# measures how wrong they are, backprop (notebooks 1 and 5) finds every weight's gradient, and
# gradient descent (notebook 3) takes a step. Repeated, that is **training**. We train on two
# classic 2-D datasets, *moons* and *spiral*, and compare ReLU, tanh and sigmoid (notebook 2).

# %%
import math
import random

import matplotlib.pyplot as plt

from autograd import Value
from autograd.nn import MLP
from autograd.nn.data import moons, spiral
from autograd.nn.losses import binary_cross_entropy_with_logits
from autograd.nn.optim import SGD
from autograd.nn.training import accuracy, fit
from autograd.viz.plot import plot_decision_boundary, plot_history

random.seed(0)

# %% [markdown]
# ## The data: two moons
#
# 80 points in the plane, in two interleaving half-circles; label 0 (blue) for the upper moon,
# 1 (red) for the lower one, with a little noise. No straight line separates them.

# %%
X, y = moons(n=80, noise=0.1, seed=0)
print("first three points:", [[round(v, 2) for v in x] for x in X[:3]], "labels:", y[:3])
plt.figure(figsize=(5, 3.5))
plt.scatter([x[0] for x in X], [x[1] for x in X], c=["tab:red" if t else "tab:blue" for t in y])
plt.xlabel("x1")
plt.ylabel("x2")
plt.title("moons")
plt.show()

# %% [markdown]
# ## The model and the loss
#
# An MLP with 2 inputs, two hidden layers of 8 ReLU neurons and one output: a raw **score**
# $z$ for each point (class 1 when $z > 0$). The loss is the **binary cross-entropy** of
# $p = \sigma(z)$, the probability the network gives to class 1:
#
# $$L = -\frac{1}{N}\sum_{i=1}^N \big[y_i \ln p_i + (1 - y_i)\ln(1 - p_i)\big]$$
#
# It is small when the network is confident *and right*, and large when it is confident and
# wrong. (`binary_cross_entropy_with_logits` computes it from $z$ directly, which stays
# accurate for large $|z|$.)

# %%
model = MLP(2, [8, 8, 1], activation="relu", rng=random.Random(0))
print(model, "—", len(model.parameters()), "parameters")
scores = [model(x) for x in X]
initial_loss = binary_cross_entropy_with_logits(scores, y).data
print(f"loss of the untrained network: {initial_loss:.4f}")
print(f"accuracy of the untrained network: {accuracy(model, X, y):.0%}")

# %% [markdown]
# 2·8 + 8 weights and biases in layer 1, 8·8 + 8 in layer 2, 8 + 1 in the output: 105
# parameters. Untrained, the network is barely better than a coin flip.
#
# ## One training step, by hand
#
# A training step is four lines: forward (done above), zero the old gradients, `backward()`,
# and move every parameter against its gradient: `new_weight = old_weight - learning_rate *
# gradient`. We try it on a copy, `demo`, built from the same seed (so the same weights), and
# keep `model` untouched for `fit` below.

# %%
LEARNING_RATE = 0.5
demo = MLP(2, [8, 8, 1], activation="relu", rng=random.Random(0))
loss = binary_cross_entropy_with_logits([demo(x) for x in X], y)  # forward
demo.zero_grad()
loss.backward()
for p in demo.parameters():
    p.data -= LEARNING_RATE * p.grad
after = binary_cross_entropy_with_logits([demo(x) for x in X], y)
print(f"loss before the step {loss.data:.4f}, after {after.data:.4f}")

# %% [markdown]
# The loss went down. `fit` repeats exactly this (with `SGD` doing the update) once per
# **epoch** — one pass over all 80 points — and draws a progress bar with the current loss and
# accuracy. By default it runs each step as a **compiled program** (notebook 8): the first step
# writes the graph out as straight-line Python once, and every step after runs that code, with
# the same numbers, bit for bit, many times faster. (`fit(..., compile=False)` builds the graph
# at every step instead.)

# %%
history = fit(
    model,
    X,
    y,
    loss="binary_cross_entropy_with_logits",
    epochs=100,
    learning_rate=LEARNING_RATE,
)

# %% [markdown]
# `fit` returns the history: the loss and the accuracy of every epoch.

# %%
print(history)
print("loss in epochs 1, 10, 50, 100:", [round(history.loss[i], 4) for i in (0, 9, 49, 99)])
first_ten = history.loss[0] - history.loss[9]
last_fifty = history.loss[49] - history.loss[99]
assert first_ten > 2 * last_fifty > 0  # what the text below says: steep, then slower, still falling

# %% [markdown]
# The loss per epoch, and the **decision boundary**: the plane coloured by the class the network
# predicts at each point (red: class 1), with the data on top.

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
plot_history(history, ax=axes[0])
plot_decision_boundary(model, X, y, threshold=0.0, ax=axes[1])
plt.show()

# %% [markdown]
# The loss falls steeply in the first ten epochs, then more slowly, and is still falling at
# epoch 100 (more epochs would lower it further), while the accuracy (orange, right axis) climbs
# to nearly 100 %. The boundary is made of straight pieces — each ReLU neuron contributes
# a bend along its own line — and it curls between the moons.
#
# ### Exercise 1
#
# The top of the upper moon is the point (0, 1). Which class (0 or 1) does the trained network
# give it? A working answer is given; try changing it, then run the check.

# %%
my_class = 0  # try changing this, then run the check

# %%
score = model([0.0, 1.0]).data
assert my_class == int(score > 0), f"the network's score is {score:+.2f}"
print(f"Correct: score {score:+.2f}, so class {my_class}")

# %% [markdown]
# ### Exercise 2
#
# Before training, the loss was about 0.87 (printed at the top). A network that knows nothing
# would output $z = 0$, i.e. $p = \sigma(0) = 0.5$, for every point. Write its binary
# cross-entropy as a formula; the check also compares the two.

# %%
my_know_nothing_loss = -math.log(0.5)  # try changing this, then run the check

# %%
know_nothing = binary_cross_entropy_with_logits([Value(0.0)] * len(y), y).data
assert abs(my_know_nothing_loss - know_nothing) < 1e-9, f"it is {know_nothing:.6f}"
assert round(initial_loss, 2) == 0.87, "the text above quotes the untrained loss: update it"
print(f"Correct: -ln 0.5 = ln 2 = {know_nothing:.4f}, the loss of guessing")
print(f"The untrained network did worse than guessing: {initial_loss:.4f} > {know_nothing:.4f}")

# %% [markdown]
# ## ReLU vs tanh vs sigmoid
#
# Same data, same starting weights (the same seed), same learning rate, same 100 epochs — only
# the hidden activation changes. The ReLU network is the `model` trained above; `progress=False`
# hides the bars of the other two.

# %%
histories, models = {"relu": history}, {"relu": model}
for activation in ("tanh", "sigmoid"):
    models[activation] = MLP(2, [8, 8, 1], activation=activation, rng=random.Random(0))
    histories[activation] = fit(
        models[activation],
        X,
        y,
        loss="binary_cross_entropy_with_logits",
        epochs=100,
        learning_rate=LEARNING_RATE,
        progress=False,
    )
    print(f"{activation:>7}: {histories[activation]}")

plt.figure(figsize=(6, 3.5))
for activation, h in histories.items():
    plt.plot(h.loss, label=activation)
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.title("same network, three activations")
plt.show()

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4.5), layout="constrained")
for ax, (activation, m) in zip(axes, models.items(), strict=True):
    plot_decision_boundary(m, X, y, threshold=0.0, ax=ax)
    ax.set_title(f"{activation}: accuracy {accuracy(m, X, y):.0%}")
plt.show()

# %% [markdown]
# In these 100 epochs ReLU learns fastest and its boundary follows the moons most closely; tanh
# is slower and smoother; sigmoid lags far behind, with a boundary close to a straight line.
# Notebook 2 explains why: sigmoid's slope is at most 0.25, so every layer shrinks the gradient
# that reaches the earlier layers, and its outputs are all positive (centred on 0.5, not 0),
# which makes the steps zig-zag. Given many more epochs, all three would separate the moons.
#
# ## A harder problem: two spirals
#
# Two interleaved spiral arms. Each class wraps around the other, so the boundary has to
# curl. We use one wider hidden layer (16 ReLU neurons) and more epochs (200); to speed the
# steps up we use **momentum**
# (`SGD(..., momentum=0.9)`): each step keeps 90 % of the previous one and adds the new gradient,
# so steps that point the same way build up speed, like a ball rolling downhill.

# %%
X_spiral, y_spiral = spiral(n=80, seed=0)
spiral_model = MLP(2, [16, 1], activation="relu", rng=random.Random(0))
spiral_history = fit(
    spiral_model,
    X_spiral,
    y_spiral,
    loss="binary_cross_entropy_with_logits",
    optimizer=SGD(spiral_model.parameters(), lr=0.1, momentum=0.9),
    epochs=200,
)

# %%
print(spiral_history)
fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
plot_history(spiral_history, ax=axes[0])
plot_decision_boundary(spiral_model, X_spiral, y_spiral, threshold=0.0, ax=axes[1])
axes[1].set_title(f"spiral: accuracy {accuracy(spiral_model, X_spiral, y_spiral):.0%}")
plt.show()

# %% [markdown]
# The loss falls steadily, while the accuracy climbs in jumps as the boundary wraps around more
# of each arm. About nine points in ten end up on the right side; the mistakes lie where the
# two arms come closest. A bigger network and more epochs would do better — at the price of
# time, since every one of these numbers is a Python `Value`.
#
# ## Summary
#
# - Training repeats: forward pass → loss → `zero_grad()` → `backward()` → step. `fit` is that
#   loop with a progress bar and a history.
# - Binary cross-entropy on a raw score is the usual loss for two classes; guessing costs ln 2.
# - The activation matters: here ReLU trained fastest and sigmoid slowest, as the gradients of
#   notebook 2 predict.
# - Harder boundaries need more neurons, more steps, or a better optimiser (momentum).
