"""Tests for `Bidirectional`: conformance, Keras 3 with the same weights for
every merge mode, states and masks, a custom backward layer, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff
from tests.layers.rnn._reference import (
    keras_call,
    keras_wrapped,
    run,
    simple_rnn_step,
)

SHAPE = (2, 5, 4)
X = np.random.default_rng(7).standard_normal(SHAPE).astype("float32")
MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)


def test_conformance_and_numpy_reference():
    def reference(x, weights):
        forward = run(simple_rnn_step, x, weights[:3], 1, 3, True)
        backward = run(simple_rnn_step, x, weights[3:], 1, 3, True,
                       go_backwards=True)
        return forward + backward[:, ::-1]

    check_layer(layers.Bidirectional,
                {"layer": layers.SimpleRNN(3, return_sequences=True),
                 "merge_mode": "sum"},
                input_shape=SHAPE, expected_output_shape=(2, 5, 3),
                expected_num_trainable_weights=6,
                expected_num_non_trainable_weights=0, reference=reference)


CASES = {
    "concat": ("LSTM", {"return_sequences": True}, "concat"),
    "sum": ("GRU", {}, "sum"),
    "mul": ("SimpleRNN", {"return_sequences": True}, "mul"),
    "ave": ("LSTM", {}, "ave"),
    "none": ("GRU", {"return_sequences": True}, None),
    "states": ("LSTM", {"return_state": True}, "concat"),
}


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    name, kwargs, mode = CASES[case]

    def make(lib):
        return lib.layers.Bidirectional(
            getattr(lib.layers, name)(3, name="inner", **kwargs),
            merge_mode=mode, name="bi")

    layer = make(cornu)
    ours = cornu.tree.flatten(layer(X))
    theirs = keras_wrapped(make, SHAPE, layer.get_weights())
    expected = cornu.tree.flatten(keras_call(theirs, X))
    assert len(ours) == len(expected)
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a), b, rtol=1e-5,
                                   atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}
    # Masked steps too.
    ours = cornu.tree.flatten(layer(X, mask=MASK))
    expected = cornu.tree.flatten(keras_call(theirs, X, mask=MASK))
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a), b, rtol=1e-5,
                                   atol=1e-5)


def test_layer_names_weights_and_round_trip():
    layer = layers.Bidirectional(layers.LSTM(3, name="enc"))
    out = layer(X)
    assert layer.forward_layer.name == "forward_enc"
    assert layer.backward_layer.name == "backward_enc"
    assert layer.backward_layer.go_backwards
    assert len(layer.weights) == 6
    again = layers.Bidirectional.from_config(layer.get_config())
    assert again.forward_layer.name == "forward_enc"
    again(X)
    again.set_weights(layer.get_weights())
    np.testing.assert_array_equal(ops.convert_to_numpy(again(X)),
                                  ops.convert_to_numpy(out))


def test_custom_backward_layer_and_initial_weights():
    forward = layers.GRU(3, return_sequences=True)
    backward = layers.SimpleRNN(2, return_sequences=True, go_backwards=True)
    layer = layers.Bidirectional(forward, backward_layer=backward)
    assert tuple(layer(X).shape) == (2, 5, 5)
    copy = layers.Bidirectional(layers.GRU(3, return_sequences=True),
                                backward_layer=layers.SimpleRNN(
                                    2, return_sequences=True,
                                    go_backwards=True),
                                weights=layer.get_weights())
    np.testing.assert_allclose(ops.convert_to_numpy(copy(X)),
                               ops.convert_to_numpy(layer(X)), rtol=1e-6)


def test_initial_state_is_split_between_directions():
    layer = layers.Bidirectional(layers.LSTM(3, return_state=True))
    zeros = [np.zeros((2, 3), dtype="float32")] * 4
    ones = [np.ones((2, 3), dtype="float32")] * 4
    base = layer(X, initial_state=zeros)
    assert len(base) == 5
    np.testing.assert_array_equal(ops.convert_to_numpy(base[0]),
                                  ops.convert_to_numpy(layer(X)[0]))
    moved = layer(X, initial_state=ones)
    assert not np.allclose(ops.convert_to_numpy(moved[0]),
                           ops.convert_to_numpy(base[0]))


def test_errors():
    with pytest.raises(ValueError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(3), merge_mode="max")
    with pytest.raises(ValueError, match="layer"):
        layers.Bidirectional(layers.Dense(3))
    with pytest.raises(ValueError, match="go_backwards"):
        layers.Bidirectional(layers.LSTM(3), backward_layer=layers.LSTM(3))
    with pytest.raises(ValueError, match="return_sequences"):
        layers.Bidirectional(layers.LSTM(3), backward_layer=layers.LSTM(
            3, go_backwards=True, return_sequences=True))


def test_output_masks():
    mask = MASK
    seq = layers.Bidirectional(layers.GRU(3, return_sequences=True))
    assert seq.compute_mask(X, mask) is mask
    split = layers.Bidirectional(layers.GRU(3, return_sequences=True),
                                 merge_mode=None)
    assert split.compute_mask(X, mask) == [mask, mask]
    states = layers.Bidirectional(layers.LSTM(3, return_state=True))
    assert states.compute_mask(X, mask) == [None] * 5
