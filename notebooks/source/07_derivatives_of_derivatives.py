# %% [markdown]
# # 7 · Derivatives of derivatives
#
# Backprop computes a derivative by running ordinary arithmetic (the chain rule) on the numbers
# in the graph. If that arithmetic is itself done with `Value`s, the derivative is a graph too —
# and can be differentiated again. This notebook
#
# 1. turns functions into their derivatives with `grad`, and nests it: `grad(grad(f))`;
# 2. plots tanh and its first three derivatives, all computed by the engine;
# 3. checks them against closed forms and with `gradcheck`;
# 4. uses the second derivative for **Newton's method**, which finds a minimum in a handful of
#    steps where gradient descent needs dozens.

# %%
import math

import matplotlib.pyplot as plt

from autograd import Value, grad, gradcheck, gradients, hessian
from autograd.engine.backprop import topological_order
from autograd.viz import draw_dot

# %% [markdown]
# ## `grad` turns a function into its derivative
#
# `grad(f)` is a new function: give it a number $x$, it returns $f'(x)$. For $f = \tanh$ the
# lecture formula is $f'(x) = 1 - \tanh^2 x$:


# %%
def tanh(x: Value) -> Value:
    return x.tanh()


dtanh = grad(tanh)
print(f"grad(tanh)(0.5) = {dtanh(0.5):.10f}")
print(f"1 - tanh²(0.5)  = {1 - math.tanh(0.5) ** 2:.10f}")

# %% [markdown]
# Because `grad(tanh)` is again a function of one number built from `Value` operations, we can
# apply `grad` to *it*: `grad(grad(tanh))` is the second derivative, and so on.

# %%
d2tanh = grad(grad(tanh))
d3tanh = grad(grad(grad(tanh)))
print(f"tanh''(0.5)  = {d2tanh(0.5):+.6f}")
print(f"tanh'''(0.5) = {d3tanh(0.5):+.6f}")

# %% [markdown]
# ## tanh and its first three derivatives
#
# Writing $t = \tanh x$ and differentiating $t' = 1 - t^2$ again and again with the chain rule
# gives the closed forms
#
# $$t' = 1 - t^2, \qquad t'' = -2t\,(1 - t^2), \qquad t''' = -2\,(1 - t^2)(1 - 3t^2).$$
#
# The plot below comes from the engine alone; the closed forms only check it afterwards.

# %%
xs = [i / 25 for i in range(-100, 101)]
curves = {
    "tanh x": [tanh(Value(x)).data for x in xs],
    "tanh′ x  = grad(tanh)": [dtanh(x) for x in xs],
    "tanh″ x  = grad(grad(tanh))": [d2tanh(x) for x in xs],
    "tanh‴ x = grad(grad(grad(tanh)))": [d3tanh(x) for x in xs],
}
plt.figure(figsize=(8, 4))
for (name, ys), style in zip(curves.items(), ["-", "--", "-.", ":"], strict=True):
    plt.plot(xs, ys, style, linewidth=2, label=name)
plt.axhline(0, color="grey", linewidth=0.5)
plt.xlabel("x")
plt.legend()
plt.title("tanh and its derivatives, all from the engine")
plt.show()

# %% [markdown]
# Reading the picture: tanh′ is the slope of tanh (largest, 1, at $x = 0$, where tanh is
# steepest); tanh″ is the slope of tanh′ (zero at $x = 0$, where tanh′ peaks); tanh‴ is the
# slope of tanh″ (−2 at $x = 0$). Each curve crosses zero where the one before it has a peak
# or a trough.

# %%
worst = [0.0, 0.0, 0.0]
for x, d1, d2, d3 in zip(xs, *list(curves.values())[1:], strict=True):
    t = math.tanh(x)
    closed = (1 - t**2, -2 * t * (1 - t**2), -2 * (1 - t**2) * (1 - 3 * t**2))
    worst = [
        max(w, abs(engine - exact))
        for w, engine, exact in zip(worst, (d1, d2, d3), closed, strict=True)
    ]
