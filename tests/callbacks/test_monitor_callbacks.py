"""EarlyStopping and ReduceLROnPlateau follow Keras 3 epoch by epoch.

Both libraries' callbacks watch the same sequence of logs on the same fake
model; the epochs at which they stop or change the learning rate, the best
values and the restored weights must agree.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from cornu import callbacks
from cornu.callbacks._logs import to_float
from tests._oracle import import_keras
from tests.callbacks._fakes import FakeModel, NamedMetric

_LOSSES = [1.0, 0.8, 0.79995, 0.85, 0.7, 0.75, 0.76, 0.9, 0.95, 0.6]
_ACCURACIES = [0.1, 0.3, 0.3, 0.25, 0.5, 0.45, 0.55, 0.2, 0.1, 0.9]


def _run_early_stopping(callback, model, values, name):
    callback.set_model(model)
    callback.on_train_begin({})
    stopped_at = None
    for epoch, value in enumerate(values):
        model.weights = [np.full(2, epoch, "float32")]
        callback.on_epoch_end(epoch, {name: value, "other": 0.0})
        if model.stop_training:
            stopped_at = epoch
            break
    callback.on_train_end({})
    return stopped_at, callback.best, model.calls


_EARLY_CASES = [
    dict(monitor="val_loss"),
    dict(monitor="val_loss", patience=2),
    dict(monitor="val_loss", patience=2, min_delta=0.05),
    dict(monitor="val_loss", patience=1, baseline=0.75),
    dict(monitor="val_loss", patience=3, restore_best_weights=True),
    dict(monitor="val_loss", patience=1, start_from_epoch=4,
         restore_best_weights=True),
    dict(monitor="val_loss", baseline=0.1, patience=2,
         restore_best_weights=True),
    dict(monitor="val_accuracy", mode="max", patience=2),
    dict(monitor="val_accuracy", patience=2, restore_best_weights=True),
    dict(monitor="val_accuracy", mode="min", patience=1),
]


@pytest.mark.parametrize("kwargs", _EARLY_CASES)
def test_early_stopping_matches_keras(kwargs, capsys):
    keras = import_keras()
    name = kwargs["monitor"]
    values = _LOSSES if name == "val_loss" else _ACCURACIES
    metrics = [NamedMetric("accuracy", "up")]
    ours = _run_early_stopping(callbacks.EarlyStopping(verbose=1, **kwargs),
                               FakeModel(metrics=metrics), values, name)
    our_out = capsys.readouterr().out
    # Keras reads `_direction` only inside its own compiled-metrics
    # container, so its "auto" is told the direction here.
    keras_kwargs = dict(kwargs)
    if name == "val_accuracy":
        keras_kwargs.setdefault("mode", "max")
    theirs = _run_early_stopping(
        keras.callbacks.EarlyStopping(verbose=1, **keras_kwargs),
        FakeModel(metrics=metrics), values, name)
    assert ours[0] == theirs[0]
    assert ours[1] == pytest.approx(float(theirs[1]))
    assert ours[2] == theirs[2]  # restored weights (the epoch of the best)
    assert our_out == capsys.readouterr().out


def test_early_stopping_restores_the_best_epoch():
    model = FakeModel()
    stop = callbacks.EarlyStopping(monitor="loss", patience=2,
                                   restore_best_weights=True)
    stopped_at, best, calls = _run_early_stopping(
        stop, model, [3.0, 1.0, 2.0, 2.5, 0.5], "loss")
    assert (stopped_at, best) == (3, 1.0)
    assert calls == [("set_weights", 1.0)]
    assert stop.stopped_epoch == 3 and stop.best_epoch == 1


def test_auto_mode_reads_the_metric_direction():
    for metric, expected in [(NamedMetric("auc", "up"), 0.9),
                             (NamedMetric("mse", "down"), 0.1)]:
        stop = callbacks.EarlyStopping(monitor=f"val_{metric.name}",
                                       patience=5)
        _run_early_stopping(stop, FakeModel(metrics=[metric]),
                            [0.5, 0.9, 0.1], f"val_{metric.name}")
        assert stop.best == expected


def test_auto_mode_knows_built_in_metrics_without_direction():
    from cornu import metrics

    class Container:  # the trainer's compiled metrics hold a list
        def __init__(self, inner):
            self.metrics = inner

    model = FakeModel(metrics=[Container([metrics.BinaryAccuracy(
        name="acc"), metrics.MeanAbsoluteError(name="err")])])
    up = callbacks.EarlyStopping(monitor="val_acc", patience=5)
    down = callbacks.EarlyStopping(monitor="err", patience=5)
    for stop, name in [(up, "val_acc"), (down, "err")]:
        _run_early_stopping(stop, model, [0.5, 0.9, 0.1], name)
    assert (up.best, down.best) == (0.9, 0.1)


def test_auto_mode_that_cannot_decide_raises():
    stop = callbacks.EarlyStopping(monitor="val_mystery")
    stop.set_model(FakeModel())
    with pytest.raises(ValueError, match=re.escape(
            "Pass mode='max' to keep the highest value or mode='min'")):
        stop.on_epoch_end(0, {"val_mystery": 1.0})


def test_unknown_mode_warns_and_missing_monitor_warns():
    with pytest.warns(UserWarning, match="Received: mode='maximum'"):
        stop = callbacks.EarlyStopping(mode="maximum")
    assert stop.mode == "auto"
    stop.set_model(FakeModel())
    stop.on_train_begin()
    with pytest.warns(UserWarning, match="Available: loss"):
        stop.on_epoch_end(0, {"loss": 1.0})
    assert not stop.model.stop_training


def _run_reduce(callback, model, values):
    callback.set_model(model)
    callback.on_train_begin({})
    rates, logged = [], []
    for epoch, value in enumerate(values):
        logs = {"val_loss": value}
        callback.on_epoch_end(epoch, logs)
        rates.append(to_float(model.optimizer.learning_rate))
        logged.append(logs["learning_rate"])
    return rates, logged


@pytest.mark.parametrize("kwargs", [
    dict(),
    dict(patience=1, factor=0.5),
    dict(patience=1, factor=0.5, cooldown=2),
    dict(patience=2, factor=0.1, min_lr=0.0005, min_delta=0.02),
    dict(patience=1, factor=0.5, mode="max"),
])
def test_reduce_lr_on_plateau_matches_keras(kwargs, capsys):
    keras = import_keras()
    ours = _run_reduce(callbacks.ReduceLROnPlateau(verbose=1, **kwargs),
                       FakeModel(learning_rate=0.1), _LOSSES)
    our_out = capsys.readouterr().out
    theirs = _run_reduce(keras.callbacks.ReduceLROnPlateau(
        verbose=1, **kwargs), FakeModel(learning_rate=0.1), _LOSSES)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    assert our_out == capsys.readouterr().out


def test_reduce_lr_on_plateau_changes_a_cornu_optimizer():
    from cornu import optimizers

    model = FakeModel()
    model.optimizer = optimizers.SGD(learning_rate=0.5)
    reduce = callbacks.ReduceLROnPlateau(patience=1, factor=0.5, min_lr=0.2)
    rates, logged = _run_reduce(reduce, model, [1.0, 1.0, 1.0, 1.0])
    # float32 variables: 0.2 reads back as 0.20000000298.
    assert rates == pytest.approx([0.5, 0.25, 0.2, 0.2], rel=1e-7)
    assert logged == pytest.approx([0.5, 0.5, 0.25, 0.2], rel=1e-7)


def test_reduce_lr_on_plateau_errors():
    with pytest.raises(ValueError, match="Received: factor=1.0"):
        callbacks.ReduceLROnPlateau(factor=1.0)
    with pytest.warns(UserWarning, match="'epsilon'"):
        callbacks.ReduceLROnPlateau(epsilon=0.1)
    reduce = callbacks.ReduceLROnPlateau()
    model = FakeModel()
    model.optimizer = None
    reduce.set_model(model)
    with pytest.raises(RuntimeError, match="the model has no optimizer"):
        reduce.on_epoch_end(0, {"val_loss": 1.0})
