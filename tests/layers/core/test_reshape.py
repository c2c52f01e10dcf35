"""Tests for `Reshape`: `-1`, unknown dims, Keras oracle, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

CASES = {
    "flat_to_2d": ((2, 12), (3, 4)),
    "inferred": ((2, 3, 4), (-1, 2)),
    "inferred_first": ((2, 6), (-1, 3, 1)),
    "to_flat": ((2, 3, 4), (12,)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case):
    shape, target = CASES[case]
    expected = np.empty(shape).reshape(shape[0], *target).shape
    check_layer(
        layers.Reshape, {"target_shape": target}, input_shape=shape,
        expected_output_shape=expected, expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda x, w: x.reshape(x.shape[0], *target),
        supports_masking=False)


def test_symbolic_shapes():
    x = layers.Input(batch_shape=(None, 3, 4))
    assert layers.Reshape((-1, 2))(x).shape == (None, 6, 2)
    x = layers.Input(batch_shape=(None, None, 4))
    assert layers.Reshape((-1, 2))(x).shape == (None, None, 2)
    y = layers.Reshape((2, -1))(x)
    assert y.shape == (None, 2, None)


def test_list_target_shape_is_stored_as_tuple():
    assert layers.Reshape([3, 4]).get_config()["target_shape"] == (3, 4)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case):
    shape, target = CASES[case]
    kwargs = {"target_shape": target, "name": "rs"}
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = layers.Reshape(**kwargs)
    theirs = keras_layer("Reshape", kwargs, shape)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)),
                                  keras_output(theirs, x))
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


@pytest.mark.parametrize("target", [(-1, -1), (2, -2), ("a",), None, (1.5,)])
def test_bad_target_shape(target):
    with pytest.raises(ValueError, match="target_shape"):
        layers.Reshape(target)


def test_incompatible_size_names_the_layer():
    with pytest.raises(ValueError, match=r"'rs'.*target_shape=\(5,\)"):
        layers.Reshape((5,), name="rs")(np.ones((2, 12), dtype="float32"))
    with pytest.raises(ValueError, match=r"'rs2'.*\(5, -1\)"):
        layers.Reshape((5, -1), name="rs2")(layers.Input((12,)))
