"""Key-based random numbers on NumPy: the same uint32[2] key gives the same
numbers."""

from __future__ import annotations

import numpy as np

from cornu.backend.common import dtypes
from cornu.backend.numpy.core import convert_to_tensor as _t


def _rng(seed):
    key = np.asarray(seed, dtype=np.uint32).ravel()
    return np.random.default_rng([int(k) for k in key])


def _fdt(dtype):
    return dtypes.standardize_dtype(dtype)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    out = _rng(seed).uniform(minval, maxval, size=tuple(shape))
    return out.astype(_fdt(dtype))


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    out = _rng(seed).normal(mean, stddev, size=tuple(shape))
    return out.astype(_fdt(dtype))


def random_truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None,
                            seed=None):
    rng = _rng(seed)
    out = rng.standard_normal(size=tuple(shape))
    bad = np.abs(out) > 2.0
    while bad.any():
        out[bad] = rng.standard_normal(size=int(bad.sum()))
        bad = np.abs(out) > 2.0
    return (out * stddev + mean).astype(_fdt(dtype))


def random_randint(shape, minval, maxval, dtype="int32", seed=None):
    out = _rng(seed).integers(minval, maxval, size=tuple(shape))
    return out.astype(dtypes.standardize_dtype(dtype))


def random_categorical(logits, num_samples, dtype="int32", seed=None):
    logits = _t(logits).astype(np.float64)
    rng = _rng(seed)
    gumbel = -np.log(-np.log(rng.uniform(
        1e-20, 1.0, size=(logits.shape[0], num_samples, logits.shape[1]))))
    out = np.argmax(logits[:, None, :] + gumbel, axis=-1)
    return out.astype(dtypes.standardize_dtype(dtype))


def random_shuffle(x, axis=0, seed=None):
    x = _t(x)
    perm = _rng(seed).permutation(x.shape[axis])
    return np.take(x, perm, axis=axis)
