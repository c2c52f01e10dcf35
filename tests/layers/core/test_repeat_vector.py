"""Tests for `RepeatVector`: shapes, Keras oracle, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


@pytest.mark.parametrize("n", [1, 3])
def test_conformance_and_numpy_reference(n):
    check_layer(
        layers.RepeatVector, {"n": n}, input_shape=(2, 5),
        expected_output_shape=(2, n, 5), expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda x, w: np.repeat(x[:, None, :], n, axis=1),
        supports_masking=False)


def test_int_input():
    check_layer(layers.RepeatVector, {"n": 2}, input_shape=(2, 3),
                input_dtype="int32", expected_output_dtype="int32")


@pytest.mark.oracle
def test_matches_keras():
    kwargs = {"n": 4, "name": "rep"}
    x = np.random.default_rng(0).standard_normal((3, 2)).astype("float32")
    layer = layers.RepeatVector(**kwargs)
    theirs = keras_layer("RepeatVector", kwargs, x.shape)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)),
                                  keras_output(theirs, x))
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


@pytest.mark.parametrize("n", [0, -2, 1.5, "3", True])
def test_bad_n(n):
    with pytest.raises(ValueError, match="`n`"):
        layers.RepeatVector(n)


def test_needs_rank_two():
    with pytest.raises(ValueError, match=r"'rep'.*ndim=2"):
        layers.RepeatVector(2, name="rep")(np.ones((2, 3, 4), "float32"))
