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


# ---------------------------------------------------------------------------
# LoRA (Keras's `lora_rank` / `enable_lora` on convolutions)
# ---------------------------------------------------------------------------
def test_lora_freezes_the_kernel_and_adds_the_update():
    layer = layers.Conv2D(4, 3, lora_rank=2, lora_alpha=6.0)
    layer.build((None, 5, 5, 2))
    assert layer.lora_enabled
    assert [v.name for v in layer.trainable_weights] == [
        "bias", "lora_kernel_a", "lora_kernel_b"]
    assert [v.name for v in layer.non_trainable_weights] == ["kernel"]
    assert tuple(layer.lora_kernel_a.shape) == (3, 3, 2, 2)
    assert tuple(layer.lora_kernel_b.shape) == (2, 4)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3, 2, 2)).astype("float32")
    b = rng.standard_normal((2, 4)).astype("float32")
    layer.lora_kernel_a.assign(a)
    layer.lora_kernel_b.assign(b)
    x = rng.standard_normal((1, 5, 5, 2)).astype("float32")
    plain = layers.Conv2D(4, 3)
    plain.build((None, 5, 5, 2))
    plain.set_weights([layer._kernel.numpy() + 3.0 * (a @ b),
                       layer.bias.numpy()])
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               ops.convert_to_numpy(plain(x)), rtol=1e-5,
                               atol=1e-5)


def test_lora_starts_as_the_plain_layer_and_passes_conformance():
    from cornu.testing import check_layer

    check_layer(layers.Conv1D, {"filters": 3, "kernel_size": 2,
                                "lora_rank": 2},
                input_shape=(2, 5, 4), expected_output_shape=(2, 4, 3),
                expected_num_trainable_weights=3,
                expected_num_non_trainable_weights=1)


@pytest.mark.oracle
def test_lora_config_and_output_match_keras():
    from tests.layers._keras_layers import (
        config_diff,
        keras_layer,
        keras_output,
    )

    kwargs = {"filters": 4, "kernel_size": 2, "lora_rank": 2,
              "lora_alpha": 3.0, "name": "lo",
              "kernel_initializer": "zeros"}
    ours = layers.Conv2D(**kwargs)
    ours.build((1, 4, 4, 3))
    theirs = keras_layer("Conv2D", kwargs, (1, 4, 4, 3))
    assert config_diff(ours.get_config(), theirs.get_config()) == {}
    rng = np.random.default_rng(1)
    values = {v.name: rng.standard_normal(v.shape).astype("float32")
              for v in ours.weights}
    for v in ours.weights:
        v.assign(values[v.name])
    # Keras lists weights in creation order; match them by name.
    theirs.set_weights([values[v.name] for v in theirs.weights])
    x = rng.standard_normal((1, 4, 4, 3)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-5,
                               atol=1e-5)


def test_enable_lora_errors():
    layer = layers.Conv2D(2, 2)
    with pytest.raises(RuntimeError, match="built"):
        layer.enable_lora(2)
    layer.build((None, 4, 4, 1))
    layer.enable_lora(2)
    assert layer.get_config()["lora_rank"] == 2
    with pytest.raises(RuntimeError, match="already"):
        layer.enable_lora(2)
    with pytest.raises(ValueError, match="kernel_constraint"):
        layers.Conv2D(2, 2, lora_rank=2, kernel_constraint="non_neg")
    with pytest.raises(ValueError, match="lora_rank"):
        layers.Conv2D(2, 2, lora_rank=0)
    # An AttributeError, as Keras (on torch, `nn.Module.__getattr__`
    # replaces its message).
    with pytest.raises(AttributeError, match="kernel"):
        layers.Conv2D(2, 2).kernel  # noqa: B018
