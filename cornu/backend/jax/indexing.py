"""Indexing primitives on jax: take, getitem, slices and scatters.

All trace under `jax.jit`, except boolean-mask indexing in `getitem`, whose
result shape depends on the data.
"""

from __future__ import annotations

import builtins

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from cornu.backend.jax.core import convert_to_tensor as _t


def _index(indices):
    indices = _t(indices)
    if not jnp.issubdtype(indices.dtype, jnp.integer):
        indices = indices.astype(jnp.int32)
    return indices


def take(x, indices, axis=None):
    """`np.take`; negative indices count from the end."""
    return jnp.take(_t(x), _index(indices), axis=axis)


def take_along_axis(x, indices, axis=None):
    """`np.take_along_axis`."""
    return jnp.take_along_axis(_t(x), _index(indices), axis=axis)


def _key(key):
    """A key jax accepts: lists become index arrays, as in NumPy."""
    if isinstance(key, tuple):
        return tuple(_key(k) for k in key)
    if key is None or key is Ellipsis or isinstance(key, (int, builtins.slice)):
        return key
    if isinstance(key, jax.Array):
        return key
    if isinstance(key, (list, np.ndarray, np.generic)):
        return np.asarray(key)
    return _t(key)


def getitem(x, key):
    """`x[key]` with NumPy basic and integer/boolean array indexing."""
    return _t(x)[_key(key)]


def _starts(start_indices, n):
    if isinstance(start_indices, (jax.Array, np.ndarray)):
        return [start_indices[i] for i in range(n)]
    return list(start_indices)


def slice(x, start_indices, shape):
    """`x[start:start+shape]` on every axis; starts may be traced."""
    x = _t(x)
    return lax.dynamic_slice(
        x, _starts(start_indices, x.ndim), tuple(int(s) for s in shape)
    )


def slice_update(x, start_indices, updates):
    """`x` with `x[start:start+updates.shape] = updates`."""
    x = _t(x)
    updates = _t(updates, x.dtype)
    return lax.dynamic_update_slice(
        x, updates, _starts(start_indices, x.ndim)
    )


def _scatter_key(indices):
    return tuple(jnp.moveaxis(_index(indices), -1, 0))


def scatter(indices, values, shape):
    """`zeros(shape)` with `values` added at `indices` (`(..., ndim)`)."""
    values = _t(values)
    out = jnp.zeros(tuple(shape), values.dtype)
    return out.at[_scatter_key(indices)].add(values)


def scatter_update(x, indices, updates):
    """`x` with `x[indices] = updates`."""
    x = _t(x)
    return x.at[_scatter_key(indices)].set(_t(updates, x.dtype))
