"""Key-based random numbers on `jax.random`.

`seed` is a `uint32[2]` key tensor used directly as a threefry key, so the
same key gives the same numbers, and a traced key works under `jax.jit`.
A single integer `s` stands for the key `[0, s]` (`jax.random.PRNGKey(s)`);
`seed=None` draws a fresh key from NumPy's global generator (eager use).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from cornu.backend.common import dtypes
from cornu.backend.jax.core import convert_to_tensor as _t
from cornu.backend.jax.core import jax_dtype as _jdt


def _key(seed):
    """A typed threefry key from a `uint32[2]` key tensor."""
    if seed is None:
        seed = np.random.randint(0, 2**32, size=2, dtype=np.uint32)
    elif isinstance(seed, (int, np.integer)):
        seed = np.array([0, int(seed) % 2**32], dtype=np.uint32)
    key = _t(seed)
    if key.size == 1:
        key = jnp.stack([jnp.zeros((), key.dtype), key.reshape(())])
    if key.shape != (2,):
        raise ValueError(
            "`seed` must be a uint32[2] key tensor (or one integer). "
            f"Received a tensor of shape {key.shape}."
        )
    if key.dtype != jnp.uint32:
        key = key.astype(jnp.uint32)
    return jax.random.wrap_key_data(key, impl="threefry2x32")


def _float_dtype(dtype):
    name = dtypes.standardize_dtype(dtype)
    if not dtypes.is_float(name):
        raise ValueError(
            f"Expected a float dtype. Received: dtype={dtype!r}."
        )
    return _jdt(name)


def _shape(shape):
    return (int(shape),) if isinstance(shape, int) else tuple(shape)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform floats in `[minval, maxval)`."""
    d = _float_dtype(dtype)
    return jax.random.uniform(
        _key(seed), _shape(shape), d, minval=minval, maxval=maxval
    )


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal floats with `mean` and `stddev`."""
    d = _float_dtype(dtype)
    out = jax.random.normal(_key(seed), _shape(shape), d)
    return (out * stddev + mean).astype(d)


def random_truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None,
                            seed=None):
    """Normal floats, redrawn beyond two standard deviations."""
    d = _float_dtype(dtype)
    out = jax.random.truncated_normal(_key(seed), -2.0, 2.0, _shape(shape), d)
    return (out * stddev + mean).astype(d)


def random_randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers in `[minval, maxval)`."""
    d = _jdt(dtype)
    if not jnp.issubdtype(d, jnp.integer):
        raise ValueError(
            f"random_randint needs an integer dtype. Received: dtype={dtype!r}."
        )
    return jax.random.randint(_key(seed), _shape(shape), minval, maxval, d)


def random_categorical(logits, num_samples, dtype="int32", seed=None):
    """`num_samples` class indices per row of 2-D `logits`."""
    logits = _t(logits)
    if logits.ndim != 2:
        raise ValueError(
            "random_categorical needs logits of shape (batch, classes). "
            f"Received shape {logits.shape}."
        )
    out = jax.random.categorical(
        _key(seed), logits[:, None, :], axis=-1,
        shape=(logits.shape[0], int(num_samples)),
    )
    return out.astype(_jdt(dtype))


def random_shuffle(x, axis=0, seed=None):
    """`x` with its slices along `axis` in a random order."""
    return jax.random.permutation(_key(seed), _t(x), axis=axis,
                                  independent=False)
