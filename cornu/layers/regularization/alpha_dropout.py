"""`AlphaDropout`: dropout that keeps the self-normalizing property of
SELU networks."""

from __future__ import annotations

from typing import Any

from cornu import ops, random
from cornu.layers.core.dropout import _standardize_noise_shape
from cornu.layers.layer import Layer
from cornu.layers.regularization import _checks

# SELU's constants: the negative saturation value is -_ALPHA * _SCALE.
_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Dropout for SELU networks: dropped entries are set to SELU's
    negative saturation value `-1.7581` instead of 0, and the result is
    shifted and scaled (`a * x + b`) so that the mean and variance of a
    standardized input are kept. Acts only with `training=True`.

    Args:
        rate: the fraction of entries to drop, in `[0, 1]`.
        noise_shape: the shape of the keep-mask, broadcast against the
            input; `None` entries take the input's size.
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
    >>> layer = cornu.layers.AlphaDropout(0.2, seed=0)
    >>> x = np.ones((2, 3), dtype="float32")
    >>> bool((np.asarray(layer(x)) == 1).all())
    True

    References:
        - [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515).
    """

    def __init__(self, rate: float, noise_shape: Any = None,
                 seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.rate = _checks.rate(rate, owner)
        self.seed = _checks.seed(seed, owner)
        self.noise_shape = _standardize_noise_shape(noise_shape)
        if self.rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, training: Any = False) -> Any:
        if not (training and self.rate > 0):
            return inputs
        shape = ops.shape(inputs)
        noise_shape = shape if self.noise_shape is None else tuple(
            s if n is None else n
            for n, s in zip(self.noise_shape, shape, strict=True))
        keep = ops.greater_equal(
            random.uniform(noise_shape, seed=self.seed_generator), self.rate)
        saturation = -_ALPHA * _SCALE
        a = ((1.0 - self.rate) * (1.0 + self.rate * saturation ** 2)) ** -0.5
        b = -a * saturation * self.rate
        dropped = ops.where(keep, inputs, saturation)
        return ops.add(ops.multiply(dropped, a), b)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed,
                       "noise_shape": self.noise_shape})
        return config