print("largest |engine - closed form| for the 1st, 2nd, 3rd derivative:")
print([f"{w:.1e}" for w in worst])
assert max(worst) < 1e-12

# %% [markdown]
# Agreement to about $10^{-16}$, the precision of a float: the engine is exact, not an
# approximation. The same works for sigmoid, whose lecture derivative $y(1 - y)$ (with
# $y = \sigma(x)$) differentiates once more to $y(1 - y)(1 - 2y)$:

# %%
d2sigmoid = grad(grad(lambda x: x.sigmoid()))
y = 1 / (1 + math.exp(-1.5))
print(f"grad(grad(sigmoid))(1.5) = {d2sigmoid(1.5):.12f}")
print(f"y(1 - y)(1 - 2y)         = {y * (1 - y) * (1 - 2 * y):.12f}")

# %% [markdown]
# ### `gradcheck`: the same check without knowing the answer
#
# For a function whose derivatives we cannot write down, `gradcheck(f, x, order=3)` compares
# each derivative from the engine with central finite differences of the one below it,
# $\frac{g(x + \varepsilon) - g(x - \varepsilon)}{2\varepsilon}$, and raises an error naming the
# argument and both numbers if they disagree. It returns `True` when all agree:


# %%
def wiggle(x: Value) -> Value:
    """Any smooth function built from the engine's operations will do."""
    return (x * x).tanh() * x.exp() / (1 + x.sigmoid())


print("gradcheck(wiggle, 0.7, order=3):", gradcheck(wiggle, 0.7, order=3))

# %% [markdown]
# ## How it works: the gradient is a graph
#
# `gradients(output, inputs, create_graph=True)` runs backprop on `Value`s instead of floats, so
# the derivative it returns remembers how it was computed. Here is the graph of
# $\frac{d}{dx}\tanh x$ at $x = 0.5$: the rule $1 - t^2$ appears as operations on the output
# $t$ of tanh.

# %%
x = Value(0.5, label="x")
t = x.tanh()
t.label = "t = tanh x"
(dt_dx,) = gradients(t, [x], create_graph=True)
print(f"dt/dx = {dt_dx.data:.6f}, built from {len(topological_order(dt_dx))} nodes:")
for node in topological_order(dt_dx):
    parents = ", ".join(f"{p.data:.4f}" for p in node.parents)
    print(f"  {node.op or 'leaf':>4}  {node.data:+.6f}  {node.label or ''}  parents: {parents}")

# %% [markdown]
# Read it top-down: `t·t`, then `1 - t²` (tanh's rule from the table), times 1.0 (the seed
# ∂t/∂t = 1 that backprop starts from), added to the 0.0 every gradient starts at. Drawn:

# %%
draw_dot(dt_dx, show_grad=False)

# %% [markdown]
# It is an ordinary graph that leads back to `x`, so backprop through it gives the second
# derivative:

# %%
(d2t_dx2,) = gradients(dt_dx, [x])
print(f"d²t/dx² = {d2t_dx2:+.6f}   closed form -2t(1 - t²) = {-2 * t.data * (1 - t.data**2):+.6f}")

# %% [markdown]
# ### Exercise 1
#
# What is the second derivative of $x^3$ at $x = 2$? ($\frac{d}{dx}x^3 = 3x^2$, then
# differentiate once more.) A working answer is given; try changing it, then run the check.

# %%
my_second_derivative = 6 * 2  # try changing this, then run the check

# %%
engine = grad(grad(lambda x: x**3))(2.0)
assert abs(my_second_derivative - engine) < 1e-12, f"the engine says {engine}"
print(f"Correct: (x³)'' at x = 2 is {engine}")

