"""The seed blog posts' models (`examples/seed_models.py`) end to end on the
engine under test: they build, summarize and run; ResNet50 has Keras's
25,636,712 parameters; and with the same weights every engine gives the
numbers Keras 3 gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import cornu
from examples import seed_models
from examples.resnet50 import ResNet50
from tests._oracle import import_keras

RESNET50_PARAMS = 25_636_712
SIZE = 64  # ResNet50 image size in tests; the parameter count is the same


def _numpy(x):
    return np.asarray(cornu.ops.convert_to_numpy(x))


def _summary(model, **kwargs) -> str:
    out = []
    model.summary(print_fn=out.append, **kwargs)
    return out[0]


@pytest.fixture(scope="module")
def resnet50():
    return ResNet50(input_shape=(SIZE, SIZE, 3))


@pytest.mark.parametrize("name", sorted(seed_models.SEED_MODELS))
def test_seed_model_builds_summarizes_and_runs(name):
    build, sample_shape = seed_models.SEED_MODELS[name]
    model = build()
    text = _summary(model)
    assert text.startswith(f'Model: "{model.name}"\n')
    assert " Total params: " in text
    x = np.random.default_rng(0).random((2, *sample_shape), "float32")
    y = _numpy(model(x))
    assert y.shape[0] == 2
    assert np.all(np.isfinite(y))


def test_parameter_counts():
    assert seed_models.cnn_sequential().count_params() == 2_770_634
    assert seed_models.dense_functional().count_params() == 1_056
    assert seed_models.mlp_functional().count_params() == 239_178
    assert seed_models.my_layer_model().count_params() == 128
    assert seed_models.subclassed_resnet().count_params() == 175_898


def test_pilot_sequential_summary_before_build():
    text = _summary(seed_models.pilot_sequential())
    assert "(Activation)" in text and " ? " in text
    assert " Total params: 0 (0.00 B)" in text


def test_resnet50_has_keras_parameter_count(resnet50):
    assert resnet50.count_params() == RESNET50_PARAMS
    assert len(resnet50.layers) == 177
    text = _summary(resnet50)
    assert f" Total params: {RESNET50_PARAMS:,} (97.80 MB)" in text
    assert " Non-trainable params: 53,120 (207.50 KB)" in text
    assert "Connected to" in text


def test_resnet50_forward_pass(resnet50):
    x = np.random.default_rng(1).random((1, SIZE, SIZE, 3), "float32")
    y = _numpy(resnet50(x))
    assert y.shape == (1, 1000)
    np.testing.assert_allclose(y.sum(), 1.0, rtol=1e-5)


def test_my_layer_matches_numpy_formula():
    model = seed_models.my_layer_model()
    layer = model.layers[-1]
    assert isinstance(layer, seed_models.MyLayer)
    kernel = layer.get_weights()[0]
    assert kernel.shape == (16, 8)
    # initializer="uniform" is Keras 2's RandomUniform(-0.05, 0.05).
    assert np.all(np.abs(kernel) <= 0.05) and kernel.std() > 0
    x = np.random.default_rng(2).random((4, 16), "float32")
    np.testing.assert_allclose(_numpy(model(x)), x @ kernel, rtol=1e-5,
                               atol=1e-6)
    assert layer.compute_output_shape((None, 16)) == (None, 8)


def test_subclassed_resnet_summary_lists_its_layers(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    model = seed_models.subclassed_resnet()
    text = _summary(model, line_length=150)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Conv2D", "Sequential", "BatchNormalization",
                     "GlobalAveragePooling2D", "Dense"]
    for layer in model.layers:
        assert f"│ {layer.name} ({type(layer).__name__}) " in text
    assert "│ dynamic-blocks (Sequential) " in text
    assert "(None, 7, 7, 64)" in text
    assert " Total params: 175,898 (687.10 KB)" in text
    nested = _summary(model, expand_nested=True, line_length=150)
    blocks = model.get_layer("dynamic-blocks").layers
    assert len(blocks) == 6
    for block in blocks:
        assert f"│    └ {block.name} (ResnetBlock) " in nested
        assert f"│       └ {block.conv1.name} (Conv2D) " in nested


def test_subclassed_resnet_inference_is_deterministic():
    model = seed_models.subclassed_resnet()
    x = np.random.default_rng(3).random((2, 28, 28, 1), "float32")
    first = _numpy(model(x, training=False))
    np.testing.assert_array_equal(first, _numpy(model(x, training=False)))
    assert first.shape == (2, 10)


# ---------------------------------------------------------------------------
# Keras 3 as the oracle: same architecture, same weights, same numbers
# ---------------------------------------------------------------------------
def _keras_cnn(keras):
    layers = keras.layers
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])


def _keras_mlp(keras):
    inputs = keras.Input(shape=(128,))
    x = inputs
    for units in (256, 512, 128, 64):
        x = keras.layers.Dense(units, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(10, "softmax")(x))


def _keras_dense(keras):
    a = keras.Input(shape=(32,))
    return keras.Model(a, keras.layers.Dense(32)(a))


@pytest.mark.oracle
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside Keras
@pytest.mark.parametrize("name, keras_builder, sample_shape", [
    ("cnn_sequential", _keras_cnn, (28, 28, 1)),
    ("mlp_functional", _keras_mlp, (128,)),
    ("dense_functional", _keras_dense, (32,)),
])
def test_same_weights_same_outputs_as_keras(name, keras_builder,
                                            sample_shape):
    keras = import_keras()
    model = seed_models.SEED_MODELS[name][0]()
    reference = keras_builder(keras)
    assert reference.count_params() == model.count_params()
    reference.set_weights(model.get_weights())
    x = np.random.default_rng(4).random((3, *sample_shape), "float32")
    want = np.asarray(keras.ops.convert_to_numpy(reference(x)))
    np.testing.assert_allclose(_numpy(model(x)), want, rtol=1e-4,
                               atol=1e-5)


_KERAS_RESNET50 = textwrap.dedent("""
    import json, sys
    import numpy as np
    import keras
    size, folder = int(sys.argv[1]), sys.argv[2]
    model = keras.applications.ResNet50(
        weights=None,
        input_tensor=keras.Input(shape=(size, size, 3), name="input_layer"))
    with np.load(f"{folder}/weights.npz") as f:
        for layer in model.layers:
            n = len(layer.weights)
            layer.set_weights([f[f"{layer.name}:{i}"] for i in range(n)])
    with open(f"{folder}/paths.json", "w") as f:
        json.dump([w.path for w in model.weights], f)
    x = np.load(f"{folder}/x.npy")
    np.save(f"{folder}/y.npy", keras.ops.convert_to_numpy(model(x)))
    lines = []
    model.summary(print_fn=lines.append)
    with open(f"{folder}/summary.json", "w") as f:
        json.dump({"summary": lines[0],
                   "params": model.count_params()}, f)
