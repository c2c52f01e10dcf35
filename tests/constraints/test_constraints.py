"""`cornu.constraints`: projections against NumPy formulas (with Keras's
epsilon) and Keras 3, configs, lookup and error messages."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
from cornu import config, constraints
from tests._oracle import import_keras

_W = np.random.RandomState(2).normal(size=(4, 3)).astype("float32")
_W[:, 1] *= 5.0  # one column well above any max_value
_W[:, 2] = 0.0  # and one with a zero norm
_KERNEL = np.random.RandomState(3).normal(size=(3, 3, 2, 4)).astype(
    "float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(x):
    if hasattr(x, "detach"):  # torch: skip NumPy's `__array__` path
        return x.detach().cpu().numpy()
    return np.asarray(import_keras().ops.convert_to_numpy(x))


def _norms(w, axis):
    axis = tuple(axis) if isinstance(axis, list) else axis
    return np.sqrt((w**2).sum(axis=axis, keepdims=True))


def _max_norm(w, max_value=2, axis=0):
    n = _norms(w, axis)
    return w * (np.clip(n, 0, max_value) / (1e-7 + n))


def _min_max_norm(w, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
    n = _norms(w, axis)
    desired = rate * np.clip(n, min_value, max_value) + (1 - rate) * n
    return w * (desired / (1e-7 + n))


def _unit_norm(w, axis=0):
    return w / (1e-7 + _norms(w, axis))


CASES = [
    ("MaxNorm", {}, _max_norm),
    ("MaxNorm", {"max_value": 1.5, "axis": 1}, _max_norm),
    ("MinMaxNorm", {}, _min_max_norm),
    ("MinMaxNorm", {"min_value": 1.0, "max_value": 3.0, "rate": 0.5},
     _min_max_norm),
    ("MinMaxNorm", {"min_value": 0.5, "max_value": 0.8, "axis": 1},
     _min_max_norm),
    ("UnitNorm", {}, _unit_norm),
    ("UnitNorm", {"axis": 1}, _unit_norm),
    ("NonNeg", {}, lambda w: np.maximum(w, 0)),
]
IDS = [f"{name}-{kwargs}" for name, kwargs, _ in CASES]


@pytest.mark.parametrize("name,kwargs,ref", CASES, ids=IDS)
def test_projection_matches_numpy_formula(name, kwargs, ref):
    out = getattr(constraints, name)(**kwargs)(ops.convert_to_tensor(_W))
    assert ops.dtype(out) == "float32"
    expected = ref(_W.astype("float64"), **kwargs)
    np.testing.assert_allclose(_np(out), expected, rtol=1e-5, atol=1e-6)
    assert np.isfinite(_np(out)).all()


@pytest.mark.parametrize("name,kwargs,ref", CASES, ids=IDS)
def test_projection_and_config_match_keras(name, kwargs, ref):
    keras = import_keras()
    ours = getattr(constraints, name)(**kwargs)
    theirs = getattr(keras.constraints, name)(**kwargs)
    np.testing.assert_allclose(
        _np(ours(ops.convert_to_tensor(_W))),
        _keras_np(theirs(keras.ops.convert_to_tensor(_W))), rtol=1e-6,
        atol=1e-7)
    assert ours.get_config() == theirs.get_config()
    assert constraints.serialize(ours) == keras.constraints.serialize(theirs)
    rebuilt = constraints.deserialize(keras.constraints.serialize(theirs))
    assert type(rebuilt) is type(ours)
    assert rebuilt.get_config() == ours.get_config()


@pytest.mark.parametrize("name", ["MaxNorm", "MinMaxNorm", "UnitNorm"])
@pytest.mark.parametrize("axis", [[0, 1, 2], (0, 1, 2), 3])
def test_conv_kernel_axes_match_keras(name, axis):
    keras = import_keras()
    out = getattr(constraints, name)(axis=axis)(
        ops.convert_to_tensor(_KERNEL))
    expected = getattr(keras.constraints, name)(axis=axis)(
        keras.ops.convert_to_tensor(_KERNEL))
    np.testing.assert_allclose(_np(out), _keras_np(expected), rtol=1e-6,
                               atol=1e-7)


def test_unit_norm_gives_unit_columns():
    out = _np(constraints.UnitNorm()(ops.convert_to_tensor(_W)))
    np.testing.assert_allclose(np.linalg.norm(out[:, :2], axis=0), 1.0,
                               rtol=1e-5)
    np.testing.assert_array_equal(out[:, 2], 0.0)


def test_epsilon_follows_the_global_setting():
    w = ops.convert_to_tensor(np.full((2, 1), 1e-3, dtype="float32"))
    old = config.epsilon()
    config.set_epsilon(1e-3)
    try:
        out = _np(constraints.UnitNorm()(w))
    finally:
        config.set_epsilon(old)
    norm = np.sqrt(2) * 1e-3
    np.testing.assert_allclose(out, 1e-3 / (1e-3 + norm), rtol=1e-5)


def test_config_round_trip_through_json_lists():
    con = constraints.MaxNorm(3.0, axis=(0, 1, 2))
    clone = constraints.MaxNorm.from_config({"max_value": 3.0,
                                             "axis": [0, 1, 2]})
    x = ops.convert_to_tensor(_KERNEL)
    np.testing.assert_allclose(_np(clone(x)), _np(con(x)), rtol=1e-7)


def test_base_constraint_is_identity():
    base = constraints.Constraint()
    w = ops.convert_to_tensor(_W)
    assert base(w) is w
    assert base.get_config() == {}


@pytest.mark.parametrize("name,cls", [
    ("max_norm", "MaxNorm"), ("maxnorm", "MaxNorm"),
    ("min_max_norm", "MinMaxNorm"), ("non_neg", "NonNeg"),
    ("nonneg", "NonNeg"), ("unit_norm", "UnitNorm"),
    ("unitnorm", "UnitNorm"), ("MaxNorm", "MaxNorm"),
])
def test_get_resolves_names(name, cls):
    assert type(constraints.get(name)).__name__ == cls
    assert type(constraints.deserialize(name)).__name__ == cls


def test_get_accepts_every_keras_name():
    import_keras()
    from keras.src.constraints import ALL_OBJECTS_DICT

    for name, cls in ALL_OBJECTS_DICT.items():
        assert type(constraints.get(name)).__name__ == cls.__name__, name


def test_get_passes_through_none_instances_classes_callables_dicts():
    assert constraints.get(None) is None
    con = constraints.NonNeg()
    assert constraints.get(con) is con
    assert isinstance(constraints.get(constraints.UnitNorm),
                      constraints.UnitNorm)

    def fn(w):
        return w

    assert constraints.get(fn) is fn
    config_dict = {"class_name": "MaxNorm", "config": {"max_value": 4}}
    assert constraints.get(config_dict).get_config() == {"max_value": 4,
                                                         "axis": 0}


def test_get_unknown_identifier_raises():
    with pytest.raises(ValueError, match="identifier: 'foo'") as info:
        constraints.get("foo")
    assert "max_norm" in str(info.value)
    with pytest.raises(ValueError, match="identifier: 3"):
        constraints.get(3)
    with pytest.raises(ValueError, match="identifier: 'nope'"):
        constraints.deserialize("nope")
