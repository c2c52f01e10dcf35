"""Tests for `TimeDistributed`: conformance, Keras 3 with the same weights,
masks and training flags passed through, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff
from tests.layers.rnn._reference import keras_call, keras_wrapped

SHAPE = (2, 5, 4)
X = np.random.default_rng(8).standard_normal(SHAPE).astype("float32")


def test_conformance_and_numpy_reference():
    def reference(x, weights):
        return np.maximum(x @ weights[0] + weights[1], 0)

    check_layer(layers.TimeDistributed,
                {"layer": layers.Dense(3, activation="relu")},
                input_shape=SHAPE, expected_output_shape=(2, 5, 3),
                expected_num_trainable_weights=2,
                expected_num_non_trainable_weights=0, reference=reference,
                supports_masking=True)


@pytest.mark.oracle
@pytest.mark.parametrize("inner", ["dense", "conv"])
def test_matches_keras_with_same_weights(inner):
    shape = SHAPE if inner == "dense" else (2, 3, 6, 6, 2)
    x = np.random.default_rng(9).standard_normal(shape).astype("float32")

    def make(lib):
        child = (lib.layers.Dense(3, name="child") if inner == "dense"
                 else lib.layers.Conv2D(4, 3, name="child"))
        return lib.layers.TimeDistributed(child, name="td")

    layer = make(cornu)
    out = ops.convert_to_numpy(layer(x))
    theirs = keras_wrapped(make, shape, layer.get_weights())
    np.testing.assert_allclose(out, keras_call(theirs, x), rtol=1e-5,
                               atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}
    sym = layer(layers.Input(shape=shape[1:]))
    assert sym.shape == (None, *out.shape[1:])


def test_training_flag_reaches_the_layer():
    layer = layers.TimeDistributed(layers.Dropout(0.5, seed=1))
    ones = np.ones(SHAPE, dtype="float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(ones)), ones)
    if cornu.backend.engine().trainable:
        dropped = ops.convert_to_numpy(layer(ones, training=True))
        assert set(np.unique(dropped)) <= {0.0, 2.0}
        assert (dropped == 0).any()


def test_errors():
    with pytest.raises(ValueError, match="layer"):
        layers.TimeDistributed("dense")
    with pytest.raises(ValueError, match="rank 3"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))
