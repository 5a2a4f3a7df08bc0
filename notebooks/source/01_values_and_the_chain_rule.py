# %% [markdown]
# # 1 · Values and the chain rule
#
# ## What deep learning can do, and why it took off in 2012
#
# Deep neural networks detect and segment objects in photos, caption images and answer questions
# about them, colourise old pictures, sharpen blurry ones (super-resolution), generate faces and
# turn text into images (GANs), translate between languages (sequence-to-sequence models) and
# compose music.
#
# The ideas are old — the perceptron dates from 1958, the LSTM from 1997, the convolutional network
# from 1998 — but they only took over around 2012, for three reasons:
#
# 1. **Data**: ImageNet gave researchers over a million labelled images.
# 2. **Compute**: graphics cards (GPUs) do thousands of multiplications at once.
# 3. **Software**: NVIDIA's CUDA let programmers run matrix multiplications — and so the forward
#    and backward passes of convolution, pooling, normalisation and activation layers — on GPUs.
#
# The trigger was *ImageNet Classification with Deep Convolutional Neural Networks* (Krizhevsky,
# Sutskever and Hinton, 2012): trained on two GPUs, their network cut the ImageNet top-5 error
# from 26.2 % (the runner-up) to 15.3 %.
#
# Every one of those networks learns the same way: it computes a prediction, measures how wrong
# it is, and uses **derivatives** to nudge each weight in the direction that makes it less wrong.
# This notebook builds the smallest such network, one neuron, and finds its derivatives three ways.

# %%
import math

import matplotlib.pyplot as plt

from autograd import Value
from autograd.engine.backprop import topological_order
from autograd.viz import draw_dot

# %%
milestones = [  # (year, event, text alignment: crowded labels lean away from each other)
    (1958, "perceptron", "center"),
    (1969, "perceptrons\ncan't learn XOR", "center"),
    (1986, "backpropagation\npopularised", "center"),
    (1997, "LSTM", "right"),
    (1998, "CNN (LeNet)", "left"),
    (2007, "CUDA", "right"),
    (2009, "ImageNet\ndataset", "center"),
    (2012, "AlexNet wins\nImageNet", "left"),
]
fig, ax = plt.subplots(figsize=(10, 2.4))
ax.axhline(0, color="grey", linewidth=1)
for i, (year, event, alignment) in enumerate(milestones):
    height = 1 if i % 2 == 0 else -1
    ax.plot([year, year], [0, height * 0.6], color="tab:blue", linewidth=1)
    ax.plot(year, 0, "o", color="tab:blue")
    ax.text(year, height * 0.75, f"{year}\n{event}", ha=alignment, va="center", fontsize=9)
ax.set_ylim(-1.5, 1.5)
ax.set_xlim(1952, 2020)
ax.axis("off")
ax.set_title("A short history of neural networks")
plt.show()

# %% [markdown]
# ## The essence of a neural network: one neuron
#
# A neuron multiplies each input by a weight, adds a bias, and passes the sum through a
# non-linear **activation** function; the result is its prediction:
#
# $$n = x_1 w_1 + x_2 w_2 + b, \qquad y = \tanh(n)$$
#
# A `Value` is a number that remembers how it was computed. We give each one a `label` so we can
# tell them apart later.

# %%
x1 = Value(1.5, label="x1")  # inputs: the data
x2 = Value(-0.5, label="x2")
w1 = Value(0.8, label="w1")  # weights and bias: what the network learns
w2 = Value(-1.2, label="w2")
b = Value(-1.0, label="b")

x1w1 = x1 * w1
x1w1.label = "x1·w1"
x2w2 = x2 * w2
x2w2.label = "x2·w2"
weighted_sum = x1w1 + x2w2
weighted_sum.label = "x1·w1 + x2·w2"
n = weighted_sum + b
n.label = "n"
y = n.tanh()
y.label = "y"
print(f"n = 1.5·0.8 + (-0.5)·(-1.2) + (-1.0) = {n.data:.4f}")
print(f"y = tanh(n)                          = {y.data:.4f}")

# %% [markdown]
# That was the **forward pass**: 1.2 + 0.6 − 1.0 = 0.8, and tanh squashes 0.8 to about 0.66.
#
# ## The computation graph
#
# Each `Value` made by an operation records its `op` and its `parents`. Listing the nodes so
# that every node comes after its parents (a *topological order*) shows the whole computation:

# %%
print(f"{'node':>14}  {'op':>4}  {'data':>7}  parents")
for node in topological_order(y):
    parents = ", ".join(p.label or f"{p.data:g}" for p in node.parents)
    print(f"{node.label:>14}  {node.op or 'leaf':>4}  {node.data:7.4f}  {parents}")

# %% [markdown]
# The five leaves (`op` = leaf) are the inputs and parameters; every other node is one operation
# applied to the nodes listed as its parents. `draw_dot` draws the same graph: a box per value
# (its label and `data`), an oval per operation, arrows from inputs to outputs. (The labels on
# the arrows are *local derivatives* — more on them below.)

