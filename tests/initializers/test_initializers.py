"""`cornu.initializers`: values, statistics, fan computation, seeding,
configs against Keras 3, lookup and error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest

import cornu.ops as ops
from cornu import initializers
from cornu.random import SeedGenerator
from cornu.random.seed_generator import set_global_seed
from tests._oracle import import_keras

RANDOM_CLASSES = [
    initializers.RandomNormal, initializers.RandomUniform,
    initializers.TruncatedNormal, initializers.VarianceScaling,
    initializers.GlorotUniform, initializers.GlorotNormal,
    initializers.HeUniform, initializers.HeNormal,
    initializers.LecunUniform, initializers.LecunNormal,
    initializers.Orthogonal,
]
SHAPE = (6, 5)


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(x):
    if hasattr(x, "detach"):  # torch: skip NumPy's `__array__` path
        return x.detach().cpu().numpy()
    return np.asarray(import_keras().ops.convert_to_numpy(x))


def _fans_ref(shape):
    if len(shape) == 0:
        return 1, 1
    if len(shape) <= 2:
        return shape[0], shape[-1]
    field = math.prod(shape[:-2])
    return shape[-2] * field, shape[-1] * field


def test_zeros_ones_constant_values_and_dtypes():
    np.testing.assert_array_equal(_np(initializers.Zeros()((2, 3))),
                                  np.zeros((2, 3)))
    ones = initializers.Ones()((4,), dtype="int32")
    assert ops.dtype(ones) == "int32"
    np.testing.assert_array_equal(_np(ones), np.ones(4))
    const = initializers.Constant(2.5)((2, 2))
    assert ops.dtype(const) == "float32"
    np.testing.assert_array_equal(_np(const), np.full((2, 2), 2.5))


def test_constant_broadcasts_an_array_value():
    init = initializers.Constant(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(_np(init((2, 3))),
                                  np.tile([1.0, 2.0, 3.0], (2, 1)))
    clone = initializers.deserialize(initializers.serialize(init))
    np.testing.assert_array_equal(_np(clone((2, 3))), _np(init((2, 3))))


def test_constant_reads_keras_array_config():
    keras = import_keras()
    config = keras.initializers.serialize(
        keras.initializers.Constant(np.array([1.0, -2.0])))
    init = initializers.deserialize(config)
    np.testing.assert_array_equal(_np(init((3, 2))),
                                  np.tile([1.0, -2.0], (3, 1)))


def test_identity_values_gain_and_config():
    out = _np(initializers.Identity(gain=3.0)((2, 4)))
    np.testing.assert_array_equal(out, 3.0 * np.eye(2, 4))
    init = initializers.Identity(gain=3.0)
    # Keras 3 drops `gain` from the config; cornu keeps it.
    assert init.get_config() == {"gain": 3.0}
    assert initializers.Identity.from_config(init.get_config()).gain == 3.0


@pytest.mark.parametrize("shape", [(4, 4), (3, 7), (7, 3), (2, 3, 2, 5)])
def test_orthogonal_is_orthogonal_like_keras(shape):
    rows, cols = math.prod(shape[:-1]), shape[-1]
    n = min(rows, cols)
    gain = 1.5
    for out in (_np(initializers.Orthogonal(gain=gain, seed=1)(shape)),
                _keras_np(import_keras().initializers.Orthogonal(
                    gain=gain, seed=1)(shape))):
        assert out.shape == shape
        flat = out.reshape(rows, cols)
        gram = flat.T @ flat if rows >= cols else flat @ flat.T
        np.testing.assert_allclose(gram, gain**2 * np.eye(n), atol=1e-5)


def test_random_normal_and_uniform_statistics():
    normal = _np(initializers.RandomNormal(1.0, 2.0, seed=3)((200, 200)))
    assert abs(normal.mean() - 1.0) < 0.05
    assert abs(normal.std() - 2.0) < 0.05
    uniform = _np(initializers.RandomUniform(-1.0, 3.0, seed=3)((200, 200)))
    assert uniform.min() >= -1.0 and uniform.max() < 3.0
    assert abs(uniform.mean() - 1.0) < 0.05


def test_truncated_normal_statistics():
    out = _np(initializers.TruncatedNormal(0.5, 2.0, seed=3)((200, 200)))
    assert np.abs(out - 0.5).max() <= 4.0 + 1e-5
    assert abs(out.std() - 2.0 * 0.87962566103423978) < 0.05


@pytest.mark.parametrize("shape", [(), (7,), (4, 6), (3, 3, 4, 8),
                                   (2, 3, 3, 4, 8)])
def test_fans_match_keras(shape):
    import_keras()
    from keras.src.initializers.random_initializers import compute_fans

    assert compute_fans(shape) == _fans_ref(shape)
    assert initializers.variance_scaling is initializers.VarianceScaling


@pytest.mark.parametrize("distribution",
                         ["uniform", "truncated_normal", "untruncated_normal"])
@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("shape", [(), (7,), (4, 6), (3, 3, 4, 8),
                                   (2, 3, 3, 4, 8)])
def test_variance_scaling_draws_with_keras_parameters(shape, mode,
                                                      distribution):
    fan_in, fan_out = _fans_ref(shape)
    n = {"fan_in": fan_in, "fan_out": fan_out,
         "fan_avg": (fan_in + fan_out) / 2.0}[mode]
    scale = 1.5 / max(1.0, n)
    if distribution == "uniform":
        limit = math.sqrt(3.0 * scale)
        expected = _host_draw("uniform", shape, -limit, limit, seed=11)
    elif distribution == "truncated_normal":
        stddev = math.sqrt(scale) / 0.87962566103423978
        expected = _host_draw("truncated", shape, 0.0, stddev, seed=11)
    else:
        expected = _host_draw("normal", shape, 0.0, math.sqrt(scale),
                              seed=11)
    init = initializers.VarianceScaling(1.5, mode, distribution, seed=11)
    out = init(shape)
    assert tuple(ops.shape(out)) == shape
    np.testing.assert_allclose(_np(out), expected, rtol=1e-6)


def _host_draw(kind, shape, a, b, seed):
    """What the random initializers draw for an int seed: NumPy's generator
    keyed by the op's key `[seed, 0]`, on every engine."""
    rng = np.random.default_rng([seed, 0])
    if kind == "uniform":
        return rng.uniform(a, b, size=shape).astype("float32")
    if kind == "normal":
        return rng.normal(a, b, size=shape).astype("float32")
    out = rng.standard_normal(size=shape)
    bad = np.abs(out) > 2.0
    while bad.any():
        out[bad] = rng.standard_normal(size=int(bad.sum()))
        bad = np.abs(out) > 2.0
    return (out * b + a).astype("float32")


