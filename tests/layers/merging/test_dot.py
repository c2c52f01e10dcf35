"""Tests for `Dot` and `dot`: batched dot products over chosen axes,
`normalize`, shape validation, Keras 3 oracle."""

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
    "2d": (1, [(3, 4), (3, 4)], (3, 1)),
    "3d_pair": ((1, 2), [(2, 5, 3), (2, 4, 5)], (2, 3, 4)),
    "3d_last": (-1, [(2, 3, 4), (2, 5, 4)], (2, 3, 5)),
    "3d_2d": ((2, 1), [(2, 3, 4), (2, 4)], (2, 3)),
    "2d_3d": ((1, 1), [(2, 4), (2, 4, 3)], (2, 3)),
    "4d": ((3, 1), [(2, 2, 3, 4), (2, 4, 5)], (2, 2, 3, 5)),
}


def _reference(axes, normalize=False):
    def reference(xs, weights):
        x, y = xs
        a1, a2 = (axes, axes) if isinstance(axes, int) else axes
        a1, a2 = a1 % x.ndim, a2 % y.ndim
        if normalize:
            x = x / np.maximum(np.linalg.norm(x, axis=a1, keepdims=True),
                               1e-12)
            y = y / np.maximum(np.linalg.norm(y, axis=a2, keepdims=True),
                               1e-12)
        out = np.stack([np.tensordot(x[i], y[i], axes=(a1 - 1, a2 - 1))
                        for i in range(x.shape[0])])
        return out.reshape(out.shape[0], -1) if out.ndim == 1 else out
    return reference


@pytest.mark.parametrize("normalize", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case, normalize):
    axes, shapes, expected = CASES[case]
    check_layer(
        layers.Dot, {"axes": axes, "normalize": normalize},
        input_shape=shapes, expected_output_shape=expected,
        expected_output_dtype="float32", expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=_reference(axes, normalize), supports_masking=True,
        rtol=1e-5, atol=1e-5)


def test_functional_form_and_cosine_similarity():
    xs = random_inputs([(3, 4), (3, 4)])
    out = ops.convert_to_numpy(layers.dot(xs, axes=1, normalize=True))
    cos = np.sum(xs[0] * xs[1], axis=1) / (
        np.linalg.norm(xs[0], axis=1) * np.linalg.norm(xs[1], axis=1))
    np.testing.assert_allclose(out[:, 0], cos, rtol=1e-5)


def test_symbolic_shapes():
    a = layers.Input(batch_shape=(None, None, 4))
    b = layers.Input(batch_shape=(None, 6, 4))
    assert layers.Dot(axes=2)([a, b]).shape == (None, None, 6)


def test_output_has_no_mask():
    xs = random_inputs([(1, 3, 2), (1, 3, 2)])
    masks = [np.array([[True, False, True]])] * 2
    assert layers.Dot(axes=2).compute_mask(xs, masks) is None


@pytest.mark.parametrize("axes", ["1", [1, 2, 3], (1.0, 2), None])
def test_bad_axes(axes):
    with pytest.raises((TypeError, ValueError), match="axes"):
        layers.Dot(axes=axes)


def test_mismatched_axis_sizes():
    with pytest.raises(ValueError, match=r"axis values 4 \(at axis 2\) != 5"):
        layers.Dot(axes=2).build([(2, 3, 4), (2, 3, 5)])


def test_batch_axis_is_refused():
    with pytest.raises(ValueError, match="batch axis"):
        layers.Dot(axes=0)(random_inputs([(2, 3), (2, 3)]))


def test_needs_two_inputs():
    with pytest.raises(ValueError, match="2 inputs"):
        layers.Dot(axes=1).build([(2, 3)] * 3)


@pytest.mark.oracle
@pytest.mark.parametrize("normalize", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case, normalize):
    axes, shapes, _ = CASES[case]
    xs = random_inputs(shapes, seed=6)
    kwargs = {"axes": axes, "normalize": normalize, "name": "dot"}
    theirs, _ = keras_merge("Dot", kwargs, xs)
    layer = layers.Dot(**kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(xs)), theirs,
                               rtol=1e-5, atol=1e-5)
    assert config_diff(layer.get_config(), keras_config("Dot", kwargs)) == {}
