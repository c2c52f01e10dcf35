"""Tests for `Dropout`: identity at inference, the dropout statistics in
training, `noise_shape`, seeds, config and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.random import SeedGenerator
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


@pytest.mark.parametrize("kwargs", [
    {"rate": 0.5},
    {"rate": 0.0},
    {"rate": 0.3, "noise_shape": (None, 1, None), "seed": 3},
])
def test_conformance_inference_is_identity(kwargs):
    check_layer(
        layers.Dropout, kwargs, input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4), expected_output_dtype="float32",
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        reference=lambda x, w: x, supports_masking=True)


def test_conformance_in_training():
    out = check_layer(layers.Dropout, {"rate": 0.5, "seed": 1},
                      input_shape=(4, 8), call_kwargs={"training": True},
                      expected_output_shape=(4, 8))
    values = ops.convert_to_numpy(out)
    assert np.any(values == 0.0)


def test_training_drops_and_rescales():
    rate = 0.25
    layer = layers.Dropout(rate, seed=7)
    x = np.ones((200, 100), dtype="float32")
    out = ops.convert_to_numpy(layer(x, training=True))
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1 / (1 - rate), rtol=1e-6)
    assert abs(kept.mean() - (1 - rate)) < 0.01
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)), x)


def test_noise_shape_broadcasts_one_draw():
    layer = layers.Dropout(0.5, noise_shape=(None, 1, None), seed=2)
    x = np.ones((4, 6, 5), dtype="float32")
    out = ops.convert_to_numpy(layer(x, training=True))
    # The same features are dropped at every timestep.
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1], out.shape))


def test_seed_gives_reproducible_masks():
    x = np.ones((8, 16), dtype="float32")
    a = ops.convert_to_numpy(layers.Dropout(0.5, seed=11)(x, training=True))
    b = ops.convert_to_numpy(layers.Dropout(0.5, seed=11)(x, training=True))
    np.testing.assert_array_equal(a, b)
    layer = layers.Dropout(0.5, seed=11)
    first = ops.convert_to_numpy(layer(x, training=True))
    second = ops.convert_to_numpy(layer(x, training=True))
    assert not np.array_equal(first, second)  # the generator advances


def test_has_a_seed_generator_and_no_weights():
    layer = layers.Dropout(0.5, seed=1)
    assert isinstance(layer.seed_generator, SeedGenerator)
    assert layer.weights == []
    assert len(layer.non_trainable_variables) == 1  # the generator state


def test_rate_one_drops_everything():
    x = np.ones((3, 4), dtype="float32")
    layer = layers.Dropout(1.0, seed=0)
    out = ops.convert_to_numpy(layer(x, training=True))
    np.testing.assert_array_equal(out, 0.0)


@pytest.mark.oracle
def test_config_and_inference_match_keras():
    kwargs = {"rate": 0.3, "noise_shape": (None, 1), "seed": 5,
              "name": "drop"}
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    layer = layers.Dropout(**kwargs)
    theirs = keras_layer("Dropout", kwargs, x.shape)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               keras_output(theirs, x))
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


@pytest.mark.parametrize("rate", [-0.1, 1.5, "0.5", None])
def test_bad_rate(rate):
    with pytest.raises(ValueError, match="rate"):
        layers.Dropout(rate)


@pytest.mark.parametrize("noise_shape", ["abc", (2, 0), (2, -1), (2, 1.5), 3])
def test_bad_noise_shape(noise_shape):
    with pytest.raises(ValueError, match="noise_shape"):
        layers.Dropout(0.5, noise_shape=noise_shape)


def test_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        layers.Dropout(0.5, seed="x")


@pytest.mark.trainable
def test_rate_one_has_finite_gradients():
    from cornu.testing import gradients

    x = cornu.backend.Variable(np.ones((3, 4), dtype="float32"))
    layer = layers.Dropout(1.0, seed=0)
    (grad,) = gradients(lambda: layer(x, training=True), [x])
    # torch reports no gradient (None), jax a zero one; never NaN.
    if grad is not None:
        np.testing.assert_array_equal(ops.convert_to_numpy(grad), 0.0)
