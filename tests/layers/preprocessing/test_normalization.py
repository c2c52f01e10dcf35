"""Tests for `Normalization`: conformance, `adapt` (arrays and batches)
and `invert` against Keras 3 and NumPy, given statistics, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

RNG = np.random.default_rng(0)
DATA = (RNG.standard_normal((6, 3)) * [1.0, 5.0, 0.1] + [0, 3, -2]).astype(
    "float32")


def test_conformance_given_statistics():
    mean, var = [1.0, 2.0, 3.0], [1.0, 4.0, 9.0]
    check_layer(
        layers.Normalization, {"mean": mean, "variance": var},
        input_shape=(2, 3), expected_output_shape=(2, 3),
        expected_output_dtype="float32", expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda x, w: (x - np.array(mean)) / np.sqrt(var))


def test_conformance_invert():
    check_layer(
        layers.Normalization,
        {"mean": 2.0, "variance": 4.0, "invert": True, "axis": None},
        input_shape=(2, 3), expected_output_shape=(2, 3),
        reference=lambda x, w: 2.0 + x * 2.0)


def test_conformance_adaptable_weights():
    check_layer(layers.Normalization, {"axis": (1, 2)},
                input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=3)


@pytest.mark.oracle
@pytest.mark.parametrize("axis", [-1, None, (1, 2), 1])
def test_adapt_matches_keras(axis):
    x = RNG.standard_normal((5, 2, 3)).astype("float32") * 3 + 1
    ours = layers.Normalization(axis=axis)
    ours.adapt(x)
    theirs = keras_layer("Normalization", {"axis": axis})
    theirs.adapt(x)
    for a, b in zip(ours.get_weights(), theirs.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-5, atol=1e-5)
    assert not config_diff(
        {k: v for k, v in ours.get_config().items() if k != "name"},
        {k: v for k, v in theirs.get_config().items() if k != "name"})


@pytest.mark.oracle
def test_given_statistics_and_invert_match_keras():
    kwargs = {"mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0],
              "invert": True}
    np.testing.assert_allclose(
        ops.convert_to_numpy(layers.Normalization(**kwargs)(DATA)),
        keras_output(keras_layer("Normalization", kwargs), DATA), rtol=1e-6)


def test_adapt_numbers_and_batches_combine_exactly():
    layer = layers.Normalization()
    layer.adapt(DATA)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.mean)[0],
                               DATA.mean(0), rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.variance)[0],
                               DATA.var(0), rtol=1e-5)
    batched = layers.Normalization()
    batched.adapt(iter([DATA[:1], DATA[1:4], DATA[4:]]))
    for a, b in zip(layer.get_weights(), batched.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    out = ops.convert_to_numpy(layer(DATA))
    np.testing.assert_allclose(out.mean(0), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(0), 1.0, rtol=1e-4)


def test_invert_undoes_normalize():
    forward = layers.Normalization()
    forward.adapt(DATA)
    mean, var = forward.get_weights()[:2]
    back = layers.Normalization(mean=mean, variance=var, invert=True)
    np.testing.assert_allclose(
        ops.convert_to_numpy(back(forward(DATA))), DATA, rtol=1e-5,
        atol=1e-5)


def test_zero_variance_uses_epsilon():
    layer = layers.Normalization(mean=1.0, variance=0.0, axis=None)
    x = np.array([[1.0, 1.0 + 1e-6]], dtype="float32")
    out = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out, (x - 1.0) / 1e-7, rtol=1e-4)


def test_errors():
    with pytest.raises(ValueError, match="variance"):
        layers.Normalization(mean=[1.0])
    with pytest.raises(ValueError, match="axis"):
        layers.Normalization(axis="last")
    with pytest.raises(ValueError, match="axis"):
        layers.Normalization(axis=3)(np.ones((2, 3), "float32"))
    with pytest.raises(RuntimeError, match="adapt"):
        layers.Normalization(mean=1.0, variance=1.0).adapt(DATA)
    layer = layers.Normalization()
    layer.adapt(DATA)
    with pytest.raises(ValueError, match="shape"):
        layer.adapt(np.ones((4, 5)))
