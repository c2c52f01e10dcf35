"""`History`: records each epoch's logs; `fit` returns it."""

from __future__ import annotations

from cornu.callbacks.callback import Callback


class History(Callback):
    """Records the logs of every epoch.

    `fit` adds one automatically and returns it; it is also
    `model.history`.

    Attributes:
        history: a dict from each log name (`"loss"`, `"val_accuracy"`,
            ...) to the list of its values, one per epoch.
        epoch: the list of epoch indices seen.
        params: the loop's parameters (`verbose`, `epochs`, `steps`).

    Example:
        >>> from cornu import callbacks
        >>> history = callbacks.History()
        >>> history.on_train_begin()
        >>> history.on_epoch_end(0, {"loss": 0.5})
        >>> history.on_epoch_end(1, {"loss": 0.25})
        >>> history.history, history.epoch
        ({'loss': [0.5, 0.25]}, [0, 1])
    """


    def __init__(self):
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
        if self.model is not None:
            self.model.history = self
