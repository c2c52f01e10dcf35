"""Tests for `BaseConv`, through `Conv1D`, `Conv2D` and `Conv3D`: argument
validation, build-time errors, losses, dtypes and the default layout."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import config, layers, ops
from cornu.layers.convolutional.base_conv import conv_output_length

CLASSES = [layers.Conv1D, layers.Conv2D, layers.Conv3D]


def _rank(cls):
    return {layers.Conv1D: 1, layers.Conv2D: 2, layers.Conv3D: 3}[cls]


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize("kwargs, match", [
    ({"filters": 0, "kernel_size": 2}, "filters"),
    ({"filters": -3, "kernel_size": 2}, "filters"),
    ({"filters": 2.5, "kernel_size": 2}, "filters"),
    ({"filters": True, "kernel_size": 2}, "filters"),
    ({"filters": 4, "kernel_size": 0}, "kernel_size"),
    ({"filters": 4, "kernel_size": 2.0}, "kernel_size"),
    ({"filters": 4, "kernel_size": (2,) * 4}, "kernel_size"),
    ({"filters": 4, "kernel_size": "3"}, "kernel_size"),
    ({"filters": 4, "kernel_size": 2, "strides": 0}, "strides"),
    ({"filters": 4, "kernel_size": 2, "dilation_rate": -1},
     "dilation_rate"),
    ({"filters": 4, "kernel_size": 2, "strides": 2, "dilation_rate": 2},
     "dilation_rate > 1"),
    ({"filters": 4, "kernel_size": 2, "groups": 0}, "groups"),
    ({"filters": 4, "kernel_size": 2, "groups": 3}, "multiple of `groups`"),
    ({"filters": 4, "kernel_size": 2, "padding": "full"}, "padding"),
    ({"filters": 4, "kernel_size": 2, "data_format": "NHWC"},
     "data_format"),
    ({"filters": 4, "kernel_size": 2, "activation": "no_such_fn"},
     "no_such_fn"),
])
def test_bad_arguments_raise_at_construction(cls, kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        cls(**kwargs)
    assert cls.__name__ in str(info.value) or "activation" in str(
        info.value) or "no_such_fn" in str(info.value)


@pytest.mark.parametrize("cls", CLASSES)
def test_use_bias_must_be_bool(cls):
    with pytest.raises(TypeError, match="use_bias"):
        cls(2, 2, use_bias="yes")


@pytest.mark.parametrize("cls", CLASSES)
def test_input_channels_must_divide_by_groups(cls):
    layer = cls(4, 1, groups=2)
    shape = (1,) + (3,) * _rank(cls) + (3,)
    with pytest.raises(ValueError, match="groups"):
        layer(np.zeros(shape, "float32"))


@pytest.mark.parametrize("cls", CLASSES)
def test_unknown_channels_raise_at_build(cls):
    layer = cls(4, 1)
    with pytest.raises(ValueError, match="channel"):
        layer.build((None,) * (_rank(cls) + 2))


@pytest.mark.parametrize("cls", CLASSES)
def test_output_of_size_zero_raises(cls):
    layer = cls(2, 5)
    shape = (1,) + (3,) * _rank(cls) + (2,)
    with pytest.raises(ValueError, match="zero or negative"):
        layer(np.zeros(shape, "float32"))
    with pytest.raises(ValueError, match="zero or negative"):
        cls(2, 5)(layers.Input(shape=shape[1:]))


@pytest.mark.parametrize("cls", CLASSES)
def test_wrong_rank_and_channels_are_rejected(cls):
    rank = _rank(cls)
    layer = cls(2, 1)
    with pytest.raises(ValueError):
        layer(np.zeros((1,) * (rank + 1), "float32"))
    layer(np.zeros((1,) + (2,) * rank + (3,), "float32"))
    with pytest.raises(ValueError, match="axis"):
        layer(np.zeros((1,) + (2,) * rank + (4,), "float32"))


def test_default_data_format_follows_config():
    before = config.image_data_format()
    try:
        config.set_image_data_format("channels_first")
        layer = layers.Conv2D(3, 2)
        assert layer.data_format == "channels_first"
        out = layer(np.zeros((1, 2, 5, 5), "float32"))
        assert tuple(out.shape) == (1, 3, 4, 4)
    finally:
        config.set_image_data_format(before)
    assert layers.Conv2D(3, 2).data_format == before


def test_padding_is_case_insensitive_and_lowercased():
    assert layers.Conv2D(3, 2, padding="SAME").padding == "same"
    assert layers.Conv1D(3, 2, padding="Causal").padding == "causal"


def test_weight_regularizers_and_activity_regularizer_add_losses():
    layer = layers.Conv2D(2, 2, kernel_regularizer="l2",
                          bias_regularizer="l1", activity_regularizer="l2",
                          bias_initializer="ones")
    x = np.random.default_rng(0).standard_normal((1, 3, 3, 2)).astype(
        "float32")
    out = ops.convert_to_numpy(layer(x))
    kernel, bias = layer.get_weights()
    losses = [float(ops.convert_to_numpy(v)) for v in layer.losses]
    expected = sorted([0.01 * float(np.sum(out.astype(np.float64) ** 2)),
                       0.01 * float(np.sum(kernel.astype(np.float64) ** 2)),
                       0.01 * float(np.sum(np.abs(bias)))])
    np.testing.assert_allclose(sorted(losses), expected, rtol=1e-5)


def test_float64_layer():
    if ops.dtype(ops.convert_to_tensor(np.ones(1))) != "float64":
        pytest.skip("This engine stores float64 as float32 (jax x64 off).")
    layer = layers.Conv1D(2, 2, dtype="float64")
    out = layer(np.ones((1, 4, 3)))
    assert ops.dtype(out) == "float64"
    assert [v.dtype for v in layer.weights] == ["float64", "float64"]


def test_kernel_constraint_is_kept():
    layer = layers.Conv2D(2, 2, kernel_constraint="non_neg")
    layer.build((None, 4, 4, 1))
    assert layer.kernel.constraint is layer.kernel_constraint


@pytest.mark.parametrize("size, kernel, stride, dilation, padding, expected", [
    (7, 3, 1, 1, "valid", 5),
    (7, 3, 2, 1, "valid", 3),
    (7, 3, 1, 2, "valid", 3),
    (7, 3, 2, 1, "same", 4),
    (7, 4, 3, 1, "causal", 3),
    (None, 3, 2, 1, "same", None),
])
def test_conv_output_length(size, kernel, stride, dilation, padding,
                            expected):
    assert conv_output_length(size, kernel, stride, dilation,
                              padding) == expected
