"""`CallbackList`: the callbacks of one `fit`/`evaluate`/`predict` call,
called together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cornu.callbacks._logs import python_logs
from cornu.callbacks.callback import Callback
from cornu.callbacks.history import History
from cornu.callbacks.progbar_logger import ProgbarLogger

_BATCH_HOOKS = {
    "train": ("on_train_batch_begin", "on_train_batch_end",
              "on_batch_begin", "on_batch_end"),
    "test": ("on_test_batch_begin", "on_test_batch_end"),
    "predict": ("on_predict_batch_begin", "on_predict_batch_end"),
}


def _reads_python_floats(callback: Callback, hook: str) -> bool:
    """Whether `hook` is overridden by code outside `cornu.callbacks` (which
    expects Python floats, as in Keras). The built-in callbacks read tensor
    logs themselves, only when they must."""
    method = getattr(callback, hook)
    function = getattr(method, "__func__", method)
    if function is getattr(Callback, hook):
        return False
    module = getattr(function, "__module__", None) or ""
    return not module.startswith("cornu.callbacks.")


def _flatten(callbacks: Any) -> list:
    if callbacks is None:
        return []
    if isinstance(callbacks, (list, tuple)):
        return [c for item in callbacks for c in _flatten(item)]
    if not isinstance(callbacks, Callback):
        raise TypeError(
            "CallbackList: every callback must be a "
            "`cornu.callbacks.Callback` instance. Received: "
            f"{callbacks!r} (of type {type(callbacks).__name__})."
        )
    return [callbacks]


class CallbackList(Callback):
    """Calls each hook on a list of callbacks, in order.

    The trainer builds one per `fit`, `evaluate` and `predict` call. Logs
    at the start and end of training, of an epoch, of evaluation and of
    prediction reach the callbacks as one shared dict of Python floats with
    sorted keys (so a callback may add entries, such as `learning_rate`,
    that the callbacks after it see). Per-batch logs are passed on as they
    come (values may be engine tensors, which the built-in callbacks read
    only when they must); when a user callback overrides a batch hook they
    are converted to Python floats once per batch for all callbacks, as in
    Keras.

    Args:
        callbacks: a list of `Callback`s (nested lists are flattened).
        add_history: whether to add a `History` callback when the list has
            none.
        add_progbar: whether to add a `ProgbarLogger` when the list has
            none.
        model: the model the callbacks act on.
        **params: the loop's parameters, passed to each callback's
            `set_params` (`verbose`, `epochs`, `steps`).

    Example:
        >>> from cornu import callbacks
        >>> seen = []
        >>> log = callbacks.LambdaCallback(
        ...     on_epoch_end=lambda epoch, logs: seen.append(logs))
        >>> hooks = callbacks.CallbackList([log], add_history=True)
        >>> hooks.on_train_begin()
        >>> hooks.on_epoch_end(0, {"loss": 0.25, "accuracy": 0.5})
        >>> seen
        [{'accuracy': 0.5, 'loss': 0.25}]
    """

    def __init__(self, callbacks: Iterable[Callback] | Callback | None = None,
                 add_history: bool = False, add_progbar: bool = False,
                 model: Any = None, **params: Any):
        super().__init__()
        self.callbacks: list[Callback] = _flatten(callbacks)
        self._history = next(
            (c for c in self.callbacks if isinstance(c, History)), None)
        self._progbar = next(
            (c for c in self.callbacks if isinstance(c, ProgbarLogger)),
            None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self._convert = {
            kind: any(_reads_python_floats(c, hook)
                      for c in self.callbacks for hook in hooks)
            for kind, hooks in _BATCH_HOOKS.items()
        }
        self.set_model(model)
        self.set_params(params)

    def set_params(self, params: dict) -> None:
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model: Any) -> None:
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def _batch_logs(self, kind: str, logs: dict | None) -> dict:
        if self._convert[kind]:
            return python_logs(logs)
        return {} if logs is None else logs

    def _call(self, hook: str, *args: Any) -> None:
        for callback in self.callbacks:
            getattr(callback, hook)(*args)

    def on_batch_begin(self, batch, logs=None):
        self._call("on_batch_begin", batch, self._batch_logs("train", logs))

    def on_batch_end(self, batch, logs=None):
        self._call("on_batch_end", batch, self._batch_logs("train", logs))

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", batch,
                   self._batch_logs("train", logs))

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", batch,
                   self._batch_logs("train", logs))

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", batch,
                   self._batch_logs("test", logs))

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", batch,
                   self._batch_logs("test", logs))

    def on_predict_batch_begin(self, batch, logs=None):
        # Predict logs hold whole output batches: never converted.
        self._call("on_predict_batch_begin", batch, logs or {})

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs or {})

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, python_logs(logs))

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, python_logs(logs))

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", python_logs(logs))

    def on_train_end(self, logs=None):
        self._call("on_train_end", python_logs(logs))

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", python_logs(logs))

    def on_test_end(self, logs=None):
        self._call("on_test_end", python_logs(logs))

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", python_logs(logs))

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", python_logs(logs))
