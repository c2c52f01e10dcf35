"""`.weights.h5` in Keras 3's layout: the same file tree as Keras writes,
files moving both ways between cornu and Keras 3 with identical
predictions, `skip_mismatch`, and the errors for files that don't fit."""

import h5py
import numpy as np
import pytest

import cornu
from cornu.saving import WeightMismatchError
from tests._oracle import import_keras
from tests.saving._models import (
    BUILDERS,
    h5_listing,
    inputs_for,
    mlp,
    outputs,
    randomize,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_same_file_tree_as_keras(name, tmp_path):
    keras = import_keras()
    build = BUILDERS[name]
    cornu_path = str(tmp_path / "c.weights.h5")
    keras_path = str(tmp_path / "k.weights.h5")
    build(cornu).save_weights(cornu_path)
    build(keras).save_weights(keras_path)
    assert h5_listing(cornu_path) == h5_listing(keras_path)


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_keras_file_loads_in_cornu(name, tmp_path):
    keras = import_keras()
    path = str(tmp_path / "k.weights.h5")
    keras_model = BUILDERS[name](keras)
    randomize(keras_model)
    keras_model.save_weights(path)
    model = BUILDERS[name](cornu)
    model.load_weights(path)
    x = inputs_for(name)
    for got, want in zip(outputs(model, x), outputs(keras_model, x)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_cornu_file_loads_in_keras(name, tmp_path):
    keras = import_keras()
    path = str(tmp_path / "c.weights.h5")
    model = BUILDERS[name](cornu)
    randomize(model, seed=7)
    model.save_weights(path)
    keras_model = BUILDERS[name](keras)
    keras_model.load_weights(path)
    x = inputs_for(name)
    for got, want in zip(outputs(keras_model, x), outputs(model, x)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_layout_keys_and_metadata(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    model = mlp(cornu)
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        assert f["vars"].attrs["name"] == model.name.encode()
        first = model.layers[0]
        assert f["layers/dense/vars"].attrs["name"] == first.name.encode()
        np.testing.assert_array_equal(f["layers/dense/vars/0"][()],
                                      first.kernel.numpy())
        np.testing.assert_array_equal(f["layers/dense_1/vars/1"][()],
                                      model.layers[1].bias.numpy())


def test_round_trip_restores_every_weight(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    source = BUILDERS["cnn_bn"](cornu)
    randomize(source, seed=3)
    source.save_weights(path)
    target = BUILDERS["cnn_bn"](cornu)
    target.load_weights(path)
    for a, b in zip(source.get_weights(), target.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_filename_must_end_in_weights_h5(tmp_path):
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        mlp(cornu).save_weights(str(tmp_path / "m.bin"))


def _mlp(units):
    L = cornu.layers
    return cornu.Sequential([cornu.Input((3,)), L.Dense(units), L.Dense(2)])


def test_shape_mismatch_names_layer_and_both_shapes(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    _mlp(4).save_weights(path)
    target = _mlp(5)
    before = target.get_weights()
    with pytest.raises(WeightMismatchError) as info:
        target.load_weights(path)
    message = str(info.value)
    first = target.layers[0].name
    assert f"Layer '{first}'" in message
    assert "(3, 5)" in message and "(3, 4)" in message
    assert "layers/dense/vars" in message
    # Nothing was assigned: the file is checked before any variable moves.
    for a, b in zip(before, target.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_skip_mismatch_loads_the_layers_that_fit(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    source = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4),
                               cornu.layers.Dense(2)])
    randomize(source)
    source.save_weights(path)
    target = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(4),
                               cornu.layers.Dense(3)])
    last_before = target.layers[1].get_weights()
    with pytest.warns(UserWarning, match="Skipping loading weights"):
        target.load_weights(path, skip_mismatch=True)
    for a, b in zip(target.layers[0].get_weights(),
                    source.layers[0].get_weights()):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(target.layers[1].get_weights(), last_before):
        np.testing.assert_array_equal(a, b)


def test_variable_count_mismatch(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    L = cornu.layers
    cornu.Sequential([cornu.Input((3,)), L.Dense(2, use_bias=False)]
                     ).save_weights(path)
    target = cornu.Sequential([cornu.Input((3,)), L.Dense(2)])
    with pytest.raises(WeightMismatchError,
                       match=r"expected 2 variables.*has 1"):
        target.load_weights(path)


def test_missing_entry(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    L = cornu.layers
    cornu.Sequential([cornu.Input((3,)), L.Dense(2)]).save_weights(path)
    target = cornu.Sequential([cornu.Input((3,)), L.Dense(2), L.Dense(2)])
    with pytest.raises(WeightMismatchError,
                       match=r"has no entry 'layers/dense_1/vars'"):
        target.load_weights(path)


def test_unbuilt_layer_says_to_build(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    L = cornu.layers
    cornu.Sequential([cornu.Input((3,)), L.Dense(2)]).save_weights(path)
    target = cornu.Sequential([L.Dense(2)])
    with pytest.raises(WeightMismatchError, match="never built"):
        target.load_weights(path)


def test_load_errors_for_missing_and_non_h5_files(tmp_path):
    model = mlp(cornu)
    with pytest.raises(FileNotFoundError):
        model.load_weights(str(tmp_path / "absent.weights.h5"))
    bad = tmp_path / "bad.weights.h5"
    bad.write_bytes(b"not an hdf5 file")
    with pytest.raises(cornu.saving.InvalidFileError, match="HDF5"):
        model.load_weights(str(bad))


def test_optimizer_state_round_trip(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    model = mlp(cornu)
    model.optimizer = cornu.optimizers.Adam()
    model.optimizer.build(model.trainable_variables)
    rng = np.random.default_rng(0)
    for v in model.optimizer.variables[1:]:
        v.assign(rng.uniform(size=tuple(v.shape)).astype("float32"))
    model.optimizer.iterations.assign(7)
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        assert len(f["optimizer/vars"]) == len(model.optimizer.variables)
    restored = mlp(cornu)
    restored.optimizer = cornu.optimizers.Adam()  # not built yet
    restored.load_weights(path)
    assert restored.optimizer.built
    assert int(restored.optimizer.iterations.numpy()) == 7
    for a, b in zip(model.optimizer.variables, restored.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
