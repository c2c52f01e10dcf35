"""Tests for `GroupNormalization`: NumPy and Keras 3 values with the same
weights, channel axes, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

CASES = {
    "two_groups_last": ({"groups": 2}, (2, 3, 4)),
    "instance_norm": ({"groups": -1}, (2, 3, 4)),
    "one_group": ({"groups": 1, "epsilon": 1e-5}, (2, 5, 4)),
    "channels_first": ({"groups": 3, "axis": 1}, (2, 6, 2, 3)),
    "no_center": ({"groups": 2, "center": False}, (2, 4)),
}


def _reference(kwargs):
    def reference(x, weights):
        axis = kwargs.get("axis", -1) % x.ndim
        groups = kwargs["groups"]
        channels = x.shape[axis]
        groups = channels if groups == -1 else groups
        moved = np.moveaxis(x.astype("float64"), axis, -1)
        grouped = moved.reshape(*moved.shape[:-1], groups, channels // groups)
        axes = tuple(range(1, grouped.ndim - 2)) + (grouped.ndim - 1,)
        mean = grouped.mean(axis=axes, keepdims=True)
        var = grouped.var(axis=axes, keepdims=True)
        out = ((grouped - mean) / np.sqrt(var + kwargs.get("epsilon", 1e-3))
               ).reshape(moved.shape)
        weights = list(weights)
        if kwargs.get("scale", True):
            out = out * weights.pop(0)
        if kwargs.get("center", True):
            out = out + weights.pop(0)
        return np.moveaxis(out, -1, axis)
    return reference


# The harness on three cases; every case is checked against Keras below.
@pytest.mark.parametrize("case", ["two_groups_last", "instance_norm",
                                  "channels_first"])
def test_conformance(case):
    kwargs, shape = CASES[case]
    kwargs = {**kwargs, "gamma_initializer": "random_uniform",
              "beta_initializer": "random_normal"}
    check_layer(layers.GroupNormalization, kwargs, input_shape=shape,
                expected_output_shape=shape, expected_output_dtype="float32",
                expected_num_trainable_weights=1 + kwargs.get("center", True),
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=_reference(kwargs),
                rtol=1e-4, atol=1e-5)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    kwargs, shape = CASES[case]
    kwargs = {**kwargs, "name": "gn"}
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype("float32")
    ours = layers.GroupNormalization(**kwargs)
    ours.build(shape)
    weights = [rng.standard_normal(w.shape).astype("float32")
               for w in ours.get_weights()]
    ours.set_weights(weights)
    theirs = keras_layer("GroupNormalization", kwargs, shape, weights)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-5, atol=1e-5)
    assert [v.name for v in ours.weights] == [v.name for v in theirs.weights]
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


def test_symbolic_with_unknown_batch():
    out = layers.GroupNormalization(groups=2)(layers.Input(shape=(3, 4)))
    assert tuple(out.shape) == (None, 3, 4)


@pytest.mark.parametrize("groups, match", [(3, "multiple"), (8, "exceed")])
def test_groups_must_fit_the_channels(groups, match):
    with pytest.raises(ValueError, match=match):
        layers.GroupNormalization(groups=groups)(np.zeros((2, 4), "float32"))


def test_bad_arguments():
    with pytest.raises(ValueError, match="groups"):
        layers.GroupNormalization(groups=0)
    with pytest.raises(TypeError, match="axis"):
        layers.GroupNormalization(axis=[1])
    with pytest.raises(ValueError, match="batch"):
        layers.GroupNormalization(groups=1, axis=0)(
            np.zeros((2, 4), "float32"))
