"""The `.keras` archive: round trips in cornu, files moving both ways with
Keras 3, compile configuration and optimizer state, custom objects and
safe mode."""

import json
import zipfile

import numpy as np
import pytest

import cornu
from tests._oracle import import_keras
from tests.saving._models import (
    BUILDERS,
    inputs_for,
    mlp,
    outputs,
    randomize,
    subclassed_classes,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
GRAPH_MODELS = sorted(set(BUILDERS) - {"subclassed"})


def _assert_same_outputs(a, b, x):
    for got, want in zip(outputs(a, x), outputs(b, x)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", GRAPH_MODELS)
def test_round_trip(name, tmp_path):
    path = str(tmp_path / "m.keras")
    model = BUILDERS[name](cornu)
    randomize(model)
    model.save(path)
    restored = cornu.saving.load_model(path)
    assert type(restored) is type(model)
    assert restored.get_config() == model.get_config()
    x = inputs_for(name)
    _assert_same_outputs(restored, model, x)


def test_archive_members(tmp_path):
    path = str(tmp_path / "m.keras")
    mlp(cornu).save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["metadata.json", "config.json",
                                 "model.weights.h5"]
        assert all(i.compress_type == zipfile.ZIP_STORED
                   for i in zf.infolist())
        metadata = json.loads(zf.read("metadata.json"))
        config = json.loads(zf.read("config.json"))
    assert metadata["cornu_version"] == cornu.__version__
    assert metadata["keras_version"].startswith("3.")
    assert config["class_name"] == "Sequential"
    assert "compile_config" not in config


def test_entry_points_agree(tmp_path):
    path = str(tmp_path / "m.keras")
    model = mlp(cornu)
    cornu.saving.save_model(model, path)
    x = inputs_for("mlp")
    _assert_same_outputs(cornu.models.load_model(path), model, x)
    _assert_same_outputs(cornu.saving.load_model(path), model, x)


def test_bad_extensions(tmp_path):
    model = mlp(cornu)
    with pytest.raises(ValueError, match="Invalid filepath extension"):
        model.save(str(tmp_path / "m.bin"))
    with pytest.raises(ValueError, match="File format not supported"):
        cornu.saving.load_model(str(tmp_path / "m.bin"))


def test_overwrite_false_keeps_the_file(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    path.write_bytes(b"old")
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    mlp(cornu).save(str(path), overwrite=False)
    assert path.read_bytes() == b"old"


@pytest.mark.oracle
@pytest.mark.parametrize("name", GRAPH_MODELS)
def test_keras_archive_loads_in_cornu(name, tmp_path):
    keras = import_keras()
    path = str(tmp_path / "k.keras")
    keras_model = BUILDERS[name](keras)
    randomize(keras_model)
    keras_model.save(path)
    model = cornu.saving.load_model(path)
    _assert_same_outputs(model, keras_model, inputs_for(name))


@pytest.mark.oracle
@pytest.mark.parametrize("name", GRAPH_MODELS)
def test_cornu_archive_loads_in_keras(name, tmp_path):
    keras = import_keras()
    path = str(tmp_path / "c.keras")
    model = BUILDERS[name](cornu)
    randomize(model, seed=5)
    model.save(path)
    keras_model = keras.saving.load_model(path)
    _assert_same_outputs(keras_model, model, inputs_for(name))


def _train_data():
    rng = np.random.default_rng(0)
    return (rng.normal(size=(8, 3)).astype("float32"),
            rng.normal(size=(8, 2)).astype("float32"))


def _fit(model, epochs=1):
    x, y = _train_data()
    model.fit(x, y, epochs=epochs, batch_size=4, shuffle=False, verbose=0)


@pytest.mark.trainable
def test_training_resumes_exactly(tmp_path):
    path = str(tmp_path / "m.keras")
    model = mlp(cornu)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    _fit(model)
    model.save(path)
    restored = cornu.saving.load_model(path)
    assert restored.compiled
    assert type(restored.optimizer) is type(model.optimizer)
    for a, b in zip(model.optimizer.variables, restored.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    _fit(model)
    _fit(restored)
    for a, b in zip(model.get_weights(), restored.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.trainable
def test_compile_false_skips_compile_config(tmp_path):
    path = str(tmp_path / "m.keras")
    model = mlp(cornu)
    model.compile(optimizer="sgd", loss="mse")
    model.save(path)
    assert not cornu.saving.load_model(path, compile=False).compiled


@pytest.mark.oracle
@pytest.mark.trainable
def test_keras_optimizer_state_loads_in_cornu(tmp_path):
    keras = import_keras()
    path = str(tmp_path / "k.keras")
    keras_model = mlp(keras)
    keras_model.compile(optimizer="adam", loss="mse")
    _fit(keras_model)
    keras_model.save(path)
    model = cornu.saving.load_model(path)
    assert model.compiled
    want = [keras.ops.convert_to_numpy(v)
            for v in keras_model.optimizer.variables]
    got = [v.numpy() for v in model.optimizer.variables]
    assert len(got) == len(want)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    # Both continue from the same state to the same weights.
    _fit(keras_model)
    _fit(model)
    for a, b in zip(model.get_weights(), keras_model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


@pytest.mark.oracle
@pytest.mark.trainable
def test_cornu_optimizer_state_loads_in_keras(tmp_path):
    keras = import_keras()
    path = str(tmp_path / "c.keras")
    model = mlp(cornu)
    model.compile(optimizer="adam", loss="mse")
    _fit(model)
    model.save(path)
    keras_model = keras.saving.load_model(path)
    want = [v.numpy() for v in model.optimizer.variables]
    got = [keras.ops.convert_to_numpy(v)
           for v in keras_model.optimizer.variables]
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def _scale_class(k, register):
    class Scale(k.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],),
                                     initializer="ones", name="w")

        def call(self, x):
            return x * self.w * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    if register:
        Scale = k.saving.register_keras_serializable(
            package="cornu_saving_test")(Scale)
    return Scale


def _with_scale(k, scale_cls):
    inputs = k.Input((3,))
    x = scale_cls(factor=3.0)(k.layers.Dense(3)(inputs))
    return k.Model(inputs, x)


@pytest.mark.oracle
def test_registered_custom_layer_both_ways(tmp_path):
    keras = import_keras()
    keras_model = _with_scale(keras, _scale_class(keras, register=True))
    model = _with_scale(cornu, _scale_class(cornu, register=True))
    randomize(keras_model)
    randomize(model, seed=2)
    x = inputs_for("mlp")
    keras_model.save(str(tmp_path / "k.keras"))
    _assert_same_outputs(cornu.saving.load_model(str(tmp_path / "k.keras")),
                         keras_model, x)
    model.save(str(tmp_path / "c.keras"))
    _assert_same_outputs(keras.saving.load_model(str(tmp_path / "c.keras")),
                         model, x)


def test_custom_objects_argument(tmp_path):
    path = str(tmp_path / "m.keras")
    # A name no other test registers.
    scale_cls = type("UnlistedScale", (_scale_class(cornu, False),), {})
    model = _with_scale(cornu, scale_cls)
    randomize(model)
    model.save(path)
    with pytest.raises(TypeError,
                       match="Could not locate class 'UnlistedScale'"):
        cornu.saving.load_model(path)
    restored = cornu.saving.load_model(
        path, custom_objects={"UnlistedScale": scale_cls})
    _assert_same_outputs(restored, model, inputs_for("mlp"))
    with cornu.saving.custom_object_scope({"UnlistedScale": scale_cls}):
        restored = cornu.saving.load_model(path)
    _assert_same_outputs(restored, model, inputs_for("mlp"))


def test_subclassed_model_with_registered_classes(tmp_path):
    path = str(tmp_path / "m.keras")
    block_cls, net_cls = subclassed_classes(cornu)
    net = net_cls()
    net(inputs_for("subclassed"))
    randomize(net)
    net.save(path)
    restored = cornu.saving.load_model(
        path, custom_objects={"Block": block_cls, "Net": net_cls})
    _assert_same_outputs(restored, net, inputs_for("subclassed"))


def test_safe_mode_refuses_lambda_bytecode(tmp_path):
    path = str(tmp_path / "m.keras")
    inputs = cornu.Input((3,))
    model = cornu.Model(inputs, cornu.layers.Lambda(lambda t: t * 2)(inputs))
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        cornu.saving.load_model(path)
    restored = cornu.saving.load_model(path, safe_mode=False)
    x = inputs_for("mlp")
    np.testing.assert_allclose(outputs(restored, x)[0], x * 2)


@pytest.mark.oracle
def test_registered_subclassed_model_both_ways(tmp_path):
    keras = import_keras()

    def registered(k):
        block_cls, net_cls = subclassed_classes(k)
        register = k.saving.register_keras_serializable("cornu_saving_sub")
        return register(block_cls), register(net_cls)

    x = inputs_for("subclassed")
    keras_net_cls, net_cls = registered(keras)[1], registered(cornu)[1]
    keras_net = keras_net_cls()
    keras_net(x)
    randomize(keras_net)
    keras_net.save(str(tmp_path / "k.keras"))
    _assert_same_outputs(cornu.saving.load_model(str(tmp_path / "k.keras")),
                         keras_net, x)
    net = net_cls()
    net(x)
    randomize(net, seed=3)
    net.save(str(tmp_path / "c.keras"))
    _assert_same_outputs(keras.saving.load_model(str(tmp_path / "c.keras")),
                         net, x)
