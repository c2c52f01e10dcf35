"""`cornu.optimizers`: 20-step trajectories against Keras 3 (same initial
weights, same gradients), configs, lookup and errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
from cornu import constraints, optimizers
from cornu.backend import Variable
from cornu.optimizers import schedules
from tests._oracle import import_keras

_RNG = np.random.RandomState(0)
_W0 = [_RNG.normal(size=(3, 4)).astype("float32"),
       _RNG.normal(size=(4,)).astype("float32")]
_GRADS = [[_RNG.normal(size=w.shape).astype("float32") for w in _W0]
          for _ in range(20)]

CASES = [
    ("SGD", {}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"learning_rate": 0.1, "clipvalue": 0.5}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("Adam", {"learning_rate": 0.01, "clipnorm": 1.0}),
    ("Adam", {"learning_rate": 0.01, "global_clipnorm": 1.0}),
    ("Adam", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("Adam", {"learning_rate": 0.01, "loss_scale_factor": 8.0}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
    ("RMSprop", {"learning_rate": 0.01, "global_clipnorm": 2.0}),
    ("AdamW", {}),
    ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.2, "amsgrad": True}),
    ("Adagrad", {"learning_rate": 0.1}),
    ("Adagrad", {"learning_rate": 0.1, "clipnorm": 0.5}),
    ("Adadelta", {"learning_rate": 1.0}),
    ("Adamax", {"learning_rate": 0.01}),
    ("Adamax", {"learning_rate": 0.01, "weight_decay": 0.05}),
    ("Nadam", {"learning_rate": 0.01}),
    ("Nadam", {"learning_rate": 0.01, "clipnorm": 1.0}),
]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(keras, x):
    x = x.value if hasattr(x, "value") else x
    if hasattr(x, "detach"):  # torch: skip NumPy's `__array__` path
        return x.detach().cpu().numpy()
    return np.asarray(keras.ops.convert_to_numpy(x))


def _run_cornu(opt, steps=20, constraint=None):
    ws = [Variable(w.copy(), name=f"w{i}", constraint=constraint)
          for i, w in enumerate(_W0)]
    for grads in _GRADS[:steps]:
        opt.apply([ops.convert_to_tensor(g) for g in grads], ws)
    return [_np(w.value) for w in ws]


def _run_keras(opt, steps=20, constraint=None):
    keras = import_keras()
    ws = [keras.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(_W0)]
    for w in ws:  # `keras.Variable` ignores its `constraint` argument
        w.constraint = constraint
    for grads in _GRADS[:steps]:
        opt.apply([keras.ops.convert_to_tensor(g) for g in grads], ws)
    return [_keras_np(keras, w) for w in ws]


def _assert_close(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("name", "kwargs"), CASES,
                         ids=[f"{n}-{sorted(k)}" for n, k in CASES])
def test_trajectory_matches_keras(name, kwargs):
    keras = import_keras()
    ours = _run_cornu(getattr(optimizers, name)(**kwargs))
    theirs = _run_keras(getattr(keras.optimizers, name)(**kwargs))
    _assert_close(ours, theirs)


@pytest.mark.parametrize(("name", "kwargs"), CASES[::3])
def test_config_matches_keras(name, kwargs):
    keras = import_keras()
    ours = getattr(optimizers, name)(name="opt", **kwargs)
    theirs = getattr(keras.optimizers, name)(name="opt", **kwargs)
    assert ours.get_config() == theirs.get_config()
    clone = type(ours).from_config(ours.get_config())
    assert clone.get_config() == ours.get_config()


def test_variables_match_keras():
    keras = import_keras()
    for name in ("SGD", "Adam", "Nadam", "RMSprop"):
        kwargs = {"momentum": 0.9} if name in ("SGD", "RMSprop") else {}
        ours = getattr(optimizers, name)(**kwargs)
        theirs = getattr(keras.optimizers, name)(**kwargs)
        _run_cornu(ours, steps=2)
        _run_keras(theirs, steps=2)
        assert [v.shape for v in ours.variables] == [
            tuple(v.shape) for v in theirs.variables
        ]
        for a, b in zip(ours.variables, theirs.variables, strict=True):
            np.testing.assert_allclose(
                _np(a.value), _keras_np(keras, b), rtol=1e-5, atol=1e-6
            )
    assert int(_np(ours.iterations.value)) == 2


def test_schedule_learning_rate_matches_keras():
    keras = import_keras()
    config = {"initial_learning_rate": 0.1, "decay_steps": 5,
              "decay_rate": 0.5}
    ours = _run_cornu(optimizers.Adam(
        schedules.ExponentialDecay(**config), weight_decay=0.1
    ))
    theirs = _run_keras(keras.optimizers.Adam(
        keras.optimizers.schedules.ExponentialDecay(**config),
        weight_decay=0.1,
    ))
    _assert_close(ours, theirs)
    opt = optimizers.SGD(schedules.ExponentialDecay(**config))
    config = opt.get_config()
    assert config["learning_rate"]["class_name"] == "ExponentialDecay"
    clone = optimizers.SGD.from_config(config)
    assert isinstance(clone._learning_rate, schedules.ExponentialDecay)


def test_constraint_applied_after_update():
    keras = import_keras()
    ours = _run_cornu(optimizers.SGD(1.0), steps=3,
                      constraint=constraints.NonNeg())
    theirs = _run_keras(keras.optimizers.SGD(1.0), steps=3,
                        constraint=keras.constraints.NonNeg())
    _assert_close(ours, theirs)
    assert all((w >= 0).all() for w in ours)


@pytest.mark.parametrize("kwargs", [
    {"use_ema": True, "ema_momentum": 0.9, "ema_overwrite_frequency": 3},
    {"gradient_accumulation_steps": 3},
])
def test_ema_and_accumulation_match_keras(kwargs):
    keras = import_keras()
    ours = optimizers.Adam(0.01, **kwargs)
    theirs = keras.optimizers.Adam(0.01, **kwargs)
    _assert_close(_run_cornu(ours, steps=10), _run_keras(theirs, steps=10))
    for a, b in zip(ours.variables, theirs.variables, strict=True):
        np.testing.assert_allclose(_np(a.value), _keras_np(keras, b),
                                   rtol=1e-5, atol=1e-6)


def test_numpy_gradients_and_apply_gradients():
    w = Variable(np.ones(3, "float32"))
    opt = optimizers.SGD(0.5)
    opt.apply_gradients([(np.full(3, 2.0, "float32"), w)])
    np.testing.assert_allclose(_np(w.value), np.zeros(3))
    opt.apply([np.ones(3, "float32")])
    np.testing.assert_allclose(_np(w.value), np.full(3, -0.5))
    assert int(_np(opt.iterations.value)) == 2


def test_none_gradients_are_skipped():
    a = Variable(np.ones(2, "float32"), name="a")
    b = Variable(np.ones(2, "float32"), name="b")
    opt = optimizers.SGD(1.0)
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        opt.apply([None, np.ones(2, "float32")], [a, b])
    np.testing.assert_allclose(_np(a.value), np.ones(2))
    np.testing.assert_allclose(_np(b.value), np.zeros(2))
    with pytest.raises(ValueError, match="No gradients"):
        opt.apply([None, None], [a, b])


def test_learning_rate_is_a_variable():
    opt = optimizers.Adam(0.01)
    assert any(v is opt.learning_rate for v in opt.variables)
    opt.learning_rate = 0.5
    assert float(_np(opt.learning_rate.value)) == 0.5
    opt = optimizers.Adam(schedules.ExponentialDecay(0.1, 1, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.5


def test_exclude_from_weight_decay():
    a = Variable(np.ones(2, "float32"), name="kernel")
    b = Variable(np.ones(2, "float32"), name="bias")
    opt = optimizers.SGD(0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    zeros = np.zeros(2, "float32")
    opt.apply([zeros, zeros], [a, b])
    np.testing.assert_allclose(_np(a.value), np.full(2, 0.95))
    np.testing.assert_allclose(_np(b.value), np.ones(2))


def test_unknown_variable_raises():
    opt = optimizers.SGD()
    opt.apply([np.ones(2, "float32")], [Variable(np.ones(2, "float32"))])
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply([np.ones(2, "float32")], [Variable(np.ones(2, "float32"))])


@pytest.mark.parametrize(("identifier", "cls"), [
    ("adam", optimizers.Adam), ("Adam", optimizers.Adam),
    ("sgd", optimizers.SGD), ("SGD", optimizers.SGD),
    ("rmsprop", optimizers.RMSprop), ("RMSprop", optimizers.RMSprop),
    ("adamw", optimizers.AdamW), ("adagrad", optimizers.Adagrad),
    ("adadelta", optimizers.Adadelta), ("adamax", optimizers.Adamax),
    ("nadam", optimizers.Nadam),
])
def test_get_by_name(identifier, cls):
    assert type(optimizers.get(identifier)) is cls


def test_get_serialize_deserialize():
    keras = import_keras()
    opt = optimizers.SGD(0.1, momentum=0.5, name="opt")
    config = optimizers.serialize(opt)
    theirs = keras.optimizers.serialize(
        keras.optimizers.SGD(0.1, momentum=0.5, name="opt")
    )
    # Keras names its engine subclass's module (torch_sgd); compare the rest.
    assert config["class_name"] == theirs["class_name"] == "SGD"
    assert config["config"] == theirs["config"]
    assert config["module"] == "keras.optimizers"
    clone = optimizers.deserialize(config)
    assert clone.get_config() == opt.get_config()
    assert optimizers.get(config).momentum == 0.5
    assert optimizers.get({"class_name": "Adam", "config": {}}).beta_1 == 0.9
    assert optimizers.get(opt) is opt
    assert optimizers.get(None) is None


@pytest.mark.parametrize("identifier", ["nope", {"class_name": "Nope"}, 3])
def test_get_unknown_raises(identifier):
    with pytest.raises(ValueError, match="optimizer identifier"):
        optimizers.get(identifier)


def test_defaults_match_keras():
    keras = import_keras()
    for name in ("SGD", "Adam", "RMSprop", "AdamW", "Adagrad", "Adadelta",
                 "Adamax", "Nadam"):
        ours = getattr(optimizers, name)(name="x").get_config()
        theirs = getattr(keras.optimizers, name)(name="x").get_config()
        assert ours == theirs, name


def test_constructor_errors():
    with pytest.raises(ValueError, match="clipnorm"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)
    with pytest.raises(ValueError, match="momentum"):
        optimizers.SGD(momentum=2.0)
    with pytest.raises(ValueError, match="weight_decay"):
        optimizers.AdamW(weight_decay=None)
    with pytest.raises(ValueError, match="learning_rate"):
        optimizers.Adam(learning_rate="fast")
    with pytest.raises(ValueError, match="ema_momentum"):
        optimizers.Adam(use_ema=True, ema_momentum=2.0)
    with pytest.raises(ValueError, match="gradient_accumulation_steps"):
        optimizers.Adam(gradient_accumulation_steps=1)
    with pytest.raises(ValueError, match="not recognized"):
        optimizers.Adam(foo=1)
