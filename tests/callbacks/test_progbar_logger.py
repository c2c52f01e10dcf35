"""`ProgbarLogger` prints what Keras 3's prints for the same hook calls.

A fake clock makes the time parts identical; on a terminal the outputs are
compared byte for byte, and off a terminal cornu prints the final lines
only.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from cornu import callbacks
from cornu.utils import progbar as progbar_module
from tests._oracle import import_keras

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _Clock:
    now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = _Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


def _fit(logger, clock, epochs=2, steps=3, validation=True):
    """The hook calls of `fit` (with validation batches) on `logger`."""
    clock.now = 1000.0
    logger.on_train_begin({})
    for epoch in range(epochs):
        logger.on_epoch_begin(epoch, {})
        for batch in range(steps):
            clock.now += 0.3 + batch * 0.05
            logs = {"accuracy": 0.25 * (batch + 1), "loss": 1.0 / (batch + 1)}
            logger.on_train_batch_end(batch, logs)
        epoch_logs = {"accuracy": 0.75, "loss": 0.5}
        if validation:
            logger.on_test_begin({})
            for batch in range(2):
                clock.now += 0.1
                logger.on_test_batch_end(batch, {"loss": 9.0})
            logger.on_test_end({"loss": 0.625})
            epoch_logs.update(val_accuracy=0.5, val_loss=0.625)
        logger.on_epoch_end(epoch, epoch_logs)
    logger.on_train_end({})


def _evaluate_and_predict(logger, clock):
    clock.now = 2000.0
    logger.on_test_begin({})
    for batch in range(4):
        clock.now += 0.01
        logger.on_test_batch_end(batch, {"loss": 0.1 * batch})
    logger.on_test_end({"loss": 0.3, "mae": 0.0005})
    logger.on_predict_begin({})
    for batch in range(4):
        clock.now += 0.002
        logger.on_predict_batch_end(batch, {"outputs": None})
    logger.on_predict_end({})


def _outputs(drive, clock, capsys, monkeypatch, **params):
    monkeypatch.setattr(progbar_module, "_is_dynamic_display", lambda: True)
    keras = import_keras()
    theirs = keras.callbacks.ProgbarLogger()
    theirs.set_params(dict(params))
    capsys.readouterr()
    drive(theirs, clock)
    keras_out = capsys.readouterr().out
    ours = callbacks.ProgbarLogger()
    ours.set_params(dict(params))
    drive(ours, clock)
    return capsys.readouterr().out, keras_out


@pytest.mark.parametrize("verbose", [1, 2, "auto", 0])
def test_fit_matches_keras(clock, capsys, monkeypatch, verbose):
    ours, theirs = _outputs(_fit, clock, capsys, monkeypatch,
                            verbose=verbose, epochs=2, steps=3)
    assert ours == theirs
    if verbose == 0:
        assert ours == ""
        return
    assert "Epoch 2/2\n" in ours
    if verbose == 2:
        assert ours.splitlines()[1] == (
            "3/3 - 1s - 417ms/step - accuracy: 0.7500 - loss: 0.5000 - "
            "val_accuracy: 0.5000 - val_loss: 0.6250")


def test_unknown_steps_and_one_epoch_match_keras(clock, capsys, monkeypatch):
    ours, theirs = _outputs(
        lambda logger, clock: _fit(logger, clock, epochs=1,
                                   validation=False),
        clock, capsys, monkeypatch, verbose=1, epochs=1, steps=None)
    assert ours == theirs
    assert "Epoch" not in ours and "/Unknown" in ours


def test_evaluate_and_predict_match_keras(clock, capsys, monkeypatch):
    ours, theirs = _outputs(_evaluate_and_predict, clock, capsys,
                            monkeypatch, verbose=1, epochs=1, steps=4)
    assert ours == theirs
    assert "mae: 5.0000e-04" in _ANSI.sub("", ours)


def test_off_a_terminal_only_final_lines_are_printed(clock, capsys):
    logger = callbacks.ProgbarLogger()
    logger.set_params(dict(verbose=1, epochs=2, steps=3))
    capsys.readouterr()
    _fit(logger, clock)
    assert capsys.readouterr().out == (
        "Epoch 1/2\n"
        "3/3 ━━━━━━━━━━━━━━━━━━━━ 1s 475ms/step - accuracy: 0.7500 - "
        "loss: 0.5000 - val_accuracy: 0.5000 - val_loss: 0.6250\n"
        "Epoch 2/2\n"
        "3/3 ━━━━━━━━━━━━━━━━━━━━ 1s 475ms/step - accuracy: 0.7500 - "
        "loss: 0.5000 - val_accuracy: 0.5000 - val_loss: 0.6250\n")


def test_batch_logs_are_read_only_when_drawn(clock, monkeypatch, capsys):
    reads = []

    class Tensor:
        """Counts reads (each would be a device sync)."""

        def __init__(self, value):
            self.value = value

        def __array__(self, dtype=None, copy=None):
            reads.append(self.value)
            return np.asarray(self.value)

    logger = callbacks.ProgbarLogger()
    logger.set_params(dict(verbose=1, epochs=1, steps=3))
    logger.on_epoch_begin(0)
    for batch in range(3):
        logger.on_train_batch_end(batch, {"loss": Tensor(1.0)})
    assert reads == []  # not a terminal: nothing drawn per batch
    monkeypatch.setattr(progbar_module, "_is_dynamic_display", lambda: True)
    logger.on_epoch_begin(0)
    clock.now += 1.0
    logger.on_train_batch_end(0, {"loss": Tensor(1.0)})
    logger.on_train_batch_end(1, {"loss": Tensor(1.0)})  # same instant
    assert reads == [1.0]
    assert "loss: 1.0000" in capsys.readouterr().out
