"""`RepeatVector`: repeats a vector `n` times along a new axis."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class RepeatVector(Layer):
    """Repeats each input vector `n` times: `(batch, features)` becomes
    `(batch, n, features)`.

    Args:
        n: the number of repetitions.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, features)`.

    Output shape:
        `(batch, n, features)`.

    Example:
    >>> cornu.layers.RepeatVector(3)(np.ones((2, 32), dtype="float32")).shape
    (2, 3, 32)
    """

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.n = check.positive_int(n, "n", "RepeatVector")
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def call(self, inputs):
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (input_shape[0], self.n, input_shape[1])

    def compute_output_spec(self, inputs, **kwargs):
        # The input's dtype, not the layer's: this layer moves values only.
        return SymbolicTensor(self.compute_output_shape(inputs.shape),
                              inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["n"] = self.n
        return config
