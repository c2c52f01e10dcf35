"""Tests for `Flatten`: both data formats, unknown dims, Keras oracle."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

CASES = {
    "3d_last": ((2, 3, 4), "channels_last"),
    "4d_last": ((2, 3, 4, 5), "channels_last"),
    "4d_first": ((2, 3, 4, 5), "channels_first"),
    "2d_first": ((2, 3), "channels_first"),
    "1d": ((4,), "channels_last"),
}


def _reference(data_format):
    def reference(x, weights):
        if data_format == "channels_first" and x.ndim > 2:
            x = np.moveaxis(x, 1, -1)
        return x.reshape(x.shape[0], -1)
    return reference


@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case):
    shape, data_format = CASES[case]
    check_layer(
        layers.Flatten, {"data_format": data_format}, input_shape=shape,
        expected_output_shape=(shape[0], int(np.prod(shape[1:]))),
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=_reference(data_format), supports_masking=False)


def test_int_input_keeps_dtype():
    check_layer(layers.Flatten, input_shape=(2, 3, 2), input_dtype="int32",
                expected_output_dtype="int32")


def test_unknown_dims_are_none_symbolically():
    x = layers.Input(batch_shape=(None, None, 4))
    assert layers.Flatten()(x).shape == (None, None)
    x = layers.Input(batch_shape=(None, 3, 4))
    assert layers.Flatten()(x).shape == (None, 12)


def test_default_data_format_follows_config():
    assert layers.Flatten().get_config()["data_format"] == "channels_last"


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case):
    shape, data_format = CASES[case]
    kwargs = {"data_format": data_format, "name": "flat"}
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = layers.Flatten(**kwargs)
    theirs = keras_layer("Flatten", kwargs, shape)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)),
                                  keras_output(theirs, x))
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


def test_bad_data_format():
    with pytest.raises(ValueError, match="data_format"):
        layers.Flatten(data_format="channels_middle")


def test_rank_zero_input_is_refused():
    with pytest.raises(ValueError, match="min_ndim=1"):
        layers.Flatten()(np.float32(3.0))