def test_same_seed_same_weights_on_every_engine():
    # Pinned values: NumPy's generator, independent of the engine.
    out = _np(initializers.RandomUniform(-1.0, 1.0, seed=3)((3,)))
    expected = _host_draw("uniform", (3,), -1.0, 1.0, seed=3)
    np.testing.assert_allclose(out, expected, rtol=1e-6)


def test_variance_scaling_explicit_axes():
    init = initializers.VarianceScaling(
        1.0, "fan_in", "uniform", seed=2, input_axes=[0, 1], output_axes=[2])
    limit = math.sqrt(3.0 / 12)
    expected = _host_draw("uniform", (3, 4, 5), -limit, limit, seed=2)
    np.testing.assert_allclose(_np(init((3, 4, 5))), expected, rtol=1e-6)


@pytest.mark.parametrize("name,shape", [
    ("GlorotUniform", (3, 3, 16, 32)), ("GlorotNormal", (64, 48)),
    ("HeUniform", (5, 5, 8, 4)), ("HeNormal", (128, 32)),
    ("LecunUniform", (3, 32, 64)), ("LecunNormal", (96, 40)),
])
def test_presets_statistics_match_keras(name, shape):
    keras = import_keras()
    ours = _np(getattr(initializers, name)(seed=5)(shape))
    theirs = _keras_np(getattr(keras.initializers, name)(seed=5)(shape))
    assert ours.shape == theirs.shape == shape
    assert abs(ours.std() / theirs.std() - 1) < 0.08
    bound = max(np.abs(ours).max(), np.abs(theirs).max())
    assert np.abs(ours).max() <= bound and np.abs(theirs).max() <= bound
    if "Uniform" in name:  # both reach the same limit
        assert abs(np.abs(ours).max() / np.abs(theirs).max() - 1) < 0.02


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_int_seed_is_reproducible(cls):
    init = cls(seed=42)
    first = _np(init(SHAPE))
    np.testing.assert_array_equal(_np(init(SHAPE)), first)
    np.testing.assert_array_equal(_np(cls(seed=42)(SHAPE)), first)
    assert not np.array_equal(_np(cls(seed=43)(SHAPE)), first)
    clone = cls.from_config(init.get_config())
    np.testing.assert_array_equal(_np(clone(SHAPE)), first)
    np.testing.assert_array_equal(_np(init.clone()(SHAPE)), first)


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_seed_generator_advances_and_replays(cls):
    init = cls(seed=SeedGenerator(7))
    first, second = _np(init(SHAPE)), _np(init(SHAPE))
    assert not np.array_equal(first, second)
    replay = cls(seed=SeedGenerator(7))
    np.testing.assert_array_equal(_np(replay(SHAPE)), first)
    np.testing.assert_array_equal(_np(replay(SHAPE)), second)


