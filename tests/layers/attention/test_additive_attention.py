"""Tests for `AdditiveAttention`: scores, scale, masks, returned scores,
Keras 3 with the same weights, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers.attention import _cases


def _reference(use_scale):
    def reference(x, weights):
        q, v = x[0].astype("float64"), x[1].astype("float64")
        pairs = np.tanh(q[:, :, None, :] + v[:, None, :, :])
        if use_scale:
            pairs = pairs * weights[0]
        return _cases.softmax(pairs.sum(-1)) @ v
    return reference


@pytest.mark.parametrize("use_scale", [True, False])
def test_conformance(use_scale):
    check_layer(layers.AdditiveAttention, {"use_scale": use_scale},
                input_shape=[(2, 3, 4), (2, 5, 4)],
                expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=int(use_scale),
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=_reference(use_scale))


def test_value_mask_hides_positions():
    q, v, _, _, v_mask = _cases.inputs()
    _, scores = layers.AdditiveAttention(use_scale=False)(
        [q, v], mask=[None, v_mask], return_attention_scores=True)
    scores = ops.convert_to_numpy(scores)
    np.testing.assert_array_equal(scores[1, :, -2:], 0.0)
    np.testing.assert_allclose(scores.sum(-1), 1.0, rtol=1e-6)


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs, call_kwargs, use_key", [
    ({}, {}, False),
    ({"use_scale": False}, {"masks": True}, True),
    ({}, {"masks": True, "use_causal_mask": True}, True),
])
def test_matches_keras_with_same_weights(kwargs, call_kwargs, use_key):
    _cases.compare_with_keras("AdditiveAttention", kwargs, call_kwargs,
                              use_key)


def test_bad_arguments():
    with pytest.raises(TypeError, match="use_scale"):
        layers.AdditiveAttention(use_scale="yes")
    with pytest.raises(ValueError, match="seed"):
        layers.AdditiveAttention(seed=1.5)
