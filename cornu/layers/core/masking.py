"""`Masking`: masks the timesteps whose features all equal a value."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.layer import Layer


class Masking(Layer):
    """Masks the timesteps in which every feature equals `mask_value`.

    The output mask (`compute_mask`) is `False` at those timesteps, and the
    layers after it that support masking (RNNs, merging layers, ...) skip
    them. The masked timesteps of the output are set to 0.

    Args:
        mask_value: the padding value.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, timesteps, features)` (any rank of 2 or more; the last
        axis holds the features).

    Output shape:
        The input's shape; the mask has the input's shape without the last
        axis.

    Example:
    >>> x = np.array([[[1.0], [0.0], [2.0]]], dtype="float32")
    >>> layer = cornu.layers.Masking(mask_value=0.0)
    >>> cornu.ops.convert_to_numpy(layer.compute_mask(x)).tolist()
    [[True, False, True]]
    """

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1,
                       keepdims=True)
        return ops.where(keep, inputs, ops.zeros_like(inputs))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
