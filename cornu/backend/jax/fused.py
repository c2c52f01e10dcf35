"""Engine-native fast paths for composite ops: `jax.nn`'s versions, which
carry custom derivatives with better numerics (softmax, logsumexp) and one
primitive each for XLA. Each is checked against the composite in
`tests/ops/test_nn.py` and `tests/ops/test_math.py`."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from cornu import config
from cornu.backend.jax.core import convert_to_tensor


def _float(x):
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return x


def _axes(axis):
    return axis if isinstance(axis, int) or axis is None else tuple(axis)


def softmax(x, axis=-1):
    return jax.nn.softmax(_float(x), axis=_axes(axis))


def log_softmax(x, axis=-1):
    return jax.nn.log_softmax(_float(x), axis=_axes(axis))


def logsumexp(x, axis=None, keepdims=False):
    return jax.nn.logsumexp(_float(x), axis=_axes(axis), keepdims=keepdims)


def sigmoid(x):
    return jax.nn.sigmoid(_float(x))


def silu(x):
    return jax.nn.silu(_float(x))


def softplus(x):
    return jax.nn.softplus(_float(x))


def log_sigmoid(x):
    return jax.nn.log_sigmoid(_float(x))


def gelu(x, approximate=True):
    return jax.nn.gelu(_float(x), approximate=approximate)


fused: dict = {
    "softmax": softmax,
    "log_softmax": log_softmax,
    "logsumexp": logsumexp,
    "sigmoid": sigmoid,
    "silu": silu,
    "softplus": softplus,
    "log_sigmoid": log_sigmoid,
    "gelu": gelu,
}
