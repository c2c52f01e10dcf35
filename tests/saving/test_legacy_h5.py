"""tf.keras `.h5` files: Keras 3's legacy writer both ways, hand-built
tf.keras 2 / Keras 2.1 files (old config spellings), weights-only files,
`by_name` and the errors."""

import h5py
import numpy as np
import pytest

import cornu
from cornu.saving import InvalidFileError, WeightMismatchError, legacy_h5
from tests._oracle import import_keras
from tests.saving._models import BUILDERS, inputs_for, mlp, outputs, randomize
from tests.saving.fixtures import make_tf_keras2_files as fixtures

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
GRAPH_MODELS = sorted(set(BUILDERS) - {"subclassed"})


def _assert_same_outputs(a, b, x):
    for got, want in zip(outputs(a, x), outputs(b, x)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", GRAPH_MODELS)
def test_round_trip(name, tmp_path):
    path = str(tmp_path / "m.h5")
    model = BUILDERS[name](cornu)
    randomize(model)
    model.save(path)
    restored = cornu.saving.load_model(path)
    _assert_same_outputs(restored, model, inputs_for(name))
    with h5py.File(path, "r") as f:
        assert f.attrs["backend"] == cornu.backend.backend().encode()
        assert list(f["model_weights"].attrs["layer_names"]) == [
            layer.name.encode() for layer in model.layers]


@pytest.mark.oracle
@pytest.mark.parametrize("name", GRAPH_MODELS)
def test_keras_legacy_file_loads_in_cornu(name, tmp_path):
    keras = import_keras()
    path = str(tmp_path / "k.h5")
    keras_model = BUILDERS[name](keras)
    randomize(keras_model)
    keras_model.save(path)
    _assert_same_outputs(cornu.saving.load_model(path), keras_model,
                         inputs_for(name))


@pytest.mark.oracle
@pytest.mark.parametrize("name", GRAPH_MODELS)
def test_cornu_legacy_file_loads_in_keras(name, tmp_path):
    keras = import_keras()
    path = str(tmp_path / "c.h5")
    model = BUILDERS[name](cornu)
    randomize(model, seed=4)
    model.save(path)
    _assert_same_outputs(keras.saving.load_model(path), model,
                         inputs_for(name))


@pytest.mark.trainable
def test_compiled_round_trip_restores_optimizer(tmp_path):
    path = str(tmp_path / "m.h5")
    model = mlp(cornu)
    model.compile(optimizer="adam", loss="mse")
    x = inputs_for("mlp")
    model.fit(x, np.ones((2, 2), "float32"), verbose=0)
    model.save(path)
    restored = cornu.saving.load_model(path)
    assert restored.compiled
    for a, b in zip(model.optimizer.variables, restored.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.parametrize("writer", ["tf2_sequential", "keras21_sequential",
                                    "tf2_functional", "keras22_model"])
def test_tf_keras2_model_files(writer, tmp_path):
    path = str(tmp_path / f"{writer}.h5")
    weights = fixtures.mlp_weights()
    if writer == "keras22_model":
        fixtures.write_tf2_functional(path, weights, class_name="Model")
    else:
        getattr(fixtures, f"write_{writer}")(path, weights)
    model = cornu.saving.load_model(path, compile=False)
    x = inputs_for("mlp")
    np.testing.assert_allclose(outputs(model, x)[0],
                               fixtures.mlp_reference(weights, x),
                               rtol=1e-5, atol=1e-5)


@pytest.mark.trainable
def test_tf_keras2_training_config(tmp_path):
    path = str(tmp_path / "m.h5")
    fixtures.write_tf2_sequential(path, fixtures.mlp_weights())
    with pytest.warns(UserWarning, match="optimizer state"):
        model = cornu.saving.load_model(path)
    assert model.compiled
    assert type(model.optimizer).__name__ == "Adam"
    np.testing.assert_allclose(
        np.asarray(cornu.ops.convert_to_numpy(model.optimizer.learning_rate)),
        0.01)


def test_tf_keras2_weights_only_file(tmp_path):
    path = str(tmp_path / "w.h5")
    weights = fixtures.mlp_weights(seed=3)
    fixtures.write_tf2_weights_only(path, weights)
    model = mlp(cornu)
    model.load_weights(path)
    x = inputs_for("mlp")
    np.testing.assert_allclose(outputs(model, x)[0],
                               fixtures.mlp_reference(weights, x),
                               rtol=1e-5, atol=1e-5)
    with pytest.raises(InvalidFileError, match="weights only"):
        cornu.saving.load_model(path)


def test_by_name_loads_matching_layers(tmp_path):
    path = str(tmp_path / "w.h5")
    weights = fixtures.mlp_weights(seed=5)
    fixtures.write_tf2_weights_only(path, weights)
    L = cornu.layers
    model = cornu.Sequential([cornu.Input((3,)), L.Dense(4, name="dense"),
                              L.Dense(7, name="other")])
    model.load_weights(path, by_name=True)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(),
                                  weights["dense"][0])


def test_layer_count_and_shape_mismatch(tmp_path):
    path = str(tmp_path / "w.h5")
    fixtures.write_tf2_weights_only(path, fixtures.mlp_weights())
    L = cornu.layers
    three = cornu.Sequential([cornu.Input((3,)), L.Dense(4), L.Dense(2),
                              L.Dense(1)])
    with pytest.raises(WeightMismatchError, match="Layer count mismatch"):
        three.load_weights(path)
    wide = cornu.Sequential([cornu.Input((3,)), L.Dense(4), L.Dense(3)])
    with pytest.raises(WeightMismatchError, match=r"\(4, 3\).*\(4, 2\)"):
        wide.load_weights(path)
    with pytest.warns(UserWarning, match="Skipping"):
        wide.load_weights(path, skip_mismatch=True)
    np.testing.assert_array_equal(wide.layers[0].kernel.numpy(),
                                  fixtures.mlp_weights()["dense"][0])


def test_weights_only_round_trip(tmp_path):
    path = str(tmp_path / "w.h5")
    model = BUILDERS["multi_io"](cornu)
    randomize(model)
    legacy_h5.save_weights(model, path)
    other = BUILDERS["multi_io"](cornu)
    other.load_weights(path)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_long_name_lists_are_split(tmp_path):
    path = str(tmp_path / "m.h5")
    L = cornu.layers
    inputs = cornu.Input((2,))
    x = inputs
    for i in range(3):
        x = L.Dense(2, name=f"dense_{'x' * 30000}_{i}")(x)
    model = cornu.Model(inputs, x)
    randomize(model)
    model.save(path)
    with h5py.File(path, "r") as f:
        assert "layer_names" not in f["model_weights"].attrs
        assert "layer_names0" in f["model_weights"].attrs
    _assert_same_outputs(cornu.saving.load_model(path), model,
                         np.ones((1, 2), "float32"))


def test_unexpected_structure_is_a_clear_error(tmp_path):
    path = str(tmp_path / "w.h5")
    fixtures.write_tf2_weights_only(path, fixtures.mlp_weights())
    with h5py.File(path, "a") as f:
        del f["dense/dense/bias:0"]
        f["dense/dense/bias:0"] = np.array([b"text"])
    with pytest.raises(InvalidFileError, match="not a numeric dataset"):
        mlp(cornu).load_weights(path)
    with h5py.File(path, "a") as f:
        del f["dense"]
    with pytest.raises(InvalidFileError, match="has no group"):
        mlp(cornu).load_weights(path)


def test_old_config_spellings_are_upgraded():
    upgraded = legacy_h5.upgrade_config(
        {"class_name": "Sequential", "config": [{"class_name": "Dense"}]})
    assert upgraded["config"]["layers"] == [{"class_name": "Dense"}]
    upgraded = legacy_h5.upgrade_config(
        {"class_name": "Model", "config": {"layers": [],
                                           "input_layers": []}})
    assert upgraded["class_name"] == "Functional"
