"""Tests for `Concatenate` and `concatenate`: axes, shape validation at
build, masks merged as Keras does, Keras 3 oracle."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff
from tests.layers.merging._merge_oracle import (
    keras_config,
    keras_merge,
    random_inputs,
)

CASES = {
    "last": (-1, [(2, 3), (2, 4)], (2, 7)),
    "middle": (1, [(2, 2, 5), (2, 1, 5), (2, 3, 5)], (2, 6, 5)),
    "negative_2": (-2, [(2, 2, 5), (2, 4, 5)], (2, 6, 5)),
    "axis_0": (0, [(2, 3), (1, 3)], (3, 3)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case):
    axis, shapes, expected = CASES[case]
    check_layer(
        layers.Concatenate, {"axis": axis}, input_shape=shapes,
        expected_output_shape=expected, expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda xs, w: np.concatenate(xs, axis=axis),
        supports_masking=True)


def test_functional_form():
    xs = random_inputs([(2, 3), (2, 2)])
    out = layers.concatenate(xs, axis=1, name="cat")
    np.testing.assert_array_equal(ops.convert_to_numpy(out),
                                  np.concatenate(xs, axis=1))


def test_symbolic_shapes():
    a = layers.Input(batch_shape=(None, 3, None))
    b = layers.Input(batch_shape=(None, 3, 4))
    assert layers.Concatenate()([a, b]).shape == (None, 3, None)
    assert layers.Concatenate(axis=1)([a, b]).shape == (None, 6, None)


@pytest.mark.parametrize("axis,shapes", [
    (-1, [(2, 3, 4), (2, 5, 4)]),
    (1, [(2, 3), (2, 3, 1)]),
    (-1, [(2, 3), (3, 3)]),
])
def test_mismatched_shapes_fail_at_build(axis, shapes):
    layer = layers.Concatenate(axis=axis)
    with pytest.raises(ValueError, match=(
            r"A `Concatenate` layer requires inputs with matching shapes "
            r"except for the concatenation axis\. Received: input_shape=")):
        layer.build(shapes)
    with pytest.raises(ValueError, match="matching shapes"):
        layer([layers.Input(batch_shape=s) for s in shapes])


def test_unknown_sizes_do_not_fail_validation():
    layers.Concatenate(axis=1).build([(None, 3, None), (None, 2, 4)])


def test_bad_axis():
    with pytest.raises(TypeError, match="axis"):
        layers.Concatenate(axis="1")
    with pytest.raises(ValueError, match="axis"):
        layers.Concatenate(axis=3).build([(2, 3), (2, 3)])


def test_needs_a_list():
    with pytest.raises(ValueError, match="list"):
        layers.Concatenate().build((2, 3))


MASK_CASES = {
    "time_axis_both": (1, [[[True, False]], [[False, True, True]]]),
    "time_axis_one": (1, [[[True, False]], None]),
    "feature_axis": (-1, [[[True, False, True]], [[False, False, True]]]),
}


def _mask_inputs(axis):
    if axis == 1:
        return random_inputs([(1, 2, 4), (1, 3, 4)], seed=5)
    return random_inputs([(1, 3, 2), (1, 3, 4)], seed=5)


@pytest.mark.parametrize("case", sorted(MASK_CASES))
def test_masks(case):
    axis, masks = MASK_CASES[case]
    xs = _mask_inputs(axis)
    masks = [None if m is None else np.array(m) for m in masks]
    mask = ops.convert_to_numpy(
        layers.Concatenate(axis=axis).compute_mask(xs, masks))
    full = [np.ones(x.shape[:-1], bool) if m is None else m
            for x, m in zip(xs, masks, strict=True)]
    if axis == 1:
        expected = np.concatenate(full, axis=1)
    else:
        expected = np.logical_or(*full)
    np.testing.assert_array_equal(mask, expected)
    assert layers.Concatenate().compute_mask(xs, [None, None]) is None
    assert layers.Concatenate().compute_mask(xs, None) is None


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case):
    axis, shapes, _ = CASES[case]
    xs = random_inputs(shapes, seed=2)
    kwargs = {"axis": axis, "name": "cat"}
    theirs, _ = keras_merge("Concatenate", kwargs, xs)
    layer = layers.Concatenate(**kwargs)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(xs)), theirs)
    assert config_diff(layer.get_config(),
                       keras_config("Concatenate", kwargs)) == {}


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(MASK_CASES))
def test_masks_match_keras(case):
    axis, masks = MASK_CASES[case]
    xs = _mask_inputs(axis)
    masks = [None if m is None else np.array(m) for m in masks]
    _, their_mask = keras_merge("Concatenate", {"axis": axis}, xs, masks)
    ours = layers.Concatenate(axis=axis).compute_mask(xs, masks)
    np.testing.assert_array_equal(ops.convert_to_numpy(ours), their_mask)
