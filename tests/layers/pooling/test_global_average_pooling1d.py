"""Tests for `GlobalAveragePooling1D` (the shared checks live in
`_global_checks.py`)."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, models, ops
from cornu.testing import check_layer
from tests._oracle import import_keras
from tests.layers._keras_layers import keras_layer, keras_output
from tests.layers.pooling import _global_checks as checks

CLS = layers.GlobalAveragePooling1D


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", checks.DATA_FORMATS)
def test_conformance_and_numpy_reference(data_format, keepdims):
    check_layer(CLS, **checks.conformance_case(CLS, data_format, keepdims))


@pytest.mark.oracle
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", checks.DATA_FORMATS)
def test_matches_keras(data_format, keepdims):
    checks.check_matches_keras(CLS, data_format, keepdims)


def test_symbolic_shapes():
    checks.check_symbolic_shapes(CLS)


@pytest.mark.oracle
def test_config_matches_keras():
    checks.check_config_matches_keras(CLS)


def test_bad_arguments():
    checks.check_bad_arguments(CLS)


def test_keras2_alias():
    assert layers.GlobalAvgPool1D is CLS


def _masked_input():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 5, 2)).astype("float32")
    mask = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 0, 1], [1, 1, 1, 1, 1]],
                    dtype=bool)
    return x, mask


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", checks.DATA_FORMATS)
def test_mask_averages_unmasked_steps_only(data_format, keepdims):
    x, mask = _masked_input()
    expected = np.stack([x[i][mask[i]].astype(np.float64).mean(axis=0)
                         for i in range(3)])
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, 2)
    if keepdims:
        expected = np.expand_dims(
            expected, 1 if data_format == "channels_last" else 2)
    layer = CLS(data_format=data_format, keepdims=keepdims)
    out = layer(x, mask=mask)
    np.testing.assert_allclose(ops.convert_to_numpy(out), expected,
                               rtol=1e-5, atol=1e-6)
    assert layer.compute_mask(x, mask) is None


@pytest.mark.oracle
@pytest.mark.parametrize("data_format", checks.DATA_FORMATS)
def test_mask_matches_keras(data_format):
    x, mask = _masked_input()
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, 2)
    kwargs = {"data_format": data_format}
    ours = ops.convert_to_numpy(CLS(**kwargs)(x, mask=mask))
    keras = import_keras()
    theirs = keras_output(keras_layer(CLS.__name__, kwargs, x.shape), x,
                          mask=keras.ops.convert_to_tensor(mask))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_mask_from_a_masking_layer_reaches_the_pooling():
    x, mask = _masked_input()
    x = np.where(mask[..., None], x, 0.0).astype("float32")
    inputs = layers.Input(shape=(5, 2))
    outputs = CLS()(layers.Masking(0.0)(inputs))
    model = models.Model(inputs, outputs)
    expected = np.stack([x[i][mask[i]].astype(np.float64).mean(axis=0)
                         for i in range(3)])
    np.testing.assert_allclose(ops.convert_to_numpy(model(x)), expected,
                               rtol=1e-5, atol=1e-6)
