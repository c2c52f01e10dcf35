"""`RandomCrop`: crops a random window of the target size in training."""

from __future__ import annotations

from typing import Any

from cornu import ops, random
from cornu.layers import _validation as check
from cornu.layers.preprocessing import _image_ops as image
from cornu.layers.preprocessing._base_augmentation import BaseAugmentation


class RandomCrop(BaseAugmentation):
    """Crops a random `(height, width)` window during training (one offset
    for the whole batch, as in Keras 3).

    Outside training, and in training when an image is smaller than the
    target, the layer crops the largest centered window with the target's
    aspect ratio and resizes it (bilinear) to the target, as Keras
    documents; so the output always has the target size. (Keras 3.15
    returns the input unchanged at inference.)

    Args:
        height: the output height.
        width: the output width.
        seed: an int for reproducible draws.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: images, rank 3 or 4.
        training: whether to crop at random (default `False`).

    Example:
    >>> layer = cornu.layers.RandomCrop(2, 2, seed=0)
    >>> layer(np.zeros((3, 5, 5, 1), dtype="float32"), training=True).shape
    (3, 2, 2, 1)
    """

    _owner = "RandomCrop"

    def __init__(self, height: int, width: int, seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any) -> None:
        self.height = check.positive_int(height, "height", "RandomCrop")
        self.width = check.positive_int(width, "width", "RandomCrop")
        super().__init__(seed=seed, data_format=data_format, **kwargs)

    def inference(self, x):
        if len(x.shape) not in (3, 4):
            raise ValueError(
                f"RandomCrop {self.name!r} expects images of rank 3 or 4. "
                f"Received: input of shape {tuple(x.shape)}."
            )
        height, width = self._spatial(x.shape)
        box = image.aspect_crop_box(height, width, self.height, self.width)
        x = image.crop(x, *box, self.data_format)
        return image.resize(x, self.height, self.width, "bilinear",
                            self.data_format)

    def augment(self, images):
        height, width = self._spatial(images.shape)
        if height < self.height or width < self.width:
            return self.inference(images)
        top = random.randint((), 0, height - self.height + 1,
                             seed=self.seed_generator)
        left = random.randint((), 0, width - self.width + 1,
                              seed=self.seed_generator)
        zero = ops.zeros((), "int32")
        if self.data_format == "channels_last":
            start = [zero, top, left, zero]
            shape = (images.shape[0], self.height, self.width,
                     images.shape[3])
        else:
            start = [zero, zero, top, left]
            shape = (images.shape[0], images.shape[1], self.height,
                     self.width)
        return ops.slice(images, ops.stack(start), shape)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        shape = list(input_shape)
        if self.data_format == "channels_last":
            shape[-3], shape[-2] = self.height, self.width
        else:
            shape[-2], shape[-1] = self.height, self.width
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
