"""`LambdaCallback`: a callback made of plain functions."""

from __future__ import annotations

from collections.abc import Callable

from cornu.callbacks.callback import Callback


class LambdaCallback(Callback):
    """A callback whose hooks are the functions given.

    `on_epoch_begin`/`on_epoch_end` take `(epoch, logs)`,
    `on_train_batch_begin`/`on_train_batch_end` take `(batch, logs)` and
    `on_train_begin`/`on_train_end` take `(logs)`. Any other hook
    (`on_test_end=...`, `on_predict_batch_end=...`) may be passed by
    keyword too; other keywords become attributes.

    Example:
        >>> from cornu import callbacks
        >>> losses = []
        >>> record = callbacks.LambdaCallback(
        ...     on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
        >>> record.on_epoch_end(0, {"loss": 0.5})
        >>> losses
        [0.5]
    """

    def __init__(self, on_epoch_begin: Callable | None = None,
                 on_epoch_end: Callable | None = None,
                 on_train_begin: Callable | None = None,
                 on_train_end: Callable | None = None,
                 on_train_batch_begin: Callable | None = None,
                 on_train_batch_end: Callable | None = None,
                 **kwargs):
        super().__init__()
        hooks = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                     on_train_begin=on_train_begin, on_train_end=on_train_end,
                     on_train_batch_begin=on_train_batch_begin,
                     on_train_batch_end=on_train_batch_end)
        for name, value in kwargs.items():
            if name.startswith("on_") and not callable(
                    getattr(Callback, name, None)):
                raise TypeError(
                    f"LambdaCallback: `{name}` is not a callback hook. "
                    "Hooks: on_{train,test,predict}_{begin,end}, "
                    "on_{train,test,predict}_batch_{begin,end}, "
                    f"on_epoch_{{begin,end}}. Received: {name}={value!r}."
                )
            if name.startswith("on_"):
                hooks[name] = value
            else:
                setattr(self, name, value)
        for name, function in hooks.items():
            if function is None:
                continue
            if not callable(function):
                raise TypeError(
                    f"LambdaCallback: `{name}` must be a function. "
                    f"Received: {name}={function!r}."
                )
            setattr(self, name, function)
