# %% [markdown]
# # Exercises 3 · Gradient descent by hand
#
# Goes with walkthrough 3, *Gradient descent*. Run the whole notebook first: each check
# that has nothing to check yet says "not answered yet". Then, in each **✏️ cell**, replace
# `# YOUR CODE HERE` and `raise NotImplementedError()` with your code, and run it and its
# **✅ cell**.
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


# %% nbgrader={"grade": false, "grade_id": "update", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 1: your answer
def update(weight: float, gradient: float, learning_rate: float) -> float:
    """One step of gradient descent: the new weight."""
    ### BEGIN SOLUTION
    return weight - learning_rate * gradient
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_1", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 1
feedback = check_update_rule(update)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

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


# %% nbgrader={"grade": false, "grade_id": "converging_rate", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 2: your answer
def converging_rate() -> float:
    """A learning rate that takes w from 0 to within 0.01 of 3 in 20 steps."""
    ### BEGIN SOLUTION
    return 0.3
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_2", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 2
feedback = check_learning_rate(converging_rate)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## Exercise 3: a learning rate that fails
#
# Now choose one so large that gradient descent **diverges**: after 20 steps $w$ is further
# from 3 than where it started.


# %% nbgrader={"grade": false, "grade_id": "diverging_rate", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise 3: your answer
def diverging_rate() -> float:
    """A learning rate so large that after 20 steps w is further from 3 than at the start."""
    ### BEGIN SOLUTION
    return 1.5
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_3", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check exercise 3
feedback = check_learning_rate(diverging_rate, goal="diverge")
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# **Next:** exercises 4, backprop by hand on a small graph.
