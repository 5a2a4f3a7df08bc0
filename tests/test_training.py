"""fit(): the training loop, its history, progress bar, batching, errors; and plotting."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from autograd import Value
from autograd.nn import (
    LOSSES,
    MLP,
    SGD,
    History,
    accuracy,
    binary_cross_entropy_with_logits,
    data,
    decision_threshold,
    fit,
    hinge,
    mse,
    scores,
)
from autograd.nn.fit_checks import excerpt
from autograd.nn.training import DivergenceError, gradient_step


def small_model(seed: int = 0) -> MLP:
    return MLP(2, [4, 1], activation="tanh", rng=random.Random(seed))


def test_fit_learns_xor_and_records_history() -> None:
    X, y = data.xor()  # noqa: N806
    model = small_model()
    history = fit(model, X, y, epochs=300, learning_rate=0.2, progress=False)
    assert history.epochs == 300
    assert len(history.accuracy) == 300
    assert history.loss[-1] < history.loss[0] / 10
    assert history.accuracy[-1] == 1.0
    assert accuracy(model, X, y, threshold=0.5) == 1.0
    assert repr(history).startswith("History(300 epochs, final loss")


def test_full_batch_fit_is_the_hand_written_loop() -> None:
    X, y = data.xor()  # noqa: N806
    by_fit = small_model(3)
    by_hand = small_model(3)
    fit(by_fit, X, y, epochs=5, learning_rate=0.1, progress=False)
    optimizer = SGD(by_hand.parameters(), lr=0.1)
    for _ in range(5):
        loss = mse([by_hand(x) for x in X], y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert [p.data for p in by_fit.parameters()] == [p.data for p in by_hand.parameters()]


def test_one_gradient_step_is_forward_loss_zero_grad_backward_step() -> None:
    X, y = data.xor()  # noqa: N806
    by_step = small_model(4)
    by_hand = small_model(4)
    step = gradient_step(by_step, mse, SGD(by_step.parameters(), lr=0.1))
    loss, scores = step(X, [float(label) for label in y])
    with_graph = [by_hand(x) for x in X]
    expected = mse(with_graph, y)
    optimizer = SGD(by_hand.parameters(), lr=0.1)
    optimizer.zero_grad()
    expected.backward()
    optimizer.step()
    assert loss == expected.data
    assert scores == [score.data for score in with_graph]  # from before the update
    assert [p.data for p in by_step.parameters()] == [p.data for p in by_hand.parameters()]


def test_fit_takes_numpy_arrays() -> None:
    np = pytest.importorskip("numpy")
    X, y = data.moons(30, seed=2)  # noqa: N806
    by_lists, by_arrays = small_model(5), small_model(5)
    lists = fit(by_lists, X, y, epochs=5, batch_size=8, seed=1, progress=False)
    arrays = fit(
        by_arrays, np.array(X), np.array(y), epochs=5, batch_size=8, seed=1, progress=False
    )
    assert arrays.loss == lists.loss and arrays.accuracy == lists.accuracy
    assert [p.data for p in by_arrays.parameters()] == [p.data for p in by_lists.parameters()]
    assert accuracy(by_arrays, np.array(X), np.array(y), 0.5) == accuracy(by_lists, X, y, 0.5)
    float_targets = np.array(y, dtype=np.float32)
    fit(small_model(), np.array(X, dtype=np.float32), float_targets, epochs=1, progress=False)


def test_hinge_with_l2_on_moons_improves() -> None:
    X, y = data.moons(40, 0.1, seed=0)  # noqa: N806
    signed = data.to_signed(y)
    model = MLP(2, [8, 1], rng=random.Random(0))
    history = fit(
        model, X, signed, loss="hinge", l2=1e-4, epochs=30, learning_rate=0.1, progress=False
    )
    assert history.loss[-1] < history.loss[0]
    assert history.accuracy[-1] >= 0.8


def test_minibatches_are_seeded() -> None:
    X, y = data.blobs(20, seed=1)  # noqa: N806
    runs = []
    for _ in range(2):
        model = small_model()
        fit(model, X, y, epochs=3, batch_size=6, seed=5, progress=False)
        runs.append([p.data for p in model.parameters()])
    assert runs[0] == runs[1]
    other = small_model()
    fit(other, X, y, epochs=3, batch_size=6, seed=6, progress=False)
    assert [p.data for p in other.parameters()] != runs[0]


def test_custom_loss_optimizer_and_callback() -> None:
    X, y = data.and_()  # noqa: N806
    model = small_model()
    optimizer = SGD(model.parameters(), lr=0.5, momentum=0.5)
    seen: list[int] = []

    def halve_rate(epoch: int, history: History) -> None:
        seen.append(epoch)
        optimizer.lr /= 2

    def quartic(predictions: list[Value], targets: list[float]) -> Value:
        total = sum((p - t) ** 4 for p, t in zip(predictions, targets, strict=True))
        return total * (1.0 / len(targets))  # type: ignore[operator]

    history = fit(
        model,
        X,
        y,
        loss=quartic,
        optimizer=optimizer,
        epochs=4,
        progress=False,
        on_epoch_end=halve_rate,
    )
    assert seen == [0, 1, 2, 3]
    assert history.accuracy  # 0/1 targets: accuracy at the 0.5 threshold
    assert optimizer.lr == 0.5 / 16


def test_regression_targets_record_no_accuracy() -> None:
    X = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]  # noqa: N806
    history = fit(small_model(), X, [0.3, 2.5, -1.2], epochs=3, progress=False)
    assert history.accuracy == []
    assert repr(history).startswith("History(3 epochs")


def test_decision_thresholds() -> None:
    assert decision_threshold("mse", [0, 1]) == 0.5
    assert decision_threshold("mse", [-1, 1]) == 0.0
    assert decision_threshold("hinge", [-1, 1]) == 0.0
    assert decision_threshold("binary_cross_entropy_with_logits", [0, 1]) == 0.0
    assert decision_threshold("mse", [0.2, 3.0]) is None


def test_a_score_loss_passed_as_a_function_has_threshold_0_as_by_name() -> None:
    """Regression: the threshold came from the loss's name, so the function itself got 0.5."""
    assert decision_threshold(binary_cross_entropy_with_logits, [0, 1]) == 0.0
    assert decision_threshold(hinge, [-1, 1]) == 0.0
    for name, function in LOSSES.items():
        targets = [-1, 1] if name == "hinge" else [0, 1]
        assert decision_threshold(function, targets) == decision_threshold(name, targets), name


