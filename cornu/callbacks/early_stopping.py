"""`EarlyStopping`: stops training when a monitored value stops
improving."""

from __future__ import annotations

import warnings

from cornu.callbacks._logs import to_float
from cornu.callbacks.monitor_callback import MonitorCallback
from cornu.callbacks.progbar_logger import print_message


class EarlyStopping(MonitorCallback):
    """Stops training when `monitor` has stopped improving.

    At the end of each epoch the callback compares `monitor` with the best
    value so far; after `patience` epochs without an improvement of at
    least `min_delta` it sets `model.stop_training`.

    Args:
        monitor: the log value to watch.
        min_delta: the smallest change that counts as an improvement.
        patience: the number of epochs without improvement before stopping.
        verbose: 1 prints a line when the callback stops training or
            restores weights; 0 is silent.
        mode: `"min"`, `"max"` or `"auto"` (from the metric's name).
        baseline: a value the monitored quantity must beat: training stops
            after `patience` epochs that do not beat it.
        restore_best_weights: whether to restore, at the end of training,
            the weights of the epoch with the best value (when it has one,
            even if training was not stopped early).
        start_from_epoch: the number of warm-up epochs during which
            improvement is not tracked.

    Example:
        >>> from cornu import callbacks
        >>> stop = callbacks.EarlyStopping(monitor="loss", patience=1)
        >>> class Model:
        ...     stop_training = False
        >>> model = Model()
        >>> stop.set_model(model)
        >>> stop.on_train_begin()
        >>> for epoch, loss in enumerate([1.0, 0.5, 0.6, 0.7]):
        ...     stop.on_epoch_end(epoch, {"loss": loss})
        ...     if model.stop_training:
        ...         break
        >>> epoch, stop.best
        (2, 0.5)
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0,
                 patience: int = 0, verbose: int = 0, mode: str = "auto",
                 baseline: float | None = None,
                 restore_best_weights: bool = False,
                 start_from_epoch: int = 0):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.best_epoch = 0

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Start from this epoch's weights, so that a baseline that is
            # never beaten still restores something.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(
                    current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_message(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_message(
                    "Restoring model weights from the end of the best "
                    f"epoch: {self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """The monitored value in `logs` as a float, or `None` (with a
        warning) when `logs` does not have it."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"EarlyStopping: the monitored value `{self.monitor}` is "
                "not in the logs. Available: "
                f"{', '.join(logs.keys())}.",
                stacklevel=2,
            )
            return None
        return to_float(value)
