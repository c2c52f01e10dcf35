"""`Activation`: applies an activation function to its input."""

from __future__ import annotations

from typing import Any

from cornu import activations
from cornu.layers.layer import Layer


class Activation(Layer):
    """Applies an activation function to its input.

    Args:
        activation: a callable or the name of a `cornu.activations`
            function (`"relu"`, `"softmax"`, ...).
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.Activation("relu")
    >>> layer(np.array([-3.0, -1.0, 0.0, 2.0]))
    array([0., 0., 0., 2.], dtype=float32)
    """

    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
