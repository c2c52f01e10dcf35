"""Model configs move both ways between cornu and Keras 3: a model Keras
describes rebuilds in cornu and predicts the same numbers with Keras's
weights, and the reverse."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import cornu
from cornu import ops
from tests._oracle import import_keras

pytestmark = pytest.mark.oracle


def _functional(lib):
    layers = lib.layers
    inputs = lib.Input(shape=(8, 8, 3), name="image")
    extra = lib.Input(shape=(4,), name="extra")
    x = layers.ZeroPadding2D(1, name="pad")(inputs)
    x = layers.Conv2D(4, 3, strides=2, name="conv")(x)
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    x = layers.MaxPooling2D(2, name="pool")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    y = layers.Dense(4, name="side")(extra)
    x = layers.Concatenate(name="cat")([x, y])
    h = layers.Dense(4, activation="tanh", name="h")(x)
    x = layers.Add(name="add")([h, y])
    out = layers.Dense(3, activation="softmax", name="out")(x)
    return lib.Model([inputs, extra], [out, h], name="net")


def _sequential(lib):
    layers = lib.layers
    return lib.Sequential([
        lib.Input(shape=(6,)),
        layers.Dense(5, activation="relu", name="d1"),
        layers.Dropout(0.5, name="drop"),
        layers.Reshape((5, 1), name="reshape"),
        layers.Flatten(name="flat"),
        layers.Dense(2, name="d2"),
    ], name="seq")


def _data():
    rng = np.random.default_rng(0)
    return [rng.normal(size=(2, 8, 8, 3)).astype("float32"),
            rng.normal(size=(2, 4)).astype("float32")]


def _keras_numpy(keras, out):
    outs = out if isinstance(out, (list, tuple)) else [out]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [np.asarray(keras.ops.convert_to_numpy(o)) for o in outs]


def _cornu_numpy(out):
    outs = out if isinstance(out, (list, tuple)) else [out]
    return [ops.convert_to_numpy(o) for o in outs]


@pytest.mark.parametrize("build,data", [
    (_functional, _data),
    (_sequential, lambda: np.random.rand(3, 6).astype("float32")),
])
def test_keras_model_config_rebuilds_in_cornu(build, data):
    keras = import_keras()
    reference = build(keras)
    model = cornu.models.model_from_json(reference.to_json())
    assert type(model).__name__ == type(reference).__name__
    assert [layer.name for layer in model.layers] == [
        layer.name for layer in reference.layers]
    assert model.count_params() == reference.count_params()
    model.set_weights(reference.get_weights())
    x = data()
    for got, want in zip(_cornu_numpy(model(x)),
                         _keras_numpy(keras, reference(x))):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("build,data", [
    (_functional, _data),
    (_sequential, lambda: np.random.rand(3, 6).astype("float32")),
])
def test_cornu_model_config_rebuilds_in_keras(build, data):
    keras = import_keras()
    model = build(cornu)
    reference = keras.models.model_from_json(model.to_json())
    assert [layer.name for layer in reference.layers] == [
        layer.name for layer in model.layers]
    reference.set_weights(model.get_weights())
    x = data()
    for got, want in zip(_cornu_numpy(model(x)),
                         _keras_numpy(keras, reference(x))):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_layer_configs_equal_keras():
    keras = import_keras()
    ours, theirs = _functional(cornu), _functional(keras)
    for a, b in zip(ours.layers, theirs.layers):
        assert _jsonish(a.get_config()) == _jsonish(b.get_config()), a.name


def _jsonish(config):
    import json

    return json.loads(json.dumps(config))
