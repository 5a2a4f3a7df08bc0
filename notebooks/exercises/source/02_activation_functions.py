# %% [markdown]
# # Exercises 2 · Activation functions and their derivatives
#
# Goes with walkthrough 2, *Activation functions*. Run the whole notebook first: each check
# that has nothing to check yet says "not answered yet". Then, in each **✏️ cell**, replace
# `# YOUR CODE HERE` and `raise NotImplementedError()` with your code, and run it and its
# **✅ cell**.
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


# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 1: your answer
def sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e^-x)."""
    ### BEGIN SOLUTION
    if x < 0:  # e^x / (1 + e^x): the same number, and exp never overflows
        return math.exp(x) / (1 + math.exp(x))
    return 1 / (1 + math.exp(-x))
    ### END SOLUTION


def sigmoid_derivative(x: float) -> float:
    """σ'(x)."""
    ### BEGIN SOLUTION
    s = sigmoid(x)
    return s * (1 - s)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_1", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 1
feedback = check_rule("sigmoid", sigmoid, sigmoid_derivative)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 2: tanh
#
# $\tanh x$ squashes into (−1, 1) and is centred on 0. Its derivative, again written with the
# output: $\tanh'(x) = 1 - \tanh^2 x$. Use `math.tanh` for the forward function.


# %% nbgrader={"grade": false, "grade_id": "tanh", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 2: your answer
def tanh(x: float) -> float:
    """tanh x."""
    ### BEGIN SOLUTION
    return math.tanh(x)
    ### END SOLUTION


def tanh_derivative(x: float) -> float:
    """tanh'(x)."""
    ### BEGIN SOLUTION
    return 1 - math.tanh(x) ** 2
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_2", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 2
feedback = check_rule("tanh", tanh, tanh_derivative)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 3: ReLU and leaky ReLU
#
# ReLU keeps positive numbers and turns negative ones into 0: $\max(0, x)$. Leaky ReLU keeps
# a small slope $\alpha = 0.01$ for $x < 0$: $x$ if $x > 0$, else $\alpha x$. Write both, with
# their derivatives (at exactly 0 there is a kink; the check skips it).

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
NEGATIVE_SLOPE = 0.01


# ✏️ Exercise 3: your answer
def relu(x: float) -> float:
    """ReLU(x) = max(0, x)."""
    ### BEGIN SOLUTION
    return max(0.0, x)
    ### END SOLUTION


def relu_derivative(x: float) -> float:
    """ReLU'(x)."""
    ### BEGIN SOLUTION
    return 1.0 if x > 0 else 0.0
    ### END SOLUTION


def leaky_relu(x: float) -> float:
    """x for x > 0, else 0.01·x."""
    ### BEGIN SOLUTION
    return x if x > 0 else NEGATIVE_SLOPE * x
    ### END SOLUTION


def leaky_relu_derivative(x: float) -> float:
    """Its derivative."""
    ### BEGIN SOLUTION
    return 1.0 if x > 0 else NEGATIVE_SLOPE
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_3", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 3
feedback = check_rule("relu", relu, relu_derivative)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% nbgrader={"grade": true, "grade_id": "check_3_leaky", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 3, leaky ReLU
feedback = check_rule("leaky_relu", leaky_relu, leaky_relu_derivative)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

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


# %% nbgrader={"grade": false, "grade_id": "vanishing_x", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 4: your answer
def vanishing_x() -> float:
    """The x > 0 where σ′(x) falls to 0.0025, to two decimals."""
    ### BEGIN SOLUTION
    x = 0.0
    while sigmoid_derivative(x) > 0.0025:
        x += 0.001
    return x
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_4", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 4
feedback = check_vanishing_gradient(vanishing_x)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 5: make a ReLU die
#
# A ReLU neuron $\mathrm{ReLU}(w_1 x_1 + w_2 x_2 + b)$ with weights $w = (0.5, 0.8)$ reads the
# four XOR inputs (0, 0), (0, 1), (1, 0), (1, 1). Choose a bias $b$ that makes it output 0 on
# **all four**. Then its gradient is 0 on all four too, and training can never revive it: a
# *dead ReLU*.


# %% nbgrader={"grade": false, "grade_id": "dead_bias", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 5: your answer
def dead_bias() -> float:
    """A bias b for which ReLU(0.5·x₁ + 0.8·x₂ + b) is 0 on all four XOR inputs."""
    ### BEGIN SOLUTION
    return -1.5  # w·x is largest at (1, 1): 0.5 + 0.8 = 1.3, so any b ≤ -1.3 works
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_5", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 5
feedback = check_dead_relu(dead_bias)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Bonus: a new activation
#
# Softplus, $\mathrm{softplus}(x) = \ln(1 + e^x)$, is a smooth ReLU. It is not in the
# library's table, but this exercise knows it: the check compares your function and your
# derivative with its own softplus. (Hint: its derivative is a function you wrote above.)


# %% nbgrader={"grade": false, "grade_id": "softplus", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Bonus: your answer
def softplus(x: float) -> float:
    """ln(1 + e^x)."""
    ### BEGIN SOLUTION
    # the same as ln(1 + e^x), but exp never sees a large positive number, so it cannot overflow
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))
    ### END SOLUTION


def softplus_derivative(x: float) -> float:
    """softplus'(x)."""
    ### BEGIN SOLUTION
    return sigmoid(x)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_6", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check the bonus
feedback = check_rule("softplus", softplus, softplus_derivative)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# **Next:** exercises 3, gradient descent by hand.
