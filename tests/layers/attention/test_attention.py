"""Tests for `Attention`: dot and concat scores, scale, masks, causal
masks, returned scores, Keras 3 with the same weights, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers.attention import _cases


def _reference(use_scale, score_mode):
    def reference(x, weights):
        q, v = x[0].astype("float64"), x[1].astype("float64")
        weights = list(weights)
        scale = weights.pop(0) if use_scale else None
        if score_mode == "dot":
            scores = q @ np.swapaxes(v, -1, -2)
            if scale is not None:
                scores = scores * scale
        else:
            pairs = q[:, :, None, :] + v[:, None, :, :]
            if scale is not None:
                pairs = pairs * scale
            scores = weights.pop(0) * np.tanh(pairs).sum(-1)
        return _cases.softmax(scores) @ v
    return reference


@pytest.mark.parametrize("use_scale, score_mode, n_weights", [
    (False, "dot", 0), (True, "dot", 1), (True, "concat", 2),
])
def test_conformance(use_scale, score_mode, n_weights):
    check_layer(layers.Attention,
                {"use_scale": use_scale, "score_mode": score_mode},
                input_shape=[(2, 3, 4), (2, 5, 4)],
                expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=n_weights,
                expected_num_non_trainable_weights=0,
                supports_masking=True,
                reference=_reference(use_scale, score_mode))


def test_masks_and_causal_mask():
    q, v, _, q_mask, v_mask = _cases.inputs(tq=4, tv=4)
    out, scores = layers.Attention()([q, v], mask=[q_mask, v_mask],
                                     use_causal_mask=True,
                                     return_attention_scores=True)
    out, scores = ops.convert_to_numpy(out), ops.convert_to_numpy(scores)
    allowed = v_mask[:, None, :] & np.tril(np.ones((4, 4), bool))[None]
    np.testing.assert_array_equal(scores[~allowed], 0.0)
    logits = np.where(allowed, q @ np.swapaxes(v, -1, -2), -np.inf)
    np.testing.assert_allclose(scores, _cases.softmax(logits), rtol=1e-5,
                               atol=1e-6)
    expected = (scores @ v) * q_mask[..., None]
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_output_mask_is_the_query_mask():
    q, v, _, q_mask, v_mask = _cases.inputs()
    layer = layers.Attention()
    assert layer.compute_mask([q, v], [q_mask, v_mask]) is q_mask
    assert layer.compute_mask([q, v], None) is None


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs, call_kwargs, use_key", [
    ({}, {}, False),
    ({"use_scale": True}, {"masks": True}, True),
    ({"score_mode": "concat", "use_scale": True},
     {"masks": True, "use_causal_mask": True}, False),
    ({"score_mode": "concat"}, {"use_causal_mask": True}, True),
])
def test_matches_keras_with_same_weights(kwargs, call_kwargs, use_key):
    _cases.compare_with_keras("Attention", kwargs, call_kwargs, use_key)


def test_dropout_only_in_training():
    q, v, *_ = _cases.inputs()
    layer = layers.Attention(dropout=0.5, seed=1)
    a = ops.convert_to_numpy(layer([q, v]))
    b = ops.convert_to_numpy(layer([q, v]))
    np.testing.assert_array_equal(a, b)
    c = ops.convert_to_numpy(layer([q, v], training=True))
    assert not np.allclose(a, c)


def test_bad_arguments():
    with pytest.raises(ValueError, match="score_mode"):
        layers.Attention(score_mode="add")
    with pytest.raises(ValueError, match="dropout"):
        layers.Attention(dropout=1.5)
    q, v, *_ = _cases.inputs()
    with pytest.raises(ValueError, match="query, value"):
        layers.Attention()(q)
    with pytest.raises(ValueError, match="mask"):
        layers.Attention()([q, v], mask=np.ones((2, 4), bool))
