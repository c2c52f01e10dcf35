"""LearningRateScheduler and TerminateOnNaN against Keras 3."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cornu import callbacks, ops
from tests._oracle import import_keras
from tests.callbacks._fakes import FakeModel


def _schedule(callback, epochs=4):
    model = FakeModel(learning_rate=0.1)
    callback.set_model(model)
    rates, logged = [], []
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch, {})
        rates.append(model.optimizer.learning_rate)
        logs = {"loss": 1.0}
        callback.on_epoch_end(epoch, logs)
        logged.append(logs["learning_rate"])
    return rates, logged


@pytest.mark.parametrize("schedule", [
    lambda epoch, lr: lr * 0.5,
    lambda epoch: 0.01 * (epoch + 1),
    lambda epoch, lr: lr if epoch < 2 else float(lr * math.exp(-0.1)),
    lambda epoch: np.float32(0.25),
])
def test_learning_rate_scheduler_matches_keras(schedule, capsys):
    keras = import_keras()
    ours = _schedule(callbacks.LearningRateScheduler(schedule, verbose=1))
    our_out = capsys.readouterr().out
    theirs = _schedule(keras.callbacks.LearningRateScheduler(
        schedule, verbose=1))
    np.testing.assert_allclose(ours, theirs, rtol=1e-7)
    assert our_out == capsys.readouterr().out


def test_learning_rate_scheduler_sets_a_cornu_optimizer():
    from cornu import optimizers

    model = FakeModel()
    model.optimizer = optimizers.Adam(learning_rate=0.5)
    scheduler = callbacks.LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))
    scheduler.set_model(model)
    scheduler.on_epoch_begin(3)
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(
        0.025)


def test_learning_rate_scheduler_errors():
    with pytest.raises(TypeError, match="Received: schedule=0.1"):
        callbacks.LearningRateScheduler(0.1)
    scheduler = callbacks.LearningRateScheduler(lambda epoch: "fast")
    scheduler.set_model(FakeModel())
    with pytest.raises(ValueError, match="must return a float. Received: "
                                         "'fast'"):
        scheduler.on_epoch_begin(0)


@pytest.mark.parametrize("loss", [float("nan"), float("inf"), -np.inf])
def test_terminate_on_nan_matches_keras(loss, capsys):
    keras = import_keras()
    outcomes = []
    for make in (callbacks.TerminateOnNaN, keras.callbacks.TerminateOnNaN):
        model = FakeModel()
        callback = make()
        callback.set_model(model)
        callback.on_train_batch_end(0, {"loss": 1.0})
        before = model.stop_training
        callback.on_train_batch_end(1, {"loss": loss})
        outcomes.append((before, model.stop_training,
                         capsys.readouterr().out))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][:2] == (False, True)


def test_terminate_on_nan_reads_tensors_and_raises():
    callback = callbacks.TerminateOnNaN(raise_error=True)
    callback.set_model(FakeModel())
    callback.on_train_batch_end(0, {"loss": ops.convert_to_tensor(0.5)})
    callback.on_train_batch_end(0, {"accuracy": float("nan")})
    with pytest.raises(RuntimeError, match="the loss is nan at batch 4"):
        callback.on_train_batch_end(4, {"loss": ops.convert_to_tensor(
            np.float32("nan"))})
