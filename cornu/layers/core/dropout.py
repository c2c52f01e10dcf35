"""`Dropout`: zeroes random entries during training."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import ops, random
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer


class Dropout(Layer):
    """Sets input entries to 0 with probability `rate` during training and
    scales the others by `1 / (1 - rate)`, so the expected sum is unchanged.

    Dropout acts only when the layer is called with `training=True` (as
    `fit` does); otherwise it returns its input unchanged. `trainable` has
    no effect: the layer has no weights.

    Args:
        rate: the fraction of entries to drop, in `[0, 1]`.
        noise_shape: the shape of the random keep-mask, broadcast against
            the input; `None` entries take the input's size. For inputs
            `(batch, timesteps, features)`, `(None, 1, None)` drops the
            same features at every timestep.
        seed: an int for reproducible draws; `None` picks one at random.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: a tensor of any rank.
        training: whether to drop (`True`) or pass through.

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.Dropout(0.5, seed=1)
    >>> x = np.ones((2, 3), dtype="float32")
    >>> bool((layer(x) == x).all())
    True
    """

    def __init__(self, rate: float, noise_shape: Any = None,
                 seed: int | None = None, **kwargs: Any) -> None:
        if (not isinstance(rate, numbers.Real) or isinstance(rate, bool)
                or not 0 <= rate <= 1):
            raise ValueError(
                "Dropout: `rate` must be a float between 0 and 1. "
                f"Received: rate={rate!r}."
            )
        if seed is not None and (not isinstance(seed, numbers.Integral)
                                 or isinstance(seed, bool)):
            raise ValueError(
                "Dropout: `seed` must be an integer or None. "
                f"Received: seed={seed!r}."
            )
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed
        self.noise_shape = _standardize_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate == 1:
            # Everything dropped; avoids `x / 0` (NaN gradients).
            return ops.zeros_like(inputs)
        if training and self.rate > 0:
            return random.dropout(inputs, self.rate,
                                  noise_shape=self.noise_shape,
                                  seed=self.seed_generator)
        return inputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs, **kwargs):
        # The input's dtype, not the layer's: this layer moves values only.
        return SymbolicTensor(self.compute_output_shape(inputs.shape),
                              inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "rate": self.rate,
            "seed": self.seed,
            "noise_shape": self.noise_shape,
        })
        return config


def _standardize_noise_shape(noise_shape: Any) -> tuple | None:
    if noise_shape is None:
        return None
    message = (
        "Dropout: `noise_shape` must be a tuple of positive integers or "
        f"None entries. Received: noise_shape={noise_shape!r}."
    )
    if isinstance(noise_shape, str):
        raise ValueError(message)
    try:
        dims = tuple(noise_shape)
    except TypeError:
        raise ValueError(message) from None
    for dim in dims:
        if dim is None:
            continue
        if not isinstance(dim, numbers.Integral) or isinstance(
                dim, bool) or dim <= 0:
            raise ValueError(message)
    return tuple(None if d is None else int(d) for d in dims)
