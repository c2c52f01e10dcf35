"""Callbacks inside real `fit`/`evaluate`/`predict` calls on a tiny model:
the hook sequence matches Keras 3's, and each built-in callback acts on the
model."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest

import cornu
from cornu import callbacks
from tests._oracle import import_keras

pytestmark = pytest.mark.trainable

_RNG = np.random.default_rng(0)
_X = _RNG.random((20, 3), dtype=np.float32)
_Y = (_X.sum(axis=1, keepdims=True) > 1.5).astype("float32")


def _model(lib, learning_rate=0.1):
    model = lib.Sequential([lib.Input((3,)),
                            lib.layers.Dense(4, activation="relu"),
                            lib.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=lib.optimizers.SGD(learning_rate=learning_rate),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model


def _recorder(base):
    class Recorder(base):
        def __init__(self):
            super().__init__()
            self.calls = []

    def hook(name, indexed):
        def record(self, *args, logs=None):
            index = args[0] if indexed else None
            logs = args[1 if indexed else 0] if len(args) > indexed else logs
            self.calls.append((name, index, sorted(logs or {})))
        return record

    for name in ("train", "test", "predict"):
        for when in ("begin", "end"):
            setattr(Recorder, f"on_{name}_{when}",
                    hook(f"on_{name}_{when}", False))
            setattr(Recorder, f"on_{name}_batch_{when}",
                    hook(f"on_{name}_batch_{when}", True))
    for when in ("begin", "end"):
        setattr(Recorder, f"on_epoch_{when}", hook(f"on_epoch_{when}", True))
    return Recorder


def _drive(lib, recorder):
    model = _model(lib)
    model.fit(_X, _Y, batch_size=8, epochs=2, validation_data=(_X, _Y),
              callbacks=[recorder], verbose=0)
    model.evaluate(_X, _Y, batch_size=16, callbacks=[recorder], verbose=0)
    model.predict(_X, batch_size=16, callbacks=[recorder], verbose=0)
    return recorder.calls


def test_hook_sequence_matches_keras():
    keras = import_keras()
    ours = _drive(cornu, _recorder(callbacks.Callback)())
    theirs = _drive(keras, _recorder(keras.callbacks.Callback)())
    assert ours == theirs
    assert sum(1 for c in ours if c[0] == "on_train_batch_end") == 6


def test_history_and_progbar(capsys):
    model = _model(cornu)
    history = model.fit(_X, _Y, batch_size=8, epochs=2, verbose=2,
                        validation_data=(_X, _Y))
    assert history is model.history
    assert history.epoch == [0, 1]
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy",
                                       "val_loss"]
    assert history.params == {"verbose": 2, "epochs": 2, "steps": 3}
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    loss = history.history["loss"][1]
    assert lines[3].startswith("3/3 - ")
    assert f"- loss: {loss:.4f} - val_accuracy:" in lines[3]


def test_early_stopping_restores_best_weights():
    model = _model(cornu, learning_rate=0.5)
    weights = {}
    keep = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights.update(
            {epoch: (logs["loss"], model.get_weights())}))
    # min_delta so large that no epoch after the first counts as better.
    stop = callbacks.EarlyStopping(monitor="loss", min_delta=10.0,
                                   patience=2, restore_best_weights=True)
    history = model.fit(_X, _Y, batch_size=8, epochs=6, verbose=0,
                        callbacks=[keep, stop])
    assert history.epoch == [0, 1, 2]
    assert stop.stopped_epoch == 2 and stop.best_epoch == 0
    for ours, best in zip(model.get_weights(), weights[0][1], strict=True):
        np.testing.assert_array_equal(ours, best)
    assert not np.array_equal(weights[2][1][0], weights[0][1][0])


def test_reduce_lr_on_plateau_and_scheduler_change_the_learning_rate():
    model = _model(cornu, learning_rate=0.4)
    reduce = callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5,
                                         patience=1, min_delta=10.0)
    history = model.fit(_X, _Y, batch_size=8, epochs=3, verbose=0,
                        callbacks=[reduce])
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.4, 0.4, 0.2], rtol=1e-6)
    np.testing.assert_allclose(
        float(model.optimizer.learning_rate.numpy()), 0.1, rtol=1e-6)
    scheduler = callbacks.LearningRateScheduler(lambda epoch: 0.01 * epoch)
    history = model.fit(_X, _Y, batch_size=8, epochs=3, verbose=0,
                        callbacks=[scheduler])
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.0, 0.01, 0.02], rtol=1e-6)


def test_csv_logger_file(tmp_path):
    path = tmp_path / "log.csv"
    history = _model(cornu).fit(
        _X, _Y, batch_size=8, epochs=2, verbose=0, validation_data=(_X, _Y),
        callbacks=[callbacks.CSVLogger(path)])
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == ["epoch", "accuracy", "loss", "val_accuracy",
                             "val_loss"]
    assert [row["epoch"] for row in rows] == ["0", "1"]
    for name, values in history.history.items():
        assert [float(row[name]) for row in rows] == values


def test_model_checkpoint_files(tmp_path):
    model = _model(cornu)
    template = str(tmp_path / "{epoch:02d}-{val_loss:.2f}.weights.h5")
    history = model.fit(
        _X, _Y, batch_size=8, epochs=2, verbose=0, validation_data=(_X, _Y),
        callbacks=[callbacks.ModelCheckpoint(template,
                                             save_weights_only=True)])
    expected = [f"{epoch + 1:02d}-{loss:.2f}.weights.h5" for epoch, loss
                in enumerate(history.history["val_loss"])]
    assert sorted(os.listdir(tmp_path)) == expected
    fresh = _model(cornu)
    fresh.load_weights(str(tmp_path / expected[-1]))
    for a, b in zip(fresh.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    model.fit(_X, _Y, batch_size=8, epochs=1, verbose=0, callbacks=[
        callbacks.ModelCheckpoint(str(tmp_path / "best.keras"),
                                  monitor="loss", save_best_only=True)])
    assert os.path.isfile(tmp_path / "best.keras")


def test_terminate_on_nan_stops_training(capsys):
    y = _Y.copy()
    y[9] = np.nan  # in the second batch
    model = _model(cornu)
    history = model.fit(_X, y, batch_size=8, epochs=3, verbose=0,
                        shuffle=False, callbacks=[callbacks.TerminateOnNaN()])
    assert history.epoch == [0]
    assert np.isnan(history.history["loss"][0])
    assert capsys.readouterr().out == (
        "Batch 1: Invalid loss, terminating training\n")
