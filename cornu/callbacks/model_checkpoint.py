"""`ModelCheckpoint`: saves the model or its weights during training."""

from __future__ import annotations

import os
import warnings

from cornu.callbacks._logs import python_logs
from cornu.callbacks.monitor_callback import MonitorCallback
from cornu.callbacks.progbar_logger import print_message


def _check_save_freq(owner: str, save_freq) -> None:
    if save_freq == "epoch":
        return
    if isinstance(save_freq, bool) or not isinstance(save_freq, int) \
            or save_freq <= 0:
        raise ValueError(
            f"{owner}: `save_freq` must be 'epoch' or a positive number of "
            f"batches. Received: save_freq={save_freq!r}."
        )


class _BatchCounter:
    """Counts training batches across epochs to fire every `every`
    batches (batch indices restart at 0 each epoch)."""

    def __init__(self, every: int):
        self.every = every
        self.since_last = 0
        self.last_batch: int | None = None

    def step(self, batch: int) -> bool:
        if self.last_batch is None or batch <= self.last_batch:
            self.since_last += batch + 1
        else:
            self.since_last += batch - self.last_batch
        self.last_batch = batch
        if self.since_last >= self.every:
            self.since_last = 0
            return True
        return False


class ModelCheckpoint(MonitorCallback):
    """Saves the model (or only its weights) at the end of each epoch, or
    every `save_freq` batches.

    `filepath` may contain `str.format` fields filled from the epoch
    (counted from 1), the batch (from 1, when saving by batch) and the logs:
    `"ckpt/{epoch:02d}-{val_loss:.2f}.keras"`.

    Args:
        filepath: where to save: ending in `.keras` (the whole model) or,
            with `save_weights_only=True`, in `.weights.h5`.
        monitor: the log value compared when `save_best_only=True`.
        verbose: 1 prints a line at each save; 0 is silent.
        save_best_only: whether to save only when `monitor` improves on the
            best value so far.
        save_weights_only: whether to save the weights
            (`model.save_weights`) rather than the model (`model.save`).
        mode: `"min"`, `"max"` or `"auto"` (from the metric's name).
        save_freq: `"epoch"`, or a number of training batches between
            saves.
        initial_value_threshold: the value `monitor` must beat for the first
            save when `save_best_only=True`.

    Example:
        >>> from cornu import callbacks
        >>> checkpoint = callbacks.ModelCheckpoint(
        ...     "ckpt/{epoch:02d}-{val_loss:.2f}.keras")
        >>> checkpoint._file_path(epoch=2, batch=None,
        ...                       logs={"val_loss": 0.1234})
        'ckpt/03-0.12.keras'
    """

    def __init__(self, filepath, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False,
                 save_weights_only: bool = False, mode: str = "auto",
                 save_freq: str | int = "epoch",
                 initial_value_threshold: float | None = None):
        super().__init__(monitor, mode, initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        _check_save_freq("ModelCheckpoint", save_freq)
        self.save_freq = save_freq
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError(
                    "ModelCheckpoint: with `save_weights_only=True` the "
                    "filepath must end in `.weights.h5` (the Keras weights "
                    f"format). Received: filepath={self.filepath}"
                )
        elif not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                "ModelCheckpoint: the filepath must end in `.keras` (the "
                "Keras model format), or in `.weights.h5` with "
                "`save_weights_only=True`. Received: "
                f"filepath={self.filepath}"
            )
        self._counter = (None if save_freq == "epoch"
                         else _BatchCounter(save_freq))
        self._current_epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._counter is not None and self._counter.step(batch):
            self._save(self._current_epoch, batch, python_logs(logs))

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs or {})

    def _file_path(self, epoch: int, batch: int | None, logs: dict) -> str:
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                "ModelCheckpoint: cannot fill the filepath template "
                f'"{self.filepath}": the logs have no value `{error.args[0]}`. '
                f"Available: epoch, batch, {', '.join(sorted(logs))}."
            ) from None

    def _should_save(self, epoch: int, logs: dict, filepath: str) -> bool:
        if not self.save_best_only:
            if self.verbose > 0:
                print_message(f"\nEpoch {epoch + 1}: saving model to "
                              f"{filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"ModelCheckpoint: can save the best model only when "
                f"`{self.monitor}` is in the logs; saving anyway. "
                f"Available: {', '.join(logs.keys())}.",
                stacklevel=3,
            )
            return True
        if not isinstance(current, float):
            warnings.warn(
                "ModelCheckpoint: can save the best model only when "
                "`monitor` is a scalar; saving anyway. Received: "
                f"{self.monitor}={current!r}.",
                stacklevel=3,
            )
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print_message(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from "
                    f"{best} to {current:.5f}, saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print_message(f"\nEpoch {epoch + 1}: {self.monitor} did not "
                          f"improve from {best}")
        return False

    def _save(self, epoch: int, batch: int | None, logs: dict) -> None:
        filepath = self._file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise OSError(
                "ModelCheckpoint: the filepath is an existing directory; "
                f"give a file path. Received: filepath={filepath}"
            )
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print_message(f"\nEpoch {epoch + 1}: finished saving model to "
                          f"{filepath}")
