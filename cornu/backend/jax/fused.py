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


def dot_product_attention(query, key, value, bias=None, mask=None,
                          scale=None, is_causal=False, flash_attention=None,
                          attn_logits_soft_cap=None):
    """`jax.nn.dot_product_attention` (XLA's fused kernel), same layout."""
    if attn_logits_soft_cap is not None or (
            convert_to_tensor(value).shape[-1]
            != convert_to_tensor(query).shape[-1]):
        # JAX's kernel wants one head size for query, key and value.
        from cornu.ops import nn

        return nn.dot_product_attention.composite(
            query, key, value, bias, mask, scale, is_causal, flash_attention,
            attn_logits_soft_cap)
    query, key, value = (_float(t) for t in (query, key, value))
    if mask is not None:
        mask = convert_to_tensor(mask).astype(bool)
        mask = jnp.broadcast_to(mask, (query.shape[0], query.shape[2],
                                       query.shape[1], key.shape[1]))
    if bias is not None:
        bias = convert_to_tensor(bias).astype(query.dtype)
    return jax.nn.dot_product_attention(query, key, value, bias=bias,
                                        mask=mask, scale=scale,
                                        is_causal=is_causal)


fused: dict = {
    "softmax": softmax,
    "log_softmax": log_softmax,
    "logsumexp": logsumexp,
    "sigmoid": sigmoid,
    "silu": silu,
    "softplus": softplus,
    "log_sigmoid": log_sigmoid,
    "gelu": gelu,
    "dot_product_attention": dot_product_attention,
}
