"""`RandomContrast`: scales each image's deviation from its mean."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.preprocessing._base_augmentation import BaseAugmentation
from cornu.layers.preprocessing.random_brightness import _check_value_range


class RandomContrast(BaseAugmentation):
    """During training, maps each image to
    `(x - mean) * c + mean`, clipped to `value_range`, where `mean` is the
    image's per-channel mean and `c` is drawn uniformly from
    `[1 - lower, 1 + upper]`. Outside training the input passes through.

    Args:
        factor: a number `f` (range `[1 - f, 1 + f]`) or a pair
            `(lower, upper)`; `lower` must be in `[0, 1]`.
        value_range: the `(min, max)` of the pixel values.
        seed: an int for reproducible draws.
        **kwargs: base `Layer` arguments (`name`, `dtype`, `data_format`).

    Call arguments:
        inputs: images, rank 3 or 4.
        training: whether to change the contrast (default `False`).

    Example:
    >>> layer = cornu.layers.RandomContrast(0.5, seed=0)
    >>> x = np.full((1, 2, 2, 1), 7.0, dtype="float32")
    >>> bool((layer(x, training=True) == x).all())  # flat images stay
    True
    """

    _owner = "RandomContrast"

    def __init__(self, factor: Any, value_range: Any = (0, 255),
                 seed: int | None = None, **kwargs: Any) -> None:
        if isinstance(factor, (int, float)) and not isinstance(factor, bool):
            lower = upper = float(factor)
        elif isinstance(factor, (list, tuple)):
            lower, upper = _pair(factor)
        else:
            lower = upper = -1.0  # rejected below
        if not 0 <= lower <= 1 or upper < 0:
            raise ValueError(
                "RandomContrast: `factor` must give a lower bound in [0, 1] "
                "and a non-negative upper bound (the contrast is drawn from "
                f"[1 - lower, 1 + upper]). Received: factor={factor!r}."
            )
        self._range = (1.0 - lower, 1.0 + upper)
        self.value_range = _check_value_range("RandomContrast", value_range)
        super().__init__(seed=seed, **kwargs)
        self.factor = factor

    def augment(self, images):
        axes = (1, 2) if self.data_format == "channels_last" else (2, 3)
        scale = ops.reshape(self._uniform(images.shape[0], *self._range),
                            (-1, 1, 1, 1))
        mean = ops.mean(images, axis=axes, keepdims=True)
        out = (images - mean) * ops.cast(scale, images.dtype) + mean
        return ops.clip(out, *self.value_range)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor,
                       "value_range": list(self.value_range)})
        return config


def _pair(factor) -> tuple[float, float]:
    if len(factor) != 2 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool)
            for v in factor):
        raise ValueError(
            "RandomContrast: `factor` must be a number or a pair "
            f"`(lower, upper)`. Received: factor={factor!r}."
        )
    return float(factor[0]), float(factor[1])
