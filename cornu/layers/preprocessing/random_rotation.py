"""`RandomRotation`: rotates images by a random angle in training."""

from __future__ import annotations

from typing import Any

from cornu.layers.preprocessing import _affine_ops as affine
from cornu.layers.preprocessing._base_augmentation import factor_range
from cornu.layers.preprocessing._base_geometric import BaseGeometric


class RandomRotation(BaseGeometric):
    """Rotates each image about its center by a random angle during
    training; outside training the input passes through.

    The angle is drawn uniformly from `factor * 2 pi`; positive angles
    rotate counter-clockwise. The numbers match Keras 3 for the same angle
    on every fill mode and interpolation.

    Args:
        factor: a number `f` (angles in `[-f, f] * 2 pi`) or a pair
            `(lower, upper)` of fractions of a full turn.
        fill_mode: how points outside the image are filled: `"reflect"`,
            `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` or `"nearest"`.
        seed: an int for reproducible draws.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: images, rank 3 or 4.
        training: whether to rotate (default `False`).

    Example:
    >>> layer = cornu.layers.RandomRotation((0.5, 0.5))  # half a turn
    >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
    >>> np.round(layer(x, training=True)[0, :, :, 0], 4)
    array([[3., 2.],
           [1., 0.]], dtype=float32)
    """

    _owner = "RandomRotation"

    def __init__(self, factor: Any, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, data_format: str | None = None,
                 **kwargs: Any) -> None:
        self._range = factor_range("RandomRotation", "factor", factor, None,
                                   None)
        super().__init__(fill_mode, interpolation, seed, fill_value,
                         data_format, **kwargs)
        self.factor = factor

    def transforms(self, batch: int, height: int, width: int):
        low, high = self._range
        angles = self._uniform(batch, low * affine.TWO_PI,
                               high * affine.TWO_PI)
        return affine.rotation_transforms(angles, height, width)

    def get_config(self) -> dict:
        config = super().get_config()
        config["factor"] = self.factor
        return config
