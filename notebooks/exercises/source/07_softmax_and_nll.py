# %% [markdown]
# # Exercises 7 · Softmax and the negative log-likelihood
#
# micrograd's classic exercise. Run the whole notebook first: the check says "not answered
# yet". Then, in the **✏️ cell**, replace `# YOUR CODE HERE` and `raise NotImplementedError()`
# with your code, and run it and the **✅ cell**.
#
# A classifier with several classes gives one score (*logit*) $z_i$ per class. **Softmax**
# turns them into probabilities that add up to 1, and the **negative log-likelihood** of the
# right class is the loss:
#
# $$p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}, \qquad L = -\log p_{\text{target}}$$
#
# Build both from `Value` operations only (`.exp()`, `+`, `/`, `.log()`, unary `-`), so that
# `backward()` can follow them. The check runs them on the logits (0, 3, −2, 1) with the right
# class number 3, and compares with these numbers (from PyTorch):

# %%
from autograd import Value
from autograd.exercises import (
    EXPECTED_GRADS,
    EXPECTED_LOSS,
    SOFTMAX_LOGITS,
    SOFTMAX_TARGET,
    check_softmax_nll,
)

print("logits:", SOFTMAX_LOGITS, " target:", SOFTMAX_TARGET)
print("loss:", EXPECTED_LOSS)
print("∂loss/∂logit:", EXPECTED_GRADS)


# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
# ✏️ Exercise: your answer
def softmax(logits: list[Value]) -> list[Value]:
    """pᵢ = e^zᵢ / Σⱼ e^zⱼ, as Values."""
    ### BEGIN SOLUTION
    largest = max(z.data for z in logits)  # subtracting it changes nothing, and e^z cannot overflow
    exps = [(z - largest).exp() for z in logits]
    total = sum(exps[1:], exps[0])
    return [e / total for e in exps]
    ### END SOLUTION


def nll(probabilities: list[Value], target: int) -> Value:
    """−log p_target."""
    ### BEGIN SOLUTION
    return -probabilities[target].log()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_1", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# ✅ Check
feedback = check_softmax_nll(softmax, nll)
### BEGIN HIDDEN TESTS
assert feedback.passed, feedback.text()
### END HIDDEN TESTS
feedback

# %% [markdown]
# The gradient has a simple form: $\partial L/\partial z_i = p_i - 1$ for the right class and
# $p_i$ for the others. Training pushes the right class's logit up and every other one down,
# each in proportion to how much probability it wrongly takes.