def test_unseeded_draws_from_global_generator_once_per_instance():
    set_global_seed(123)
    try:
        init = initializers.GlorotUniform()
        first = _np(init(SHAPE))
        # Keras 3: an unseeded instance returns the same values every call.
        np.testing.assert_array_equal(_np(init(SHAPE)), first)
        assert not np.array_equal(_np(initializers.GlorotUniform()(SHAPE)),
                                  first)
        set_global_seed(123)
        replay = initializers.GlorotUniform()
        np.testing.assert_array_equal(_np(replay(SHAPE)), first)
        assert init.get_config()["seed"] is None
    finally:
        set_global_seed(None)


CONFIG_CASES = [
    ("RandomNormal", {"mean": 1.0, "stddev": 2.0, "seed": 3}),
    ("RandomUniform", {"minval": -1.0, "maxval": 2.0, "seed": 3}),
    ("TruncatedNormal", {"mean": 0.5, "stddev": 0.1, "seed": None}),
    ("VarianceScaling", {"scale": 2.0, "mode": "fan_out",
                         "distribution": "normal", "seed": 3}),
    ("VarianceScaling", {"scale": 0.5, "mode": "fan_avg",
                         "distribution": "untruncated_normal",
                         "input_axes": [0], "output_axes": [1]}),
    ("GlorotUniform", {"seed": 1}), ("GlorotNormal", {}),
    ("HeUniform", {"seed": 1}), ("HeNormal", {"seed": 1}),
    ("LecunUniform", {}), ("LecunNormal", {"seed": 1}),
    ("Orthogonal", {"gain": 2.0, "seed": 5}),
    ("Constant", {"value": 3.0}), ("Zeros", {}), ("Ones", {}),
]


@pytest.mark.parametrize("name,kwargs", CONFIG_CASES,
                         ids=[c[0] for c in CONFIG_CASES])
