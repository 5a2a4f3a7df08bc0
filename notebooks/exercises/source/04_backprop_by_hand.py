# %% [markdown]
# # Exercises 4 · Backprop by hand on a small graph
#
# Goes with walkthrough 5, *Backprop step by step*. Run the whole notebook first: each check
# that has nothing to check yet says "not answered yet". Then, in each **✏️ cell**, replace
# `# YOUR CODE HERE` and `raise NotImplementedError()` with your code, and run it and its
# **✅ cell**.
#
# Backprop fills in $\partial L/\partial(\text{node})$ for every node, starting at the output
# ($\partial L/\partial L = 1$) and working back. At each node the chain rule multiplies the
# gradient arriving from above by the local derivative on the edge (the drawings label each
# edge with it). A node used by two others gets the **sum** of what arrives along each path.
#
# Each answer is a function that returns a dict, one number per node label, e.g.
# `return {"L": 1.0, "f": None, …}`. You may leave a node as `None` while you work: the check
# says which nodes are still to do.

# %%
from autograd import Value
from autograd.exercises import check_grads
from autograd.viz import draw_dot

# %% [markdown]
# ## Exercise 1: one path to each node
#
# micrograd's first example: $e = a \cdot b$, $d = e + c$, $L = d \cdot f$.

# %%
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = Value(10.0, label="c")
f = Value(-2.0, label="f")
e = a * b
e.label = "e"
d = e + c
d.label = "d"
L = d * f
L.label = "L"
draw_dot(L, show_grad=False)


# %% nbgrader={"grade": false, "grade_id": "by_hand_1", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 1: your answers, ∂L/∂(node) for each node
def by_hand() -> dict[str, float | None]:
    """{label: ∂L/∂(node)} for the nodes L, f, d, c, e, a and b."""
    ### BEGIN SOLUTION
    return {"L": 1.0, "f": 4.0, "d": -2.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_1", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 1
feedback = check_grads(L, by_hand)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 2: a value used twice
#
# Now $a$ and $b$ each feed two nodes: $c = a \cdot b$ and $d = a + b$, then $L = c \cdot d$.
# So $L$ depends on $a$ along two paths ($a \to c \to L$ and $a \to d \to L$), and the
# chain rule adds them.

# %%
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = a * b
c.label = "c"
d = a + b
d.label = "d"
L = c * d
L.label = "L"
draw_dot(L, show_grad=False)


# %% nbgrader={"grade": false, "grade_id": "by_hand_2", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 2: your answers
def by_hand() -> dict[str, float | None]:
    """{label: ∂L/∂(node)} for the nodes L, c, d, a and b."""
    ### BEGIN SOLUTION
    # ∂L/∂c = d = -1, ∂L/∂d = c = -6; a: path through c (-1 · b = 3) plus through d (-6 · 1)
    return {"L": 1.0, "c": -1.0, "d": -6.0, "a": -3.0, "b": -8.0}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_2", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 2
feedback = check_grads(L, by_hand)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 3: one neuron
#
# The lecture's neuron, $o = \tanh(x_1 w_1 + x_2 w_2 + b)$, with $x_1 = 2$, $x_2 = 0$,
# $w_1 = -3$, $w_2 = 1$ and $b = 6.8813735870195432$ (so that $n = 0.8814$ and $o$ comes out
# a round $0.7071$). Remember $\tanh'(n) = 1 - o^2$.

# %%
x1 = Value(2.0, label="x1")
x2 = Value(0.0, label="x2")
w1 = Value(-3.0, label="w1")
w2 = Value(1.0, label="w2")
bias = Value(6.8813735870195432, label="b")
x1w1 = x1 * w1
x1w1.label = "x1w1"
x2w2 = x2 * w2
x2w2.label = "x2w2"
x1w1x2w2 = x1w1 + x2w2
x1w1x2w2.label = "x1w1+x2w2"
n = x1w1x2w2 + bias
n.label = "n"
o = n.tanh()
o.label = "o"
draw_dot(o, show_grad=False)


# %% nbgrader={"grade": false, "grade_id": "by_hand_3", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 3: your answers
def by_hand() -> dict[str, float | None]:
    """{label: ∂o/∂(node)} for o, n, b, x1w1+x2w2, x1w1, x2w2, x1, w1, x2 and w2."""
    ### BEGIN SOLUTION
    dn = 1 - o.data**2  # ∂o/∂n = 1 - o² = 0.5
    return {
        "o": 1.0,
        "n": dn,
        "b": dn,
        "x1w1+x2w2": dn,
        "x1w1": dn,
        "x2w2": dn,
        "x1": dn * w1.data,
        "w1": dn * x1.data,
        "x2": dn * w2.data,
        "w2": dn * x2.data,
    }
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_3", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 3
feedback = check_grads(o, by_hand)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# **Next:** exercises 5, where you write `backward()` yourself.
