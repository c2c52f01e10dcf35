"""Tests for `GRUCell` and `GRU`: conformance, a NumPy reference, Keras 3
with the same weights (both reset variants), the native kernel against the
cell loop, and argument errors."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.rnn._reference import gru_step, run

SHAPE = (2, 5, 4)
X = np.random.default_rng(3).standard_normal(SHAPE).astype("float32")

CASES = {
    "default": {"units": 3, "bias_initializer": "random_normal"},
    "sequences_backwards": {"units": 3, "return_sequences": True,
                            "go_backwards": True},
    "reset_before": {"units": 3, "reset_after": False,
                     "bias_initializer": "random_normal"},
    "no_bias": {"units": 3, "use_bias": False},
    "relu": {"units": 3, "activation": "relu", "return_sequences": True},
}


@pytest.mark.parametrize("case", ["default", "reset_before"])
def test_conformance_and_numpy_reference(case):
    kwargs = CASES[case]
    step = functools.partial(gru_step,
                             reset_after=kwargs.get("reset_after", True))

    def reference(x, weights):
        return run(lambda x, s, w: step(x, s, w), x, weights, 1, 3)

    check_layer(layers.GRU, kwargs, input_shape=SHAPE,
                expected_output_shape=(2, 3),
                expected_num_trainable_weights=3,
                expected_num_non_trainable_weights=0, reference=reference,
                supports_masking=True)


def test_bias_shapes():
    after = layers.GRU(3)
    after.build((None, 5, 4))
    assert [tuple(w.shape) for w in after.weights] == [(4, 9), (3, 9),
                                                       (2, 9)]
    before = layers.GRUCell(3, reset_after=False)
    before.build((None, 4))
    assert tuple(before.bias.shape) == (9,)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    kwargs = {**CASES[case], "name": "gru_oracle"}
    layer = layers.GRU(**kwargs)
    out = ops.convert_to_numpy(layer(X))
    theirs = keras_layer("GRU", kwargs, SHAPE, layer.get_weights())
    np.testing.assert_allclose(out, keras_output(theirs, X), rtol=1e-5,
                               atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


def test_native_kernel_matches_cell_loop():
    layer = layers.GRU(3, return_sequences=True, return_state=True,
                       bias_initializer="random_normal")
    fast = layer(X)
    loop = layers.RNN.call(layer, ops.convert_to_tensor(X))
    for a, b in zip(fast, loop, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a),
                                   ops.convert_to_numpy(b), rtol=1e-5,
                                   atol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match="units"):
        layers.GRU(0)
    with pytest.raises(ValueError, match="units"):
        layers.GRUCell(1.5)
    with pytest.raises(ValueError, match="dropout"):
        layers.GRU(3, dropout="high")
