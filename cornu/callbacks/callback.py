"""`Callback`: the base class of objects that hook into `fit`, `evaluate`
and `predict`."""

from __future__ import annotations

from typing import Any


class Callback:
    """Base class of callbacks.

    A callback is handed to `fit`, `evaluate` or `predict` and gets a call
    at each stage of the loop. Override the hooks you need; the others do
    nothing. `on_train_batch_begin`/`on_train_batch_end` call the Keras 2
    names `on_batch_begin`/`on_batch_end`, so overriding either name works.

    `logs` holds the results so far: per batch, the running averages of the
    loss and metrics (their values may be 0-d engine tensors; convert with
    `float(...)` only when needed, since reading waits for the device); at
    the end of an epoch, Python floats, with `val_`-prefixed keys for
    validation; per predict batch, `{"outputs": ...}`.

    Attributes:
        params: a dict of the loop's parameters (`verbose`, `epochs`,
            `steps`).
        model: the model being trained, evaluated or run.

    Example:
        >>> from cornu import callbacks
        >>> class CountEpochs(callbacks.Callback):
        ...     def on_train_begin(self, logs=None):
        ...         self.count = 0
        ...     def on_epoch_end(self, epoch, logs=None):
        ...         self.count += 1
        >>> counter = CountEpochs()
        >>> hooks = callbacks.CallbackList([counter], epochs=2, steps=1)
        >>> hooks.on_train_begin()
        >>> for epoch in range(2):
        ...     hooks.on_epoch_begin(epoch)
        ...     hooks.on_epoch_end(epoch, {"loss": 0.5})
        >>> hooks.on_train_end()
        >>> counter.count
        2
    """

    def __init__(self):
        self.params: dict | None = None
        self._model = None

    def set_params(self, params: dict) -> None:
        """Stores the loop's parameters (`verbose`, `epochs`, `steps`)."""
        self.params = params

    def set_model(self, model: Any) -> None:
        """Stores the model the callback acts on."""
        self._model = model

    @property
    def model(self) -> Any:
        """The model being trained, evaluated or run."""
        return self._model

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """The Keras 2 name of `on_train_batch_begin`."""

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """The Keras 2 name of `on_train_batch_end`."""

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the start of each training epoch (`epoch` from 0)."""

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the end of each training epoch, after validation;
        `logs` holds the epoch's results, e.g. `{"loss": 0.2,
        "val_loss": 0.3}`."""

    def on_train_batch_begin(self, batch: int, logs: dict | None = None
                             ) -> None:
        """Called before each training batch (`batch` from 0 in each
        epoch)."""
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None
                           ) -> None:
        """Called after each training batch with the running results."""
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch: int, logs: dict | None = None
                            ) -> None:
        """Called before each `evaluate` (or validation) batch."""

    def on_test_batch_end(self, batch: int, logs: dict | None = None
                          ) -> None:
        """Called after each `evaluate` (or validation) batch."""

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None
                               ) -> None:
        """Called before each `predict` batch."""

    def on_predict_batch_end(self, batch: int, logs: dict | None = None
                             ) -> None:
        """Called after each `predict` batch; `logs` is
        `{"outputs": batch_outputs}`."""

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Called once when `fit` starts."""

    def on_train_end(self, logs: dict | None = None) -> None:
        """Called once when `fit` ends, with the last epoch's logs."""

    def on_test_begin(self, logs: dict | None = None) -> None:
        """Called when `evaluate` (or a validation pass) starts."""

    def on_test_end(self, logs: dict | None = None) -> None:
        """Called when `evaluate` (or a validation pass) ends, with its
        results."""

    def on_predict_begin(self, logs: dict | None = None) -> None:
        """Called when `predict` starts."""

    def on_predict_end(self, logs: dict | None = None) -> None:
        """Called when `predict` ends."""
