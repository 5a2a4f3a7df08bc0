# %% [markdown]
# # 3 · Gradient descent
#
# Training means: **change the weights to make the error smaller**. The gradient tells us which
# way is downhill. This notebook uses a model with a single weight, so the whole loss fits in one
# picture, and then shows the same thing with two weights.

# %%
import random

import matplotlib.pyplot as plt

from autograd import Value, grad, no_grad

random.seed(0)

# %% [markdown]
# ## A one-weight model and its loss curve
#
# Five data points that roughly follow $y = 2x$, and the model $\hat y = w\,x$. How wrong is a
# weight $w$? The **mean squared error** over the $N = 5$ points:
#
# $$L(w) = \frac{1}{N}\sum_{i=1}^{N}(w\,x_i - y_i)^2$$

# %%
xs = [0.5, 1.0, 1.5, 2.0, 2.5]
ys = [2 * x + random.gauss(0, 0.2) for x in xs]  # y = 2x plus a little noise


def loss(w: Value) -> Value:
    """Mean squared error of the model y = w·x on the data."""
    return sum((w * x - y) ** 2 for x, y in zip(xs, ys, strict=True)) / len(xs)


best_w = sum(x * y for x, y in zip(xs, ys, strict=True)) / sum(x * x for x in xs)  # least squares
print("targets y:", [round(y, 3) for y in ys])
print(
    f"the best weight (least squares, Σxy/Σx²) is w* = {best_w:.4f},",
    f"its loss L(w*) = {loss(Value(best_w)).data:.4f}",
)


# %%
def plot_curve(ax, low: float = -1.0, high: float = 5.0) -> None:
    """Draw the loss curve L(w) for low ≤ w ≤ high on `ax`."""
    ws = [low + (high - low) * i / 300 for i in range(301)]
    with no_grad():  # plotting only needs values, not graphs
        curve = [loss(Value(w)).data for w in ws]
    ax.plot(ws, curve, color="grey")
    ax.set_xlabel("weight w")
    ax.set_ylabel("loss L(w)")


fig, ax = plt.subplots(figsize=(6, 3.5))
plot_curve(ax)
ax.axvline(best_w, linestyle=":", color="green", label=f"w* = {best_w:.2f}")
ax.legend()
plt.show()

# %% [markdown]
# The objective is the bottom of this bowl, at $w^* \approx 2$. But a network with millions of
# weights cannot draw its loss curve; it only knows the loss and the **slope** where it stands.
#
# ## The slope says which way to go
#
# `grad(loss)` gives $dL/dw$ at any $w$, by backpropagation:
#
# - **negative slope** (left of the minimum): increasing $w$ decreases the loss → increase $w$;
# - **positive slope** (right of the minimum): increasing $w$ increases the loss → decrease $w$.

# %%
slope = grad(loss)
fig, ax = plt.subplots(figsize=(6, 3.5))
plot_curve(ax)
for w in (0.0, 4.0):
    s = slope(w)
    here = loss(Value(w)).data
    ax.plot(
        [w - 0.7, w + 0.7],
        [here - 0.7 * s, here + 0.7 * s],
        "--",
        label=f"slope {s:.2f} at w = {w:g}",
    )
    ax.annotate(
        "",
        xy=(w - 0.6 * s / abs(s), here),
        xytext=(w, here),
        arrowprops={"arrowstyle": "->", "color": "red", "linewidth": 2},
    )
    print(f"w = {w:g}: dL/dw = {s:+.3f} → {'increase' if s < 0 else 'decrease'} w")
ax.set_ylim(-2, 30)
ax.legend()
plt.show()

# %% [markdown]
# The red arrows point **against** the slope: that is always downhill.
#
# ## The weight update rule
#
# Step against the gradient, scaled by the **learning rate** — how big a step we take:
#
# $$w_\text{new} = w_\text{old} - \text{learning\_rate}\times\frac{dL}{dw}$$
#
# Starting from $w = -0.5$ with learning rate 0.1:

# %%
w = Value(-0.5, label="w")
learning_rate = 0.1
print(f"{'step':>4} {'w':>8} {'loss':>9} {'dL/dw':>9} {'-lr·dL/dw':>10}")
for step in range(8):
    w.grad = 0.0  # clear the previous gradient (backward accumulates)
    current = loss(w)
    current.backward()
    change = -learning_rate * w.grad
    print(f"{step:4d} {w.data:8.4f} {current.data:9.4f} {w.grad:9.4f} {change:10.4f}")
    w.data += change  # new_weight = old_weight - learning_rate * gradient

