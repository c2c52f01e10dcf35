"""`BackupAndRestore`: resumes a `fit` interrupted by a crash or a kill."""

from __future__ import annotations

import json
import os
import shutil

from cornu.callbacks.callback import Callback
from cornu.callbacks.model_checkpoint import _BatchCounter, _check_save_freq

_METADATA = "training_metadata.json"
_SLOTS = ("backup-0.weights.h5", "backup-1.weights.h5")


def _write_json_atomically(path: str, content: dict) -> None:
    temporary = f"{path}.tmp"
    with open(temporary, "w") as file:
        json.dump(content, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


class BackupAndRestore(Callback):
    """Backs up training at the end of each epoch (or every `save_freq`
    batches) so that a `fit` killed midway resumes where it stopped.

    A backup is the model's weights (with the optimizer's variables) and a
    small JSON file naming the epoch to resume from. The weights go to one
    of two alternating files and the JSON file, written to a temporary
    file and then renamed, commits the backup: a process killed at any
    moment leaves the previous backup whole. When `fit` starts with the
    same callback and a backup exists, the weights are loaded and training
    resumes at the start of the epoch the backup was made in (a backup
    made mid-epoch restores that epoch's weights and replays the epoch from
    its first batch, as Keras does).

    Args:
        backup_dir: the directory holding the backup; use a different one
            for each training job.
        save_freq: `"epoch"`, or a number of training batches between
            backups.
        double_checkpoint: accepted for Keras compatibility; the previous
            backup is always kept until the next one is committed.
        delete_checkpoint: whether to delete `backup_dir` when training
            ends normally.

    Example:
        >>> import tempfile
        >>> from cornu import callbacks
        >>> backup = callbacks.BackupAndRestore(tempfile.mkdtemp())
        >>> backup.save_freq
        'epoch'
    """

    def __init__(self, backup_dir, save_freq: str | int = "epoch",
                 double_checkpoint: bool = False,
                 delete_checkpoint: bool = True):
        super().__init__()
        if not backup_dir:
            raise ValueError(
                "BackupAndRestore: `backup_dir` must be a directory path. "
                f"Received: backup_dir={backup_dir!r}."
            )
        _check_save_freq("BackupAndRestore", save_freq)
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._metadata_path = os.path.join(self.backup_dir, _METADATA)
        self._counter = (None if save_freq == "epoch"
                         else _BatchCounter(save_freq))
        self._current_epoch = 0
        self._last_batch_seen = 0
        self._slot = 0

    def _read_metadata(self) -> dict | None:
        if not os.path.exists(self._metadata_path):
            return None
        with open(self._metadata_path) as file:
            return json.load(file)

    def on_train_begin(self, logs=None):
        metadata = self._read_metadata()
        if metadata is None:
            return
        model = self.model
        if not getattr(model, "built", True):
            raise ValueError(
                "BackupAndRestore: the model must be built before `fit` to "
                "restore a backup into it. Build it (call it on a batch, or "
                "give the first layer an input shape) first. Received: "
                f"an unbuilt model {getattr(model, 'name', model)!r}."
            )
        optimizer = getattr(model, "optimizer", None)
        if optimizer is not None and not getattr(optimizer, "built", True):
            optimizer.build(model.trainable_variables)
        weights = metadata["weights"]
        model.load_weights(os.path.join(self.backup_dir, weights))
        self._slot = _SLOTS.index(weights)
        model._initial_epoch = metadata["epoch"]

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self._last_batch_seen = batch
        if self._counter is not None and self._counter.step(batch):
            self._save(epoch=self._current_epoch, batch=batch)

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        if self.save_freq == "epoch":
            self._save(epoch=epoch + 1, batch=0)

    def _save(self, epoch: int, batch: int) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        # Write the slot the committed backup does not use, then commit.
        slot = 1 - self._slot if os.path.exists(self._metadata_path) \
            else self._slot
        self.model.save_weights(
            os.path.join(self.backup_dir, _SLOTS[slot]), overwrite=True)
        _write_json_atomically(self._metadata_path, {
            "epoch": epoch, "batch": batch, "weights": _SLOTS[slot]})
        self._slot = slot

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
