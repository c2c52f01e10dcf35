"""`cornu.regularizers`: penalties against NumPy formulas and Keras 3,
configs, lookup and error messages."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
from cornu import regularizers
from tests._oracle import import_keras

_W = np.random.RandomState(1).normal(size=(5, 3)).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(x):
    if hasattr(x, "detach"):  # torch: skip NumPy's `__array__` path
        return x.detach().cpu().numpy()
    return np.asarray(import_keras().ops.convert_to_numpy(x))


def _orthogonal_ref(w, factor, mode):
    w = w.astype("float64")
    w = w if mode == "rows" else w.T
    w = w / np.maximum(np.linalg.norm(w, axis=1, keepdims=True), 1e-7)
    product = w @ w.T
    n = w.shape[0]
    off_diagonal = np.abs(product * (1 - np.eye(n))).sum()
    return np.float32(factor) * 0.5 * off_diagonal / (n * (n - 1) / 2)


CASES = [
    ("L1", {"l1": 0.3}, lambda w: np.float32(0.3) * np.abs(w).sum()),
    ("L1", {}, lambda w: np.float32(0.01) * np.abs(w).sum()),
    ("L2", {"l2": 0.2}, lambda w: 0.2 * (w**2).sum()),
    ("L2", {}, lambda w: 0.01 * (w**2).sum()),
    ("L1L2", {"l1": 0.1, "l2": 0.4},
     lambda w: 0.1 * np.abs(w).sum() + 0.4 * (w**2).sum()),
    ("L1L2", {}, lambda w: 0.0),
    ("OrthogonalRegularizer", {"factor": 0.5},
     lambda w: _orthogonal_ref(w, 0.5, "rows")),
    ("OrthogonalRegularizer", {"factor": 0.2, "mode": "columns"},
     lambda w: _orthogonal_ref(w, 0.2, "columns")),
]
IDS = [f"{name}-{kwargs}" for name, kwargs, _ in CASES]


@pytest.mark.parametrize("name,kwargs,ref", CASES, ids=IDS)
def test_penalty_matches_numpy_formula(name, kwargs, ref):
    out = getattr(regularizers, name)(**kwargs)(ops.convert_to_tensor(_W))
    assert tuple(ops.shape(out)) == ()
    assert ops.dtype(out) == "float32"
    np.testing.assert_allclose(_np(out), ref(_W.astype("float64")),
                               rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name,kwargs,ref", CASES, ids=IDS)
def test_penalty_and_config_match_keras(name, kwargs, ref):
    keras = import_keras()
    ours = getattr(regularizers, name)(**kwargs)
    theirs = getattr(keras.regularizers, name)(**kwargs)
    # Keras's NumPy backend normalizes arrays with `axis = axis or -1`, so
    # `mode="columns"` (axis 0) fails there; other backends are right.
    if not (keras.backend.backend() == "numpy"
            and kwargs.get("mode") == "columns"):
        np.testing.assert_allclose(
            _np(ours(ops.convert_to_tensor(_W))),
            _keras_np(theirs(keras.ops.convert_to_tensor(_W))), rtol=1e-5,
            atol=1e-7)
    assert ours.get_config() == theirs.get_config()
    assert regularizers.serialize(ours) == keras.regularizers.serialize(
        theirs)
    rebuilt = regularizers.deserialize(keras.regularizers.serialize(theirs))
    assert type(rebuilt) is type(ours)
    assert rebuilt.get_config() == ours.get_config()


@pytest.mark.parametrize("name,kwargs,ref", CASES, ids=IDS)
def test_from_config_round_trip(name, kwargs, ref):
    reg = getattr(regularizers, name)(**kwargs)
    clone = type(reg).from_config(reg.get_config())
    assert clone.get_config() == reg.get_config()
    x = ops.convert_to_tensor(_W)
    np.testing.assert_array_equal(_np(clone(x)), _np(reg(x)))


def test_l1_factor_is_float32_like_keras():
    assert regularizers.L1(0.01).get_config() == {"l1": 0.009999999776482582}
    assert regularizers.L2(0.01).get_config() == {"l2": 0.01}
    assert regularizers.L1(None).l1 == regularizers.L1().l1


def test_float64_weights_give_float64_penalty():
    x = ops.convert_to_tensor(_W.astype("float64"))
    if ops.dtype(x) != "float64":
        pytest.skip("this engine runs without float64 (jax without x64)")
    for reg in (regularizers.L1(), regularizers.L2(), regularizers.L1L2(),
                regularizers.OrthogonalRegularizer()):
        assert ops.dtype(reg(x)) == "float64"


def test_base_regularizer():
    assert regularizers.Regularizer()(ops.convert_to_tensor(_W)) == 0.0
    with pytest.raises(NotImplementedError, match="get_config"):
        regularizers.Regularizer().get_config()


@pytest.mark.parametrize("name,cls", [
    ("l1", "L1"), ("l2", "L2"), ("l1_l2", "L1L2"), ("l1l2", "L1L2"),
    ("L1L2", "L1L2"), ("orthogonal_regularizer", "OrthogonalRegularizer"),
    ("OrthogonalRegularizer", "OrthogonalRegularizer"),
])
def test_get_resolves_names(name, cls):
    assert type(regularizers.get(name)).__name__ == cls
    assert type(regularizers.deserialize(name)).__name__ == cls


def test_get_accepts_every_keras_name():
    import_keras()
    from keras.src.regularizers import ALL_OBJECTS_DICT

    for name, cls in ALL_OBJECTS_DICT.items():
        assert type(regularizers.get(name)).__name__ == cls.__name__, name


def test_get_passes_through_none_instances_classes_callables_dicts():
    assert regularizers.get(None) is None
    reg = regularizers.L2(0.5)
    assert regularizers.get(reg) is reg
    assert isinstance(regularizers.get(regularizers.L1), regularizers.L1)

    def fn(x):
        return ops.sum(x)

    assert regularizers.get(fn) is fn
    config = {"class_name": "L1L2", "config": {"l1": 0.5, "l2": 0.0}}
    assert regularizers.get(config).get_config() == {"l1": 0.5, "l2": 0.0}


def test_get_unknown_identifier_raises():
    with pytest.raises(ValueError, match="identifier: 'foo'") as info:
        regularizers.get("foo")
    assert "l1_l2" in str(info.value)
    with pytest.raises(ValueError, match="identifier: 3"):
        regularizers.get(3)
    with pytest.raises(ValueError, match="identifier: 'nope'"):
        regularizers.deserialize("nope")


@pytest.mark.parametrize("make,arg", [
    (lambda: regularizers.L1(-1.0), "l1"),
    (lambda: regularizers.L2(float("nan")), "l2"),
    (lambda: regularizers.L2("big"), "l2"),
    (lambda: regularizers.L1L2(l1=float("inf")), "l1"),
    (lambda: regularizers.L1L2(l2=-0.1), "l2"),
    (lambda: regularizers.OrthogonalRegularizer(factor=-1), "factor"),
    (lambda: regularizers.OrthogonalRegularizer(mode="diag"), "mode"),
])
def test_bad_arguments_raise_naming_the_argument(make, arg):
    with pytest.raises(ValueError, match=f"`{arg}`"):
        make()


def test_orthogonal_regularizer_needs_rank_2():
    reg = regularizers.OrthogonalRegularizer()
    with pytest.raises(ValueError, match="rank 2"):
        reg(ops.ones((2, 3, 4)))
