"""`RandomZoom`: zooms images in or out at random in training."""

from __future__ import annotations

from typing import Any

from cornu.layers.preprocessing import _affine_ops as affine
from cornu.layers.preprocessing._base_augmentation import factor_range
from cornu.layers.preprocessing._base_geometric import BaseGeometric


class RandomZoom(BaseGeometric):
    """Zooms each image about its center by a random amount during
    training; outside training the input passes through.

    A factor `z` drawn from the range scales the sampled area by `1 + z`:
    positive values zoom out, negative values zoom in. Without
    `width_factor` the same draw serves both axes (the aspect ratio is
    kept). The numbers match Keras 3 for the same zoom.

    Args:
        height_factor: a number `f` (range `[-f, f]`) or a pair
            `(lower, upper)` with `lower > -1`.
        width_factor: the same for the width; `None` means use the height
            draw.
        fill_mode: `"reflect"`, `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` or `"nearest"`.
        seed: an int for reproducible draws.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: images, rank 3 or 4.
        training: whether to zoom (default `False`).

    Example:
    >>> layer = cornu.layers.RandomZoom((1.0, 1.0), fill_mode="constant")
    >>> x = np.ones((1, 3, 3, 1), dtype="float32")
    >>> layer(x, training=True)[0, :, :, 0]  # zoomed out: border filled
    array([[0., 0., 0.],
           [0., 1., 0.],
           [0., 0., 0.]], dtype=float32)
    """

    _owner = "RandomZoom"

    def __init__(self, height_factor: Any, width_factor: Any = None,
                 fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0,
                 data_format: str | None = None, **kwargs: Any) -> None:
        self._height_range = _zoom_range("height_factor", height_factor)
        self._width_range = (None if width_factor is None else
                             _zoom_range("width_factor", width_factor))
        super().__init__(fill_mode, interpolation, seed, fill_value,
                         data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor

    def transforms(self, batch: int, height: int, width: int):
        zy = 1.0 + self._uniform(batch, *self._height_range)
        zx = zy if self._width_range is None else (
            1.0 + self._uniform(batch, *self._width_range))
        return affine.zoom_transforms(zx, zy, height, width)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor,
                       "width_factor": self.width_factor})
        return config


def _zoom_range(name: str, value: Any) -> tuple[float, float]:
    pair = factor_range("RandomZoom", name, value, None, None)
    if pair[0] <= -1.0:
        raise ValueError(
            f"RandomZoom: `{name}` must keep the zoom `1 + factor` "
            f"positive (lower bound > -1). Received: {name}={value!r}."
        )
    return pair