def test_config_and_serialization_match_keras(name, kwargs):
    keras = import_keras()
    ours = getattr(initializers, name)(**kwargs)
    theirs = getattr(keras.initializers, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    assert initializers.serialize(ours) == keras.initializers.serialize(
        theirs)
    rebuilt = initializers.deserialize(keras.initializers.serialize(theirs))
    assert type(rebuilt) is type(ours)
    assert rebuilt.get_config() == ours.get_config()


def test_seed_generator_config_matches_keras():
    keras = import_keras()
    ours = initializers.RandomNormal(seed=SeedGenerator(5))
    theirs = keras.initializers.RandomNormal(
        seed=keras.random.SeedGenerator(5))
    assert ours.get_config() == theirs.get_config()
    rebuilt = initializers.deserialize(initializers.serialize(ours))
    np.testing.assert_array_equal(_np(rebuilt(SHAPE)), _np(ours(SHAPE)))


def test_get_accepts_every_keras_name():
    import_keras()
    from keras.src.initializers import ALL_OBJECTS_DICT

    for name, cls in ALL_OBJECTS_DICT.items():
        if "stft" in name.lower():
            continue
        assert type(initializers.get(name)).__name__ == cls.__name__, name


@pytest.mark.parametrize("name,cls", [
    ("normal", "RandomNormal"), ("uniform", "RandomUniform"),
    ("constant", "Constant"), ("identity", "Identity"),
    ("orthogonal", "Orthogonal"), ("zero", "Zeros"), ("one", "Ones"),
    ("glorot_uniform", "GlorotUniform"), ("he_normal", "HeNormal"),
    ("random_normal", "RandomNormal"), ("truncated_normal",
                                        "TruncatedNormal"),
])
def test_get_resolves_names_and_tf_keras_aliases(name, cls):
    assert type(initializers.get(name)).__name__ == cls
    assert type(initializers.deserialize(name)).__name__ == cls


def test_get_passes_through_instances_classes_and_callables():
    assert initializers.get(None) is None
    init = initializers.HeNormal(seed=1)
    assert initializers.get(init) is init
    assert isinstance(initializers.get(initializers.Ones),
                      initializers.Ones)

    def fn(shape, dtype=None):
        return ops.zeros(shape, dtype=dtype)

    assert initializers.get(fn) is fn
    config = {"class_name": "RandomUniform", "config": {"maxval": 2.0}}
    assert initializers.get(config).maxval == 2.0
    array_init = initializers.get(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(_np(array_init((2, 3))),
                                  np.arange(6.0).reshape(2, 3))


def test_custom_functions_and_classes_round_trip():
    def my_init(shape, dtype=None):
        return ops.ones(shape, dtype=dtype)

    config = initializers.serialize(my_init)
    assert config["class_name"] == "function"
    assert initializers.deserialize(config, {"my_init": my_init}) is my_init

    class Twos(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return ops.full(shape, 2.0, dtype=dtype)

    config = initializers.serialize(Twos())
    assert config["class_name"] == "Twos"
    rebuilt = initializers.deserialize(config, {"Twos": Twos})
    np.testing.assert_array_equal(_np(rebuilt((2,))), [2.0, 2.0])


def test_get_unknown_identifier_raises():
    with pytest.raises(ValueError, match="identifier: 'foo'") as info:
        initializers.get("foo")
    assert "glorot_uniform" in str(info.value)
    with pytest.raises(ValueError, match="identifier: 3"):
        initializers.get(3)
    with pytest.raises(ValueError, match="identifier: 'nope'"):
        initializers.deserialize("nope")


@pytest.mark.parametrize("kwargs,arg", [
    ({"scale": 0.0}, "scale"), ({"scale": -1}, "scale"),
    ({"mode": "fan"}, "mode"), ({"distribution": "gamma"}, "distribution"),
    ({"seed": "x"}, "seed"), ({"seed": 1.5}, "seed"),
])
def test_variance_scaling_rejects_bad_arguments(kwargs, arg):
    with pytest.raises(ValueError, match=f"`{arg}`"):
        initializers.VarianceScaling(**kwargs)


def test_call_errors_name_the_argument():
    with pytest.raises(ValueError, match="`dtype`"):
        initializers.RandomNormal(seed=1)((2,), dtype="int32")
    with pytest.raises(ValueError, match="shape=\\(3,\\)"):
        initializers.Orthogonal(seed=1)((3,))
    with pytest.raises(ValueError, match="`shape`"):
        initializers.Identity()((2, 2, 2))
    with pytest.raises(ValueError, match="`shape`"):
        initializers.Zeros()((-1, 2))
    with pytest.raises(ValueError, match="shape"):
        initializers.get(np.ones((2, 2)))((3, 3))
    with pytest.raises(NotImplementedError, match="__call__"):
        initializers.Initializer()((2,))


def test_normal_distribution_alias_is_truncated():
    init = initializers.VarianceScaling(distribution="Normal", seed=1)
    assert init.distribution == "truncated_normal"
