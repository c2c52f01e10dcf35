"""`RandomBrightness`: adds a random offset to each image's values."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.preprocessing._base_augmentation import (
    BaseAugmentation,
    factor_range,
)


class RandomBrightness(BaseAugmentation):
    """Adds `delta * (value_range[1] - value_range[0])` to each image during
    training, with `delta` drawn uniformly from the factor range, then
    clips to `value_range`. Outside training the input passes through.

    Args:
        factor: a number `f` in `[0, 1]` (range `(-f, f)`) or a pair
            `(lower, upper)` within `[-1, 1]`.
        value_range: the `(min, max)` of the pixel values.
        seed: an int for reproducible draws.
        **kwargs: base `Layer` arguments (`name`, `dtype`, `data_format`).

    Call arguments:
        inputs: images, rank 3 or 4.
        training: whether to change the brightness (default `False`).

    Example:
    >>> layer = cornu.layers.RandomBrightness((0.1, 0.1), seed=0)
    >>> x = np.array([[[[0.0], [250.0]]]], dtype="float32")
    >>> layer(x, training=True)[0, 0, :, 0]
    array([ 25.5, 255. ], dtype=float32)
    """

    _owner = "RandomBrightness"

    def __init__(self, factor: Any, value_range: Any = (0, 255),
                 seed: int | None = None, **kwargs: Any) -> None:
        self._factor = factor_range("RandomBrightness", "factor", factor,
                                    -1.0, 1.0)
        self.value_range = _check_value_range("RandomBrightness",
                                              value_range)
        super().__init__(seed=seed, **kwargs)
        self.factor = factor

    def augment(self, images):
        low, high = self.value_range
        delta = self._uniform(images.shape[0], *self._factor) * (high - low)
        delta = ops.cast(ops.reshape(delta, (-1, 1, 1, 1)), images.dtype)
        return ops.clip(images + delta, low, high)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor,
                       "value_range": list(self.value_range)})
        return config


def _check_value_range(owner: str, value: Any) -> tuple[float, float]:
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, (int, float)) for v in value)
            or value[0] >= value[1]):
        raise ValueError(
            f"{owner}: `value_range` must be a pair `(min, max)` with "
            f"min < max. Received: value_range={value!r}."
        )
    return (value[0], value[1])
