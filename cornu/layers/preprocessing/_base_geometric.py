"""`BaseGeometric`: the random affine layers (rotation, translation,
zoom): one transform per image, sampled with a fill mode."""

from __future__ import annotations

import numbers
from typing import Any

from cornu.layers.preprocessing import _affine_ops as affine
from cornu.layers.preprocessing._base_augmentation import BaseAugmentation


class BaseGeometric(BaseAugmentation):
    """Subclasses implement `transforms(batch, height, width)`, returning
    the `(batch, 6)` output-to-input maps of `_affine_ops`."""

    def __init__(self, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, data_format: str | None = None,
                 **kwargs: Any) -> None:
        affine.check_fill_and_interpolation(self._owner, fill_mode,
                                            interpolation)
        if not isinstance(fill_value, numbers.Real) or isinstance(
                fill_value, bool):
            raise ValueError(
                f"{self._owner}: `fill_value` must be a number. "
                f"Received: fill_value={fill_value!r}."
            )
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def transforms(self, batch: int, height: int, width: int):
        raise NotImplementedError

    def augment(self, images):
        height, width = self._spatial(images.shape)
        return affine.affine_transform(
            images, self.transforms(images.shape[0], height, width),
            self.interpolation, self.fill_mode, self.fill_value,
            self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"fill_mode": self.fill_mode,
                       "interpolation": self.interpolation,
                       "fill_value": self.fill_value})
        return config
