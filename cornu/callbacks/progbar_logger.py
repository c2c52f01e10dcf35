"""`ProgbarLogger`: prints the progress bar of `fit`, `evaluate` and
`predict`."""

from __future__ import annotations

import sys
import time

from cornu.callbacks._logs import python_logs
from cornu.callbacks.callback import Callback
from cornu.utils.progbar import Progbar


def print_message(message: str) -> None:
    """Writes one line to standard output (as Keras's callbacks do)."""
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


class ProgbarLogger(Callback):
    """Prints metrics to standard output as training goes.

    `fit`, `evaluate` and `predict` add one when `verbose` is not 0, so it
    is rarely made by hand. With `verbose=1` (or `"auto"`) it draws Keras's
    progress bar, preceded by `Epoch 3/10` when there are several epochs;
    with `verbose=2`, one line per epoch:
    `469/469 - 2s - 4ms/step - accuracy: 0.9123 - loss: 0.2876`.
    Validation batches inside `fit` are not shown; their results appear in
    the epoch's line as `val_` entries.

    Example:
        >>> from cornu import callbacks
        >>> hooks = callbacks.CallbackList(
        ...     add_progbar=True, verbose=2, epochs=1, steps=2)
        >>> hooks.on_train_begin()
        >>> hooks.on_epoch_begin(0)
        >>> hooks.on_train_batch_end(0, {"loss": 1.0})
        >>> hooks.on_train_batch_end(1, {"loss": 0.75})
        >>> hooks.on_epoch_end(0, {"loss": 0.75})  # doctest: +ELLIPSIS
        2/2 - 0s - ...s/step - loss: 0.7500
    """


    def __init__(self):
        super().__init__()
        self.seen = 0
        self.progbar: Progbar | None = None
        self.target: int | None = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._start_bar()

    def on_predict_begin(self, logs=None):
        self._start_bar()

    def on_epoch_begin(self, epoch, logs=None):
        self._start_bar()
        if self.verbose and self.epochs > 1:
            print_message(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._update_bar(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update_bar(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._update_bar(batch, None)

    def on_epoch_end(self, epoch, logs=None):
        self._finish_bar(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finish_bar(logs)

    def on_predict_end(self, logs=None):
        self._finish_bar(logs)

    def _start_bar(self):
        self.seen = 0
        self.progbar = None
        self._ensure_bar()

    def _ensure_bar(self):
        if self.progbar is None:
            # The trainer's logs are running results: shown as given.
            self.progbar = Progbar(target=self.target, verbose=self.verbose,
                                   unit_name="step", stateless_metrics=())

    def _update_bar(self, batch, logs):
        self._ensure_bar()
        self.seen = batch + 1
        if self.verbose != 1:
            return
        bar = self.progbar
        # Reading tensor logs waits for the device: do it only when this
        # update is drawn.
        drawn = bar._dynamic_display and (
            time.time() - bar._last_update >= bar.interval)
        values = list(python_logs(logs).items()) if drawn and logs else None
        bar.update(self.seen, values, finalize=False)

    def _finish_bar(self, logs):
        self._ensure_bar()
        if self.target is None:
            self.target = self.seen
            self.progbar.target = self.target
        values = list(python_logs(logs).items())
        self.progbar.update(self.target, values, finalize=True)