""")


@pytest.mark.oracle
def test_resnet50_matches_keras_applications(resnet50, tmp_path,
                                             monkeypatch):
    """Keras applications' ResNet50 (run with Keras's NumPy backend in a
    subprocess, the cheapest exact oracle) loads cornu's weights, predicts
    the same probabilities and prints the same summary."""
    import_keras()
    columns = "120"
    monkeypatch.setenv("COLUMNS", columns)
    rng = np.random.default_rng(5)
    arrays = {}
    for layer in resnet50.layers:
        weights = layer.get_weights()
        # Non-trivial batch-norm statistics, so inference mode is tested.
        weights = [w + rng.uniform(0.5, 1.0, w.shape).astype(w.dtype)
                   if w.ndim == 1 else w for w in weights]
        layer.set_weights(weights)
        arrays.update({f"{layer.name}:{i}": w for i, w in enumerate(weights)})
    x = rng.random((2, SIZE, SIZE, 3), "float32")
    # Scale the classifier so the logits are O(1) and the probabilities
    # are far from 0 and 1 (a saturated softmax compares nothing).
    features = _numpy(cornu.Model(
        resnet50.input, resnet50.get_layer("avg_pool").output)(x))
    head = resnet50.get_layer("predictions")
    kernel, bias = head.get_weights()
    kernel = kernel * np.float32(2.0 / ((features @ kernel).std() + 1e-12))
    head.set_weights([kernel, bias])
    arrays.update({"predictions:0": kernel, "predictions:1": bias})
    np.savez(tmp_path / "weights.npz", **arrays)
    np.save(tmp_path / "x.npy", x)
    env = {**os.environ, "KERAS_BACKEND": "numpy", "COLUMNS": columns}
    subprocess.run([sys.executable, "-c", _KERAS_RESNET50, str(SIZE),
                    str(tmp_path)], check=True, env=env, timeout=600)
    with open(tmp_path / "summary.json") as f:
        keras_result = json.load(f)
    assert keras_result["params"] == RESNET50_PARAMS
    want = np.load(tmp_path / "y.npy")
    got = _numpy(resnet50(x))
    assert want.max() < 0.9  # not saturated
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    assert _summary(resnet50).splitlines() == (
        keras_result["summary"].splitlines())
    with open(tmp_path / "paths.json") as f:
        keras_paths = json.load(f)
    # Per-layer order: each layer's own weights, then its sublayers'.
    assert sorted(v.path for v in resnet50.weights) == sorted(keras_paths)


@pytest.mark.oracle
def test_model_weight_order_matches_keras():
    keras = import_keras()
    model = cornu.Sequential([cornu.Input((3,)),
                              cornu.layers.BatchNormalization(name="bn"),
                              cornu.layers.Dense(2, name="fc")])
    reference = keras.Sequential([keras.Input((3,)),
                                  keras.layers.BatchNormalization(name="bn"),
                                  keras.layers.Dense(2, name="fc")])
    assert ["/".join(v.path.split("/")[-2:]) for v in model.weights] == [
        "/".join(v.path.split("/")[-2:]) for v in reference.weights]
