"""Tests for `ZeroPadding1D`: NumPy's `np.pad`, Keras 3, symbolic shapes, the
config and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

# padding argument -> the (before, after) pairs it means
PADDINGS = {
    "default": (1, [(1, 1)]),
    "int": (2, [(2, 2)]),
    "pair": ((0, 3), [(0, 3)]),
    "list_pair": ([2, 1], [(2, 1)]),
}
DATA_FORMATS = ["channels_last", "channels_first"]
SPATIAL = (4,)


def _input_shape(data_format):
    if data_format == "channels_last":
        return (2, *SPATIAL, 3)
    return (2, 3, *SPATIAL)


def _widths(pairs, data_format):
    if data_format == "channels_last":
        return [(0, 0), *pairs, (0, 0)]
    return [(0, 0), (0, 0), *pairs]


@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", sorted(PADDINGS))
def test_conformance_and_numpy_reference(case, data_format):
    padding, pairs = PADDINGS[case]
    kwargs = {"padding": padding, "data_format": data_format}
    shape = _input_shape(data_format)
    widths = _widths(pairs, data_format)
    expected = tuple(n + a + b for n, (a, b) in zip(shape, widths,
                                                    strict=True))
    check_layer(
        layers.ZeroPadding1D, kwargs,
        input_data=np.random.default_rng(0).standard_normal(shape).astype(
            "float32"),
        expected_output_shape=expected, expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda x, weights: np.pad(x, widths),
    )
    assert layers.ZeroPadding1D(**kwargs).padding == tuple(pairs[0])


@pytest.mark.oracle
@pytest.mark.parametrize("data_format", DATA_FORMATS)
@pytest.mark.parametrize("case", sorted(PADDINGS))
def test_matches_keras(case, data_format):
    padding, _ = PADDINGS[case]
    kwargs = {"padding": padding, "data_format": data_format}
    shape = _input_shape(data_format)
    x = np.random.default_rng(1).standard_normal(shape).astype("float32")
    ours = ops.convert_to_numpy(layers.ZeroPadding1D(**kwargs)(x))
    theirs = keras_output(keras_layer("ZeroPadding1D", kwargs, shape), x)
    np.testing.assert_array_equal(ours, theirs)


def test_integer_input_keeps_its_dtype():
    x = np.arange(np.prod(_input_shape("channels_last"))).reshape(
        _input_shape("channels_last")).astype("int32")
    out = layers.ZeroPadding1D()(x)
    assert ops.dtype(out) == "int32"
    np.testing.assert_array_equal(
        ops.convert_to_numpy(out),
        np.pad(x, _widths(PADDINGS["default"][1], "channels_last")))


def test_symbolic_shapes():
    layer = layers.ZeroPadding1D((1, 2))
    out = layer(layers.Input(batch_shape=(None, None, 3)))
    assert tuple(out.shape) == (None, None, 3)
    layer = layers.ZeroPadding1D((1, 2), data_format="channels_first")
    out = layer(layers.Input(batch_shape=(None, 3, 5)))
    assert tuple(out.shape) == (None, 3, 8)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(PADDINGS))
def test_config_matches_keras(case):
    padding, _ = PADDINGS[case]
    for kwargs in ({"padding": padding},
                   {"padding": padding, "data_format": "channels_first",
                    "trainable": False, "dtype": "float64"}):
        ours = layers.ZeroPadding1D(name="pad", **kwargs).get_config()
        theirs = keras_layer(
            "ZeroPadding1D", {"name": "pad", **kwargs}).get_config()
        assert config_diff(ours, theirs) == {}
        again = layers.ZeroPadding1D.from_config(ours).get_config()
        assert config_diff(again, ours) == {}


BAD_PADDINGS = [-1, (1, 2, 3), (1, -1), 1.5, "same", ((1, 1),)]


@pytest.mark.parametrize("padding", BAD_PADDINGS)
def test_bad_padding_raises_at_construction(padding):
    with pytest.raises(ValueError, match="padding") as info:
        layers.ZeroPadding1D(padding)
    assert "ZeroPadding1D" in str(info.value)


def test_bad_data_format_and_rank():
    with pytest.raises(ValueError, match="data_format"):
        layers.ZeroPadding1D(data_format="NCW")
    with pytest.raises(ValueError, match="ndim"):
        layers.ZeroPadding1D()(np.zeros((1,) * 4, "float32"))
