"""Tests for `Softmax`: axes, masks, Keras 3 values, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [-1, 1, (1, 2)])
def test_conformance(axis):
    check_layer(layers.Softmax, {"axis": axis}, input_shape=(2, 3, 4),
                expected_output_shape=(2, 3, 4), supports_masking=True,
                expected_num_trainable_weights=0,
                reference=lambda x, w: _softmax(x, axis))


def test_mask_zeroes_masked_entries():
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], "float32")
    mask = np.array([[True, False, True], [False, False, False]])
    out = ops.convert_to_numpy(layers.Softmax()(x, mask=mask))
    expected = np.zeros_like(x)
    expected[0, [0, 2]] = _softmax(x[0, [0, 2]], -1)
    np.testing.assert_allclose(out, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.oracle
@pytest.mark.parametrize("axis", [-1, 0, (0, 1)])
def test_matches_keras(axis):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5)).astype("float32")
    mask = rng.random((2, 5)) > 0.3
    ours = layers.Softmax(axis=axis, name="s")
    theirs = keras_layer("Softmax", {"axis": axis, "name": "s"})
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x, mask=mask)),
                               keras_output(theirs, x, mask=mask),
                               rtol=1e-6, atol=1e-7)
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


@pytest.mark.parametrize("axis", ["last", 1.5, ()])
def test_bad_axis(axis):
    with pytest.raises(TypeError, match="axis"):
        layers.Softmax(axis=axis)
