# %% [markdown]
# # Exercises 6 · Train an MLP on XOR with your own loop
#
# Goes with walkthroughs 4 and 6, *The perceptron and XOR* and *Training an MLP*. Run the whole
# notebook first: the checks say "not answered yet". Then, in the **✏️ cell**, replace
# `# YOUR CODE HERE` and `raise NotImplementedError()` with your code, and run it and the cells
# after it.
#
# XOR is 1 when exactly one input is 1. No single line separates its classes, so a perceptron
# cannot learn it, but a network with a hidden layer can: here, 2 inputs → 4 tanh neurons →
# 1 output.

# %%
import random

from autograd.exercises import check_training
from autograd.nn import MLP, data, mse

X, y = data.xor()
for inputs, label in zip(X, y, strict=True):
    print(inputs, "→", label)


def make_model(activation: str = "tanh", seed: int = 0) -> MLP:
    """2 inputs → 4 hidden neurons → 1 output, the same weights for the same seed."""
    random.seed(seed)
    return MLP(2, [4, 1], activation=activation)


untrained = make_model()
print("mean squared error before training:", mse([untrained(x) for x in X], y).data)


# %% [markdown]
# ## Exercise: the training loop
#
# Write `train(model, learning_rate, steps)`. Each step:
#
# 1. **forward**: the model's prediction for each of the four inputs, `model(x)`;
# 2. **loss**: the mean squared error, `mse(predictions, y)`;
# 3. **zero the gradients** (`model.zero_grad()`), then **backward** (`loss.backward()`);
# 4. **update** every parameter `p` in `model.parameters()`:
#    `p.data -= learning_rate * p.grad`.
#
# Return the list of the loss at every step (`loss.data`).


# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise: your answer
def train(model: MLP, learning_rate: float, steps: int) -> list[float]:
    """Gradient descent on XOR; returns the loss at every step."""
    ### BEGIN SOLUTION
    losses = []
    for _ in range(steps):
        predictions = [model(x) for x in X]
        loss = mse(predictions, y)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        losses.append(loss.data)
    return losses
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_1", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check: train with learning rate 0.2 for 300 steps
model = make_model()
feedback = check_training(lambda: train(model, learning_rate=0.2, steps=300), model)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# ## What goes wrong, and how it looks
#
# The check reads the loss history. Run your loop with settings that fail, and read what it
# says about each (these are *meant* to fail).
#
# **A learning rate far too high**: each step overshoots.

# %%
model = make_model()
check_training(lambda: train(model, learning_rate=20.0, steps=300), model)

# %% [markdown]
# **A learning rate far too low**: the loss creeps down.

# %%
model = make_model()
check_training(lambda: train(model, learning_rate=0.01, steps=300), model)

# %% [markdown]
# **Dead ReLUs**: with ReLU neurons, this starting point leaves most of them outputting 0 for
# every input, so no gradient flows through them.

# %%
model = make_model(activation="relu", seed=1)
check_training(lambda: train(model, learning_rate=0.1, steps=300), model)

# %% [markdown]
# Try other seeds and learning rates: which ReLU networks recover, and which tanh ones fail?
#
# **Next:** exercises 7, softmax and the negative log-likelihood.
