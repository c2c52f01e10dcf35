"""Tests for `ConvLSTM1D`/`2D`/`3D`: conformance, Keras 3 with the same
weights, and errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def test_conformance_2d():
    check_layer(layers.ConvLSTM2D, {"filters": 2, "kernel_size": 2,
                                    "return_sequences": True},
                input_shape=(2, 3, 4, 4, 1),
                expected_output_shape=(2, 3, 3, 3, 2),
                expected_num_trainable_weights=3,
                expected_num_non_trainable_weights=0, supports_masking=True)


CASES = {
    "1d": ("ConvLSTM1D", {"filters": 3, "kernel_size": 3}, (2, 4, 7, 2)),
    "1d_same_sequences": ("ConvLSTM1D", {
        "filters": 2, "kernel_size": 2, "padding": "same",
        "return_sequences": True, "go_backwards": True}, (2, 4, 5, 2)),
    "2d": ("ConvLSTM2D", {"filters": 2, "kernel_size": (2, 3),
                          "strides": 2, "bias_initializer": "random_normal",
                          "unit_forget_bias": False}, (2, 3, 6, 7, 2)),
    "2d_states": ("ConvLSTM2D", {"filters": 2, "kernel_size": 2,
                                 "dilation_rate": 2, "return_state": True},
                  (2, 3, 6, 6, 1)),
    "3d": ("ConvLSTM3D", {"filters": 2, "kernel_size": 2},
           (1, 2, 3, 3, 3, 1)),
}


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    name, kwargs, shape = CASES[case]
    kwargs = {**kwargs, "name": "conv_lstm_oracle"}
    x = np.random.default_rng(10).standard_normal(shape).astype("float32")
    layer = getattr(layers, name)(**kwargs)
    ours = layer(x)
    theirs = keras_layer(name, kwargs, shape, layer.get_weights())
    expected = keras_output(theirs, x) if not kwargs.get(
        "return_state") else None
    if expected is not None:
        np.testing.assert_allclose(ops.convert_to_numpy(ours), expected,
                                   rtol=1e-5, atol=1e-5)
    else:
        from tests.layers.rnn._reference import keras_call

        for a, b in zip(ours, keras_call(theirs, x), strict=True):
            np.testing.assert_allclose(ops.convert_to_numpy(a), b,
                                       rtol=1e-5, atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


def test_errors():
    with pytest.raises(ValueError, match="filters"):
        layers.ConvLSTM2D(0, 3)
    with pytest.raises(ValueError, match="kernel_size"):
        layers.ConvLSTM2D(2, (3, 3, 3))
    with pytest.raises(ValueError, match="rank 5"):
        layers.ConvLSTM2D(2, 3)(np.ones((2, 3, 4, 1), dtype="float32"))