def test_fit_records_the_same_accuracy_for_a_loss_by_name_or_as_its_function() -> None:
    X, y = data.moons(40, 0.2, seed=0)  # noqa: N806

    def accuracies(loss: object, threshold: float | None = None) -> list[float]:
        history = fit(small_model(), X, y, loss, epochs=10, threshold=threshold, progress=False)  # type: ignore[arg-type]
        return history.accuracy

    by_name = accuracies("binary_cross_entropy_with_logits")
    assert accuracies(binary_cross_entropy_with_logits) == by_name
    assert by_name == accuracies(binary_cross_entropy_with_logits, threshold=0.0)
    assert by_name != accuracies(binary_cross_entropy_with_logits, threshold=0.5)


def test_progress_bar_shows_the_loss(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = data.xor()  # noqa: N806
    fit(small_model(), X, y, epochs=5, progress=True)
    err = capsys.readouterr().err
    assert "loss=" in err and "5/5" in err


def test_progress_false_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = data.xor()  # noqa: N806
    fit(small_model(), X, y, epochs=5, progress=False)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"y": [0, 1]}, ValueError, "X has 4 examples but y has 2"),
        ({"X": [], "y": []}, ValueError, "empty"),
        ({"epochs": 0}, ValueError, "epochs must be a positive int, got int 0; e.g. epochs=100"),
        ({"batch_size": 5}, ValueError, "batch_size must be None"),
        ({"l2": -1.0}, ValueError, "l2 must be a number ≥ 0"),
        ({"l2": "0.1"}, TypeError, "l2 must be a number, got str '0.1'; e.g. l2=1e-4"),
        ({"loss": "cross_entropy"}, ValueError, "unknown loss 'cross_entropy'"),
        ({"loss": 3}, TypeError, "loss must be a name or a function"),
        ({"seed": 1, "rng": random.Random(1)}, TypeError, "give only one"),
        ({"optimizer": "sgd"}, TypeError, "optimizer must have zero_grad"),
        ({"X": [1.0, 2.0, 3.0, 4.0]}, TypeError, r"X\[0\] is a single number"),
        ({"X": [[0.0, 1.0]] * 3 + [[1.0]]}, ValueError, r"X\[3\] has 1 features but X\[0\] has 2"),
        ({"X": [[0.0, "1"]] * 4}, TypeError, r"X\[0\]\[1\]: expected a real number, got str"),
        ({"y": [0, 1, 10**400, 0]}, OverflowError, r"y\[2\]: got int about 401 digits long"),
        ({"X": [[0.0, Value(1.0)]] * 4}, TypeError, r"got Value.*pass its \.data"),
        ({"y": [0, 1, float("nan"), 0]}, ValueError, r"y\[2\] is nan; the data must be finite"),
        ({"y": (label for label in [0, 1, 1, 0])}, TypeError, "y must be a list, tuple or array"),
        ({"X": "0101"}, TypeError, "X must be a list, tuple or array, got str"),
        ({"l2": float("inf")}, ValueError, "l2 must be a number ≥ 0, got inf"),
        # were accepted: a NaN threshold makes every prediction the negative class, silently
        ({"threshold": float("nan")}, ValueError, "threshold must be a finite number .* got nan"),
        ({"threshold": float("inf")}, ValueError, "threshold must be a finite number .* got inf"),
        ({"threshold": "0.5"}, TypeError, "threshold must be a number .* got str '0.5'"),
        ({"threshold": True}, TypeError, "threshold must be a number .* got bool True"),
        # were accepted as 1.0 and 0.0: most often a mask or a comparison passed by mistake
        (
            {"X": [[True, False]] * 4},
            TypeError,
            r"X\[0\]\[0\] is the bool True, but the features must be numbers; .* = 1\.0",
        ),
        (
            {"y": [False, True, True, False]},
            TypeError,
            r"y\[0\] is the bool False, but the targets must be numbers",
        ),
    ],
)
def test_fit_errors(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    X, y = data.xor()  # noqa: N806
    arguments: dict[str, object] = {"X": X, "y": y, "progress": False}
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        fit(small_model(), **arguments)  # type: ignore[arg-type]


def test_a_finite_threshold_is_used_for_the_accuracy() -> None:
    X, y = data.xor()  # noqa: N806
    model = MLP(2, [1], rng=random.Random(0))
    for weight in model.layers[0].neurons[0].w:
        weight.data = 0.0  # every score is 0.0 (the bias)
    # the default threshold for 0/1 targets and MSE is 0.5: every row reads as 0, half are right;
    # at -0.5 the targets and the scores are all above it: all agree
    default = fit(model, X, y, epochs=1, learning_rate=1e-300, progress=False)
    shifted = fit(model, X, y, epochs=1, learning_rate=1e-300, threshold=-0.5, progress=False)
    assert (default.accuracy, shifted.accuracy) == ([0.5], [1.0])
    assert accuracy(model, X, y, threshold=-0.5) == 1.0


def test_accuracy_checks_its_threshold_too() -> None:
    X, y = data.xor()  # noqa: N806
    with pytest.raises(ValueError, match="accuracy: threshold must be a finite number"):
        accuracy(small_model(), X, y, threshold=float("nan"))


def test_scores_are_the_models_outputs_without_a_graph() -> None:
    model = small_model()
    X, _ = data.xor()  # noqa: N806
    got = scores(model, X)
    assert got == [model(x).data for x in X]  # type: ignore[union-attr]
    assert all(type(score) is float for score in got)
    with pytest.raises(ValueError, match="scores: X is empty"):
        scores(model, [])
    with pytest.raises(ValueError, match="scores: the model returned 2 outputs"):
        scores(MLP(2, [3, 2]), X)


def test_error_messages_quote_a_bounded_excerpt_of_a_huge_argument() -> None:
    assert excerpt(list(range(10**6))) == "list [0, 1, 2, 3, 4, 5, ...]"
    assert len(excerpt("x" * 10**6)) < 80
    X, y = data.xor()  # noqa: N806
    with pytest.raises(TypeError, match=r"got list \[0, 1, 2, 3, 4, 5, \.\.\.\]; e\.g\."):
        fit(small_model(), X, y, optimizer=list(range(10**6)))  # type: ignore[arg-type]


def test_fit_optimizer_and_learning_rate_together() -> None:
    model = small_model()
    X, y = data.xor()  # noqa: N806
    with pytest.raises(TypeError, match="got both optimizer and learning_rate"):
        fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1), learning_rate=0.1)


