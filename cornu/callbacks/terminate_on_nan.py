"""`TerminateOnNaN`: stops training at the first NaN or infinite loss."""

from __future__ import annotations

import math

from cornu.callbacks._logs import to_float
from cornu.callbacks.callback import Callback
from cornu.callbacks.progbar_logger import print_message


class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or infinite.

    Reading the loss after each batch waits for the device, so this
    callback costs a synchronisation per batch.

    Args:
        raise_error: whether to raise a `RuntimeError` instead of setting
            `model.stop_training` (which ends training after the batch).

    Example:
        >>> from cornu import callbacks
        >>> class Model:
        ...     stop_training = False
        >>> model = Model()
        >>> stop = callbacks.TerminateOnNaN()
        >>> stop.set_model(model)
        >>> stop.on_train_batch_end(3, {"loss": float("nan")})
        Batch 3: Invalid loss, terminating training
        >>> model.stop_training
        True
    """


    def __init__(self, raise_error: bool = False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = to_float(loss)
        if not isinstance(loss, float) or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"TerminateOnNaN: the loss is {loss} at batch {batch}; "
                "training stopped."
            )
        print_message(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
