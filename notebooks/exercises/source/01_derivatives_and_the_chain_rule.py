# %% [markdown]
# # Exercises 1 · Derivatives and the chain rule
#
# Goes with walkthrough 1, *Values and the chain rule*. How to work through it:
#
# 1. Run the whole notebook first (*Run → Run All Cells*). Nothing breaks: every check that
#    has nothing to check yet says "not answered yet".
# 2. Each exercise has a **✏️ cell** for your answer (replace `# YOUR CODE HERE` and
#    `raise NotImplementedError()` with your code) and a **✅ cell** that checks it. Run the
#    ✏️ cell, then the ✅ cell.
# 3. A wrong answer gets a hint saying *where* and *why*. Try again as often as you like.
#
# A derivative is a slope: how much f(x) changes per unit change of x. The checks compare your
# derivative with two others — backprop (`Value` and `backward()`) and finite differences,
# (f(x+h) − f(x−h)) / 2h — at a few points.

# %%
import math

from autograd import Value
from autograd.exercises import check_derivative

# %% [markdown]
# Finite differences in one line: the slope of sin at 0 (it is cos 0 = 1).

# %%
step = 1e-6
print((math.sin(0 + step) - math.sin(0 - step)) / (2 * step))

# %% [markdown]
# ## Exercise 1: a polynomial
#
# $f(x) = 3x^2 - 4x + 5$. Write its derivative $f'(x)$ as a Python function.
# (Power rule: the derivative of $x^n$ is $n x^{n-1}$; of a constant, 0.)


# %% nbgrader={"grade": false, "grade_id": "df", "locked": false, "schema_version": 3, "solution": true, "task": false}
def f(x: Value) -> Value:
    """The function: 3x² − 4x + 5."""
    return 3 * x**2 - 4 * x + 5


# ✏️ Exercise 1: your answer
def df(x: float) -> float:
    """The derivative of f, worked out by hand."""
    ### BEGIN SOLUTION
    return 6 * x - 4
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_1", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 1
feedback = check_derivative(f, df, points=[-2, -1, 0, 1, 2, 3])
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 2: the chain rule
#
# $g(x) = \tanh(2x + 1)$ is a function of a function: $g = \tanh(u)$ with $u = 2x + 1$. The
# chain rule multiplies the local derivatives:
#
# $$\frac{dg}{dx} = \frac{dg}{du}\cdot\frac{du}{dx}, \qquad \frac{d}{du}\tanh u = 1 - \tanh^2 u$$
#
# Write $g'(x)$. (`math.tanh` computes tanh of a number.)


# %% nbgrader={"grade": false, "grade_id": "dg", "locked": false, "schema_version": 3, "solution": true, "task": false}
def g(x: Value) -> Value:
    """tanh(2x + 1)."""
    return (2 * x + 1).tanh()


# ✏️ Exercise 2: your answer
def dg(x: float) -> float:
    """The derivative of g, by the chain rule."""
    ### BEGIN SOLUTION
    u = 2 * x + 1
    return (1 - math.tanh(u) ** 2) * 2
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_2", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 2
feedback = check_derivative(g, dg, points=[-2, -1, -0.5, 0, 0.5, 1])
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 3: a value used twice
#
# In $h(x) = x \cdot \sin x$ the value $x$ is used twice, so nudging $x$ changes $h$ along two
# paths: through the first factor and through $\sin x$. The chain rule **adds** the two
# contributions (this is the product rule). Write $h'(x)$ (`math.sin`, `math.cos`).


# %% nbgrader={"grade": false, "grade_id": "dh", "locked": false, "schema_version": 3, "solution": true, "task": false}
def h(x: Value) -> Value:
    """x · sin x."""
    return x * x.sin()


# ✏️ Exercise 3: your answer
def dh(x: float) -> float:
    """The derivative of h: one term per path."""
    ### BEGIN SOLUTION
    return math.sin(x) + x * math.cos(x)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_3", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 3
feedback = check_derivative(h, dh, points=[-3, -1, 0, 0.5, 1, 2])
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 4: one neuron
#
# The neuron from walkthrough 1: $y = \tanh(x_1 w_1 + x_2 w_2 + b)$ with $x_1 = 1.5$,
# $x_2 = -0.5$, $w_2 = -1.2$, $b = -1$. As a function of the weight $w_1$ alone, what is
# $\partial y / \partial w_1$? The lecture's three terms: how $y$ changes with the net input $n$
# ($1 - y^2$), times how $n$ changes with $w_1$ ($x_1$).

# %% nbgrader={"grade": false, "grade_id": "dneuron", "locked": false, "schema_version": 3, "solution": true, "task": false}
X1, X2, W2, B = 1.5, -0.5, -1.2, -1.0


def neuron(w1: Value) -> Value:
    """The neuron's output as a function of w1."""
    return (X1 * w1 + X2 * W2 + B).tanh()


# ✏️ Exercise 4: your answer
def dneuron(w1: float) -> float:
    """∂y/∂w1 at this w1."""
    ### BEGIN SOLUTION
    y = math.tanh(X1 * w1 + X2 * W2 + B)
    return (1 - y**2) * X1
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_4", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 4
feedback = check_derivative(neuron, dneuron, points=[-1, 0, 0.8, 2])
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# **Next:** exercises 2, activation functions and their derivatives.
