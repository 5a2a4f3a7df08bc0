# %% [markdown]
# # Exercises 5 · Write `backward()` yourself
#
# Goes with walkthrough 5, *Backprop step by step*. Run the whole notebook first: each check
# that has nothing to check yet says "not answered yet". Then, in each **✏️ cell**, replace
# `# YOUR CODE HERE` and `raise NotImplementedError()` with your code, and run it and its
# **✅ cell**.
#
# Backprop is two short steps: put the nodes in **topological order** (every node after the
# nodes it was computed from), then walk that order **backwards**, passing each node's gradient
# on to its parents by the chain rule. You write both, for `MiniValue`: the smallest value
# class backprop can run on. Here it is, in full:

# %%
import inspect

from autograd.exercises import MiniValue, check_backward, check_topological_order

print(inspect.getsource(MiniValue))

# %% [markdown]
# Each node already knows its local derivatives (`local_grads`, one per parent), so your code
# never needs to know which operation made a node. A small graph to try things on:

# %%
a = MiniValue(2.0, label="a")
b = MiniValue(-0.5, label="b")
c = a * b
c.label = "c"
d = c + a
d.label = "d"
L = d.tanh()
L.label = "L"
print(L, "parents:", L.parents, "local grads:", L.local_grads)

# %% [markdown]
# ## Exercise 1: topological order
#
# Write `topological_sort(root)`: a list of every node `root` depends on (and `root` itself,
# last), each node after all of its parents, each node **once** (here `a` is used by both `c`
# and `d`). Depth-first search does it: visit a node's parents first, then add the node;
# keep a set of nodes already visited.
#
# The check tries your function on many graphs (a value used twice, fan-out, a deep chain,
# random graphs) and shows the smallest one where it goes wrong.


# %% nbgrader={"grade": false, "grade_id": "topological_sort", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 1: your answer
def topological_sort(root: MiniValue) -> list[MiniValue]:
    """Every node root depends on, parents before children; root last."""
    ### BEGIN SOLUTION
    order: list[MiniValue] = []
    visited: set[MiniValue] = set()

    def visit(node: MiniValue) -> None:
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_1", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 1
feedback = check_topological_order(L, topological_sort)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 2: the chain-rule loop
#
# Write `backward(root)`: set `root.grad = 1.0` ($\partial L/\partial L$), then go through
# your topological order **in reverse**, and for each node add
# `local_grad * node.grad` to each parent's `grad` (add, because a parent used twice gets a
# share from each use). All grads start at 0.


# %% nbgrader={"grade": false, "grade_id": "backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 2: your answer
def backward(root: MiniValue) -> None:
    """Fill every node's grad with ∂root/∂node."""
    ### BEGIN SOLUTION
    root.grad = 1.0
    for node in reversed(topological_sort(root)):
        for parent, local_grad in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local_grad * node.grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_2", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 2
feedback = check_backward(backward)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# That is all of backprop. The library's version, `autograd.engine.backprop.chain_rule`, is
# the same loop, with the local derivatives read from its rules table.
#
# **Next:** exercises 6, training a network on XOR with your own loop.
