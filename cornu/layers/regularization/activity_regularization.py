"""`ActivityRegularization`: adds an L1/L2 penalty on its input to the
losses."""

from __future__ import annotations

from typing import Any

from cornu import ops, regularizers
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer
from cornu.layers.regularization import _checks


class ActivityRegularization(Layer):
    """Passes its input through and adds
    `(l1 * sum(abs(x)) + l2 * sum(square(x))) / batch_size` to the layer's
    `losses` (and so to the model's training loss), as Keras 3 does.

    Args:
        l1: the L1 factor, non-negative.
        l2: the L2 factor, non-negative.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.ActivityRegularization(l1=0.5)
    >>> y = layer(np.array([[1.0, -3.0]], dtype="float32"))
    >>> float(layer.losses[0])
    2.0
    >>> y = layer(np.array([[1.0], [-3.0]], dtype="float32"))
    >>> float(layer.losses[-1])
    1.0
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0,
                 **kwargs: Any) -> None:
        owner = type(self).__name__
        l1 = _checks.non_negative(l1, owner, "l1")
        l2 = _checks.non_negative(l2, owner, "l2")
        super().__init__(**kwargs)
        # Not the base layer's `activity_regularizer`: the penalty is
        # added here, per sample.
        self._penalty = regularizers.L1L2(l1=l1, l2=l2)
        self.l1 = l1
        self.l2 = l2
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, SymbolicTensor) and (self.l1 or self.l2):
            loss = self._penalty(inputs)
            if len(ops.shape(inputs)) > 0:
                loss = ops.divide(
                    loss, ops.cast(ops.shape(inputs)[0], ops.dtype(loss)))
            self.add_loss(loss)
        return inputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"l1": self.l1, "l2": self.l2})
        return config
