"""`cornu.activations`: values against NumPy formulas and Keras 3, lookup by
name, serialization and error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest

import cornu.ops as ops
from cornu import activations
from cornu.backend import SymbolicTensor
from tests._oracle import import_keras

_ERF = np.vectorize(math.erf)
_X = np.random.RandomState(0).uniform(-4, 4, size=(3, 8)).astype("float32")
_X[0, :6] = [-1.0, -0.5, 0.0, 0.5, 1.0, 6.0]  # the kinks, exactly


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softplus(x):
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sparsemax(x):
    z = -np.sort(-x, axis=-1)
    k = np.arange(1, x.shape[-1] + 1)
    cumsum = np.cumsum(z, axis=-1)
    k_z = (1 + k * z > cumsum).sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumsum, k_z - 1, axis=-1) - 1) / k_z
    return np.maximum(x - tau, 0)


# Keras <= 3.15's sparsemax is wrong whenever the support has more than one
# element (keras-team/keras#23425, fixed by #23469): the oracle only sees
# inputs whose support is one element; the NumPy formula checks the rest.
_X_SINGLE_SUPPORT = np.array(
    [[0.0, 0.1, 5.0, 0.3], [4.0, -1.0, 0.5, 2.0], [1.0, 2.0, 3.0, 9.0]],
    dtype="float32",
)

_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772, 1.0507009873554805

# name -> (kwargs, NumPy reference of (x, **kwargs))
REFERENCES = {
    "relu": ({}, lambda x: np.maximum(x, 0)),
    "relu6": ({}, lambda x: np.clip(x, 0, 6)),
    "leaky_relu": ({}, lambda x: np.where(x >= 0, x, 0.2 * x)),
    "elu": ({"alpha": 0.5},
            lambda x, alpha: np.where(x > 0, x, alpha * np.expm1(x))),
    "selu": ({}, lambda x: _SELU_SCALE * np.where(
        x > 0, x, _SELU_ALPHA * np.expm1(x))),
    "celu": ({"alpha": 2.0}, lambda x, alpha: np.maximum(x, 0) + np.minimum(
        0, alpha * np.expm1(x / alpha))),
    "threshold": ({"threshold": 0.5, "default_value": -3.0},
                  lambda x, threshold, default_value: np.where(
                      x > threshold, x, default_value)),
    "softplus": ({}, _softplus),
    "squareplus": ({"b": 2}, lambda x, b: (x + np.sqrt(x * x + b)) / 2),
    "sparse_plus": ({}, lambda x: np.where(
        x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4))),
    "hard_sigmoid": ({}, lambda x: np.clip(x + 3, 0, 6) / 6),
    "hard_silu": ({}, lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "hard_swish": ({}, lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "hard_tanh": ({}, lambda x: np.clip(x, -1, 1)),
    "hard_shrink": ({"threshold": 0.7},
                    lambda x, threshold: np.where(np.abs(x) > threshold, x,
                                                  0)),
    "soft_shrink": ({"threshold": 0.7}, lambda x, threshold: np.where(
        x > threshold, x - threshold,
        np.where(x < -threshold, x + threshold, 0))),
    "sparse_sigmoid": ({}, lambda x: np.clip((x + 1) / 2, 0, 1)),
    "sparsemax": ({}, _sparsemax),
    "sigmoid": ({}, _sigmoid),
    "log_sigmoid": ({}, lambda x: -_softplus(-x)),
    "tanh": ({}, np.tanh),
    "tanh_shrink": ({}, lambda x: x - np.tanh(x)),
    "softsign": ({}, lambda x: x / (1 + np.abs(x))),
    "silu": ({}, lambda x: x * _sigmoid(x)),
    "swish": ({}, lambda x: x * _sigmoid(x)),
    "gelu": ({}, lambda x: 0.5 * x * (1 + _ERF(x / np.sqrt(2)))),
    "glu": ({}, lambda x: x[..., :4] * _sigmoid(x[..., 4:])),
    "mish": ({}, lambda x: x * np.tanh(_softplus(x))),
    "exponential": ({}, np.exp),
    "linear": ({}, lambda x: x),
    "softmax": ({}, _softmax),
    "log_softmax": ({}, lambda x: np.log(_softmax(x))),
}
NAMES = sorted(REFERENCES)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(keras, x):
    if hasattr(x, "detach"):  # torch: skip NumPy's `__array__` path
        return x.detach().cpu().numpy()
    return np.asarray(keras.ops.convert_to_numpy(x))


def test_every_keras_activation_has_a_reference_row():
    assert set(REFERENCES) == set(activations.ALL_OBJECTS_DICT)


@pytest.mark.parametrize("name", NAMES)
def test_values_match_numpy_formula(name):
    kwargs, ref = REFERENCES[name]
    fn = getattr(activations, name)
    out = fn(ops.convert_to_tensor(_X), **kwargs)
    expected = ref(_X.astype("float64"), **kwargs)
    assert ops.dtype(out) == "float32"
    np.testing.assert_allclose(_np(out), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_values_match_keras(name):
    keras = import_keras()
    kwargs, _ = REFERENCES[name]
    x = _X_SINGLE_SUPPORT if name == "sparsemax" else _X
    expected = getattr(keras.activations, name)(
        keras.ops.convert_to_tensor(x), **kwargs)
    out = getattr(activations, name)(ops.convert_to_tensor(x), **kwargs)
    np.testing.assert_allclose(_np(out), _keras_np(keras, expected),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_symbolic_input_keeps_shape(name):
    kwargs, _ = REFERENCES[name]
    out = getattr(activations, name)(SymbolicTensor((None, 8)), **kwargs)
    expected = (None, 4) if name == "glu" else (None, 8)
    assert tuple(out.shape) == expected


RELU_CASES = [
    {"negative_slope": 0.1},
    {"max_value": 6},
    {"max_value": 2.5},
    {"threshold": 0.5},
    {"negative_slope": 0.1, "max_value": 2.0},
    {"negative_slope": 0.1, "threshold": 0.5},
    {"negative_slope": 0.3, "max_value": 3.0, "threshold": -0.5},
    {"max_value": 1.5, "threshold": 0.25},
]


def _relu_ref(x, negative_slope=0.0, max_value=None, threshold=0.0):
    out = np.where(x > threshold, x, 0.0) if threshold != 0 else np.maximum(
        x, 0)
    if max_value is not None:
        out = np.clip(out, 0, max_value)
    if negative_slope != 0:
        out = out - negative_slope * np.maximum(threshold - x, 0)
    return out


@pytest.mark.parametrize("kwargs", RELU_CASES, ids=str)
def test_relu_options_match_numpy_and_keras(kwargs):
    out = _np(activations.relu(ops.convert_to_tensor(_X), **kwargs))
    np.testing.assert_allclose(out, _relu_ref(_X.astype("float64"), **kwargs),
                               rtol=1e-6, atol=1e-6)
    keras = import_keras()
    expected = keras.activations.relu(keras.ops.convert_to_tensor(_X),
                                      **kwargs)
    np.testing.assert_allclose(out, _keras_np(keras, expected), rtol=1e-6,
                               atol=1e-6)


def test_gelu_default_is_exact_and_approximate_matches_keras():
    x = ops.convert_to_tensor(_X)
    exact = 0.5 * _X * (1 + _ERF(_X / np.sqrt(2)))
    np.testing.assert_allclose(_np(activations.gelu(x)), exact, rtol=1e-5,
                               atol=1e-6)
    keras = import_keras()
    expected = keras.activations.gelu(keras.ops.convert_to_tensor(_X),
                                      approximate=True)
    np.testing.assert_allclose(_np(activations.gelu(x, approximate=True)),
                               _keras_np(keras, expected), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("name,axis", [("softmax", 0), ("softmax", (0, 1)),
                                       ("log_softmax", 0), ("glu", 0),
                                       ("sparsemax", 0)])
def test_axis_argument_matches_keras(name, axis):
    x = _X[:2] if name == "glu" else _X
    if name == "sparsemax":
        x = _X_SINGLE_SUPPORT.T
    keras = import_keras()
    expected = getattr(keras.activations, name)(
        keras.ops.convert_to_tensor(x), axis=axis)
    out = getattr(activations, name)(ops.convert_to_tensor(x), axis=axis)
    np.testing.assert_allclose(_np(out), _keras_np(keras, expected),
                               rtol=1e-5, atol=1e-6)


def test_glu_odd_axis_size_raises():
    with pytest.raises(ValueError, match="axis"):
        activations.glu(ops.convert_to_tensor(_X), axis=0)


def test_sparsemax_projects_onto_the_simplex():
    x = ops.convert_to_tensor(_X)
    for axis in (-1, 0):
        out = _np(activations.sparsemax(x, axis=axis))
        np.testing.assert_allclose(out.sum(axis=axis), 1.0, rtol=1e-5)
        assert (out >= 0).all()
    np.testing.assert_allclose(
        _np(activations.sparsemax(x, axis=0)), _sparsemax(_X.T).T,
        rtol=1e-5, atol=1e-6)


def test_softmax_over_several_axes_sums_to_one():
    out = _np(activations.softmax(ops.convert_to_tensor(_X), axis=(0, 1)))
    np.testing.assert_allclose(out, _softmax(_X.ravel()).reshape(_X.shape),
                               rtol=1e-5)


def test_float64_inputs_stay_float64():
    x = ops.convert_to_tensor(_X.astype("float64"))
    if ops.dtype(x) != "float64":
        pytest.skip("this engine runs without float64 (jax without x64)")
    for name in ("relu", "sigmoid", "softmax", "gelu", "sparse_sigmoid"):
        assert ops.dtype(getattr(activations, name)(x)) == "float64"


def test_aliases_are_the_same_functions():
    assert activations.swish is activations.silu
    assert activations.hard_swish is activations.hard_silu


def test_get_resolves_names_none_and_callables():
    assert activations.get(None) is activations.linear
    assert activations.get("relu") is activations.relu
    assert activations.get("swish") is activations.silu

    def custom(x):
        return x

    assert activations.get(custom) is custom


def test_get_accepts_every_keras_name():
    import_keras()
    from keras.src.activations import ALL_OBJECTS_DICT

    for name in ALL_OBJECTS_DICT:
        assert callable(activations.get(name)), name


def test_get_unknown_name_raises_value_error_listing_names():
    with pytest.raises(ValueError, match="identifier: 'foo'") as info:
        activations.get("foo")
    assert "relu" in str(info.value) and "softmax" in str(info.value)
    with pytest.raises(ValueError, match="identifier: 3"):
        activations.get(3)


@pytest.mark.parametrize("name", NAMES)
def test_serialize_round_trips_and_matches_keras(name):
    fn = getattr(activations, name)
    config = activations.serialize(fn)
    assert activations.deserialize(config) is fn
    assert activations.get(config) is fn
    keras = import_keras()
    assert config == keras.activations.serialize(
        getattr(keras.activations, name))


def test_deserialize_reads_keras_function_dicts():
    keras = import_keras()
    from keras.src.saving import serialization_lib

    config = serialization_lib.serialize_keras_object(keras.activations.mish)
    assert isinstance(config, dict)
    assert activations.deserialize(config) is activations.mish
    assert activations.get(config) is activations.mish


def test_custom_function_serializes_to_function_dict():
    def my_act(x):
        return x

    config = activations.serialize(my_act)
    assert config["class_name"] == "function"
    assert config["config"] == "my_act"
    assert activations.deserialize(config, {"my_act": my_act}) is my_act
    assert activations.deserialize("my_act", {"my_act": my_act}) is my_act


def test_serialize_lambda_raises():
    with pytest.raises(ValueError, match="cannot be serialized"):
        activations.serialize(lambda x: x)


def test_deserialize_unknown_name_raises():
    with pytest.raises(ValueError, match="identifier: 'nope'"):
        activations.deserialize("nope")
