# %% [markdown]
# # 5 · Backpropagation, step by step
#
# One neuron, one training example, one error — and every number backprop computes, in order.
#
# 1. **Forward propagation**: input → weight → activation → output → error.
# 2. **Backpropagation**: the chain rule, one node at a time, in a player you can step through.
# 3. The lecture's **three chain-rule terms** for one weight, named by `explain()`.
# 4. A **gradient check**: every local derivative against finite differences.

# %%
import random

from autograd import Value, gradcheck
from autograd.nn import MLP
from autograd.viz import backprop_player, backprop_steps, draw_dot, explain, gradcheck_nodes

# %% [markdown]
# ## 1 · Forward propagation
#
# A neuron with two inputs and a sigmoid activation, one example with target 1, and the squared
# error:
#
# $$z = x_1w_1 + x_2w_2 + b, \qquad \text{out} = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
#   L = (\text{out} - \text{target})^2$$
#
# Each step of the forward pass, with its number:

# %%
x1, x2 = Value(2.0, label="x1"), Value(-1.0, label="x2")  # the input
w1, w2, b = Value(0.5, label="w1"), Value(-0.4, label="w2"), Value(0.1, label="b")  # parameters
target = Value(1.0, label="target")

x1w1 = x1 * w1
x1w1.label = "x1w1"
x2w2 = x2 * w2
x2w2.label = "x2w2"
weighted = x1w1 + x2w2
weighted.label = "sum"  # the weighted sum x1·w1 + x2·w2
z = weighted + b
z.label = "z"  # the net input
out = z.sigmoid()
out.label = "out"  # the neuron's output: its prediction
error = out - target
error.label = "error"
L = error**2
L.label = "L"  # the loss

print(f"z     = 2·0.5 + (-1)·(-0.4) + 0.1 = {z.data:.4f}")
print(f"out   = σ(z) = 1/(1 + e^-1.5)    = {out.data:.4f}")
print(f"error = out - target             = {error.data:.4f}")
print(f"L     = error²                   = {L.data:.4f}")

# %% [markdown]
# The neuron predicts 0.82 where the answer is 1: an error of −0.18 and a loss of 0.033. The
# whole computation as a graph — blue leaves are inputs, amber ones the parameters training may
# change; each operation sits in a small node, and each edge carries its **local derivative**
# (∂out/∂in of the operation it enters). The gradients (`grad`) are still 0:

# %%
parameters = [w1, w2, b]
draw_dot(L, parameters=parameters)

# %% [markdown]
# ## 2 · Backpropagation, one node at a time
#
# Backprop starts at the loss with $\partial L/\partial L = 1$ and walks the graph backwards.
# When it reaches a node, that node's gradient is complete; it multiplies it by each local
# derivative on the node's incoming edges and adds the result to the parents' gradients:
#
# $$\frac{\partial L}{\partial\,\text{parent}} \mathrel{+}=
#   \frac{\partial\,\text{node}}{\partial\,\text{parent}} \times
#   \frac{\partial L}{\partial\,\text{node}}$$
#
# `backprop_steps(L)` lists those steps with their arithmetic (without touching any `.grad`).
# The first four steps take the gradient from the loss down through the net input $z$:

# %%
steps = list(backprop_steps(L, parameters=parameters))
print(f"{len(steps)} steps, one per node\n")
for step in steps[:4]:
    print(step, end="\n\n")

# %% [markdown]
# Step 1: the loss is the error squared, local derivative $2\cdot\text{error}$. Step 2: the
# subtraction passes the gradient to `out` unchanged (and to `target` with a minus sign).
# Step 3: sigmoid's local derivative is $\sigma(z)(1 - \sigma(z)) = 0.82 \times 0.18 \approx
# 0.149$. Step 4: the addition hands the same gradient to both of its inputs.
#
# ### The player
#
# Press **Next** (or **Play**) to walk through all the steps on the graph — or click the player
# and use the arrow keys and the space bar: the current node is highlighted (and scrolled into
# view), the edges it sends gradient along light up, each node's gradient is filled in when it
# is known (`?` until then), and the step's arithmetic is written underneath, with the names
# the graph shows. `−`, `+` and **Fit** zoom. (On a static page, such as GitHub's preview, only
# the graph shows; open the notebook in Jupyter to play it.)

# %%
backprop_player(L, parameters=parameters)

# %% [markdown]
# Now run backprop for real. `L.backward()` performs exactly those steps and stores each
# gradient in `.grad`; the drawing now shows them:

# %%
L.backward()
draw_dot(L, parameters=parameters)

# %% [markdown]
# ## 3 · The three chain-rule terms for one weight
#
# The lecture splits $\partial L/\partial w_1$ into three questions:
#
# $$\frac{\partial L}{\partial w_1} =
#   \underbrace{\frac{\partial L}{\partial\,\text{out}}}_{\substack{\text{how the error changes}\\
#   \text{with the output}}}\cdot
#   \underbrace{\frac{\partial\,\text{out}}{\partial z}}_{\substack{\text{how the output changes}\\
#   \text{with the net input}}}\cdot
#   \underbrace{\frac{\partial z}{\partial w_1}}_{\substack{\text{how the net input changes}\\
#   \text{with the weight}}}$$
#
# `explain(L, w1)` finds every path from $w_1$ to $L$, multiplies the local derivatives along it,
# names the three terms, and checks the product against `w1.grad`:

