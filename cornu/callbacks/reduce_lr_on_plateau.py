"""`ReduceLROnPlateau`: lowers the learning rate when a monitored value
stops improving."""

from __future__ import annotations

import warnings

import numpy as np

from cornu.callbacks._logs import to_float
from cornu.callbacks._optimizers import (
    log_learning_rates,
    optimizers_of,
    read_learning_rate,
)
from cornu.callbacks.monitor_callback import MonitorCallback
from cornu.callbacks.progbar_logger import print_message


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` when `monitor` has not
    improved for `patience` epochs.

    After a reduction the callback waits `cooldown` epochs before it counts
    epochs without improvement again. The learning rate never goes below
    `min_lr`. Each epoch's logs get a `learning_rate` entry.

    Args:
        monitor: the log value to watch.
        factor: the factor applied to the learning rate, below 1.
        patience: the number of epochs without improvement before a
            reduction.
        verbose: 1 prints a line at each reduction; 0 is silent.
        mode: `"min"`, `"max"` or `"auto"` (from the metric's name).
        min_delta: the smallest change that counts as an improvement.
        cooldown: the number of epochs to wait after a reduction.
        min_lr: the lowest learning rate allowed.

    Example:
        >>> from cornu import callbacks, optimizers
        >>> class Model:
        ...     optimizer = optimizers.SGD(learning_rate=0.5)
        >>> reduce = callbacks.ReduceLROnPlateau(
        ...     monitor="loss", factor=0.5, patience=1)
        >>> model = Model()
        >>> reduce.set_model(model)
        >>> reduce.on_train_begin()
        >>> for epoch, loss in enumerate([1.0, 1.0, 1.0]):
        ...     reduce.on_epoch_end(epoch, {"loss": loss})
        >>> float(model.optimizer.learning_rate.numpy())
        0.125
    """

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1,
                 patience: int = 10, verbose: int = 0, mode: str = "auto",
                 min_delta: float = 1e-4, cooldown: int = 0,
                 min_lr: float = 0.0, **kwargs):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau: `factor` must be below 1.0 (it "
                f"multiplies the learning rate). Received: factor={factor}."
            )
        if kwargs:
            # Keras 3 accepts and ignores legacy arguments (`epsilon`).
            warnings.warn(
                "ReduceLROnPlateau: ignoring unknown keyword arguments. "
                f"Received: {sorted(kwargs)}.",
                stacklevel=2,
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def in_cooldown(self) -> bool:
        """Whether the callback is waiting after a reduction."""
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()

    def _reduce(self, optimizer, epoch: int, suffix: str) -> bool:
        old = read_learning_rate(optimizer, "ReduceLROnPlateau")
        if old <= np.float32(self.min_lr):
            return False
        new = max(old * self.factor, self.min_lr)
        optimizer.learning_rate = new
        if self.verbose > 0:
            which = f" {suffix[1:]}" if suffix else ""
            print_message(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{which} "
                f"learning rate to {new}."
            )
        return True

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = {} if logs is None else logs
        log_learning_rates(self.model, logs, "ReduceLROnPlateau")
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"ReduceLROnPlateau: the monitored value `{self.monitor}` "
                f"is not in the logs. Available: {', '.join(logs.keys())}.",
                stacklevel=2,
            )
            return
        current = to_float(current)
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
            return
        if self.in_cooldown():
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        reduced = False
        for suffix, optimizer in optimizers_of(self.model,
                                               "ReduceLROnPlateau"):
            reduced = self._reduce(optimizer, epoch, suffix) or reduced
        if reduced:
            self.cooldown_counter = self.cooldown
            self.wait = 0
