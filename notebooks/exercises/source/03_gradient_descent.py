# %% [markdown]
# # Exercises 3 · Gradient descent by hand
#
# [solution]
# **Solutions.** This is the solution notebook: every ✏️ cell is filled in, and every check
# passes. The exercises themselves are in `../03_gradient_descent.ipynb`.
#
# [end]
# Goes with walkthrough 3, *Gradient descent*. Run the whole notebook first: every check says
# "not answered yet". Then fill in each **✏️ cell** and run it and its **✅ cell**.
#
# The lecture notes: the objective is to minimise the error by changing the weight. A negative
# slope means increasing the weight decreases the loss; a positive slope means it increases
# it. So each step moves the weight against the slope, by a step the learning rate sets.

# %%
from autograd import Value
from autograd.exercises import check_learning_rate, check_update_rule

# %% [markdown]
# ## Exercise 1: the update rule
#
# Write the gradient-descent update: given the old weight, the gradient $\partial L/\partial w$
# and the learning rate, return the new weight.


# %%
# ✏️ Exercise 1: your answer
def update(weight: float, gradient: float, learning_rate: float) -> float:
    """One step of gradient descent: the new weight."""
    # [solution]
    return weight - learning_rate * gradient
    # [stub]
    raise NotImplementedError("write the update rule here")
    # [end]


# %%
# ✅ Check exercise 1
check_update_rule(update)

# %% [markdown]
# ## Exercise 2: a learning rate that works
#
# Take the simplest loss there is, $L(w) = (w - 3)^2$: one weight, lowest at $w = 3$, slope
# $2(w - 3)$. Here is one step of gradient descent on it, with backprop finding the slope:

# %%
w = Value(0.0, label="w")
loss = (w - 3) ** 2
loss.backward()
print(f"at w = {w.data}: loss {loss.data}, slope ∂L/∂w = {w.grad}")

# %% [markdown]
# Starting from $w = 0$, choose a learning rate that brings $w$ within 0.01 of 3 in **20
# steps**. (Each step multiplies the distance to 3 by $1 - 2 \times$ learning rate.)

# %%
# ✏️ Exercise 2: your answer
# [solution]
learning_rate = 0.3
# [stub]
learning_rate = None
# [end]

# %%
# ✅ Check exercise 2
check_learning_rate(learning_rate)

# %% [markdown]
# ## Exercise 3: a learning rate that fails
#
# Now choose one so large that gradient descent **diverges**: after 20 steps $w$ is further
# from 3 than where it started.

# %%
# ✏️ Exercise 3: your answer
# [solution]
too_large = 1.5
# [stub]
too_large = None
# [end]

# %%
# ✅ Check exercise 3
check_learning_rate(too_large, goal="diverge")

# %% [markdown]
# **Next:** exercises 4, backprop by hand on a small graph.
