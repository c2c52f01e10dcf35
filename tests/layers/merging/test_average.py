"""Tests for `Average` and `average`: the elementwise mean, with Keras's
broadcasting, masks (the output mask is the OR of the input masks), Keras 3
oracle and shape errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff
from tests.layers.merging._merge_oracle import (
    ELEMENTWISE_CASES,
    expand_to_rank,
    keras_config,
    keras_merge,
    random_inputs,
)

CASES = ELEMENTWISE_CASES


def _reference(xs, weights=None):
    xs = np.broadcast_arrays(*expand_to_rank(xs))
    return np.mean(np.stack(xs), axis=0)


@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case):
    shapes, expected = CASES[case]
    check_layer(
        layers.Average, input_shape=shapes, expected_output_shape=expected,
        expected_output_dtype="float32", expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0, reference=_reference,
        supports_masking=True)


def test_functional_form():
    xs = random_inputs([(2, 3), (2, 3)])
    np.testing.assert_allclose(
        ops.convert_to_numpy(layers.average(xs, name="f")), _reference(xs),
        rtol=1e-6)


def test_symbolic_shapes():
    a = layers.Input(batch_shape=(None, None, 4))
    b = layers.Input(batch_shape=(None, 3, 1))
    assert layers.Average()([a, b]).shape == (None, None, 4)
    c = layers.Input(batch_shape=(4, 3, 4))
    assert layers.Average()([a, c]).shape == (4, None, 4)  # as Keras


def test_int_inputs():
    xs = [np.arange(6, dtype="int32").reshape(2, 3) + 1] * 2
    check_layer(layers.Average, input_data=xs, reference=_reference)


def test_mask_is_the_or_of_the_input_masks():
    xs = random_inputs([(1, 3, 2), (1, 3, 2)])
    masks = [np.array([[True, False, False]]), np.array([[True, True, False]])]
    layer = layers.Average()
    mask = layer.compute_mask(xs, masks)
    np.testing.assert_array_equal(ops.convert_to_numpy(mask),
                                  [[True, True, False]])
    assert layer.compute_mask(xs, [masks[0], None]) is None
    assert layer.compute_mask(xs, None) is None


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case):
    shapes, _ = CASES[case]
    xs = random_inputs(shapes, seed=3)
    layer = layers.Average(name="merge")
    theirs, _ = keras_merge("Average", {"name": "merge"}, xs)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(xs)), theirs,
                               rtol=1e-6, atol=1e-6)
    assert config_diff(layer.get_config(),
                       keras_config("Average", {"name": "merge"})) == {}


@pytest.mark.oracle
@pytest.mark.parametrize("masks", [
    [[[True, False, True]], [[False, False, True]]],
    [[[True, False, True]], None],
])
def test_masked_values_and_mask_match_keras(masks):
    xs = random_inputs([(1, 3, 2), (1, 3, 2)], seed=4)
    masks = [None if m is None else np.array(m) for m in masks]
    out = layers.Average()(xs, mask=masks)
    theirs, their_mask = keras_merge("Average", {}, xs, masks)
    np.testing.assert_allclose(ops.convert_to_numpy(out), theirs, rtol=1e-6)
    ours_mask = layers.Average().compute_mask(xs, masks)
    if their_mask is None:
        assert ours_mask is None
    else:
        np.testing.assert_array_equal(ops.convert_to_numpy(ours_mask),
                                      their_mask)


def test_incompatible_shapes():
    with pytest.raises(ValueError, match=r"compatible shapes.*\(3,\).*\(4,\)"):
        layers.Average()(random_inputs([(2, 3), (2, 4)]))


def test_different_batch_sizes():
    with pytest.raises(ValueError, match="batch sizes"):
        layers.Average()(random_inputs([(2, 3), (3, 3)]))


def test_needs_a_list():
    with pytest.raises(ValueError, match="list"):
        layers.Average()(random_inputs([(2, 3)])[0])