# %%
draw_dot(y, show_grad=False)

# %% [markdown]
# ## The derivative by hand
#
# How much does the prediction change when we nudge the weight $w_1$? The **chain rule** says:
# multiply the local derivatives along the path from $y$ back to $w_1$:
#
# $$\frac{\partial y}{\partial w_1}
#   = \frac{\partial y}{\partial n}\cdot\frac{\partial n}{\partial w_1}
#   = (1 - \tanh^2 n)\cdot x_1 = (1 - y^2)\cdot x_1$$

# %%
dy_dn = 1 - y.data**2  # derivative of tanh, written with its output y
dn_dw1 = x1.data  # n = x1·w1 + …, so ∂n/∂w1 = x1
by_hand = dy_dn * dn_dw1
print(f"∂y/∂n  = 1 - y²  = {dy_dn:.6f}")
print(f"∂n/∂w1 = x1      = {dn_dw1:.6f}")
print(f"∂y/∂w1 (by hand) = {by_hand:.6f}")

# %% [markdown]
# ## The derivative by finite differences
#
# A derivative is a slope, so we can also *measure* it: evaluate the neuron at $w_1 + h$ and at
# $w_1 - h$ for a tiny $h$ and divide the rise by the run (the *central difference*):
#
# $$\frac{\partial y}{\partial w_1} \approx \frac{y(w_1 + h) - y(w_1 - h)}{2h}$$


# %%
def neuron(x1: float, x2: float, w1: float, w2: float, b: float) -> float:
    """The forward pass on plain floats: tanh(x1·w1 + x2·w2 + b)."""
    return math.tanh(x1 * w1 + x2 * w2 + b)


h = 1e-6
numerical = (neuron(1.5, -0.5, 0.8 + h, -1.2, -1.0) - neuron(1.5, -0.5, 0.8 - h, -1.2, -1.0)) / (
    2 * h
)
print(f"∂y/∂w1 (finite differences) = {numerical:.6f}")

# %% [markdown]
# ## The derivative by backpropagation
#
# `y.backward()` applies the chain rule to *every* node at once, walking the graph from `y`
# backwards, and stores each $\partial y/\partial\text{node}$ in that node's `grad`.

# %%
y.backward()
print(f"∂y/∂w1 (backward)           = {w1.grad:.6f}")
print(f"∂y/∂w1 (by hand)            = {by_hand:.6f}")
print(f"∂y/∂w1 (finite differences) = {numerical:.6f}")
print(f"backward - finite differences = {w1.grad - numerical:.1e}")
assert abs(w1.grad - by_hand) < 1e-12
assert 1e-14 < abs(w1.grad - numerical) < 1e-9  # what the text below says

# %% [markdown]
# All three agree. By hand and `backward()` are *exact* (the same formula). Finite differences
# are not: their error is about $h^2$ times the third derivative, plus the rounding of
# $f(x \pm h)$ divided by $2h$ (about $10^{-16}/10^{-6}$), so with $h = 10^{-6}$ they agree with
# the exact value to about 10 digits, as printed above. The drawing now shows every node's
# `grad`, ∂y/∂node:

# %%
draw_dot(y)

# %% [markdown]
# Here are the gradients of every leaf, each checked against finite differences:

# %%
point = {"x1": 1.5, "x2": -0.5, "w1": 0.8, "w2": -1.2, "b": -1.0}
for leaf in (x1, x2, w1, w2, b):
    up = {**point, leaf.label: point[leaf.label] + h}
    down = {**point, leaf.label: point[leaf.label] - h}
    estimate = (neuron(**up) - neuron(**down)) / (2 * h)
    print(f"∂y/∂{leaf.label:<2} backward {leaf.grad:+.6f}   finite differences {estimate:+.6f}")
    assert abs(leaf.grad - estimate) < 1e-6

# %% [markdown]
# Read them as sensitivities: nudging `w1` up by 0.01 raises the prediction by about
# 0.01 × 0.84 ≈ 0.008; nudging `w2` up *lowers* it, because its input `x2` is negative.
# Inputs get gradients too (∂y/∂x1 = (1 − y²)·w1), even though training never changes them.
#
# ## The gradient is the slope of a tangent
#
# Fix everything except $w_1$ and plot the prediction as a function of $w_1$. The line through
# the current point with slope `w1.grad` just touches the curve there:

# %%
ws = [i / 50 for i in range(-100, 151)]
plt.figure(figsize=(6, 3.5))
plt.plot(ws, [neuron(1.5, -0.5, w, -1.2, -1.0) for w in ws], label="y as a function of w1")
tangent_ws = [w1.data - 0.6, w1.data + 0.6]
plt.plot(
    tangent_ws,
    [y.data + w1.grad * (w - w1.data) for w in tangent_ws],
    "--",
    label=f"tangent, slope ∂y/∂w1 = {w1.grad:.3f}",
)
plt.plot(w1.data, y.data, "ko")
plt.xlabel("w1")
plt.ylabel("y")
plt.legend()
plt.show()

