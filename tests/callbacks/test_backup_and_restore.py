"""`BackupAndRestore`: backups commit atomically and training resumes from
the last one."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from cornu import callbacks
from tests.callbacks._fakes import FakeModel


def _epochs(callback, model, epochs, steps=2, start=0):
    for epoch in range(start, epochs):
        callback.on_epoch_begin(epoch, {})
        for batch in range(steps):
            model.weights = [np.full(2, 10 * epoch + batch, "float32")]
            callback.on_train_batch_end(batch, {"loss": 1.0})
        callback.on_epoch_end(epoch, {"loss": 1.0})


def _metadata(directory):
    with open(os.path.join(directory, "training_metadata.json")) as file:
        return json.load(file)


def test_backup_each_epoch_and_resume(tmp_path):
    directory = str(tmp_path / "backup")
    backup = callbacks.BackupAndRestore(directory)
    model = FakeModel()
    backup.set_model(model)
    backup.on_train_begin({})
    assert model._initial_epoch is None  # nothing to restore
    _epochs(backup, model, 2)
    assert _metadata(directory) == {"epoch": 2, "batch": 0,
                                    "weights": "backup-1.weights.h5"}
    # Process dies here; a new one builds the same model and callback.
    resumed = FakeModel()
    again = callbacks.BackupAndRestore(directory)
    again.set_model(resumed)
    again.on_train_begin({})
    assert resumed._initial_epoch == 2
    assert resumed.weights[0].tolist() == [11.0, 11.0]
    assert resumed.calls == [("load_weights", os.path.join(
        directory, "backup-1.weights.h5"))]
    _epochs(again, resumed, 3, start=2)
    assert _metadata(directory)["epoch"] == 3
    assert _metadata(directory)["weights"] == "backup-0.weights.h5"
    again.on_train_end({})
    assert not os.path.exists(directory)


def test_backup_every_n_batches(tmp_path):
    directory = str(tmp_path / "backup")
    backup = callbacks.BackupAndRestore(directory, save_freq=3,
                                        delete_checkpoint=False)
    model = FakeModel()
    backup.set_model(model)
    backup.on_train_begin({})
    _epochs(backup, model, 2, steps=2, start=0)
    # Saves after 3 batches (epoch 1, batch 0); epoch ends do not save.
    assert _metadata(directory) == {"epoch": 1, "batch": 0,
                                    "weights": "backup-0.weights.h5"}
    backup.on_train_end({})
    assert os.path.exists(directory)
    resumed = FakeModel()
    again = callbacks.BackupAndRestore(directory, save_freq=3)
    again.set_model(resumed)
    again.on_train_begin({})
    assert resumed._initial_epoch == 1
    assert resumed.weights[0].tolist() == [10.0, 10.0]


def test_a_kill_during_a_save_leaves_the_last_backup(tmp_path):
    directory = str(tmp_path / "backup")

    class DiesWhileSaving(FakeModel):
        def save_weights(self, filepath, overwrite=True, **kwargs):
            with open(filepath, "w") as file:
                file.write("half a fi")
            raise KeyboardInterrupt

    backup = callbacks.BackupAndRestore(directory)
    model = FakeModel()
    backup.set_model(model)
    backup.on_train_begin({})
    _epochs(backup, model, 1)
    model.__class__ = DiesWhileSaving
    with pytest.raises(KeyboardInterrupt):
        _epochs(backup, model, 2, start=1)
    resumed = FakeModel()
    again = callbacks.BackupAndRestore(directory)
    again.set_model(resumed)
    again.on_train_begin({})
    assert resumed._initial_epoch == 1
    assert resumed.weights[0].tolist() == [1.0, 1.0]
    assert not os.path.exists(os.path.join(
        directory, "training_metadata.json.tmp"))


def test_restore_builds_the_optimizer_and_needs_a_built_model(tmp_path):
    directory = str(tmp_path / "backup")
    backup = callbacks.BackupAndRestore(directory)
    model = FakeModel()
    backup.set_model(model)
    _epochs(backup, model, 1)

    built = []
    resumed = FakeModel()
    resumed.optimizer.built = False
    resumed.optimizer.build = built.append
    backup.set_model(resumed)
    backup.on_train_begin({})
    assert built == [resumed.trainable_variables]

    unbuilt = FakeModel()
    unbuilt.built = False
    backup.set_model(unbuilt)
    with pytest.raises(ValueError, match="the model must be built"):
        backup.on_train_begin({})


@pytest.mark.parametrize("kwargs, match", [
    (dict(backup_dir=""), "Received: backup_dir=''"),
    (dict(backup_dir="b", save_freq="batch"), "Received: save_freq='batch'"),
    (dict(backup_dir="b", save_freq=-1), "Received: save_freq=-1"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        callbacks.BackupAndRestore(**kwargs)