# %% [markdown]
# ## Newton's method: using the second derivative to find a minimum
#
# Gradient descent steps by `learning_rate × slope`, and we have to guess the learning rate.
# Newton's method asks the second derivative how curved the function is. Near $x_k$, $f$ looks
# like the parabola
#
# $$q(x) = f(x_k) + f'(x_k)(x - x_k) + \tfrac{1}{2}f''(x_k)(x - x_k)^2,$$
#
# whose bottom is at
#
# $$x_{k+1} = x_k - \frac{f'(x_k)}{f''(x_k)}.$$
#
# (For a parabola, this is gradient descent with learning rate $1/f''$: the one-step rate from
# notebook 03.) Let us minimise $f(x) = x^4 - 3x^2 + x$ starting from $x = 2$.


# %%
def f(x: Value) -> Value:
    return x**4 - 3 * x**2 + x


df = grad(f)
d2f = grad(grad(f))

newton = [2.0]
for _ in range(10):
    x_k = newton[-1]
    newton.append(x_k - df(x_k) / d2f(x_k))  # x_{k+1} = x_k - f'(x_k) / f''(x_k)
minimum = newton[-1]  # the last iterate: exact to the last digit of a float
newton = newton[:7]  # the steps worth looking at
print(f"{'k':>2} {'x_k':>20} {'f′(x_k)':>12} {'f″(x_k)':>9} {'|x_k - x*|':>11}")
for k, x_k in enumerate(newton):
    print(f"{k:2d} {x_k:20.15f} {df(x_k):12.2e} {d2f(x_k):9.4f} {abs(x_k - minimum):11.1e}")
assert abs(df(minimum)) < 1e-12 and d2f(minimum) > 0

# %% [markdown]
# At the last $x$ the slope $f'$ is 0 (to machine precision) and the curvature $f''$ is positive:
# a minimum, $x^* \approx 1.1309$. Look at the last column: once close, the error roughly
# *squares* every step ($10^{-2} \to 10^{-4} \to 10^{-7} \to 10^{-14}$) — the number of correct
# digits doubles. That is **quadratic convergence**.
#
# The picture: at each $x_k$ (black dot) draw the parabola $q$ that Newton fits (dashed), and
# jump to its bottom.

# %%
plot_xs = [i / 100 for i in range(-200, 231)]
plt.figure(figsize=(7, 4))
plt.plot(plot_xs, [f(Value(x)).data for x in plot_xs], color="grey", label="f(x) = x⁴ - 3x² + x")
for k, x_k in enumerate(newton[:3]):
    f_k, g_k, h_k = f(Value(x_k)).data, df(x_k), d2f(x_k)
    near = [x_k + i / 50 for i in range(-60, 61)]
    parabola = [f_k + g_k * (x - x_k) + 0.5 * h_k * (x - x_k) ** 2 for x in near]
    plt.plot(near, parabola, "--", label=f"parabola q fitted at x{k}")
    plt.plot(x_k, f_k, "ko")
    plt.annotate(f"x{k}", (x_k, f_k), textcoords="offset points", xytext=(5, 5))
plt.plot(minimum, f(Value(minimum)).data, "r*", markersize=14, label="minimum found")
plt.ylim(-4, 6)
plt.xlabel("x")
plt.legend()
plt.show()

# %% [markdown]
# Compare with gradient descent from the same start, with a learning rate that works well here
# (0.05; with 0.1 the first step overshoots into the other valley, and 0.2 diverges):

# %%
LEARNING_RATE, N_STEPS = 0.05, 40
descent = [2.0]
for _ in range(N_STEPS):
    descent.append(descent[-1] - LEARNING_RATE * df(descent[-1]))

plt.figure(figsize=(6, 3.5))
plt.semilogy([max(abs(x - minimum), 1e-16) for x in newton], "o-", label="Newton")
plt.semilogy(
    [max(abs(x - minimum), 1e-16) for x in descent],
    "o-",
    markersize=3,
    label=f"gradient descent (lr {LEARNING_RATE})",
)
plt.xlabel("step")
plt.ylabel("|x - x*|")
plt.legend()
plt.show()
print(
    f"after 4 steps: Newton error {abs(newton[4] - minimum):.1e}, "
    f"gradient descent error {abs(descent[4] - minimum):.1e}"
)
print(f"after {N_STEPS} steps gradient descent error is {abs(descent[-1] - minimum):.1e}")

