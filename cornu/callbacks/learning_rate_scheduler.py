"""`LearningRateScheduler`: sets the learning rate at the start of each
epoch from a function of the epoch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from cornu.callbacks._optimizers import (
    log_learning_rates,
    optimizers_of,
    read_learning_rate,
)
from cornu.callbacks.callback import Callback
from cornu.callbacks.progbar_logger import print_message


class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate at the start of each epoch.

    `schedule(epoch, lr)` (or `schedule(epoch)`) is called with the epoch
    index (from 0) and the current learning rate, and returns the new
    learning rate as a float. Each epoch's logs get a `learning_rate` entry.

    Args:
        schedule: a function `(epoch, lr) -> float` or `(epoch) -> float`.
        verbose: 1 prints the new learning rate each epoch; 0 is silent.

    Example:
        >>> from cornu import callbacks, optimizers
        >>> class Model:
        ...     optimizer = optimizers.SGD(learning_rate=0.5)
        >>> halve = callbacks.LearningRateScheduler(lambda epoch, lr: lr / 2)
        >>> halve.set_model(Model())
        >>> halve.on_epoch_begin(0)
        >>> logs = {}
        >>> halve.on_epoch_end(0, logs)
        >>> logs
        {'learning_rate': 0.25}
    """

    def __init__(self, schedule: Callable, verbose: int = 0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler: `schedule` must be a function of "
                "`(epoch, lr)` or `(epoch)` returning a float. Received: "
                f"schedule={schedule!r}."
            )
        self.schedule = schedule
        self.verbose = verbose

    def _new_learning_rate(self, optimizer, epoch: int) -> float:
        current = read_learning_rate(optimizer, "LearningRateScheduler")
        try:
            learning_rate = self.schedule(epoch, current)
        except TypeError:  # a one-argument schedule
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(
                "LearningRateScheduler: `schedule` must return a float. "
                f"Received: {learning_rate!r} (of type "
                f"{type(learning_rate).__name__}) at epoch {epoch}."
            )
        optimizer.learning_rate = float(learning_rate)
        return learning_rate

    def on_epoch_begin(self, epoch, logs=None):
        for suffix, optimizer in optimizers_of(self.model,
                                               "LearningRateScheduler"):
            learning_rate = self._new_learning_rate(optimizer, epoch)
            if self.verbose > 0:
                which = f" {suffix[1:]}" if suffix else ""
                print_message(
                    f"\nEpoch {epoch + 1}: LearningRateScheduler setting"
                    f"{which} learning rate to {learning_rate}."
                )

    def on_epoch_end(self, epoch, logs=None):
        log_learning_rates(self.model, logs, "LearningRateScheduler")
