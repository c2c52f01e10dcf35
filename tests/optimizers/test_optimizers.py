"""`cornu.optimizers`: 20-step trajectories against Keras 3 (same initial
weights, same gradients), configs, lookup and errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend
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
    ("Ftrl", {"learning_rate": 0.1}),
    ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.05,
              "l2_regularization_strength": 0.1,
              "l2_shrinkage_regularization_strength": 0.02, "beta": 0.5}),
    ("Ftrl", {"learning_rate": 0.1, "learning_rate_power": -0.3,
              "initial_accumulator_value": 0.5, "clipvalue": 0.5}),
    ("Lion", {"learning_rate": 0.01}),
    ("Lion", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9,
              "weight_decay": 0.1}),
    ("Lamb", {"learning_rate": 0.01}),
    ("Lamb", {"learning_rate": 0.01, "global_clipnorm": 1.0,
              "epsilon": 1e-4}),
]
NAMES = sorted({name for name, _ in CASES})

# Base features, once per optimizer; a schedule is built from either
# library's `optimizers` module (`m`).
_COSINE = {"initial_learning_rate": 0.01, "decay_steps": 12, "alpha": 0.1,
           "warmup_target": 0.03, "warmup_steps": 5}
FEATURES = {
    "ema": lambda m: {"use_ema": True, "ema_momentum": 0.8,
                      "ema_overwrite_frequency": 4},
    "accumulation": lambda m: {"gradient_accumulation_steps": 3},
    "cosine_warmup": lambda m: {
        "learning_rate": m.schedules.CosineDecay(**_COSINE)
    },
    "schedule_accumulation": lambda m: {
        "learning_rate": m.schedules.CosineDecay(**_COSINE),
        "gradient_accumulation_steps": 2,
    },
    "weight_decay_exclude": lambda m: {"weight_decay": 0.2},
}


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


def _assert_close(ours, theirs, atol=1e-6):
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=atol)


@pytest.mark.parametrize(("name", "kwargs"), CASES,
                         ids=[f"{n}-{sorted(k)}" for n, k in CASES])
def test_trajectory_matches_keras(name, kwargs):
    keras = import_keras()
    ours = _run_cornu(getattr(optimizers, name)(**kwargs))
    theirs = _run_keras(getattr(keras.optimizers, name)(**kwargs))
    _assert_close(ours, theirs)


# Every optimizer with every feature on torch. Keras on jax runs schedules
# and accumulation eagerly at about a second a step (it compiles a `cond`
# per call), so on jax each feature is checked on two optimizers, with
# Keras's update jitted; the numpy engine (inference first) gets the same
# subset.
if cornu.backend.backend() != "torch":
    FEATURE_CASES = [
        ("Adam", "ema"), ("Ftrl", "ema"),
        ("Lion", "accumulation"), ("Ftrl", "accumulation"),
        ("Lamb", "cosine_warmup"), ("SGD", "cosine_warmup"),
        ("Adam", "schedule_accumulation"), ("Lion", "schedule_accumulation"),
        ("Lamb", "weight_decay_exclude"), ("RMSprop", "weight_decay_exclude"),
    ]
else:
    FEATURE_CASES = [(n, f) for n in NAMES for f in sorted(FEATURES)]


def _run_keras_jitted(opt, steps):
    """Keras's update as its JAX trainer runs it: `stateless_apply` under
    `jax.jit`."""
    import jax

    keras = import_keras()
    ws = [keras.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(_W0)]
    opt.build(ws)
    values = [w.value for w in ws]
    state = [v.value for v in opt.variables]
    apply = jax.jit(opt.stateless_apply)
    for grads in _GRADS[:steps]:
        values, state = apply(state, [jax.numpy.asarray(g) for g in grads],
                              values)
    for variable, value in zip(opt.variables, state, strict=True):
        variable.assign(value)
    return [np.asarray(v) for v in values]


@pytest.mark.parametrize(("name", "feature"), FEATURE_CASES)
def test_feature_trajectory_matches_keras(name, feature):
    keras = import_keras()
    ours = getattr(optimizers, name)(**FEATURES[feature](optimizers))
    theirs = getattr(keras.optimizers, name)(
        **FEATURES[feature](keras.optimizers)
    )
    if feature == "weight_decay_exclude":
        ours.exclude_from_weight_decay(var_names=["w1"])
        theirs.exclude_from_weight_decay(var_names=["w1"])
    run_keras = _run_keras
    if cornu.backend.backend() == "jax" and feature != "ema":
        run_keras = _run_keras_jitted
    _assert_close(_run_cornu(ours, steps=12), run_keras(theirs, steps=12))
    for a, b in zip(ours.variables, theirs.variables, strict=True):
        np.testing.assert_allclose(_np(a.value), _keras_np(keras, b),
                                   rtol=1e-5, atol=1e-6, err_msg=a.name)
    assert int(_np(ours.iterations)) == int(_keras_np(keras,
                                                      theirs.iterations))


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_config_matches_keras(name, kwargs):
    keras = import_keras()
    ours = getattr(optimizers, name)(name="opt", **kwargs)
    theirs = getattr(keras.optimizers, name)(name="opt", **kwargs)
    assert ours.get_config() == theirs.get_config()
    clone = type(ours).from_config(ours.get_config())
    assert clone.get_config() == ours.get_config()
    assert type(clone) is type(ours)


@pytest.mark.parametrize("name", NAMES)
def test_variable_names_and_shapes_match_keras(name):
    keras = import_keras()
    kwargs = {"use_ema": True, "gradient_accumulation_steps": 2}
    if name in ("SGD", "RMSprop"):
        kwargs["momentum"] = 0.5
    if name in ("Adam", "AdamW"):
        kwargs["amsgrad"] = True
    if name == "RMSprop":
        kwargs["centered"] = True
    ours = getattr(optimizers, name)(name="opt", **kwargs)
    theirs = getattr(keras.optimizers, name)(name="opt", **kwargs)
    ours.build([Variable(w, name=f"w{i}") for i, w in enumerate(_W0)])
    theirs.build([keras.Variable(w, name=f"w{i}")
                  for i, w in enumerate(_W0)])

    def describe(variables):
        # Keras leaves Nadam's `u_product` unnamed (`variable_<n>`).
        return [(v.name, v.path, tuple(v.shape), str(v.dtype))
                if not v.name.startswith(("variable", "u_product"))
                else tuple(v.shape) for v in variables]

    assert describe(ours.variables) == describe(theirs.variables)


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


def test_apply_gradients_and_iterations_match_keras():
    keras = import_keras()
    ours = optimizers.Lamb(0.01, gradient_accumulation_steps=2)
    theirs = keras.optimizers.Lamb(0.01, gradient_accumulation_steps=2)
    ws = [Variable(w.copy(), name=f"w{i}") for i, w in enumerate(_W0)]
    kws = [keras.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(_W0)]
    for step, grads in enumerate(_GRADS[:5], start=1):
        ours.apply_gradients(zip(grads, ws, strict=True))
        theirs.apply_gradients(zip(
            [keras.ops.convert_to_tensor(g) for g in grads], kws, strict=True
        ))
        # `iterations` counts updates, not calls, with accumulation.
        assert int(_np(ours.iterations)) == step // 2
        assert int(_keras_np(keras, theirs.iterations)) == step // 2
    _assert_close([_np(w.value) for w in ws],
                  [_keras_np(keras, w) for w in kws])


def test_cosine_warmup_config_matches_keras():
    keras = import_keras()
    ours = optimizers.Lion(optimizers.schedules.CosineDecay(**_COSINE),
                           name="opt")
    theirs = keras.optimizers.Lion(
        keras.optimizers.schedules.CosineDecay(**_COSINE), name="opt"
    )
    assert ours.get_config() == theirs.get_config()
    clone = optimizers.Lion.from_config(ours.get_config())
    assert clone.get_config() == ours.get_config()
    np.testing.assert_allclose(_np(clone.learning_rate), 0.01)


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
    # lr starts at 0.1: torch's fused Adam kernel (cornu's default on the
    # CPU) rounds differently from Keras's rule by ~2e-6 here.
    _assert_close(ours, theirs, atol=5e-6)
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
    ("nadam", optimizers.Nadam), ("ftrl", optimizers.Ftrl),
    ("Ftrl", optimizers.Ftrl), ("lion", optimizers.Lion),
    ("Lion", optimizers.Lion), ("lamb", optimizers.Lamb),
    ("Lamb", optimizers.Lamb),
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
    for name in NAMES:
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


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"initial_accumulator_value": -0.1},
     r"Ftrl: `initial_accumulator_value` must be positive or zero\. "
     r"Received: initial_accumulator_value=-0\.1\."),
    ({"learning_rate_power": 0.5},
     r"`learning_rate_power` must be negative or zero\. Received: "
     r"learning_rate_power=0\.5\."),
    ({"l1_regularization_strength": -1.0}, "l1_regularization_strength=-1"),
    ({"l2_regularization_strength": -1.0}, "l2_regularization_strength=-1"),
    ({"l2_shrinkage_regularization_strength": -1.0},
     "l2_shrinkage_regularization_strength=-1"),
])
def test_ftrl_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.Ftrl(**kwargs)


@pytest.mark.parametrize("beta_1", [0.0, -0.5, 1.5])
def test_lion_beta_1_error(beta_1):
    with pytest.raises(ValueError, match=rf"Lion: `beta_1`.*beta_1={beta_1}"):
        optimizers.Lion(beta_1=beta_1)


def test_new_optimizers_match_numpy_formulas():
    """One step of Ftrl, Lion and Lamb against the update rules written
    out in NumPy (float64, so independent of Keras)."""
    w0 = np.array([0.5, -2.0, 0.0], "float32")
    g = np.array([1.0, 0.25, -3.0], "float32")
    lr = 0.1

    w = Variable(w0.copy())
    optimizers.Ftrl(lr, l1_regularization_strength=0.2,
                    l2_regularization_strength=0.1,
                    l2_shrinkage_regularization_strength=0.05,
                    beta=0.3).apply([g], [w])
    n0 = 0.1
    n1 = n0 + g.astype(float) ** 2
    z = g + 2 * 0.05 * w0 - (np.sqrt(n1) - np.sqrt(n0)) / lr * w0
    quadratic = np.sqrt(n1) / lr + 2 * (0.1 + 0.3 / (2 * lr))
    expected = (np.clip(z, -0.2, 0.2) - z) / quadratic
    np.testing.assert_allclose(_np(w.value), expected, rtol=1e-5)

    w = Variable(w0.copy())
    optimizers.Lion(lr, beta_1=0.5).apply([g], [w])
    np.testing.assert_allclose(_np(w.value), w0 - lr * np.sign(0.5 * g))

    w = Variable(w0.copy())
    optimizers.Lamb(lr, epsilon=1e-7).apply([g], [w])
    update = g / (np.abs(g) + 1e-7)  # bias-corrected first step
    ratio = np.linalg.norm(w0) / np.linalg.norm(update)
    np.testing.assert_allclose(_np(w.value), w0 - lr * ratio * update,
                               rtol=1e-5)
    # A zero variable has no norm: the trust ratio is 1, not NaN.
    w = Variable(np.zeros(3, "float32"))
    optimizers.Lamb(lr).apply([g], [w])
    np.testing.assert_allclose(_np(w.value), -lr * update, rtol=1e-5)


def test_gradient_accumulation_keeps_slot_names_apart():
    """Adagrad and Ftrl name a slot `_accumulators`; the averaged
    gradients must not share it."""
    w = Variable(np.ones(2, "float32"), name="w")
    opt = optimizers.Adagrad(0.1, gradient_accumulation_steps=2)
    opt.apply([np.full(2, 4.0, "float32")], [w])
    np.testing.assert_allclose(_np(w.value), np.ones(2))
    names = {v.name: _np(v.value) for v in opt.variables}
    np.testing.assert_allclose(names["w_gradient_accumulator"], [4.0, 4.0])
    np.testing.assert_allclose(names["w_accumulator"], [0.1, 0.1])
