"""Tests for `Dense`: conformance, a NumPy reference, Keras 3 with the same
weights, LoRA, regularization and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

CASES = {
    "2d": ({"units": 3}, (2, 4)),
    "3d": ({"units": 5, "activation": "relu"}, (2, 3, 4)),
    "4d_no_bias": ({"units": 2, "use_bias": False}, (2, 3, 2, 4)),
    "tanh_random_bias": ({"units": 4, "activation": "tanh",
                          "bias_initializer": "random_normal"}, (3, 6)),
    "regularized_constrained": ({
        "units": 3, "kernel_regularizer": "l2", "bias_regularizer": "l1",
        "activity_regularizer": "l1", "kernel_constraint": "max_norm",
        "bias_constraint": "non_neg"}, (2, 4)),
}
ACTIVATIONS = {None: lambda z: z, "relu": lambda z: np.maximum(z, 0),
               "tanh": np.tanh}


def _reference(kwargs):
    def reference(x, weights):
        z = x @ weights[0]
        if kwargs.get("use_bias", True):
            z = z + weights[1]
        return ACTIVATIONS[kwargs.get("activation")](z)
    return reference


@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance_and_numpy_reference(case):
    kwargs, shape = CASES[case]
    n_weights = 2 if kwargs.get("use_bias", True) else 1
    check_layer(
        layers.Dense, kwargs, input_shape=shape,
        expected_output_shape=(*shape[:-1], kwargs["units"]),
        expected_output_dtype="float32",
        expected_num_trainable_weights=n_weights,
        expected_num_non_trainable_weights=0,
        reference=_reference(kwargs), supports_masking=True)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    kwargs, shape = CASES[case]
    kwargs = {**kwargs, "name": "dense_oracle"}
    x = np.random.default_rng(1).standard_normal(shape).astype("float32")
    layer = layers.Dense(**kwargs)
    out = ops.convert_to_numpy(layer(x))
    theirs = keras_layer("Dense", kwargs, shape, layer.get_weights())
    np.testing.assert_allclose(out, keras_output(theirs, x), rtol=1e-5,
                               atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


def test_weight_names_and_order():
    layer = layers.Dense(3, name="d")
    layer.build((None, 4))
    assert [v.path for v in layer.weights] == ["d/kernel", "d/bias"]
    assert [tuple(v.shape) for v in layer.weights] == [(4, 3), (3,)]


def test_default_initializers():
    layer = layers.Dense(3)
    layer.build((None, 4))
    limit = np.sqrt(6 / (4 + 3))
    kernel, bias = layer.get_weights()
    assert np.all(np.abs(kernel) <= limit) and kernel.std() > 0
    np.testing.assert_array_equal(bias, 0.0)


def test_symbolic_output_keeps_unknown_dims():
    x = layers.Input(batch_shape=(None, None, 4))
    assert layers.Dense(3)(x).shape == (None, None, 3)


def test_input_dim_keyword_sets_the_model_input():
    model = cornu.Sequential([layers.Dense(3, input_dim=4)])
    assert model.input_shape == (None, 4)


def test_regularization_losses():
    layer = layers.Dense(2, kernel_regularizer=cornu.regularizers.L2(0.1),
                         activity_regularizer=cornu.regularizers.L1(0.01))
    x = np.ones((2, 3), dtype="float32")
    out = ops.convert_to_numpy(layer(x))
    kernel = layer.get_weights()[0]
    losses = sorted(float(ops.convert_to_numpy(v)) for v in layer.losses)
    # The activity penalty is per sample: divided by the batch size (2).
    expected = sorted([0.1 * np.sum(kernel**2),
                       0.01 * np.sum(np.abs(out)) / 2])
    np.testing.assert_allclose(losses, expected, rtol=1e-5)


def test_kernel_and_bias_attributes():
    layer = layers.Dense(2)
    with pytest.raises(RuntimeError, match="not built"):
        layer.kernel  # noqa: B018
    layer.build((None, 3))
    assert layer.kernel is layer.weights[0]
    assert layer.bias is layer.weights[1]
    no_bias = layers.Dense(2, use_bias=False)
    no_bias.build((None, 3))
    assert no_bias.bias is None


# ---------------------------------------------------------------------------
# LoRA
# ---------------------------------------------------------------------------
def test_lora_freezes_kernel_and_trains_factors():
    layer = layers.Dense(3, lora_rank=2, name="lo")
    x = np.random.default_rng(2).standard_normal((4, 5)).astype("float32")
    layer(x)
    assert [v.path for v in layer.trainable_weights] == [
        "lo/bias", "lo/lora_kernel_a", "lo/lora_kernel_b"]
    assert [v.path for v in layer.non_trainable_weights] == ["lo/kernel"]
    # b starts at zero, so the output is the plain Dense output.
    kernel = layer._kernel.numpy()
    bias = layer.bias.numpy()
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               x @ kernel + bias, rtol=1e-5, atol=1e-6)
    a = np.ones((5, 2), dtype="float32")
    b = np.full((2, 3), 0.5, dtype="float32")
    layer.lora_kernel_a.assign(a)
    layer.lora_kernel_b.assign(b)
    expected = x @ (kernel + (2 / 2) * a @ b) + bias
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), expected,
                               rtol=1e-5, atol=1e-5)


def test_lora_alpha_scales_the_update():
    layer = layers.Dense(3, lora_rank=2, lora_alpha=6.0)
    layer.build((None, 4))
    layer.lora_kernel_a.assign(np.ones((4, 2), dtype="float32"))
    layer.lora_kernel_b.assign(np.ones((2, 3), dtype="float32"))
    expected = layer._kernel.numpy() + 3.0 * np.full((4, 3), 2.0)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.kernel), expected,
                               rtol=1e-6)


def test_lora_conformance():
    check_layer(layers.Dense, {"units": 3, "lora_rank": 2},
                input_shape=(2, 4), expected_output_shape=(2, 3),
                expected_num_trainable_weights=3,
                expected_num_non_trainable_weights=1)


def test_enable_lora_after_build_and_errors():
    layer = layers.Dense(3)
    with pytest.raises(RuntimeError, match="built"):
        layer.enable_lora(2)
    layer.build((None, 4))
    layer.enable_lora(2)
    assert layer.lora_enabled and layer.get_config()["lora_rank"] == 2
    with pytest.raises(RuntimeError, match="already enabled"):
        layer.enable_lora(2)
    with pytest.raises(ValueError, match="kernel_constraint"):
        layers.Dense(3, lora_rank=2, kernel_constraint="non_neg")


@pytest.mark.oracle
def test_lora_matches_keras():
    # Keras 3.15 resets `lora_alpha` to `lora_rank` when it builds (its
    # `build` calls `enable_lora(rank)`), so the oracle uses the default.
    kwargs = {"units": 3, "lora_rank": 2, "name": "lo"}
    x = np.random.default_rng(3).standard_normal((2, 5)).astype("float32")
    layer = layers.Dense(**kwargs)
    layer.build((None, 5))
    rng = np.random.default_rng(4)
    by_name = {v.name: rng.standard_normal(v.shape).astype("float32")
               for v in layer.weights}
    for v in layer.weights:
        v.assign(by_name[v.name])
    theirs = keras_layer("Dense", kwargs, (None, 5))
    theirs.set_weights([by_name[v.name] for v in theirs.weights])
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               keras_output(theirs, x), rtol=1e-5, atol=1e-5)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("units", [0, -1, 2.5, "3", None, True])
def test_bad_units(units):
    with pytest.raises(ValueError, match="units"):
        layers.Dense(units)


def test_bad_lora_rank():
    with pytest.raises(ValueError, match="lora_rank"):
        layers.Dense(3, lora_rank=0)


def test_quantization_is_not_supported():
    with pytest.raises(NotImplementedError, match="quantization_config"):
        layers.Dense(3, quantization_config={"mode": "int8"})


@pytest.mark.parametrize("shape", [(3,), ()])
def test_rank_below_two_names_layer_and_shape(shape):
    layer = layers.Dense(3, name="head")
    x = np.ones(shape, dtype="float32")
    with pytest.raises(ValueError, match=r"head.*\(3,\)|head.*\(\)"):
        layer(x)
    assert layer.weights == [] or not layer.built


def test_rank_below_two_in_build():
    with pytest.raises(ValueError, match=r"'head'.*rank 2.*\(4,\)"):
        layers.Dense(3, name="head").build((4,))


def test_wrong_feature_size_after_build():
    layer = layers.Dense(3, name="head")
    layer(np.ones((2, 4), dtype="float32"))
    with pytest.raises(ValueError, match=r"head"):
        layer(np.ones((2, 5), dtype="float32"))


def test_unknown_last_dim():
    with pytest.raises(ValueError, match="last input dimension"):
        layers.Dense(3)(layers.Input(batch_shape=(None, None)))


@pytest.mark.trainable
def test_gradient_numbers():
    layer = layers.Dense(2)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    layer(x)
    grads = cornu.testing.gradients(lambda: layer(x), layer.trainable_weights)
    kernel_grad, bias_grad = (ops.convert_to_numpy(g) for g in grads)
    np.testing.assert_allclose(kernel_grad, np.repeat(
        x.sum(0)[:, None], 2, axis=1))
    np.testing.assert_allclose(bias_grad, [2.0, 2.0])
