"""`LeakyReLU`: the rectified linear unit with a slope below zero."""

from __future__ import annotations

from typing import Any

from cornu import activations
from cornu.layers.activations._checks import non_negative_number
from cornu.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky rectified linear unit: `x` for `x >= 0`, `negative_slope * x`
    otherwise.

    Args:
        negative_slope: the slope for negative inputs, non-negative. The
            Keras 2 name `alpha` is accepted too.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.LeakyReLU(negative_slope=0.5)
    >>> layer(np.array([-2.0, 0.0, 3.0], dtype="float32"))
    array([-1.,  0.,  3.], dtype=float32)
    """

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any) -> None:
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        self.negative_slope = non_negative_number(
            negative_slope, "negative_slope", type(self).__name__)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        return activations.leaky_relu(inputs,
                                      negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config
