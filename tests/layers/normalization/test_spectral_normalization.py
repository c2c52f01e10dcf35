"""Tests for `SpectralNormalization`: the normalized kernel against NumPy
and Keras 3 with the same weights, inference, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops, utils
from cornu.testing import check_layer
from tests._oracle import import_keras
from tests.layers._keras_layers import _quiet_keras, config_diff


def _numpy_step(kernel, u, iterations):
    w = kernel.reshape(-1, kernel.shape[-1]).astype("float64")
    u = u.astype("float64")
    for _ in range(iterations):
        v = u @ w.T
        v = v / np.linalg.norm(v)
        u = v @ w
        u = u / np.linalg.norm(u)
    sigma = (v @ w @ u.T).item()
    return u, kernel / sigma


def test_conformance_inference_wraps_the_layer():
    def reference(x, weights):
        kernel, _, bias = weights  # Keras's order: kernel, vector_u, bias
        return x @ kernel + bias

    check_layer(layers.SpectralNormalization,
                {"layer": layers.Dense(3, bias_initializer="ones")},
                input_shape=(2, 4), expected_output_shape=(2, 3),
                expected_num_trainable_weights=2,
                expected_num_non_trainable_weights=1,
                reference=reference)


@pytest.mark.parametrize("iterations", [1, 3])
def test_training_normalizes_the_kernel(iterations):
    rng = np.random.default_rng(0)
    dense = layers.Dense(3)
    layer = layers.SpectralNormalization(dense, power_iterations=iterations)
    x = rng.standard_normal((2, 4)).astype("float32")
    layer.build(x.shape)
    kernel = rng.standard_normal((4, 3)).astype("float32")
    u = rng.standard_normal((1, 3)).astype("float32")
    dense._kernel.assign(kernel)
    layer.vector_u.assign(u)
    out = ops.convert_to_numpy(layer(x, training=True))
    want_u, want_kernel = _numpy_step(kernel, u, iterations)
    np.testing.assert_allclose(ops.convert_to_numpy(dense.kernel),
                               want_kernel, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.vector_u), want_u,
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out, x @ want_kernel, rtol=1e-5, atol=1e-5)
    # Inference uses the normalized kernel and changes nothing.
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), out,
                               rtol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(dense.kernel),
                               want_kernel, rtol=1e-5, atol=1e-6)


def test_many_steps_reach_spectral_norm_one():
    # Seeded: power iteration converges at the rate of the kernel's two top
    # singular values' ratio, which an unseeded draw can make slow.
    utils.set_random_seed(3)
    dense = layers.Conv2D(4, 3)
    layer = layers.SpectralNormalization(dense, power_iterations=20)
    x = np.ones((1, 5, 5, 2), "float32")
    layer(x, training=True)
    kernel = ops.convert_to_numpy(dense.kernel).reshape(-1, 4)
    np.testing.assert_allclose(np.linalg.norm(kernel, 2), 1.0, rtol=1e-3)


@pytest.mark.oracle
def test_matches_keras_with_same_weights():
    keras = import_keras()
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 4)).astype("float32")
    values = {"kernel": rng.standard_normal((4, 3)).astype("float32"),
              "bias": rng.standard_normal((3,)).astype("float32"),
              "vector_u": rng.standard_normal((1, 3)).astype("float32")}
    ours = layers.SpectralNormalization(layers.Dense(3, name="d"),
                                        power_iterations=2, name="sn")
    ours.build(x.shape)
    for v in ours.weights:
        v.assign(values[v.name])
    with _quiet_keras():
        theirs = keras.layers.SpectralNormalization(
            keras.layers.Dense(3, name="d"), power_iterations=2, name="sn")
        theirs.build(x.shape)
        for v in theirs.weights:
            v.assign(values[v.name])
        want = keras.ops.convert_to_numpy(
            theirs(keras.ops.convert_to_tensor(x), training=True))
    assert [v.name for v in ours.weights] == [v.name for v in theirs.weights]
    got = ops.convert_to_numpy(ours(x, training=True))
    np.testing.assert_allclose(got, np.asarray(want), rtol=1e-5, atol=1e-5)
    config = ours.get_config()
    assert config_diff(config, theirs.get_config()) == {}
    again = layers.SpectralNormalization.from_config(config)
    assert isinstance(again.layer, layers.Dense)


def test_errors():
    with pytest.raises(ValueError, match="power_iterations"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="layer"):
        layers.SpectralNormalization("dense")
    with pytest.raises(ValueError, match="kernel"):
        layers.SpectralNormalization(layers.Dropout(0.1))(
            np.ones((1, 2), "float32"))


@pytest.mark.oracle
def test_keras_archives_load_both_ways(tmp_path):
    import cornu

    keras = import_keras()
    x = np.random.default_rng(3).standard_normal((2, 4)).astype("float32")
    with _quiet_keras():
        k_in = keras.Input(shape=(4,))
        k_model = keras.Model(k_in, keras.layers.SpectralNormalization(
            keras.layers.Dense(3, bias_initializer="random_normal"))(k_in))
        k_model.save(tmp_path / "keras.keras")
        want = keras.ops.convert_to_numpy(k_model(x))
    ours = cornu.saving.load_model(tmp_path / "keras.keras")
    np.testing.assert_allclose(ours.predict(x, verbose=0), want, rtol=1e-5,
                               atol=1e-5)
    ours.save(tmp_path / "cornu.keras")
    with _quiet_keras():
        back = keras.saving.load_model(tmp_path / "cornu.keras")
        np.testing.assert_allclose(keras.ops.convert_to_numpy(back(x)), want,
                                   rtol=1e-5, atol=1e-5)