# %% [markdown]
# Gradient descent's error shrinks by a constant factor per step (a straight line on this log
# scale); Newton's falls off a cliff. The price: each Newton step needs the second derivative,
# and with many weights that is a whole matrix (below) — which is why large networks are
# trained with gradient descent.
#
# **A caveat.** Newton looks for $f'(x) = 0$, which is true at maxima too. Where $f'' < 0$ the
# fitted parabola opens downwards and Newton jumps to its *top*:

# %%
x_k = 0.5
for _ in range(6):
    x_k = x_k - df(x_k) / d2f(x_k)
print(f"Newton from x = 0.5 ends at x = {x_k:.6f}: f′ = {df(x_k):.1e}, f″ = {d2f(x_k):.3f}")
assert d2f(x_k) < 0  # a maximum, not a minimum

# %% [markdown]
# $f'' < 0$ there: that is the local *maximum* between the two valleys. Practical Newton methods
# check the sign of $f''$ and fall back to a gradient step when it is negative.
#
# ### Exercise 2
#
# Write one Newton step as a function, using `df` and `d2f`; the check runs it from $x = -2$ and
# expects the *other* minimum of $f$, near $-1.30$.


# %%
def my_newton_step(x: float) -> float:
    return x - df(x) / d2f(x)  # try changing this, then run the check


# %%
x_k = -2.0
for _ in range(8):
    x_k = my_newton_step(x_k)
assert abs(df(x_k)) < 1e-9 and d2f(x_k) > 0, f"ended at x = {x_k}, where f' = {df(x_k)}"
print(f"Correct: the other minimum is at x = {x_k:.6f}, f(x) = {f(Value(x_k)).data:.4f}")

# %% [markdown]
# ## Several variables: the Hessian
#
# With two inputs the second derivatives form a 2 × 2 matrix, the **Hessian**
# $H_{ij} = \frac{\partial^2 f}{\partial x_i\,\partial x_j}$. For
# $g(x, y) = x^2y + 3xy + 2y^2$ the closed form is
# $H = \begin{pmatrix} 2y & 2x + 3 \\ 2x + 3 & 4 \end{pmatrix}$; at $(1, 2)$ that is
# $\begin{pmatrix} 4 & 5 \\ 5 & 4 \end{pmatrix}$.

# %%
H = hessian(lambda x, y: x * x * y + 3 * x * y + 2 * y * y)(1.0, 2.0)
print("hessian at (1, 2):", H)
expected = [[4.0, 5.0], [5.0, 4.0]]
assert all(abs(H[i][j] - expected[i][j]) < 1e-12 for i in range(2) for j in range(2))
assert H[0][1] == H[1][0]  # symmetric: ∂²g/∂x∂y = ∂²g/∂y∂x

# %% [markdown]
# The matrix is symmetric — differentiating by $x$ then $y$ gives the same as $y$ then $x$.
# Newton's method in many variables solves $H\,\Delta = -\nabla f$ for the step $\Delta$.
#
# ## Summary
#
# - `grad(f)` is the derivative as a function; `grad(grad(f))` is the second derivative, to any
#   order, because backprop's arithmetic can itself be recorded as a graph (`create_graph`).
# - tanh's derivatives from the engine match $1 - t^2$, $-2t(1 - t^2)$,
#   $-2(1 - t^2)(1 - 3t^2)$ to float precision; `gradcheck` checks any function.
# - Newton's method, $x \leftarrow x - f'(x)/f''(x)$, doubles its correct digits every step
#   near a minimum, but also finds maxima: check that $f'' > 0$.
