"""`ReLU`: the rectified linear unit with optional leak, cap and
threshold."""

from __future__ import annotations

from typing import Any

from cornu import activations
from cornu.layers.activations._checks import non_negative_number
from cornu.layers.layer import Layer


class ReLU(Layer):
    """Rectified linear unit.

    Returns `max_value` for `x >= max_value`, `x` for
    `threshold <= x < max_value` and `negative_slope * (x - threshold)`
    below the threshold. With the defaults this is `max(x, 0)`.

    Args:
        max_value: the largest output value, non-negative; `None` means no
            cap.
        negative_slope: the slope below the threshold, non-negative.
        threshold: the value below which the output is damped,
            non-negative.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.ReLU(max_value=2.0)
    >>> layer(np.array([-1.0, 1.0, 3.0], dtype="float32"))
    array([0., 1., 2.], dtype=float32)
    """

    def __init__(self, max_value: float | None = None,
                 negative_slope: float = 0.0, threshold: float = 0.0,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.max_value = non_negative_number(max_value, "max_value", owner,
                                             allow_none=True)
        self.negative_slope = non_negative_number(
            negative_slope, "negative_slope", owner)
        self.threshold = non_negative_number(threshold, "threshold", owner)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value,
                                threshold=self.threshold)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"max_value": self.max_value,
                       "negative_slope": self.negative_slope,
                       "threshold": self.threshold})
        return config
