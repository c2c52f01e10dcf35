"""`TimeDistributed`: applies a layer to every timestep of a sequence."""

from __future__ import annotations

import inspect
from typing import Any

from cornu import ops
from cornu.layers.layer import Layer


class TimeDistributed(Layer):
    """Applies `layer` to each step of the time axis (axis 1), with the
    same weights at every step.

    The steps are folded into the batch axis, `(batch * time, ...)`, for
    one call of `layer`, then unfolded. (A layer whose training output
    depends on the whole batch, such as `BatchNormalization`, therefore
    sees all steps at once; Keras calls it once per step.)

    Args:
        layer: the layer to apply.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: `(batch, time, ...)`.
        training: passed to `layer` when it takes it.
        mask: `(batch, time, ...)` booleans, passed to `layer` (folded
            the same way) when it takes one.

    Input shape:
        `(batch, time, ...)`, rank 3 or more.

    Output shape:
        `(batch, time, ...)` with `layer`'s output shape for each step.

    Example:
    >>> layer = cornu.layers.TimeDistributed(cornu.layers.Dense(4))
    >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
    (2, 5, 4)
    """

    def __init__(self, layer: Any, **kwargs: Any) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                "TimeDistributed: `layer` must be a cornu layer. "
                f"Received: layer={layer!r}."
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True
        params = inspect.signature(layer.call).parameters
        self._passes_training = "training" in params
        self._passes_mask = "mask" in params

    def _step_shape(self, input_shape: tuple) -> tuple:
        shape = tuple(input_shape)
        if len(shape) < 3:
            raise ValueError(
                f"TimeDistributed layer {self.name!r} expects inputs of "
                "rank 3 or more, `(batch, time, ...)`. Received: "
                f"input_shape={shape}."
            )
        return (shape[0], *shape[2:])

    def build(self, input_shape: tuple) -> None:
        step = self._step_shape(input_shape)
        if not self.layer.built:
            self.layer.build(step)
            self.layer.built = True
            self.layer._build_shapes = step  # Keras saves it.
        self.built = True

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        step_out = self.layer.compute_output_shape(
            self._step_shape(input_shape))
        return (input_shape[0], input_shape[1], *tuple(step_out)[1:])

    def call(self, inputs, training=None, mask=None):
        shape = ops.shape(inputs)
        self._step_shape(shape)
        kwargs = {}
        if self._passes_training and training is not None:
            kwargs["training"] = training
        if self._passes_mask and mask is not None:
            kwargs["mask"] = ops.reshape(mask, (-1, *ops.shape(mask)[2:]))
        folded = ops.reshape(inputs, (-1, *shape[2:]))
        outputs = self.layer(folded, **kwargs)
        return ops.reshape(outputs, (shape[0], shape[1],
                                     *ops.shape(outputs)[1:]))

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config["layer"] = serialize_keras_object(self.layer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        config["layer"] = deserialize_keras_object(config["layer"],
                                                   custom_objects)
        return super().from_config(config)
