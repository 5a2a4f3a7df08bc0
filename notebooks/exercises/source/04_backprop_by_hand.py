# %% [markdown]
# # Exercises 4 · Backprop by hand on a small graph
#
# [solution]
# **Solutions.** This is the solution notebook: every ✏️ cell is filled in, and every check
# passes. The exercises themselves are in `../04_backprop_by_hand.ipynb`.
#
# [end]
# Goes with walkthrough 5, *Backprop step by step*. Run the whole notebook first: every check
# says "not answered yet". Then fill in each **✏️ cell** and run it and its **✅ cell**.
#
# Backprop fills in $\partial L/\partial(\text{node})$ for every node, starting at the output
# ($\partial L/\partial L = 1$) and working back. At each node the chain rule multiplies the
# gradient arriving from above by the local derivative on the edge (the drawings label each
# edge with it). A node used by two others gets the **sum** of what arrives along each path.
#
# You may leave a node as `None` while you work: the check says which nodes are still to do.

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

# %%
# ✏️ Exercise 1: your answers, ∂L/∂(node) for each node
# [solution]
answers = {"L": 1.0, "f": 4.0, "d": -2.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}
# [stub]
answers = {"L": None, "f": None, "d": None, "c": None, "e": None, "a": None, "b": None}
# [end]

# %%
# ✅ Check exercise 1
check_grads(L, answers)

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

# %%
# ✏️ Exercise 2: your answers
# [solution]
# ∂L/∂c = d = -1, ∂L/∂d = c = -6; a: path through c (-1 · b = 3) plus path through d (-6 · 1)
answers = {"L": 1.0, "c": -1.0, "d": -6.0, "a": -3.0, "b": -8.0}
# [stub]
answers = {"L": None, "c": None, "d": None, "a": None, "b": None}
# [end]

# %%
# ✅ Check exercise 2
check_grads(L, answers)

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

# %%
# ✏️ Exercise 3: your answers
# [solution]
dn = 1 - o.data**2  # ∂o/∂n = 1 - o² = 0.5
answers = {
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
# [stub]
answers = {
    "o": None,
    "n": None,
    "b": None,
    "x1w1+x2w2": None,
    "x1w1": None,
    "x2w2": None,
    "x1": None,
    "w1": None,
    "x2": None,
    "w2": None,
}
# [end]

# %%
# ✅ Check exercise 3
check_grads(o, answers)

# %% [markdown]
# **Next:** exercises 5, where you write `backward()` yourself.
