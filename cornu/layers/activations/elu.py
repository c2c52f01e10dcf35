"""`ELU`: the exponential linear unit."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import activations
from cornu.layers.layer import Layer


class ELU(Layer):
    """Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)`
    otherwise.

    Args:
        alpha: the scale of the negative part; the output approaches
            `-alpha` for large negative inputs.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.ELU(alpha=2.0)
    >>> np.round(layer(np.array([-1.0, 0.0, 3.0], dtype="float32")), 4)
    array([-1.2642,  0.    ,  3.    ], dtype=float32)
    """

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(alpha, numbers.Real) or isinstance(alpha, bool):
            raise TypeError(
                f"ELU: `alpha` must be a number. Received: alpha={alpha!r}."
            )
        self.alpha = float(alpha)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["alpha"] = self.alpha
        return config