# %%
print(explain(L, w1, parameters=parameters))

# %% [markdown]
# Each term by hand, from the formulas:
#
# - $\partial L/\partial\,\text{out} = 2(\text{out} - \text{target})$ — negative: raising the
#   output would lower the error;
# - $\partial\,\text{out}/\partial z = \text{out}\,(1 - \text{out})$ — sigmoid's derivative;
# - $\partial z/\partial w_1 = x_1$ — the input the weight multiplies.

# %%
error_wrt_output = 2 * (out.data - target.data)
output_wrt_net_input = out.data * (1 - out.data)
net_input_wrt_weight = x1.data
by_hand = error_wrt_output * output_wrt_net_input * net_input_wrt_weight
print(
    f"{error_wrt_output:.4f} × {output_wrt_net_input:.4f} × {net_input_wrt_weight:.4f}"
    f" = {by_hand:.4f};  w1.grad = {w1.grad:.4f}"
)
assert abs(by_hand - w1.grad) < 1e-12

# %% [markdown]
# `w1.grad` is negative, so gradient descent *increases* $w_1$ (notebook 3): that raises $z$,
# raises the output towards the target 1, and lowers the loss. One step with learning rate 1,
# and the loss recomputed (with the loss written as a function of the three parameters):


# %%
def loss_of(w1: Value, w2: Value, b: Value) -> Value:
    """The neuron's loss on our example, as a function of its parameters."""
    return ((2.0 * w1 + -1.0 * w2 + b).sigmoid() - 1.0) ** 2


LEARNING_RATE = 1.0
new_w1, new_w2, new_b = (p.data - LEARNING_RATE * p.grad for p in parameters)
new_loss = loss_of(Value(new_w1), Value(new_w2), Value(new_b)).data
print(f"w1: {w1.data} → {new_w1:.4f},  w2: {w2.data} → {new_w2:.4f},  b: {b.data} → {new_b:.4f}")
print(f"loss: {L.data:.5f} → {new_loss:.5f}")

# %% [markdown]
# ### Exercise
#
# The same three terms for the **bias** $b$: the first two are unchanged; what is the third,
# $\partial z/\partial b$? (Working answer given; try changing it, then run the check.)

# %%
my_net_input_wrt_bias = 1.0  # try changing this, then run the check
my_bias_grad = error_wrt_output * output_wrt_net_input * my_net_input_wrt_bias

# %%
assert abs(my_bias_grad - b.grad) < 1e-12, f"b.grad is {b.grad:.4f}, you have {my_bias_grad:.4f}"
print(f"Correct: ∂L/∂b = {b.grad:.4f} — z = … + b, so ∂z/∂b = 1")

# %% [markdown]
# ## 4 · Gradient checks
#
# Backprop is only as right as each operation's local derivative. `gradcheck_nodes(L)` checks
# every one of them in this graph against a **central finite difference** of the operation
# itself, $\frac{f(x + h) - f(x - h)}{2h}$:

# %%
report = gradcheck_nodes(L)
print(report)
for check in report.checks[:4]:
    print(" ", check)
assert report.ok

# %% [markdown]
# And `gradcheck` checks the whole function end to end: it differentiates `loss_of` with
# respect to $(w_1, w_2, b)$ by backprop and compares with finite differences of the whole
# computation:

# %%
print("gradcheck(loss_of, 0.5, -0.4, 0.1):", gradcheck(loss_of, 0.5, -0.4, 0.1))

# %% [markdown]
# ## A bigger graph
#
# The same machinery works for any network. Here is a 2-2-1 MLP (tanh hidden neurons) on the
# same input and target, after `backward()`, with each neuron's nodes drawn in a labelled box
# (`group_by=model`). Each input now feeds both hidden neurons, so its gradient is the sum of
# two paths:

# %%
model = MLP(2, [2, 1], activation="tanh", rng=random.Random(0))
inputs = [Value(2.0, label="x1"), Value(-1.0, label="x2")]
mlp_loss = (model(inputs) - 1.0) ** 2
mlp_loss.backward()
draw_dot(mlp_loss, group_by=model)

# %% [markdown]
# ## Summary
#
# - Forward: $z = \sum_i x_iw_i + b$, out $= \sigma(z)$, $L = (\text{out} - \text{target})^2$.
# - Backward: from $\partial L/\partial L = 1$, each node passes
#   (local derivative × its gradient) to its parents; values used twice add up.
# - For a weight: $\frac{\partial L}{\partial w} = \frac{\partial L}{\partial\,\text{out}}
#   \cdot\frac{\partial\,\text{out}}{\partial z}\cdot\frac{\partial z}{\partial w}$ — error with
#   output, output with net input, net input with weight.
# - Gradient checks compare every derivative with finite differences.
#
# Next: [06 · training an MLP](06_training_an_mlp.ipynb).