def test_fit_needs_one_output() -> None:
    X, y = data.xor()  # noqa: N806
    with pytest.raises(ValueError, match="returned 2 outputs"):
        fit(MLP(2, [3, 2]), X, y, progress=False)


# ----- plots -----------------------------------------------------------------------------


@pytest.fixture
def plot() -> ModuleType:
    from autograd.viz import plot

    return plot


def test_plots_return_figures_that_save(plot: ModuleType, tmp_path: Path) -> None:
    X, y = data.xor()  # noqa: N806
    model = small_model()
    history = fit(model, X, y, epochs=20, progress=False)
    for name, figure in [
        ("boundary", plot.plot_decision_boundary(model, X, y, threshold=0.5)),
        ("history", plot.plot_history(history)),
        ("activations", plot.plot_activations()),
    ]:
        path = tmp_path / f"{name}.png"
        figure.savefig(path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_activation_curves_use_backprop_derivatives(plot: ModuleType) -> None:
    values, slopes = plot.activation_curve("tanh", [0.0, 1.0])
    assert values[1] == pytest.approx(0.7615941559557649)
    assert slopes == pytest.approx([1.0, 1.0 - 0.7615941559557649**2])
    assert plot.activation_curve("relu", [-1.0, 2.0])[1] == [0.0, 1.0]


def test_plot_errors(plot: ModuleType) -> None:
    with pytest.raises(ValueError, match="one label per point"):
        plot.plot_decision_boundary(small_model(), [[0.0, 1.0]], [])
    with pytest.raises(ValueError, match="exactly 2 features"):
        plot.plot_decision_boundary(small_model(), [[0.0, 1.0, 2.0]], [1])
    with pytest.raises(ValueError, match="history is empty"):
        plot.plot_history(History())
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        plot.plot_activations(["swish"])


def test_missing_matplotlib_names_the_extra(
    plot: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"scalar-autograd\[plot\]"):
        plot.plot_activations()
    assert "scalar-autograd[plot]" in plot.INSTALL_HINT


@pytest.mark.parametrize(
    ("loss", "batch_size", "labels"),
    [
        ("hinge", None, "signed"),
        ("mse", 8, "binary"),
        ("binary_cross_entropy_with_logits", 16, "binary"),
    ],
)
def test_compiled_and_dynamic_fit_agree_bit_for_bit(
    loss: str, batch_size: int | None, labels: str
) -> None:
    """fit's default compiled step gives the very numbers of the dynamic graph, every epoch."""
    X, y01 = data.moons(40, 0.1, seed=1)  # noqa: N806
    y = data.to_signed(y01) if labels == "signed" else y01
    runs = []
    for compile in (True, False):
        model = MLP(2, [6, 6, 1], activation="tanh", rng=random.Random(2))
        history = fit(
            model,
            X,
            y,
            loss=loss,
            epochs=5,
            batch_size=batch_size,
            seed=3,
            l2=1e-4,
            progress=False,
            compile=compile,
        )
        runs.append((history.loss, history.accuracy, [p.data for p in model.parameters()]))
    assert runs[0] == runs[1]


def test_binary_cross_entropy_of_probabilities_compiles_with_its_clamp() -> None:
    """The clamp is ReLUs, not an `if`, so a compiled step clamps at every call."""
    X, y = data.xor()  # noqa: N806
    runs = []
    for compile in (True, False):
        model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", rng=random.Random(0))
        history = fit(
            model,
            X,
            y,
            loss="binary_cross_entropy",
            epochs=30,
            learning_rate=2.0,
            progress=False,
            compile=compile,
        )
        runs.append((history.loss, [p.data for p in model.parameters()]))
    assert runs[0] == runs[1]


@pytest.mark.parametrize("compile", [True, False])
def test_a_diverging_fit_stops_with_a_clear_error(compile: bool) -> None:
    X, y = data.moons(30, 0.1, seed=0)  # noqa: N806
    model = MLP(2, [8, 1], rng=random.Random(0))
    seen: list[int] = []
    with pytest.raises(DivergenceError) as caught:
        fit(
            model,
            X,
            data.to_signed(y),
            loss="hinge",
            learning_rate=1e6,
            epochs=1000,
            progress=False,
            on_epoch_end=lambda epoch, history: seen.append(epoch),
            compile=compile,
        )
    error = caught.value
    assert isinstance(error, ValueError)  # a setting out of range, as for fit's other checks
    message = str(error)
    assert message.startswith("fit: training diverged: the loss became ")
    assert f"in epoch {error.epoch} of 1000" in message
    assert "use a smaller learning rate than 1e+06, e.g. 100000" in message
    assert error.learning_rate == 1e6
    assert error.suggested_rate == pytest.approx(1e5)
    losses = error.history.loss
    assert len(losses) == error.epoch
    assert not math.isfinite(losses[-1]) and all(math.isfinite(x) for x in losses[:-1])
    assert seen == list(range(error.epoch - 1))  # the callback never saw a non-finite loss


def test_a_parameter_that_overflows_stops_fit_too() -> None:
    """A parameter that became inf in the last update: the loss before it was still finite."""
    X, y = data.xor()  # noqa: N806
    model = small_model()

    class Overflowing:
        def zero_grad(self) -> None:
            model.zero_grad()

        def step(self) -> None:
            model.parameters()[0].data = math.inf

    with pytest.raises(DivergenceError, match="a parameter became inf in epoch 1 of 5") as caught:
        fit(model, X, y, optimizer=Overflowing(), epochs=5, progress=False)
    assert "use a smaller learning rate," in str(caught.value)  # this optimiser has no lr
    assert caught.value.learning_rate is None
    assert caught.value.suggested_rate is None
    assert caught.value.history.epochs == 1
