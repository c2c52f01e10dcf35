"""Tests for `CategoryEncoding`: conformance, the three modes and their
shapes against Keras 3, `count_weights`, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def _one_hot(x, n):
    return np.eye(n, dtype="float32")[x]


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_conformance(mode):
    x = np.array([[0, 3], [1, 1], [2, 0]], dtype="int32")
    hot = _one_hot(x, 5)
    expected = {"one_hot": hot, "multi_hot": hot.max(1),
                "count": hot.sum(1)}[mode]
    check_layer(layers.CategoryEncoding,
                {"num_tokens": 5, "output_mode": mode}, input_data=x,
                expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                reference=lambda x, w: expected)


@pytest.mark.oracle
@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
@pytest.mark.parametrize("shape", [(4,), (4, 1), (4, 3), (2, 3, 2)])
def test_matches_keras(mode, shape):
    x = np.random.default_rng(1).integers(0, 4, size=shape).astype("int32")
    kwargs = {"num_tokens": 4, "output_mode": mode}
    ours = layers.CategoryEncoding(**kwargs)
    theirs = keras_layer("CategoryEncoding", kwargs)
    expected = keras_output(theirs, x)
    np.testing.assert_array_equal(ops.convert_to_numpy(ours(x)), expected)
    assert ours.compute_output_shape(shape) == expected.shape
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


def test_count_weights():
    layer = layers.CategoryEncoding(4, output_mode="count")
    out = layer(np.array([[0, 3], [1, 1]]),
                count_weights=np.array([[0.5, 2.0], [1.0, 3.0]]))
    np.testing.assert_allclose(ops.convert_to_numpy(out),
                               [[0.5, 0, 0, 2.0], [0, 4.0, 0, 0]])


def test_errors():
    with pytest.raises(ValueError, match="num_tokens"):
        layers.CategoryEncoding()
    with pytest.raises(ValueError, match="num_tokens"):
        layers.CategoryEncoding(0)
    with pytest.raises(ValueError, match="output_mode"):
        layers.CategoryEncoding(3, output_mode="tf_idf")
    with pytest.raises(NotImplementedError, match="sparse"):
        layers.CategoryEncoding(3, sparse=True)
    with pytest.raises(ValueError, match="count_weights"):
        layers.CategoryEncoding(3)(np.array([[1]]),
                                   count_weights=np.array([[1.0]]))
