"""Tests for `LayerNormalization`: NumPy and Keras 3 values with the same
weights, several axes, rms_scaling, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.backend import backend
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

CASES = {
    "last": ({}, 2),
    "two_axes": ({"axis": [1, 2]}, 2),
    "middle": ({"axis": 1, "epsilon": 1e-5}, 2),
    "no_center": ({"center": False}, 1),
    "no_scale_no_center": ({"scale": False, "center": False}, 0),
    "rms_scaling": ({"rms_scaling": True}, 1),
}


def _reference(kwargs):
    def reference(x, weights):
        axis = kwargs.get("axis", -1)
        axes = tuple(axis) if isinstance(axis, list) else (axis,)
        shape = [n if i in [a % x.ndim for a in axes] else 1
                 for i, n in enumerate(x.shape)]
        eps = kwargs.get("epsilon", 1e-3)
        x = x.astype("float64")
        var = x.var(axis=axes, keepdims=True)
        if kwargs.get("rms_scaling"):
            return x / np.sqrt(var + eps) * weights[0].reshape(shape)
        out = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(var + eps)
        weights = list(weights)
        if kwargs.get("scale", True):
            out = out * weights.pop(0).reshape(shape)
        if kwargs.get("center", True):
            out = out + weights.pop(0).reshape(shape)
        return out
    return reference


# The harness on three cases; every case is checked against Keras below.
@pytest.mark.parametrize("case", ["two_axes", "no_center", "rms_scaling"])
def test_conformance(case):
    kwargs, n_weights = CASES[case]
    kwargs = {**kwargs, "gamma_initializer": "random_uniform",
              "beta_initializer": "random_normal"}
    check_layer(layers.LayerNormalization, kwargs, input_shape=(2, 3, 4),
                expected_output_shape=(2, 3, 4),
                expected_output_dtype="float32",
                expected_num_trainable_weights=n_weights,
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=_reference(kwargs),
                rtol=1e-4, atol=1e-5)


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case):
    if case == "middle" and backend() == "torch":
        pytest.skip("Keras 3.15 on torch fails for a non-trailing axis "
                    "(its `torch.layer_norm` path); checked on jax.")
    kwargs = {**CASES[case][0], "name": "ln"}
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4)).astype("float32")
    ours = layers.LayerNormalization(**kwargs)
    ours.build(x.shape)
    weights = [rng.standard_normal(w.shape).astype("float32")
               for w in ours.get_weights()]
    ours.set_weights(weights)
    with pytest.warns(UserWarning) if kwargs.get("rms_scaling") else (
            _nothing()):
        theirs = keras_layer("LayerNormalization", kwargs, x.shape, weights)
        expected = keras_output(theirs, x)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)), expected,
                               rtol=1e-5, atol=1e-5)
    assert [v.name for v in ours.weights] == [v.name for v in theirs.weights]
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_float16_input_is_normalized_in_float32():
    layer = layers.LayerNormalization(dtype="float16")
    x = np.array([[1000.0, 1001.0, 1002.0]], "float16")
    out = ops.convert_to_numpy(layer(x))
    assert out.dtype == np.float16
    np.testing.assert_allclose(out, [[-1.2238, 0.0, 1.2238]], rtol=1e-2)


def test_symbolic_with_unknown_batch():
    out = layers.LayerNormalization(axis=[1, 2])(
        layers.Input(shape=(3, 4)))
    assert tuple(out.shape) == (None, 3, 4)


def test_bad_arguments():
    with pytest.raises(TypeError, match="axis"):
        layers.LayerNormalization(axis="last")
    with pytest.raises(TypeError, match="epsilon"):
        layers.LayerNormalization(epsilon="small")
    with pytest.raises(TypeError, match="center"):
        layers.LayerNormalization(center=1)
    with pytest.raises(ValueError, match="axis"):
        layers.LayerNormalization(axis=3)(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="axis"):
        layers.LayerNormalization(axis=[1, -1])(np.zeros((2, 3), "float32"))


@pytest.mark.trainable
def test_learns_a_scaled_sign_task():
    import cornu

    # Each feature's normalized value, scaled per feature: LayerNorm's
    # gamma and beta learn it exactly.
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 4)).astype("float32") * 5 + 3
    normalized = (x - x.mean(-1, keepdims=True)) / np.sqrt(
        x.var(-1, keepdims=True) + 1e-3)
    y = normalized * np.array([2.0, -1.0, 0.5, 1.5]) + 0.3
    model = cornu.Sequential([layers.Input(shape=(4,)),
                              layers.LayerNormalization()])
    model.compile(optimizer=cornu.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, epochs=60, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 1e-3
