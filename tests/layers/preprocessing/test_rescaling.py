"""Tests for `Rescaling`: conformance, per-channel scales, dtypes, Keras
agreement and errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def test_conformance():
    check_layer(layers.Rescaling, {"scale": 0.5, "offset": -1.0},
                input_shape=(2, 3), expected_output_shape=(2, 3),
                expected_output_dtype="float32",
                expected_num_trainable_weights=0,
                reference=lambda x, w: x * 0.5 - 1.0)


def test_conformance_per_channel_int_input():
    check_layer(layers.Rescaling, {"scale": [1.0, 2.0, 3.0]},
                input_shape=(2, 3), input_dtype="int32",
                expected_output_dtype="float32",
                reference=lambda x, w: x * np.array([1.0, 2.0, 3.0]))


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"scale": 1 / 255}, {"scale": 1 / 127.5, "offset": -1},
    {"scale": [0.5, 2.0], "offset": [1.0, 0.0]}])
def test_matches_keras(kwargs):
    x = np.arange(8, dtype="uint8").reshape(4, 2) * 30
    ours = layers.Rescaling(**kwargs)
    theirs = keras_layer("Rescaling", kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-6)
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


def test_dtype_argument():
    out = layers.Rescaling(2.0, dtype="float16")(np.ones((2,), "int32"))
    assert ops.dtype(out) == "float16"


def test_errors():
    with pytest.raises(ValueError, match="scale"):
        layers.Rescaling("big")
    with pytest.raises(ValueError, match="offset"):
        layers.Rescaling(1.0, offset=True)
