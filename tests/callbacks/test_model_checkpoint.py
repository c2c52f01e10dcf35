"""`ModelCheckpoint`: the files it saves match Keras 3's choices."""

from __future__ import annotations

import os
import re

import pytest

from cornu import callbacks
from tests._oracle import import_keras
from tests.callbacks._fakes import FakeModel

_VAL_LOSSES = [0.9, 0.7, 0.8, 0.65, 0.66]


def _train(callback, model, epochs=5, steps=3):
    callback.set_model(model)
    callback.on_train_begin({})
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch, {})
        for batch in range(steps):
            callback.on_train_batch_end(batch, {"loss": 1.0 + batch})
        callback.on_epoch_end(epoch, {"loss": 1.0,
                                      "val_loss": _VAL_LOSSES[epoch]})
    callback.on_train_end({})
    return model.calls


@pytest.mark.parametrize("template, kwargs", [
    ("{epoch:02d}-{val_loss:.2f}.keras", {}),
    ("best.keras", dict(save_best_only=True)),
    ("w-{epoch}.weights.h5", dict(save_best_only=True,
                                  save_weights_only=True)),
    ("max-{epoch}.keras", dict(save_best_only=True, mode="max")),
    ("t-{epoch}.keras", dict(save_best_only=True,
                             initial_value_threshold=0.68)),
    ("b-{epoch}-{batch}-{loss:.1f}.keras", dict(save_freq=2)),
    ("sub/dir/{epoch}.keras", dict(monitor="loss", save_best_only=True)),
])
def test_saves_match_keras(tmp_path, capsys, template, kwargs):
    keras = import_keras()
    ours_dir, keras_dir = tmp_path / "ours", tmp_path / "keras"
    ours = _train(callbacks.ModelCheckpoint(
        str(ours_dir / template), verbose=1, **kwargs), FakeModel())
    our_out = capsys.readouterr().out.replace(str(ours_dir), "DIR")
    theirs = _train(keras.callbacks.ModelCheckpoint(
        str(keras_dir / template), verbose=1, **kwargs), FakeModel())
    keras_out = capsys.readouterr().out.replace(str(keras_dir), "DIR")
    strip = [(kind, os.path.relpath(path, ours_dir)) for kind, path in ours]
    assert strip == [(kind, os.path.relpath(path, keras_dir))
                     for kind, path in theirs]
    assert our_out == keras_out
    for _, path in ours:
        assert os.path.isfile(path)


def test_templates_and_kind_of_save(tmp_path):
    calls = _train(callbacks.ModelCheckpoint(
        str(tmp_path / "{epoch:02d}-{val_loss:.2f}.keras")), FakeModel(),
        epochs=2)
    assert [(kind, os.path.basename(path)) for kind, path in calls] == [
        ("save", "01-0.90.keras"), ("save", "02-0.70.keras")]
    calls = _train(callbacks.ModelCheckpoint(
        str(tmp_path / "w.weights.h5"), save_weights_only=True,
        save_best_only=True), FakeModel())
    assert [kind for kind, _ in calls] == ["save_weights"] * 3
    calls = _train(callbacks.ModelCheckpoint(
        str(tmp_path / "{epoch}-{batch}.keras"), save_freq=2), FakeModel(),
        epochs=2, steps=3)
    # Batches counted across epochs: after 2, 4 (epoch 2, batch 1), 6.
    assert [os.path.basename(p) for _, p in calls] == [
        "1-2.keras", "2-1.keras", "2-3.keras"]


@pytest.mark.parametrize("kwargs, match", [
    (dict(filepath="model.h5x"), "must end in `.keras`"),
    (dict(filepath="model.keras", save_weights_only=True),
     "must end in `.weights.h5`"),
    (dict(filepath="m.keras", save_freq="batch"),
     "Received: save_freq='batch'"),
    (dict(filepath="m.keras", save_freq=0), "Received: save_freq=0"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        callbacks.ModelCheckpoint(**kwargs)


def test_missing_template_field_and_directory_path(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "{acc}.keras"))
    checkpoint.set_model(FakeModel())
    with pytest.raises(KeyError, match="the logs have no value `acc`"):
        checkpoint.on_epoch_end(0, {"loss": 1.0})
    (tmp_path / "d.keras").mkdir()
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "d.keras"))
    checkpoint.set_model(FakeModel())
    with pytest.raises(OSError, match="is an existing directory"):
        checkpoint.on_epoch_end(0, {"loss": 1.0})


def test_save_best_only_without_the_monitor_saves_with_a_warning(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "m.keras"),
                                           save_best_only=True)
    model = FakeModel()
    checkpoint.set_model(model)
    with pytest.warns(UserWarning, match="`val_loss` is in the logs"):
        checkpoint.on_epoch_end(0, {"loss": 1.0})
    assert [kind for kind, _ in model.calls] == ["save"]
