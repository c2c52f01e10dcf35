"""Tests for `Discretization`: conformance, buckets (NaN and infinities
included) and output modes against Keras 3, `adapt`, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

BOUNDS = [-0.5, 0.0, 1.0]


def test_conformance_int():
    check_layer(layers.Discretization, {"bin_boundaries": BOUNDS},
                input_shape=(3, 4), expected_output_shape=(3, 4),
                expected_output_dtype="int32",
                expected_num_trainable_weights=0,
                reference=lambda x, w: np.digitize(x, BOUNDS))


def test_conformance_one_hot():
    check_layer(layers.Discretization,
                {"bin_boundaries": BOUNDS, "output_mode": "one_hot"},
                input_shape=(3, 2), expected_output_shape=(3, 2, 4),
                expected_output_dtype="float32",
                reference=lambda x, w: np.eye(4)[np.digitize(x, BOUNDS)])


@pytest.mark.oracle
@pytest.mark.parametrize("mode", ["int", "one_hot", "multi_hot", "count"])
def test_matches_keras(mode):
    x = np.array([[-1.0, -0.5, -0.2, 0.0], [0.5, 1.0, 3.0, np.nan],
                  [np.inf, -np.inf, 1.0, 0.99]], dtype="float32")
    kwargs = {"bin_boundaries": BOUNDS, "output_mode": mode}
    ours = layers.Discretization(**kwargs)
    theirs = keras_layer("Discretization", kwargs)
    out = ours(x)
    expected = keras_output(theirs, x)
    np.testing.assert_array_equal(ops.convert_to_numpy(out), expected)
    assert ops.dtype(out) == str(expected.dtype)
    ours_config = {k: v for k, v in ours.get_config().items()
                   if k not in ("name", "dtype")}
    theirs_config = {k: v for k, v in theirs.get_config().items()
                     if k not in ("name", "dtype")}
    assert not config_diff(ours_config, theirs_config)


def test_dtype_sets_encoded_outputs_only():
    x = np.array([[0.5, 1.5]], dtype="float32")
    as_int = layers.Discretization(bin_boundaries=BOUNDS, dtype="float16")
    assert ops.dtype(as_int(x)) == "int32"  # Keras: int32 whatever dtype
    hot = layers.Discretization(bin_boundaries=BOUNDS, dtype="float16",
                                output_mode="one_hot")
    assert ops.dtype(hot(x)) == "float16"
    assert layers.Discretization(bin_boundaries=BOUNDS).dtype == "float32"


def test_adapt_learns_quantiles():
    layer = layers.Discretization(num_bins=4)
    data = np.arange(100, dtype="float32")
    layer.adapt(data)
    np.testing.assert_allclose(layer.bin_boundaries,
                               np.quantile(data, [0.25, 0.5, 0.75]))
    counts = np.bincount(ops.convert_to_numpy(layer(data)), minlength=4)
    np.testing.assert_array_equal(counts, [25, 25, 25, 25])
    batched = layers.Discretization(num_bins=4)
    batched.adapt(iter([data[:30], data[30:]]))
    assert batched.bin_boundaries == layer.bin_boundaries
    rebuilt = layers.Discretization.from_config(layer.get_config())
    assert rebuilt.bin_boundaries == layer.bin_boundaries


def test_errors():
    with pytest.raises(ValueError, match="num_bins"):
        layers.Discretization()
    with pytest.raises(ValueError, match="num_bins"):
        layers.Discretization(bin_boundaries=[0.0], num_bins=3)
    with pytest.raises(ValueError, match="bin_boundaries"):
        layers.Discretization(bin_boundaries=[1.0, 0.0])
    with pytest.raises(ValueError, match="output_mode"):
        layers.Discretization(bin_boundaries=[0.0], output_mode="tf_idf")
    with pytest.raises(RuntimeError, match="adapt"):
        layers.Discretization(num_bins=3)(np.ones((2,), "float32"))
    with pytest.raises(RuntimeError, match="num_bins"):
        layers.Discretization(bin_boundaries=[0.0]).adapt(np.ones(3))
