"""`cornu.random`: Keras 3's `keras.random` namespace.

An int `seed` gives the same numbers on every call; a `SeedGenerator` gives
a reproducible stream; `None` draws from the global generator that
`cornu.utils.set_random_seed` resets.
"""

from __future__ import annotations

import cornu.ops as o
import cornu.ops.nn as nn_ops
from cornu.backend.common import dtypes
from cornu.backend.common.primitives import shape_of
from cornu.random.seed_generator import (
    SeedGenerator,
    draw_seed,
    host_generator,
)

__all__ = [
    "SeedGenerator", "uniform", "normal", "truncated_normal", "randint",
    "categorical", "dropout", "shuffle", "gamma", "binomial", "beta",
]


def _shape(shape):
    return (int(shape),) if isinstance(shape, int) else tuple(
        int(d) for d in shape)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return o.random_uniform(_shape(shape), minval, maxval,
                            dtypes.standardize_dtype(dtype), draw_seed(seed))


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return o.random_normal(_shape(shape), mean, stddev,
                           dtypes.standardize_dtype(dtype), draw_seed(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return o.random_truncated_normal(
        _shape(shape), mean, stddev, dtypes.standardize_dtype(dtype),
        draw_seed(seed))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return o.random_randint(_shape(shape), minval, maxval,
                            dtypes.standardize_dtype(dtype), draw_seed(seed))


def categorical(logits, num_samples, dtype="int32", seed=None):
    return o.random_categorical(logits, num_samples,
                                dtypes.standardize_dtype(dtype),
                                draw_seed(seed))


def shuffle(x, axis=0, seed=None):
    return o.random_shuffle(x, axis, draw_seed(seed))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes entries with probability `rate` and scales the rest by
    `1 / (1 - rate)`. `noise_shape` broadcasts one draw (None entries take
    the input's size).

    The result is `inputs * mask` with `mask = keep / (1 - rate)` (`keep`:
    uniform draws `>= rate`), as `torch.nn.functional.dropout` and
    `tf.nn.dropout` (Keras's TensorFlow backend) compute it: a kept entry
    is `inputs` times the rounded scale (within an ulp or two of
    `inputs / (1 - rate)`), and a dropped `inf` or `nan` gives `nan`. On
    the CPU a product by a scaled mask costs a third less than a select,
    forward and backward."""
    shape = shape_of(inputs)
    if noise_shape is None:
        noise_shape = shape
    else:
        noise_shape = tuple(s if n is None else n
                            for n, s in zip(noise_shape, shape))
    return nn_ops.dropout(inputs, rate, _shape(noise_shape), draw_seed(seed))


def gamma(shape, alpha, dtype=None, seed=None):
    """Gamma samples, drawn on the host with NumPy's generator from the op's
    key (eager only: not traceable under `jax.jit`)."""
    rng = host_generator(seed)
    out = rng.gamma(alpha, size=_shape(shape))
    return o.convert_to_tensor(out, dtypes.standardize_dtype(dtype))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Binomial samples, drawn on the host (eager only)."""
    rng = host_generator(seed)
    out = rng.binomial(counts, probabilities, size=_shape(shape))
    return o.convert_to_tensor(out, dtypes.standardize_dtype(dtype))


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Beta samples, drawn on the host (eager only)."""
    rng = host_generator(seed)
    out = rng.beta(alpha, beta, size=_shape(shape))
    return o.convert_to_tensor(out, dtypes.standardize_dtype(dtype))
