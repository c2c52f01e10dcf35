"""`RandomTranslation`: shifts images by a random offset in training."""

from __future__ import annotations

from typing import Any

from cornu.layers.preprocessing import _affine_ops as affine
from cornu.layers.preprocessing._base_augmentation import factor_range
from cornu.layers.preprocessing._base_geometric import BaseGeometric


class RandomTranslation(BaseGeometric):
    """Shifts each image by a random fraction of its height and width
    during training; outside training the input passes through.

    Positive shifts move the content down and right. The numbers match
    Keras 3 for the same shift on every fill mode and interpolation.

    Args:
        height_factor: a number `f` (shifts in `[-f, f] * height`) or a
            pair `(lower, upper)`, within `[-1, 1]`.
        width_factor: the same for the width.
        fill_mode: `"reflect"`, `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` or `"nearest"`.
        seed: an int for reproducible draws.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: images, rank 3 or 4.
        training: whether to shift (default `False`).

    Example:
    >>> layer = cornu.layers.RandomTranslation((0.5, 0.5), 0.0,
    ...                                        fill_mode="constant")
    >>> x = np.arange(1, 5, dtype="float32").reshape(1, 2, 2, 1)
    >>> layer(x, training=True)[0, :, :, 0]
    array([[0., 0.],
           [1., 2.]], dtype=float32)
    """

    _owner = "RandomTranslation"

    def __init__(self, height_factor: Any, width_factor: Any,
                 fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0,
                 data_format: str | None = None, **kwargs: Any) -> None:
        owner = "RandomTranslation"
        self._height_range = factor_range(owner, "height_factor",
                                          height_factor, -1.0, 1.0)
        self._width_range = factor_range(owner, "width_factor",
                                         width_factor, -1.0, 1.0)
        super().__init__(fill_mode, interpolation, seed, fill_value,
                         data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor

    def transforms(self, batch: int, height: int, width: int):
        dy = self._uniform(batch, *self._height_range) * height
        dx = self._uniform(batch, *self._width_range) * width
        return affine.translation_transforms(dx, dy)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor,
                       "width_factor": self.width_factor})
        return config
