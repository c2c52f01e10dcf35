"""Tests for `LSTMCell` and `LSTM`: conformance, a NumPy reference, Keras 3
with the same weights for each main option, the native kernel against
the cell loop, dropout, and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output
from tests.layers.rnn._reference import lstm_step, run

SHAPE = (2, 5, 4)
X = np.random.default_rng(1).standard_normal(SHAPE).astype("float32")

CASES = {
    "default": {"units": 3},
    "sequences": {"units": 3, "return_sequences": True},
    "backwards": {"units": 3, "go_backwards": True,
                  "return_sequences": True},
    "no_bias": {"units": 3, "use_bias": False},
    "no_forget_bias": {"units": 3, "unit_forget_bias": False,
                       "bias_initializer": "random_normal"},
    "relu_hard_sigmoid": {"units": 3, "activation": "relu",
                          "recurrent_activation": "hard_sigmoid"},
    "unroll": {"units": 3, "unroll": True, "return_sequences": True},
    "regularized": {"units": 3, "kernel_regularizer": "l2",
                    "recurrent_regularizer": "l1", "bias_regularizer": "l2",
                    "activity_regularizer": "l1",
                    "recurrent_constraint": "max_norm"},
}


def _reference(kwargs):
    def reference(x, weights):
        return run(lstm_step, x, weights, 2, kwargs["units"],
                   kwargs.get("return_sequences", False),
                   kwargs.get("go_backwards", False))
    return reference


@pytest.mark.parametrize("case", ["default", "sequences", "backwards",
                                  "no_bias"])
def test_conformance_and_numpy_reference(case):
    kwargs = CASES[case]
    n = 3 if kwargs.get("use_bias", True) else 2
    out_shape = ((2, 5, 3) if kwargs.get("return_sequences") else (2, 3))
    check_layer(layers.LSTM, kwargs, input_shape=SHAPE,
                expected_output_shape=out_shape,
                expected_output_dtype="float32",
                expected_num_trainable_weights=n,
                expected_num_non_trainable_weights=0,
                reference=_reference(kwargs), supports_masking=True)


def test_cell_conformance():
    def reference(x, weights):
        h, _ = lstm_step(x.astype("float64"), [np.zeros((2, 3))] * 2,
                         [w.astype("float64") for w in weights])
        return h

    class Wrapped(layers.LSTMCell):
        # `check_layer` calls with one input: give the cell zero states.
        def call(self, inputs, states=None, training=False):
            if states is None:
                zero = ops.zeros_like(ops.matmul(inputs, self.kernel[:, :3]))
                states = [zero, zero]
            return super().call(inputs, states, training)[0]

    check_layer(Wrapped, {"units": 3}, input_shape=(2, 4),
                expected_output_shape=(2, 3),
                expected_num_trainable_weights=3, reference=reference)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    kwargs = {**CASES[case], "name": "lstm_oracle"}
    layer = layers.LSTM(**kwargs)
    out = ops.convert_to_numpy(layer(X))
    theirs = keras_layer("LSTM", kwargs, SHAPE, layer.get_weights())
    np.testing.assert_allclose(out, keras_output(theirs, X), rtol=1e-5,
                               atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


@pytest.mark.oracle
def test_return_state_and_initial_state_match_keras():
    rng = np.random.default_rng(2)
    h0, c0 = (rng.standard_normal((2, 3)).astype("float32") for _ in "hc")
    layer = layers.LSTM(3, return_state=True)
    ours = layer(X, initial_state=[h0, c0])
    theirs = keras_layer("LSTM", {"units": 3, "return_state": True}, SHAPE,
                         layer.get_weights())
    from tests.layers.rnn._reference import keras_call

    expected = keras_call(theirs, X, initial_state=[h0, c0])
    assert len(ours) == 3
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a), b, rtol=1e-5,
                                   atol=1e-5)


def test_weights_layout_and_unit_forget_bias():
    layer = layers.LSTM(3, name="l")
    layer.build((None, 5, 4))
    assert [tuple(w.shape) for w in layer.weights] == [(4, 12), (3, 12),
                                                       (12,)]
    assert [w.path for w in layer.weights] == [
        "lstm_cell/kernel", "lstm_cell/recurrent_kernel", "lstm_cell/bias"]
    bias = layer.get_weights()[2]
    np.testing.assert_array_equal(bias, [0] * 3 + [1] * 3 + [0] * 6)
    recurrent = layer.get_weights()[1]
    # Orthogonal: the 3 rows of the (3, 12) recurrent kernel are
    # orthonormal.
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(3),
                               atol=1e-5)


def test_native_kernel_matches_cell_loop():
    layer = layers.LSTM(3, return_sequences=True, return_state=True,
                        go_backwards=True)
    fast = layer(X)
    loop = layers.RNN.call(layer, ops.convert_to_tensor(X))
    for a, b in zip(fast, loop, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a),
                                   ops.convert_to_numpy(b), rtol=1e-5,
                                   atol=1e-6)


@pytest.mark.trainable
def test_dropout_in_training_only():
    layer = layers.LSTM(3, dropout=0.5, recurrent_dropout=0.5, seed=1)
    plain = ops.convert_to_numpy(layer(X))
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(X)), plain)
    dropped = ops.convert_to_numpy(layer(X, training=True))
    assert dropped.shape == (2, 3) and not np.allclose(dropped, plain)
    # Input dropout alone keeps the native kernel; it still drops.
    only_inputs = layers.LSTM(3, dropout=0.9, seed=2)
    out = ops.convert_to_numpy(only_inputs(X, training=True))
    assert not np.allclose(out, ops.convert_to_numpy(only_inputs(X)))


def test_errors():
    with pytest.raises(ValueError, match="units"):
        layers.LSTM(0)
    with pytest.raises(ValueError, match="units"):
        layers.LSTMCell(-2)
    with pytest.raises(ValueError, match="dropout"):
        layers.LSTM(3, dropout=1.5)
    with pytest.raises(ValueError, match="recurrent_dropout"):
        layers.LSTMCell(3, recurrent_dropout=-0.1)
    with pytest.raises(ValueError, match="min_ndim=3"):
        layers.LSTM(3)(np.ones((2, 4), dtype="float32"))