# %% [markdown]
# Each row: the weight, its loss, the slope there, and the step taken. The slope is large and
# negative at first, so $w$ takes big steps up; as $w$ nears $w^* \approx 2$ the slope — and so
# the step — shrinks, and the loss falls towards its minimum. Nobody told the loop where the
# minimum was: it only followed the slope.
#
# Notice that the loop computes `current = loss(w)` afresh in every step. That matters: the
# update changes `w.data` in place, and a loss computed *before* the update still holds the old
# numbers. Calling `backward()` on that old loss again would mix old numbers with the new
# weight without any warning (PyTorch refuses with an "inplace operation" error; this library
# does not check). The rule: **forward pass, `backward()`, update — then a new forward pass**.
#
# ## Learning rate: too small, about right, too large
#
# Run the same loop with three learning rates and draw each trajectory on the loss curve.


# %%
def descend(learning_rate: float, start: float = -0.5, n_steps: int = 12) -> list[float]:
    """The weights visited by gradient descent on `loss`."""
    path = [start]
    for _ in range(n_steps):
        path.append(path[-1] - learning_rate * slope(path[-1]))
    return path


rates = {"too small": 0.01, "about right": 0.15, "too large": 0.38}
fig, axes = plt.subplots(1, 3, figsize=(15, 3.5))
for ax, (name, rate) in zip(axes, rates.items(), strict=True):
    path = descend(rate)
    plot_curve(ax, min(-1.0, *path) - 0.5, max(5.0, *path) + 0.5)
    with no_grad():
        heights = [loss(Value(w)).data for w in path]
    ax.plot(path, heights, "o-", color="red", markersize=4)
    ax.plot(path[0], heights[0], "ks", label="start")
    ax.set_title(f"{name}: learning rate {rate}")
    ax.legend()
    print(f"{name:>11} ({rate}): w after 12 steps = {path[-1]:8.3f} (w* = {best_w:.3f})")
plt.show()

# %% [markdown]
# - **Too small** (0.01): every step goes the right way but 12 steps cover only half the
#   distance; training would take hundreds of steps.
# - **About right** (0.15): it lands at $w^*$ within a few steps.
# - **Too large** (0.38): each step jumps *over* the minimum to a point *higher* up the other
#   side; the loss grows and $w$ runs away — the training **diverges**.
#
# Why 0.38 is too large: this loss is a parabola, $L(w) = L(w^*) + \frac{1}{2}L''\,(w - w^*)^2$,
# with constant curvature $L'' = \frac{2}{N}\sum x_i^2$. One step multiplies the distance to
# the minimum by $(1 - \text{learning\_rate}\cdot L'')$, so the steps shrink only if
# $\text{learning\_rate} < 2/L''$. The engine can compute $L''$ too — the derivative of the
# derivative, `grad(grad(loss))` (notebook 07 is all about this):

# %%
curvature = grad(grad(loss))(0.0)
print(
    f"L'' from grad(grad(loss)) = {curvature:.4f};",
    f"by the formula 2·mean(x²) = {2 * sum(x * x for x in xs) / len(xs):.4f}",
)
print(f"largest learning rate that converges: 2 / L'' = {2 / curvature:.4f}")
for name, rate in rates.items():
    print(f"{name:>11}: each step multiplies the distance to w* by {1 - rate * curvature:+.3f}")

# %% [markdown]
# 0.01 shrinks the distance by only 5.5 % a step; 0.15 by 82.5 % (the factor 0.175 is positive,
# so $w$ approaches from one side); 0.38 multiplies it by −1.09: a little farther each step, on
# alternating sides. The loss per step shows the same story (log scale; "about right" flattens at
# $10^{-16}$, the precision of a float):

# %%
FLOAT_FLOOR = 1e-16
plt.figure(figsize=(6, 3.5))
for name, rate in rates.items():
    with no_grad():
        excess = [loss(Value(w)).data - loss(Value(best_w)).data for w in descend(rate, n_steps=30)]
    # floats carry about 16 digits: below 1e-16 of the loss, the difference is rounding noise
    plt.semilogy(
        [max(e, FLOAT_FLOOR) for e in excess], "o-", markersize=3, label=f"{name} ({rate})"
    )
