"""`RandomFlip`: flips images horizontally and/or vertically at random."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.preprocessing._base_augmentation import BaseAugmentation

_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class RandomFlip(BaseAugmentation):
    """Flips each image with probability 1/2 during training.

    With `"horizontal_and_vertical"` one draw per image decides both flips
    (the image is rotated by 180 degrees or left alone), as in Keras 3.
    Outside training the input passes through.

    Args:
        mode: `"horizontal"` (left-right), `"vertical"` (up-down) or
            `"horizontal_and_vertical"`.
        seed: an int for reproducible draws.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: images, rank 3 or 4.
        training: whether to flip (default `False`).

    Example:
    >>> layer = cornu.layers.RandomFlip(seed=0)
    >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
    >>> layer(x, training=False)[0, :, :, 0]
    array([[0., 1.],
           [2., 3.]], dtype=float32)
    """

    _owner = "RandomFlip"

    def __init__(self, mode: str = "horizontal_and_vertical",
                 seed: int | None = None, data_format: str | None = None,
                 **kwargs: Any) -> None:
        if mode not in _MODES:
            raise ValueError(
                f"RandomFlip: `mode` must be one of {_MODES}. "
                f"Received: mode={mode!r}."
            )
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.mode = mode

    def augment(self, images):
        h_axis, w_axis = (1, 2) if self.data_format == "channels_last" else (
            2, 3)
        flip = self._uniform(images.shape[0], 0.0, 1.0) < 0.5
        flip = ops.reshape(flip, (-1, 1, 1, 1))
        flipped = images
        if self.mode in ("horizontal", "horizontal_and_vertical"):
            flipped = ops.flip(flipped, axis=w_axis)
        if self.mode in ("vertical", "horizontal_and_vertical"):
            flipped = ops.flip(flipped, axis=h_axis)
        return ops.where(flip, flipped, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config["mode"] = self.mode
        return config
