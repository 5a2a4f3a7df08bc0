"""Rosenblatt's perceptron (1958): a linear classifier that learns by the perceptron rule.

A different algorithm from the rest of `autograd.nn`: plain floats, no `Value`s and no backprop,
so that a student can set it beside an MLP and see why XOR needs a hidden layer.
"""

from __future__ import annotations

from collections.abc import Collection

from autograd.nn import fit_checks

DEFAULT_PERCEPTRON_EPOCHS = 100
DEFAULT_PERCEPTRON_LEARNING_RATE = 1.0


class Perceptron:
    """Rosenblatt's perceptron (1958): ŷ = step(w · x + b), with step(z) = 1 if z > 0 else 0.

    A linear classifier: it draws one straight line (a hyperplane) between the classes, so it
    learns any linearly separable problem (AND, OR, separable blobs) and can never learn XOR.

    It uses plain floats, not `Value`s: the step function's derivative is 0 almost everywhere, so
    backprop has nothing to follow. It learns by the *perceptron rule* instead, which is not
    gradient descent: after each example, ``w ← w + learning_rate · (y - ŷ) · x`` and
    ``b ← b + learning_rate · (y - ŷ)`` — nothing changes when the prediction is right.

    Weights and bias start at 0 (the perceptron convergence theorem needs no random start).

    Attributes:
        weights, bias: the line's coefficients.
        errors_per_epoch: how many examples each epoch of `fit` got wrong.
        converged: whether the last `fit` reached an epoch with no mistakes.

    """

    def __init__(self, n_inputs: int) -> None:
        self.n_inputs = fit_checks.positive_int(n_inputs, "n_inputs", "Perceptron")
        self.weights = [0.0] * n_inputs
        self.bias = 0.0
        self.errors_per_epoch: list[int] = []
        self.converged = False

    def net_input(self, x: Collection[float]) -> float:
        """The weighted sum before the step, z = w · x + b."""
        fit_checks.check_input(x, self.n_inputs, "Perceptron")
        return sum((w * xi for w, xi in zip(self.weights, x, strict=True)), self.bias)

    def predict(self, x: Collection[float]) -> int:
        """ŷ = step(w · x + b): 1 if the weighted sum is positive, else 0."""
        return 1 if self.net_input(x) > 0.0 else 0

    def fit(
        self,
        X: fit_checks.Examples,  # noqa: N803 -- X for a data matrix, as in the lecture notes
        y: fit_checks.Targets,
        epochs: int = DEFAULT_PERCEPTRON_EPOCHS,
        lr: float = DEFAULT_PERCEPTRON_LEARNING_RATE,
    ) -> Perceptron:
        """Train with the perceptron rule, one example at a time, for up to `epochs` passes.

        Stops early after an epoch with no mistakes (then `converged` is True). Labels must be
        0 or 1 (see `autograd.nn.data.to_binary` for ±1 labels). Returns the perceptron itself.
        X and y may be lists or numpy arrays.
        """
        where = "Perceptron.fit"
        rows, labels = fit_checks.check_dataset(where, X, y)
        if any(label not in (0.0, 1.0) for label in labels):
            raise ValueError(
                f"{where}: labels must be 0 or 1, got {sorted(set(labels))!r}; convert ±1 labels "
                f"with autograd.nn.data.to_binary(y)"
            )
        fit_checks.positive_int(epochs, "epochs", where)
        fit_checks.check_number(where, "lr", lr, low=0.0, low_allowed=False, example="lr=1.0")
        self.errors_per_epoch = []
        self.converged = False
        for _ in range(epochs):
            errors = 0
            for x, target in zip(rows, labels, strict=True):
                error = target - self.predict(x)  # -1, 0 or +1
                if error:
                    errors += 1
                    self.weights = [
                        w + lr * error * xi for w, xi in zip(self.weights, x, strict=True)
                    ]
                    self.bias += lr * error
            self.errors_per_epoch.append(errors)
            if errors == 0:
                self.converged = True
                break
        return self

    def accuracy(self, X: fit_checks.Examples, y: fit_checks.Targets) -> float:  # noqa: N803
        """The fraction of examples whose prediction equals the label."""
        rows, labels = fit_checks.check_dataset("Perceptron.accuracy", X, y)
        correct = sum(self.predict(x) == label for x, label in zip(rows, labels, strict=True))
        return correct / len(labels)

    def __repr__(self) -> str:
        return f"Perceptron({self.n_inputs} -> 1 step)"
