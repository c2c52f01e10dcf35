"""`GaussianNoise`: additive zero-centered Gaussian noise while training."""

from __future__ import annotations

from typing import Any

from cornu import ops, random
from cornu.layers.layer import Layer
from cornu.layers.regularization import _checks


class GaussianNoise(Layer):
    """Adds zero-centered Gaussian noise of standard deviation `stddev`
    during training; the identity otherwise.

    Args:
        stddev: the standard deviation of the noise, non-negative. (Keras 3
            also rejects values above 1; cornu accepts them.)
        seed: an int for reproducible draws; `None` picks one at random.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: a tensor of any rank.
        training: whether to add noise (`True`) or pass through.

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.GaussianNoise(0.1, seed=0)
    >>> x = np.zeros((2, 3), dtype="float32")
    >>> bool((np.asarray(layer(x)) == 0).all())
    True
    >>> bool((np.asarray(layer(x, training=True)) != 0).all())
    True
    """

    def __init__(self, stddev: float, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.stddev = _checks.non_negative(stddev, owner, "stddev")
        self.seed = _checks.seed(seed, owner)
        if self.stddev > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and self.stddev > 0:
            noise = random.normal(ops.shape(inputs), mean=0.0,
                                  stddev=self.stddev,
                                  dtype=ops.dtype(inputs),
                                  seed=self.seed_generator)
            return ops.add(inputs, noise)
        return inputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
