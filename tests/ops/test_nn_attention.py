"""`ops.dot_product_attention`: the composite against NumPy and Keras 3,
and the engine's fused kernel (torch's `scaled_dot_product_attention`,
`jax.nn.dot_product_attention`) against the composite."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import ops
from tests._oracle import keras_call

RNG = np.random.default_rng(0)
Q = RNG.standard_normal((2, 3, 2, 4)).astype("float32")
K = RNG.standard_normal((2, 5, 2, 4)).astype("float32")
V = RNG.standard_normal((2, 5, 2, 4)).astype("float32")
V6 = RNG.standard_normal((2, 5, 2, 6)).astype("float32")
MASK = RNG.random((2, 1, 3, 5)) > 0.3
MASK[..., 0] = True  # no fully hidden row
BIAS = RNG.standard_normal((2, 2, 3, 5)).astype("float32")

CASES = {
    "plain": ({}, V),
    "mask": ({"mask": MASK}, V),
    "causal": ({"is_causal": True}, V),
    "mask_and_causal": ({"mask": MASK, "is_causal": True}, V),
    "bias_and_scale": ({"bias": BIAS, "scale": 0.3}, V),
    "soft_cap": ({"attn_logits_soft_cap": 2.0}, V),
    "value_head_size": ({"mask": MASK}, V6),
}


def _numpy(q, k, v, bias=None, mask=None, scale=None, is_causal=False,
           attn_logits_soft_cap=None):
    q, k, v = (np.swapaxes(t.astype("float64"), 1, 2) for t in (q, k, v))
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    logits = q @ np.swapaxes(k, -1, -2) * scale
    if bias is not None:
        logits = logits + bias
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * np.tanh(logits / attn_logits_soft_cap)
    allowed = np.ones(logits.shape, bool)
    if mask is not None:
        allowed &= mask
    if is_causal:
        allowed &= np.tril(np.ones(logits.shape[-2:], bool))
    logits = np.where(allowed, logits, -np.inf)
    e = np.exp(logits - logits.max(-1, keepdims=True))
    return np.swapaxes((e / e.sum(-1, keepdims=True)) @ v, 1, 2)


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_numpy(case):
    kwargs, value = CASES[case]
    out = ops.dot_product_attention(Q, K, value, **kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(out),
                               _numpy(Q, K, value, **kwargs), rtol=1e-5,
                               atol=1e-5)


@pytest.mark.parametrize("case", sorted(CASES))
def test_fused_matches_composite(case):
    if "dot_product_attention" not in cornu.backend.engine().fused:
        pytest.skip("no fused kernel on this engine")
    kwargs, value = CASES[case]
    fast = ops.dot_product_attention(Q, K, value, **kwargs)
    slow = ops.dot_product_attention.composite(
        *(ops.convert_to_tensor(t) for t in (Q, K, value)), **kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(fast),
                               ops.convert_to_numpy(slow), rtol=1e-5,
                               atol=1e-5)


@pytest.mark.oracle
@pytest.mark.parametrize("case", ["plain", "mask", "causal",
                                  "bias_and_scale"])
def test_matches_keras(case):
    # (Keras 3 soft-caps logits only on TPU, so that case has no oracle.)
    kwargs, value = CASES[case]
    theirs = keras_call("dot_product_attention", Q, K, value, **kwargs)
    ours = ops.dot_product_attention(Q, K, value, **kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(ours), theirs,
                               rtol=1e-5, atol=1e-5)


def test_symbolic_shape():
    q = cornu.layers.Input(batch_shape=(None, 3, 2, 4))
    k = cornu.layers.Input(batch_shape=(None, 5, 2, 4))
    v = cornu.layers.Input(batch_shape=(None, 5, 2, 6))
    out = ops.dot_product_attention(q, k, v, is_causal=True)
    assert tuple(out.shape) == (None, 3, 2, 6)


def test_fully_hidden_row_averages_uniformly():
    # As the composite: no NaN when every key is hidden from a query.
    mask = np.ones((1, 1, 3, 5), bool)
    mask[..., 1, :] = False
    out = ops.convert_to_numpy(ops.dot_product_attention(
        Q[:1], K[:1], V[:1], mask=mask))
    np.testing.assert_allclose(out[0, 1], V[0].mean(0), rtol=1e-5,
                               atol=1e-6)