# %% [markdown]
# ## How `backward()` gets there: local gradients
#
# Each operation knows only its own derivative — its **local gradient** with respect to each
# parent (`node.local_grads`, read from the rules table in `autograd.engine.rules`). Backprop
# visits the nodes from `y` backwards and passes `local_grad × node.grad` to each parent:

# %%
for node in reversed(topological_order(y)):
    if node.is_leaf:
        continue
    for parent, local in zip(node.parents, node.local_grads, strict=True):
        print(
            f"{node.label:>14} ({node.op:>4}) → {parent.label:<14}"
            f" local grad {local:+.4f} × node.grad {node.grad:.4f}"
            f" = {local * node.grad:+.4f} added to {parent.label}.grad"
        )

# %% [markdown]
# Follow `w1`: tanh's local gradient is $1 - y^2 \approx 0.559$; the additions pass it on
# unchanged (their local gradient is 1); the multiplication `x1·w1` multiplies it by $x_1 = 1.5$.
# That product, 0.838, is exactly what we computed by hand.
#
# ## Why a value used twice gets the **sum**
#
# If a value feeds into the output along two paths, a nudge to it travels along both, and the
# two effects add up (the *multivariable chain rule*). Take $f = a\cdot c + a$: $a$ reaches $f$
# through the product *and* directly, so
#
# $$\frac{\partial f}{\partial a} = \underbrace{c}_{\text{via } a\cdot c} +
#   \underbrace{1}_{\text{via } +a} = c + 1$$

# %%
a = Value(3.0, label="a")
c = Value(-2.0, label="c")
f = a * c + a
f.backward()
by_formula = c.data + 1
finite = (((3.0 + h) * -2.0 + (3.0 + h)) - ((3.0 - h) * -2.0 + (3.0 - h))) / (2 * h)
print(f"f = a·c + a = {f.data}")
print(f"∂f/∂a: backward {a.grad}, c + 1 = {by_formula}, finite differences {finite:.6f}")
assert a.grad == by_formula

# %% [markdown]
# `backward()` gets −1 = (−2) + 1. If it *overwrote* the gradient instead of adding, it would
# report only one path (−2 or 1), and finite differences show that would be wrong.
#
# The same happens with `a * a`: the multiplication lists `a` as both of its parents, each with
# local gradient `a`, and the sum gives the familiar $\frac{d}{da}a^2 = 2a$:

# %%
a = Value(3.0, label="a")
square = a * a
print("parents of a*a:", [p.label for p in square.parents], "local grads:", square.local_grads)
square.backward()
print(f"∂(a·a)/∂a = {a.grad} = 2·a")

# %% [markdown]
# ### Exercise 1
#
# Using the chain rule as above, ∂y/∂b = (1 − y²) · ∂n/∂b. What is ∂n/∂b, when
# n = x1·w1 + x2·w2 + b? The cell holds a working answer; try changing `dn_db` to a wrong value,
# then run the check.

# %%
dn_db = 1.0  # ∂n/∂b: b is added directly, so nudging b by h nudges n by h
my_dy_db = (1 - y.data**2) * dn_db

# %%
assert abs(my_dy_db - b.grad) < 1e-12, f"backward says {b.grad:.6f}, you have {my_dy_db:.6f}"
print(f"Correct: ∂y/∂b = {b.grad:.6f}")

# %% [markdown]
# ### Exercise 2
#
# $g = a \cdot a \cdot a$ uses $a$ three times. Write $\partial g/\partial a$ at $a = 3$ as a
# formula in `a_value`, then run the check (it compares with `backward()`).

# %%
a_value = 3.0
my_dg_da = 3 * a_value**2  # try changing this, then run the check

# %%
a = Value(a_value, label="a")
g = a * a * a
g.backward()
assert abs(my_dg_da - a.grad) < 1e-12, f"backward says {a.grad}, you have {my_dg_da}"
print(f"Correct: ∂(a·a·a)/∂a = {a.grad} at a = {a_value}")

# %% [markdown]
# ## One more thing: gradients accumulate
#
# Like PyTorch, calling `backward()` again **adds** to the leaves' gradients (that is what lets
# a value used twice collect both paths, and lets training sum gradients over many examples).
# So before a new backward pass, clear them with `zero_grad()`:

# %%
a = Value(3.0, label="a")
out = a * a
out.backward()
print("after one backward: ", a.grad)
out.backward()
print("after two backwards:", a.grad, "(twice 6: accumulated)")
out.zero_grad()
out.backward()
print("after zero_grad and one backward:", a.grad)

# %% [markdown]
# ## Summary
#
# - A neuron computes $y = \text{activation}(\sum_i x_i w_i + b)$; building it from `Value`s
#   records a graph of operations.
# - $\partial y/\partial w$ says how the prediction moves when $w$ moves. We found it by hand
#   (chain rule), by finite differences (measuring), and by `backward()` — they agree.
# - Backprop multiplies local gradients along each path and **adds** over paths.
#
# Next: [02 · activation functions](02_activation_functions.ipynb) — why the non-linearity
# matters, and how its derivative decides whether gradients survive a deep network.
