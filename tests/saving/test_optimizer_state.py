"""Optimizer state in weights files: every built-in optimizer stores the
same variables in the same order as Keras 3, so state moves both ways."""

import numpy as np
import pytest

import cornu
from tests._oracle import import_keras
from tests.saving._models import h5_listing, mlp

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

OPTIMIZERS = [
    ("SGD", {"momentum": 0.9}),
    ("Adam", {"amsgrad": True}),
    ("AdamW", {}),
    ("RMSprop", {"momentum": 0.5, "centered": True}),
    ("Adagrad", {}),
    ("Adadelta", {}),
    ("Adamax", {}),
    ("Nadam", {}),
    ("Ftrl", {}),
    ("Lion", {}),
    ("Lamb", {}),
]


def _with_optimizer(k, name, kwargs):
    model = mlp(k)
    if not hasattr(k.optimizers, name):
        pytest.skip(f"{k.__name__} has no optimizer {name}")
    model.optimizer = getattr(k.optimizers, name)(**kwargs)
    model.optimizer.build(model.trainable_variables)
    return model


def _fill(optimizer, seed):
    rng = np.random.default_rng(seed)
    for v in optimizer.variables:
        if "int" in str(v.dtype):
            v.assign(np.asarray(rng.integers(1, 9), dtype=str(v.dtype)))
        else:
            v.assign(rng.uniform(0.1, 1.0, size=tuple(v.shape)).astype(
                "float32"))


def _numpy(keras, v):
    return np.asarray(keras.ops.convert_to_numpy(v))


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS,
                         ids=[o[0] for o in OPTIMIZERS])
def test_state_round_trip(name, kwargs, tmp_path):
    path = str(tmp_path / "m.weights.h5")
    model = _with_optimizer(cornu, name, kwargs)
    _fill(model.optimizer, seed=1)
    model.save_weights(path)
    other = mlp(cornu)
    other.optimizer = getattr(cornu.optimizers, name)(**kwargs)
    other.load_weights(path)
    for a, b in zip(model.optimizer.variables, other.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.oracle
@pytest.mark.parametrize("name, kwargs", OPTIMIZERS,
                         ids=[o[0] for o in OPTIMIZERS])
def test_state_moves_both_ways_with_keras(name, kwargs, tmp_path):
    keras = import_keras()
    keras_model = _with_optimizer(keras, name, kwargs)
    model = _with_optimizer(cornu, name, kwargs)
    keras_path = str(tmp_path / "k.weights.h5")
    cornu_path = str(tmp_path / "c.weights.h5")
    keras_model.save_weights(keras_path)
    model.save_weights(cornu_path)
    assert h5_listing(cornu_path) == h5_listing(keras_path)

    _fill(keras_model.optimizer, seed=2)
    keras_model.save_weights(keras_path)
    model.load_weights(keras_path)
    for ours, theirs in zip(model.optimizer.variables,
                            keras_model.optimizer.variables):
        np.testing.assert_array_equal(ours.numpy(), _numpy(keras, theirs))

    _fill(model.optimizer, seed=3)
    model.save_weights(cornu_path)
    keras_model.load_weights(cornu_path)
    for ours, theirs in zip(model.optimizer.variables,
                            keras_model.optimizer.variables):
        np.testing.assert_array_equal(ours.numpy(), _numpy(keras, theirs))
