"""`GaussianDropout`: multiplicative 1-centered Gaussian noise while
training."""

from __future__ import annotations

import math
from typing import Any

from cornu import ops, random
from cornu.layers.layer import Layer
from cornu.layers.regularization import _checks


class GaussianDropout(Layer):
    """Multiplies the input by Gaussian noise of mean 1 and standard
    deviation `sqrt(rate / (1 - rate))` during training; the identity
    otherwise. This matches the mean and variance of ordinary dropout at
    the same rate.

    Args:
        rate: the equivalent drop probability, in `[0, 1)`.
        seed: an int for reproducible draws; `None` picks one at random.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: a tensor of any rank.
        training: whether to apply the noise (`True`) or pass through.

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.GaussianDropout(0.2, seed=0)
    >>> x = np.ones((2, 3), dtype="float32")
    >>> bool((np.asarray(layer(x)) == 1).all())
    True

    References:
        - [Srivastava et al., 2014](
          http://www.cs.toronto.edu/~rsalakhu/papers/srivastava14a.pdf).
    """

    def __init__(self, rate: float, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.rate = _checks.rate(rate, owner)
        self.seed = _checks.seed(seed, owner)
        if 0 < self.rate < 1:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and 0 < self.rate < 1:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = random.normal(ops.shape(inputs), mean=1.0, stddev=stddev,
                                  dtype=ops.dtype(inputs),
                                  seed=self.seed_generator)
            return ops.multiply(inputs, noise)
        return inputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
