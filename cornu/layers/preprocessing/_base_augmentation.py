"""`BaseAugmentation`: what the random image layers share: a seed and its
`SeedGenerator`, `data_format`, the training switch and the config."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import ops, random
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.layer import Layer


class BaseAugmentation(Layer):
    """Random image transformations that act only in training.

    Subclasses implement `augment(images)` on a batch of images `(batch,
    height, width, channels)` or `(batch, channels, height, width)` in the
    layer's compute dtype. `fit` passes `training=True`; `predict`,
    `evaluate` and a bare call run in inference, where the layer returns
    its input (cast to the compute dtype). Keras 3 augments on a bare call
    (its `training` defaults to `True`); in cornu pass `training=True` to
    augment outside `fit`. A single image (rank 3) is handled as a batch
    of one.
    """

    _owner = "BaseAugmentation"

    def __init__(self, seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any) -> None:
        if seed is not None and (not isinstance(seed, numbers.Integral)
                                 or isinstance(seed, bool)):
            raise ValueError(
                f"{self._owner}: `seed` must be an integer or None. "
                f"Received: seed={seed!r}."
            )
        data_format = check.standardize_data_format(data_format, self._owner)
        super().__init__(**kwargs)
        self.seed = seed
        self.data_format = data_format
        self.seed_generator = random.SeedGenerator(seed)
        self.built = True

    def call(self, inputs, training=False):
        x = ops.cast(inputs, self.compute_dtype)
        if not training:
            return self.inference(x)
        ndim = len(x.shape)
        if ndim not in (3, 4):
            raise ValueError(
                f"{self._owner} {self.name!r} expects images of rank 3 or "
                f"4. Received: input of shape {tuple(x.shape)}."
            )
        if ndim == 3:
            return ops.squeeze(self.augment(ops.expand_dims(x, 0)), 0)
        return self.augment(x)

    def inference(self, x):
        return x

    def augment(self, images):
        raise NotImplementedError

    def _spatial(self, shape) -> tuple[int, int]:
        if self.data_format == "channels_last":
            return shape[-3], shape[-2]
        return shape[-2], shape[-1]

    def _uniform(self, batch: int, low: float, high: float):
        return random.uniform((batch,), low, high, dtype="float32",
                              seed=self.seed_generator)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs, **kwargs):
        return SymbolicTensor(self.compute_output_shape(inputs.shape),
                              self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"seed": self.seed, "data_format": self.data_format})
        return config


def factor_range(owner: str, name: str, value: Any, low: float | None,
                 high: float | None, symmetric: bool = True
                 ) -> tuple[float, float]:
    """A number `f` as `(-f, f)` (or `(0, f)` when not `symmetric`), or a
    pair `(lower, upper)`, each within `[low, high]`."""
    message = (
        f"{owner}: `{name}` must be a number or a tuple `(lower, upper)` "
        f"with lower <= upper"
        + (f", within [{low}, {high}]" if low is not None else "")
        + f". Received: {name}={value!r}."
    )
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        pair = ((-float(value), float(value)) if symmetric
                else (0.0, float(value)))
        if value < 0:
            raise ValueError(message)
    elif isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(v, numbers.Real) and not isinstance(v, bool)
            for v in value):
        pair = (float(value[0]), float(value[1]))
    else:
        raise ValueError(message)
    if pair[0] > pair[1] or (low is not None and pair[0] < low) or (
            high is not None and pair[1] > high):
        raise ValueError(message)
    return pair
