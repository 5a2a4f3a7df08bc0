# %% [markdown]
# # Exercises 2 · Activation functions and their derivatives
#
# [solution]
# **Solutions.** This is the solution notebook: every ✏️ cell is filled in, and every check
# passes. The exercises themselves are in `../02_activation_functions.ipynb`.
#
# [end]
# Goes with walkthrough 2, *Activation functions*. Run the whole notebook first: every check
# says "not answered yet". Then fill in each **✏️ cell** and run it and its **✅ cell**.
#
# An activation is a rule in the library's table: a forward function and its local derivative,
# side by side. Here you write four of them yourself, then find where two of them fail.

# %%
import math

import matplotlib.pyplot as plt

from autograd.exercises import (
    check_dead_relu,
    check_rule,
    check_vanishing_gradient,
)

# %% [markdown]
# ## Exercise 1: sigmoid
#
# $\sigma(x) = \dfrac{1}{1 + e^{-x}}$ squashes any number into (0, 1). Its derivative is
# usually written with its own output: $\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$.
# Write both (`math.exp`).


# %%
# ✏️ Exercise 1: your answer
def sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e^-x)."""
    # [solution]
    if x < 0:  # e^x / (1 + e^x): the same number, and exp never overflows
        return math.exp(x) / (1 + math.exp(x))
    return 1 / (1 + math.exp(-x))
    # [stub]
    raise NotImplementedError("write sigmoid here")
    # [end]


def sigmoid_derivative(x: float) -> float:
    """σ'(x)."""
    # [solution]
    s = sigmoid(x)
    return s * (1 - s)
    # [stub]
    raise NotImplementedError("write its derivative here")
    # [end]


# %%
# ✅ Check exercise 1
check_rule("sigmoid", sigmoid, sigmoid_derivative)

# %% [markdown]
# ## Exercise 2: tanh
#
# $\tanh x$ squashes into (−1, 1) and is centred on 0. Its derivative, again written with the
# output: $\tanh'(x) = 1 - \tanh^2 x$. Use `math.tanh` for the forward function.


# %%
# ✏️ Exercise 2: your answer
def tanh(x: float) -> float:
    """Tanh x."""
    # [solution]
    return math.tanh(x)
    # [stub]
    raise NotImplementedError("write tanh here")
    # [end]


def tanh_derivative(x: float) -> float:
    """tanh'(x)."""
    # [solution]
    return 1 - math.tanh(x) ** 2
    # [stub]
    raise NotImplementedError("write its derivative here")
    # [end]


# %%
# ✅ Check exercise 2
check_rule("tanh", tanh, tanh_derivative)

# %% [markdown]
# ## Exercise 3: ReLU and leaky ReLU
#
# ReLU keeps positive numbers and turns negative ones into 0: $\max(0, x)$. Leaky ReLU keeps
# a small slope $\alpha = 0.01$ for $x < 0$: $x$ if $x > 0$, else $\alpha x$. Write both, with
# their derivatives (at exactly 0 there is a kink; the check skips it).

# %%
NEGATIVE_SLOPE = 0.01


# ✏️ Exercise 3: your answer
def relu(x: float) -> float:
    """ReLU(x) = max(0, x)."""
    # [solution]
    return max(0.0, x)
    # [stub]
    raise NotImplementedError("write relu here")
    # [end]


def relu_derivative(x: float) -> float:
    """ReLU'(x)."""
    # [solution]
    return 1.0 if x > 0 else 0.0
    # [stub]
    raise NotImplementedError("write its derivative here")
    # [end]


def leaky_relu(x: float) -> float:
    """X for x > 0, else 0.01·x."""
    # [solution]
    return x if x > 0 else NEGATIVE_SLOPE * x
    # [stub]
    raise NotImplementedError("write leaky relu here")
    # [end]


def leaky_relu_derivative(x: float) -> float:
    """Its derivative."""
    # [solution]
    return 1.0 if x > 0 else NEGATIVE_SLOPE
    # [stub]
    raise NotImplementedError("write its derivative here")
    # [end]


# %%
# ✅ Check exercise 3
check_rule("relu", relu, relu_derivative)

# %%
check_rule("leaky_relu", leaky_relu, leaky_relu_derivative)

# %% [markdown]
# ## Exercise 4: where sigmoid's gradient vanishes
#
# The lecture notes: sigmoid's gradient *vanishes* when its input is large. Its slope is
# largest at 0, where $\sigma'(0) = 0.25$, and falls off on both sides:

# %%
xs = [x / 10 for x in range(-100, 101)]
slopes = [math.exp(-x) / (1 + math.exp(-x)) ** 2 for x in xs]  # σ' = e^-x / (1 + e^-x)²
fig, ax = plt.subplots(figsize=(7, 2.6))
ax.plot(xs, slopes)
ax.axhline(0.0025, color="grey", linestyle="--", linewidth=1)
ax.set_xlabel("x")
ax.set_ylabel("σ′(x)")
ax.set_title("sigmoid's slope; dashed: 1% of its peak")
plt.show()

# %% [markdown]
# Find the $x > 0$ where $\sigma'(x)$ has fallen to 1% of its peak, that is to 0.0025, to two
# decimals. (A loop that steps x up by 0.001 until the slope drops below 0.0025 will do.)

# %%
# ✏️ Exercise 4: your answer
# [solution]
x = 0.0
while sigmoid_derivative(x) > 0.0025:
    x += 0.001
vanishing_x = x
# [stub]
vanishing_x = None
# [end]

# %%
# ✅ Check exercise 4
check_vanishing_gradient(vanishing_x)

# %% [markdown]
# ## Exercise 5: make a ReLU die
#
# A ReLU neuron $\mathrm{ReLU}(w_1 x_1 + w_2 x_2 + b)$ with weights $w = (0.5, 0.8)$ reads the
# four XOR inputs (0, 0), (0, 1), (1, 0), (1, 1). Choose a bias $b$ that makes it output 0 on
# **all four**. Then its gradient is 0 on all four too, and training can never revive it: a
# *dead ReLU*.

# %%
# ✏️ Exercise 5: your answer
# [solution]
bias = -1.5  # w·x is largest at (1, 1): 0.5 + 0.8 = 1.3, so any b ≤ -1.3 works
# [stub]
bias = None
# [end]

# %%
# ✅ Check exercise 5
check_dead_relu(bias)

# %% [markdown]
# ## Bonus: a new activation
#
# Softplus, $\mathrm{softplus}(x) = \ln(1 + e^x)$, is a smooth ReLU. It is not in the
# library's table, so the check compares your derivative with finite differences of your own
# forward function. (Hint: its derivative is a function you wrote above.)


# %%
# ✏️ Bonus: your answer
def softplus(x: float) -> float:
    """ln(1 + e^x)."""
    # [solution]
    return math.log1p(math.exp(x))
    # [stub]
    raise NotImplementedError("write softplus here")
    # [end]


def softplus_derivative(x: float) -> float:
    """softplus'(x)."""
    # [solution]
    return sigmoid(x)
    # [stub]
    raise NotImplementedError("write its derivative here")
    # [end]


# %%
# ✅ Check the bonus
check_rule("softplus", softplus, softplus_derivative)

# %% [markdown]
# **Next:** exercises 3, gradient descent by hand.
