"""Trains a tiny model for 5 epochs with `BackupAndRestore`; run as a
script by `test_backup_and_restore_kill.py`.

`python _backup_training.py BACKUP_DIR [KILL_EPOCH]`: with KILL_EPOCH, the
process SIGKILLs itself in the middle of that epoch (0-based). Prints the
epochs this run trained and the final weights as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import sys

import numpy as np

import cornu
from cornu import callbacks


def train(backup_dir: str, kill_epoch: int | None = None) -> dict:
    cornu.utils.set_random_seed(3)
    rng = np.random.default_rng(0)
    x = rng.random((24, 3), dtype=np.float32)
    y = (x.sum(axis=1, keepdims=True) > 1.5).astype("float32")
    model = cornu.Sequential([cornu.Input((3,)),
                              cornu.layers.Dense(4, activation="relu"),
                              cornu.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=cornu.optimizers.SGD(0.1, momentum=0.9),
                  loss="binary_crossentropy")

    def maybe_die(batch, logs):
        if kill_epoch is not None and epochs_seen[-1] == kill_epoch \
                and batch == 1:
            os.kill(os.getpid(), signal.SIGKILL)

    epochs_seen = []
    hooks = [
        callbacks.BackupAndRestore(backup_dir),
        callbacks.LambdaCallback(
            on_epoch_begin=lambda epoch, logs: epochs_seen.append(epoch),
            on_train_batch_end=maybe_die),
    ]
    history = model.fit(x, y, batch_size=8, epochs=5, shuffle=False,
                        verbose=0, callbacks=hooks)
    return {"epochs": history.epoch,
            "weights": [w.tolist() for w in model.get_weights()]}


if __name__ == "__main__":
    kill = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print(json.dumps(train(sys.argv[1], kill)))