plt.xlabel("step")
plt.ylabel("L(w) - L(w*)")
plt.legend()
plt.show()

# %% [markdown]
# ### Exercise 1
#
# Pick a learning rate so that 10 steps from $w = -0.5$ end within 0.001 of $w^*$. The cell
# holds a working answer; try 0.01 or 0.4 instead, then run the check.

# %%
my_learning_rate = 0.15  # try changing this, then run the check

# %%
final = descend(my_learning_rate, n_steps=10)[-1]
assert abs(final - best_w) < 1e-3, (
    f"after 10 steps w = {final:.4f}, still {abs(final - best_w):.4f} from w*"
)
print(f"Correct: w = {final:.6f} after 10 steps, w* = {best_w:.6f}")

# %% [markdown]
# ### Exercise 2
#
# Which learning rate reaches $w^*$ in a **single** step? The step factor is
# $1 - \text{learning\_rate}\cdot L''$; make it zero.

# %%
my_one_step_rate = 1 / curvature  # try changing this, then run the check

# %%
one_step = descend(my_one_step_rate, n_steps=1)[-1]
assert abs(one_step - best_w) < 1e-9, f"one step lands at {one_step:.4f}, not w* = {best_w:.4f}"
print(f"Correct: learning rate {my_one_step_rate:.4f} jumps from -0.5 straight to {one_step:.4f}")

# %% [markdown]
# (This is Newton's method: divide the slope by the curvature. Notebook 07 uses it on curves
# that are not parabolas.)
#
# ## Two weights: the gradient points uphill on a surface
#
# Add a bias, $\hat y = w\,x + b$. The loss is now a surface over the $(w, b)$ plane, drawn
# below as contour lines (like a map of a valley). The gradient
# $(\partial L/\partial w, \partial L/\partial b)$ is a vector pointing uphill, and each update
# moves both weights against it:
#
# $$w \leftarrow w - \text{lr}\cdot\frac{\partial L}{\partial w}, \qquad
#   b \leftarrow b - \text{lr}\cdot\frac{\partial L}{\partial b}$$


# %%
def loss2(w: Value, b: Value) -> Value:
    """Mean squared error of the model y = w·x + b."""
    return sum((w * x + b - y) ** 2 for x, y in zip(xs, ys, strict=True)) / len(xs)


both_slopes = grad(loss2, argnums=(0, 1))  # returns (∂L/∂w, ∂L/∂b)
w, b, learning_rate = -0.5, 3.0, 0.15
path = [(w, b)]
for _ in range(60):
    dw, db = both_slopes(w, b)
    w, b = w - learning_rate * dw, b - learning_rate * db
    path.append((w, b))
print(f"after 60 steps: w = {w:.3f}, b = {b:.3f}, loss {loss2(Value(w), Value(b)).data:.4f}")

with no_grad():
    grid_w = [i / 20 for i in range(-20, 81)]
    grid_b = [i / 20 for i in range(-40, 81)]
    surface = [[loss2(Value(gw), Value(gb)).data for gw in grid_w] for gb in grid_b]
plt.figure(figsize=(6, 4.5))
plt.contour(grid_w, grid_b, surface, levels=[0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 32], cmap="viridis")
plt.plot(*zip(*path, strict=True), "o-", color="red", markersize=3, label="gradient descent")
plt.xlabel("w")
plt.ylabel("b")
plt.legend()
plt.title("Loss contours over (w, b)")
plt.show()

# %% [markdown]
# The path starts downhill across the contour lines, then curves along the floor of the long,
# narrow valley: $w$ and $b$ can trade off against each other (a steeper line with a lower
# intercept fits almost as well), so the valley is flat along one direction and steep across it.
# That shape is why training real networks needs many small steps.
#
# ## Summary
#
# - The loss measures how wrong the weights are; training minimises it.
# - The gradient's sign says which way is uphill; step the other way:
#   `new_weight = old_weight - learning_rate * gradient`.
# - The learning rate sets the step size: too small is slow, too large overshoots and diverges;
#   for a parabola the limit is $2/L''$.
#
# Next: [04 · the perceptron and XOR](04_perceptron_and_xor.ipynb).
