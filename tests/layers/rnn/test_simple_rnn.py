"""Tests for `SimpleRNNCell` and `SimpleRNN`: conformance, a NumPy
reference, Keras 3 with the same weights, and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.rnn._reference import run, simple_rnn_step

SHAPE = (2, 5, 4)
X = np.random.default_rng(4).standard_normal(SHAPE).astype("float32")

CASES = {
    "default": {"units": 3, "bias_initializer": "random_normal"},
    "sequences_backwards": {"units": 3, "return_sequences": True,
                            "go_backwards": True},
    "relu_no_bias": {"units": 3, "activation": "relu", "use_bias": False},
    "unroll": {"units": 3, "unroll": True},
}


def test_conformance_and_numpy_reference():
    def reference(x, weights):
        return run(simple_rnn_step, x, weights, 1, 3, True, True)

    check_layer(layers.SimpleRNN, CASES["sequences_backwards"],
                input_shape=SHAPE, expected_output_shape=(2, 5, 3),
                expected_num_trainable_weights=3,
                expected_num_non_trainable_weights=0, reference=reference,
                supports_masking=True)


def test_cell_conformance():
    class Wrapped(layers.SimpleRNNCell):
        # `check_layer` calls with one input: give the cell a zero state.
        def call(self, inputs, states=None, training=False):
            if states is None:
                states = [ops.zeros_like(ops.matmul(inputs, self.kernel))]
            return super().call(inputs, states, training)[0]

    def reference(x, weights):
        return np.tanh(x @ weights[0] + weights[2])

    check_layer(Wrapped, {"units": 3}, input_shape=(2, 4),
                expected_output_shape=(2, 3),
                expected_num_trainable_weights=3, reference=reference)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    kwargs = {**CASES[case], "name": "simple_rnn_oracle"}
    layer = layers.SimpleRNN(**kwargs)
    out = ops.convert_to_numpy(layer(X))
    theirs = keras_layer("SimpleRNN", kwargs, SHAPE, layer.get_weights())
    np.testing.assert_allclose(out, keras_output(theirs, X), rtol=1e-5,
                               atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


@pytest.mark.trainable
def test_recurrent_dropout_changes_training_output_only():
    layer = layers.SimpleRNN(3, recurrent_dropout=0.5, dropout=0.3, seed=3)
    plain = ops.convert_to_numpy(layer(X))
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(X)), plain)
    assert not np.allclose(ops.convert_to_numpy(layer(X, training=True)),
                           plain)


def test_errors():
    with pytest.raises(ValueError, match="units"):
        layers.SimpleRNN(0)
    with pytest.raises(ValueError, match="units"):
        layers.SimpleRNNCell(None)
    with pytest.raises(ValueError, match="recurrent_dropout"):
        layers.SimpleRNN(3, recurrent_dropout=2)
    with pytest.raises(ValueError, match="seed"):
        layers.SimpleRNNCell(3, seed="x")
